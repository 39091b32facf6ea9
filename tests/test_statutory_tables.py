"""Every label and every merged cell of every statutory table, as the official formats lay them out.

The expectations below are typed from the specification (the official templates of
国办公开办函〔2019〕60号 and 〔2021〕30号, as documented in the project's reference), NOT derived
from the forms data files: a typo or a wrong span in ``sphinx_disclosure/forms/*.yaml`` must make
this test fail. The tables are checked in the HTML of a real Sphinx build, cell by cell, with
their rowspan/colspan, and the values written in the YAML must land in the row and column whose
labels say so.
"""

from __future__ import annotations

import pytest

from .reports import report


def L(text: str, rs: int = 1, cs: int = 1) -> tuple:  # noqa: N802 - reads like the spec tables
    return ('label', text, rs, cs)


def V(cs: int = 1) -> tuple:  # noqa: N802
    return ('value', None, 1, cs)


# ---------------------------------------------------------------------------------------------
# 2019 format (国办公开办函〔2019〕60号, 试行)

ACTIVE_2019 = [
    [L('第二十条第（一）项', cs=4)],
    [L('信息内容'), L('本年新制作数量'), L('本年新公开数量'), L('对外公开总数量')],
    [L('规章'), V(), V(), V()],
    [L('规范性文件'), V(), V(), V()],
    [L('第二十条第（五）项', cs=4)],
    [L('信息内容'), L('上一年项目数量'), L('本年增/减'), L('处理决定数量')],
    [L('行政许可'), V(), V(), V()],
    [L('其他对外管理服务事项'), V(), V(), V()],
    [L('第二十条第（六）项', cs=4)],
    [L('信息内容'), L('上一年项目数量'), L('本年增/减'), L('处理决定数量')],
    [L('行政处罚'), V(), V(), V()],
    [L('行政强制'), V(), V(), V()],
    [L('第二十条第（八）项', cs=4)],
    [L('信息内容'), L('上一年项目数量'), L('本年增/减', cs=2)],
    [L('行政事业性收费'), V(), V(cs=2)],
    [L('第二十条第（九）项', cs=4)],
    [L('信息内容'), L('采购项目数量'), L('采购总金额', cs=2)],
    [L('政府集中采购'), V(), V(cs=2)],
]

APPLICATIONS_HEADER = [
    [
        L('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', rs=3, cs=3),
        L('申请人情况', cs=7),
    ],
    [L('自然人', rs=2), L('法人或其他组织', cs=5), L('总计', rs=2)],
    [L('商业企业'), L('科研机构'), L('社会公益组织'), L('法律服务机构'), L('其他')],
]

SEVEN = [V()] * 7


def _applications_body(rowspan_3: int, other_handling: list[list]) -> list[list]:
    return [
        [L('一、本年新收政府信息公开申请数量', cs=3), *SEVEN],
        [L('二、上年结转政府信息公开申请数量', cs=3), *SEVEN],
        [L('三、本年度办理结果', rs=rowspan_3), L('（一）予以公开', cs=2), *SEVEN],
        [L('（二）部分公开（区分处理的，只计这一情形，不计其他情形）', cs=2), *SEVEN],
        [L('（三）不予公开', rs=8), L('1.属于国家秘密'), *SEVEN],
        [L('2.其他法律行政法规禁止公开'), *SEVEN],
        [L('3.危及“三安全一稳定”'), *SEVEN],
        [L('4.保护第三方合法权益'), *SEVEN],
        [L('5.属于三类内部事务信息'), *SEVEN],
        [L('6.属于四类过程性信息'), *SEVEN],
        [L('7.属于行政执法案卷'), *SEVEN],
        [L('8.属于行政查询事项'), *SEVEN],
        [L('（四）无法提供', rs=3), L('1.本机关不掌握相关政府信息'), *SEVEN],
        [L('2.没有现成信息需要另行制作'), *SEVEN],
        [L('3.补正后申请内容仍不明确'), *SEVEN],
        [L('（五）不予处理', rs=5), L('1.信访举报投诉类申请'), *SEVEN],
        [L('2.重复申请'), *SEVEN],
        [L('3.要求提供公开出版物'), *SEVEN],
        [L('4.无正当理由大量反复申请'), *SEVEN],
        [L('5.要求行政机关确认或重新出具已获取信息'), *SEVEN],
        *other_handling,
        [L('（七）总计', cs=2), *SEVEN],
        [L('四、结转下年度继续办理', cs=3), *SEVEN],
    ]


APPLICATIONS_2019 = APPLICATIONS_HEADER + _applications_body(
    20, [[L('（六）其他处理', cs=2), *SEVEN]]
)

