"""Loading report files: values, derived totals, blanks, and every kind of bad input.

Bad input must give one clear problem naming the file, the line and the key, in words the author
can act on — never a traceback, never a silent zero.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from sphinx_disclosure.model import clean_text, load_report

from .reports import report


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)


def write(tmp_path: Path, text: str, name: str = 'r.yaml') -> Path:
    path = tmp_path / name
    path.write_text(text, encoding='utf-8')
    return path


SENTINEL = 424242


def with_raw(data: dict, dotted: str, raw: str) -> str:
    """The YAML text of ``data`` with the value at ``dotted`` written literally as ``raw``."""
    from .reports import set_key

    set_key(data, dotted, SENTINEL)
    text = dump(data)
    assert text.count(str(SENTINEL)) == 1
    return text.replace(str(SENTINEL), raw)


def line_of(text: str, needle: str) -> int:
    for n, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def only_problem(result):
    assert result.report is None
    assert len(result.problems) == 1, [p.format() for p in result.problems]
    return result.problems[0]


# --------------------------------------------------------------------------------------------
# good input


def test_valid_report_loads_with_derived_totals(tmp_path):
    result = load_report(write(tmp_path, dump(report('2021'))))
    assert result.problems == []
    rep = result.report
    assert rep.title == '测试县测试局2021年政府信息公开工作年度报告'
    new = [
        rep.cell(f'applications.new.{c}').value
        for c in ('natural_person', 'business', 'research', 'nonprofit', 'legal_services', 'other')
    ]
    total = rep.cell('applications.new.total')
    assert total.value == sum(new) and total.status == 'derived'
    # the （七）总计 row is the sum of the 21 outcome rows (三 spans those 21 plus 总计 = 22)
    outcomes = [
        k
        for k in rep.cells
        if k.startswith('applications.')
        and k.endswith('.natural_person')
        and k.split('.')[1] not in ('new', 'from_last_year', 'total', 'to_next_year')
    ]
    assert len(outcomes) == 21
    assert rep.cell('applications.total.natural_person').value == sum(
        rep.cell(k).value for k in outcomes
    )
    # the corner cell agrees with both ways of adding up
    assert rep.cell('applications.total.total').value == sum(
        rep.cell(f'applications.total.{c}').value
        for c in ('natural_person', 'business', 'research', 'nonprofit', 'legal_services', 'other')
    )
    assert rep.cell('review.litigation_direct.total').value == sum(
        rep.cell(f'review.litigation_direct.{c}').value
        for c in ('upheld', 'corrected', 'other', 'pending')
    )


def test_written_totals_are_kept_as_written(tmp_path):
    data = report('2021')
    data['applications']['new']['total'] = 999
    rep = load_report(write(tmp_path, dump(data))).report
    cell = rep.cell('applications.new.total')
    assert (cell.value, cell.status) == (999, 'given')


def test_blank_is_not_zero(tmp_path):
    data = report('2019')
    data['active']['coercion'] = None  # the whole row blank
    data['applications']['new']['research'] = None
    rep = load_report(write(tmp_path, dump(data))).report
    for col in ('previous_items', 'change', 'decisions'):
        cell = rep.cell(f'active.coercion.{col}')
        assert cell.value is None and cell.status == 'blank'
    assert rep.cell('applications.new.research').blank
    # a total of parts one of which is blank is blank too: worked out as if the blank were 0,
    # it would publish (and the rules would check) a number nobody reported
    total = rep.cell('applications.new.total')
    assert total.value is None and total.status == 'derived'


def test_total_of_blank_parts_is_blank(tmp_path):
    data = report('2019')
    for col in ('upheld', 'corrected', 'other', 'pending'):
        data['review']['reconsideration'][col] = None
    rep = load_report(write(tmp_path, dump(data))).report
    cell = rep.cell('review.reconsideration.total')
    assert cell.value is None and cell.status == 'derived'


def test_money_keeps_the_digits_written(tmp_path):
    text = with_raw(report('2021'), 'active.fees.amount', '0.012300')
    rep = load_report(write(tmp_path, text)).report
    assert rep.cell('active.fees.amount').value == Decimal('0.012300')
    from sphinx_disclosure.model import format_value

    assert format_value(rep.cell('active.fees.amount').value) == '0.012300'


def test_signed_change_in_2019(tmp_path):
    data = report('2019')
    data['active']['licensing']['change'] = -3
    rep = load_report(write(tmp_path, dump(data))).report
    assert rep.cell('active.licensing.change').value == -3


def test_narrative_blocks_and_references(tmp_path):
    data = report(
        '2021',
        sections={
            'overview': [
                '本年新收申请{{ applications.new.total }}件。',
                {
                    'heading': '主动公开',
                    'content': [
                        '段落',
                        {'points': ['甲', {'text': '乙', 'points': ['丙']}]},
                    ],
                },
                {'list': ['一', '二']},
            ],
            'problems': '无。',
            'other': '无。',
        },
    )
    rep = load_report(write(tmp_path, dump(data))).report
    overview = rep.sections['overview']
    total = rep.cell('applications.new.total').value
    assert overview[0].text == f'本年新收申请{total}件。'
    assert overview[1].title == '主动公开'
    assert overview[1].content[1].items[1].points[0].text == '丙'
    assert overview[2].items == ('一', '二')
    assert rep.sections['review'] == ()


def test_chinese_lines_join_without_spaces():
    assert clean_text('坚持以公开为常态、\n  不公开为例外') == '坚持以公开为常态、不公开为例外'
    assert clean_text('坚持 以公开为常态') == '坚持以公开为常态'
    assert clean_text('the\nRegulations  2019 年') == 'the Regulations  2019 年'


def test_year_selects_the_format_and_format_overrides(tmp_path):
    assert load_report(write(tmp_path, dump(report('2019', year=2020)))).report.form.id == '2019'
    data = report('2021', year=2022)
    assert load_report(write(tmp_path, dump(data), 'a.yaml')).report.form.id == '2021'
    data = report('2021', year=2020, format='2021')
    assert load_report(write(tmp_path, dump(data), 'b.yaml')).report.form.id == '2021'


def test_cache_sees_edits(tmp_path):
    path = write(tmp_path, dump(report('2021')))
    first = load_report(path).report
    assert load_report(path).report is first
    data = report('2021')
    data['agency'] = '另一个局'
    path.write_text(dump(data) + '\n# edited\n', encoding='utf-8')
    assert load_report(path).report.agency == '另一个局'


# --------------------------------------------------------------------------------------------
# bad input: one precise problem each


@pytest.mark.parametrize('form_id', ['2019', '2021'])
def test_negative_count(tmp_path, form_id):
    text = dump(report(form_id, consistent=False)).replace(
        'new: {natural_person: 1,', 'new: {natural_person: -4,'
    )
    p = only_problem(load_report(write(tmp_path, text), display='reports/r.yaml'))
    assert (p.code, p.file, p.line, p.key) == (
        'negative',
        'reports/r.yaml',
        line_of(text, 'natural_person: -4'),
        'applications.new.natural_person',
    )
    assert p.format('zh_CN') == (
        f'reports/r.yaml:{p.line}: applications.new.natural_person: 表格“收到和处理政府信息公开申请情况”'
        '中“一、本年新收政府信息公开申请数量”行“申请人情况 › 自然人”列的单元格不能为负数，但填写的是“-4”。'
    )
    assert p.format('en') == (
        f'reports/r.yaml:{p.line}: applications.new.natural_person: The cell '
        '“一、本年新收政府信息公开申请数量 / 申请人情况 › 自然人” of the table '
        '“收到和处理政府信息公开申请情况” cannot be negative, but “-4” is written.'
    )


def test_decimal_in_count_cell(tmp_path):
    text = with_raw(report('2021'), 'active.licensing.decisions', '2.5')
    p = only_problem(load_report(write(tmp_path, text)))
    assert (p.code, p.key, p.line) == (
        'decimal-count',
        'active.licensing.decisions',
        line_of(text, 'decisions: 2.5'),
    )
    assert '只能填写整数' in p.message('zh_CN') and '“2.5”' in p.message('zh_CN')


@pytest.mark.parametrize('written', ['12件', '１２', 'true', '0x1F', '1:20', '[1, 2]'])
def test_not_a_number(tmp_path, written):
    text = with_raw(report('2021'), 'active.coercion.decisions', written)
    p = only_problem(load_report(write(tmp_path, text)))
    assert p.key == 'active.coercion.decisions'
    assert p.line == line_of(text, 'coercion:')
    assert p.code in ('not-a-number', 'wrong-type')


def test_leading_zero_is_decimal_not_octal(tmp_path):
    text = with_raw(report('2021'), 'active.coercion.decisions', '010')
    assert load_report(write(tmp_path, text)).report.cell('active.coercion.decisions').value == 10


def test_unknown_key_with_suggestion(tmp_path):
    text = dump(report('2021', consistent=False)).replace(
        'legal_services: 5', 'legal_service: 5', 1
    )
    result = load_report(write(tmp_path, text))
    codes = sorted(p.code for p in result.problems)
    # one mistake, one message: the cell it was meant to be is not also "missing"
    assert codes == ['unknown-key']
    unknown = next(p for p in result.problems if p.code == 'unknown-key')
    assert unknown.key == 'applications.new.legal_service'
    assert '是否应为“legal_services”' in unknown.message('zh_CN')
    assert 'Did you mean “legal_services”?' in unknown.message('en')
    assert '此处可用的键：natural_person、business、research' in unknown.message('zh_CN')
    assert 'Allowed here: natural_person, business, research' in unknown.message('en')


def test_chinese_label_typed_as_key_suggests_the_identifier(tmp_path):
    text = dump(report('2021', consistent=False)).replace(
        'new: {natural_person: 1,', 'new: {自然人: 1,'
    )
    unknown = next(
        p for p in load_report(write(tmp_path, text)).problems if p.code == 'unknown-key'
    )
    assert 'natural_person' in unknown.message('en')


def test_missing_cell(tmp_path):
    text = dump(report('2021', consistent=False)).replace('research: 3, ', '', 1)
    p = only_problem(load_report(write(tmp_path, text)))
    assert (p.code, p.key) == ('missing-cell', 'applications.new.research')
    assert p.line == line_of(text, '  new: {')
    assert '科研机构' in p.message('zh_CN') and '写 ~ 表示留空' in p.message('zh_CN')


def test_missing_row(tmp_path):
    data = report('2021')
    del data['applications']['withheld']
    p = only_problem(load_report(write(tmp_path, dump(data))))
    assert (p.code, p.key) == ('missing-row', 'applications.withheld')
    assert '（三）不予公开' in p.message('zh_CN')


def test_missing_table_and_section(tmp_path):
    data = report('2021')
    del data['review']
    del data['sections']['problems']
    codes = {(p.code, p.key) for p in load_report(write(tmp_path, dump(data))).problems}
    assert codes == {('missing-key', 'review'), ('missing-key', 'sections.problems')}


@pytest.mark.parametrize(
    'year,code', [(2018, 'year-before-format'), (1999, 'year-before-format'), (2101, 'year-range')]
)
def test_year_outside_range(tmp_path, year, code):
    text = dump(report('2021', year=year))
    p = only_problem(load_report(write(tmp_path, text)))
    assert (p.code, p.key, p.line) == (code, 'year', line_of(text, 'year:'))
    if code == 'year-before-format':
        assert '国务院令第711号' in p.message('zh_CN')


def test_year_as_text(tmp_path):
    text = dump(report('2021')).replace('year: 2021', "year: '2021年'")
    p = only_problem(load_report(write(tmp_path, text)))
    assert (p.code, p.key) == ('wrong-type', 'year')


def test_unknown_format(tmp_path):
    text = dump(report('2021', format='2025'))
    p = only_problem(load_report(write(tmp_path, text)))
    assert (p.code, p.key) == ('unknown-format', 'format')
    assert '2019' in p.message('en') and '2021' in p.message('en')


def test_bad_date(tmp_path):
    text = dump(report('2021')).replace("published: '2022-01-28'", 'published: 2022-02-30')
    p = only_problem(load_report(write(tmp_path, text)))
    assert (p.code, p.key) == ('bad-date', 'published')


def test_yaml_syntax_error(tmp_path):
    text = dump(report('2021')).replace('agency: 测试县测试局', 'agency: 测试县测试局: 错误')
    p = only_problem(load_report(write(tmp_path, text), display='x.yaml'))
    assert (p.code, p.line) == ('yaml-syntax', line_of(text, 'agency:'))
    assert p.format('zh_CN').startswith(f'x.yaml:{p.line}: 不符合 YAML 格式')


def test_duplicate_key(tmp_path):
    text = dump(report('2021')).replace('agency: 测试县测试局', 'agency: 甲局\nagency: 乙局')
    p = only_problem(load_report(write(tmp_path, text)))
    assert (p.code, p.line) == ('duplicate-key', 2)
    assert p.params['first_line'] == 1


def test_missing_file(tmp_path):
    p = only_problem(load_report(tmp_path / 'nope.yaml', display='reports/nope.yaml'))
    assert (p.code, p.file) == ('file-not-found', 'reports/nope.yaml')
    assert 'reports/nope.yaml' in p.message('zh_CN')


def test_directory_instead_of_file(tmp_path):
    p = only_problem(load_report(tmp_path, display='reports'))
    assert p.code == 'is-a-folder'
    assert p.format('zh_CN') == 'reports: reports 是一个文件夹，不是报告文件。'


def test_not_utf8(tmp_path):
    path = tmp_path / 'gbk.yaml'
    path.write_bytes(dump(report('2021')).encode('gbk'))
    p = only_problem(load_report(path))
    assert p.code == 'not-utf8' and p.line == 1  # the agency name is on line 1


def test_empty_file_and_scalar_file(tmp_path):
    assert only_problem(load_report(write(tmp_path, '# nothing\n'))).code == 'empty-file'
    assert (
        only_problem(load_report(write(tmp_path, 'just text\n', 'b.yaml'))).code == 'not-a-mapping'
    )


def test_bad_narrative_block(tmp_path):
    data = report(
        '2021', sections={'overview': [{'title': 'x'}], 'problems': '无。', 'other': '无。'}
    )
    p = only_problem(load_report(write(tmp_path, dump(data))))
    assert (p.code, p.key) == ('bad-block', 'sections.overview[0]')


def test_problem_inside_a_heading_is_located_inside_it(tmp_path):
    data = report(
        '2021',
        sections={
            'overview': [{'heading': '标题', 'content': [{'points': []}]}],
            'problems': '无。',
            'other': '无。',
        },
    )
    p = only_problem(load_report(write(tmp_path, dump(data))))
    assert (p.code, p.key) == ('empty-list', 'sections.overview[0].content[0].points')


def test_unknown_reference_in_narrative(tmp_path):
    data = report(
        '2021',
        sections={
            'overview': '共{{ applications.new.totl }}件',
            'problems': '无。',
            'other': '无。',
        },
    )
    p = only_problem(load_report(write(tmp_path, dump(data))))
    assert (p.code, p.key) == ('unknown-value-key', 'sections.overview')
    assert 'applications.new.total' in p.message('en')


def test_every_problem_reported_in_one_pass(tmp_path):
    text = dump(report('2021', consistent=False))
    text = text.replace('new: {natural_person: 1,', 'new: {natural_person: -1,')
    text = text.replace('coercion: {decisions: 9}', 'coercion: {decisions: 1.5}')
    text = text.replace('agency: 测试县测试局', 'agency: 测试县测试局\nagnecy: x')
    codes = [p.code for p in load_report(write(tmp_path, text)).problems]
    assert codes == ['unknown-key', 'decimal-count', 'negative']  # in file order
