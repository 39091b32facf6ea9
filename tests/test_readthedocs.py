"""The build of ``.readthedocs.yaml``, run here as Read the Docs runs it.

Read the Docs builds a Sphinx project in steps: the jobs of the configuration (ours:
``pre_build`` makes every report's own PDF), the HTML build, then its own PDF build — ``sphinx
-b latex`` into ``$READTHEDOCS_OUTPUT/pdf`` and, in that folder, ``latexmk -r latexmkrc -pdf -f
-dvi- -ps- -jobname=<project slug> -interaction=nonstopmode`` with no file name, after which the
folder must hold exactly one PDF. Every step passes ``-D language=<the project's language>`` and
runs with ``READTHEDOCS=True``. These tests run the same commands, in the same folders, on a
small copy of the example portal (the transport bureau's pages and the county's, every report
file), for a project left on English and one set to 简体中文.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT
from .test_pdf import pdf_text, portal_subset, tool

pytestmark = pytest.mark.tex

SLUG = 'sphinx-disclosure'


def run(cmd: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)


def read_the_docs(tmp: Path, language: str) -> Path:
    """The steps of a Read the Docs build of the site; returns $READTHEDOCS_OUTPUT."""
    site = portal_subset(tmp / 'checkout' / 'example_site')
    output = tmp / '_readthedocs'
    env = {**os.environ, 'READTHEDOCS': 'True', 'READTHEDOCS_OUTPUT': str(output)}
    config = yaml.safe_load((ROOT / '.readthedocs.yaml').read_text(encoding='utf-8'))
    # 1. the configuration's jobs, from the checkout's root, as a shell runs them
    for job in config['build']['jobs']['pre_build']:
        cmd = shlex.split(job.replace('"$READTHEDOCS_OUTPUT"', str(output)))
        assert cmd[0] == 'python'
        done = run([sys.executable, *cmd[1:]], site.parent, env)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    # 2. the HTML build (fail_on_warning: -W), in the folder of conf.py
    assert config['sphinx']['configuration'] == 'example_site/conf.py'
    assert config['sphinx']['fail_on_warning'] is True
    common = ['-T', '-d', '_build/doctrees', '-D', f'language={language}', '.']
    html = run(
        [sys.executable, '-m', 'sphinx', '-W', '--keep-going', '-b', 'html', *common]
        + [str(output / 'html')],
        site,
        env,
    )
    assert html.returncode == 0, html.stderr[-3000:]
    # 3. Read the Docs' own PDF build: LaTeX, then latexmk with -jobname and no file name
    assert 'pdf' in config['formats']
    latex = run(
        [sys.executable, '-m', 'sphinx', '-b', 'latex', *common, str(output / 'pdf')], site, env
    )
    assert latex.returncode == 0, latex.stderr[-3000:]
    pdf_dir = output / 'pdf'
    assert len(list(pdf_dir.glob('*.tex'))) == 1, sorted(p.name for p in pdf_dir.glob('*.tex'))
    made = run(
        [
            tool('latexmk'),
            '-r',
            'latexmkrc',
            '-pdf',
            '-f',
            '-dvi-',
            '-ps-',
            f'-jobname={SLUG}',
            '-interaction=nonstopmode',
        ],
        pdf_dir,
        env,
    )
    assert made.returncode == 0, made.stdout[-3000:]
    # its check: exactly one PDF in the folder
    assert [p.name for p in pdf_dir.glob('*.pdf')] == [f'{SLUG}.pdf']
    return output


@pytest.fixture(scope='module')
def chinese(tmp_path_factory):
    return read_the_docs(tmp_path_factory.mktemp('rtd-zh'), 'zh_CN')


def test_read_the_docs_builds_html_the_site_pdf_and_every_report_pdf(chinese):
    html = chinese / 'html'
    # each report's own PDF beside its page, linked from it
    for year in (2020, 2021):
        pdf = html / 'agencies' / 'transport' / f'{year}.pdf'
        assert pdf.read_bytes().startswith(b'%PDF'), pdf
        page = (html / 'agencies' / 'transport' / f'{year}.html').read_text(encoding='utf-8')
        assert f'href="{year}.pdf"' in page
    text = pdf_text(chinese / 'pdf' / f'{SLUG}.pdf', '-raw')
    assert '某县交通运输局2021年政府信息公开工作年度报告' in text
    assert '各机关各年度报告发布情况' in text  # the site, in Chinese


def test_a_project_left_on_english_still_prints_the_chinese_reports(tmp_path):
    output = read_the_docs(tmp_path, 'en')
    text = pdf_text(output / 'pdf' / f'{SLUG}.pdf', '-raw')
    # the reports are Chinese whatever the site's language: xeCJK is loaded for them
    assert '某县交通运输局2021年政府信息公开工作年度报告' in text
    assert '收到和处理政府信息公开申请情况' in text
    fonts = subprocess.run(
        [tool('pdffonts'), str(output / 'pdf' / f'{SLUG}.pdf')], capture_output=True, text=True
    ).stdout
    assert 'NotoSerifCJK' in fonts
    # the site's own words are English (the project's language)
    page = (output / 'html' / 'agencies' / 'transport' / '2021.html').read_text(encoding='utf-8')
    assert 'Download:' in page
