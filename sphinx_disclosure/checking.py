"""One report file checked completely: loading problems, rule findings, cross-year notes.

The Sphinx directives and the command line both call :func:`check_file`, so a build and
``sphinx-disclosure check`` report the same things about the same file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .crossyear import find_previous
from .messages import Problem
from .model import LoadResult, Report, load_report
from .rules.engine import Finding, check, unused_acknowledgements


@dataclass
class Checked:
    result: LoadResult
    findings: list[Finding] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # cross-year info and warnings
    previous: Report | None = None

    @property
    def report(self) -> Report | None:
        return self.result.report

    def messages(self) -> list[Problem]:
        """Everything to tell the author, in file order (acknowledged findings included)."""
        items = list(self.result.problems) + list(self.findings) + list(self.notes)
        return sorted(items, key=lambda p: (p.line or 0, p.code))

    def count(self, severity: str) -> int:
        return sum(1 for p in self.messages()
                   if p.severity == severity and not getattr(p, 'acknowledged', None))


def check_report(
    report: Report,
    *,
    severities: dict[str, str] | None = None,
    pool: Iterable[Report] = (),
    form_dirs: Iterable[str] = (),
) -> tuple[list[Finding], list[Problem], Report | None]:
    previous = find_previous(report, pool=pool, form_dirs=form_dirs)
    findings = check(report, previous.report, severities)
    notes = list(previous.notes) + unused_acknowledgements(report, findings, severities)
    return findings, notes, previous.report


def check_file(
    path: str | Path,
    *,
    display: str | None = None,
    severities: dict[str, str] | None = None,
    pool: Iterable[Report] = (),
    form_dirs: Iterable[str] = (),
) -> Checked:
    result = load_report(path, display=display, form_dirs=form_dirs)
    if result.report is None:
        return Checked(result)
    findings, notes, previous = check_report(result.report, severities=severities, pool=pool,
                                             form_dirs=form_dirs)
    return Checked(result, findings, notes, previous)
