"""The comparison across years, without Sphinx: figures, change, indicators, comparability.

The reports are the hand-written files of ``tests/roots/test-compare/reports`` (one agency,
2019–2022, renamed after 2019, the 2019 format for 2019–2020 and the 2021 format after, one
blank cell in 2021). Every expected number below was worked out by hand from those files (the
totals are written in the comment at the top of each file), not by the code under test.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from sphinx_disclosure.checking import check_file
from sphinx_disclosure.messages import render
from sphinx_disclosure.series import Source, compare, percent_text, round1, signed

REPORTS = Path(__file__).parent / 'roots' / 'test-compare' / 'reports'
WHERE = {'file': 'page.rst', 'line': 3}


def source(path: Path, display: str | None = None) -> Source:
    checked = check_file(path, display=display or path.name)
    return Source(
        display or path.name,
        checked.report,
        checked.result.identity,
        checked.count('error'),
    )


def sources(*years: int) -> list[Source]:
    return [source(REPORTS / f'{y}.yaml') for y in years or (2019, 2020, 2021, 2022)]


def numbers(row) -> list:
    """A row's figures as the plain values shown (None where no number is shown)."""
    return [v.value if v.kind == 'number' else v.kind for v in row.values]


@pytest.fixture(scope='module')
def comparison():
    result, problem = compare(sources(), where=WHERE)
    assert problem is None
    return result


def test_span_and_change_pair(comparison):
    assert [(y.year, y.status) for y in comparison.years] == [
        (2019, 'ok'),
        (2020, 'ok'),
        (2021, 'ok'),
        (2022, 'ok'),
    ]
    assert (comparison.latest, comparison.previous) == (2022, 2021)
    assert comparison.agency == '测试县自然资源局'


def test_applications_received_carried_concluded(comparison):
    table = comparison.table('applications')
    assert numbers(table.row('new')) == [48, 60, 80, 102]
    assert numbers(table.row('from_last_year')) == [2, 5, 4, 7]
    assert numbers(table.row('total')) == [45, 61, 77, 96]
    assert numbers(table.row('to_next_year')) == [5, 4, 7, 13]
    change = table.row('new').change
    # 102 − 80 = 22, 22 / 80 = 27.5 %
    assert (change.kind, change.difference, change.percent) == ('number', 22, Fraction(55, 2))
    change = table.row('total').change
    # 96 − 77 = 19, 19 / 77 = 24.675…% → 24.7
    assert change.difference == 19 and round1(change.percent) == Decimal('24.7')
    assert table.notes == []


def test_outcomes_blank_sum_and_other_handling_marked(comparison):
    table = comparison.table('outcomes')
    assert numbers(table.row('granted')) == [24, 30, 40, 51]
    assert numbers(table.row('partial')) == [6, 8, 10, 12]
    # 2021: 6.属于四类过程性信息 is blank for businesses, so its 总计 and the sum are blank
    assert numbers(table.row('withheld')) == [4, 3, 'blank', 5]
    assert table.row('withheld').change.kind == 'blank'
    assert numbers(table.row('unavailable')) == [7, 12, 14, 18]
    assert numbers(table.row('not_processed')) == [3, 6, 5, 7]
    # 2019 format: one row; 2021 format: 2 + 1 + 1 and 1 + 0 + 2
    other = table.row('other_handling')
    assert numbers(other) == [1, 2, 4, 3]
    assert other.mixed
    # 2022 and 2021 share a format: the change is computed (3 − 4 = −1, −25 %)
    assert (other.change.difference, other.change.percent) == (-1, Fraction(-25))
    notes = [render(n, 'zh_CN') for n in table.notes]
    assert notes == [
        '※ 其他处理：2021年起格式调整，本项口径不同，与此前年度不可比。',
        '空白：该年度报告中此项或其组成部分留空（空白不作 0 计算）：2021年不予公开。',
    ]


