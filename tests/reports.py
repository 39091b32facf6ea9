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


def report(
    form_id: str = '2021',
    *,
    year: int | None = None,
    value=lambda table, index, key: index + 1,
    totals: bool = False,
    **extra: Any,
) -> dict:
    """A complete, valid report. Non-total cells get ``value(table, index, key)``; totals are
    omitted (derived) unless ``totals`` is true, in which case they are written as computed."""
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
    if totals:
        from sphinx_disclosure.model import table_values
        from sphinx_disclosure.source import Positions

        for table in form.tables.values():
            for key, cell in table_values(table, data, Positions()).items():
                set_key(data[table.id], key, cell.value)
    data.update(extra)
    return data
