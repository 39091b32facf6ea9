"""What makes ``sphinx-disclosure check`` fast changes nothing it reports.

The compiled schema check decides alone only that a report is valid, so it must never pass what
``jsonschema`` rejects; last year's report is looked up by agency in the reports checked
together, and must be the one a comparison with each of them finds; the cycle collector paused
for the command is running again afterwards.
"""

from __future__ import annotations

import copy
import gc
import itertools
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_disclosure import cli
from sphinx_disclosure.crossyear import Pool, same_agency
from sphinx_disclosure.forms import all_forms
from sphinx_disclosure.model import parse_report
from sphinx_disclosure.schema import _IDENTITY, _validator
from sphinx_disclosure.source import load_yaml

from .conftest import ROOT
from .reports import report
from .test_fuzz import BASE, BASE_TEXT, _splice, paths, replace, values

FORMS = all_forms()


def _never_laxer(data) -> int:
    """Whether the compiled check and jsonschema agree on ``data`` for every format (and for
    the identifying keys alone); fails where the compiled check passes what jsonschema does
    not. Returns how many verdicts were compared."""
    if not isinstance(data, dict):
        return 0
    for form in [*FORMS.values(), None]:
        validators = _validator(form, FORMS)
        instance = data if form else {k: v for k, v in data.items() if k in _IDENTITY}
        if validators.is_valid(instance):
            assert list(validators.full.iter_errors(instance)) == [], (form, data)
    return len(FORMS) + 1


def test_compiled_check_on_every_report_file_of_the_project():
    files = [
        p
        for folder in ('tests', 'example_site', 'docs')
        for p in sorted((ROOT / folder).rglob('*.yaml'))
    ]
    compared = sum(
        _never_laxer(load_yaml(p.read_text(encoding='utf-8', errors='replace'))[0]) for p in files
    )
    assert compared > 200


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form_id=st.sampled_from(list(FORMS)), data=st.data(), value=values)
def test_compiled_check_on_changed_values(form_id, data, value):
    doc = copy.deepcopy(BASE[form_id])
    path = data.draw(st.sampled_from(list(paths(doc))))
    doc = replace(doc, path, value)
    _never_laxer(load_yaml(yaml.safe_dump(doc, allow_unicode=True))[0])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form_id=st.sampled_from(list(FORMS)), data=st.data())
def test_compiled_check_on_changed_text(form_id, data):
    _never_laxer(load_yaml(_splice(BASE_TEXT[form_id], data))[0])


def test_compiled_check_passes_what_jsonschema_passes():
    """Not required for the messages, but what makes it worth having: valid reports take the
    fast path."""
    for form_id, form in FORMS.items():
        for totals in (False, True):
            data, _, _ = load_yaml(yaml.safe_dump(report(form_id, totals=totals)))
            assert _validator(form, FORMS).is_valid(data)


def _report(agency: str, year: int, agency_id=None, n: int = 0):
    extra = {'agency_id': agency_id} if agency_id is not None else {}
    form_id = '2019' if year < 2021 else '2021'
    text = yaml.safe_dump(
        {**report(form_id, year=year), 'agency': agency, **extra}, allow_unicode=True
    )
    result = parse_report(text, Path(f'/reports/{n}.yaml'), f'{n}.yaml', FORMS)
    assert result.report is not None, result.problems
    return result.report


def test_pool_finds_what_comparing_with_every_report_finds():
    names = ['甲局', '乙局']
    ids = [None, '', 0, 'X1', 'X2', 7]
    reports = [
        _report(name, year, agency_id, n)
        for n, (name, year, agency_id) in enumerate(itertools.product(names, (2020, 2021), ids))
    ]
    pool = Pool(reports)
    for report_ in reports:
        expected = [
            (path, other)
            for path, other in pool.by_year.get(report_.year - 1, [])
            if same_agency(other, report_)
        ]
        assert pool.of_agency(report_, report_.year - 1) == expected


def test_the_command_leaves_the_collector_as_it_found_it(tmp_path, capsys):
    folder = tmp_path / 'r'
    folder.mkdir()
    (folder / '2021.yaml').write_text(yaml.safe_dump(report('2021')), encoding='utf-8')
    assert gc.isenabled()
    assert cli.main(['check', str(folder)]) == 0
    assert gc.isenabled()
    gc.disable()
    try:
        assert cli.main(['check', str(folder)]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
