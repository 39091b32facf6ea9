"""The catalogue of bad inputs: every case in tests/bad_inputs/ gives exactly the messages that
tests/bad_inputs/expected.yaml lists for it, in ``check_file``, in ``sphinx-disclosure check``
and in a Sphinx build, in bounded time and memory, and the other page of the site still builds.

Report files are untrusted input (departments send them in, CI builds them unattended): a bad one
must give located messages an author can act on, never a traceback, a hang, a crash, a silent
pass, or a file of the machine quoted or published. The cases that cannot be committed (symbolic
links, a named pipe, large files) are written at run time by :data:`WRITERS`.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sphinx_disclosure.checking import check_file
from sphinx_disclosure.files import DEFAULT_MAX_FILE_SIZE, Confinement

from .conftest import ROOT

HERE = Path(__file__).parent / 'bad_inputs'
MANIFEST = yaml.safe_load((HERE / 'expected.yaml').read_text(encoding='utf-8'))
CASES: dict[str, dict] = MANIFEST['cases']
GENERATED: dict[str, dict] = MANIFEST['generated']
CASE_FILES = sorted(p.name for p in HERE.iterdir() if p.is_file() and p.name != 'expected.yaml')

#: the valid report of good.rst, in a folder of its own
GOOD = ROOT / 'example_site' / 'agencies' / 'transport' / 'reports' / '2021.yaml'
#: the valid report the generated cases start from (the one most committed cases are copies of)
VALID = ROOT / 'tests' / 'fixtures' / 'rules' / '2021.yaml'

TIME_LIMIT = 5.0  # seconds, for each case in each tool
MEMORY_LIMIT = 1 << 30  # bytes of address space of a subprocess (RLIMIT_AS)
PEAK_RSS_LIMIT = 256 * 1024  # KiB (ru_maxrss) of a subprocess
IGNORED = {'no-previous-year'}  # each case is alone in its folder
DIRECTIVE_LINE = 4  # of bad.rst
MESSAGE = re.compile(r'(error|warning|advisory|info|acknowledged) \[([^\]]+)\] (.*)\Z')
ANSI = re.compile(r'\x1b\[[0-9;]*m')
SECRET = 'SECRET-5b1e0c8f-outside-the-site'  # in files outside the site; must never show

CONF = """\
extensions = ['sphinx_disclosure', 'myst_parser']
language = 'en'
exclude_patterns = ['_build']
"""


# --------------------------------------------------------------------------------------------
# the site of a case


@dataclass
class Case:
    name: str
    entry: dict
    site: Path
    argument: str  # of the directive in bad.rst

    @property
    def expected(self) -> list[str]:
        return self.entry.get('messages') or []

    @property
    def max_size(self) -> int:
        return self.entry.get('max_file_size', DEFAULT_MAX_FILE_SIZE)


def write_site(folder: Path, argument: str, max_size: int | None = None) -> Path:
    """Two pages: bad.rst shows the case, good.rst a valid report kept in its own folder."""
    folder.mkdir(parents=True)
    conf = CONF + (f'disclosure_max_file_size = {max_size}\n' if max_size else '')
    files = {
        'conf.py': conf,
        'index.rst': 'Reports\n=======\n\n.. toctree::\n\n   bad\n   good\n',
        'bad.rst': f'Bad\n===\n\n.. disclosure-report:: {argument}\n',
        'good.rst': 'Good\n====\n\n.. disclosure-report:: good/2021.yaml\n',
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding='utf-8')
    (folder / 'good').mkdir()
    shutil.copyfile(GOOD, folder / 'good' / '2021.yaml')
    (folder / 'reports').mkdir()
    return folder


def committed_case(tmp_path: Path, name: str) -> Case:
    entry = CASES[name]
    site = write_site(tmp_path / 'site', f'reports/{name}')
    shutil.copyfile(HERE / name, site / 'reports' / name)
    for target, source in (entry.get('companions') or {}).items():
        shutil.copyfile(HERE / 'companions' / source, site / 'reports' / target)
    return Case(name, entry, site, f'reports/{name}')


def _valid(**changes: str) -> str:
    text = VALID.read_text(encoding='utf-8')
    for old, new in changes.items():
        old = {
            'published': 'published: 2022-01-20\n',
            'other': '  other: 本年度未收取信息处理费。\n',
            'agency': 'agency: 测试局\n',
            'year': 'year: 2021\n',
        }[old]
        assert text.count(old) == 1
        text = text.replace(old, new)
    return text


def _outside(case: Case) -> Path:
    folder = case.site.parent / 'outside'
    folder.mkdir(exist_ok=True)
    return folder


def write_link(case: Case, path: Path) -> None:
    target = _outside(case) / 'report.yaml'
    target.write_text(_valid(agency=f'agency: {SECRET}\n'), encoding='utf-8')
    path.symlink_to(target)


def write_previous_link(case: Case, path: Path) -> None:
    path.write_text(
        _valid(published='published: 2022-01-20\nprevious: 2020.yaml\n'), encoding='utf-8'
    )
    target = _outside(case) / '2020.yaml'
    target.write_text(
        (ROOT / 'tests' / 'fixtures' / 'rules' / '2020.yaml')
        .read_text(encoding='utf-8')
        .replace('agency: 测试局', f'agency: 测试局\nagency_id: {SECRET}'),
        encoding='utf-8',
    )
    (path.parent / '2020.yaml').symlink_to(target)


def write_padded(size: int):
    def write(case: Case, path: Path) -> None:
        text = _valid().encode('utf-8')
        path.write_bytes(text + b'#' * (size - len(text) - 1) + b'\n')

    return write


WRITERS = {
    'report-link-outside': write_link,
    'previous-link-outside': write_previous_link,
    'fifo': lambda case, path: os.mkfifo(path),
    'too-large': write_padded(3 * 1024 * 1024 + 4096),
    'too-large-by-one-byte': write_padded(DEFAULT_MAX_FILE_SIZE + 1),
    'too-large-custom-limit': write_padded(40 * 1024),
    'directive-outside': lambda case, path: None,
    'nested-100000': lambda case, path: path.write_text(
        _valid(other='  other: ' + '[' * 100_000 + ']' * 100_000 + '\n'), encoding='utf-8'
    ),
    'values-60000': lambda case, path: path.write_text(
        _valid(other='  other: [' + ', '.join(['无。'] * 60_000) + ']\n'), encoding='utf-8'
    ),
}


def generated_case(tmp_path: Path, name: str) -> Case:
    entry = GENERATED[name]
    argument = entry.get('argument') or f'reports/{entry["file"]}'
    site = write_site(tmp_path / 'site', argument, entry.get('max_file_size'))
    case = Case(name, entry, site, argument)
    WRITERS[name](case, site / os.path.normpath(argument))
    return case


def prepare(tmp_path: Path, kind: str, name: str) -> Case:
    return committed_case(tmp_path, name) if kind == 'case' else generated_case(tmp_path, name)


# --------------------------------------------------------------------------------------------
# running the tools


def as_lines(messages) -> list[str]:
    """Messages as check prints them (and as the manifest lists them)."""
    return [f'{m.severity} [{m.code}] {m.format("en")}' for m in messages if m.code not in IGNORED]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss: int  # KiB


def run_limited(args: list[str], cwd: Path, timeout: float = TIME_LIMIT) -> Run:
    """Run a command under the memory limit; fail the test if it takes longer than ``timeout``.

    The child is reaped with ``os.wait4``, which gives its own resource usage: the peak RSS of
    this child, where ``getrusage(RUSAGE_CHILDREN)`` would give the largest of every child the
    test session ever had (a browser of another test file included)."""
    env = {**os.environ, 'LC_ALL': 'C.UTF-8', 'LANG': 'C.UTF-8'}
    env.pop('LANGUAGE', None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=out, stderr=err, preexec_fn=_limit_memory
        )
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                pytest.fail(f'{" ".join(args[1:])} took more than {timeout} s')
            time.sleep(0.005)
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            proc.returncode,
            out.read().decode('utf-8', 'replace'),
            err.read().decode('utf-8', 'replace'),
            seconds,
            usage.ru_maxrss,
        )


def check_command(case: Case) -> Run:
    paths = ['reports/' + case.entry['file'] if 'file' in case.entry else case.argument]
    if 'cli_messages' in case.entry:  # a path outside the site: confined with --root
        paths = ['--root', '.', '/etc/passwd']
    return run_limited(
        [
            sys.executable,
            '-m',
            'sphinx_disclosure',
            'check',
            '--strict',
            '--lang',
            'en',
            '--conf',
            'conf.py',
            *paths,
        ],
        cwd=case.site,
    )


def not_leaked(text: str) -> None:
    """No content of a file outside the site."""
    assert SECRET not in text
    assert 'root:x:0:0' not in text  # /etc/passwd
    hostname = Path('/etc/hostname')
    name = hostname.read_text().strip() if hostname.is_file() else ''
    if len(name) >= 8:  # a short name would be found in ordinary words
        assert name not in text


def assert_file_too_large_sizes_differ(lines: list[str]) -> None:
    (line,) = lines
    m = MESSAGE.match(line)
    assert m and m.group(2) == 'file-too-large', line
    sizes = re.search(r' is (.+?), more than the limit of (.+?) \(', line)
    assert sizes, line
    assert sizes.group(1) != sizes.group(2), f'the message names the same size twice: {line}'


def assert_expected(case: Case, lines: list[str]) -> None:
    if 'messages' in case.entry:
        assert lines == case.expected
    else:  # too-large-by-one-byte: a property of the message, see the manifest
        assert_file_too_large_sizes_differ(lines)


# --------------------------------------------------------------------------------------------
# the three tools on every case

ALL_CASES = sorted(set(CASE_FILES) | set(CASES))
KINDS = [pytest.param('case', n, id=n) for n in ALL_CASES] + [
    pytest.param('generated', n, id=f'generated:{n}') for n in GENERATED
]


@pytest.mark.parametrize(('kind', 'name'), KINDS)
def test_check_file(tmp_path, kind, name):
    case = prepare(tmp_path, kind, name)
    rel = os.path.normpath(case.argument)
    start = time.perf_counter()
    checked = check_file(
        case.site / rel,
        display=rel,
        written=case.argument,
        confine=Confinement(case.site, case.max_size),
    )
    assert time.perf_counter() - start < TIME_LIMIT
    lines = as_lines(checked.messages())
    assert_expected(case, lines)
    not_leaked('\n'.join(lines))


@pytest.mark.parametrize(('kind', 'name'), KINDS)
def test_check_command(tmp_path, kind, name):
    case = prepare(tmp_path, kind, name)
    run = check_command(case)
    assert 'Traceback' not in run.stderr, run.stderr
    assert run.peak_rss < PEAK_RSS_LIMIT, f'{run.peak_rss} KiB'
    assert run.returncode == (1 if case.entry['fails'] else 0), run.stdout + run.stderr
    printed = []
    for line in run.stdout.splitlines():
        m = MESSAGE.match(line[2:]) if line.startswith('  ') else None
        if m and m.group(2) not in IGNORED:
            printed.append(line[2:])
    if 'cli_messages' in case.entry:
        assert printed == case.entry['cli_messages']
    else:
        assert_expected(case, printed)
    # the counts: per report how many rule places were (not) checked, then the sums
    severities = [MESSAGE.match(m).group(1) for m in printed]
    summary = run.stdout.splitlines()[-1]
    assert summary.startswith(
        f'Files checked: 1. Errors: {severities.count("error")}, '
        f'warnings: {severities.count("warning")}, '
    ), summary
    unchecked = [m for m in printed if '[not-checked]' in m]
    if unchecked:
        assert re.search(
            r'^  Rules checked in \d+ places; not checked in [1-9]\d* places', run.stdout, re.M
        ), run.stdout
        assert not re.search(r'Rules not checked in 0 places', summary)
    not_leaked(run.stdout + run.stderr)


def build(make_app, case: Case):
    start = time.perf_counter()
    app = make_app('html', srcdir=case.site)
    app.build()
    seconds = time.perf_counter() - start
    assert seconds < TIME_LIMIT, f'the build took {seconds:.1f} s'
    return app, ANSI.sub('', app.warning.getvalue())


def page(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup(
        (app.outdir / f'{docname}.html').read_text(encoding='utf-8'), 'html.parser'
    )


def words(text: str) -> str:
    return ' '.join(text.split())


@pytest.mark.parametrize(('kind', 'name'), KINDS)
def test_two_page_build(tmp_path, make_app, kind, name):
    case = prepare(tmp_path, kind, name)
    app, warnings = build(make_app, case)
    assert 'Traceback' not in warnings and 'Exception' not in warnings, warnings
    found = [
        line.replace(f'{case.site}{os.sep}', '')
        for line in warnings.splitlines()
        if re.search(r': (WARNING|ERROR|CRITICAL): ', line)
    ]
    failing = [MESSAGE.match(m) for m in case.expected]
    failing = [m for m in failing if m.group(1) in ('error', 'warning')]
    if 'messages' in case.entry:
        assert found == [
            f'bad.rst:{DIRECTIVE_LINE}: WARNING: {m.group(3)} [disclosure.{m.group(2)}]'
            for m in failing
        ]
    else:  # too-large-by-one-byte: a property of the message, see the manifest
        assert len(found) == 1 and found[0].endswith(' [disclosure.file-too-large]'), found
        text = found[0].split(': WARNING: ', 1)[1].rsplit(' [disclosure.', 1)[0]
        assert_file_too_large_sizes_differ([f'error [file-too-large] {text}'])
    # -W turns exactly these into a failure
    assert bool(found) == case.entry['fails']

    good = page(app, 'good')
    assert good.find('table', id='applications') is not None
    assert good.select_one('.disclosure-error') is None

    bad = page(app, 'bad')
    box = bad.select_one('.disclosure-error')
    if case.entry['page'] == 'error-box':
        assert box is not None
        assert bad.find('table') is None  # never a half-filled table
        # the box shows each error as written: the characters a message tells the author to
        # type (---, ", ', --root) must not become typographic ones (—, “, ‘, –root)
        for m in failing:
            if m.group(1) == 'error':
                assert words(m.group(3)) in words(box.get_text())
    else:
        assert box is None
        assert bad.find('table', id='applications') is not None

    for html in Path(app.outdir).rglob('*.html'):
        not_leaked(html.read_text(encoding='utf-8'))
    not_leaked(warnings)


# -W for real, with sphinx-build in a subprocess, on representative cases: an error, a hostile
# previous:, a warning only, information only (passes), and a named pipe (must not hang)
REPRESENTATIVE = [
    ('case', 'alias-bomb.yaml'),
    ('case', 'previous-dotdot-passwd.yaml'),
    ('case', 'numbered-heading-dun.yaml'),
    ('case', 'blank-row-hides-r31.yaml'),
    ('generated', 'fifo'),
]


@pytest.mark.parametrize(('kind', 'name'), [pytest.param(*r, id=r[1]) for r in REPRESENTATIVE])
def test_sphinx_build_W(tmp_path, kind, name):
    case = prepare(tmp_path, kind, name)
    run = run_limited(
        [
            sys.executable,
            '-m',
            'sphinx',
            '-W',
            '--no-color',
            '-q',
            '-b',
            'html',
            str(case.site),
            str(tmp_path / 'out'),
        ],
        cwd=tmp_path,
    )
    assert 'Traceback' not in run.stderr, run.stderr
    assert (run.returncode != 0) == case.entry['fails'], run.stderr
    if case.entry['fails']:
        assert '[disclosure.' in run.stderr
    assert run.peak_rss < PEAK_RSS_LIMIT, f'{run.peak_rss} KiB'


# --------------------------------------------------------------------------------------------
# the catalogue itself


def test_catalogue_is_complete():
    assert len(CASE_FILES) >= 60
    assert set(CASE_FILES) == set(CASES), set(CASE_FILES) ^ set(CASES)
    assert set(GENERATED) == set(WRITERS)
    used = set()
    for name, entry in {**CASES, **GENERATED}.items():
        assert set(entry) <= {
            'messages',
            'fails',
            'page',
            'companions',
            'file',
            'argument',
            'max_file_size',
            'cli_messages',
            'code',
        }, name
        assert entry['page'] in ('error-box', 'report'), name
        for source in (entry.get('companions') or {}).values():
            assert (HERE / 'companions' / source).is_file(), source
            used.add(source)
        lines = entry.get('messages', [])
        assert lines or 'code' in entry, name
        assert all(MESSAGE.match(m) for m in lines), name
        severities = {MESSAGE.match(m).group(1) for m in lines}
        # fails exactly when there is an error or a warning; the cases that do not fail are
        # those whose messages are all information ("not checked" is information level)
        assert entry['fails'] == bool(severities & {'error', 'warning'}) or 'code' in entry, name
    assert used == {p.name for p in (HERE / 'companions').iterdir()}


def test_files_name_no_folder_of_this_machine():
    for path in [*HERE.rglob('*'), Path(__file__)]:
        if path.is_file():
            data = path.read_bytes()
            for folder in {str(ROOT), str(Path.home()), tempfile.gettempdir() + '/pytest'}:
                assert folder.encode() not in data, (path.name, folder)
