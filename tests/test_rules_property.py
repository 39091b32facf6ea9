"""Property test of the rule engine against a small independent oracle.

Hypothesis generates consistent reports of both formats (every total written out), changes one
cell of 表三 or 表四, and the engine must report exactly the rule breaks that the oracle below
predicts. The oracle is written from the rules as the specification states them, with the row and
column identifiers typed here — it shares no code with the engine or the forms files.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_disclosure.forms import all_forms
from sphinx_disclosure.model import parse_report
from sphinx_disclosure.rules.engine import check

from .reports import report

APPLICANTS = ['natural_person', 'business', 'research', 'nonprofit', 'legal_services', 'other']
COLUMNS = APPLICANTS + ['total']
OUTCOMES_COMMON = (
    ['granted', 'partial']
    + [
        f'withheld.{r}'
        for r in (
            'state_secret',
            'prohibited_by_law',
            'endangers_stability',
            'third_party_rights',
            'internal_affairs',
            'process_info',
            'enforcement_files',
            'inquiry_matters',
        )
    ]
    + [f'unavailable.{r}' for r in ('not_held', 'needs_creation', 'still_unclear')]
    + [
        f'not_processed.{r}'
        for r in ('complaints', 'duplicate', 'publications', 'excessive', 'confirmation')
    ]
)
OUTCOMES = {
    '2019': OUTCOMES_COMMON + ['other_handling'],
    '2021': OUTCOMES_COMMON
    + [f'other_handling.{r}' for r in ('no_correction', 'fee_unpaid', 'other')],
}
GROUPS = ['reconsideration', 'litigation_direct', 'litigation_after_review']
PARTS = ['upheld', 'corrected', 'other', 'pending']
FORMS = all_forms()


def put(table: dict, row: str, col: str, value: int) -> None:
    node = table
    for part in row.split('.'):
        node = node.setdefault(part, {})
    node[col] = value


@st.composite
def consistent_tables(draw, form_id: str):
    """(applications, review) as flat dicts {'row.col': value}, every identity holding."""
    small = st.integers(0, 12)
    apps: dict[str, int] = {}
    for col in APPLICANTS:
        for row in OUTCOMES[form_id]:
            apps[f'{row}.{col}'] = draw(small)
        concluded = sum(apps[f'{row}.{col}'] for row in OUTCOMES[form_id])
        carried_forward = draw(small)
        carried_in = draw(st.integers(0, concluded + carried_forward))
        apps[f'total.{col}'] = concluded
        apps[f'to_next_year.{col}'] = carried_forward
        apps[f'from_last_year.{col}'] = carried_in
        apps[f'new.{col}'] = concluded + carried_forward - carried_in
    rows = ['new', 'from_last_year', *OUTCOMES[form_id], 'total', 'to_next_year']
    for row in rows:
        apps[f'{row}.total'] = sum(apps[f'{row}.{c}'] for c in APPLICANTS)
    review: dict[str, int] = {}
    for group in GROUPS:
        for part in PARTS:
            review[f'{group}.{part}'] = draw(small)
        review[f'{group}.total'] = sum(review[f'{group}.{p}'] for p in PARTS)
    return apps, review


def oracle(form_id: str, apps: dict[str, int], review: dict[str, int]) -> set[tuple[str, str]]:
    """The rule breaks the specification predicts for these (fully written) tables."""
    out = set()
    rows = ['new', 'from_last_year', *OUTCOMES[form_id], 'total', 'to_next_year']
    for col in COLUMNS:
        n, c = apps[f'new.{col}'], apps[f'from_last_year.{col}']
        t, f = apps[f'total.{col}'], apps[f'to_next_year.{col}']
        if n + c != t + f:
            out.add(('R3.1', f'applications.to_next_year.{col}'))
        if t != sum(apps[f'{row}.{col}'] for row in OUTCOMES[form_id]):
            out.add(('R3.2', f'applications.total.{col}'))
        if f > n + c:
            out.add(('R3.4', f'applications.to_next_year.{col}'))
        if t > n + c:
            out.add(('R3.4', f'applications.total.{col}'))
    for row in rows:
        if apps[f'{row}.total'] != sum(apps[f'{row}.{col}'] for col in APPLICANTS):
            out.add(('R3.3', f'applications.{row}.total'))
    for group in GROUPS:
        if review[f'{group}.total'] != sum(review[f'{group}.{p}'] for p in PARTS):
            out.add(('R4.1', f'review.{group}.total'))
    if form_id == '2019':
        share_of = apps['total.total']
        if share_of and apps['other_handling.total'] / share_of > 0.1:
            out.add(('R3.6', 'applications.other_handling.total'))
    return out


def parsed(form_id: str, apps: dict, review: dict):
    """The report with these 表三 and 表四 (flat dicts {'row.col': value}), loaded."""
    data = report(
        form_id,
        sections={
            'overview': '总体情况。',
            'problems': '无。',
            'other': '本年度未收取信息处理费。',
        },
    )
    data['applications'], data['review'] = {}, {}
    for key, value in apps.items():
        put(data['applications'], *key.rsplit('.', 1), value)
    for key, value in review.items():
        put(data['review'], *key.rsplit('.', 1), value)
    text = yaml.safe_dump(data, allow_unicode=True)
    result = parse_report(text, Path('r.yaml'), 'r.yaml', FORMS)
    assert result.report is not None, [p.format() for p in result.problems]
    return result


def engine(form_id: str, apps: dict[str, int], review: dict[str, int]) -> set[tuple[str, str]]:
    result = parsed(form_id, apps, review)
    return {(f.rule.id, f.key) for f in check(result.report)}


@settings(max_examples=8, deadline=None)
@given(data=st.data(), form_id=st.sampled_from(['2019', '2021']))
def test_engine_agrees_with_the_oracle_after_one_change(data, form_id):
    """Every cell of 表三 and 表四 is changed in turn (by a drawn amount) on a drawn report."""
    apps, review = data.draw(consistent_tables(form_id))
    assert engine(form_id, apps, review) == oracle(form_id, apps, review)
    deltas = data.draw(
        st.lists(st.integers(-3, 3).filter(lambda d: d != 0), min_size=4, max_size=4)
    )
    for n, (cells, key) in enumerate(
        [(apps, k) for k in sorted(apps)] + [(review, k) for k in sorted(review)]
    ):
        old = cells[key]
        cells[key] = abs(old + deltas[n % len(deltas)])  # still a count; may equal the old value
        try:
            assert engine(form_id, apps, review) == oracle(form_id, apps, review), key
        finally:
            cells[key] = old


@settings(max_examples=50, deadline=None)
@given(data=st.data(), form_id=st.sampled_from(['2019', '2021']))
def test_consistent_reports_have_no_findings(data, form_id):
    apps, review = data.draw(consistent_tables(form_id))
    found = engine(form_id, apps, review)
    assert {rule for rule, _ in found} <= {'R3.6'}


# --------------------------------------------------------------------------------------------
# blank cells: a rule that needs one is "not checked" there, never passed as if it were 0

ORACLE_RULES = {'R3.1', 'R3.2', 'R3.3', 'R3.4', 'R4.1', 'R3.6'}


def oracle_with_blanks(form_id: str, apps: dict, review: dict):
    """(breaks, places not checked per rule) for tables where some cells are None (blank)."""
    out, unchecked = set(), {}

    def known(*values) -> bool:
        return all(v is not None for v in values)

    def skip(rule: str) -> None:
        unchecked[rule] = unchecked.get(rule, 0) + 1

    rows = ['new', 'from_last_year', *OUTCOMES[form_id], 'total', 'to_next_year']
    for col in COLUMNS:
        n, c = apps[f'new.{col}'], apps[f'from_last_year.{col}']
        t, f = apps[f'total.{col}'], apps[f'to_next_year.{col}']
        if not known(n, c, t, f):
            skip('R3.1')
        elif n + c != t + f:
            out.add(('R3.1', f'applications.to_next_year.{col}'))
        outcomes = [apps[f'{row}.{col}'] for row in OUTCOMES[form_id]]
        if not known(t, *outcomes):
            skip('R3.2')
        elif t != sum(outcomes):
            out.add(('R3.2', f'applications.total.{col}'))
        for row, value in (('to_next_year', f), ('total', t)):
            if not known(value, n, c):
                skip('R3.4')
            elif value > n + c:
                out.add(('R3.4', f'applications.{row}.{col}'))
    for row in rows:
        parts = [apps[f'{row}.{col}'] for col in APPLICANTS]
        if not known(apps[f'{row}.total'], *parts):
            skip('R3.3')
        elif apps[f'{row}.total'] != sum(parts):
            out.add(('R3.3', f'applications.{row}.total'))
    for group in GROUPS:
        parts = [review[f'{group}.{p}'] for p in PARTS]
        if not known(review[f'{group}.total'], *parts):
            skip('R4.1')
        elif review[f'{group}.total'] != sum(parts):
            out.add(('R4.1', f'review.{group}.total'))
    if form_id == '2019':
        part, whole = apps['other_handling.total'], apps['total.total']
        if not known(part, whole):
            skip('R3.6')
        elif part and whole and part / whole > 0.1:
            out.add(('R3.6', 'applications.other_handling.total'))
    return out, unchecked


@settings(max_examples=30, deadline=None)
@given(data=st.data(), form_id=st.sampled_from(['2019', '2021']))
def test_blank_cells_are_never_read_as_zero(data, form_id):
    """Blanking cells of a consistent report (some of which then also gets a drawn change):
    the engine's breaks and its places not checked, rule by rule, are the oracle's."""
    from sphinx_disclosure.rules.engine import evaluate

    apps, review = data.draw(consistent_tables(form_id))
    keys = [('apps', k) for k in sorted(apps)] + [('review', k) for k in sorted(review)]
    for which, key in data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=4)):
        tables = apps if which == 'apps' else review
        tables[key] = data.draw(st.none() | st.integers(0, 15))
    result = parsed(form_id, apps, review)
    evaluation = evaluate(result.report)
    found = {(f.rule.id, f.key) for f in evaluation.findings if f.rule.id in ORACLE_RULES}
    counted: dict[str, int] = {}
    for item in evaluation.unchecked:
        if item.rule.id in ORACLE_RULES:
            counted[item.rule.id] = counted.get(item.rule.id, 0) + 1
    assert (found, counted) == oracle_with_blanks(form_id, apps, review)
