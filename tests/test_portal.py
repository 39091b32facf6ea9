"""The portal's index (with coverage) and aggregate, in real Sphinx builds of a small county.

Agencies: 测试县教育局 (2019–2021, no 2020 report), 测试县农业农村局 (2020 under its old name
测试县农业局, 2021; one agency_id), and the county (2021, level government, its units the two
2021 reports). Expectations are written from the data given here, not from the code.
"""

from __future__ import annotations

import copy
import re

import pytest
from bs4 import BeautifulSoup

from .reports import added, report


def unit(n: int, year: int, agency: str, agency_id: str) -> dict:
    form = '2019' if year < 2021 else '2021'
    return report(
        form,
        year=year,
        value=lambda table, index, key: (index * (n + 3)) % 5 + n,
        totals=True,
        agency=agency,
        agency_id=agency_id,
        level='department',
    )


EDU = {y: unit(1, y, '测试县教育局', 'edu') for y in (2019, 2021)}
AGR = {2020: unit(2, 2020, '测试县农业局', 'agr'), 2021: unit(2, 2021, '测试县农业农村局', 'agr')}


def county(extra: dict | None = None) -> dict:
    data = copy.deepcopy(EDU[2021])
    data.update(added(EDU[2021], AGR[2021]))
    data.update(
        agency='测试县人民政府',
        agency_id='county',
        level='government',
        units=['../../edu/reports/2021.yaml', '../../agr/reports/2021.yaml'],
    )
    data.update(extra or {})
    return data


def files(county_data: dict | None = None) -> dict:
    out: dict = {
        'index.rst': (
            '测试县政府信息公开\n==================\n\n'
            '.. disclosure-index::\n\n'
            '.. toctree::\n\n   agencies/edu/2019\n   agencies/edu/2021\n'
            '   agencies/agr/2020\n   agencies/agr/2021\n   agencies/county/2021\n'
            '   coverage\n   sum\n'
        ),
        'coverage.md': '# 发布情况\n\n```{disclosure-index}\n:layout: coverage\n```\n',
        'sum.rst': (
            '汇总\n====\n\n.. disclosure-aggregate::\n   :agency: 测试县（汇总）\n\n'
            '   agencies/edu/reports/2021.yaml\n   agencies/agr/reports/2021.yaml\n'
        ),
    }
    for slug, years in (('edu', EDU), ('agr', AGR)):
        for year, data in years.items():
            out[f'agencies/{slug}/reports/{year}.yaml'] = data
            out[f'agencies/{slug}/{year}.rst'] = f'.. disclosure-report:: reports/{year}.yaml\n'
    out['agencies/county/reports/2021.yaml'] = county_data or county()
    out['agencies/county/2021.rst'] = '.. disclosure-report:: reports/2021.yaml\n'
    return out


def soup(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f'{name}.html').read_text(encoding='utf-8'), 'html.parser')


def texts(row) -> list[str]:
    return [c.get_text(' ', strip=True) for c in row.find_all(['td', 'th'])]


@pytest.fixture
def built(site):
    app, warnings = site(files())
    return app, warnings


def test_index_lists_every_agency_and_year_with_missing_years_shown(built):
    app, warnings = built
    assert warnings == ''
    page = soup(app, 'index')
    table = page.find('table', class_='disclosure-index-list')
    rows = [texts(tr) for tr in table.find('tbody').find_all('tr')]
    # 本级政府 first, then by name; years newest first; agency name in a merged cell
    assert rows == [
        [
            '测试县人民政府',
            '2021',
            '国办公开办函〔2021〕30号',
            '检查无问题',
            '数据（JSON） · 数据（CSV）',
        ],
        [
            '测试县农业农村局',
            '2021',
            '国办公开办函〔2021〕30号',
            '检查无问题',
            '数据（JSON） · 数据（CSV）',
        ],
        ['2020', '国办公开办函〔2019〕60号', '检查无问题', '数据（JSON） · 数据（CSV）'],
        [
            '测试县教育局',
            '2021',
            '国办公开办函〔2021〕30号',
            '检查无问题',
            '数据（JSON） · 数据（CSV）',
        ],
        ['2020', '—', '未发布', '—'],
        ['2019', '国办公开办函〔2019〕60号', '检查无问题', '数据（JSON） · 数据（CSV）'],
    ]
    links = {a.get_text(): a['href'] for a in table.find_all('a') if a.get_text().isdigit()}
    assert links['2019'] == 'agencies/edu/2019.html'
    first = table.find('tbody').find('tr')
    downloads = [a['href'] for a in first.find_all('a')][1:]
    # no LaTeX build made the report's PDF: no link to it (see test_opendata)
    assert downloads == ['agencies/county/2021.json', 'agencies/county/2021.csv']
    summary = page.find(class_='disclosure-index-summary').get_text()
    assert summary == (
        '共 3 个机关，2019—2021 年度：应发布报告 6 份，已发布 5 份，未发布 1 份；其中有错误的 0 份，'
        '有警告的 0 份。未发布：测试县教育局2020年度。'
    )
    renamed = [p.get_text() for p in page.find_all(class_='disclosure-note')]
    assert renamed == [
        '测试县农业农村局此前以其他名称发布报告（2020年：测试县农业局），各年度报告按机关代码（agency_id）对应。'
    ]


