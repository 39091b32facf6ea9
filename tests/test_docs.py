"""The project's documentation builds with -W, and its YAML reference covers every key."""

from __future__ import annotations

import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from sphinx_disclosure.forms import all_forms
from sphinx_disclosure.schema import published_schema

from .conftest import ROOT, sphinx_build


@pytest.fixture(scope='module')
def docs(tmp_path_factory):
    out = tmp_path_factory.mktemp('docs-html')
    result = subprocess.run(
        [
            sys.executable,
            '-m',
            'sphinx',
            '--no-color',
            '-W',
            '-E',
            '-b',
            'html',
            str(ROOT / 'docs'),
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return out


def test_yaml_reference_lists_every_key(docs):
    text = BeautifulSoup(
        (docs / 'yaml-reference.html').read_text(encoding='utf-8'), 'html.parser'
    ).get_text()
    for key in published_schema()['properties']:
        assert key in text, key
    for form in all_forms().values():
        for table in form.tables.values():
            for key in table.keys:
                assert f'{table.id}.{key}' in text, (form.id, key)
    assert (docs / 'schema' / 'report.schema.json').is_file()


def test_tutorial_example_is_rendered(docs):
    page = BeautifulSoup((docs / 'tutorial.html').read_text(encoding='utf-8'), 'html.parser')
    assert page.find('table', id='applications') is not None
    assert '5分钟上手' in page.get_text()


def test_docs_latex_builds_without_warnings(tmp_path):
    result = sphinx_build(str(ROOT / 'docs'), str(tmp_path), builder='latex')
    assert result.returncode == 0, result.stderr


def test_pasted_check_output_is_current():
    """docs/rules.rst shows the real output of the command on a broken example: keep it true."""
    result = subprocess.run(
        [sys.executable, '-m', 'sphinx_disclosure', 'check', 'docs/examples/broken-2021.yaml'],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={'LANG': 'C.UTF-8', 'PATH': ''},
    )
    assert result.returncode == 1
    page = (ROOT / 'docs' / 'rules.rst').read_text(encoding='utf-8')
    for line in result.stdout.splitlines():
        assert f'   {line}\n' in page, line
