"""A statutory table as docutils nodes, with exactly the official merged cells.

The grid comes from the forms data (:class:`~sphinx_disclosure.forms.TableForm`); this module
only turns it into ``table/tgroup/colspec/thead/tbody/row/entry`` nodes with ``morerows`` and
``morecols``, so every builder (HTML, LaTeX, text, …) draws the same merges.

It knows no output format. What one output needs beyond docutils' table is said with node
classes and attributes, which that output's visitors and post-transforms read:

* label cells are :class:`disclosure_label` (an ``entry`` with a ``scope``): HTML writes them as
  ``<th scope=…>`` (:mod:`.html`); every other builder finds no visitor of its own and writes
  them as the ``entry`` they are (Sphinx dispatches by class hierarchy);
* rows inside a cell merged over several rows are :class:`disclosure_keep_row`: print keeps them
  with the next row (:mod:`.latex`);
* the table carries its print layout from the forms file and which grid columns hold numbers
  (``disclosure_print``, ``disclosure_number_columns``), for the LaTeX post-transform.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterator
from typing import Any

from docutils import nodes

from ..forms import GridCell, TableForm
from ..model import Cell, format_value
from . import text_paragraph

#: column widths in character cells (CJK characters count two), as builders that use widths
#: expect them (the text builder draws exactly these widths; HTML ignores them)
MAX_LABEL_WIDTH = 30
MAX_NUMBER_WIDTH = 12
MIN_NUMBER_WIDTH = 6


class disclosure_label(nodes.entry):  # noqa: N801 - docutils names node classes in lower case
    """A label cell of a statutory table; ``scope`` (col, colgroup, row, rowgroup, none) says
    which cells it heads."""


class disclosure_value(nodes.entry):  # noqa: N801
    """A value cell of a statutory table; ``headers`` lists the ids of the label cells that
    head it (its row's, then its column's), which HTML writes as ``<td headers>``: the one
    association of a value with its labels that holds in tables with merged multi-level
    headers (WCAG technique H43)."""


class disclosure_keep_row(nodes.row):  # noqa: N801
    """A row with a cell merged into the next: a page break after it would cut the merged cell."""


class disclosure_scroll(nodes.container):  # noqa: N801
    """The box a table too wide for the screen scrolls in (HTML only), so that the page itself
    never scrolls sideways on a phone. HTML writes it as a keyboard-focusable, named region
    (:mod:`.html`: a reader who cannot swipe scrolls it with the arrow keys, a screen reader
    announces what it holds); any other builder meeting it writes the plain container it is.
    ``label`` is the table's caption."""


def grid_rows(section: nodes.Element) -> Iterator[tuple[nodes.row, list[tuple[nodes.entry, int]]]]:
    """Each row of a ``thead``/``tbody`` with its entries and the grid column each starts in: a
    cell merged from the rows above takes its columns in the rows below, where the row has no
    entry. What the HTML (sticky row labels) and the print layout (room a table's start needs)
    both need to know of a table with merged cells."""
    below: dict[int, int] = {}  # column -> how many more rows a merged cell above still takes
    for row in section.findall(nodes.row):
        taken = {col for col, n in below.items() if n > 0}
        below = {col: n - 1 for col, n in below.items() if n > 1}
        col = 0
        cells = []
        for entry in row.children:
            while col in taken:
                col += 1
            cells.append((entry, col))
            span = entry.get('morecols', 0) + 1
            if entry.get('morerows'):
                for c in range(col, col + span):
                    below[c] = entry['morerows']
            col += span
        yield row, cells


def grid_columns(section: nodes.Element) -> Iterator[tuple[nodes.entry, int]]:
    """Each entry of a ``thead``/``tbody`` with the grid column it starts in (:func:`grid_rows`)."""
    for _, cells in grid_rows(section):
        yield from cells


#: class names of value cells, one string object each: a site holds hundreds of thousands of
#: cells, and a class name formatted per cell is a new string every time
_STATUS_CLASSES: dict[str, str] = {}


def _status_class(status: str) -> str:
    name = _STATUS_CLASSES.get(status)
    if name is None:
        name = _STATUS_CLASSES[status] = f'disclosure-{status}'
    return name


#: the anchor of each value cell, one string object per (table, key) for the whole build
_ANCHORS: dict[tuple[str, Any], str] = {}


def cell_anchor(table_id: str, key: str) -> str:
    """The stable id of a value cell, so a number can be cited by URL:
    ``applications.withheld.state_secret.total`` → ``applications-withheld-state_secret-total``
    (the key relative to the table: ``withheld.state_secret.total``)."""
    anchor = _ANCHORS.get((table_id, key))
    if anchor is None:
        anchor = _ANCHORS[table_id, key] = f'{table_id}-{key.replace(".", "-")}'
    return anchor


