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

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from .files import PATH_EXCERPT, UNREADABLE, Confinement
from .messages import Problem, excerpt
from .model import Report, load_report

SUFFIXES = ('.yaml', '.yml')


class Pool:
    """Reports checked together (command line), indexed once for the lookups of each: by year,
    and by year and agency, so that finding last year's report among thousands is a look-up
    rather than a comparison with every report of that year."""

    def __init__(self, reports: Iterable[Report] = ()) -> None:
        self.paths: set[Path] = set()
        self.by_year: dict[int, list[tuple[Path, Report]]] = {}
        self._by_agency: dict[tuple[int, str], list[tuple[int, Path, Report]]] = {}
        self._by_id: dict[tuple[int, str], list[tuple[int, Path, Report]]] = {}
        for n, report in enumerate(reports):
            path = report.path.resolve()
            self.paths.add(path)
            self.by_year.setdefault(report.year, []).append((path, report))
            entry = (n, path, report)
            self._by_agency.setdefault((report.year, report.agency), []).append(entry)
            agency_id = report.data.get('agency_id')
            if agency_id:
                self._by_id.setdefault((report.year, str(agency_id)), []).append(entry)

    def of_agency(self, report: Report, year: int) -> list[tuple[Path, Report]]:
        """The reports of ``year`` that :func:`same_agency` matches with ``report``, in the
        order they were given."""
        found = self._by_agency.get((year, report.agency), [])
        agency_id = report.data.get('agency_id')
        if agency_id:
            found = found + self._by_id.get((year, str(agency_id)), [])
        seen: set[int] = set()
        out = []
        for n, path, other in sorted(found, key=lambda entry: entry[0]):
            if n not in seen and same_agency(other, report):
                seen.add(n)
                out.append((path, other))
        return out


@dataclass
class Previous:
    report: Report | None
    notes: list[Problem]  # info or warnings about the search


def _unusable(report: Report, result, written: str, display: str, line: int | None) -> Problem:
    """Why the file named by ``previous:`` gives no previous report, in the author's terms."""
    where = {'file': report.display, 'line': line, 'key': 'previous', 'severity': 'warning'}
    first = result.problems[0] if result.problems else None
    if first is not None and first.code in UNREADABLE:
        if first.code == 'file-not-found':
            return Problem(
                'previous-not-found', **where, params={'previous': excerpt(display, PATH_EXCERPT)}
            )
        # the file may not be read at all (outside the site, a device, too large): an error,
        # as a report naming such a file is either broken or hostile
        return Problem(first.code, **{**where, 'severity': 'error'}, params=first.params)
    codes = {(p.code, p.key) for p in result.problems}
    if (
        not written.endswith(SUFFIXES)
        or codes & {('not-a-mapping', None), ('empty-file', None)}
        or {('missing-key', 'agency'), ('missing-key', 'year')} <= codes
    ):
        return Problem(
            'previous-not-a-report', **where, params={'previous': excerpt(display, PATH_EXCERPT)}
        )
    return Problem('previous-invalid', **where, params={'previous': excerpt(display, PATH_EXCERPT)})


def same_agency(a: Report, b: Report) -> bool:
    ida, idb = a.data.get('agency_id'), b.data.get('agency_id')
    if ida and idb:
        return str(ida) == str(idb)
    return a.agency == b.agency


def _display(report: Report, path: Path) -> str:
    """Show a sibling file the way the report's own file is shown (same folder prefix)."""
    return str(Path(report.display).parent / path.name)


_listings: dict[Path, tuple[int, list[Path]]] = {}


def siblings(
    report: Report, confine: Confinement, skip: Collection[Path] = frozenset()
) -> list[Path]:
    """The other report files in the report's folder, less those in ``skip`` (reports already
    at hand). The folder's listing is kept while its modification time stays the same
    (hundreds of reports share one folder). A file that is a link out of the confinement is no
    candidate: it is never read."""
    try:
        folder = report.path.parent.resolve()
        stamp = folder.stat().st_mtime_ns
        hit = _listings.get(folder)
        if hit is None or hit[0] != stamp:
            files = [
                folder / n
                for n in sorted(os.listdir(folder))
                if n.endswith(SUFFIXES) and not n.startswith('.')
            ]
            hit = (stamp, files)
            _listings[folder] = hit
    except OSError:
        return []
    own = report.path.name
    return [
        p
        for p in hit[1]
        if p.name != own and p not in skip and confine.refusal(p, p.name)[1] is None
    ]


def find_previous(
    report: Report,
    pool: Pool | Iterable[Report] = (),
    form_dirs: Iterable[str] = (),
    confine: Confinement | None = None,
) -> Previous:
    """Last year's report of the same agency, or why there is none. Only files inside
    ``confine`` are read (by default the report's own folder)."""
    form_dirs = tuple(form_dirs)
    confine = confine or Confinement.around(report.path)
    year = report.year - 1
    explicit = report.data.get('previous')
    if explicit:
        path = report.path.parent / explicit
        display = os.path.normpath(Path(report.display).parent / explicit)
        line = report.positions.line(('previous',))
        result = load_report(
            path, display=display, form_dirs=form_dirs, confine=confine, written=explicit
        )
        if result.report is None:
            return Previous(None, [_unusable(report, result, explicit, display, line)])
        if result.report.year != year:
            return Previous(
                None,
                [
                    Problem(
                        'previous-wrong-year',
                        file=report.display,
                        line=line,
                        key='previous',
                        severity='warning',
                        params={
                            'found': result.report.year,
                            'previous': excerpt(display, PATH_EXCERPT),
                            'year': year,
                        },
                    )
                ],
            )
        return Previous(result.report, [])

    if not isinstance(pool, Pool):
        pool = Pool(pool)
    candidates: dict[Path, Report] = dict(pool.of_agency(report, year))
    broken: list[str] = []
    for path in siblings(report, confine, skip=pool.paths):
        result = load_report(
            path, display=_display(report, path), form_dirs=form_dirs, confine=confine
        )
        other = result.report
        if other is not None and other.year == year and same_agency(other, report):
            candidates[path] = other
        elif other is None and result.identity == (report.agency, year):
            broken.append(result.problems[0].file if result.problems else str(path.name))
    if len(candidates) == 1:
        return Previous(next(iter(candidates.values())), [])
    line = report.positions.line(('year',))
    if len(candidates) > 1:
        files = tuple(sorted(r.display for r in candidates.values()))
        return Previous(
            None,
            [
                Problem(
                    'previous-ambiguous',
                    file=report.display,
                    line=line,
                    severity='warning',
                    params={'agency': excerpt(report.agency), 'year': year, 'files': files},
                )
            ],
        )
    if broken:
        return Previous(
            None,
            [
                Problem(
                    'previous-invalid',
                    file=report.display,
                    line=line,
                    severity='warning',
                    params={'previous': broken[0]},
                )
            ],
        )
    return Previous(
        None,
        [
            Problem(
                'no-previous-year',
                file=report.display,
                line=line,
                severity='info',
                params={'agency': excerpt(report.agency), 'year': year},
            )
        ],
    )
