"""One report file checked completely: loading problems, rule findings, cross-year notes.

The Sphinx directives and the command line both call :func:`check_report`, so a build and
``sphinx-disclosure check`` report the same things about the same file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .aggregate import Units, load_units
from .crossyear import find_previous
from .files import Confinement
from .messages import Problem
from .model import LoadResult, Report, load_report
from .rules.engine import Finding, evaluate, not_checked, unused_acknowledgements


@dataclass
class Checked:
    result: LoadResult
    findings: list[Finding] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # cross-year info and warnings
    previous: Report | None = None
    checked: int = 0  # places where a rule was checked
    unchecked: int = 0  # places where a rule could not be checked (blank cells, no last year)
    units: Units | None = None  # the units of a report that lists them (hierarchy check)

    @property
    def report(self) -> Report | None:
        return self.result.report

    def messages(self) -> list[Problem]:
        """Everything to tell the author, in file order (acknowledged findings included)."""
        items = list(self.result.problems) + list(self.findings) + list(self.notes)
        # "n more problems" closes the list
        return sorted(items, key=lambda p: (p.code == 'more-problems', p.line or 0, p.code))

    def count(self, severity: str) -> int:
        return sum(
            1
            for p in self.messages()
            if p.severity == severity and not getattr(p, 'acknowledged', None)
        )


def check_report(
    result: LoadResult,
    *,
    severities: dict[str, str] | None = None,
    pool: Iterable[Report] = (),
    form_dirs: Iterable[str] = (),
    confine: Confinement | None = None,
) -> Checked:
    """The rules and the cross-year lookup on a loaded report (nothing to do if it has errors)."""
    report = result.report
    if report is None:
        return Checked(result)
    previous = find_previous(report, pool=pool, form_dirs=form_dirs, confine=confine)
    units = load_units(report, form_dirs=form_dirs, confine=confine)
    evaluation = evaluate(report, previous.report, severities, units=units)
    notes = (
        list(previous.notes)
        + (units.problems if units is not None else [])
        + evaluation.notes
        + not_checked(report, evaluation.unchecked)
        + unused_acknowledgements(report, evaluation.findings, severities)
    )
    return Checked(
        result,
        evaluation.findings,
        notes,
        previous.report,
        evaluation.checked,
        len(evaluation.unchecked),
        units,
    )


def check_file(
    path: str | Path,
    *,
    display: str | None = None,
    severities: dict[str, str] | None = None,
    pool: Iterable[Report] = (),
    form_dirs: Iterable[str] = (),
    confine: Confinement | None = None,
    written: str | None = None,
) -> Checked:
    result = load_report(
        path, display=display, form_dirs=form_dirs, confine=confine, written=written
    )
    return check_report(
        result, severities=severities, pool=pool, form_dirs=form_dirs, confine=confine
    )