REVIEW = [
    [L('行政复议', cs=5), L('行政诉讼', cs=10)],
    [
        L('结果维持', rs=2),
        L('结果纠正', rs=2),
        L('其他结果', rs=2),
        L('尚未审结', rs=2),
        L('总计', rs=2),
        L('未经复议直接起诉', cs=5),
        L('复议后起诉', cs=5),
    ],
    [
        L('结果维持'),
        L('结果纠正'),
        L('其他结果'),
        L('尚未审结'),
        L('总计'),
        L('结果维持'),
        L('结果纠正'),
        L('其他结果'),
        L('尚未审结'),
        L('总计'),
    ],
    [V()] * 15,
]

# ---------------------------------------------------------------------------------------------
# 2021 format (国办公开办函〔2021〕30号)

ACTIVE_2021 = [
    [L('第二十条第（一）项', cs=4)],
    [L('信息内容'), L('本年制发件数'), L('本年废止件数'), L('现行有效件数')],
    [L('规章'), V(), V(), V()],
    [L('行政规范性文件'), V(), V(), V()],
    [L('第二十条第（五）项', cs=4)],
    [L('信息内容'), L('本年处理决定数量', cs=3)],
    [L('行政许可'), V(cs=3)],
    [L('第二十条第（六）项', cs=4)],
    [L('信息内容'), L('本年处理决定数量', cs=3)],
    [L('行政处罚'), V(cs=3)],
    [L('行政强制'), V(cs=3)],
    [L('第二十条第（八）项', cs=4)],
    [L('信息内容'), L('本年收费金额（单位：万元）', cs=3)],
    [L('行政事业性收费'), V(cs=3)],
]

APPLICATIONS_2021 = APPLICATIONS_HEADER + _applications_body(
    22,
    [
        [
            L('（六）其他处理', rs=3),
            L('1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'),
            *SEVEN,
        ],
        [L('2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'), *SEVEN],
        [L('3.其他'), *SEVEN],
    ],
)

EXPECTED = {
    '2019': {'active': ACTIVE_2019, 'applications': APPLICATIONS_2019, 'review': REVIEW},
    '2021': {'active': ACTIVE_2021, 'applications': APPLICATIONS_2021, 'review': REVIEW},
}

SECTION_TITLES = [
    '一、总体情况',
    '二、主动公开政府信息情况',
    '三、收到和处理政府信息公开申请情况',
    '四、政府信息公开行政复议、行政诉讼情况',
    '五、存在的主要问题及改进情况',
    '六、其他需要报告的事项',
]

# ---------------------------------------------------------------------------------------------


def html_rows(table) -> list[list[tuple]]:
    """The table's cells as (kind, text, rowspan, colspan), row by row (thead and tbody)."""
    rows = []
    for tr in table.find_all('tr'):
        row = []
        for cell in tr.find_all(['th', 'td'], recursive=False):
            rs = int(cell.get('rowspan', 1))
            cs = int(cell.get('colspan', 1))
            if cell.name == 'th':
                row.append(('label', cell.get_text(strip=True), rs, cs))
            else:
                row.append(('value', None, rs, cs))
        rows.append(row)
    return rows


def grid_width(rows: list[list[tuple]]) -> list[int]:
    """How many grid columns each row covers, counting cells spanning down from above."""
    pending: dict[int, int] = {}  # grid column -> rows it stays occupied
    widths = []
    for row in rows:
        col = 0
        for _kind, _text, rs, cs in row:
            while pending.get(col, 0) > 0:
                col += 1
            for c in range(col, col + cs):
                pending[c] = rs
            col += cs
        widths.append(sum(1 for n in pending.values() if n > 0))
        pending = {c: n - 1 for c, n in pending.items()}
    return widths


@pytest.mark.parametrize('form_id', ['2019', '2021'])
@pytest.mark.parametrize('table_id', ['active', 'applications', 'review'])
def test_every_label_and_span(report_pages, form_id, table_id):
    table = report_pages[form_id].find('table', id=table_id)
    assert table is not None
    assert html_rows(table) == EXPECTED[form_id][table_id]


@pytest.mark.parametrize('form_id', ['2019', '2021'])
def test_grids_are_rectangular(report_pages, form_id):
    """Every row covers the full width once rowspans from above are counted."""
    widths = {'active': 4, 'applications': 10, 'review': 15}
    for table_id, width in widths.items():
        rows = html_rows(report_pages[form_id].find('table', id=table_id))
        assert set(grid_width(rows)) == {width}, table_id


