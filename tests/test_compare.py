"""``disclosure-compare`` in real Sphinx builds: HTML, LaTeX and text, rst and MyST, -j 2, bad input.

The site is ``tests/roots/test-compare``: one agency's hand-written reports 2019–2022 (renamed
after 2019, the format change between 2020 and 2021, one blank cell in 2021) compared over
2019–2023 on a page written in reStructuredText (``rst.rst``) and again in MyST (``myst.md``).
The numbers expected here were worked out by hand from those files (see test_series.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sphinx_disclosure import charts

ROOT = Path(__file__).parent / 'roots' / 'test-compare'
REPORTS = ROOT / 'reports'


def soup(app, name: str) -> BeautifulSoup:
    page = BeautifulSoup((app.outdir / f'{name}.html').read_text(encoding='utf-8'), 'html.parser')
    return page.find(attrs={'role': 'main'})


def box(table):
    """The box a table scrolls in on a narrow screen (HTML wraps each table of the extension in
    one): what follows the table on the page follows this box."""
    parent = table.parent
    assert 'disclosure-scroll' in parent['class'], parent.name
    return parent


def rows(table) -> list[list[str]]:
    return [
        [c.get_text(' ', strip=True) for c in tr.find_all(['th', 'td'])]
        for tr in table.find_all('tr')
    ]


def report_data(year: int) -> dict:
    return yaml.safe_load((REPORTS / f'{year}.yaml').read_text(encoding='utf-8'))


def copy_root(tmp_path: Path) -> Path:
    src = tmp_path / 'src'
    shutil.copytree(ROOT, src)
    return src


@dataclass
class Built:
    """What a build left: its output folder, its warnings, the doctrees of the two pages."""

    outdir: Path
    warnings: str
    doctrees: dict[str, str]


@pytest.fixture(scope='module')
def html(tmp_path_factory):
    """The test root built once for HTML (in a copy: other tests edit theirs). The application
    is closed before the tests run, so that the tests' own builds do not overlap it."""
    from sphinx.testing.util import SphinxTestApp

    src = copy_root(tmp_path_factory.mktemp('compare-html'))
    app = SphinxTestApp('html', srcdir=src)
    try:
        app.build()
        doctrees = {name: normalized(app, name) for name in ('rst', 'myst')}
        built = Built(app.outdir, app.warning.getvalue(), doctrees)
    finally:
        app.cleanup()
    return built


def test_builds_without_warnings(html):
    assert html.warnings == ''


def test_applications_table_with_missing_year_and_change(html):
    app = html
    table = soup(app, 'rst').find('table', id='compare-applications')
    assert (
        table.find('caption')
        .get_text(strip=True)
        .startswith('测试县自然资源局政府信息公开申请情况（2019—2023年）')
    )
    assert rows(table) == [
        [
            '项目',
            '2019年',
            '2020年',
            '2021年',
            '2022年',
            '2023年 未发布',
            '2022年较2021年增减（增减率）',
        ],
        ['本年新收', '48', '60', '80', '102', '', '+22（+27.5%）'],
        ['上年结转', '2', '5', '4', '7', '', '+3（+75.0%）'],
        ['本年办结', '45', '61', '77', '96', '', '+19（+24.7%）'],
        ['结转下年度', '5', '4', '7', '13', '', '+6（+85.7%）'],
    ]
    # year headings link to the pages showing the reports
    links = [a['href'] for a in table.find('thead').find_all('a')]
    assert links == ['y2019.html', 'y2020.html', 'y2021.html', 'y2022.html']
    # row headers for screen readers
    assert [th['scope'] for th in table.find('tbody').find_all('th')] == ['row'] * 4
    note = box(table).find_next_sibling(class_='disclosure-note').get_text(strip=True)
    assert note == '各年度报告按机关代码（agency_id）对应为同一机关。2019年名称：测试县国土资源局。'


def test_outcomes_blank_and_not_comparable_marked(html):
    app = html
    table = soup(app, 'rst').find('table', id='compare-outcomes')
    assert rows(table)[1:] == [
        ['予以公开', '24', '30', '40', '51', '', '+11（+27.5%）'],
        ['部分公开', '6', '8', '10', '12', '', '+2（+20.0%）'],
        ['不予公开', '4', '3', '空白', '5', '', ''],
        ['无法提供', '7', '12', '14', '18', '', '+4（+28.6%）'],
        ['不予处理', '3', '6', '5', '7', '', '+2（+40.0%）'],
        ['其他处理 ※', '1', '2', '4', '3', '', '-1（-25.0%）'],
    ]
    notes = box(table).find_next_sibling(class_='disclosure-note').find_all('p')
    assert [p.get_text() for p in notes] == [
        '※ 其他处理：2021年起格式调整，本项口径不同，与此前年度不可比。',
        '空白：该年度报告中此项或其组成部分留空（空白不作 0 计算）：2021年不予公开。',
    ]


