"""The command line: ``sphinx-disclosure check FILE_OR_DIR...``.

Checks report files without a Sphinx build, with the same engine as the build
(:func:`sphinx_disclosure.checking.check_report`), so both report the same problems. Reports given
together are also checked against each other across years.

Exit status: 0 when there is no error, 1 when there are errors (or warnings, with ``--strict``),
2 when the command itself is used wrongly.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import __version__
from .checking import Checked, PublishedSource, check_report
from .config import ConfigProblem, DisclosureConfig, validate
from .crossyear import Pool
from .files import DEFAULT_MAX_FILE_SIZE, Confinement
from .forms import FormDefinitionError, all_forms
from .messages import Problem, normalize_language, printable, render, severity_word, word
from .model import load_report
from .rules.catalogue import LEVELS, catalogue

SUFFIXES = ('.yaml', '.yml')
SKIP_DIRS = {'_build', 'build', 'node_modules', '__pycache__'}


class UsageError(Exception):
    """A mistake in the command line; its message is a :class:`Msg` (translated on output)."""

    def __init__(self, which: str, **params) -> None:
        super().__init__(which)
        self.msg = word(which, **params)


def default_language() -> str:
    """Chinese unless the environment asks for another language explicitly."""
    for var in ('LC_ALL', 'LC_MESSAGES', 'LANG'):
        value = os.environ.get(var)
        if value and value not in ('C', 'POSIX') and not value.startswith('C.'):
            return 'en' if normalize_language(value) == 'en' else 'zh_CN'
    return 'zh_CN'


def collect(
    paths: Sequence[str], root: Path | None = None, max_size: int = DEFAULT_MAX_FILE_SIZE
) -> list[tuple[Path, Confinement]]:
    """The report files named, and those found (recursively) in the folders named, each with
    the confinement it is read in: ``root`` if given, else the folder named (or the folder of
    the file named), so that nothing a report names outside it is read."""
    files: list[tuple[Path, Confinement]] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            confine = Confinement(root or path, max_size)
            found_any = False
            for found in sorted(path.rglob('*')):
                parts = set(found.relative_to(path).parts[:-1])
                if (
                    found.suffix in SUFFIXES
                    and not found.is_dir()
                    and not found.name.startswith('.')
                    and not parts & SKIP_DIRS
                    and not any(p.startswith('.') for p in parts)
                ):
                    files.append((found, confine))
                    found_any = True
            if not found_any:
                raise UsageError('usage-no-reports', path=name)
        elif path.exists() or path.is_symlink():
            files.append(
                (path, Confinement(root, max_size) if root else Confinement.around(path, max_size))
            )
        else:
            raise UsageError('usage-no-path', path=name)
    seen, out = set(), []
    for f, confine in files:
        key = os.path.abspath(f)
        if key not in seen:
            seen.add(key)
            out.append((f, confine))
    return out


def parse_size(text: str) -> int:
    """``2097152``, ``2MiB``, ``500KiB``, ``2MB`` as a number of bytes."""
    m = re.fullmatch(r'\s*([0-9]+)\s*(|B|KB|KiB|K|MB|MiB|M)\s*', text, re.I)
    if not m:
        raise UsageError('usage-max-size', value=text)
    unit = m.group(2).lower()[:1]
    return int(m.group(1)) * {'': 1, 'b': 1, 'k': 1024, 'm': 1024 * 1024}[unit]


def parse_severities(items: Sequence[str]) -> dict[str, str]:
    rules = catalogue()
    out = {}
    for item in items:
        rule_id, sep, level = item.partition('=')
        adjustable = [r.id for r in rules.values() if r.kind != 'schema']
        if not sep or rule_id not in adjustable or level not in LEVELS:
            raise UsageError(
                'usage-severity', item=item, rules=', '.join(adjustable), levels=', '.join(LEVELS)
            )
        out[rule_id] = level
    return out


def read_conf(path: str, language: str) -> tuple[DisclosureConfig, Path]:
    """The settings a Sphinx site's conf.py gives, checked as its build checks them
    (:func:`sphinx_disclosure.config.validate`), and the site's folder. What the build would
    warn about and leave out is a usage error here: a check must not quietly differ from it."""
    from sphinx.config import eval_config_file
    from sphinx.errors import ConfigError
    from sphinx.util.tags import Tags

    conf = Path(path)
    # absolute: Sphinx reads conf.py after changing into its folder, so a relative path to a
    # site below the current folder would no longer be found
    folder = (conf if conf.is_dir() else conf.parent).resolve()
    if not (folder / 'conf.py').is_file():
        raise UsageError('usage-no-conf', path=path)
    try:
        namespace = eval_config_file(folder / 'conf.py', Tags())
        settings, problems = validate(namespace, confdir=folder, srcdir=folder, language=language)
    except ConfigError as exc:
        raise UsageError('usage-conf-error', path=path, error=str(exc)) from exc
    except ConfigProblem as exc:
        raise UsageError('usage-conf-error', path=path, error=exc.message) from exc
    if problems:
        raise UsageError('usage-conf-error', path=path, error=problems[0].format(language))
    return settings, folder


def run_check(
    files: list[tuple[Path, Confinement]],
    severities: dict[str, str],
    form_dirs: Sequence[str],
    published: PublishedSource | None = None,
) -> list[Checked]:
    results = [
        load_report(f, display=str(f), form_dirs=form_dirs, confine=confine) for f, confine in files
    ]
    pool = Pool(r.report for r in results if r.report is not None)
    return [
        check_report(
            result,
            severities=severities,
            pool=pool,
            form_dirs=form_dirs,
            confine=confine,
            published=published,
        )
        for result, (_, confine) in zip(results, files, strict=True)
    ]


def published_source(
    written: str | None, settings: DisclosureConfig, conf_root: Path | None, files
) -> PublishedSource | None:
    """``--published`` (relative to the current folder), else the ``disclosure_published`` of
    ``--conf`` (relative to its folder), checked for every folder of the files: the folder of
    published sources exists, the files are in a git repository that has the ref."""
    option = '--published' if written is not None else 'disclosure_published'
    value = written if written is not None else settings.published
    try:
        source = PublishedSource.parse(value, Path.cwd() if written is not None else conf_root)
    except ValueError:
        raise UsageError('published-bad', option=option, value=value) from None
    if source is None:
        return None
    for folder in dict.fromkeys(f.parent for f, _ in files):
        problem = source.problem(folder, option, str(folder))
        if problem is not None:
            raise UsageError(problem[0], **problem[1])
    return source


def _kind(message: Problem) -> str:
    return 'acknowledged' if getattr(message, 'acknowledged', None) else message.severity


def summary(checked: list[Checked]) -> dict[str, int]:
    counts = {
        'files': len(checked),
        'error': 0,
        'warning': 0,
        'advisory': 0,
        'acknowledged': 0,
        'info': 0,
        'checked': 0,
        'unchecked': 0,
    }
    for c in checked:
        counts['checked'] += c.checked
        counts['unchecked'] += c.unchecked
        for m in c.messages():
            counts[_kind(m)] += 1
    return counts


def as_json(checked: list[Checked], language: str) -> dict:
    files = []
    for c in checked:
        messages = [m.as_dict(language) for m in c.messages()]
        report = c.report
        files.append(
            {
                'file': c.result.problems[0].file
                if report is None and c.result.problems
                else (report.display if report else None),
                'report': None
                if report is None
                else {'agency': report.agency, 'year': report.year, 'format': report.form.id},
                'previous': c.previous.display if c.previous else None,
                'rules': None
                if report is None
                else {'checked': c.checked, 'not_checked': c.unchecked},
                'messages': messages,
            }
        )
    return {'version': __version__, 'files': files, 'summary': summary(checked)}


def coverage(c: Checked, language: str) -> str | None:
    """How many places the rules checked in a report, and how many they could not."""
    if c.report is None:
        return None
    which = 'check-coverage' if c.unchecked else 'check-coverage-all'
    return render(word(which, checked=c.checked, unchecked=c.unchecked), language)


def print_human(checked: list[Checked], files: list[Path], language: str, out) -> None:
    for path, c in zip(files, checked, strict=True):
        messages = c.messages()
        name = printable(str(path))  # a file name may hold a terminal escape sequence
        if not messages:
            print(
                render(word('check-clean', file=name, coverage=coverage(c, language)), language),
                file=out,
            )
            continue
        print(name, file=out)
        for m in messages:
            kind = _kind(m)
            text = m.format(language)
            if kind == 'acknowledged':
                note = Problem(
                    'acknowledged', params={'rule': m.code, 'explanation': m.acknowledged}
                )
                text += ' ' + note.message(language)
            print(f'  {severity_word(kind, language)} [{m.code}] {text}', file=out)
        if c.report is not None:
            print(f'  {coverage(c, language)}', file=out)
    counts = summary(checked)
    print(render(word('check-summary', **{k: v for k, v in counts.items()}), language), file=out)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog='sphinx-disclosure',
        description='政府信息公开工作年度报告 report files: check them without building the site.',
    )
    parser.add_argument('--version', action='version', version=f'%(prog)s {__version__}')
    sub = parser.add_subparsers(dest='command', required=True)
    check = sub.add_parser(
        'check',
        help='check report files (YAML) for errors and broken consistency rules',
        description='Check report files; folders are searched for *.yaml and *.yml files. '
        'Reports checked together are also compared across years.',
    )
    check.add_argument('paths', nargs='+', metavar='FILE_OR_DIR')
    check.add_argument(
        '--format',
        choices=('text', 'json'),
        default='text',
        help='text for people (default), json for programs',
    )
    check.add_argument(
        '--strict', action='store_true', help='count warnings as errors (like sphinx-build -W)'
    )
    check.add_argument(
        '--lang',
        choices=('zh_CN', 'en'),
        default=None,
        help='language of the messages (default: from the environment, else Chinese)',
    )
    check.add_argument(
        '--severity',
        action='append',
        default=[],
        metavar='RULE=LEVEL',
        help="change a rule's severity (error, warning, advisory, off), as "
        'disclosure_rule_severity does in conf.py; may be repeated',
    )
    check.add_argument(
        '--forms-dir',
        action='append',
        default=[],
        metavar='DIR',
        help='a folder of additional report formats (as disclosure_forms_dirs)',
    )
    check.add_argument(
        '--root',
        metavar='DIR',
        default=None,
        help='the folder that files may be read from (reports, previous: paths, '
        '--forms-dir); default: each folder given, or the folder of each '
        'file given, or the folder of --conf when every path is inside it',
    )
    check.add_argument(
        '--max-file-size',
        metavar='SIZE',
        default=None,
        help='largest file that is read, as disclosure_max_file_size in conf.py (default 2MiB)',
    )
    check.add_argument(
        '--conf',
        metavar='CONF_PY',
        default=None,
        help='read disclosure_rule_severity and disclosure_forms_dirs from a '
        "Sphinx site's conf.py (or its folder), so the check agrees with "
        'that build; --severity and --forms-dir add to it',
    )
    check.add_argument(
        '--published',
        metavar='PATH',
        default=None,
        help='the last published state, for the corrections check (RC.2, RC.3): a folder '
        'holding the published sources in the same layout as the folder checked, or git: '
        'and a tag or commit of the repository holding the files (git:v2025.1); default: '
        'disclosure_published of --conf',
    )
    add_versions_parser(sub)
    return parser


def add_versions_parser(sub) -> None:
    """``sphinx-disclosure versions SOURCE OUT``: see :mod:`sphinx_disclosure.versions`."""
    versions = sub.add_parser(
        'versions',
        help='build every published version (git tag) of a site into one static tree',
        description='Build each git tag of the repository holding SOURCE, and the current '
        'branch, into OUT/<version>/, with OUT/versions.json (read by the version switcher '
        'on every page), OUT/latest/ (redirects to the latest version), OUT/index.html and '
        'OUT/.nojekyll: a tree GitHub Pages can publish as it is. Tags are ordered newest '
        'first by the date of their commit, then by name. Each version is built in a virtual '
        "environment of its own with what its commit says to install (the repository's "
        'pyproject.toml, a requirements.txt in SOURCE or at the top of the repository).',
    )
    versions.add_argument('source', metavar='SOURCE', help='the folder of the site (conf.py)')
    versions.add_argument(
        'out', metavar='OUT', help='the folder of the tree (new, or written before)'
    )
    versions.add_argument(
        '--refs',
        nargs='+',
        metavar='REF',
        default=None,
        help='the tags or branches to build (default: every tag holding the site)',
    )
    versions.add_argument(
        '--latest',
        metavar='REF',
        default=None,
        help='the version the alias latest and OUT/index.html lead to (default: the newest tag)',
    )
    versions.add_argument(
        '--no-current',
        dest='current',
        action='store_false',
        help='leave out the current branch (built by default from its last commit)',
    )
    versions.add_argument(
        '--current-name',
        metavar='NAME',
        default=None,
        help='the folder of the current branch (default: its name; main when detached)',
    )
    versions.add_argument(
        '--same-env',
        action='store_true',
        help='build every version with this Python and its packages (fast: previews, tests)',
    )
    versions.add_argument(
        '--pdf',
        action='store_true',
        help="also build the PDFs (each report's beside its page, the whole site's in "
        '<version>/_downloads/)',
    )
    versions.add_argument(
        '-D',
        dest='defines',
        action='append',
        default=[],
        metavar='NAME=VALUE',
        help='a setting for every build, as sphinx-build -D (e.g. -D html_theme=furo)',
    )
    versions.add_argument(
        '--lang',
        choices=('zh_CN', 'en'),
        default=None,
        help='language of the messages (default: from the environment, else Chinese)',
    )


def run_versions(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Build the tree; progress on standard error; 1 when a version fails to build."""
    from .versions import BuildFailed, VersionsError, build_tree

    language = args.lang or default_language()

    def progress(msg) -> None:
        print(render(msg, language), file=sys.stderr, flush=True)

    try:
        build_tree(
            Path(args.source),
            Path(args.out),
            refs=args.refs,
            latest=args.latest,
            current=args.current,
            current_name=args.current_name,
            same_env=args.same_env,
            pdf=args.pdf,
            defines=args.defines,
            language=language,
            progress=progress,
        )
    except VersionsError as exc:
        parser.error(render(exc.msg, language))  # exits with status 2
    except BuildFailed as exc:
        print(exc.output.rstrip(), file=sys.stderr)
        progress(word('versions-failed', name=exc.name, command=exc.command))
        return 1
    return 0


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the command runs.

    Every report is kept until the end, for the cross-year checks of the others and for the
    output: the collector would walk the growing pile again and again (a third of the time of
    checking a thousand reports) looking for reference cycles, of which reading and checking
    make a few small ones per report at most. When the command is done, the reports are freed
    as usual and the collector, running again, finds those few."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    with _collector_paused():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == 'versions':
        return run_versions(parser, args)
    language = args.lang or default_language()
    try:
        settings, conf_root = (
            read_conf(args.conf, language) if args.conf else (DisclosureConfig(), None)
        )
        severities = dict(settings.rule_severity)
        form_dirs = list(settings.forms_dirs)
        max_size = parse_size(args.max_file_size) if args.max_file_size else settings.max_file_size
        root = Path(args.root) if args.root else None
        if root is not None and not root.is_dir():
            raise UsageError('usage-no-folder', path=args.root)
        if (
            root is None
            and conf_root is not None
            and all(Confinement(conf_root).contains(p) for p in args.paths)
        ):
            root = conf_root  # the site's source folder, as in its build
        files = collect(args.paths, root, max_size)
        severities.update(parse_severities(args.severity))
        for d in args.forms_dir:
            if not Path(d).is_dir():
                raise UsageError('usage-no-folder', path=d)
            form_dirs.append(str(Path(d).resolve()))
        for d in form_dirs:
            for _, confine in files:
                if not confine.contains(d):
                    raise UsageError(
                        'usage-outside-root', what='--forms-dir', path=d, root=confine.root.name
                    )
        all_forms(form_dirs)
        published = published_source(args.published, settings, conf_root, files)
    except UsageError as exc:
        parser.error(render(exc.msg, language))  # exits with status 2
    except FormDefinitionError as exc:
        parser.error(str(exc))
    checked = run_check(files, severities, form_dirs, published)
    paths = [f for f, _ in files]
    try:
        if args.format == 'json':
            json.dump(as_json(checked, language), sys.stdout, ensure_ascii=False, indent=2)
            print()
        else:
            print_human(checked, paths, language, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # output piped into head & co.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    counts = summary(checked)
    failed = counts['error'] > 0 or (args.strict and counts['warning'] > 0)
    return 1 if failed else 0


if __name__ == '__main__':  # pragma: no cover
    sys.exit(main())