@pytest.mark.parametrize('form_id', ['2019', '2021'])
def test_header_rows(report_pages, form_id):
    """表三 and 表四 have three header rows in <thead>; 表二 has none (the template has none)."""
    soup = report_pages[form_id]
    assert len(soup.find('table', id='applications').thead.find_all('tr')) == 3
    assert len(soup.find('table', id='review').thead.find_all('tr')) == 3
    assert soup.find('table', id='active').thead is None


@pytest.mark.parametrize('form_id', ['2019', '2021'])
def test_sections_in_order(report_pages, form_id):
    soup = report_pages[form_id]
    titles = [
        h.get_text().rstrip('¶') for h in soup.select('section.disclosure-report > section > h2')
    ]
    assert titles == SECTION_TITLES
    ids = [s['id'] for s in soup.select('section.disclosure-report > section')]
    assert ids == [f'sec-{i}' for i in range(1, 7)]
    h1 = soup.find('h1').get_text().rstrip('¶')
    assert h1 == f'测试县测试局{int(form_id)}年政府信息公开工作年度报告'


# The values written for these keys must appear in the row with this label, columns in the order
# 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他 (identifiers from the documented schema).
APPLICANTS = ['natural_person', 'business', 'research', 'nonprofit', 'legal_services', 'other']
ROW_KEYS = {
    '一、本年新收政府信息公开申请数量': 'new',
    '二、上年结转政府信息公开申请数量': 'from_last_year',
    '（一）予以公开': 'granted',
    '1.属于国家秘密': 'withheld.state_secret',
    '3.危及“三安全一稳定”': 'withheld.endangers_stability',
    '8.属于行政查询事项': 'withheld.inquiry_matters',
    '3.补正后申请内容仍不明确': 'unavailable.still_unclear',
    '5.要求行政机关确认或重新出具已获取信息': 'not_processed.confirmation',
    '四、结转下年度继续办理': 'to_next_year',
}


def _values_by_key(form_id):
    """The values the test report (tests/reports.py) wrote, by full key."""
    data = report(form_id)

    def walk(node, prefix):
        for k, v in node.items():
            if isinstance(v, dict):
                yield from walk(v, f'{prefix}{k}.')
            else:
                yield f'{prefix}{k}', v

    return {k: v for t in ('active', 'applications', 'review') for k, v in walk(data[t], t + '.')}


@pytest.mark.parametrize('form_id', ['2019', '2021'])
def test_values_land_under_their_labels(report_pages, form_id):
    values = _values_by_key(form_id)
    table = report_pages[form_id].find('table', id='applications')
    seen = set()
    for tr in table.tbody.find_all('tr'):
        labels = [th.get_text(strip=True) for th in tr.find_all('th')]
        numbers = [td.get_text(strip=True) for td in tr.find_all('td')]
        key = ROW_KEYS.get(labels[-1])
        if key is None:
            continue
        seen.add(key)
        expected = [values[f'applications.{key}.{c}'] for c in APPLICANTS]
        assert numbers == [str(v) for v in expected] + [str(sum(expected))], labels
    assert seen == set(ROW_KEYS.values())


def test_review_values_in_group_order(report_pages):
    values = _values_by_key('2021')
    tds = report_pages['2021'].find('table', id='review').tbody.find_all('td')
    got = [td.get_text(strip=True) for td in tds]
    expected = []
    for group in ('reconsideration', 'litigation_direct', 'litigation_after_review'):
        parts = [values[f'review.{group}.{c}'] for c in ('upheld', 'corrected', 'other', 'pending')]
        expected += [str(v) for v in parts] + [str(sum(parts))]
    assert got == expected


def test_active_2019_values(report_pages):
    values = _values_by_key('2019')
    table = report_pages['2019'].find('table', id='active')
    rows = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all('td')]
        for tr in table.find_all('tr')
        if tr.find('td')
    }
    assert rows['行政处罚'] == [
        str(values[f'active.penalties.{c}']) for c in ('previous_items', 'change', 'decisions')
    ]
    assert rows['政府集中采购'] == [
        str(values['active.procurement.projects']),
        str(values['active.procurement.amount']),
    ]
    assert rows['规范性文件'] == [
        str(values[f'active.normative_documents.{c}'])
        for c in ('new_made', 'new_published', 'total_published')
    ]


def test_active_2021_values(report_pages):
    values = _values_by_key('2021')
    table = report_pages['2021'].find('table', id='active')
    rows = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all('td')]
        for tr in table.find_all('tr')
        if tr.find('td')
    }
    assert rows['行政强制'] == [str(values['active.coercion.decisions'])]
    assert rows['行政事业性收费'] == [str(values['active.fees.amount'])]
    assert rows['行政规范性文件'] == [
        str(values[f'active.normative_documents.{c}']) for c in ('issued', 'repealed', 'in_force')
    ]