def test_review_table_groups_results(html):
    app = html
    table = soup(app, 'rst').find('table', id='compare-review')
    body = rows(table)[1:]
    assert body[0] == ['行政复议', '结果维持', '2', '3', '2', '4', '', '+2（+100.0%）']
    assert body[4] == ['总计', '4', '4', '4', '8', '', '+4（+100.0%）']
    assert body[5][:3] == ['行政诉讼 › 未经复议直接起诉', '结果维持', '1']
    assert body[14] == ['总计', '2', '0', '0', '2', '', '+2']  # from 0: no rate
    group = table.find('tbody').find('th')
    # no scope=rowgroup (it would head the rest of the tbody, not its five rows): a th whose
    # column holds no data cell is a row header by the HTML standard's "auto" scope
    assert (group['rowspan'], group.get('scope')) == ('5', None)


def test_active_items_of_each_format_not_comparable(html):
    app = html
    table = soup(app, 'rst').find('table', id='compare-active')
    body = rows(table)[1:]
    assert body[0] == ['国办公开办函〔2019〕60号格式（2019—2020年度报告）']
    assert body[1] == ['规章', '本年新制作数量', '1', '0', '不可比', '不可比', '', '不可比']
    assert body[23] == ['国办公开办函〔2021〕30号格式（2021—2022年度报告）']
    assert body[-1] == [
        '行政事业性收费',
        '本年收费金额（单位：万元）',
        '不可比',
        '不可比',
        '12.5',
        '10.25',
        '',
        '-2.25（-18.0%）',
    ]
    note = box(table).find_next_sibling(class_='disclosure-note').get_text(strip=True)
    assert note == '“不可比”：2021年起格式调整，本项口径不同，不可比。'


def test_indicators_with_formulas_and_undefined_years(html):
    app = html
    table = soup(app, 'rst').find('table', id='compare-indicators')
    body = table.find('tbody').find_all('tr')
    cells = [[c.get_text(' ', strip=True) for c in tr.find_all(['th', 'td'])] for tr in body]
    assert [c[0] for c in cells] == ['公开率', '行政复议纠错率', '行政诉讼纠错率']
    assert cells[0][1].startswith(
        '（予以公开 + 部分公开）÷ 本年办结（（七）总计）× 100% 分母为本年办结'
    )
    assert cells[0][2:] == ['66.7%', '62.3%', '64.9%', '65.6%', '', '+0.7个百分点']
    assert cells[1][2:] == ['33.3%', '0.0%', '50.0%', '16.7%', '', '-33.3个百分点']
    assert cells[2][2:] == ['33.3%', '—', '50.0%', '25.0%', '', '-25.0个百分点']
    assert rows(table)[0][-1] == '2022年较2021年增减'
    note = box(table).find_next_sibling(class_='disclosure-note').get_text(strip=True)
    assert note == '2020年行政诉讼纠错率无法计算：分母（两类合计的总计 − 尚未审结）为 0。'


def test_chart_svg_csv_and_text_alternative(html):
    app = html
    page = soup(app, 'rst')
    figure = page.find('figure', id='compare-chart')
    # right after the table whose numbers it draws (and its note)
    assert figure.find_previous_sibling(class_='disclosure-scroll').table['id'] == (
        'compare-applications'
    )
    img = figure.find('img')
    assert re.fullmatch(r'_images/disclosure-chart-[0-9a-f]{40}\.svg', img['src'])
    assert img['alt'] == (
        '折线图：测试县自然资源局2019—2023年各年度本年新收、本年办结、结转下年度的申请数量，'
        '没有可用报告的年度留空。各年度数字见上方“测试县自然资源局政府信息公开申请情况（2019—2023年）”表。'
    )
    svg = (app.outdir / img['src']).read_text(encoding='utf-8')
    assert svg.startswith('<?xml') and '<text' not in svg
    caption = figure.find('figcaption').get_text(' ', strip=True)
    assert caption == '测试县自然资源局政府信息公开申请数量（2019—2023年） 下载图表数据（CSV）'
    link = figure.find('a')
    assert link['href'] == img['src'].replace('_images', '_downloads').replace('.svg', '.csv')
    data = (app.outdir / link['href']).read_bytes().decode('utf-8-sig')
    assert data.splitlines() == [
        '年度,本年新收,本年办结,结转下年度',
        '2019,48,45,5',
        '2020,60,61,4',
        '2021,80,77,7',
        '2022,102,96,13',
        '2023,,,',
    ]
    # the same chart on the MyST page is the same file
    assert soup(app, 'myst').find('figure').find('img')['src'] == img['src']
    assert len(list((app.outdir / '_images').glob('disclosure-chart-*'))) == 1


