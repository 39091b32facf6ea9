"""Each consistency rule with a passing and a failing report, and the exact message it gives.

The fixtures in ``fixtures/rules`` are one agency's consistent reports for 2019–2022 (2019 format
for 2019–2020, 2021 format after). Each test changes one thing in a copy and checks one file.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sphinx_disclosure.checking import check_file
from sphinx_disclosure.files import Confinement
from sphinx_disclosure.rules import catalogue

FIXTURES = Path(__file__).parent / 'fixtures' / 'rules'

NP = '申请人情况 › 自然人'
TABLE3 = '收到和处理政府信息公开申请情况'


def edited(tmp_path: Path, edits: dict[int, tuple[tuple[str, str], ...]]) -> Path:
    """A copy of the fixtures with ``edits[year]`` (old, new) replacements applied."""
    folder = tmp_path / 'r'
    shutil.copytree(FIXTURES, folder)
    for year, changes in edits.items():
        path = folder / f'{year}.yaml'
        text = path.read_text(encoding='utf-8')
        for old, new in changes:
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_text(text, encoding='utf-8')
    return folder


def variant(
    tmp_path: Path,
    year: int,
    *changes: tuple[str, str],
    edit_year: int | None = None,
    severities=None,
    **kwargs,
):
    """Copy the fixtures, apply ``changes`` to one year's file, check the ``year`` file."""
    folder = edited(tmp_path, {edit_year or year: changes})
    checked = check_file(
        folder / f'{year}.yaml', display=f'r/{year}.yaml', severities=severities, **kwargs
    )
    assert checked.report is not None, [p.format() for p in checked.result.problems]
    return checked


def line(year: int, needle: str, occurrence: int = 1) -> int:
    lines = (FIXTURES / f'{year}.yaml').read_text(encoding='utf-8').splitlines()
    hits = [n for n, text in enumerate(lines, 1) if needle in text]
    return hits[occurrence - 1]


def findings(checked, rule: str | None = None):
    return [f for f in checked.findings if rule is None or f.rule.id == rule]


def cell(row: str, column: str = NP, table: str = TABLE3) -> str:
    return f'表格“{table}”中“{row}”行“{column}”列的单元格'


def part(row: str, value, where: str, column: str = NP) -> str:
    return f'“{row} / {column}” = {value}（{where}）'


@pytest.mark.parametrize('year', [2019, 2020, 2021, 2022])
def test_fixtures_are_consistent(tmp_path, year):
    checked = variant(tmp_path, year)
    assert checked.findings == []
    expected_notes = ['no-previous-year'] if year == 2019 else []
    assert [n.code for n in checked.notes] == expected_notes


# --------------------------------------------------------------------------------------------
# 表三


def test_r3_1_balance(tmp_path):
    checked = variant(
        tmp_path, 2021, ('to_next_year: {natural_person: 2,', 'to_next_year: {natural_person: 3,')
    )
    (f,) = findings(checked)
    assert (f.rule.id, f.severity, f.key) == (
        'R3.1',
        'error',
        'applications.to_next_year.natural_person',
    )
    assert (f.reported, f.expected, f.difference) == (3, 2, 1)
    n = line(2021, 'to_next_year:')
    assert f.format('zh_CN') == (
        f'r/2021.yaml:{n}: applications.to_next_year.natural_person: '
        '违反表三自注的勾稽关系（一 + 二 = 三 + 四）：'
        f'{cell("四、结转下年度继续办理")}填写为 3，按一 + 二 − 三计算应为 2（相差 +1）。相关单元格：'
        + '、'.join(
            [
                part(
                    '一、本年新收政府信息公开申请数量',
                    10,
                    f'r/2021.yaml 第 {line(2021, "  new:")} 行',
                ),
                part(
                    '二、上年结转政府信息公开申请数量',
                    2,
                    f'r/2021.yaml 第 {line(2021, "from_last_year:")} 行',
                ),
                part('三、本年度办理结果 › （七）总计', 10, '由分项自动合计'),
                part('四、结转下年度继续办理', 3, f'r/2021.yaml 第 {n} 行'),
            ]
        )
        + '。'
    )
    assert f.format('en').startswith(
        f'r/2021.yaml:{n}: applications.to_next_year.natural_person: Breaks the rule noted in '
        '表三 (一 + 二 = 三 + 四): the cell “四、结转下年度继续办理 / 申请人情况 › 自然人” of the '
        'table “收到和处理政府信息公开申请情况” is 3, but 一 + 二 − 三 gives 2 (difference +1). '
        'Cells: “一、本年新收政府信息公开申请数量 / 申请人情况 › 自然人” = 10 (r/2021.yaml:'
    )


