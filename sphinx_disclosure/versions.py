"""Every publication of a site, built into one static tree: ``sphinx-disclosure versions``.

A published disclosure report is a public record: once a county office has published a state
of its site (a git tag), that state must stay readable as it was, after any correction. So each
tag is built on its own into a folder of its own, never rebuilt from today's files:

* the versions are the tags of the repository that holds the site, plus the current branch
  (its last commit; named after the branch, ``main`` when the checkout is detached);
* tags are ordered newest first by the date of the commit they point to, then by name (in
  natural order: ``v2025.10`` after ``v2025.9``); the current branch comes before them;
* each version is checked out with ``git worktree add --detach`` (a worktree, not an archive:
  the build can still ask git about earlier publications, see ``disclosure_published``) and
  built by ``sphinx-build`` in a virtual environment of its own, with what that commit says to
  install: the project itself when the repository is a Python project (``pyproject.toml`` or
  ``setup.py`` at its top), and the first ``requirements.txt`` found in the site folder or at
  the top of the repository. This is how a published version keeps reproducing what was
  published (the principle of sphinx-polyversion, in a plain loop). ``same_env`` builds every
  version with the current interpreter instead: fast, for tests and local previews;
* ``pdf``: a LaTeX build first (``-M latexpdf``), so that the HTML build finds each report's PDF
  and copies it beside its page; the PDFs of the whole site go to ``<version>/_downloads/``.

The tree (``OUT``)::

    OUT/.nojekyll           GitHub Pages would drop the folders starting with _ without it
    OUT/index.html          a redirect to the latest version's home page
    OUT/versions.json       the versions, read by the switcher on every page
    OUT/latest/...          one redirect page per page of the latest version (stable links)
    OUT/<version>/...       each version's HTML output as sphinx-build wrote it

Nothing here imports Sphinx: the builds run in other processes, possibly other interpreters.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

from .messages import Msg, render, word

#: the name of the alias of the latest version (a folder of redirects, an entry of versions.json)
LATEST = 'latest'
#: what the current checkout is called when no branch is checked out
DEFAULT_BRANCH_NAME = 'main'
#: where the PDFs of the whole site go in each version's folder
DOWNLOADS = '_downloads'
#: files that say what a version's own environment needs, looked for in this order
REQUIREMENTS = 'requirements.txt'
PROJECT_FILES = ('pyproject.toml', 'setup.py')


class VersionsError(Exception):
    """A mistake the command cannot go on with; ``msg`` says it in the reader's language."""

    def __init__(self, which: str, **params: object) -> None:
        super().__init__(which)
        self.msg: Msg = word(which, **params)


class BuildFailed(Exception):
    """A command of a version's build failed; ``output`` is what it printed."""

    def __init__(self, name: str, command: Sequence[str], output: str) -> None:
        super().__init__(name)
        self.name = name
        self.command = ' '.join(command)
        self.output = output


@dataclass(frozen=True)
class Version:
    """One state of the site to build: a tag, or a branch (not a publication)."""

    name: str  #: the folder in the tree
    ref: str  #: the tag or branch as git names it
    commit: str
    kind: str  #: 'tag' or 'branch'
    timestamp: int  #: the commit date, for ordering
    published: str | None = None  #: the tag's date (YYYY-MM-DD): tagger date, else commit date
    previous: str | None = None  #: the tag published before this one, if any