def normalized(app, docname: str) -> str:
    xml = app.env.get_doctree(docname).pformat()
    xml = re.sub(r' (source|line)="[^"]*"', '', xml)
    xml = re.sub(r'<document[^>]*>', '<document>', xml)
    # the page title's own id and name come from each parser
    return re.sub(r'<section ids="[^"]*" names="[^"]*">', '<section>', xml)


def test_rst_and_myst_give_the_same_doctree(html):
    rst, myst = html.doctrees['rst'], html.doctrees['myst']
    assert rst == myst
    assert 'disclosure_chart' in rst and rst.count('<table') == 5


@pytest.mark.sphinx('latex', testroot='compare')
def test_latex_includes_the_chart_pdf(app):
    app.build()
    assert app.warning.getvalue() == ''
    tex = next(p for p in app.outdir.glob('*.tex') if not p.name.startswith('y2')).read_text(
        encoding='utf-8'
    )
    found = re.findall(
        r'\\begin\{figure\}\[htbp\]\n\\centering\n\\capstart\n'
        r'\\sphinxincludegraphics\[width=\\linewidth\]'
        r'\{\{(disclosure-charts/disclosure-chart-[0-9a-f]{40})\}\.pdf\}\n'
        r'\\caption\{测试县自然资源局政府信息公开申请数量（2019—2023年）\}'
        r'\\label\{\\detokenize\{(rst|myst):compare-chart\}\}\n\\end\{figure\}',
        tex,
    )
    assert [page for _, page in found] == ['rst', 'myst']
    name = found[0][0]
    assert (app.outdir / f'{name}.pdf').read_bytes().startswith(b'%PDF')
    # the LaTeX folder's top level holds no PDF but the documents' (Read the Docs counts them)
    assert not list(app.outdir.glob('disclosure-chart-*'))


def test_text_builder_writes_the_text_alternative(tmp_path, make_app):
    app = make_app('text', srcdir=copy_root(tmp_path))
    app.build()
    assert app.warning.getvalue() == ''
    text = (app.outdir / 'rst.txt').read_text(encoding='utf-8')
    assert '折线图：测试县自然资源局2019—2023年各年度本年新收' in text
    assert '+22（+27.5%）' in text


def sphinx_build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, '-m', 'sphinx', '--no-color', *args],
        capture_output=True,
        text=True,
        env={**os.environ, 'LC_ALL': 'C.UTF-8'},
    )


def test_parallel_build_gives_the_same_files(tmp_path):
    src = copy_root(tmp_path)
    for out, extra in (('serial', ()), ('parallel', ('-j', '2'))):
        done = sphinx_build(*extra, '-W', '-b', 'html', str(src), str(tmp_path / out))
        assert done.returncode == 0, done.stderr

    def files(out: str) -> dict[str, bytes]:
        root = tmp_path / out
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for pattern in ('*.html', '_images/*', '_downloads/*')
            for p in sorted(root.glob(pattern))
        }

    serial, parallel = files('serial'), files('parallel')
    assert any(name.startswith('_images/disclosure-chart-') for name in serial)
    assert serial.keys() == parallel.keys()
    for name in serial:
        assert serial[name] == parallel[name], name


