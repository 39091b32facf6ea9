"""A statutory table as docutils nodes, with exactly the official merged cells.

The grid comes from the forms data (:class:`~sphinx_disclosure.forms.TableForm`); this module
only turns it into ``table/tgroup/colspec/thead/tbody/row/entry`` nodes with ``morerows`` and
``morecols``, so every builder (HTML, LaTeX, text, …) draws the same merges. Header cells carry
their scope in the ``disclosure_scope`` attribute, which the HTML writer turns into
``<th scope=…>`` (see :mod:`sphinx_disclosure.render.html`).
"""

from __future__ import annotations

from decimal import Decimal

from docutils import nodes

from ..forms import GridCell, TableForm
from ..model import Cell

#: relative column widths for builders that use them (label columns wider than number columns)
LABEL_WIDTH = 3
NUMBER_WIDTH = 1


def format_value(value: int | Decimal | None) -> str:
    """A number as printed in the table: digits as written, no thousands separators."""
    if value is None:
        return ''
    if isinstance(value, Decimal):
        return format(value, 'f')
    return str(value)


def _entry(cell: GridCell, value: Cell | None) -> nodes.entry:
    entry = nodes.entry()
    if cell.rowspan > 1:
        entry['morerows'] = cell.rowspan - 1
    if cell.colspan > 1:
        entry['morecols'] = cell.colspan - 1
    if cell.kind == 'label':
        entry['classes'].append('disclosure-label')
        entry['disclosure_scope'] = cell.scope
        entry += nodes.paragraph(cell.text, cell.text)
    else:
        assert value is not None, cell.key
        entry['classes'] += ['disclosure-num', f'disclosure-{value.status}']
        text = format_value(value.value)
        if text:
            entry += nodes.paragraph(text, text)
    return entry


def _label_columns(table: TableForm) -> set[int]:
    """Grid columns that hold only labels (they get the wider share of the width)."""
    value_cols = {c for cell in table.value_cells for c in cell.columns}
    return set(range(table.width)) - value_cols


def build_table(
    table: TableForm,
    cells: dict[str, Cell],
    *,
    caption: str,
    caption_hidden: bool = False,
) -> nodes.table:
    """The docutils table for one statutory table; ``cells`` are keyed relative to the table."""
    node = nodes.table(classes=['disclosure-table', f'disclosure-{table.id}'])
    title = nodes.title(caption, caption)
    if caption_hidden:
        title['classes'].append('disclosure-caption-hidden')
    node += title
    tgroup = nodes.tgroup(cols=table.width)
    node += tgroup
    labels = _label_columns(table)
    for col in range(table.width):
        tgroup += nodes.colspec(colwidth=LABEL_WIDTH if col in labels else NUMBER_WIDTH)
    if table.header_rows:
        thead = nodes.thead()
        tgroup += thead
        for row in table.header_rows:
            thead += nodes.row('', *(_entry(c, None) for c in row))
    tbody = nodes.tbody()
    tgroup += tbody
    for row in table.body_rows:
        tbody += nodes.row('', *(_entry(c, cells.get(c.key) if c.key else None) for c in row))
    return node
