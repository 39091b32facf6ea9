"""Versions: every tag of a site built into one static tree, and the switcher on its pages.

A test repository is made here: a tiny site (an index, two reports), committed and tagged
``v2025.1`` on 2025-01-20; then one report's text changed, one page removed, another added,
committed and tagged ``v2025.2`` (annotated) on 2025-03-05. ``sphinx-disclosure versions``
builds it as a reader will get it on GitHub Pages; the browser tests serve that tree over HTTP
on 127.0.0.1 and use the switcher in Debian's Chromium, in each of the four themes.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from sphinx_disclosure.versions import Version, natural_key, order, sphinx_arguments

from .conftest import ROOT
from .reports import report

FIRST = '2025-01-20T10:00:00+08:00'
SECOND = '2025-03-05T09:00:00+08:00'
TAGS = ('v2025.1', 'v2025.2')
THEMES = ('alabaster', 'furo', 'sphinx_rtd_theme', 'pydata_sphinx_theme')

#: the correction v2025.2 declares (the corrections check of its build compares with v2025.1)
REVISION = {
    'date': '2025-03-01',
    'reason': '更正总体情况的表述。',
    'changes': [{'key': 'sections.overview[0]', 'old': '第一次发布的总体情况。'}],
}

CONF = """\
project = '测试县政府信息公开'
extensions = ['sphinx_disclosure']
language = 'zh_CN'
exclude_patterns = ['_build']
"""
INDEX = """\
测试县政府信息公开
==================

