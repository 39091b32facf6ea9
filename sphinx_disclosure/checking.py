"""One report file checked completely: loading problems, rule findings, cross-year notes.

The Sphinx directives and the command line both call :func:`check_report`, so a build and
``sphinx-disclosure check`` report the same things about the same file.

The corrections check (RC.2, RC.3) compares a report with the **last published state** of its
file: the same file in a folder of published sources (same layout), or in a git ref
(:class:`PublishedSource`, from ``disclosure_published`` or ``check --published``).
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .aggregate import Units, load_units
from .crossyear import find_previous
from .files import UNREADABLE, Confinement, _sizes
from .forms import all_forms
from .messages import TEMPLATES, Msg, Problem, word
from .model import LoadResult, Report, decode, load_report, parse_report
from .rules.engine import Finding, evaluate, not_checked, unused_acknowledgements

#: how a git ref is written after ``git:``: a tag, branch or commit, never an option of git
_REF = re.compile(r'[A-Za-z0-9_][A-Za-z0-9._/@^~+-]{0,199}\Z')
GIT = 'git:'
#: seconds a git command may take (a local repository answers in milliseconds)
GIT_TIMEOUT = 60


@dataclass(frozen=True)
class PublishedSource:
    """Where the last published state of the report files is: ``folder``, a folder holding
    the published sources in the same layout (a report at ``<root>/a/2021.yaml`` was
    published as ``<folder>/a/2021.yaml``), or ``ref``, a git tag or commit of the repository
    that holds the report. ``written`` is the setting as its author wrote it (messages name
    it, never the absolute folder)."""

    written: str
    folder: Path | None = None
    ref: str | None = None

    @classmethod
    def parse(cls, value: str, base: str | os.PathLike[str]) -> PublishedSource | None:
        """``git:REF`` or a folder (relative to ``base``); None for ''. Raises ValueError when
        the value is neither."""
        value = value.strip()
        if not value:
            return None
        if value.startswith(GIT):
            ref = value[len(GIT) :]
            if not _REF.match(ref):
                raise ValueError(value)
            return cls(value, ref=ref)
        return cls(value, folder=Path(os.path.abspath(Path(base, value))))

    def problem(
        self, where: str | os.PathLike[str], option: str, shown: str
    ) -> tuple[str, dict[str, Any]] | None:
        """Why this published state cannot be read for the files under ``where`` (``shown`` as
        the user named it), as a word and its parameters: a folder that does not exist, no git
        repository, an unknown ref. The build and the command line say it in the same words."""
        params: dict[str, Any] = {'option': option, 'value': self.written}
        if self.folder is not None:
            return None if self.folder.is_dir() else ('published-no-folder', params)
        try:
            top = git_toplevel(Path(where))
        except FileNotFoundError:
            return 'published-no-git', {'ref': self.ref}
        if top is None:
            return 'published-no-repo', {**params, 'path': shown}
        if git_commit(top, self.ref) is None:
            return 'published-no-ref', {**params, 'ref': self.ref, 'path': shown}
        return None


@dataclass
class Published:
    """The last published state of one report file: the report (None when there is none to
    compare with), how messages name it, and what to tell the author about it."""

    report: Report | None
    display: Any  # str or Msg
    notes: list[Problem] = field(default_factory=list)
    path: Path | None = None  # the file read, when it is a file of a folder


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GIT_TERMINAL_PROMPT='0',  # never wait for a password
        GIT_LITERAL_PATHSPECS='1',  # a report path is a path, not a pattern
        GIT_OPTIONAL_LOCKS='0',
        LC_ALL='C',
    )
    return env


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """``git`` with an argument list (no shell); raises FileNotFoundError without git. A
    command that takes too long fails like one that git refuses."""
    try:
        return subprocess.run(
            ['git', *args],
            cwd=cwd,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            env=_git_env(),
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, -1, b'', b'timed out')


def forget_git() -> None:
    """Forget the repositories, refs and reports read from git (a new build: a branch named by
    ``git:`` may have moved)."""
    git_toplevel.cache_clear()
    git_commit.cache_clear()
    _git_reports.clear()


@functools.lru_cache(maxsize=64)
def git_toplevel(folder: Path) -> Path | None:
    """The top folder of the git repository holding ``folder``, or None."""
    if not folder.is_dir():
        folder = folder.parent
    result = _git(['rev-parse', '--show-toplevel'], folder)
    if result.returncode != 0:
        return None
    return Path(os.path.realpath(os.fsdecode(result.stdout.rstrip(b'\n'))))


@functools.lru_cache(maxsize=64)
def git_commit(top: Path, ref: str) -> str | None:
    """The commit ``ref`` names in the repository, or None (resolved once: a branch that moves
    during a build does not give two states)."""
    result = _git(
        ['rev-parse', '--verify', '--quiet', '--end-of-options', f'{ref}^{{commit}}'], top
    )
    if result.returncode != 0:
        return None
    return result.stdout.decode('ascii', 'replace').strip() or None


#: published reports read from git in this process, by (repository, commit, path, formats)
_git_reports: dict[tuple, Published] = {}
MAX_GIT_REPORTS = 16


def _from_git(source: PublishedSource, report: Report, max_size: int, form_dirs) -> Published:
    display = word('published-git', path=report.display, ref=source.ref)

    def unreadable(reason: Msg) -> Published:
        note = Problem(
            'published-unreadable',
            file=report.display,
            severity='warning',
            params={'reason': reason},
        )
        return Published(None, display, [note])

    try:
        top = git_toplevel(report.path.parent)
    except FileNotFoundError:
        return unreadable(word('published-no-git', ref=source.ref))
    real = Path(os.path.realpath(report.path))
    if top is None or not real.is_relative_to(top):
        return unreadable(word('published-outside-repo', path=report.display))
    commit = git_commit(top, source.ref)
    if commit is None:
        return unreadable(
            word('published-git-error', path=report.display, ref=source.ref, error='unknown ref')
        )
    rel = real.relative_to(top).as_posix()
    key = (top, commit, rel, tuple(form_dirs), max_size)
    hit = _git_reports.get(key)
    if hit is not None:
        return hit
    listing = _git(['ls-tree', '-l', '-z', '--full-tree', commit, '--', rel], top)
    if listing.returncode != 0:
        error = listing.stderr.decode('utf-8', 'replace').strip().splitlines()
        return unreadable(
            word(
                'published-git-error',
                path=report.display,
                ref=source.ref,
                error=error[0] if error else listing.returncode,
            )
        )
    entry = None
    for record in listing.stdout.split(b'\0'):
        meta, _, name = record.partition(b'\t')
        if os.fsdecode(name) == rel:
            entry = meta.split()
    if entry is None:  # not in that version: new since then
        note = Problem(
            'published-new', file=report.display, severity='info', params={'published': display}
        )
        result = Published(None, display, [note])
    elif entry[0] != b'100644' and entry[0] != b'100755':  # a link, a folder, a submodule
        result = unreadable(
            Msg(TEMPLATES['not-a-regular-file'], {'path': f'{source.ref}:{report.display}'})
        )
    elif int(entry[3]) > max_size:
        result = unreadable(
            Msg(
                TEMPLATES['file-too-large'],
                {'path': f'{source.ref}:{report.display}', **_sizes(int(entry[3]), max_size)},
            )
        )
    else:
        blob = _git(['cat-file', 'blob', entry[2].decode('ascii')], top)
        if blob.returncode != 0 or len(blob.stdout) > max_size:
            return unreadable(
                word('published-git-error', path=report.display, ref=source.ref, error='cat-file')
            )
        result = _parsed(blob.stdout, f'{source.ref}:{report.display}', display, form_dirs)
    _git_reports[key] = result
    if len(_git_reports) > MAX_GIT_REPORTS:
        del _git_reports[next(iter(_git_reports))]
    return result


def _parsed(raw: bytes, name: str, display: Any, form_dirs) -> Published:
    """The published report read from the bytes of its file, or why it cannot be compared."""
    text, _ = decode(raw, name)
    result = (
        parse_report(text, Path(name), name, all_forms(tuple(form_dirs)))
        if text is not None
        else LoadResult(None, [])
    )
    if result.report is None:
        return Published(None, display, [_invalid(display)])
    return Published(result.report, display)


def _invalid(display: Any) -> Problem:
    return Problem('published-invalid', severity='warning', params={'published': display})


def _from_folder(
    source: PublishedSource, report: Report, root: Path, max_size: int, form_dirs
) -> Published:
    """The same file in the folder of published sources (read only inside that folder)."""
    assert source.folder is not None
    real = Path(os.path.realpath(report.path))
    rel = real.relative_to(root) if real.is_relative_to(root) else Path(real.name)
    display = os.path.join(source.written, rel.as_posix())
    path = source.folder / rel
    result = load_report(
        path,
        display=display,
        form_dirs=form_dirs,
        confine=Confinement(source.folder, max_size),
        written=display,
    )
    if result.report is not None:
        return Published(result.report, display, path=path)
    first = result.problems[0] if result.problems else None
    if first is not None and first.code == 'file-not-found':
        note = Problem('published-new', severity='info', params={'published': display})
        return Published(None, display, [note], path=None)
    if first is not None and first.code in UNREADABLE:
        reason = Msg(TEMPLATES[first.code], first.params)
        note = Problem('published-unreadable', severity='warning', params={'reason': reason})
        return Published(None, display, [note])
    return Published(None, display, [_invalid(display)], path=path)


def load_published(
    source: PublishedSource | None,
    report: Report,
    confine: Confinement,
    form_dirs: Iterable[str] = (),
) -> Published | None:
    """The last published state of ``report``'s file (None when no published state is
    given); the file's place is its path relative to the root of ``confine`` (the site, or the
    folder checked)."""
    if source is None:
        return None
    form_dirs = tuple(form_dirs)
    if source.ref is not None:
        published = _from_git(source, report, confine.max_size, form_dirs)
    else:
        published = _from_folder(source, report, confine.root, confine.max_size, form_dirs)
    for note in published.notes:  # located at this report, which they are about
        note.file = report.display
    return published


def _needed(report: Report) -> Problem:
    return Problem(
        'published-needed',
        file=report.display,
        line=report.positions.line(('revisions',)),
        key='revisions',
        severity='info',
        params={'count': len(report.revisions)},
    )


@dataclass
class Checked:
    result: LoadResult
    findings: list[Finding] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # cross-year info and warnings
    previous: Report | None = None
    checked: int = 0  # places where a rule was checked
    unchecked: int = 0  # places where a rule could not be checked (blank cells, no last year)
    units: Units | None = None  # the units of a report that lists them (hierarchy check)
    published: Published | None = None  # the last published state (corrections check)

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
    published: PublishedSource | None = None,
) -> Checked:
    """The rules and the cross-year lookup on a loaded report (nothing to do if it has errors);
    ``published`` says where the last published state of its file is."""
    report = result.report
    if report is None:
        return Checked(result)
    previous = find_previous(report, pool=pool, form_dirs=form_dirs, confine=confine)
    units = load_units(report, form_dirs=form_dirs, confine=confine)
    state = load_published(published, report, confine or Confinement.around(report.path), form_dirs)
    evaluation = evaluate(report, previous.report, severities, units=units, published=state)
    notes = (
        list(previous.notes)
        + (units.problems if units is not None else [])
        + (state.notes if state is not None else [_needed(report)] if report.revisions else [])
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
        state,
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
    published: PublishedSource | None = None,
) -> Checked:
    result = load_report(
        path, display=display, form_dirs=form_dirs, confine=confine, written=written
    )
    return check_report(
        result,
        severities=severities,
        pool=pool,
        form_dirs=form_dirs,
        confine=confine,
        published=published,
    )