def test_coverage_matrix_in_myst(built):
    app, _ = built
    table = soup(app, 'coverage').find('table', class_='disclosure-index-coverage')
    assert texts(table.find('thead').find('tr')) == ['机关', '2019', '2020', '2021']
    rows = [texts(tr) for tr in table.find('tbody').find_all('tr')]
    assert rows == [
        ['测试县人民政府', '—', '—', '已发布'],
        ['测试县农业农村局', '—', '已发布', '已发布'],
        ['测试县教育局', '已发布', '未发布', '已发布'],
    ]


def test_aggregate_is_the_sum_and_names_its_units(built):
    app, _ = built
    page = soup(app, 'sum')
    units = page.find('table', class_='disclosure-aggregate-units')
    assert [texts(tr) for tr in units.find('tbody').find_all('tr')] == [
        ['测试县教育局', '2021', 'agencies/edu/reports/2021.yaml'],
        ['测试县农业农村局', '2021', 'agencies/agr/reports/2021.yaml'],
    ]
    assert [a['href'] for a in units.find_all('a') if not a['href'].startswith('#')] == [
        'agencies/edu/2021.html',
        'agencies/agr/2021.html',
    ]
    expected = added(EDU[2021], AGR[2021])
    cell = page.find(id='aggregate-applications-new-natural_person')
    assert cell.get_text(strip=True) == str(expected['applications']['new']['natural_person'])
    cell = page.find(id='aggregate-review-litigation_direct-total')
    assert cell.get_text(strip=True) == str(expected['review']['litigation_direct']['total'])
    fees = page.find(id='aggregate-active-fees-amount')
    assert fees.get_text(strip=True) == str(expected['active']['fees']['amount'])


def test_report_cells_have_stable_anchors(built):
    app, _ = built
    page = soup(app, 'agencies/edu/2021')
    cell = page.find(id='applications-withheld-state_secret-total')
    value = EDU[2021]['applications']['withheld']['state_secret']['total']
    assert cell is not None and cell.name == 'td' and cell.get_text(strip=True) == str(value)
    ids = [t['id'] for t in page.find_all(['td']) if t.get('id')]
    # 2021 format: 表二 10 values (规章 and 行政规范性文件 3 each, 许可, 处罚, 强制, 收费),
    # 表三 25 rows × 7 columns, 表四 15: every value cell has its own id
    assert len(ids) == len(set(ids)) == 10 + 25 * 7 + 15


def test_aggregate_refuses_mixed_years_with_one_error(site):
    data = files()
    data['sum.rst'] = (
        '汇总\n====\n\n.. disclosure-aggregate::\n\n'
        '   agencies/edu/reports/2019.yaml\n   agencies/agr/reports/2021.yaml\n'
    )
    app, warnings = site(data)
    lines = [line for line in warnings.splitlines() if 'disclosure' in line]
    assert len(lines) == 1, warnings
    assert re.search(
        r'sum\.rst:4: WARNING: sum\.rst:4: agencies/edu/reports/2019\.yaml 是 2019 年度的报告，而 '
        r'agencies/agr/reports/2021\.yaml 是 2021 年度的：只有同一年度的报告才能相加。'
        r' \[disclosure\.aggregate-years\]',
        lines[0],
    ), lines[0]
    page = soup(app, 'sum')
    assert page.find('table', class_='disclosure-table') is None
    assert page.find(class_='disclosure-error') is not None


def test_hierarchy_difference_is_a_located_finding_and_shown(site):
    data = county()
    data['applications']['new']['business'] += 1
    app, warnings = site(files(data))
    assert '[disclosure.RH.1]' in warnings
    line = next(w for w in warnings.splitlines() if '[disclosure.RH.1]' in w)
    assert 'agencies/county/reports/2021.yaml:' in line
    assert '测试县教育局' in line and '测试县农业农村局' in line
    page = soup(app, 'index')
    row = page.find('table', class_='disclosure-index-list').find('tbody').find('tr')
    status = row.find_all('td')[3]
    link = status.find('a')
    assert link.get_text() != '检查无问题'
    assert link['href'] == 'agencies/county/2021.html#disclosure-findings'
    findings = soup(app, 'agencies/county/2021').find(id='disclosure-findings')
    assert 'RH.1' in findings.get_text()