def test_a_report_added_to_the_folder_rereads_the_page(tmp_path, make_app):
    src = copy_root(tmp_path)
    app = make_app('html', srcdir=src)
    app.build()
    data = report_data(2022)
    data['year'] = 2023
    data['applications']['from_last_year'] = data['applications']['to_next_year']
    data['applications']['new'] = {**data['applications']['new'], 'natural_person': 95}
    # 一 + 二 = 三 + 四 per column: natural persons 95 + 9 = 85 + 19, businesses 12 + 4 = 11 + 5
    data['applications']['to_next_year'] = {
        **data['applications']['to_next_year'],
        'natural_person': 19,
        'business': 5,
    }
    (src / 'reports' / '2023.yaml').write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding='utf-8'
    )
    read: list[str] = []
    app2 = make_app('html', srcdir=src, freshenv=False)
    app2.connect('env-before-read-docs', lambda app, env, docnames: read.extend(docnames))
    app2.build()
    assert sorted(read) == ['myst', 'rst']
    table = soup(app2, 'rst').find('table', id='compare-applications')
    # 2023: 95 + 12 = 107 received, 5 more than 102 (4.90 %)
    assert rows(table)[1] == ['本年新收', '48', '60', '80', '102', '107', '+5（+4.9%）']


def test_editing_a_report_rereads_the_comparisons(tmp_path, make_app):
    src = copy_root(tmp_path)
    make_app('html', srcdir=src).build()
    path = src / 'reports' / '2020.yaml'
    path.write_text(path.read_text(encoding='utf-8') + '\n', encoding='utf-8')
    read: list[str] = []
    app2 = make_app('html', srcdir=src, freshenv=False)
    app2.connect('env-before-read-docs', lambda app, env, docnames: read.extend(docnames))
    app2.build()
    # its own page, next year's (cross-year rules), and both comparisons
    assert sorted(read) == ['myst', 'rst', 'y2020', 'y2021']


# --------------------------------------------------------------------------------------------
# bad input


def page(directive: str) -> dict[str, object]:
    return {'index.rst': '逐年对比\n========\n\n' + directive}


def compare_lines(warnings: str) -> list[str]:
    return [line for line in warnings.splitlines() if '[disclosure.' in line]


def test_names_differ_without_agency_id_is_one_located_error(site):
    old, new = report_data(2019), report_data(2020)
    del old['agency_id'], new['agency_id']
    files = page('.. disclosure-compare:: r/\n')
    files.update({'r/2019.yaml': old, 'r/2020.yaml': new})
    app, warnings = site(files)
    lines = compare_lines(warnings)
    assert len(lines) == 1, warnings
    assert re.search(
        r'index\.rst:4: WARNING: index\.rst:4: r/2019\.yaml 是测试县国土资源局的报告，r/2020\.yaml 是'
        r'测试县自然资源局的报告：逐年对比只显示一个机关。如果是同一机关更名，请在两个文件中写上相同的一行 '
        r'agency_id:.* \[disclosure\.compare-agencies-differ\]',
        lines[0],
    ), lines[0]
    main = soup(app, 'index')
    assert main.find('table') is None and main.find('figure') is None
    assert (
        '请在两个文件中写上相同的一行 agency_id:' in main.find(class_='disclosure-error').get_text()
    )


def test_two_reports_of_one_year_is_one_error(site):
    files = page('.. disclosure-compare:: r/2021.yaml r/2022.yaml r/again.yaml\n')
    files.update({'r/2021.yaml': report_data(2021), 'r/2022.yaml': report_data(2022)})
    files['r/again.yaml'] = report_data(2022)
    app, warnings = site(files)
    lines = [line for line in compare_lines(warnings) if 'compare-' in line]
    assert len(lines) == 1, warnings
    assert 'r/2022.yaml 和 r/again.yaml 都是测试县自然资源局2022年度的报告' in lines[0]
    assert soup(app, 'index').find('table') is None


def test_missing_file_is_the_usual_error_and_the_rest_is_shown(site):
    files = page('.. disclosure-compare:: r/2021.yaml r/2022.yaml r/gone.yaml\n')
    files.update({'r/2021.yaml': report_data(2021), 'r/2022.yaml': report_data(2022)})
    app, warnings = site(files)
    lines = compare_lines(warnings)
    assert len(lines) == 1 and '[disclosure.file-not-found]' in lines[0], warnings
    assert 'r/gone.yaml' in lines[0]
    main = soup(app, 'index')
    assert main.find('table', id='compare-applications') is not None
    unplaced = main.find(class_='disclosure-compare-unplaced').get_text(strip=True)
    assert unplaced == '以下报告文件有错误，未能列入对比：r/gone.yaml。'


def test_only_unreadable_files_are_named_in_a_note(site):
    app, warnings = site(page('.. disclosure-compare:: r/gone.yaml\n'))
    assert '[disclosure.file-not-found]' in warnings
    notes = [n.get_text(strip=True) for n in soup(app, 'index').find_all(class_='disclosure-note')]
    assert notes == [
        '以下报告文件有错误，未能列入对比：r/gone.yaml。',
        '没有可以比较的数字：所列文件中没有该机关可用的报告。',
    ]