.. toctree::
   :glob:

   reports/*
"""


def git(repo: Path, *args: str, date: str = FIRST) -> str:
    env = {
        **os.environ,
        'GIT_AUTHOR_NAME': '测试县',
        'GIT_AUTHOR_EMAIL': 'office@example.org',
        'GIT_COMMITTER_NAME': '测试县',
        'GIT_COMMITTER_EMAIL': 'office@example.org',
        'GIT_AUTHOR_DATE': date,
        'GIT_COMMITTER_DATE': date,
        'GIT_CONFIG_GLOBAL': os.devnull,
        'GIT_CONFIG_NOSYSTEM': '1',
    }
    done = subprocess.run(['git', '-C', str(repo), *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def write_report(site: Path, name: str, agency: str, overview: str, **extra) -> None:
    data = report('2021', year=2024, agency=agency, **extra)
    data['sections']['overview'] = [overview]
    folder = site / 'reports'
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f'{name}.yaml').write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding='utf-8'
    )
    (folder / f'{name}.rst').write_text(f'.. disclosure-report:: {name}.yaml\n', encoding='utf-8')


def make_repository(repo: Path, package: bool = False, declared: bool = True) -> Path:
    """The test repository (see the module's docstring); returns the site's folder. With
    ``package``, the repository also holds this project (as the repository of sphinx-disclosure
    holds its example site), so that a version's own environment installs it from the tag.
    ``declared``: v2025.2 declares its change of the transport report (a revision)."""
    site = repo / 'site'
    site.mkdir(parents=True)
    (site / 'conf.py').write_text(CONF, encoding='utf-8')
    (site / 'index.rst').write_text(INDEX, encoding='utf-8')
    write_report(site, 'transport', '测试县交通运输局', '第一次发布的总体情况。')
    write_report(site, 'education', '测试县教育局', '教育局的总体情况。')
    if package:
        for name in ('pyproject.toml', 'README.md', 'LICENSE'):
            shutil.copy2(ROOT / name, repo / name)
        shutil.copytree(
            ROOT / 'sphinx_disclosure',
            repo / 'sphinx_disclosure',
            ignore=shutil.ignore_patterns('__pycache__'),
        )
    git(repo, 'init', '-q', '-b', 'main')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', '第一次发布')
    git(repo, 'tag', 'v2025.1')
    revisions = {'revisions': [REVISION]} if declared else {}
    write_report(site, 'transport', '测试县交通运输局', '更正后的总体情况。', **revisions)
    (site / 'reports' / 'education.rst').unlink()
    (site / 'reports' / 'education.yaml').unlink()
    write_report(site, 'health', '测试县卫生健康委员会', '卫生健康委员会的总体情况。')
    git(repo, 'add', '-A', date=SECOND)
    git(repo, 'commit', '-q', '-m', '第二次发布', date=SECOND)
    git(repo, 'tag', '-a', 'v2025.2', '-m', '第二次发布', date=SECOND)
    return site


def versions(*args: str) -> subprocess.CompletedProcess:
    """``sphinx-disclosure versions …`` as a reader's shell runs it (messages in Chinese)."""
    env = {**os.environ, 'LC_ALL': 'C.UTF-8', 'LANG': 'C.UTF-8'}
    return subprocess.run(
        [sys.executable, '-m', 'sphinx_disclosure', 'versions', *args],
        capture_output=True,
        text=True,
        env=env,
    )


def read(path: Path) -> str:
    return path.read_text(encoding='utf-8')


def overview(page: Path) -> str:
    """The text of a report page's 一、总体情况."""
    from bs4 import BeautifulSoup

    section = BeautifulSoup(read(page), 'html.parser').find('section', id='sec-1')
    return ' '.join(p.get_text(strip=True) for p in section.find_all('p'))


@pytest.fixture(scope='module')
def site(tmp_path_factory) -> Path:
    return make_repository(tmp_path_factory.mktemp('versions-repo'))


@pytest.fixture(scope='module')
def built(site, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp('versions-tree') / '_site'
    done = versions(str(site), str(out), '--same-env')
    assert done.returncode == 0, done.stderr
    return out, done.stderr


@pytest.fixture(scope='module')
def tree(built) -> Path:
    return built[0]


# --------------------------------------------------------------------------------------------
# the tree


def test_tree_holds_every_version_with_its_own_pages(site, tree):
    head = git(site.parent, 'rev-parse', 'HEAD')
    assert sorted(p.name for p in tree.iterdir()) == [
        '.nojekyll',
        'index.html',
        'latest',
        'main',
        'v2025.1',
        'v2025.2',
        'versions.json',
    ]
    assert read(tree / '.nojekyll') == ''  # GitHub Pages keeps _static/ only with it
    assert head == git(site.parent, 'rev-parse', 'v2025.2^{commit}')
    pages = {
        name: sorted(p.name for p in (tree / name / 'reports').glob('*.html'))
        for name in ('main', 'v2025.1', 'v2025.2')
    }
    assert pages == {
        'main': ['health.html', 'transport.html'],
        'v2025.1': ['education.html', 'transport.html'],
        'v2025.2': ['health.html', 'transport.html'],
    }
    assert overview(tree / 'v2025.1' / 'reports' / 'transport.html') == '第一次发布的总体情况。'
    assert overview(tree / 'v2025.2' / 'reports' / 'transport.html') == '更正后的总体情况。'
    assert overview(tree / 'v2025.1' / 'reports' / 'education.html') == '教育局的总体情况。'
    assert overview(tree / 'v2025.2' / 'reports' / 'health.html') == '卫生健康委员会的总体情况。'
    # each version's pages know which version they are, and load the switcher
    for name in ('main', 'v2025.1', 'v2025.2'):
        page = read(tree / name / 'reports' / 'transport.html')
        assert f'data-version="{name}"' in page
        assert '_static/disclosure_versions.js' in page
        assert (tree / name / '_static' / 'disclosure_versions.js').is_file()


def test_progress_is_reported_and_the_builds_are_clean(site, built):
    """One line per step, in Chinese; no warning from any build: v2025.2 is checked against
    v2025.1 (``disclosure_published=git:v2025.1``) and declares its change."""
    out, stderr = built
    first, second = (git(site.parent, 'rev-parse', f'{t}^{{commit}}')[:12] for t in TAGS)
    assert stderr.splitlines() == [
        f'main：检出 main（{second}）',
        'main：生成 HTML 页面',
        f'v2025.2：检出 v2025.2（{second}）',
        'v2025.2：生成 HTML 页面',
        f'v2025.1：检出 v2025.1（{first}）',
        'v2025.1：生成 HTML 页面',
        f'已将 3 个版本写入 {out}；最新版本为 v2025.2。',
    ]


def test_each_tag_is_checked_against_the_tag_before_it(tmp_path):
    site = make_repository(tmp_path / 'repo', declared=False)
    out = tmp_path / 'out'
    done = versions(str(site), str(out), '--same-env', '--refs', 'v2025.1', 'v2025.2')
    assert done.returncode == 0, done.stderr
    # the change of v2025.2 is not declared: its build says so (RC.2), on the page too
    assert 'RC.2' in done.stderr
    assert 'RC.2' in read(out / 'v2025.2' / 'reports' / 'transport.html')
    # v2025.1 has no tag before it; the current branch is checked against the newest tag
    assert 'RC.2' not in read(out / 'v2025.1' / 'reports' / 'transport.html')
    assert 'RC.2' not in read(out / 'main' / 'reports' / 'transport.html')


def test_versions_json(tree):
    assert json.loads(read(tree / 'versions.json')) == [
        {
            'name': 'latest',
            'title': 'latest',
            'url': 'latest/',
            'kind': 'alias',
            'published': '2025-03-05',
            'latest': False,
            'alias_of': 'v2025.2',
        },
        {
            'name': 'main',
            'title': 'main',
            'url': 'main/',
            'kind': 'branch',
            'published': None,
            'latest': False,
        },
        {
            'name': 'v2025.2',
            'title': 'v2025.2',
            'url': 'v2025.2/',
            'kind': 'tag',
            'published': '2025-03-05',
            'latest': True,
        },
        {
            'name': 'v2025.1',
            'title': 'v2025.1',
            'url': 'v2025.1/',
            'kind': 'tag',
            'published': '2025-01-20',
            'latest': False,
        },
    ]


def test_root_and_latest_redirect_to_the_latest_version(tree):
    root = read(tree / 'index.html')
    assert '<meta http-equiv="refresh" content="0; url=v2025.2/index.html">' in root
    assert '<a href="v2025.2/index.html">' in root
    page = read(tree / 'latest' / 'reports' / 'transport.html')
    target = '../../v2025.2/reports/transport.html'
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
    # the script keeps a #fragment (a cell's anchor) that a refresh would lose
    assert f'location.replace("{target}" + location.search + location.hash)' in page
    assert sorted(p.name for p in (tree / 'latest' / 'reports').iterdir()) == [
        'health.html',
        'transport.html',
    ]
    assert not (tree / 'latest' / '_static').exists()


def test_choosing_refs_latest_and_leaving_out_the_branch(site, tmp_path):
    out = tmp_path / 'out'
    done = versions(str(site), str(out), '--same-env', '--refs', 'v2025.1', '--no-current')
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        '.nojekyll',
        'index.html',
        'latest',
        'v2025.1',
        'versions.json',
    ]
    listed = json.loads(read(out / 'versions.json'))
    assert [(e['name'], e['latest']) for e in listed] == [('latest', False), ('v2025.1', True)]
    assert 'url=v2025.1/index.html' in read(out / 'index.html')
    # written again over a tree written before: the folder of v2025.1 is replaced
    done = versions(str(site), str(out), '--same-env', '--no-current', '--latest', 'v2025.1')
    assert done.returncode == 0, done.stderr
    listed = json.loads(read(out / 'versions.json'))
    assert [(e['name'], e['latest']) for e in listed] == [
        ('latest', False),
        ('v2025.2', False),
        ('v2025.1', True),
    ]
    assert 'url=v2025.1/index.html' in read(out / 'index.html')
    assert (out / 'latest' / 'reports' / 'education.html').is_file()


def test_usage_mistakes_exit_2_with_the_reason(site, tmp_path):
    out = tmp_path / 'out'
    done = versions(str(site), str(out), '--same-env', '--latest', 'v2024')
    assert done.returncode == 2
    assert '--latest v2024 不在所构建的版本之中（main, v2025.2, v2025.1）。' in done.stderr
    done = versions(str(site), str(out), '--same-env', '--refs', 'v2099')
    assert done.returncode == 2
    assert 'v2099 既不是仓库的标签，也不是分支。' in done.stderr
    taken = tmp_path / 'taken'
    taken.mkdir()
    (taken / 'notes.txt').write_text('mine', encoding='utf-8')
    done = versions(str(site), str(taken), '--same-env')
    assert done.returncode == 2
    assert '不是空文件夹，其中也没有 versions.json' in done.stderr
    assert read(taken / 'notes.txt') == 'mine'
    plain = tmp_path / 'plain'
    plain.mkdir()
    done = versions(str(plain), str(out), '--same-env')
    assert done.returncode == 2
    assert '不在 git 仓库中' in done.stderr
    assert not out.exists()


def test_a_tag_without_the_site_is_left_out(tmp_path):
    repo = tmp_path / 'repo'
    repo.mkdir()
    (repo / 'README').write_text('before the site\n', encoding='utf-8')
    git(repo, 'init', '-q', '-b', 'main')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'start')
    git(repo, 'tag', 'v0.1')
    site = repo / 'site'
    site.mkdir()
    (site / 'conf.py').write_text(CONF, encoding='utf-8')
    (site / 'index.rst').write_text('首页\n====\n', encoding='utf-8')
    git(repo, 'add', '-A', date=SECOND)
    git(repo, 'commit', '-q', '-m', 'site', date=SECOND)
    git(repo, 'tag', 'v1.0', date=SECOND)
    done = versions(str(site), str(tmp_path / 'out'), '--same-env', '--no-current')
    assert done.returncode == 0, done.stderr
    assert 'v0.1 中没有 site/conf.py（其中没有这个网站），不构建。' in done.stderr
    names = [e['name'] for e in json.loads(read(tmp_path / 'out' / 'versions.json'))]
    assert names == ['latest', 'v1.0']


def test_order_newest_commit_first_then_name():
    def v(ref: str, stamp: int) -> Version:
        return Version(name=ref, ref=ref, commit='0' * 40, kind='tag', timestamp=stamp)

    tags = [v('v2025.9', 100), v('v2024.1', 50), v('v2025.10', 100), v('v2025.2', 200)]
    assert [t.ref for t in order(tags)] == ['v2025.2', 'v2025.10', 'v2025.9', 'v2024.1']
    assert natural_key('v2025.10') > natural_key('v2025.9')


def test_settings_are_given_only_to_a_version_that_knows_them():
    tag = Version(name='v2', ref='v2', commit='0' * 40, kind='tag', timestamp=0, previous='v1')
    both = {'disclosure_version', 'disclosure_published'}
    assert sphinx_arguments(tag, both, ['html_theme=furo']) == [
        '-D',
        'disclosure_version=v2',
        '-D',
        'disclosure_published=git:v1',
        '-D',
        'html_theme=furo',
    ]
    assert sphinx_arguments(tag, {'disclosure_version'}, []) == ['-D', 'disclosure_version=v2']
    assert sphinx_arguments(tag, set(), []) == []  # built by a release without versions


def test_a_site_without_versions_loads_no_switcher(tmp_path, make_app):
    from .conftest import write_site

    src = write_site(tmp_path / 'plain', {'index.rst': '首页\n====\n'})
    app = make_app('html', srcdir=src)
    app.build()
    page = read(Path(app.outdir) / 'index.html')
    assert 'disclosure_versions' not in page
    src = write_site(
        tmp_path / 'versioned', {'index.rst': '首页\n====\n'}, conf="disclosure_version = 'v1'\n"
    )
    app = make_app('html', srcdir=src)
    app.build()
    page = read(Path(app.outdir) / 'index.html')
    assert 'data-version="v1"' in page
    assert '_static/disclosure_versions.css' in page
    # the words, from the message catalogue, in the script's data attributes (escaped by Sphinx)
    assert '&quot;label&quot;: &quot;版本&quot;' in page
    assert '&quot;latest&quot;: &quot;最新发布：{version}&quot;' in page


def test_a_version_builds_in_its_own_environment(tmp_path):
    """Without --same-env, a version is built by the packages its own commit asks for: the
    repository's project (here a copy of sphinx-disclosure) and the site's requirements.txt,
    which pins a Sphinx other than the one running the tests; the page's footer names it."""
    import sphinx

    pinned = '8.2.3' if sphinx.__version__ != '8.2.3' else '9.0.4'
    repo = tmp_path / 'repo'
    site = make_repository(repo, package=True)
    (site / 'requirements.txt').write_text(f'sphinx=={pinned}\n', encoding='utf-8')
    git(repo, 'add', '-A', date=SECOND)
    git(repo, 'commit', '-q', '-m', 'requirements', date=SECOND)
    git(repo, 'tag', 'v2025.3', date=SECOND)
    out = tmp_path / 'out'
    done = versions(str(site), str(out), '--refs', 'v2025.3', '--no-current')
    assert done.returncode == 0, done.stderr
    assert 'v2025.3：在独立的环境中安装构建所需的软件包' in done.stderr
    page = read(out / 'v2025.3' / 'reports' / 'transport.html')
    assert f'Sphinx {pinned}' in page
    assert f'Sphinx {sphinx.__version__}' not in page
    assert 'data-version="v2025.3"' in page


@pytest.mark.tex
def test_pdfs_beside_pages_and_the_site_pdf_in_downloads(site, tmp_path):
    out = tmp_path / 'out'
    done = versions(str(site), str(out), '--same-env', '--pdf', '--refs', 'v2025.2', '--no-current')
    assert done.returncode == 0, done.stderr
    for name in ('transport', 'health'):
        pdf = out / 'v2025.2' / 'reports' / f'{name}.pdf'
        assert pdf.read_bytes()[:5] == b'%PDF-', name
        assert f'href="{name}.pdf"' in read(out / 'v2025.2' / 'reports' / f'{name}.html')
    site_pdfs = sorted(p.name for p in (out / 'v2025.2' / '_downloads').iterdir())
    assert len(site_pdfs) == 1 and site_pdfs[0].endswith('.pdf')
    entry = json.loads(read(out / 'versions.json'))[1]
    assert entry['pdfs'] == [f'v2025.2/_downloads/{site_pdfs[0]}']


# --------------------------------------------------------------------------------------------
# the switcher in Chromium


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope='module')
def served(site, tmp_path_factory):
    """The tree built once per theme (``-D html_theme=…``), under ``/<theme>/`` of a static
    server on 127.0.0.1 — a sub-path, like a GitHub Pages project site."""
    root = tmp_path_factory.mktemp('versions-served')
    server = http.server.ThreadingHTTPServer(
        ('127.0.0.1', 0), functools.partial(QuietHandler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    built: dict[str, str] = {}

    def tree_of(theme: str) -> str:
        if theme not in built:
            out = root / theme
            done = versions(
                str(site), str(out), '--same-env', '--no-current', '-D', f'html_theme={theme}'
            )
            assert done.returncode == 0, done.stderr
            built[theme] = f'http://127.0.0.1:{server.server_address[1]}/{theme}/'
        return built[theme]

    yield tree_of, root
    server.shutdown()
    thread.join()


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={'width': 1280, 'height': 800})
    dialogs: list[str] = []
    page.on('dialog', lambda d: (dialogs.append(d.message), d.dismiss()))
    yield page
    page.close()
    assert dialogs == []  # never an alert, whatever fails


SWITCHER = 'nav.disclosure-versions'


def open_switcher(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(f'{SWITCHER}[data-state="ready"]', state='attached')


@pytest.mark.browser
@pytest.mark.parametrize('theme', THEMES)
def test_switcher_lists_versions_and_keeps_the_page(served, page, theme, tmp_path):
    tree_of, _ = served
    base = tree_of(theme)
    open_switcher(page, base + 'v2025.1/reports/transport.html')
    summary = page.locator(f'{SWITCHER} summary')
    assert summary.inner_text().split() == ['版本', 'v2025.1', '·', '非最新版本']
    # drawn above the theme: the point at the middle of the control is the control
    assert page.evaluate(
        """() => { const s = document.querySelector('nav.disclosure-versions summary');
                   const b = s.getBoundingClientRect();
                   return s.contains(document.elementFromPoint(b.x + b.width / 2,
                                                               b.y + b.height / 2)); }"""
    ), theme
    summary.click()
    names = page.locator(f'{SWITCHER} .disclosure-versions-name').all_inner_texts()
    assert names == ['最新发布：v2025.2', 'v2025.2', 'v2025.1']
    current = page.locator(f'{SWITCHER} a[aria-current="page"]')
    assert current.count() == 1 and current.inner_text().startswith('v2025.1')
    dates = page.locator(f'{SWITCHER} .disclosure-versions-date').all_inner_texts()
    assert dates == ['2025-03-05发布', '2025-03-05发布', '2025-01-20发布']
    for link in page.locator(f'{SWITCHER} a').all():
        assert link.is_visible(), theme
    shot = tmp_path / f'switcher-{theme}.png'
    page.mouse.move(5, 5)  # no hover on the list in the picture
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000, f'screenshot of the switcher in {theme}: {shot}'
    # the same report in the other version, at the same table
    page.goto(base + 'v2025.1/reports/transport.html#applications')  # the reader moves on
    page.locator(f'{SWITCHER} a.disclosure-versions-link', has_text='v2025.2').last.click()
    page.wait_for_url(base + 'v2025.2/reports/transport.html#applications')
    assert '更正后的总体情况。' in page.inner_text('body'), f'{theme}: {shot}'
    # a page the other version does not have: that version's home page
    open_switcher(page, base + 'v2025.1/reports/education.html')
    summary.click()
    page.locator(f'{SWITCHER} a.disclosure-versions-link', has_text='v2025.2').last.click()
    page.wait_for_url(base + 'v2025.2/')
    open_switcher(page, base + 'v2025.2/reports/health.html')
    assert summary.inner_text().split() == ['版本', 'v2025.2']  # the latest: no note
    summary.click()
    page.locator(f'{SWITCHER} a.disclosure-versions-link', has_text='v2025.1').click()
    page.wait_for_url(base + 'v2025.1/')


@pytest.mark.browser
@pytest.mark.parametrize('theme', THEMES)
def test_switcher_is_used_with_the_keyboard(served, page, theme, tmp_path):
    tree_of, _ = served
    base = tree_of(theme)
    open_switcher(page, base + 'v2025.2/reports/transport.html')
    for _ in range(300):  # Tab through the page until the control has the focus
        page.keyboard.press('Tab')
        if page.evaluate(
            "document.activeElement === document.querySelector('nav.disclosure-versions summary')"
        ):
            break
    else:
        pytest.fail(f'{theme}: Tab never reaches the version switcher')
    page.keyboard.press('Enter')
    assert page.locator(f'{SWITCHER} details').get_attribute('open') is not None
    page.keyboard.press('Escape')  # closes, the focus back on the control
    assert page.locator(f'{SWITCHER} details').get_attribute('open') is None
    page.keyboard.press('Enter')
    order = []
    for _ in range(3):
        page.keyboard.press('Tab')
        order.append(page.evaluate('document.activeElement.textContent'))
    assert order == [
        '最新发布：v2025.22025-03-05发布',
        'v2025.22025-03-05发布',
        'v2025.12025-01-20发布',
    ]
    # the focused entry is drawn with a visible outline
    outline = page.evaluate('getComputedStyle(document.activeElement).outlineStyle')
    assert outline == 'solid', theme
    shot = tmp_path / f'switcher-keyboard-{theme}.png'
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000, f'screenshot of the focused switcher in {theme}: {shot}'
    page.keyboard.press('Enter')
    page.wait_for_url(base + 'v2025.1/reports/transport.html')
    assert '第一次发布的总体情况。' in page.inner_text('body')


@pytest.mark.browser
def test_switcher_from_a_file_says_quietly_that_it_has_no_list(served, page):
    tree_of, root = served
    tree_of('alabaster')
    page.goto((root / 'alabaster' / 'v2025.1' / 'reports' / 'transport.html').as_uri())
    page.wait_for_selector(f'{SWITCHER}[data-state="unavailable"]', state='attached')
    page.locator(f'{SWITCHER} summary').click()
    assert page.locator(f'{SWITCHER} summary').inner_text().split() == ['版本', 'v2025.1']
    assert page.locator(f'{SWITCHER} li').all_inner_texts() == ['此处无法载入版本列表。']


# --------------------------------------------------------------------------------------------
# the GitHub Pages workflow (GitHub Actions cannot run here: its commands are run by the tests
# above; this checks what only the workflow file says)


def test_pages_workflow_builds_every_version_and_deploys_with_the_official_actions():
    flow = yaml.safe_load(read(ROOT / '.github' / 'workflows' / 'pages.yml'))
    triggers = flow[True]  # YAML 1.1 reads the key on: as true
    assert triggers['push'] == {'branches': ['main'], 'tags': ['**']}
    build, deploy = flow['jobs']['build'], flow['jobs']['deploy']
    assert flow['concurrency']['group'] == 'pages'
    assert deploy['needs'] == 'build'
    assert deploy['permissions'] == {'pages': 'write', 'id-token': 'write'}
    steps = build['steps'] + deploy['steps']
    uses = [s['uses'] for s in steps if 'uses' in s]
    assert uses == [
        'actions/checkout@v4',
        'actions/setup-python@v5',
        'actions/configure-pages@v5',
        'actions/upload-pages-artifact@v3',
        'actions/deploy-pages@v4',
    ]
    checkout = build['steps'][0]['with']
    assert checkout['fetch-depth'] == 0 and checkout['fetch-tags'] is True  # every tag's history
    runs = [s['run'] for s in build['steps'] if 'run' in s]
    assert 'sphinx-disclosure versions example_site _site --pdf' in runs
    assert build['steps'][-1]['with']['path'] == '_site'
    # the TeX and fonts of tools/install-system-deps.sh (not the browser, not poppler)
    script = read(ROOT / 'tools' / 'install-system-deps.sh')
    wanted = set(script.split('packages=(')[1].split(')')[0].split()) - {
        'chromium',
        'poppler-utils',
    }
    apt = next(r for r in runs if 'apt-get install' in r)
    assert wanted <= set(apt.replace('\\', ' ').split())
