"""Report data for tests, generated from the forms (data generation, never expectations)."""

from __future__ import annotations

import copy
from typing import Any

from sphinx_disclosure.forms import all_forms

SECTIONS = {
    'overview': ['总体情况段落。'],
    'problems': '无。',
    'other': '无。',
}


def set_key(data: dict, dotted: str, value: Any) -> None:
    *parents, last = dotted.split('.')
    node = data
    for p in parents:
        node = node.setdefault(p, {})
    node[last] = value


def _get(table: dict, row: str, col: str):
    node = table
    for part in row.split('.'):
        node = node[part]
    return node[col]


def balance(data: dict, form_id: str) -> None:
    """Make 表三 consistent: 一 (new) = （七）总计 + 四 − 二 in every column (R3.1), which also
    keeps 四 and （七） within 一 + 二 (R3.4)."""
    table = all_forms()[form_id].tables['applications']
    apps = data['applications']
    outcomes = table.row_totals['total']
    for col in table.column_types:
        if col in table.column_totals:
            continue
        concluded = sum(_get(apps, r, col) for r in outcomes)
        apps['new'][col] = (
            concluded + _get(apps, 'to_next_year', col) - _get(apps, 'from_last_year', col)
        )
        assert apps['new'][col] >= 0


def report(
    form_id: str = '2021',
    *,
    year: int | None = None,
    value=lambda table, index, key: index + 1,
    totals: bool = False,
    consistent: bool = True,
    **extra: Any,
) -> dict:
    """A complete, valid report. Non-total cells get ``value(table, index, key)`` (then 一 of
    表三 is adjusted so the table adds up, unless ``consistent`` is false); totals are omitted
    (derived) unless ``totals`` is true, in which case they are written as computed."""
    form = all_forms()[form_id]
    data: dict[str, Any] = {
        'agency': '测试县测试局',
        'year': year or form.first_year,
        'published': f'{(year or form.first_year) + 1}-01-28',
        'sections': copy.deepcopy(SECTIONS),
    }
    for table in form.tables.values():
        data[table.id] = {}
        for i, key in enumerate(table.keys):
            if key in table.total_keys:
                continue
            set_key(data[table.id], key, value(table.id, i, key))
    if consistent:
        balance(data, form_id)
    if totals:
        from sphinx_disclosure.model import table_values
        from sphinx_disclosure.source import Positions

        for table in form.tables.values():
            for key, cell in table_values(table, data, Positions()).items():
                set_key(data[table.id], key, cell.value)
    data.update(extra)
    return data


def added(*datas: dict) -> dict:
    """The statutory tables of several reports' data added cell by cell (an oracle written
    here, independently of sphinx_disclosure.aggregate)."""

    def add(a: Any, b: Any) -> Any:
        if isinstance(a, dict):
            return {k: add(a[k], b[k]) for k in a}
        return a + b

    out: dict = {}
    for table in ('active', 'applications', 'review'):
        total = datas[0][table]
        for data in datas[1:]:
            total = add(total, data[table])
        out[table] = total
    return out