def test_no_change_across_the_format_change():
    """Up to 2021 only: the latest pair is 2021 against 2020, across the format change."""
    result, _ = compare(sources(2019, 2020, 2021), where=WHERE)
    assert (result.latest, result.previous) == (2021, 2020)
    outcomes = result.table('outcomes')
    assert outcomes.row('other_handling').change.kind == 'nc'
    assert outcomes.row('granted').change.difference == 10  # 40 − 30: same rows in both
    active = result.table('active')
    changes = {r.id: r.change.kind for r in active.rows if hasattr(r, 'change')}
    assert set(changes.values()) == {'nc'}


def test_review_cells_and_labels(comparison):
    table = comparison.table('review')
    labels = [r.labels for r in table.rows]
    assert labels[:5] == [
        ('行政复议', x) for x in ('结果维持', '结果纠正', '其他结果', '尚未审结', '总计')
    ]
    assert labels[5] == ('行政诉讼 › 未经复议直接起诉', '结果维持')
    assert labels[14] == ('行政诉讼 › 复议后起诉', '总计')
    assert numbers(table.row('review-reconsideration-total')) == [4, 4, 4, 8]
    assert numbers(table.row('review-litigation_direct-pending')) == [1, 0, 0, 1]
    change = table.row('review-litigation_after_review-total').change
    assert (change.difference, change.percent) == (2, None)  # from 0: no rate


def test_active_items_belong_to_their_format(comparison):
    table = comparison.table('active')
    headings = [render(r.label, 'zh_CN') for r in table.rows if not hasattr(r, 'values')]
    assert headings == [
        '国办公开办函〔2019〕60号格式（2019—2020年度报告）',
        '国办公开办函〔2021〕30号格式（2021—2022年度报告）',
    ]
    made = table.row('active-2019-regulations-new_made')
    assert made.labels == ('规章', '本年新制作数量')
    assert numbers(made) == [1, 0, 'nc', 'nc'] and made.change.kind == 'nc'
    procurement = table.row('active-2019-procurement-amount')
    assert numbers(procurement) == [Decimal('350.5'), Decimal('402.25'), 'nc', 'nc']
    fees = table.row('active-2021-fees-amount')
    assert fees.labels == ('行政事业性收费', '本年收费金额（单位：万元）')
    assert numbers(fees) == ['nc', 'nc', Decimal('12.5'), Decimal('10.25')]
    # 10.25 − 12.5 = −2.25, −18 %
    assert (fees.change.difference, fees.change.percent) == (Decimal('-2.25'), Fraction(-18))
    # the two formats' decisions of 行政许可 share a key but not a definition
    licensing = table.row('active-2021-licensing-decisions')
    assert numbers(licensing) == ['nc', 'nc', 350, 380]
    assert table.row('active-2019-licensing-decisions').change.kind == 'nc'
    assert [render(n, 'zh_CN') for n in table.notes] == [
        '“不可比”：2021年起格式调整，本项口径不同，不可比。'
    ]


def test_indicators_hand_computed(comparison):
    table = comparison.table('indicators')
    rate = table.row('disclosure_rate')
    # (24+6)/45, (30+8)/61, (40+10)/77, (51+12)/96
    assert [percent_text(v.value) for v in rate.values] == ['66.7%', '62.3%', '64.9%', '65.6%']
    # 65.625 − 64.935… = 0.689… points
    assert round1(rate.change.difference) == Decimal('0.7')
    review = table.row('review_correction_rate')
    # 1/(4−1), 0/(4−0), 2/(4−0), 1/(8−2)
    assert [percent_text(v.value) for v in review.values] == ['33.3%', '0.0%', '50.0%', '16.7%']
    litigation = table.row('litigation_correction_rate')
    # 2019: (0+1)/((2−1)+(2−0)); 2020: no case at all: 0/0 is not 0 %
    assert litigation.values[0].value == Fraction(100, 3)
    assert (litigation.values[1].kind, litigation.values[1].reason) == ('undefined', 'zero')
    # 2021: (1+0)/((2−0)+(0−0)); 2022: (0+1)/((3−1)+(2−0))
    assert [percent_text(v.value) for v in litigation.values[2:]] == ['50.0%', '25.0%']
    assert round1(litigation.change.difference) == Decimal('-25.0')
    assert [render(r.formula, 'zh_CN') for r in table.rows] == [
        '（予以公开 + 部分公开）÷ 本年办结（（七）总计）× 100%',
        '结果纠正 ÷（总计 − 尚未审结）× 100%',
        '结果纠正 ÷（总计 − 尚未审结）× 100%，未经复议直接起诉与复议后起诉两类合计',
    ]
    assert '本年办结 − 不予处理 − 其他处理' in render(rate.variant, 'zh_CN')
    assert [render(n, 'zh_CN') for n in table.notes] == [
        '2020年行政诉讼纠错率无法计算：分母（两类合计的总计 − 尚未审结）为 0。'
    ]