def test_r3_2_outcomes_add_up_to_the_total_row(tmp_path):
    checked = variant(
        tmp_path, 2021, ('  to_next_year:', '  total: {natural_person: 11}\n  to_next_year:')
    )
    assert {f.rule.id for f in findings(checked)} == {'R3.1', 'R3.2'}
    (f,) = findings(checked, 'R3.2')
    n = line(2021, 'to_next_year:')  # the inserted total row takes this line
    assert f.key == 'applications.total.natural_person' and f.line == n
    assert (f.reported, f.expected) == (11, 10)
    rows = (
        ['（一）予以公开', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）']
        + [
            f'（三）不予公开 › {x}'
            for x in (
                '1.属于国家秘密',
                '2.其他法律行政法规禁止公开',
                '3.危及“三安全一稳定”',
                '4.保护第三方合法权益',
                '5.属于三类内部事务信息',
                '6.属于四类过程性信息',
                '7.属于行政执法案卷',
                '8.属于行政查询事项',
            )
        ]
        + [
            f'（四）无法提供 › {x}'
            for x in (
                '1.本机关不掌握相关政府信息',
                '2.没有现成信息需要另行制作',
                '3.补正后申请内容仍不明确',
            )
        ]
        + [
            f'（五）不予处理 › {x}'
            for x in (
                '1.信访举报投诉类申请',
                '2.重复申请',
                '3.要求提供公开出版物',
                '4.无正当理由大量反复申请',
                '5.要求行政机关确认或重新出具已获取信息',
            )
        ]
        + [
            f'（六）其他处理 › {x}'
            for x in (
                '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
                '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
                '3.其他',
            )
        ]
    )
    values = [6, 2, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    keys = [
        'granted:',
        'partial:',
        'state_secret:',
        'prohibited_by_law:',
        'endangers_stability:',
        'third_party_rights:',
        'internal_affairs:',
        'process_info:',
        'enforcement_files:',
        'inquiry_matters:',
        'not_held:',
        'needs_creation:',
        'still_unclear:',
        'complaints:',
        'duplicate:',
        'publications:',
        'excessive:',
        'confirmation:',
        'no_correction:',
        'fee_unpaid:',
        '    other: {natural_person',
    ]
    parts = '、'.join(
        part(f'三、本年度办理结果 › {r}', v, f'r/2021.yaml 第 {line(2021, k)} 行')
        for r, v, k in zip(rows, values, keys, strict=True)
    )
    assert f.message('zh_CN') == (
        f'{cell("三、本年度办理结果 › （七）总计")}填写为 11，但各项办理结果之和为 10（相差 +1）。'
        f'相加的单元格：{parts}。'
    )


def test_r3_3_applicants_add_up_to_the_total_column(tmp_path):
    checked = variant(
        tmp_path,
        2021,
        (
            'legal_services: 0, other: 0}\n  from_last_year',
            'legal_services: 0, other: 0, total: 14}\n  from_last_year',
        ),
    )
    # the text quotes 13 applications, the total column now says 14: R3.5 notices that too
    assert {f.rule.id for f in findings(checked)} == {'R3.1', 'R3.3', 'R3.5'}
    (f,) = findings(checked, 'R3.3')
    assert f.key == 'applications.new.total' and f.line == line(2021, '  new:')
    n = line(2021, '  new:')
    cols = [
        '自然人',
        '法人或其他组织 › 商业企业',
        '法人或其他组织 › 科研机构',
        '法人或其他组织 › 社会公益组织',
        '法人或其他组织 › 法律服务机构',
        '法人或其他组织 › 其他',
    ]
    parts = '、'.join(
        part('一、本年新收政府信息公开申请数量', v, f'r/2021.yaml 第 {n} 行', f'申请人情况 › {c}')
        for c, v in zip(cols, [10, 3, 0, 0, 0, 0], strict=True)
    )
    assert f.message('zh_CN') == (
        f'{cell("一、本年新收政府信息公开申请数量", "申请人情况 › 总计")}填写为 14，'
        f'但六类申请人之和为 13（相差 +1）。相加的单元格：{parts}。'
    )
    # the total column breaks R3.1 too, because its 一 is written and no longer adds up
    (r31,) = findings(checked, 'R3.1')
    assert r31.key == 'applications.to_next_year.total' and (r31.reported, r31.expected) == (2, 3)


def test_r3_4_carried_forward_within_received(tmp_path):
    checked = variant(
        tmp_path,
        2021,
        (
            'to_next_year: {natural_person: 2, business: 0,',
            'to_next_year: {natural_person: 2, business: 5,',
        ),
    )
    assert {f.rule.id for f in findings(checked)} == {'R3.1', 'R3.4'}
    (f,) = findings(checked, 'R3.4')
    col = '申请人情况 › 法人或其他组织 › 商业企业'
    new = part(
        '一、本年新收政府信息公开申请数量', 3, f'r/2021.yaml 第 {line(2021, "  new:")} 行', col
    )
    last = part(
        '二、上年结转政府信息公开申请数量',
        0,
        f'r/2021.yaml 第 {line(2021, "from_last_year:")} 行',
        col,
    )
    assert f.message('zh_CN') == (
        f'{cell("四、结转下年度继续办理", col)}填写为 5，超过了本年新收与上年结转之和 3（相差 +2）。'
        f'相关单元格：{new}、{last}。'
    )


def test_r3_5_text_against_table(tmp_path):
    checked = variant(tmp_path, 2021, ('共收到政府信息公开申请13件', '共收到政府信息公开申请12件'))
    (f,) = findings(checked)
    assert (f.rule.id, f.severity, f.key, f.line) == (
        'R3.5',
        'advisory',
        'sections.overview',
        line(2021, '共收到'),
    )
    assert f.message('zh_CN') == (
        '正文写的是“共收到政府信息公开申请12件”（12 件），但'
        f'{cell("一、本年新收政府信息公开申请数量", "申请人情况 › 总计")}为 13。'
    )
    assert checked.count('error') == checked.count('warning') == 0  # advisory only


def test_r3_6_other_handling_share_2019_format(tmp_path):
    checked = variant(
        tmp_path,
        2020,
        ('granted: {natural_person: 3,', 'granted: {natural_person: 1,'),
        ('other_handling: {natural_person: 0,', 'other_handling: {natural_person: 2,'),
    )
    (f,) = findings(checked)
    assert (f.rule.id, f.severity) == ('R3.6', 'advisory')
    assert f.message('zh_CN') == (
        f'{cell("三、本年度办理结果 › （六）其他处理", "申请人情况 › 总计")}为 2，'
        '占本年度办理结果总数 3 件的 67%。2019年格式要求对“其他处理”数量偏高的情况了解原因。'
    )


def test_r3_6_does_not_apply_to_the_2021_format(tmp_path):
    checked = variant(
        tmp_path,
        2021,
        ('granted: {natural_person: 6,', 'granted: {natural_person: 1,'),
        ('no_correction: {natural_person: 0,', 'no_correction: {natural_person: 5,'),
    )
    assert findings(checked) == []


def test_rb_1_blank_total(tmp_path):
    checked = variant(
        tmp_path,
        2021,
        (
            'reconsideration: {upheld: 1, corrected: 0, other: 0, pending: 1}',
            'reconsideration: {upheld: 1, corrected: 0, other: 0, pending: 1, total: ~}',
        ),
    )
    (f,) = findings(checked)
    assert (f.rule.id, f.severity, f.key) == ('RB.1', 'advisory', 'review.reconsideration.total')
    assert f.message('zh_CN') == (
        '本表有 1 个合计单元格留空，而它们的分项填有数字（首个为表格“政府信息公开行政复议、行政诉讼情况”'
        '中“行政复议 › 总计”列的单元格）。留空的合计不等于 0，也无法核对。留空的合计：“行政复议 › 总计”。'
    )


@pytest.mark.parametrize(
    ('cells', 'acknowledged'),
    [
        ('', True),  # an explanation of the rule covers the whole finding
        ('\n    cells: [review.reconsideration.total, review.litigation_direct.total]', True),
        ('\n    cells: [review.reconsideration.total]', False),  # the other total is unexplained
    ],
)
def test_rb_1_acknowledged_only_for_every_blank_total(tmp_path, cells, acknowledged):
    """RB.1 is one finding for all the blank totals of a table: an explanation that names cells
    must name every one of them, or a second blank total would hide behind the first."""
    checked = variant(
        tmp_path,
        2021,
        (
            'reconsideration: {upheld: 1, corrected: 0, other: 0, pending: 1}',
            'reconsideration: {upheld: 1, corrected: 0, other: 0, pending: 1, total: ~}',
        ),
        (
            'litigation_direct: {upheld: 1, corrected: 0, other: 0, pending: 0}',
            'litigation_direct: {upheld: 1, corrected: 0, other: 0, pending: 0, total: ~}',
        ),
        (
            'sections:',
            f'acknowledged:\n  - rule: RB.1\n    explanation: 未统计合计。{cells}\nsections:',
        ),
    )
    (f,) = findings(checked)
    assert f.rule.id == 'RB.1' and f.params['count'] == 2
    assert (f.acknowledged == '未统计合计。') is acknowledged


def test_blank_total_with_blank_parts_is_fine(tmp_path):
    checked = variant(
        tmp_path,
        2021,
        (
            'litigation_after_review: {upheld: 0, corrected: 0, other: 0, pending: 0}',
            'litigation_after_review: {upheld: ~, corrected: ~, other: ~, pending: ~, total: ~}',
        ),
    )
    assert findings(checked) == []


# --------------------------------------------------------------------------------------------
# 表四


def test_r4_1_group_totals(tmp_path):
    checked = variant(
        tmp_path,
        2021,
        (
            'reconsideration: {upheld: 1, corrected: 0, other: 0, pending: 1}',
            'reconsideration: {upheld: 1, corrected: 0, other: 0, pending: 1, total: 3}',
        ),
    )
    (f,) = findings(checked)
    assert (f.rule.id, f.severity, f.key) == ('R4.1', 'error', 'review.reconsideration.total')
    n = line(2021, 'reconsideration:')
    parts = '、'.join(
        f'“行政复议 › {c}” = {v}（r/2021.yaml 第 {n} 行）'
        for c, v in zip(['结果维持', '结果纠正', '其他结果', '尚未审结'], [1, 0, 0, 1], strict=True)
    )
    assert f.format('zh_CN') == (
        f'r/2021.yaml:{n}: review.reconsideration.total: 表格“政府信息公开行政复议、行政诉讼情况”'
        f'中“行政复议 › 总计”列的单元格填写为 3，但本组各项之和为 2（相差 +1）。相加的单元格：{parts}。'
    )


# --------------------------------------------------------------------------------------------
# across years


def test_rx_1_carry_over_across_the_format_change(tmp_path):
    # 2020 (2019 format) carried one application less than 2021 (2021 format) says it received
    checked = variant(
        tmp_path,
        2021,
        ('granted: {natural_person: 3,', 'granted: {natural_person: 4,'),
        ('to_next_year: {natural_person: 2,', 'to_next_year: {natural_person: 1,'),
        edit_year=2020,
    )
    assert checked.previous is not None and checked.previous.year == 2020
    (f,) = findings(checked)
    assert (f.rule.id, f.severity, f.key) == (
        'RX.1',
        'warning',
        'applications.from_last_year.natural_person',
    )
    carried = part('四、结转下年度继续办理', 1, f'r/2020.yaml 第 {line(2020, "to_next_year:")} 行')
    assert f.message('zh_CN') == (
        f'{cell("二、上年结转政府信息公开申请数量")}填写为 2，但上一年度报告（r/2020.yaml）中'
        f'结转下年度继续办理的为 1（相差 +1）。相关单元格：{carried}。'
    )
    assert f.message('en') == (
        'The cell “二、上年结转政府信息公开申请数量 / 申请人情况 › 自然人” of the table '
        "“收到和处理政府信息公开申请情况” is 2, but last year's report (r/2020.yaml) carried 1 "
        'over (difference +1). Cells: “四、结转下年度继续办理 / 申请人情况 › 自然人” = 1 '
        f'(r/2020.yaml:{line(2020, "to_next_year:")}).'
    )


def test_r2_2_stock_of_normative_documents(tmp_path):
    checked = variant(tmp_path, 2022, ('in_force: 10}', 'in_force: 12}'))
    (f,) = findings(checked)
    assert (f.rule.id, f.severity, f.key) == (
        'R2.2',
        'warning',
        'active.normative_documents.in_force',
    )
    assert (f.reported, f.expected) == (12, 10)
    n21, n22 = line(2021, 'normative_documents:'), line(2022, 'normative_documents:')
    assert f.message('zh_CN') == (
        '表格“主动公开政府信息情况”中“行政规范性文件”行“第二十条第（一）项 › 现行有效件数”列的单元格'
        '填写为 12，按上年现行有效件数加本年制发、减本年废止计算应为 10（相差 +2）。相关单元格：'
        f'“行政规范性文件 / 第二十条第（一）项 › 现行有效件数” = 9（r/2021.yaml 第 {n21} 行）、'
        f'“行政规范性文件 / 第二十条第（一）项 › 本年制发件数” = 1（r/2022.yaml 第 {n22} 行）、'
        f'“行政规范性文件 / 第二十条第（一）项 › 本年废止件数” = 0（r/2022.yaml 第 {n22} 行）。'
    )


def test_r2_2_not_across_the_format_change(tmp_path):
    checked = variant(tmp_path, 2021, ('in_force: 9}', 'in_force: 99}'))
    assert findings(checked) == []  # 2020 used the 2019 format: 表二 is not comparable


def test_r2_3_items_and_totals_2019_format(tmp_path):
    checked = variant(
        tmp_path,
        2020,
        ('licensing: {previous_items: 20,', 'licensing: {previous_items: 21,'),
        ('total_published: 8}', 'total_published: 9}'),
    )
    got = [(f.rule.id, f.key, f.reported, f.expected) for f in findings(checked)]
    assert sorted(got) == [
        ('R2.3', 'active.licensing.previous_items', 21, 20),
        ('R2.3', 'active.normative_documents.total_published', 9, 8),
    ]
    f = next(f for f in findings(checked) if f.key.endswith('previous_items'))
    n19 = line(2019, 'licensing:')
    assert f.message('zh_CN') == (
        '表格“主动公开政府信息情况”中“行政许可”行“第二十条第（五）项 › 上一年项目数量”列的单元格'
        '填写为 21，按上一年度报告推算应为 20（相差 +1）。相关单元格：'
        f'“行政许可 / 第二十条第（五）项 › 上一年项目数量” = 18（r/2019.yaml 第 {n19} 行）、'
        f'“行政许可 / 第二十条第（五）项 › 本年增/减” = 2（r/2019.yaml 第 {n19} 行）。'
    )


# --------------------------------------------------------------------------------------------
# fees


FEE = (
    ('granted: {natural_person: 6,', 'granted: {natural_person: 5,'),
    ('fee_unpaid: {natural_person: 0,', 'fee_unpaid: {natural_person: 1,'),
)


def test_rf_1_fee_reported(tmp_path):
    assert findings(variant(tmp_path, 2021, *FEE)) == []  # 六 says 本年度未收取信息处理费


def test_rf_1_fee_not_reported(tmp_path):
    checked = variant(tmp_path, 2021, *FEE, ('other: 本年度未收取信息处理费。', 'other: 无。'))
    (f,) = findings(checked)
    assert (f.rule.id, f.severity, f.key) == (
        'RF.1',
        'advisory',
        'applications.other_handling.fee_unpaid.total',
    )
    row = '三、本年度办理结果 › （六）其他处理 › 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'
    assert f.message('zh_CN') == (
        f'{cell(row, "申请人情况 › 总计")}为 1，说明本年度发出过收费通知，'
        '但“六、其他需要报告的事项”中没有提到信息处理费的收取情况。'
    )


# --------------------------------------------------------------------------------------------
# severities, acknowledgements, finding last year


def test_severity_overrides(tmp_path):
    change = ('in_force: 10}', 'in_force: 12}')
    (f,) = findings(variant(tmp_path, 2022, change, severities={'R2.2': 'error'}))
    assert f.severity == 'error'
    assert findings(variant(tmp_path / 'b', 2022, change, severities={'R2.2': 'off'})) == []


def test_heuristic_rules_are_never_errors_by_default():
    for rule in catalogue().values():
        if rule.status == 'H':
            assert rule.severity != 'error', rule.id


ACK = (
    'sections:',
    'acknowledged:\n  - rule: RX.1\n    explanation: 2021年机构改革，上年结转口径有变化。\nsections:',
)
CARRY = (
    ('granted: {natural_person: 3,', 'granted: {natural_person: 4,'),
    ('to_next_year: {natural_person: 2,', 'to_next_year: {natural_person: 1,'),
)


def test_acknowledged_break(tmp_path):
    folder = edited(tmp_path, {2020: CARRY, 2021: (ACK,)})
    checked = check_file(folder / '2021.yaml', display='r/2021.yaml')
    (f,) = checked.findings
    assert f.rule.id == 'RX.1' and f.acknowledged == '2021年机构改革，上年结转口径有变化。'
    assert checked.count('warning') == 0 and checked.notes == []


def test_unused_acknowledgement_is_a_warning(tmp_path):
    checked = variant(tmp_path, 2021, ACK)
    assert checked.findings == []
    (note,) = checked.notes
    assert (note.code, note.severity, note.key, note.line) == (
        'unused-acknowledgement',
        'warning',
        'acknowledged[0]',
        6,
    )
    assert note.message('zh_CN') == (
        '报告中对规则 RX.1 作了说明，但该规则（已）没有被违反。请删除这条说明，否则会被无谓地公开。'
    )


def test_acknowledgement_limited_to_cells(tmp_path):
    ack = (
        'sections:',
        'acknowledged:\n  - rule: RX.1\n    explanation: 说明。\n'
        '    cells: [applications.from_last_year.business]\nsections:',
    )
    folder = edited(tmp_path, {2020: CARRY, 2021: (ack,)})
    checked = check_file(folder / '2021.yaml', display='r/2021.yaml')
    (f,) = checked.findings
    assert f.acknowledged is None  # the explanation is about another cell
    assert [n.code for n in checked.notes] == ['unused-acknowledgement']


def test_unknown_rule_in_acknowledgement(tmp_path):
    folder = tmp_path / 'r'
    shutil.copytree(FIXTURES, folder)
    path = folder / '2021.yaml'
    path.write_text(
        path.read_text(encoding='utf-8').replace(
            'sections:', 'acknowledged:\n  - rule: RX1\n    explanation: x\nsections:', 1
        ),
        encoding='utf-8',
    )
    checked = check_file(path, display='r/2021.yaml')
    (p,) = checked.result.problems
    assert (p.code, p.key, p.line) == ('unknown-value', 'acknowledged[0].rule', 6)
    assert '是否应为“RX.1”' in p.message('zh_CN')
    assert 'R4.2' not in p.message('zh_CN')  # checked on reading: nothing to explain


def test_previous_by_agency_id_and_explicit_link(tmp_path):
    folder = tmp_path / 'r'
    shutil.copytree(FIXTURES, folder)
    # renamed agency: names differ, the id is the same
    for year, name in ((2020, '测试局（旧名）'), (2021, '测试局')):
        path = folder / f'{year}.yaml'
        text = path.read_text(encoding='utf-8').replace(
            'agency: 测试局', f'agency: {name}\nagency_id: 11330000XXXXXXXX', 1
        )
        path.write_text(text, encoding='utf-8')
    checked = check_file(folder / '2021.yaml', display='r/2021.yaml')
    assert checked.previous is not None and checked.previous.agency == '测试局（旧名）'
    # explicit link into another folder
    other = tmp_path / 'archive'
    other.mkdir()
    shutil.move(str(folder / '2020.yaml'), other / 'old.yaml')
    path = folder / '2021.yaml'
    path.write_text(
        path.read_text(encoding='utf-8').replace(
            'sections:', 'previous: ../archive/old.yaml\nsections:', 1
        ),
        encoding='utf-8',
    )
    # the report's folder is all a report on its own may read: the link is refused, and says so
    (note,) = check_file(path, display='r/2021.yaml').notes
    assert (note.code, note.severity, note.key) == ('outside-root', 'error', 'previous')
    checked = check_file(path, display='r/2021.yaml', confine=Confinement(tmp_path))
    assert checked.previous is not None and checked.previous.display == 'archive/old.yaml'
    assert checked.notes == []


def test_previous_not_found_ambiguous_wrong_year(tmp_path):
    folder = tmp_path / 'r'
    shutil.copytree(FIXTURES, folder)
    (folder / '2020.yaml').unlink()
    (note,) = check_file(folder / '2021.yaml', display='r/2021.yaml').notes
    assert (note.code, note.severity) == ('no-previous-year', 'info')
    assert note.format('zh_CN') == (
        f'r/2021.yaml:{line(2021, "year:")}: 在本文件所在目录中没有找到测试局2020年度的报告，'
        '因此不检查与上一年度的衔接。如需检查，请把该报告放在同一目录，或用 previous: 写明其路径。'
    )
    shutil.copy(FIXTURES / '2020.yaml', folder / 'a.yaml')
    shutil.copy(FIXTURES / '2020.yaml', folder / 'b.yml')
    (note,) = check_file(folder / '2021.yaml', display='r/2021.yaml').notes
    assert (note.code, note.severity) == ('previous-ambiguous', 'warning')
    assert 'r/a.yaml、r/b.yml' in note.message('zh_CN')
    path = folder / '2021.yaml'
    path.write_text(
        path.read_text(encoding='utf-8').replace('sections:', 'previous: 2019.yaml\nsections:', 1),
        encoding='utf-8',
    )
    (note,) = check_file(path, display='r/2021.yaml').notes
    assert (note.code, note.key) == ('previous-wrong-year', 'previous')
    path.write_text(
        path.read_text(encoding='utf-8').replace(
            'previous: 2019.yaml', 'previous: 2020-missing.yaml', 1
        ),
        encoding='utf-8',
    )
    (note,) = check_file(path, display='r/2021.yaml').notes
    assert (note.code, note.severity) == ('previous-not-found', 'warning')
    assert note.message('zh_CN') == (
        'previous: 写的上一年度报告 r/2020-missing.yaml 不存在。请检查路径：路径相对于本报告文件所在目录。'
    )


def test_last_years_report_with_errors_is_named(tmp_path):
    folder = tmp_path / 'r'
    shutil.copytree(FIXTURES, folder)
    path = folder / '2020.yaml'
    path.write_text(
        path.read_text(encoding='utf-8').replace(
            'granted: {natural_person: 3,', 'granted: {natural_person: -3,'
        ),
        encoding='utf-8',
    )
    (note,) = check_file(folder / '2021.yaml', display='r/2021.yaml').notes
    assert (note.code, note.severity) == ('previous-invalid', 'warning')
    assert note.message('zh_CN') == '上一年度报告 r/2020.yaml 本身有错误，无法用于跨年度检查。'


def test_explanation_of_a_rule_switched_off_is_not_unused(tmp_path):
    assert variant(tmp_path, 2021, ACK, severities={'RX.1': 'off'}).notes == []


def test_text_figure_acknowledged_by_section(tmp_path):
    ack = (
        'sections:',
        'acknowledged:\n  - rule: R3.5\n    explanation: 含上年结转。\n'
        '    cells: [sections.overview]\nsections:',
    )
    checked = variant(
        tmp_path, 2021, ack, ('共收到政府信息公开申请13件', '共收到政府信息公开申请15件')
    )
    (f,) = checked.findings
    assert f.rule.id == 'R3.5' and f.acknowledged == '含上年结转。'
    assert checked.notes == []


def test_every_rule_has_both_languages_and_a_basis():
    for rule in catalogue().values():
        for field in ('title', 'basis', 'message'):
            english = getattr(rule, field)
            assert english and rule.text(field, 'en') == english, (rule.id, field)
            chinese = rule.text(field, 'zh_CN')  # from the message catalogue
            assert chinese != english and re.search('[\u4e00-\u9fff]', chinese), (rule.id, field)
        assert rule.scope
    from sphinx_disclosure.rules.engine import check_catalogue

    check_catalogue()
