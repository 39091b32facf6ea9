"""Open data: every report's values as JSON and CSV beside its page, the site-wide CSV and its
Frictionless ``datapackage.json``, and the download line on report pages.

Expectations are written from the national formats (``shared/reference/statutory-format.md``:
labels, the number of value cells of each table) and from the report files themselves, read
here with plain PyYAML and the ``csv``/``json`` modules, never through the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import frictionless
import pytest
import yaml
from bs4 import BeautifulSoup

from sphinx_disclosure import opendata
from sphinx_disclosure.model import Report, load_report

from .reports import report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / 'example_site' / 'agencies' / 'transport' / 'reports'

#: the columns, in order, as the brief for issue 9 lists them
COLUMNS = [
    'agency',
    'agency_id',
    'year',
    'format',
    'table',
    'table_caption',
    'row_key',
    'column_key',
    'row_label',
    'column_label',
    'value',
    'blank',
    'status',
    'anchor',
]
BOM = b'\xef\xbb\xbf'


def load(path: Path) -> Report:
    result = load_report(path)
    assert result.report is not None, [p.format() for p in result.problems]
    return result.report


def load_text(tmp_path: Path, name: str, text: str) -> Report:
    path = tmp_path / name
    path.write_text(text, encoding='utf-8')
    return load(path)


def csv_records(data: bytes) -> list[list[str]]:
    """A CSV file as its records, read by the csv module alone."""
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode('utf-8-sig'), newline='')))


def by_cell(rows: list[dict]) -> dict[tuple[str, str, str], dict]:
    return {(r['table'], r['row_key'], r['column_key']): r for r in rows}


# --------------------------------------------------------------------------------------------
# the rows of one report


@pytest.mark.parametrize(
    ('name', 'counts'),
    [
        # 2019 format: 表二 3+3+3+3+3+3+2+2 cells; 表三 23 rows × 7 columns; 表四 3 × 5
        ('2020.yaml', {'active': 22, 'applications': 161, 'review': 15}),
        # 2021 format: 表二 3+3+1+1+1+1; 表三 25 rows × 7 columns (（六） split in three); 表四
        ('2021.yaml', {'active': 10, 'applications': 175, 'review': 15}),
    ],
)
def test_every_cell_of_both_formats_is_exported_once_in_reading_order(name, counts):
    rows = opendata.cell_rows(load(EXAMPLE / name))
    assert all(list(r) == COLUMNS for r in rows)
    tables = [r['table'] for r in rows]
    # the tables one after the other, in the order of the report's sections
    assert tables == [t for t, n in counts.items() for _ in range(n)]
    assert len(by_cell(rows)) == len(rows)  # no cell twice
    assert (rows[0]['row_key'], rows[0]['column_key']) == (
        ('regulations', 'new_made') if name == '2020.yaml' else ('regulations', 'issued')
    )
    assert (rows[-1]['table'], rows[-1]['row_key'], rows[-1]['column_key']) == (
        'review',
        'litigation_after_review',
        'total',
    )


def test_rows_checked_by_hand_2019_format():
    rows = by_cell(opendata.cell_rows(load(EXAMPLE / '2020.yaml')))
    assert rows['applications', 'withheld.state_secret', 'total'] == {
        'agency': '某县交通运输局',
        'agency_id': 'mouxian-transport',
        'year': 2020,
        'format': '2019',
        'table': 'applications',
        'table_caption': '收到和处理政府信息公开申请情况',
        'row_key': 'withheld.state_secret',
        'column_key': 'total',
        'row_label': '三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密',
        'column_label': '申请人情况 › 总计',
        'value': None,  # written as ~ in the file: blank, not 0
        'blank': True,
        'status': 'blank',
        'anchor': 'applications-withheld-state_secret-total',
    }
    expected = {
        ('active', 'licensing', 'change'): (
            '行政许可',
            '第二十条第（五）项 › 本年增/减',
            9,
            'given',
        ),
        ('active', 'penalties', 'previous_items'): (
            '行政处罚',
            '第二十条第（六）项 › 上一年项目数量',
            1086,
            'given',
        ),
        ('active', 'coercion', 'decisions'): (
            '行政强制',
            '第二十条第（六）项 › 处理决定数量',
            None,
            'blank',
        ),
        ('active', 'procurement', 'amount'): (
            '政府集中采购',
            '第二十条第（九）项 › 采购总金额',
            None,
            'blank',
        ),
        ('applications', 'new', 'business'): (
            '一、本年新收政府信息公开申请数量',
            '申请人情况 › 法人或其他组织 › 商业企业',
            0,
            'given',
        ),
        ('applications', 'other_handling', 'other'): (
            '三、本年度办理结果 › （六）其他处理',
            '申请人情况 › 法人或其他组织 › 其他',
            0,
            'given',
        ),
        ('review', 'reconsideration', 'upheld'): ('', '行政复议 › 结果维持', 0, 'given'),
        ('review', 'litigation_after_review', 'total'): (
            '',
            '行政诉讼 › 复议后起诉 › 总计',
            0,
            'given',
        ),
    }
    for cell, (row_label, column_label, value, status) in expected.items():
        row = rows[cell]
        assert (row['row_label'], row['column_label'], row['value'], row['status']) == (
            row_label,
            column_label,
            value,
            status,
        ), cell
        assert row['blank'] is (value is None)


def test_rows_checked_by_hand_2021_format():
    rows = by_cell(opendata.cell_rows(load(EXAMPLE / '2021.yaml')))
    expected = {
        # 26 + 6 + 0 + 1 + 3 + 0, left out of the file
        ('applications', 'new', 'total'): (
            '一、本年新收政府信息公开申请数量',
            '申请人情况 › 总计',
            36,
            'derived',
        ),
        # 予以公开 19 + 部分公开 4 + 不予公开 2 + 无法提供 6 + 不予处理 2 + 其他处理 1
        ('applications', 'total', 'total'): (
            '三、本年度办理结果 › （七）总计',
            '申请人情况 › 总计',
            34,
            'derived',
        ),
        ('applications', 'other_handling.fee_unpaid', 'natural_person'): (
            '三、本年度办理结果 › （六）其他处理 › '
            '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
            '申请人情况 › 自然人',
            0,
            'given',
        ),
        ('active', 'licensing', 'decisions'): (
            '行政许可',
            '第二十条第（五）项 › 本年处理决定数量',
            1526,
            'given',
        ),
        ('active', 'fees', 'amount'): (
            '行政事业性收费',
            '第二十条第（八）项 › 本年收费金额（单位：万元）',
            0,
            'given',
        ),
        ('review', 'reconsideration', 'total'): ('', '行政复议 › 总计', 2, 'derived'),
    }
    for cell, (row_label, column_label, value, status) in expected.items():
        row = rows[cell]
        assert (row['row_label'], row['column_label'], row['value'], row['status']) == (
            row_label,
            column_label,
            value,
            status,
        ), cell
    row = rows['applications', 'other_handling.fee_unpaid', 'natural_person']
    assert (row['format'], row['year'], row['anchor']) == (
        '2021',
        2021,
        'applications-other_handling-fee_unpaid-natural_person',
    )


# --------------------------------------------------------------------------------------------
# read back


def _source_value(data: dict, table: str, row_key: str, column_key: str) -> tuple[bool, object]:
    """(written in the file, value) of a cell, from the YAML as PyYAML reads it."""
    node = data[table]
    for part in [*row_key.split('.'), column_key]:
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


@pytest.mark.parametrize('name', ['2020.yaml', '2021.yaml'])
def test_export_read_back_equals_the_source_file(name):
    source = yaml.safe_load((EXAMPLE / name).read_text(encoding='utf-8'))
    rep = load(EXAMPLE / name)
    from_csv = opendata.read_csv(opendata.report_csv(rep))
    from_json = opendata.read_json(opendata.report_json(rep))
    assert from_csv == from_json
    blanks = derived = 0
    for row in from_csv:
        written, value = _source_value(source, row['table'], row['row_key'], row['column_key'])
        if row['status'] == 'derived':
            assert not written, row  # a total the file left out
            derived += 1
        else:
            assert written, row
            assert row['value'] == value, row
            assert row['blank'] is (value is None), row
            assert row['status'] == ('blank' if value is None else 'given'), row
            blanks += value is None
        assert (row['agency'], row['year']) == (source['agency'], source['year'])
    if name == '2020.yaml':
        # 表二 coercion 3 + fees 2 + procurement 2; 表三 the 总计 column of its 23 rows
        assert (blanks, derived) == (7 + 23, 0)
    else:
        # 表三 总计 column (25) and （七）总计 row (6 more), 表四 three 总计
        assert (blanks, derived) == (0, 25 + 6 + 3)


def test_decimals_are_exported_exactly_never_as_floats(tmp_path):
    text = (EXAMPLE / '2021.yaml').read_text(encoding='utf-8')
    assert 'fees: {amount: 0}' in text
    rep = load_text(
        tmp_path, '2021.yaml', text.replace('fees: {amount: 0}', 'fees: {amount: 12.30}')
    )
    text = (EXAMPLE / '2020.yaml').read_text(encoding='utf-8')
    old = 'procurement: {projects: ~, amount: ~}'
    assert old in text
    rep19 = load_text(
        tmp_path, '2020.yaml', text.replace(old, 'procurement: {projects: 2, amount: 0.000125}')
    )

    csv_bytes = opendata.report_csv(rep).encode('utf-8')
    records = csv_records(csv_bytes)
    value = COLUMNS.index('value')
    fees = [r for r in records if r[COLUMNS.index('anchor')] == 'active-fees-amount']
    assert fees[0][value] == '12.30'  # the trailing 0 kept: a float would print 12.3
    json_text = opendata.report_json(rep)
    assert '"value": 12.30}' in json_text
    loaded = json.loads(json_text, parse_float=Decimal)
    cell = next(c for c in loaded['cells'] if c['anchor'] == 'active-fees-amount')
    assert cell['value'] == Decimal('12.30') and str(cell['value']) == '12.30'
    for rows in (opendata.read_csv(csv_bytes.decode('utf-8')), opendata.read_json(json_text)):
        back = by_cell(rows)['active', 'fees', 'amount']['value']
        assert isinstance(back, Decimal) and str(back) == '12.30'

    back = by_cell(opendata.read_csv(opendata.report_csv(rep19)))['active', 'procurement', 'amount']
    assert isinstance(back['value'], Decimal) and str(back['value']) == '0.000125'
    assert '"value": 0.000125}' in opendata.report_json(rep19)


# --------------------------------------------------------------------------------------------
# encoding and CSV safety


def test_csv_is_utf8_with_bom_and_crlf_json_without_bom():
    rep = load(EXAMPLE / '2021.yaml')
    data = opendata.report_csv(rep).encode('utf-8')
    assert data.startswith(BOM + b'agency,agency_id,year,format,table,')
    lines = data.split(b'\r\n')
    assert lines[-1] == b'' and all(b'\n' not in line for line in lines)
    assert len(lines) == 1 + 200 + 1  # header, 200 cells, the final line end
    assert csv_records(data)[0] == COLUMNS
    text = opendata.report_json(rep)
    assert not text.startswith('\ufeff')
    assert '某县交通运输局' in text and '\\u' not in text  # Chinese as itself, not escaped


def test_json_metadata_sorted_and_stable():
    rep = load(EXAMPLE / '2021.yaml')
    text = opendata.report_json(rep, file='reports/2021.yaml')
    doc = json.loads(text)
    assert list(doc) == sorted(doc)
    assert all(list(cell) == sorted(cell) for cell in doc['cells'])
    assert {k: v for k, v in doc.items() if k != 'cells'} == {
        'agency': '某县交通运输局',
        'agency_id': 'mouxian-transport',
        'level': 'department',
        'year': 2021,
        'format': '2021',
        'title': '某县交通运输局2021年政府信息公开工作年度报告',
        'published': '2022-01-25',
        'file': 'reports/2021.yaml',
    }
    # another load of the same file gives the same bytes; the default name is the file's own
    again = load_report(EXAMPLE / '2021.yaml', display='elsewhere').report
    assert opendata.report_json(again, file='reports/2021.yaml') == text
    assert json.loads(opendata.report_json(again))['file'] == '2021.yaml'


def test_csv_injection_is_defused_and_numbers_are_not_touched(tmp_path):
    text = (EXAMPLE / '2020.yaml').read_text(encoding='utf-8')
    for old, new in (
        ('agency: 某县交通运输局', 'agency: \'=HYPERLINK("http://example.invalid","点击")\''),
        ('agency_id: mouxian-transport', "agency_id: '@SUM(1+1)'"),
        (
            'licensing: {previous_items: 23, change: 9,',
            'licensing: {previous_items: 23, change: -9,',
        ),
    ):
        assert old in text
        text = text.replace(old, new)
    rep = load_text(tmp_path, 'r.yaml', text)
    records = csv_records(opendata.report_csv(rep).encode('utf-8'))
    value = COLUMNS.index('value')
    for record in records[1:]:
        for i, field in enumerate(record):
            if i != value:
                assert not field.startswith(('=', '+', '-', '@', '\t', '\r')), field
    first = dict(zip(COLUMNS, records[1], strict=True))
    assert first['agency'] == '\'=HYPERLINK("http://example.invalid","点击")'
    assert first['agency_id'] == "'@SUM(1+1)"
    change = next(r for r in records if r[COLUMNS.index('anchor')] == 'active-licensing-change')
    assert change[value] == '-9'  # 本年增/减 may be negative: a number, left as it is
    back = opendata.read_csv(opendata.report_csv(rep))
    assert back == opendata.cell_rows(rep)
    assert back[0]['agency'] == '=HYPERLINK("http://example.invalid","点击")'
    assert by_cell(back)['active', 'licensing', 'change']['value'] == -9


@pytest.mark.parametrize(
    ('text', 'written'),
    [
        ('=1+1', "'=1+1"),
        ('+86', "'+86"),
        ('-x', "'-x"),
        ('@A1', "'@A1"),
        ('\tx', "'\tx"),
        ('\rx', "'\rx"),
        ('  =1', "'  =1"),  # spaces before the sign do not make it safe
        ("'quoted", "''quoted"),  # so that reading takes exactly one apostrophe off
        ('测试县', '测试县'),
        ('a=b', 'a=b'),
    ],
)
def test_defuse_round_trip(text, written):
    assert opendata.defuse(text) == written
    assert opendata.undefuse(written) == text


# --------------------------------------------------------------------------------------------
# the data package


def test_datapackage_describes_every_column(tmp_path):
    descriptor = json.loads(opendata.datapackage(['disclosure-data.csv'], title='测试站'))
    assert descriptor['profile'] == 'tabular-data-package'
    assert descriptor['title'] == '测试站'
    [resource] = descriptor['resources']
    assert (resource['path'], resource['format'], resource['encoding']) == (
        'disclosure-data.csv',
        'csv',
        'utf-8',
    )
    schema = resource['schema']
    assert [f['name'] for f in schema['fields']] == COLUMNS
    fields = {f['name']: f for f in schema['fields']}
    assert {n: f['type'] for n, f in fields.items()} == {
        **dict.fromkeys(COLUMNS, 'string'),
        'year': 'integer',
        'value': 'number',
        'blank': 'boolean',
    }
    assert fields['format']['constraints']['enum'] == ['2019', '2021']
    assert fields['table']['constraints']['enum'] == ['active', 'applications', 'review']
    assert fields['status']['constraints']['enum'] == ['given', 'derived', 'blank']
    assert 'constraints' not in fields['value']  # blank cells are empty
    assert schema['primaryKey'] == ['agency', 'year', 'table', 'row_key', 'column_key']
    for field in schema['fields']:  # in Chinese and in English
        description = field['description']
        assert any('\u4e00' <= ch <= '\u9fff' for ch in description), field['name']
        assert ' / ' in description and description.split(' / ')[-1][:1].isascii()


def _package(tmp_path: Path, csv_text: str) -> Path:
    (tmp_path / 'disclosure-data.csv').write_bytes(csv_text.encode('utf-8'))
    path = tmp_path / 'datapackage.json'
    path.write_text(opendata.datapackage(['disclosure-data.csv']), encoding='utf-8')
    return path


def test_datapackage_is_valid_for_frictionless(tmp_path):
    reports = [opendata.report_csv(load(EXAMPLE / n)) for n in ('2020.yaml', '2021.yaml')]
    path = _package(tmp_path, opendata.site_csv(reports))
    result = frictionless.validate(str(path))
    assert result.valid, result.flatten(['type', 'note'])
    rows = frictionless.Package(str(path)).resources[0].read_rows()
    assert len(rows) == 198 + 200
    assert set(rows[0]) == set(COLUMNS)
    assert rows[0]['agency'] == '某县交通运输局'  # the BOM is not part of the first name


def test_frictionless_finds_a_cell_listed_twice(tmp_path):
    """The validation above can fail: the same cell twice breaks the primary key."""
    one = opendata.report_csv(load(EXAMPLE / '2021.yaml'))
    path = _package(tmp_path, opendata.site_csv([one, one]))
    result = frictionless.validate(str(path))
    assert not result.valid
    assert {e[0] for e in result.flatten(['type'])} == {'primary-key'}


# --------------------------------------------------------------------------------------------
# in a Sphinx build (tests/roots/test-opendata)

PAGES = {  # the data files beside the pages: (file name, report file, rows)
    'agencies/agr/2020': ('agencies/agr/reports/2020.yaml', 198),
    'agencies/agr/2020-2': ('agencies/agr/reports/2019.yaml', 198),
    'agencies/edu/2021': ('agencies/edu/reports/2021.yaml', 200),
}


def data_files(out: Path) -> dict[str, bytes]:
    names = [f'{stem}.{kind}' for stem in PAGES for kind in ('json', 'csv')]
    names += ['disclosure-data.csv', 'datapackage.json']
    return {name: (out / name).read_bytes() for name in names}


@pytest.mark.sphinx('html', testroot='opendata')
def test_files_beside_the_pages_and_for_the_site(app):
    app.build()
    assert app.warning.getvalue() == ''
    out = Path(app.outdir)
    files = data_files(out)
    for stem, (source, count) in PAGES.items():
        records = csv_records(files[f'{stem}.csv'])
        assert records[0] == COLUMNS and len(records) == 1 + count, stem
        doc = json.loads(files[f'{stem}.json'], parse_float=Decimal)
        assert doc['file'] == source and len(doc['cells']) == count
        # every row's anchor is the id of that number on the page
        page = stem.split('-')[0]
        ids = {
            tag['id']
            for tag in BeautifulSoup(
                (out / f'{page}.html').read_text(encoding='utf-8'), 'html.parser'
            ).find_all(id=True)
        }
        anchors = [r[COLUMNS.index('anchor')] for r in records[1:]]
        assert set(anchors) <= ids, stem

    edu = json.loads(files['agencies/edu/2021.json'], parse_float=Decimal)
    assert {k: v for k, v in edu.items() if k != 'cells'} == {
        'agency': '测试县教育局',
        'agency_id': 'edu',
        'level': 'department',
        'year': 2021,
        'format': '2021',
        'title': '测试县教育局2021年政府信息公开工作年度报告',
        'published': '2022-01-20',
        'file': 'agencies/edu/reports/2021.yaml',
    }
    rows = {
        stem: by_cell(opendata.read_csv(files[f'{stem}.csv'].decode('utf-8'))) for stem in PAGES
    }
    assert str(rows['agencies/edu/2021']['active', 'fees', 'amount']['value']) == '12.30'
    agr = rows['agencies/agr/2020']
    assert agr['active', 'licensing', 'change']['value'] == -3
    assert agr['applications', 'new', 'total']['blank'] is True
    second = rows['agencies/agr/2020-2']  # the page's second report, with :id-prefix: y2019-
    assert (
        second['active', 'licensing', 'change']['year'],
        second['active', 'licensing', 'change']['value'],
    ) == (2019, 3)
    assert second['applications', 'new', 'total']['anchor'] == 'y2019-applications-new-total'
    assert str(second['active', 'procurement', 'amount']['value']) == '0.125'

    # the site-wide CSV: the header once, then the rows of each report, pages in name order
    site = files['disclosure-data.csv']
    header = BOM + b','.join(c.encode() for c in COLUMNS) + b'\r\n'
    assert site == header + b''.join(
        files[f'{stem}.csv'].removeprefix(header) for stem in sorted(PAGES)
    )
    result = frictionless.validate(str(out / 'datapackage.json'))
    assert result.valid, result.flatten(['type', 'note'])
    package = json.loads(files['datapackage.json'])
    assert package['title'] == '测试县政府信息公开'
    assert [r['path'] for r in package['resources']] == ['disclosure-data.csv']


@pytest.mark.sphinx('html', testroot='opendata')
def test_download_line_under_the_title(app):
    app.build()
    out = Path(app.outdir)

    def page(name: str) -> BeautifulSoup:
        return BeautifulSoup((out / f'{name}.html').read_text(encoding='utf-8'), 'html.parser')

    edu = page('agencies/edu/2021')
    line = edu.find('section', id='report').find('h1').find_next_sibling()
    assert 'disclosure-downloads' in line['class']
    # no LaTeX build made the report's PDF: no link to it
    assert line.get_text() == '下载：数据（JSON） · 数据（CSV）'
    assert [a['href'] for a in line.find_all('a')] == ['2021.json', '2021.csv']

    agr = page('agencies/agr/2020')
    lines = agr.find_all(class_='disclosure-downloads')
    assert [[a['href'] for a in line.find_all('a')] for line in lines] == [
        ['2020.json', '2020.csv'],
        # the second report (:no-title:): its own data, first in its container
        ['2020-2.json', '2020-2.csv'],
    ]
    second = lines[1]
    assert second.parent.find(True) is second and 'disclosure-report' in second.parent['class']
    for href in ('2020.json', '2020.csv', '2020-2.json', '2020-2.csv'):
        assert (out / 'agencies' / 'agr' / href).is_file()


def test_download_line_in_english_and_other_builders(rootdir, make_app, tmp_path):
    src = tmp_path / 'src'
    shutil.copytree(rootdir / 'test-opendata', src)
    app = make_app('html', srcdir=src, confoverrides={'language': 'en'})
    app.build()
    app.cleanup()
    page = BeautifulSoup(
        (Path(app.outdir) / 'agencies' / 'edu' / '2021.html').read_text(encoding='utf-8'),
        'html.parser',
    )
    assert page.find(class_='disclosure-downloads').get_text() == (
        'Download: data (JSON) · data (CSV)'
    )

    # LaTeX: a report's PDF does not link to itself, and has no relative link to follow
    app = make_app('latex', srcdir=src, builddir=tmp_path / 'latex')
    app.build()
    app.cleanup()
    tex = (Path(app.outdir) / 'agencies-edu-2021.tex').read_text(encoding='utf-8')
    assert 'disclosure-downloads' not in tex and '2021.json' not in tex
    assert not list(Path(app.outdir).rglob('*.json'))  # no data written by LaTeX builds

    # … unless the site says where it is published: then the data's addresses are printed
    app = make_app(
        'latex',
        srcdir=src,
        builddir=tmp_path / 'latex-baseurl',
        confoverrides={'html_baseurl': 'https://example.org/portal/'},
    )
    app.build()
    tex = (Path(app.outdir) / 'agencies-edu-2021.tex').read_text(encoding='utf-8')
    assert r'\sphinxurl{https://example.org/portal/agencies/edu/2021.json}' in tex
    assert r'\sphinxurl{https://example.org/portal/agencies/edu/2021.csv}' in tex
    assert '2021.pdf' not in tex


def test_clean_incremental_and_parallel_builds_write_the_same_bytes(rootdir, make_app, tmp_path):
    def copy(name: str) -> Path:
        shutil.copytree(rootdir / 'test-opendata', tmp_path / name)
        return tmp_path / name

    def build(src: Path, **kwargs) -> Path:
        app = make_app('html', srcdir=src, **kwargs)
        app.build()
        app.cleanup()  # the next app registers Sphinx's nodes again without a warning
        assert app.warning.getvalue() == ''
        return Path(app.outdir)

    clean = data_files(build(copy('clean')))
    assert data_files(build(copy('parallel'), parallel=2)) == clean

    # incremental: built with another amount first, then with the file as in the clean build
    src = copy('incremental')
    edu = src / 'agencies' / 'edu' / 'reports' / '2021.yaml'
    original = edu.read_text(encoding='utf-8')
    edu.write_text(original.replace('amount: 12.30', 'amount: 99.5'), encoding='utf-8')
    out = build(src)
    assert b'99.5' in (out / 'agencies' / 'edu' / '2021.csv').read_bytes()
    agr = out / 'agencies' / 'agr' / '2020.csv'
    before = agr.stat().st_mtime_ns
    edu.write_text(original, encoding='utf-8')
    out = build(src)
    assert data_files(out) == clean
    assert agr.stat().st_mtime_ns == before  # a page not read again: its files not rewritten

    # nothing changed: nothing written
    stamps = {p: p.stat().st_mtime_ns for p in map(out.joinpath, data_files(out))}
    build(src)
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps


def test_clashing_names_and_duplicate_reports_are_named(site):
    one = report('2021', agency='测试县甲局')
    files = {
        'index.rst': '首页\n====\n\n.. toctree::\n\n   p\n   p-2\n   q\n',
        # p's second report and the page p-2 would both write p-2.json
        'p.rst': (
            '.. disclosure-report:: a.yaml\n\n'
            '.. disclosure-report:: b.yaml\n   :no-title:\n   :id-prefix: b-\n'
        ),
        'p-2.rst': '.. disclosure-report:: c.yaml\n',
        # another file with the 2021 report of 测试县甲局
        'q.rst': '.. disclosure-report:: d.yaml\n',
        'a.yaml': one,
        'b.yaml': report('2021', agency='测试县乙局'),
        'c.yaml': report('2021', agency='测试县丙局'),
        'd.yaml': one,
    }
    app, warnings = site(files)
    lines = [line for line in warnings.splitlines() if line]
    assert len(lines) == 2, warnings
    assert 'p-2.rst: WARNING' in lines[0] and '[disclosure.opendata-name-clash]' in lines[0]
    assert 'c.yaml 的数据文件将命名为 p-2.json 和 p-2.csv' in lines[0]
    assert 'q.rst: WARNING' in lines[1] and '[disclosure.opendata-duplicate]' in lines[1]
    assert 'd.yaml 是测试县甲局的第二份2021年度报告（第一份为 a.yaml）' in lines[1]
    out = Path(app.outdir)
    rows = opendata.read_csv((out / 'disclosure-data.csv').read_text(encoding='utf-8'))
    assert sum(r['agency'] == '测试县甲局' for r in rows) == 200  # one report of 200 cells
    # the report whose files clash is still in the site's data, the second 甲局 2021 is not
    assert {r['agency'] for r in rows} == {'测试县甲局', '测试县乙局', '测试县丙局'}
    assert opendata.read_csv((out / 'p-2.csv').read_text(encoding='utf-8'))[0]['agency'] == (
        '测试县乙局'
    )


@pytest.mark.sphinx('html', testroot='opendata')
def test_a_report_pdf_made_by_a_latex_build_is_linked_and_copied(app):
    """The PDF a LaTeX build made (in the latex folder beside the HTML output, as
    ``sphinx-build -M`` lays them out) is linked from its page and the index, and copied
    beside the page; when it appears after the pages were written, they are written again."""
    app.build()
    out = Path(app.outdir)
    latex = out.parent / 'latex'
    latex.mkdir(exist_ok=True)
    pdf = b'%PDF-1.5 a stand-in for the report PDF'
    (latex / 'agencies-edu-2021.pdf').write_bytes(pdf)
    written: list[str] = []
    app2 = app.__class__(buildername='html', srcdir=app.srcdir, builddir=out.parent)
    try:
        app2.connect('html-page-context', lambda app, name, *args: written.append(name))
        app2.build()
    finally:
        app2.cleanup()
    assert 'agencies/edu/2021' in written
    html = (out / 'agencies/edu/2021.html').read_text(encoding='utf-8')
    line = BeautifulSoup(html, 'html.parser').find(class_='disclosure-downloads')
    assert line.get_text() == '下载：PDF · 数据（JSON） · 数据（CSV）'
    assert [a['href'] for a in line.find_all('a')][0] == '2021.pdf'
    assert (out / 'agencies/edu/2021.pdf').read_bytes() == pdf