def test_editing_one_unit_rereads_its_pages_and_rewrites_the_index(site, make_app, tmp_path):
    app, _ = site(files())
    src = app.srcdir
    read: list[str] = []
    written: list[str] = []
    path = src / 'agencies/agr/reports/2021.yaml'
    text = path.read_text(encoding='utf-8')
    path.write_text(
        text.replace('测试县农业农村局', '测试县农业农村局', 1) + '\n', encoding='utf-8'
    )
    app2 = make_app('html', srcdir=src, freshenv=False)
    app2.connect('env-before-read-docs', lambda app, env, docnames: read.extend(docnames))
    app2.connect('html-page-context', lambda app, name, *args: written.append(name))
    app2.build()
    # its page, the county's (units), the aggregate (a listed file); not the index pages
    assert sorted(read) == ['agencies/agr/2021', 'agencies/county/2021', 'sum']
    assert {'index', 'coverage'} <= set(written)
    assert 'agencies/edu/2019' not in written


def test_units_of_sums_the_units_and_shows_the_hierarchy_check(site):
    data = files()
    data['sum.rst'] = (
        '汇总\n====\n\n.. disclosure-aggregate::\n   :units-of: agencies/county/reports/2021.yaml\n'
    )
    app, warnings = site(data)
    assert warnings == ''
    page = soup(app, 'sum')
    check = page.find(class_='disclosure-aggregate-check').get_text(' ', strip=True)
    # 2021 format: 200 values, all written in the county's report (totals included)
    assert check == (
        '测试县人民政府2021年政府信息公开工作年度报告 ：公布的 200 个数字已与所属 2 个单位报告之和逐项核对，'
        '全部一致。'
    )
    expected = added(EDU[2021], AGR[2021])
    cell = page.find(id='aggregate-applications-total-total')
    assert cell.get_text(strip=True) == str(expected['applications']['total']['total'])
    assert (
        page.find(class_='disclosure-aggregate-intro')
        .get_text()
        .startswith(
            '下列表格是所列 2 个单位 2021 年度报告逐项相加的合计（测试县人民政府（所属单位合计））'
        )
    )


def test_units_of_with_a_difference_lists_it_with_a_link_to_the_cell(site):
    data = county()
    data['review']['reconsideration']['upheld'] += 3
    files_ = files(data)
    files_['sum.rst'] = (
        '汇总\n====\n\n.. disclosure-aggregate::\n   :units-of: agencies/county/reports/2021.yaml\n'
    )
    app, warnings = site(files_)
    page = soup(app, 'sum')
    check = page.find(class_='disclosure-aggregate-check')
    assert '其中 1 个不一致' in check.get_text()
    (item,) = check.find_all('li')
    upheld = added(EDU[2021], AGR[2021])['review']['reconsideration']['upheld']
    assert item.get_text(' ', strip=True) == (
        f'“行政复议 › 结果维持” ：公布 {upheld + 3}，各单位之和 {upheld}'
    )
    assert item.find('a')['href'] == 'agencies/county/2021.html#review-reconsideration-upheld'


def test_units_of_with_a_missing_unit_shows_no_sum(site):
    data = county()
    data['units'].append('../../gone/reports/2021.yaml')
    data['acknowledged'] = [{'rule': 'RH.2', 'explanation': '某局未发布。'}]
    files_ = files(data)
    files_['sum.rst'] = (
        '汇总\n====\n\n.. disclosure-aggregate::\n   :units-of: agencies/county/reports/2021.yaml\n'
    )
    app, warnings = site(files_)
    assert warnings == ''
    page = soup(app, 'sum')
    assert page.find('table', class_='disclosure-table') is None
    note = page.find(class_='disclosure-aggregate-incomplete')
    assert [p.get_text() for p in note.find_all('p')] == [
        '未显示测试县人民政府2021年度所属单位的合计：agencies/gone/reports/2021.yaml 的报告不在本站，'
        '合计不完整。',
        # the county's own explanation of the missing unit (RH.2), shown with it
        '县政府报告的说明：某局未发布。',
    ]


def test_aggregate_and_index_in_myst_give_what_rst_gives(site):
    data = files()
    data['sum.rst'] = (
        '汇总\n====\n\n.. disclosure-aggregate::\n   :units-of: agencies/county/reports/2021.yaml\n'
    )
    data['sum-md.md'] = (
        '# 汇总\n\n```{disclosure-aggregate}\n:units-of: agencies/county/reports/2021.yaml\n```\n'
    )
    data['index.rst'] = data['index.rst'].replace('   sum\n', '   sum\n   sum-md\n')
    app, warnings = site(data)
    assert warnings == ''
    rst, md = soup(app, 'sum'), soup(app, 'sum-md')
    for cls in ('disclosure-aggregate-check', 'disclosure-aggregate-units'):
        assert rst.find(class_=cls).get_text() == md.find(class_=cls).get_text()
    cells = [td.get_text() for td in rst.select('table.disclosure-aggregate td')]
    assert cells == [td.get_text() for td in md.select('table.disclosure-aggregate td')]
    assert len(cells) == 200
