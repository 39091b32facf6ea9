"""Shared fixtures: real Sphinx builds of small sites written by the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

pytest_plugins = ('sphinx.testing.fixtures',)

ROOT = Path(__file__).resolve().parent.parent


#: what the tests of a marker run, and the Debian package that has it
NEEDS = {
    'tex': {
        'xelatex': 'texlive-xetex',
        'latexmk': 'latexmk',
        'pdftotext': 'poppler-utils',
        'pdfinfo': 'poppler-utils',
        'pdffonts': 'poppler-utils',
    },
    'browser': {'chromium': 'chromium'},
}


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test that needs Chromium or TeX fails at once, in one line naming what is missing (never
    a skip: a missing tool must not pass as a tested feature)."""
    for marker, tools in NEEDS.items():
        if item.get_closest_marker(marker) is None:
            continue
        for tool, package in tools.items():
            if tool == 'chromium' and os.environ.get('DISCLOSURE_CHROMIUM'):
                continue
            if shutil.which(tool) is None:
                pytest.fail(
                    f'needs {tool} (Debian package {package}), which is not installed: '
                    'run tools/install-system-deps.sh',
                    pytrace=False,
                )


@pytest.fixture(scope='session')
def rootdir() -> Path:
    return Path(__file__).parent / 'roots'


def write_site(path: Path, files: dict[str, object], conf: str = '') -> Path:
    """Write a Sphinx project: ``files`` maps relative names to text or to YAML data."""
    path.mkdir(parents=True, exist_ok=True)
    conf_text = textwrap.dedent("""
        extensions = ['sphinx_disclosure', 'myst_parser']
        language = 'zh_CN'
        exclude_patterns = ['_build']
        """) + textwrap.dedent(conf)
    (path / 'conf.py').write_text(conf_text, encoding='utf-8')
    for name, content in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not isinstance(content, str):
            content = yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
        target.write_text(content, encoding='utf-8')
    return path


@pytest.fixture
def site(tmp_path, make_app):
    """Build a site from files; returns (app, warnings text)."""

    def build(files: dict[str, object], builder: str = 'html', conf: str = '', **kwargs):
        src = write_site(tmp_path / 'src', files, conf)
        app = make_app(builder, srcdir=src, **kwargs)
        app.build()
        return app, app.warning.getvalue()

    return build


# --------------------------------------------------------------------------------------------
# real sphinx-build runs and Debian's Chromium, shared by the test modules


def sphinx_build(
    source: str | Path, out: str | Path, *options: str, builder: str = 'html'
) -> subprocess.CompletedProcess:
    """``python -m sphinx --no-color -W -b BUILDER [OPTIONS] SOURCE OUT`` in a process of its
    own, as a user runs it (warnings are errors); the caller asserts on the result."""
    return subprocess.run(
        [sys.executable, '-m', 'sphinx', '--no-color', '-W', '-b', builder, *options]
        + [str(source), str(out)],
        capture_output=True,
        text=True,
    )


#: flags Debian's Chromium needs here (no sandbox as root, no GPU) and that keep it off the
#: network (no background fetches, no updates)
CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
]


def chromium() -> str:
    """The Chromium binary: ``DISCLOSURE_CHROMIUM``, else Debian's."""
    path = (
        os.environ.get('DISCLOSURE_CHROMIUM')
        or shutil.which('chromium')
        or shutil.which('chromium-browser')
    )
    assert path, 'Chromium is needed for the browser tests: apt-get install chromium'
    return path


@pytest.fixture(scope='module')
def browser():
    """Chromium driven by Playwright, once per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope='session')
def report_pages(tmp_path_factory):
    """The HTML of a real build of one full report per format (``'2019'``, ``'2021'``), parsed:
    read by the tests of the tables' labels and spans and of their header associations."""
    from bs4 import BeautifulSoup
    from sphinx.testing.util import SphinxTestApp

    from .reports import report

    out = {}
    for form_id in ('2019', '2021'):
        src = write_site(
            tmp_path_factory.mktemp(f'form{form_id}'),
            {'index.rst': '.. disclosure-report:: report.yaml\n', 'report.yaml': report(form_id)},
        )
        app = SphinxTestApp('html', srcdir=src)
        try:
            app.build()
            assert app.warning.getvalue() == ''
            html = (app.outdir / 'index.html').read_text(encoding='utf-8')
        finally:
            app.cleanup()
        out[form_id] = BeautifulSoup(html, 'html.parser')
    return out
