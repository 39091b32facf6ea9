"""Finding the previous year's report of the same agency, for the cross-year rules.

How reports are identified (documented for users in the YAML reference):

1. ``previous: ../2020/report.yaml`` in a report names last year's file explicitly (relative to
   the report). Use it when an agency was renamed, merged, or files live in other folders.
2. Otherwise, among the other report files in the same folder (and any reports checked together
   on the command line), the one whose ``year`` is one less and which belongs to the same agency:
   the same ``agency_id`` when both files have one, else exactly the same ``agency`` name.

No previous year found: no cross-year check, and one info line says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .messages import Problem
from .model import Report, load_report

SUFFIXES = ('.yaml', '.yml')


@dataclass
class Previous:
    report: Report | None
    notes: list[Problem]  # info or warnings about the search


def same_agency(a: Report, b: Report) -> bool:
    ida, idb = a.data.get('agency_id'), b.data.get('agency_id')
    if ida and idb:
        return str(ida) == str(idb)
    return a.agency == b.agency


def _display(report: Report, path: Path) -> str:
    """Show a sibling file the way the report's own file is shown (same folder prefix)."""
    return str(Path(report.display).parent / path.name)


def siblings(report: Report) -> Iterable[Path]:
    folder = report.path.parent
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    own = report.path.resolve()
    return [p for p in entries
            if p.suffix in SUFFIXES and p.is_file() and p.resolve() != own]


def find_previous(
    report: Report, pool: Iterable[Report] = (), form_dirs: Iterable[str] = ()
) -> Previous:
    """Last year's report of the same agency, or why there is none."""
    form_dirs = tuple(form_dirs)
    year = report.year - 1
    explicit = report.data.get('previous')
    if explicit:
        path = (report.path.parent / explicit)
        display = str(Path(report.display).parent / explicit)
        result = load_report(path, display=display, form_dirs=form_dirs)
        line = report.positions.line(('previous',))
        if result.report is None:
            code = 'file-not-found' if not path.exists() else 'previous-invalid'
            return Previous(None, [Problem(code, file=report.display, line=line,
                                           key='previous', severity='warning',
                                           params={'file': display, 'previous': display})])
        if result.report.year != year:
            return Previous(None, [Problem(
                'previous-wrong-year', file=report.display, line=line, key='previous',
                severity='warning',
                params={'found': result.report.year, 'previous': display, 'year': year})])
        return Previous(result.report, [])

    candidates: dict[Path, Report] = {}
    pooled = set()
    for other in pool:
        pooled.add(other.path.resolve())
        if other.year == year and same_agency(other, report):
            candidates[other.path.resolve()] = other
    for path in siblings(report):
        if path.resolve() in pooled:
            continue
        result = load_report(path, display=_display(report, path), form_dirs=form_dirs)
        other = result.report
        if other is not None and other.year == year and same_agency(other, report):
            candidates[path.resolve()] = other
    if len(candidates) == 1:
        return Previous(next(iter(candidates.values())), [])
    line = report.positions.line(('year',))
    if len(candidates) > 1:
        files = tuple(sorted(r.display for r in candidates.values()))
        return Previous(None, [Problem(
            'previous-ambiguous', file=report.display, line=line, severity='warning',
            params={'agency': report.agency, 'year': year, 'files': files})])
    return Previous(None, [Problem(
        'no-previous-year', file=report.display, line=line, severity='info',
        params={'agency': report.agency, 'year': year})])
