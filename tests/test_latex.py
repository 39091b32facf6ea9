"""The LaTeX the extension produces, checked without running TeX (the fast tier).

The PDFs themselves are built and read in ``test_pdf.py`` (marked ``tex``).
"""

from __future__ import annotations

import re

import pytest
import sphinx
from sphinx.testing.util import SphinxTestApp

from .conftest import ROOT
from .reports import report


@pytest.fixture(scope='module')
def example_latex(tmp_path_factory):
    out = tmp_path_factory.mktemp('example-latex')
    app = SphinxTestApp('latex', srcdir=ROOT / 'example_site', builddir=out)
    try:
        app.build()
        warnings = app.warning.getvalue()
        files = {p.name: p.read_text(encoding='utf-8') for p in app.outdir.glob('*.tex')}
    finally:
        app.cleanup()
    assert warnings == ''
    return files


def test_one_document_per_report_besides_the_site(example_latex):
    site = ROOT / 'example_site'
    pages = [
        p.relative_to(site).with_suffix('').as_posix().replace('/', '-') + '.tex'
        for p in sorted(site.glob('agencies/*/20*.*'))
        if p.suffix in ('.rst', '.md')
    ]
    assert len(pages) == 7 * 7 - 1  # 7 agencies × 7 years, less education 2023 (not published)
    assert set(example_latex) == {'sphinx.tex', *pages}
    assert r'\documentclass[a4paper,11pt,english]{sphinxmanual}' in example_latex['sphinx.tex']
    for year in ('2020', '2021'):
        tex = example_latex[f'agencies-transport-{year}.tex']
        assert r'\documentclass[a4paper,11pt,english]{sphinxhowto}' in tex
        assert rf'\title{{某县交通运输局{year}年政府信息公开工作年度报告}}' in tex
        assert r'\author{某县交通运输局}' in tex


def test_print_defaults(example_latex):
    tex = example_latex['agencies-transport-2021.tex']
    assert r'\setCJKmainfont{Noto Serif CJK SC}' in tex
    assert r'\setcounter{secnumdepth}{-2}' in tex
    assert r'\renewcommand{\contentsname}{目录}' in tex
    assert r'\renewcommand{\sphinxtablecontinued}[1]{\textit{（续表）}}' in tex
    assert r'\begin{sphinxuseclass}{disclosure-signature}' in tex
    assert r'\newenvironment{sphinxclassdisclosure-signature}' in tex
    # the report's own PDF opens with its title, not a title page and a table of contents
    assert r'\disclosuremaketitle' in tex and r'\disclosuretableofcontents' in tex
    assert (r'\setcounter{secnumdepth}' in tex) and r'\section{一、总体情况}' in tex


def test_statutory_tables_are_fully_ruled_with_given_widths(example_latex):
    tex = example_latex['agencies-transport-2021.tex']
    assert tex.count(r'\sphinxthistablewithstandardstyle') == 3
    assert tex.count(r'\sphinxthistablewithnocolorrowsstyle') == 3
    assert tex.count(r'\begin{longtable}') == 1  # 表三 only
    label = r'>{\raggedright\arraybackslash}'
    number = r'>{\centering\arraybackslash}'
    spec = (
        '|'
        + '|'.join(
            [rf'{label}\X{{9}}{{137}}', rf'{label}\X{{14}}{{137}}', rf'{label}\X{{37}}{{137}}']
            + [rf'{number}\X{{11}}{{137}}'] * 7
        )
        + '|'
    )
    assert r'\begin{longtable}{' + spec + '}' in tex
    assert '{' + '|'.join([rf'{number}p{{7mm}}'] * 15).join('||') + '}' in tex
    # the 三、本年度办理结果 block stays on one page: no break after its 21 upper rows
    assert tex.count(r'\noalign{\nobreak}' + '\n') >= 21
    backport = r'\def\sphinxtablefixclines#1'
    assert (backport in tex) == (sphinx.version_info < (9, 1))


