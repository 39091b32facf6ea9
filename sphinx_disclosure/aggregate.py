"""Reports summed up the hierarchy: a 本级政府 total as the sum of its units' reports.

The national format describes a chain: every department publishes its report by 1月31日, and
the county's office sums them into the 本级政府 report (due to the prefecture by 2月20日). Two
uses of the same arithmetic:

* :func:`sum_reports` — the cell-by-cell sum of listed reports of one year and one format, as a
  :class:`~sphinx_disclosure.model.Report` that the rule catalogue checks like any other (the
  ``disclosure-aggregate`` directive renders it);
* :func:`load_units` — the **hierarchy check** the other way round: a report with
  ``level: government`` lists its units' files under ``units:``; the rules RH.1 and RH.2 compare
  every value it publishes with the sum of its units' values (:mod:`.rules.engine`).

Blank cells are never read as 0: a cell some unit left blank is blank in the sum (and named),
and is not compared. Pure Python: no Sphinx.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .files import PATH_EXCERPT, UNREADABLE, Confinement
from .messages import Problem, excerpt
from .model import Cell, Number, Report, load_report
from .source import Positions

#: the only ones that mean "this unit's report is not there (yet)": any other refusal is an error
_ABSENT = ('file-not-found',)


@dataclass
class Summed:
    """A sum of reports: the summed report, and for each blank cell the units that left it
    blank (by the unit's display name)."""

    report: Report
    parts: tuple[Report, ...]
    blanks: dict[str, tuple[Report, ...]] = field(default_factory=dict)


def sum_cells(reports: Sequence[Report]) -> tuple[dict[str, Cell], dict[str, tuple[Report, ...]]]:
    """Cell-by-cell sums of reports of the same format; a cell blank in any of them is blank
    (``value`` None, status ``blank``) and listed with the reports that left it blank."""
    form = reports[0].form
    cells: dict[str, Cell] = {}
    blanks: dict[str, tuple[Report, ...]] = {}
    for key in reports[0].cells:
        values = [r.cells[key].value for r in reports]
        if any(v is None for v in values):
            cells[key] = Cell(key, None, 'blank')
            blanks[key] = tuple(r for r, v in zip(reports, values, strict=True) if v is None)
            continue
        total: Number = sum(values[1:], values[0])
        cells[key] = Cell(key, total, 'given')
    assert all(r.form is form or r.form.id == form.id for r in reports)
    return cells, blanks


def sum_reports(reports: Sequence[Report], *, agency: str, display: str) -> Summed:
    """The reports (already checked by :func:`refuse_mixed`: one year, one format, no report
    twice) summed into one report named ``agency``; ``display`` names it in messages."""
    first = reports[0]
    cells, blanks = sum_cells(reports)
    report = Report(
        path=Path(display),
        display=display,
        agency=agency,
        year=first.year,
        form=first.form,
        published=None,
        preamble=(),
        sections={},
        cells=cells,
        positions=Positions(),
        data={'agency': agency, 'year': first.year, 'level': 'government'},
    )
    return Summed(report, tuple(reports), blanks)


def refuse_mixed(reports: Sequence[Report], where: dict) -> Problem | None:
    """Why these reports cannot be summed, as one problem located at ``where`` (file, line,
    key of the list that names them), or None: none at all, one listed twice (the same file, or
    two files of the same agency), of different years, or of different formats."""
    if not reports:
        return Problem('aggregate-empty', **where)
    seen: dict[Path, Report] = {}
    agencies: dict[str, Report] = {}
    for report in reports:
        path = report.path.resolve()
        if path in seen:
            return Problem('aggregate-twice', **where, params={'file': report.display})
        seen[path] = report
        ident = str(report.data.get('agency_id') or '') or report.agency
        other = agencies.get(ident)
        if other is not None:
            return Problem(
                'aggregate-same-agency',
                **where,
                params={
                    'agency': excerpt(report.agency),
                    'first': other.display,
                    'second': report.display,
                },
            )
        agencies[ident] = report
    first = reports[0]
    for report in reports[1:]:
        if report.year != first.year:
            return Problem(
                'aggregate-years',
                **where,
                params={
                    'first': first.display,
                    'first_year': first.year,
                    'other': report.display,
                    'other_year': report.year,
                },
            )
        if report.form.id != first.form.id:
            return Problem(
                'aggregate-formats',
                **where,
                params={
                    'first': first.display,
                    'first_format': first.form.id,
                    'other': report.display,
                    'other_format': report.form.id,
                },
            )
    return None


# --------------------------------------------------------------------------------------------
# the hierarchy check: a report's units


@dataclass
class Missing:
    """A unit listed under ``units:`` whose report is not in the site: the sums cannot be
    compared (uncertain, not passed)."""

    index: int  # position in units:
    written: str  # the path as written
    display: str  # the path as shown in messages
    line: int | None


@dataclass
class Units:
    """The units of a report that declares ``units:``: the reports loaded in the order listed,
    the ones that are missing, and the problems that make the list unusable (errors)."""

    reports: list[Report]
    missing: list[Missing]
    problems: list[Problem]

    @property
    def complete(self) -> bool:
        """Every unit's report is at hand and usable: the sums can be compared."""
        return not self.missing and not self.problems


def load_units(
    report: Report,
    form_dirs: Iterable[str] = (),
    confine: Confinement | None = None,
) -> Units | None:
    """The units of ``report`` (None when it lists none). Each path is relative to the report
    and read only inside ``confine``, like ``previous:``."""
    written_list = report.data.get('units')
    if not written_list:
        return None
    form_dirs = tuple(form_dirs)
    confine = confine or Confinement.around(report.path)
    units = Units([], [], [])
    seen: dict[Path, int] = {}
    for index, written in enumerate(written_list):
        written = str(written)
        line = report.positions.line(('units', index))
        where = {'file': report.display, 'line': line, 'key': f'units[{index}]'}
        display = os.path.normpath(Path(report.display).parent / written)
        path = report.path.parent / written
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a loop of links: load_report names it
            resolved = path
        if resolved in seen:
            units.problems.append(
                Problem(
                    'unit-twice',
                    **where,
                    severity='error',
                    params={'unit': excerpt(display, PATH_EXCERPT), 'first': seen[resolved] + 1},
                )
            )
            continue
        seen[resolved] = index
        result = load_report(
            path, display=display, form_dirs=form_dirs, confine=confine, written=written
        )
        first = result.problems[0] if result.problems else None
        if result.report is None:
            if first is not None and first.code in _ABSENT:
                units.missing.append(Missing(index, written, display, line))
            elif first is not None and first.code in UNREADABLE:
                units.problems.append(
                    Problem(first.code, **where, severity='error', params=first.params)
                )
            else:
                units.problems.append(
                    Problem(
                        'unit-invalid',
                        **where,
                        severity='error',
                        params={'unit': excerpt(display, PATH_EXCERPT)},
                    )
                )
            continue
        unit = result.report
        if unit.path.resolve() == report.path.resolve():
            units.problems.append(Problem('unit-itself', **where, severity='error'))
            continue
        if unit.year != report.year:
            units.problems.append(
                Problem(
                    'unit-wrong-year',
                    **where,
                    severity='error',
                    params={
                        'unit': excerpt(display, PATH_EXCERPT),
                        'found': unit.year,
                        'year': report.year,
                    },
                )
            )
            continue
        if unit.form.id != report.form.id:
            units.problems.append(
                Problem(
                    'unit-wrong-format',
                    **where,
                    severity='error',
                    params={
                        'unit': excerpt(display, PATH_EXCERPT),
                        'found': unit.form.id,
                        'format': report.form.id,
                    },
                )
            )
            continue
        units.reports.append(unit)
    return units


@dataclass
class Comparison:
    """A published report against the sum of its units, cell by cell: how many values were
    compared, which differ (key, published, sum), and which could not be compared because a
    unit left them blank (key → those units)."""

    compared: int
    differences: list[tuple[str, Number, Number]]
    blanks: dict[str, tuple[Report, ...]]


def compare(published: Report, units: Sequence[Report]) -> Comparison:
    """Every value ``published`` writes against the sum of ``units`` (the same year and
    format). Blank values of the published report are not compared; totals it left out
    (derived) agree when their parts do, and those are compared."""
    comparison = Comparison(0, [], {})
    for key, cell in published.cells.items():
        if cell.value is None or cell.status == 'derived':
            continue
        blank = tuple(u for u in units if u.cells[key].value is None)
        if blank:
            comparison.blanks[key] = blank
            continue
        comparison.compared += 1
        values = [u.cells[key].value for u in units]
        total: Number = sum(values[1:], values[0])
        if cell.value != total:
            comparison.differences.append((key, cell.value, total))
    return comparison
