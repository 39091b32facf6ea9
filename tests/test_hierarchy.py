"""The hierarchy check: a 本级政府 report that lists its units (``units:``) publishes their sum.

Three unit reports are generated; the county's report is their sum, added up here by walking
the YAML data (independently of the code under test). Each test changes one thing.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from sphinx_disclosure.aggregate import refuse_mixed, sum_reports
from sphinx_disclosure.checking import check_file
from sphinx_disclosure.files import Confinement
from sphinx_disclosure.model import load_report

from .reports import added, report

DISPLAY = 'agencies/county/reports/2021.yaml'
UNITS = {
    'office': '测试县人民政府办公室',
    'education': '测试县教育局',
    'transport': '测试县交通运输局',
}


def unit_data(n: int, name: str, year: int = 2021) -> dict:
    return report(
        '2021',
        year=year,
        value=lambda table, index, key: (index * (n + 2)) % 7 + n,
        totals=True,
        agency=name,
        agency_id=f'test-{n}',
    )


def write(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding='utf-8')
    return path


def site(tmp_path: Path, *, county_edit=None, year: int = 2021) -> Path:
    """Units under agencies/<slug>/reports/2021.yaml, the county under agencies/county/."""
    datas = []
    for n, (slug, name) in enumerate(UNITS.items(), 1):
        data = unit_data(n, name, year)
        write(tmp_path / 'agencies' / slug / 'reports' / f'{year}.yaml', data)
        datas.append(data)
    county = copy.deepcopy(datas[0])
    county.update(added(*datas))
    county.update(
        agency='测试县人民政府',
        agency_id='test-county',
        level='government',
        units=[f'../../{slug}/reports/{year}.yaml' for slug in UNITS],
    )
    if county_edit:
        county_edit(county)
    return write(tmp_path / 'agencies' / 'county' / 'reports' / f'{year}.yaml', county)


def check(path: Path, root: Path):
    return check_file(path, display=DISPLAY, confine=Confinement(root, 2**21))


def lines(checked, *codes):
    return [
        f'{p.severity} [{p.code}] {p.format("en")}'
        for p in checked.messages()
        if not codes or p.code in codes
    ]


def test_county_equal_to_the_sum_of_its_units_passes(tmp_path):
    county = site(tmp_path)
    checked = check(county, tmp_path)
    assert checked.report is not None
    assert lines(checked, 'RH.1', 'RH.2') == []
    assert [p for p in checked.messages() if p.severity in ('error', 'warning')] == []
    assert [u.agency for u in checked.units.reports] == list(UNITS.values())


def test_a_difference_names_every_unit_and_its_value(tmp_path):
    def edit(county):
        county['applications']['new']['natural_person'] += 2

    county = site(tmp_path, county_edit=edit)
    checked = check(county, tmp_path)
    (finding,) = [p for p in checked.messages() if p.code == 'RH.1']
    units = [load_report(tmp_path / f'agencies/{s}/reports/2021.yaml').report for s in UNITS]
    values = [u.cells['applications.new.natural_person'].value for u in units]
    expected = sum(values)
    parts = ', '.join(
        f'{name} {v} (agencies/{slug}/reports/2021.yaml:{u.cells["applications.new.natural_person"].line})'
        for (slug, name), v, u in zip(UNITS.items(), values, units, strict=True)
    )
    assert finding.severity == 'error'
    assert finding.key == 'applications.new.natural_person'
    assert finding.format('en').endswith(
        'The cell “一、本年新收政府信息公开申请数量 / 申请人情况 › 自然人” of the table '
        f'“收到和处理政府信息公开申请情况” is {expected + 2}, but the reports of its 3 units '
        f'add up to {expected} (difference +2): {parts}.'
    )
    assert finding.line == checked.report.cells['applications.new.natural_person'].line


def test_a_missing_unit_makes_the_comparison_uncertain_not_passed(tmp_path):
    def edit(county):
        county['applications']['new']['natural_person'] += 5  # would be a difference

    county = site(tmp_path, county_edit=edit)
    (tmp_path / 'agencies/education/reports/2021.yaml').unlink()
    checked = check(county, tmp_path)
    assert lines(checked, 'RH.1') == []  # not compared: not passed either
    (missing,) = [p for p in checked.messages() if p.code == 'RH.2']
    assert missing.severity == 'warning'
    assert missing.key == 'units[1]'
    assert missing.format('en') == (
        f'{DISPLAY}:{missing.line}: units[1]: The report of unit '
        'agencies/education/reports/2021.yaml is not in the site, so the figures of this '
        'report cannot be compared with the sum of its units (RH.1 is not checked).'
    )
    text = county.read_text(encoding='utf-8').splitlines()
    assert '../../education/reports/2021.yaml' in text[missing.line - 1]


def test_missing_unit_acknowledged(tmp_path):
    def edit(county):
        county['acknowledged'] = [{'rule': 'RH.2', 'explanation': '教育局未按期发布。'}]

    county = site(tmp_path, county_edit=edit)
    (tmp_path / 'agencies/education/reports/2021.yaml').unlink()
    checked = check(county, tmp_path)
    (missing,) = [p for p in checked.messages() if p.code == 'RH.2']
    assert missing.acknowledged == '教育局未按期发布。'
    assert checked.count('warning') == 0


def test_a_unit_of_another_year_is_an_error(tmp_path):
    def edit(county):
        county['units'][2] = '../../transport/reports/2022.yaml'

    county = site(tmp_path, county_edit=edit)
    write(tmp_path / 'agencies/transport/reports/2022.yaml', unit_data(3, '测试县交通运输局', 2022))
    checked = check(county, tmp_path)
    (problem,) = [p for p in checked.messages() if p.code == 'unit-wrong-year']
    text = county.read_text(encoding='utf-8').splitlines()
    assert '../../transport/reports/2022.yaml' in text[problem.line - 1]
    assert lines(checked, 'unit-wrong-year') == [
        f'error [unit-wrong-year] {DISPLAY}:{problem.line}: units[2]: units: '
        'agencies/transport/reports/2022.yaml is the 2022 report, not the 2021 one; list the '
        "units' reports of the same year."
    ]
    assert lines(checked, 'RH.1', 'RH.2') == []


def test_a_unit_listed_twice_is_an_error(tmp_path):
    def edit(county):
        county['units'].append(county['units'][0])

    checked = check(site(tmp_path, county_edit=edit), tmp_path)
    (problem,) = [p for p in checked.messages() if p.code == 'unit-twice']
    assert problem.severity == 'error'
    assert problem.format('en').endswith(
        'units[3]: units: agencies/office/reports/2021.yaml is already listed (entry 1); each '
        'unit is listed once.'
    )


def test_a_unit_outside_the_site_is_refused(tmp_path):
    root = tmp_path / 'site'

    def edit(county):
        county['units'][0] = '../../../../outside.yaml'

    county = site(root, county_edit=edit)
    write(tmp_path / 'outside.yaml', unit_data(1, '测试县人民政府办公室'))
    checked = check(county, root)
    (problem,) = [p for p in checked.messages() if p.code == 'outside-root']
    assert problem.severity == 'error' and problem.key == 'units[0]'


def test_blank_unit_cells_are_not_compared_and_named(tmp_path):
    county = site(tmp_path)
    path = tmp_path / 'agencies/education/reports/2021.yaml'
    data = yaml.safe_load(path.read_text(encoding='utf-8'))
    data['review']['reconsideration']['other'] = None
    data['review']['reconsideration']['total'] = None
    write(path, data)
    checked = check(county, tmp_path)
    assert lines(checked, 'RH.1') == []
    notes = [p for p in checked.messages() if p.code == 'not-checked' and 'RH.1' in str(p.params)]
    assert len(notes) == 1
    text = notes[0].format('en')
    assert 'agencies/education/reports/2021.yaml' in text


def test_sum_reports_adds_cell_by_cell_and_keeps_blanks_blank(tmp_path):
    site(tmp_path)
    paths = [tmp_path / f'agencies/{s}/reports/2021.yaml' for s in UNITS]
    data = yaml.safe_load(paths[1].read_text(encoding='utf-8'))
    data['active']['fees']['amount'] = None
    write(paths[1], data)
    reports = [load_report(p).report for p in paths]
    summed = sum_reports(reports, agency='汇总', display='sum')
    datas = [yaml.safe_load(p.read_text(encoding='utf-8')) for p in paths]
    expected = datas[0]['applications']['withheld']['state_secret']['total']
    expected += datas[1]['applications']['withheld']['state_secret']['total']
    expected += datas[2]['applications']['withheld']['state_secret']['total']
    assert summed.report.cells['applications.withheld.state_secret.total'].value == expected
    assert summed.report.cells['active.fees.amount'].value is None
    assert [r.agency for r in summed.blanks['active.fees.amount']] == ['测试县教育局']


def test_mixed_reports_are_refused_with_one_message(tmp_path):
    site(tmp_path)
    office = load_report(tmp_path / 'agencies/office/reports/2021.yaml').report
    education = load_report(tmp_path / 'agencies/education/reports/2021.yaml').report
    other_year = write(tmp_path / 'x/2022.yaml', unit_data(5, '测试县某局', 2022))
    later = load_report(other_year).report
    where = {'file': 'page.rst', 'line': 3}
    assert refuse_mixed([office, education], where) is None
    assert refuse_mixed([office, office], where).code == 'aggregate-twice'
    assert refuse_mixed([office, later], where).format('en') == (
        f'page.rst:3: {office.display} is the 2021 report but '
        f'{later.display} is the 2022 one: only reports of the same year can be added up.'
    )
    assert refuse_mixed([], where).code == 'aggregate-empty'
