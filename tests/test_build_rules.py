"""The consistency rules in a Sphinx build: typed warnings, information lines, notes, the rules
page, configuration, and last year's file as a dependency."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

from bs4 import BeautifulSoup

from .conftest import write_site

FIXTURES = Path(__file__).parent / 'fixtures' / 'rules'


def site_files(**changes) -> dict[str, str]:
    """The rules fixtures as reports/<year>.yaml plus a page per year; ``changes`` maps a year
    to (old, new) replacements."""
    files = {
        'index.rst': '首页\n====\n\n.. toctree::\n\n   y2020\n   y2021\n   rules\n',
        'rules.rst': '规则\n====\n\n.. disclosure-rules::\n',
    }
    for year in (2019, 2020, 2021, 2022):
        text = (FIXTURES / f'{year}.yaml').read_text(encoding='utf-8')
        for old, new in changes.get(f'y{year}', ()):
            assert old in text, old
            text = text.replace(old, new, 1)
        files[f'reports/{year}.yaml'] = text
    files['y2020.rst'] = '.. disclosure-report:: reports/2020.yaml\n'
    files['y2021.rst'] = '.. disclosure-report:: reports/2021.yaml\n'
    return files


def main(app, doc: str) -> BeautifulSoup:
    page = BeautifulSoup((app.outdir / f'{doc}.html').read_text(encoding='utf-8'), 'html.parser')
    return page.find(attrs={'role': 'main'})


CARRY_2020 = (
    ('granted: {natural_person: 3,', 'granted: {natural_person: 4,'),
    ('to_next_year: {natural_person: 2,', 'to_next_year: {natural_person: 1,'),
)


def test_clean_site_builds_without_warnings(site):
    app, warnings = site(site_files())
    assert warnings == ''
    status = app.status.getvalue()
    assert '说明: ' not in status  # 2020's previous year (2019) lies in the same folder


def test_rule_break_is_a_typed_warning_and_the_cell_is_marked(site):
    app, warnings = site(
        site_files(
            y2021=[('to_next_year: {natural_person: 2,', 'to_next_year: {natural_person: 3,')]
        )
    )
    assert re.search(
        r'y2021\.rst:1: WARNING: reports/2021\.yaml:45: '
        r'applications\.to_next_year\.natural_person: 违反表三自注的勾稽关系.*'
        r'\[disclosure\.R3\.1\]',
        warnings,
    )
    td = main(app, 'y2021').find('table', id='applications').select('td.disclosure-flagged')
    assert [t.get_text() for t in td] == ['3']


def test_cross_year_warning_and_dependency(tmp_path, make_app):
    src = write_site(tmp_path / 'src', site_files(y2020=CARRY_2020))
    out = tmp_path / 'out'
    app = make_app('html', srcdir=src, builddir=out)
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(
        r'y2021\.rst:1: WARNING: reports/2021\.yaml:19: '
        r'applications\.from_last_year\.natural_person: .*上一年度报告'
        r'（reports/2020\.yaml）.*\[disclosure\.RX\.1\]',
        warnings,
    )
    # correcting last year's file re-reads the 2021 page (and the 2020 page), nothing else
    path = src / 'reports' / '2020.yaml'
    path.write_text((FIXTURES / '2020.yaml').read_text(encoding='utf-8'), encoding='utf-8')
    os.utime(path, (time.time() + 5, time.time() + 5))
    app2 = make_app('html', srcdir=src, builddir=out)
    _, changed, _ = app2.env.get_outdated_files(config_changed=False)
    assert set(changed) == {'y2020', 'y2021'}
    app2.build()
    assert 'RX.1' not in app2.warning.getvalue()


def test_acknowledged_break_is_information_and_a_note(site):
    ack = (
        'sections:',
        'acknowledged:\n  - rule: RX.1\n    explanation: 2021年机构改革，'
        '上年结转口径有变化。\nsections:',
    )
    app, warnings = site(site_files(y2020=CARRY_2020, y2021=[ack]))
    assert warnings == ''
    assert re.search(
        r'已说明: reports/2021\.yaml:\d+: applications\.from_last_year\.natural_person'
        r': .*规则 RX\.1 未满足，报告已说明原因：2021年机构改革',
        app.status.getvalue(),
    )
    section = main(app, 'y2021').find(id='sec-3')
    note = section.select_one('div.admonition.note.disclosure-acknowledgement')
    assert note is not None and '2021年机构改革，上年结转口径有变化。' in note.get_text()
    assert note.select_one('.admonition-title').get_text() == '说明'
    assert note.find_previous_sibling(class_='disclosure-scroll').table['id'] == 'applications'
    assert not main(app, 'y2021').select('td.disclosure-flagged')


def test_unused_acknowledgement_warns(site):
    ack = ('sections:', 'acknowledged:\n  - rule: R3.1\n    explanation: 无。\nsections:')
    app, warnings = site(site_files(y2021=[ack]))
    assert '[disclosure.unused-acknowledgement]' in warnings


def test_advisory_and_no_previous_year_are_information(site):
    files = site_files(y2021=[('共收到政府信息公开申请13件', '共收到政府信息公开申请12件')])
    del files['reports/2020.yaml']
    files['y2020.rst'] = '空\n==\n'
    app, warnings = site(files)
    assert warnings == ''
    status = app.status.getvalue()
    assert (
        '提示: reports/2021.yaml:7: sections.overview: 正文写的是“共收到政府信息公开申请12件”'
        in status
    )
    assert '[disclosure.R3.5]' in status
    assert re.search(
        r'说明: reports/2021\.yaml:3: 在本文件所在目录中没有找到测试局2020年度的报告', status
    )


def test_severity_and_suppression_from_conf_py(site):
    files = site_files(
        y2021=[('to_next_year: {natural_person: 2,', 'to_next_year: {natural_person: 3,')]
    )
    app, warnings = site(
        files,
        conf="suppress_warnings = ['disclosure.R3.1']\n"
        "disclosure_rule_severity = {'R3.5': 'off', 'R9.9': 'error',"
        " 'R2.2': 'loud', 'R2.1': 'off'}\n",
    )
    assert '[disclosure.R3.1]' not in warnings
    assert re.search(r'disclosure_rule_severity: “R9\.9”不是允许的值', warnings)
    assert re.search(r"disclosure_rule_severity\['R2\.2'\]: “loud”不是允许的值", warnings)
    assert (
        '规则 R2.1 在读取文件时即检查，不能关闭，也不能降低级别。 [disclosure.not-adjustable]'
        in warnings
    )


def test_rules_page(site):
    app, warnings = site(site_files(), conf="disclosure_rule_severity = {'R2.2': 'error'}\n")
    assert warnings == ''
    table = main(app, 'rules').find('table', class_='disclosure-rules')
    rows = {
        tr.td.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all('td')]
        for tr in table.tbody.find_all('tr')
    }
    from sphinx_disclosure.rules import catalogue

    assert list(rows) == list(catalogue())
    assert rows['R3.1'][1].startswith('表三每一列') and rows['R3.1'][2] == '错误'
    assert rows['R3.1'][3] == '格式明文规定' and '本列数据的勾稽关系' in rows['R3.1'][4]
    assert rows['R2.2'][2] == '错误'  # as configured
    assert rows['RX.1'][2] == '警告' and rows['RX.1'][3] == '经验性检查'
    assert rows['R3.5'][2] == '提示'
    assert rows['R4.2'][2].startswith('错误（读取文件时即检查')
    assert table.find(id='rule-r3-1') is not None


def test_example_site_report_copy_with_one_change_fails_w(tmp_path):
    """The done-when of the validation issue, in the Sphinx API: the change is named exactly."""
    from .conftest import ROOT

    site = tmp_path / 'site'
    shutil.copytree(ROOT / 'example_site', site, ignore=shutil.ignore_patterns('_build'))
    path = site / 'agencies' / 'transport' / 'reports' / '2021.yaml'
    path.write_text(
        path.read_text(encoding='utf-8').replace(
            'review:\n  reconsideration: {upheld: 1, corrected: 1, other: 0, pending: 0}',
            'review:\n  reconsideration: {upheld: 1, corrected: 1, other: 0, pending: 0, total: 3}',
        ),
        encoding='utf-8',
    )
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp('html', srcdir=site, builddir=tmp_path / 'out')
    try:
        app.build()
        warnings = app.warning.getvalue()
    finally:
        app.cleanup()
    assert re.search(
        r'2021\.md:3: WARNING: agencies/transport/reports/2021\.yaml:\d+: '
        r'review\.reconsideration\.total'
        r': 表格“政府信息公开行政复议、行政诉讼情况”中“行政复议 › 总计”列的单元格填写为 3，'
        r'但本组各项之和为 2（相差 \+1）.*\[disclosure\.R4\.1\]',
        warnings,
    )