def test_no_report_at_all_is_a_note(site):
    files = page('.. disclosure-compare:: r/\n')
    files['r/readme.txt'] = '还没有报告。'
    app, warnings = site(files)
    assert warnings == ''
    main = soup(app, 'index')
    assert main.find('table') is None and main.find('figure') is None
    assert main.find(class_='disclosure-note').get_text(strip=True) == (
        'r/：该文件夹中没有报告文件（*.yaml、*.yml）'
    )


def test_no_numbers_to_draw_is_a_note_not_an_empty_chart(site):
    files = page('.. disclosure-compare:: r/\n')
    for year in (2021, 2022):
        data = report_data(year)
        data['applications'] = None  # the whole table left blank
        files[f'r/{year}.yaml'] = data
    app, _ = site(files)
    main = soup(app, 'index')
    assert main.find('figure') is None
    assert not list((app.outdir / '_images').glob('disclosure-chart-*'))
    assert main.find(class_='disclosure-chart-none').get_text(strip=True) == (
        '没有可绘制的数字，不显示趋势图。'
    )
    assert rows(main.find('table', id='compare-applications'))[1] == [
        '本年新收',
        '空白',
        '空白',
        '',
    ]


def test_missing_font_warns_and_shows_the_text_alternative(site, monkeypatch):
    monkeypatch.setattr(charts, 'FONT_FAMILY', 'No Such Font CJK')
    files = page('.. disclosure-compare:: r/\n')
    files.update({'r/2021.yaml': report_data(2021), 'r/2022.yaml': report_data(2022)})
    app, warnings = site(files)
    lines = compare_lines(warnings)
    assert len(lines) == 1, warnings
    assert re.search(
        r'index\.rst:4: WARNING: 未生成趋势图：没有安装字体 No Such Font CJK（Debian 软件包 '
        r'fonts-noto-cjk）.* \[disclosure\.chart-font-missing\]',
        lines[0],
    ), lines[0]
    main = soup(app, 'index')
    assert main.find('figure') is None
    assert main.find(class_='disclosure-chart-alt').get_text().startswith('折线图：')
    assert not (app.outdir / '_images').exists() or not list(
        (app.outdir / '_images').glob('disclosure-chart-*')
    )


def test_options(site):
    files = page(
        '.. disclosure-compare:: r/\n   :agency: 测试县教育局\n   :chart: off\n'
        '   :id-prefix: edu-\n\n'
        '.. disclosure-compare:: r/\n   :chart: maybe\n'
    )
    edu = report_data(2022)
    edu.update(agency='测试县教育局', agency_id='education')
    files.update({'r/2021.yaml': report_data(2021), 'r/2022.yaml': report_data(2022)})
    files['r/edu.yaml'] = edu
    app, warnings = site(files)
    lines = compare_lines(warnings)
    assert len(lines) == 1 and '[disclosure.unknown-option-value]' in lines[0], warnings
    assert '“maybe”' in lines[0]
    main = soup(app, 'index')
    table = main.find('table', id='edu-applications')
    assert rows(table)[0] == ['项目', '2022年']
    assert main.find('figure') is None and main.find(class_='disclosure-chart-alt') is None


def test_hostile_agency_name_is_text_everywhere(site, make_app, tmp_path):
    name = r'测试局 <script>alert(1)</script> \input{/etc/hostname} $x$'
    files = page('.. disclosure-compare:: r/\n')
    for year in (2021, 2022):
        data = report_data(year)
        data.update(agency=name)
        files[f'r/{year}.yaml'] = data
    app, warnings = site(files)
    html = (app.outdir / 'index.html').read_text(encoding='utf-8')
    assert '<script>alert(1)</script>' not in html
    alt = soup(app, 'index').find('img')['alt']
    assert alt.startswith('折线图：测试局 <script>alert(1)</script> \\input{/etc/hostname} $x$2021')
    latex = make_app('latex', srcdir=app.srcdir, builddir=tmp_path / 'latex')
    latex.build()
    tex = next(latex.outdir.glob('*.tex')).read_text(encoding='utf-8')
    caption = re.search(r'\\caption\{(.*)\}\\label', tex).group(1)
    assert r'\input' not in caption and r'\$x\$' in caption
    assert r'\textbackslash{}input\{/etc/hostname\}' in caption