def test_indicator_with_a_blank_part_is_undefined(tmp_path):
    data = yaml.safe_load((REPORTS / '2022.yaml').read_text(encoding='utf-8'))
    data['review']['reconsideration']['pending'] = None
    (tmp_path / '2022.yaml').write_text(yaml.safe_dump(data, allow_unicode=True), encoding='utf-8')
    result, _ = compare([*sources(2021), source(tmp_path / '2022.yaml')], where=WHERE)
    review = result.table('indicators').row('review_correction_rate')
    assert (review.values[1].kind, review.values[1].reason) == ('undefined', 'blank')
    assert review.change.kind == 'blank'
    assert render(result.table('indicators').notes[0], 'zh_CN') == (
        '2022年行政复议纠错率无法计算：所需数字中有空白（空白不作 0 计算）。'
    )


def test_renamed_agency_and_chart_data(comparison):
    assert comparison.former_names == [(2019, '测试县国土资源局')]
    assert [render(n, 'zh_CN') for n in comparison.notes] == [
        '各年度报告按机关代码（agency_id）对应为同一机关。2019年名称：测试县国土资源局。'
    ]
    chart = comparison.chart
    assert chart.years == (2019, 2020, 2021, 2022)
    assert [(render(n, 'zh_CN'), v) for n, v in chart.series] == [
        ('本年新收', (48, 60, 80, 102)),
        ('本年办结', (45, 61, 77, 96)),
        ('结转下年度', (5, 4, 7, 13)),
    ]
    assert not chart.empty


def test_years_option_shows_missing_years_and_leaves_out_others():
    result, _ = compare(sources(), years=[2020, 2021, 2022, 2023], where=WHERE)
    assert [(y.year, y.status) for y in result.years] == [
        (2020, 'ok'),
        (2021, 'ok'),
        (2022, 'ok'),
        (2023, 'missing'),
    ]
    assert numbers(result.table('applications').row('new')) == [60, 80, 102, 'none']
    assert result.chart.series[0][1] == (60, 80, 102, None)
    assert result.former_names == []  # 2019, the other name, is not shown


def test_gap_year_is_a_column_and_stops_the_change():
    result, _ = compare(sources(2019, 2020, 2022), where=WHERE)
    assert [(y.year, y.status) for y in result.years][2] == (2021, 'missing')
    assert (result.latest, result.previous) == (2022, None)
    assert result.table('applications').row('new').change is None


def test_report_with_errors_is_shown_as_such():
    broken = source(REPORTS / '2021.yaml')
    broken = Source(broken.file, broken.report, broken.identity, errors=2)
    result, _ = compare([*sources(2019, 2020), broken, *sources(2022)], where=WHERE)
    assert result.years[2].status == 'invalid' and result.years[2].source is broken
    assert numbers(result.table('applications').row('new')) == [48, 60, 'none', 102]
    assert result.previous is None


def test_unreadable_report_placed_by_name_and_year(tmp_path):
    (tmp_path / '2021.yaml').write_text(
        'agency: 测试县自然资源局\nyear: 2021\nsections: 3\n', encoding='utf-8'
    )
    (tmp_path / 'x.yaml').write_text('- not a report\n', encoding='utf-8')
    broken = source(tmp_path / '2021.yaml', '2021-draft.yaml')
    other = source(tmp_path / 'x.yaml')
    assert broken.report is None and broken.identity == ('测试县自然资源局', 2021)
    result, _ = compare([*sources(2020, 2022), broken, other], where=WHERE)
    assert [(y.year, y.status) for y in result.years] == [
        (2020, 'ok'),
        (2021, 'invalid'),
        (2022, 'ok'),
    ]
    assert result.unplaced == ['x.yaml']