@dataclass
class Built:
    """A version built into ``html`` (and its site PDFs, with ``pdf``)."""

    version: Version
    html: Path
    pdfs: list[Path] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# git


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` and return its output (without the final newline)."""
    result = subprocess.run(
        ['git', '-C', str(repo), *args],
        capture_output=True,
        text=True,
        encoding='utf-8',
    )
    if result.returncode != 0:
        raise subprocess.CalledProcessError(result.returncode, args, result.stdout, result.stderr)
    return result.stdout.rstrip('\n')


def repository(source: Path) -> tuple[Path, str]:
    """The top folder of the git repository holding ``source``, and the site's path in it
    (POSIX, ``.`` when the site is the whole repository)."""
    if not source.is_dir():
        raise VersionsError('versions-no-source', path=str(source))
    try:
        top = Path(git(source, 'rev-parse', '--show-toplevel')).resolve()
    except (subprocess.CalledProcessError, FileNotFoundError):
        raise VersionsError('versions-not-git', path=str(source)) from None
    site = source.resolve().relative_to(top).as_posix()
    return top, site


def natural_key(name: str) -> tuple:
    """``v2025.10`` sorts after ``v2025.9``: digit runs compare as numbers."""
    return tuple(
        (0, int(part), '') if part.isdigit() else (1, 0, part)
        for part in re.split(r'(\d+)', name)
        if part
    )


def folder_name(ref: str) -> str:
    """The folder of a version: the ref with every character other than letters, digits, ``.``,
    ``_`` and ``-`` made ``-`` (``release/2025`` → ``release-2025``), not starting with ``.``,
    ``_`` or ``-`` (GitHub Pages and Sphinx's own folders)."""
    return re.sub(r'[^A-Za-z0-9._-]+', '-', ref).lstrip('._-')


def tags(repo: Path) -> list[Version]:
    """Every tag pointing (perhaps through an annotated tag) to a commit, newest first."""
    fmt = '%00'.join(
        (
            '%(refname:strip=2)',
            '%(objecttype)',
            '%(objectname)',
            '%(*objecttype)',
            '%(*objectname)',
            '%(creatordate:iso-strict)',
            '%(committerdate:unix)',
            '%(*committerdate:unix)',
        )
    )
    found = []
    for line in git(repo, 'for-each-ref', f'--format={fmt}', 'refs/tags').splitlines():
        name, kind, obj, target_kind, target, created, date, target_date = line.split('\0')
        if kind == 'tag' and target_kind != 'commit':
            continue  # a tag of a tree, a blob or another tag: not a state of the site
        if kind not in ('tag', 'commit'):
            continue
        commit, stamp = (target, target_date) if kind == 'tag' else (obj, date)
        found.append(
            Version(
                name=folder_name(name),
                ref=name,
                commit=commit,
                kind='tag',
                timestamp=int(stamp),
                published=created[:10],
            )
        )
    return order(found)


def order(versions: list[Version]) -> list[Version]:
    """Newest first: by commit date, then by name (natural order), both descending."""
    return sorted(versions, key=lambda v: (v.timestamp, natural_key(v.ref)), reverse=True)


def branch(repo: Path, ref: str = 'HEAD', name: str | None = None) -> Version:
    """A branch (or any commit) as a version: not published; named after the branch."""
    commit = git(repo, 'rev-parse', '--verify', '--quiet', f'{ref}^{{commit}}')
    if name is None:
        name = git(repo, 'rev-parse', '--abbrev-ref', ref) if ref == 'HEAD' else ref
        if name == 'HEAD':
            name = DEFAULT_BRANCH_NAME
    stamp = git(repo, 'log', '-1', '--format=%ct', commit)
    shown = name if ref == 'HEAD' else ref
    return Version(
        name=folder_name(name), ref=shown, commit=commit, kind='branch', timestamp=int(stamp)
    )


def has_site(repo: Path, commit: str, site: str) -> bool:
    """Whether the commit holds the site (its ``conf.py``)."""
    path = 'conf.py' if site == '.' else f'{site}/conf.py'
    result = subprocess.run(
        ['git', '-C', str(repo), 'cat-file', '-e', f'{commit}:{path}'], capture_output=True
    )
    return result.returncode == 0


def find_versions(
    source: Path,
    refs: Sequence[str] | None = None,
    *,
    current: bool = True,
    current_name: str | None = None,
    notice: Callable[[Msg], None] = lambda msg: None,
) -> tuple[Path, str, list[Version]]:
    """The repository, the site's path in it, and the versions to build, in the order of the
    switcher: the current branch first, then the tags newest first.

    ``refs`` names the tags or branches to build instead of every tag; a tag that does not hold
    the site (made before the site was added) is left out with a notice, a ref named in
    ``refs`` that does not hold it is an error. ``previous`` of each version is the tag
    published before it, among all the tags that hold the site (the current branch: the newest
    of them), whichever are built.
    """
    repo, site = repository(source)
    every_tag = tags(repo)
    by_ref = {t.ref: t for t in every_tag}
    with_site = [t for t in every_tag if has_site(repo, t.commit, site)]
    chosen: list[Version] = []
    if refs is None:
        for tag in every_tag:
            if tag in with_site:
                chosen.append(tag)
            else:
                notice(word('versions-no-site', ref=tag.ref, path=site))
    else:
        for ref in refs:
            if ref in by_ref:
                version = by_ref[ref]
            else:
                try:
                    version = branch(repo, ref)
                except subprocess.CalledProcessError:
                    raise VersionsError('versions-unknown-ref', ref=ref) from None
            if not has_site(repo, version.commit, site):
                raise VersionsError('versions-no-site', ref=ref, path=site)
            chosen.append(version)
    tags_chosen = order([v for v in chosen if v.kind == 'tag'])
    branches = [v for v in chosen if v.kind == 'branch']
    if current:
        head = branch(repo, 'HEAD', current_name)
        if not has_site(repo, head.commit, site):
            raise VersionsError('versions-no-site', ref=head.ref, path=site)
        if all(b.name != head.name for b in branches):  # --refs may name it too
            branches.insert(0, head)
    # what was published before: among the tags that hold the site
    previous = {t.ref: older.ref for t, older in zip(with_site, with_site[1:], strict=False)}
    newest = with_site[0].ref if with_site else None
    versions = [
        *(replace(b, previous=newest) for b in branches),
        *(replace(t, previous=previous.get(t.ref)) for t in tags_chosen),
    ]
    if not versions:
        raise VersionsError('versions-nothing')
    seen: dict[str, Version] = {}
    for v in versions:
        if not v.name or v.name == LATEST:
            raise VersionsError('versions-reserved', ref=v.ref, name=v.name or '""')
        if v.name in seen:
            raise VersionsError(
                'versions-name-clash', first=seen[v.name].ref, second=v.ref, name=v.name
            )
        seen[v.name] = v
    return repo, site, versions


@contextlib.contextmanager
def worktree(repo: Path, commit: str, path: Path) -> Iterator[Path]:
    """The commit checked out at ``path`` (detached), removed again afterwards."""
    git(repo, 'worktree', 'add', '--detach', '--quiet', str(path), commit)
    try:
        yield path
    finally:
        try:
            git(repo, 'worktree', 'remove', '--force', str(path))
        except subprocess.CalledProcessError:
            shutil.rmtree(path, ignore_errors=True)
            git(repo, 'worktree', 'prune')


# --------------------------------------------------------------------------------------------
# building one version


def run(name: str, command: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command of ``name``'s build; its output (stdout and stderr together) is returned,
    or carried by :class:`BuildFailed`."""
    result = subprocess.run(
        list(command),
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding='utf-8',
        errors='replace',
    )
    if result.returncode != 0:
        raise BuildFailed(name, command, result.stdout)
    return result.stdout


def install_arguments(checkout: Path, site: str) -> list[str]:
    """What ``pip install`` gets for a version's own environment: the repository itself when it
    is a Python project, and the first requirements file of the site folder or the top of the
    repository. Empty when the commit says nothing about what it needs."""
    args: list[str] = []
    if any((checkout / f).is_file() for f in PROJECT_FILES):
        args.append(str(checkout))
    for folder in (checkout / site, checkout):
        if (folder / REQUIREMENTS).is_file():
            args += ['-r', str(folder / REQUIREMENTS)]
            break
    return args


def clean_environment() -> dict[str, str]:
    """The environment of a build in its own interpreter: nothing that would let it import
    the packages of the interpreter running this command."""
    env = dict(os.environ)
    for var in ('PYTHONPATH', 'PYTHONHOME', 'VIRTUAL_ENV', '__PYVENV_LAUNCHER__'):
        env.pop(var, None)
    return env


def own_environment(name: str, checkout: Path, site: str, envdir: Path) -> Path:
    """A new virtual environment with what the version's commit asks for; its python."""
    args = install_arguments(checkout, site)
    if not args:
        raise VersionsError('versions-no-install', ref=name, site=site)
    env = clean_environment()
    run(name, [sys.executable, '-m', 'venv', str(envdir)], cwd=envdir.parent, env=env)
    python = envdir / ('Scripts/python.exe' if os.name == 'nt' else 'bin/python')
    run(
        name,
        [str(python), '-m', 'pip', 'install', '--disable-pip-version-check', '-q', *args],
        cwd=envdir.parent,
        env=env,
    )
    return python


#: prints the disclosure_* settings the interpreter's sphinx-disclosure knows (none if too old)
PROBE = """
import json
try:
    from sphinx_disclosure.config import SETTINGS
    names = [s.name for s in SETTINGS]
except Exception:
    names = []
print(json.dumps(names))
"""


def known_settings(python: Path | None, cwd: Path) -> set[str]:
    """The ``disclosure_*`` settings of the sphinx-disclosure a build will use: a setting is
    given with ``-D`` only to a version that knows it (an older one would warn)."""
    if python is None:
        from .config import SETTINGS

        return {s.name for s in SETTINGS}
    result = subprocess.run(
        [str(python), '-c', PROBE],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=clean_environment(),
    )
    try:
        return set(json.loads(result.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        return set()


def sphinx_arguments(version: Version, known: set[str], defines: Sequence[str]) -> list[str]:
    """The ``-D`` settings of a version's build: which version it is, what was published before
    it (when the version's sphinx-disclosure knows these settings), then the caller's."""
    args = []
    if 'disclosure_version' in known:
        args += ['-D', f'disclosure_version={version.name}']
    if version.previous and 'disclosure_published' in known:
        args += ['-D', f'disclosure_published=git:{version.previous}']
    for define in defines:
        args += ['-D', define]
    return args


def build_version(
    version: Version,
    *,
    repo: Path,
    site: str,
    work: Path,
    same_env: bool,
    pdf: bool,
    defines: Sequence[str] = (),
    progress: Callable[[Msg], None] = lambda msg: None,
) -> Built:
    """Check out one version and build it (HTML; with ``pdf`` the LaTeX PDFs first) into
    ``work/<name>/build``. The checkout is removed afterwards; the output stays."""
    base = work / version.name
    base.mkdir(parents=True)
    build = base / 'build'
    progress(
        word('versions-building', name=version.name, ref=version.ref, commit=version.commit[:12])
    )
    with worktree(repo, version.commit, base / 'checkout') as checkout:
        srcdir = checkout / site
        python: Path | None = None
        if not same_env:
            progress(word('versions-installing', name=version.name))
            python = own_environment(version.name, checkout, site, base / 'env')
        args = sphinx_arguments(version, known_settings(python, base), defines)
        interpreter = str(python or sys.executable)
        env = clean_environment() if python else None
        if pdf:
            progress(word('versions-step-pdf', name=version.name))
            latex = [interpreter, '-m', 'sphinx', '-M', 'latexpdf', str(srcdir), str(build)]
            run(version.name, [*latex, *args, '-q'], cwd=base, env=env)
        progress(word('versions-step-html', name=version.name))
        html_cmd = [interpreter, '-m', 'sphinx', '-M', 'html', str(srcdir), str(build)]
        warnings = run(version.name, [*html_cmd, *args, '-q'], cwd=base, env=env)
        if warnings.strip():
            progress(Msg('{text}', {'text': warnings.rstrip()}))
    built = Built(version, build / 'html')
    if pdf:
        built.pdfs = site_pdfs(build / 'latex', built.html)
    return built


def site_pdfs(latex: Path, html_dir: Path) -> list[Path]:
    """The PDFs of the LaTeX build that are not a report's own (those the HTML build copied
    beside their pages): the whole site's."""
    from .render.latex import report_file_name

    beside_pages = {
        report_file_name(p.relative_to(html_dir).with_suffix('').as_posix())
        for p in html_dir.rglob('*.pdf')
        if not p.relative_to(html_dir).parts[0].startswith('_')
    }
    return sorted(p for p in latex.glob('*.pdf') if p.stem not in beside_pages)


# --------------------------------------------------------------------------------------------
# the tree


def entries(built: Sequence[Built], latest: str) -> list[dict]:
    """The content of ``versions.json``: the alias ``latest`` first, then every version in the
    order of :func:`find_versions`. URLs are relative to ``versions.json`` and end in ``/``."""
    versions = []
    for b in built:
        v = b.version
        entry = {
            'name': v.name,
            'title': v.ref,
            'url': f'{v.name}/',
            'kind': v.kind,
            'published': v.published,
            'latest': v.name == latest,
        }
        if b.pdfs:
            entry['pdfs'] = [f'{v.name}/{DOWNLOADS}/{quote(p.name)}' for p in b.pdfs]
        versions.append(entry)
    target = next(e for e in versions if e['name'] == latest)
    alias = {
        'name': LATEST,
        'title': LATEST,
        'url': f'{LATEST}/',
        'kind': 'alias',
        'published': target['published'],
        'latest': False,
        'alias_of': latest,
    }
    return [alias, *versions]


def choose_latest(versions: Sequence[Version], latest: str | None) -> str:
    """The name of the latest version: the one asked for (by ref or name), else the newest tag,
    else (no tag built) the first version."""
    if latest is not None:
        for v in versions:
            if latest in (v.ref, v.name):
                return v.name
        raise VersionsError(
            'versions-latest-unknown', ref=latest, names=', '.join(v.name for v in versions)
        )
    for v in versions:
        if v.kind == 'tag':
            return v.name
    return versions[0].name


def redirect_page(target: str, text: str, language: str) -> str:
    """A page that sends the reader to ``target`` (a relative URL, already quoted): a refresh
    for browsers without scripts, a script that keeps the query and the #fragment (a cell
    anchor), and a link."""
    href = html.escape(target, quote=True)
    script = json.dumps(target).replace('</', '<\\/')
    lang = 'zh-CN' if language == 'zh_CN' else 'en'
    title = html.escape(render(word('versions-redirect', target=text), language))
    return (
        '<!DOCTYPE html>\n'
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<title>{title}</title>\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<link rel="canonical" href="{href}">\n'
        f'<script>location.replace({script} + location.search + location.hash);</script>\n'
        '</head>\n<body>\n'
        f'<p><a href="{href}">{html.escape(text)}</a></p>\n'
        '</body>\n</html>\n'
    )


def html_pages(folder: Path) -> Iterator[str]:
    """The pages of a version's output (POSIX paths), not those in Sphinx's ``_`` folders."""
    for path in sorted(folder.rglob('*.html')):
        rel = path.relative_to(folder)
        if not any(part.startswith(('_', '.')) for part in rel.parts[:-1]):
            yield rel.as_posix()


def write_tree(out: Path, built: Sequence[Built], latest: str, language: str) -> list[dict]:
    """Put the built versions into ``out`` (replacing a tree written before), with
    ``versions.json``, the root redirect, the ``latest`` redirects and ``.nojekyll``."""
    if out.exists() and any(out.iterdir()):
        if not (out / 'versions.json').is_file():
            raise VersionsError('versions-out-not-tree', path=str(out))
        for child in out.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    out.mkdir(parents=True, exist_ok=True)
    for b in built:
        shutil.copytree(b.html, out / b.version.name)
        if b.pdfs:
            downloads = out / b.version.name / DOWNLOADS
            downloads.mkdir(exist_ok=True)
            for pdf in b.pdfs:
                shutil.copy2(pdf, downloads / pdf.name)
    versions = entries(built, latest)
    (out / 'versions.json').write_text(
        json.dumps(versions, ensure_ascii=False, indent=2) + '\n', encoding='utf-8'
    )
    (out / '.nojekyll').write_text('', encoding='utf-8')
    (out / 'index.html').write_text(
        redirect_page(f'{quote(latest)}/index.html', latest, language), encoding='utf-8'
    )
    for page in html_pages(out / latest):
        depth = page.count('/')
        target = '../' * (depth + 1) + quote(f'{latest}/{page}')
        path = out / LATEST / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(redirect_page(target, f'{latest}/{page}', language), encoding='utf-8')
    return versions


def build_tree(
    source: Path,
    out: Path,
    *,
    refs: Sequence[str] | None = None,
    latest: str | None = None,
    current: bool = True,
    current_name: str | None = None,
    same_env: bool = False,
    pdf: bool = False,
    defines: Sequence[str] = (),
    language: str = 'zh_CN',
    progress: Callable[[Msg], None] = lambda msg: None,
) -> list[dict]:
    """Build every version of the site at ``source`` into the tree ``out`` (see the module's
    docstring); returns the content of ``versions.json``. ``out`` is written only when every
    version has built."""
    repo, site, versions = find_versions(
        source, refs, current=current, current_name=current_name, notice=progress
    )
    latest_name = choose_latest(versions, latest)
    out = out.resolve()
    if out.exists() and any(out.iterdir()) and not (out / 'versions.json').is_file():
        raise VersionsError('versions-out-not-tree', path=str(out))
    with tempfile.TemporaryDirectory(prefix='disclosure-versions-') as tmp:
        work = Path(tmp)
        built = [
            build_version(
                v,
                repo=repo,
                site=site,
                work=work,
                same_env=same_env,
                pdf=pdf,
                defines=defines,
                progress=progress,
            )
            for v in versions
        ]
        result = write_tree(out, built, latest_name, language)
    progress(word('versions-done', count=len(built), out=str(out), latest=latest_name))
    return result
