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


def test_table_three_is_kept_with_its_header_and_moves_with_its_heading(example_latex):
    tex = example_latex['agencies-transport-2021.tex']
    # rows 一 and 二 end with a full rule at which longtable may not break (the only two rows
    # of 表三 kept with the next that are followed by a full rule; the 三 block has partial ones)
    assert tex.count(r'\global\csname @lowpenalty\endcsname=-10000') == 2
    first = tex.index('一、本年新收政府信息公开申请数量')
    second = tex.index('二、上年结转政府信息公开申请数量')
    block = tex.index('三、本年度办理结果')
    rule = r'\global\csname @lowpenalty\endcsname=-10000'
    assert first < tex.index(rule, first) < second < tex.index(rule, second) < block
    # headings ask for room for a few lines; a long table right under a heading stays with it
    assert r'\pretocmd{\section}{\disclosureheadingspace}' in tex
    assert r'\patchcmd{\LT@start}{\penalty\z@}' in tex


def test_room_for_table_three_before_its_heading(site):
    """When 表三 follows its heading directly, the room that the table's kept start needs is
    asked for before the heading (so the heading moves with the table); nowhere else."""
    files = {'index.rst': '.. toctree::\n\n   y\n', 'y.rst': '.. disclosure-report:: r.yaml\n'}
    files['r.yaml'] = report('2021')
    tex = _latex(site, files, conf="project = 'p'\n")[0]['y.tex']
    heading = tex.index(r'\section{三、收到和处理政府信息公开申请情况}')
    assert tex.count(r'\needspace{\dimexpr') == 1
    room = tex.index(r'\needspace{\dimexpr')
    assert room < heading and '\\section' not in tex[room:heading]
    # at least the header (about 6 lines) and the 24 rows 一 to 三 (7): more than 30 lines of
    # 14.4 pt; at most the whole table over two-line rows
    points = int(re.search(r'needspace\{\\dimexpr(\d+)pt', tex[room:]).group(1))
    assert 30 * 14.4 < points < 60 * 14.4


def test_numbers_are_flush_right_in_print(example_latex):
    tex = example_latex['agencies-transport-2021.tex']
    # every value cell of the 2021 format: 10 in 表二 (active), 175 in 表三, 15 in 表四
    assert tex.count(r'\hskip0pt plus1fill\relax' + '\n' + r'\begin{varwidth}') == 10 + 175 + 15
    # the headers over them stay centred: the number columns are centred, the values pushed
    # right inside them
    assert r'>{\centering\arraybackslash}\X{11}{137}' in tex


def test_report_pdf_metadata(example_latex):
    tex = example_latex['agencies-transport-2021.tex']
    assert (
        r'\hypersetup{pdfsubject={政府信息公开工作年度报告}, '
        r'pdfkeywords={某县交通运输局, 2021年, 政府信息公开, 年度报告}}'
    ) in tex
    assert r'\hypersetup{pdflang=\@ifclassloaded{sphinxhowto}{zh-CN}' in tex
    assert r'\newcommand{\disclosuresitelanguage}{zh-CN}' in tex
    assert 'pdfsubject' not in example_latex['sphinx.tex']  # the site is no report


def test_caption_style_follows_the_site_language(site):
    files = {'index.rst': '.. disclosure-report:: r.yaml\n', 'r.yaml': report('2021')}
    app, _ = site(files, builder='latex', conf="project = 'p'\n")
    assert app.config.numfig_format['table'] == '表%s'
    assert app.config.numfig_format['figure'] == '图%s'
    tex = (app.outdir / 'p.tex').read_text(encoding='utf-8')
    assert r'\sbox\@tempboxa{#1\quad#2}' in tex and r'{#2\quad}#3' in tex
    messages = (app.outdir / 'sphinxmessages.sty').read_text(encoding='utf-8')
    assert r'\renewcommand{\tablename}{表}' in messages


def test_caption_style_of_an_english_site(site):
    files = {'index.rst': '.. disclosure-report:: r.yaml\n', 'r.yaml': report('2021')}
    app, _ = site(files, builder='latex', conf="project = 'p'\nlanguage = 'en'\n")
    assert app.config.numfig_format['table'] == 'Table %s'
    assert r'#1\quad#2' not in (app.outdir / 'p.tex').read_text(encoding='utf-8')


def test_gongwen_style(site):
    files = {'index.rst': '.. toctree::\n\n   y\n', 'y.rst': '.. disclosure-report:: r.yaml\n'}
    files['r.yaml'] = report('2021')
    tex, warnings = _latex(site, files, conf="project = 'p'\ndisclosure_latex_style = 'gongwen'\n")
    assert warnings == ''
    report_tex = tex['y.tex']
    assert r'\documentclass[a4paper,12pt,english,twoside]{sphinxhowto}' in report_tex
    assert (
        r'\geometry{reset,a4paper,twoside,top=37mm,inner=28mm,textwidth=156mm,textheight=225mm,'
    ) in report_tex
    assert r'UprightFont=*-Regular,BoldFont=FandolHei-Regular' in report_tex
    assert r']{FandolFang}' in report_tex
    assert r'\fancyfoot[RO]{\disclosuregwpage\hspace*{1em}}' in report_tex
    assert r'\fancyfoot[LE]{\hspace*{1em}\disclosuregwpage}' in report_tex
    # tables in the default style's type sizes, rows not stretched
    assert r'\begingroup\fontsize{10pt}{12pt}\selectfont\renewcommand{\arraystretch}{1.0}' in (
        report_tex
    )


def test_an_unknown_print_style_warns_and_falls_back(site):
    files = {'index.rst': '.. disclosure-report:: r.yaml\n', 'r.yaml': report('2021')}
    tex, warnings = _latex(site, files, conf="project = 'p'\ndisclosure_latex_style = 'gongwn'\n")
    assert 'disclosure_latex_style: “gongwn”不是允许的值。是否应为“gongwen”？' in warnings
    assert 'FandolFang' not in tex['p.tex']


NUMREF_PAGE = """\
.. table:: 申请情况
   :name: t-apps

   ====  ====
   年度  件数
   2021  36
   ====  ====

见\\ :numref:`t-apps`。
"""


@pytest.mark.parametrize('language,expected', [('zh_CN', '见表1。'), ('en', '见Table 1。')])
def test_cross_references_follow_the_site_language(site, language, expected):
    """:numref: writes 表1 in a Chinese site (no space, as the caption), Table 1 in English."""
    app, warnings = site(
        {'index.rst': NUMREF_PAGE}, conf=f"numfig = True\nlanguage = '{language}'\n"
    )
    assert warnings == ''
    html = (app.outdir / 'index.html').read_text(encoding='utf-8')
    text = re.sub(r'<[^>]+>', '', html)
    assert expected in text