def test_names_differ_without_agency_id(tmp_path):
    data = yaml.safe_load((REPORTS / '2019.yaml').read_text(encoding='utf-8'))
    del data['agency_id']
    (tmp_path / '2019.yaml').write_text(yaml.safe_dump(data, allow_unicode=True), encoding='utf-8')
    renamed = source(tmp_path / '2019.yaml', 'reports/2019.yaml')
    result, problem = compare(
        [renamed, source(REPORTS / '2020.yaml', 'reports/2020.yaml')], where=WHERE
    )
    assert result is None
    assert problem.code == 'compare-agencies-differ'
    assert (problem.file, problem.line) == ('page.rst', 3)
    assert problem.message('zh_CN') == (
        'reports/2019.yaml 是测试县国土资源局的报告，reports/2020.yaml 是测试县自然资源局的报告：'
        '逐年对比只显示一个机关。如果是同一机关更名，请在两个文件中写上相同的一行 agency_id:'
        '（例如 agency_id: natural-resources）；如果这些文件包含多个机关的报告，请用 :agency: '
        '选择其中一个。'
    )


def test_same_name_but_different_agency_ids(tmp_path):
    data = yaml.safe_load((REPORTS / '2021.yaml').read_text(encoding='utf-8'))
    data['agency_id'] = 'land'
    (tmp_path / '2021.yaml').write_text(yaml.safe_dump(data, allow_unicode=True), encoding='utf-8')
    result, problem = compare([*sources(2020), source(tmp_path / '2021.yaml')], where=WHERE)
    assert result is None and problem.code == 'compare-agency-ids-differ'
    assert problem.params['first_id'] == 'natural-resources'
    assert problem.params['second_id'] == 'land'


def test_two_reports_of_one_year(tmp_path):
    copy = tmp_path / 'copy.yaml'
    copy.write_text((REPORTS / '2021.yaml').read_text(encoding='utf-8'), encoding='utf-8')
    result, problem = compare([*sources(2021, 2022), source(copy, 'copy.yaml')], where=WHERE)
    assert result is None
    assert problem.message('zh_CN') == (
        '2021.yaml 和 copy.yaml 都是测试县自然资源局2021年度的报告：逐年对比每个年度只显示一份报告。'
        '请从所比较的文件中去掉其中一份。'
    )


def test_agency_option_picks_one_of_several(tmp_path):
    data = yaml.safe_load((REPORTS / '2022.yaml').read_text(encoding='utf-8'))
    data.update(agency='测试县教育局', agency_id='education')
    (tmp_path / 'edu.yaml').write_text(yaml.safe_dump(data, allow_unicode=True), encoding='utf-8')
    mixed = [*sources(2021, 2022), source(tmp_path / 'edu.yaml')]
    _, problem = compare(mixed, where=WHERE)
    assert problem.code == 'compare-agencies-differ'
    result, problem = compare(mixed, agency='natural-resources', where=WHERE)
    assert problem is None and [y.year for y in result.years] == [2021, 2022]
    result, problem = compare(mixed, agency='测试县教育局', where=WHERE)
    assert problem is None and [y.year for y in result.years] == [2022]
    assert result.agency == '测试县教育局' and result.previous is None
    _, problem = compare(mixed, agency='health', where=WHERE)
    assert problem.code == 'compare-agency-unknown'
    assert problem.params['known'] == ('education', 'natural-resources')


def test_nothing_to_compare():
    assert compare([], where=WHERE) == (None, None)
    broken = Source('gone.yaml', None)
    assert compare([broken], where=WHERE) == (None, None)


def test_number_formatting():
    assert round1(Fraction(6665, 100)) == Decimal('66.7')  # a half rounds up
    assert round1(Fraction(-6665, 100)) == Decimal('-66.7')
    assert round1(Fraction(200, 3)) == Decimal('66.7')
    assert percent_text(Fraction(0)) == '0.0%'
    assert signed(22) == '+22' and signed(-1) == '-1' and signed(0) == '0'
    assert signed(Decimal('-2.25')) == '-2.25' and signed(Decimal('0.0')) == '0.0'
