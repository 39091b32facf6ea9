"""Whatever an author writes, loading never raises: it returns a report or located problems."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_disclosure.forms import all_forms
from sphinx_disclosure.model import parse_report

from .reports import report

FORMS = all_forms()
BASE = {form_id: report(form_id) for form_id in FORMS}

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(['~', '0x1F', '1:20', '１２', '2022-02-30', '.inf']),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.sampled_from(
                ['heading', 'content', 'points', 'list', 'text', 'x', 'natural_person', 'total']
            ),
            children,
            max_size=3,
        ),
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


# --------------------------------------------------------------------------------------------
# the long run: loader + rules + renderer on 10,000 inputs (pytest -m fuzz runs it alone)

#: fragments an author (or an attacker) might type into a report, spliced into valid YAML text
FRAGMENTS = [
    '~',
    '',
    ' ',
    '\t',
    '：',
    '｛',
    '"',
    "'",
    '{{',
    '}}',
    '{{ applications.new.total }}',
    '\\{{',
    '{{ 7*7 }}',
    '&a',
    '*a',
    '!!binary',
    '!!python/object:os.system',
    '<<: *a',
    '---',
    '- ',
    ': ',
    '[',
    ']',
    '{',
    '}',
    '#',
    '%',
    '\\input{/etc/hostname}',
    '<script>',
    '（一）',
    '1.',
    'yes',
    '"1526"',
    '１２',
    '0x1F',
    '1:20',
    '.inf',
    '-1',
    '0.5',
    '\x07',
    '\u2028',
    'é',
    '\ufeff',
    'numbered: false',
    'heading: ',
    'points: ',
    '?',
    '|',
    '>',
    '@',
    '`',
]


def _splice(text: str, data) -> str:
    """The YAML text with a few drawn fragments inserted at drawn places."""
    for _ in range(data.draw(st.integers(1, 3), label='edits')):
        where = data.draw(st.integers(0, len(text)), label='where')
        piece = data.draw(st.sampled_from(FRAGMENTS) | st.text(max_size=6), label='piece')
        cut = data.draw(st.integers(0, 3), label='cut')
        text = text[:where] + piece + text[where + cut :]
    return text


def _render(report) -> None:
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    from sphinx_disclosure.render.report import DocumentIds, build_report

    document = new_document('fuzz', get_default_settings(Parser))
    (node,) = build_report(report, DocumentIds(document))
    assert node.astext()


BASE_TEXT = {
    form_id: yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    for form_id, doc in BASE.items()
}


def _cells(doc: dict, data) -> None:
    """A few cells of the statutory tables set to drawn numbers or blanks: reports that load,
    and break or escape the rules in every way."""

    def leaf(path) -> bool:
        node = doc
        for part in path:
            node = node[part]
        return isinstance(node, int)

    cells = [p for p in paths(doc) if len(p) >= 3 and p[0] in FORMS['2021'].tables and leaf(p)]
    for _ in range(data.draw(st.integers(1, 6), label='cells')):
        path = data.draw(st.sampled_from(cells), label='cell')
        replace(doc, path, data.draw(st.none() | st.integers(0, 60), label='number'))


def _texts(doc: dict, data) -> None:
    """Narrative texts with drawn fragments: numbering, value references, markup of any kind."""
    sections = doc['sections']
    for section in ('overview', 'problems', 'other'):
        pieces = data.draw(
            st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=4), label=section
        )
        text = '文字' + ''.join(pieces) if pieces else '无。'
        kind = data.draw(st.sampled_from(['text', 'heading', 'points']), label='kind')
        if kind == 'heading':
            sections[section] = [
                {'heading': text.strip() or '文字', 'content': [text.strip() or '文字']}
            ]
        elif kind == 'points':
            sections[section] = [
                {'points': [text.strip() or '文字', {'text': '文字', 'points': [text]}]}
            ]
        else:
            sections[section] = text


@pytest.mark.fuzz
@settings(
    max_examples=10_000, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
@given(
    form_id=st.sampled_from(list(FORMS)),
    data=st.data(),
    mode=st.sampled_from(['splice', 'value', 'cells', 'texts']),
)
def test_loader_rules_and_renderer_never_raise(form_id, data, mode):
    """Whatever is typed into a report, the loader reports it or builds a report; the rules run
    on any report it builds, and the renderer draws it. Four kinds of change: text spliced into
    the YAML (mostly broken files), any value at any place, table cells set to numbers or
    blanks, and narrative texts made of awkward fragments (mostly reports that load)."""
    from sphinx_disclosure.rules.engine import evaluate

    if mode == 'splice':
        text = _splice(BASE_TEXT[form_id], data)
    else:
        doc = copy.deepcopy(BASE[form_id])
        if mode == 'value':
            path = data.draw(st.sampled_from(list(paths(doc))), label='path')
            doc = replace(doc, path, data.draw(values, label='value'))
        elif mode == 'cells':
            _cells(doc, data)
        else:
            _texts(doc, data)
        text = yaml.safe_dump(doc, allow_unicode=True)
    result = parse_report(text, Path('r.yaml'), 'r.yaml', FORMS)
    assert (result.report is None) == bool(result.errors)
    for problem in result.problems:
        for lang in ('zh_CN', 'en'):
            assert problem.format(lang)
    if result.report is not None:
        evaluation = evaluate(result.report)
        for finding in evaluation.findings:
            assert finding.format('zh_CN') and finding.format('en')
        assert evaluation.checked + len(evaluation.unchecked) > 0
        _render(result.report)
