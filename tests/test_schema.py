"""The published JSON Schema: in step with the forms, and usable on its own by other tools."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from sphinx_disclosure.schema import SCHEMA_FILE, published_schema, schema_json
from sphinx_disclosure.source import load_yaml

from .conftest import ROOT
from .reports import report


def test_published_file_is_up_to_date():
    assert SCHEMA_FILE.read_text(encoding='utf-8') == schema_json(), (
        'report.schema.json is out of date: run python -m sphinx_disclosure.schema'
    )


def plain(value):
    """Data as a generic YAML/JSON tool sees it (decimals are plain numbers)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    return value


def errors(data) -> list[str]:
    schema = json.loads(SCHEMA_FILE.read_text(encoding='utf-8'))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [e.message for e in validator.iter_errors(plain(data))]


@pytest.mark.parametrize('name', ['2020.yaml', '2021.yaml'])
def test_example_reports_are_valid_against_the_published_file(name):
    text = (ROOT / 'example_site' / 'agencies' / 'transport' / 'reports' / name).read_text(
        encoding='utf-8'
    )
    data, _, problems = load_yaml(text)
    assert problems == []
    assert errors(data) == []


@pytest.mark.parametrize(
    'form_id,year', [('2019', 2019), ('2019', 2020), ('2021', 2021), ('2021', 2024)]
)
def test_generated_reports_are_valid(form_id, year):
    assert errors(report(form_id, year=year)) == []
    assert errors(report(form_id, year=year, totals=True)) == []


def test_published_file_rejects_what_the_tool_rejects():
    bad = report('2021')
    bad['applications']['new']['natural_person'] = -1
    assert any('minimum' in e or 'less than' in e for e in errors(bad))
    bad = report('2021')
    bad['applications']['new']['natual_person'] = 1
    assert errors(bad)
    # a 2019-format table in a 2021 report is not accepted
    bad = report('2021')
    bad['active'] = report('2019')['active']
    assert errors(bad)
    bad = report('2021', year=2018)
    assert errors(bad)


def test_format_key_switches_the_tables():
    data = report('2021', year=2020, format='2021')
    assert errors(data) == []
    data = report('2019', year=2020, format=2019)
    assert errors(data) == []


def test_cells_carry_their_chinese_labels():
    schema = published_schema()
    branch = schema['allOf'][1]['then']['properties']['applications']
    cell = branch['properties']['withheld']['properties']['state_secret']['properties']['research']
    assert (
        cell['description']
        == '三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密 / 申请人情况 › 法人或其他组织 › 科研机构'
    )
    assert branch['properties']['withheld']['title'] == '（三）不予公开'


def test_schema_is_packaged():
    text = (ROOT / 'pyproject.toml').read_text(encoding='utf-8')
    assert '"report.schema.json"' in text
    assert Path(SCHEMA_FILE).is_file()
