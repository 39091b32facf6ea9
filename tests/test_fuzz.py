"""Whatever an author writes, loading never raises: it returns a report or located problems."""

from __future__ import annotations

import copy

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_disclosure.forms import all_forms
from sphinx_disclosure.model import parse_report

from .reports import report

FORMS = all_forms()
BASE = {form_id: report(form_id) for form_id in FORMS}

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
    st.text(max_size=12), st.sampled_from(['~', '0x1F', '1:20', '１２', '2022-02-30', '.inf']),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(['heading', 'content', 'points', 'list', 'text', 'x',
                                         'natural_person', 'total']), children, max_size=3),
    ),
    max_leaves=8,
)


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, prefix + (i,))


def replace(data, path, value):
    if not path:
        return value
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form_id=st.sampled_from(list(FORMS)), data=st.data(), value=values)
def test_any_mutation_is_reported_not_raised(form_id, data, value):
    doc = copy.deepcopy(BASE[form_id])
    all_paths = list(paths(doc))
    path = data.draw(st.sampled_from(all_paths))
    doc = replace(doc, path, value)
    text = yaml.safe_dump(doc, allow_unicode=True)
    result = parse_report(text, __import__('pathlib').Path('r.yaml'), 'r.yaml', FORMS)
    assert (result.report is None) == bool(result.errors)
    for problem in result.problems:
        for lang in ('zh_CN', 'en'):
            assert problem.format(lang)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_is_reported_not_raised(text):
    result = parse_report(text, __import__('pathlib').Path('r.yaml'), 'r.yaml', FORMS)
    assert result.report is None and result.problems
    assert all(p.format('zh_CN') for p in result.problems)