def test_captions_inside_a_report_are_dropped_in_print(example_latex):
    tex = example_latex['agencies-transport-2021.tex']
    assert r'\caption{' not in tex and r'\sphinxcaption{' not in tex
    site = example_latex['sphinx.tex']
    # a table shown on its own (the comparison page) keeps its caption
    assert r'\caption{某县交通运输局2021年收到和处理政府信息公开申请情况' in site


def _latex(site, files, conf=''):
    app, warnings = site(files, builder='latex', conf=conf)
    return {p.name: p.read_text(encoding='utf-8') for p in app.outdir.glob('*.tex')}, warnings


def test_project_settings_win(site):
    files = {'index.rst': '.. disclosure-report:: r.yaml\n', 'r.yaml': report('2021')}
    tex, warnings = _latex(
        site,
        files,
        conf="project = 'p'\n"
        "latex_elements = {'papersize': 'letterpaper',"
        " 'preamble': r'\\newcommand{\\mine}{}'}\n",
    )
    assert warnings == ''
    main = tex['p.tex']
    assert 'letterpaper' in main and 'a4paper' not in main
    assert main.index(r'\setcounter{secnumdepth}{-2}') < main.index(r'\newcommand{\mine}{}')


MYST_SITE = {
    'index.rst': '.. toctree::\n\n   y\n',
    'y.md': '```{disclosure-report} r.yaml\n```\n',
    'r.yaml': report('2021'),
}


def test_myst_report_pages_get_their_document(site):
    tex, _ = _latex(site, MYST_SITE, conf="project = 'p'\n")
    assert set(tex) == {'p.tex', 'y.tex'}


def test_defaults_and_per_report_documents_can_be_switched_off(site):
    files = MYST_SITE
    tex, _ = _latex(
        site,
        files,
        conf="project = 'p'\ndisclosure_pdf_per_report = False\n"
        'disclosure_latex_defaults = False\n',
    )
    assert set(tex) == {'p.tex'}
    assert 'Noto Serif CJK' not in tex['p.tex'] and 'secnumdepth}{-2}' not in tex['p.tex']
    # the tables stay fully ruled: that is part of the statutory layout, not a default
    assert r'\sphinxthistablewithstandardstyle' in tex['p.tex']


def test_report_document_names(site):
    files = {
        'index.rst': '.. toctree::\n\n   reports/y2024\n',
        'reports/y2024.rst': '.. disclosure-report:: ../data/r.yaml\n',
        'data/r.yaml': report('2021', year=2024),
    }
    tex, _ = _latex(site, files, conf="project = 'p'\n")
    assert 'reports-y2024.tex' in tex
    assert re.search(
        r'\\title\{测试县测试局2024年政府信息公开工作年度报告\}', tex['reports-y2024.tex']
    )


def test_report_pages_are_found_in_every_fence_and_not_in_code(site):
    """The per-report PDFs come from what the directives recorded while reading (environment
    data), not from a search of page sources: every MyST fence style counts, a directive
    quoted in a literal block or a code fence does not."""
    files = {
        'index.rst': '.. toctree::\n\n   backticks\n   colons\n   four\n   quoted\n   fenced\n',
        'backticks.md': '```{disclosure-report} r.yaml\n```\n',
        'colons.md': ':::{disclosure-report} r.yaml\n:::\n',
        'four.md': '````{disclosure-report} r.yaml\n````\n',
        'quoted.rst': '示例\n====\n\n::\n\n   .. disclosure-report:: r.yaml\n',
        'fenced.md': '# 示例\n\n~~~markdown\n```{disclosure-report} r.yaml\n```\n~~~\n',
        'r.yaml': report('2021'),
    }
    tex, warnings = _latex(
        site, files, conf="project = 'p'\nmyst_enable_extensions = ['colon_fence']\n"
    )
    assert warnings == ''
    assert set(tex) == {'p.tex', 'backticks.tex', 'colons.tex', 'four.tex'}