#: the headers attribute of each value cell, one string object per distinct list of ids
_HEADERS: dict[tuple[str, ...], str] = {}


def _headers(ids: tuple[str, ...]) -> str:
    text = _HEADERS.get(ids)
    if text is None:
        text = _HEADERS[ids] = ' '.join(ids)
    return text


def header_anchor(table_id: str, cell: GridCell) -> str:
    """The id of a label cell: its place on the grid (``applications-h2-3``); labels repeat
    (表二's 信息内容, 表四's 总计), places do not."""
    anchor = _ANCHORS.get((table_id, (cell.row, cell.col)))
    if anchor is None:
        anchor = _ANCHORS[table_id, (cell.row, cell.col)] = f'{table_id}-h{cell.row}-{cell.col}'
    return anchor


def _entry(cell: GridCell, value: Cell | None, flagged: bool = False) -> nodes.entry:
    entry = disclosure_label() if cell.kind == 'label' else disclosure_value()
    if cell.rowspan > 1:
        entry['morerows'] = cell.rowspan - 1
    if cell.colspan > 1:
        entry['morecols'] = cell.colspan - 1
    if cell.kind == 'label':
        entry['classes'].append('disclosure-label')
        entry['scope'] = cell.scope
        entry += text_paragraph(cell.text)
    else:
        assert value is not None, cell.key
        entry['classes'] += ['disclosure-num', _status_class(value.status)]
        if flagged:
            entry['classes'].append('disclosure-flagged')
        text = format_value(value.value)
        if text:
            entry += text_paragraph(text)
    return entry


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in 'WF' else 1 for ch in text)


def column_widths(table: TableForm) -> list[int]:
    """A width per grid column: enough for its one-column labels, capped so long labels wrap."""
    value_cols = {c for cell in table.value_cells for c in cell.columns}
    widths = []
    for col in range(table.width):
        labels = [
            display_width(c.text)
            for row in table.rows
            for c in row
            if c.kind == 'label' and c.col == col and c.colspan == 1
        ]
        if col in value_cols:
            widths.append(min(MAX_NUMBER_WIDTH, max([MIN_NUMBER_WIDTH, *labels])))
        else:
            widths.append(min(MAX_LABEL_WIDTH, max([MIN_NUMBER_WIDTH, *labels])))
    return widths


def build_table(
    table: TableForm,
    cells: dict[str, Cell],
    *,
    caption: str,
    caption_hidden: bool = False,
    flagged: frozenset[str] = frozenset(),
    ids: Any = None,
) -> nodes.table:
    """The docutils table for one statutory table; ``cells`` are keyed relative to the table.

    ``flagged`` holds full keys of cells that break a rule: they get a class for the stylesheet.
    ``ids`` (an :class:`~sphinx_disclosure.render.report.Ids`) gives every value cell its
    stable anchor (:func:`cell_anchor`); without it cells have no ids.
    """
    #: the id given to each label cell, for the ``headers`` of the values it heads
    header_ids: dict[GridCell, str] = {}
    node = nodes.table(classes=['disclosure-table', f'disclosure-{table.id}'])
    node['disclosure_print'] = dataclasses.asdict(table.layout)
    node['disclosure_number_columns'] = sorted({c for v in table.value_cells for c in v.columns})
    title = nodes.title(caption, caption)
    if caption_hidden:
        title['classes'].append('disclosure-caption-hidden')
    node += title
    tgroup = nodes.tgroup(cols=table.width)
    node += tgroup
    for width in column_widths(table):
        tgroup += nodes.colspec(colwidth=width)
    if table.header_rows:
        thead = nodes.thead()
        tgroup += thead
        for row in table.header_rows:
            entries = [_entry(c, None) for c in row]
            if ids is not None:
                for c, entry in zip(row, entries, strict=True):
                    header_ids[c] = ids.claim(header_anchor(table.id, c), entry)
            thead += nodes.row('', *entries)
    tbody = nodes.tbody()
    tgroup += tbody
    offset = len(table.header_rows)
    for index, row in enumerate(table.body_rows):
        grid_row = offset + index
        keep = grid_row in table.continued_rows  # a merged cell goes on below this row
        row_node = disclosure_keep_row() if keep else nodes.row()
        tbody += row_node
        for c in row:
            entry = _entry(c, cells.get(c.key) if c.key else None, f'{table.id}.{c.key}' in flagged)
            if ids is not None:
                if c.key:
                    ids.claim(cell_anchor(table.id, c.key), entry)
                    heads = table.header_cells(c.key)
                    entry['headers'] = _headers(tuple(header_ids[h] for ch in heads for h in ch))
                else:
                    header_ids[c] = ids.claim(header_anchor(table.id, c), entry)
            row_node += entry
    return node
