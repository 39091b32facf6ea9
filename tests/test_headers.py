"""Every number of every statutory table is associated with exactly its row and column headers.

A screen reader announces the headers of a cell as the HTML standard's *algorithm for assigning
header cells* finds them (HTML Living Standard, "4.9.12 Processing model": forming a table, then
assigning header cells — by the ``headers`` attribute when a cell has one, else by scanning left
and up with the ``scope`` rules). This test implements that algorithm on the HTML of a real
build, and compares, for every data cell of every statutory table of both formats, the headers
it finds with the headers the specification implies: the label cells to the left of the number
in its row, outermost first, then the label cells above it in the nearest block of header rows
(the 勾稽 note in 表三's corner heads nothing). The expected chains come from the tables typed
from the specification in ``test_statutory_tables.py``, never from the forms files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from bs4 import BeautifulSoup, Tag

from .test_statutory_tables import EXPECTED

# --------------------------------------------------------------------------------------------
# the HTML standard's processing model for tables


@dataclass(eq=False)
class Cell:
    element: Tag
    x: int
    y: int
    width: int
    height: int
    header: bool  # a th
    group: str | None = None  # 'thead' or 'tbody': the row group the cell is anchored in

    def text(self) -> str:
        return self.element.get_text(strip=True)


@dataclass
class Table:
    cells: list[Cell] = field(default_factory=list)
    slots: dict[tuple[int, int], list[Cell]] = field(default_factory=dict)
    width: int = 0
    height: int = 0

    def at(self, x: int, y: int) -> list[Cell]:
        return self.slots.get((x, y), [])


def form_table(element: Tag) -> Table:
    """The standard's "forming a table", for tables made of thead/tbody/tr/th/td (enough for
    what Sphinx writes): each cell gets its slot, its width and height (rowspan, colspan)."""
    table = Table()
    y = 0
    pending: dict[int, int] = {}  # x -> rows the cell above still covers
    for group in element.find_all(['thead', 'tbody'], recursive=False):
        for tr in group.find_all('tr', recursive=False):
            x = 0
            for td in tr.find_all(['th', 'td'], recursive=False):
                while pending.get(x, 0) > 0:
                    x += 1
                width = int(td.get('colspan', 1))
                height = int(td.get('rowspan', 1))
                cell = Cell(td, x, y, width, height, td.name == 'th', group.name)
                table.cells.append(cell)
                for dx in range(width):
                    for dy in range(height):
                        table.slots.setdefault((x + dx, y + dy), []).append(cell)
                    pending[x + dx] = height
                x += width
            table.width = max(table.width, x)
            y += 1
            pending = {k: v - 1 for k, v in pending.items()}
    table.height = y
    return table


def _scope(cell: Cell) -> str:
    return (cell.element.get('scope') or 'auto').lower()


def is_column_header(table: Table, cell: Cell) -> bool:
    """A th is a column header if scope=col, or scope is auto and its rows hold no data cell."""
    if not cell.header:
        return False
    scope = _scope(cell)
    if scope == 'col':
        return True
    if scope != 'auto':
        return False
    return not any(
        not other.header
        for yy in range(cell.y, cell.y + cell.height)
        for xx in range(table.width)
        for other in table.at(xx, yy)
    )


def is_row_header(table: Table, cell: Cell) -> bool:
    """A th is a row header if scope=row, or scope is auto, it is not a column header, and its
    columns hold no data cell."""
    if not cell.header:
        return False
    scope = _scope(cell)
    if scope == 'row':
        return True
    if scope != 'auto' or is_column_header(table, cell):
        return False
    return not any(
        not other.header
        for xx in range(cell.x, cell.x + cell.width)
        for yy in range(table.height)
        for other in table.at(xx, yy)
    )


def scan(table: Table, principal: Cell, x: int, y: int, dx: int, dy: int, found: list) -> None:
    """The standard's "scan and assign header cells"."""
    opaque: list[Cell] = []
    in_block = principal.header
    block: list[Cell] = [principal] if principal.header else []
    while True:
        x += dx
        y += dy
        if x < 0 or y < 0:
            return
        covering = table.at(x, y)
        if len(covering) != 1:
            continue
        current = covering[0]
        if current.header:
            in_block = True
            block.append(current)
            blocked = False
            if dx == 0:
                if any(o.x == current.x and o.width == current.width for o in opaque):
                    blocked = True
                if not is_column_header(table, current):
                    blocked = True
            if dy == 0:
                if any(o.y == current.y and o.height == current.height for o in opaque):
                    blocked = True
                if not is_row_header(table, current):
                    blocked = True
            if not blocked:
                found.append(current)
        elif in_block:
            in_block = False
            opaque += block
            block = []


def assign_headers(table: Table, principal: Cell) -> list[Cell]:
    """The standard's "algorithm for assigning header cells" for one cell."""
    found: list[Cell] = []
    ids = principal.element.get('headers') or []
    if isinstance(ids, str):  # BeautifulSoup gives a multi-valued attribute as a list
        ids = ids.split()
    if ids:
        by_id = {c.element.get('id'): c for c in table.cells if c.element.get('id')}
        found = [by_id[i] for i in ids if i in by_id]
    else:
        for y in range(principal.y, principal.y + principal.height):
            scan(table, principal, principal.x, y, -1, 0, found)
        for x in range(principal.x, principal.x + principal.width):
            scan(table, principal, x, principal.y, 0, -1, found)
        for cell in table.cells:
            scope = _scope(cell)
            if scope == 'rowgroup' and cell.group == principal.group:
                if cell.x <= principal.x + principal.width - 1 and cell.y <= principal.y:
                    found.append(cell)
            # scope=colgroup counts only inside a <colgroup> of the same extent: none here
    out: list[Cell] = []
    for cell in found:
        if cell is not principal and cell not in out and cell.text():
            out.append(cell)
    return out


# --------------------------------------------------------------------------------------------
# what the specification implies


def expected_chains(spec: list[list[tuple]]) -> list[tuple[str, ...]]:
    """For each value cell of a table typed from the specification, in reading order: the
    labels of its row (left of it, outermost first), then those of the nearest block of
    label-only rows above it (top first) over its columns; the corner note heads nothing."""
    slots: dict[tuple[int, int], tuple] = {}
    cells: list[tuple[int, int, tuple]] = []
    pending: dict[int, int] = {}
    for y, row in enumerate(spec):
        x = 0
        for cell in row:
            while pending.get(x, 0) > 0:
                x += 1
            kind, text, rs, cs = cell
            entry = (x, y, cell)
            cells.append(entry)
            for dx in range(cs):
                for dy in range(rs):
                    slots[x + dx, y + dy] = entry
                pending[x + dx] = rs
            x += cs
        pending = {k: v - 1 for k, v in pending.items()}
    label_rows = {y for y, row in enumerate(spec) if all(c[0] == 'label' for c in row)}
    chains = []
    for x, y, (kind, _text, _rs, _cs) in cells:
        if kind != 'value':
            continue
        chain: list[str] = []
        seen: list = []
        for xx in range(x):
            entry = slots.get((xx, y))
            if entry and entry[2][0] == 'label' and entry not in seen:
                seen.append(entry)
                chain.append(entry[2][1])
        top = y - 1
        while top >= 0 and top not in label_rows:
            top -= 1
        first = top
        while first - 1 >= 0 and first - 1 in label_rows:
            first -= 1
        for yy in range(first, top + 1) if top >= 0 else ():
            entry = slots.get((x, yy))
            if entry and entry not in seen and not entry[2][1].startswith('（本列数据'):
                seen.append(entry)
                chain.append(entry[2][1])
        chains.append(tuple(chain))
    return chains


# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize('form_id', ['2019', '2021'])
@pytest.mark.parametrize('table_id', ['active', 'applications', 'review'])
def test_every_number_has_exactly_its_headers(report_pages, form_id, table_id):
    table = form_table(report_pages[form_id].find('table', id=table_id))
    found = [
        tuple(h.text() for h in assign_headers(table, cell))
        for cell in table.cells
        if not cell.header
    ]
    assert found == expected_chains(EXPECTED[form_id][table_id])


def test_the_cells_the_issue_named(report_pages):
    """The associations a screen reader got wrong before: spelled out by hand."""

    def headers_of(form_id: str, table_id: str, cell_id: str) -> tuple[str, ...]:
        element = report_pages[form_id].find('table', id=table_id)
        table = form_table(element)
        (cell,) = [c for c in table.cells if c.element.get('id') == cell_id]
        return tuple(h.text() for h in assign_headers(table, cell))

    assert headers_of('2021', 'applications', 'applications-to_next_year-total') == (
        '四、结转下年度继续办理',
        '申请人情况',
        '总计',
    )
    assert headers_of('2021', 'active', 'active-licensing-decisions') == (
        '行政许可',
        '第二十条第（五）项',
        '本年处理决定数量',
    )
    assert headers_of('2021', 'review', 'review-litigation_direct-total') == (
        '行政诉讼',
        '未经复议直接起诉',
        '总计',
    )
    assert headers_of('2019', 'applications', 'applications-withheld-state_secret-business') == (
        '三、本年度办理结果',
        '（三）不予公开',
        '1.属于国家秘密',
        '申请人情况',
        '法人或其他组织',
        '商业企业',
    )


def test_no_group_scope_without_its_group(report_pages):
    """scope=colgroup/rowgroup without <colgroup>/<tbody> groups of that extent is invalid
    HTML: header cells keep only scope=col or scope=row."""
    for soup in report_pages.values():
        for th in soup.select('table.disclosure-table th'):
            assert th.get('scope') in (None, 'col', 'row'), th


def test_the_algorithm_finds_the_wrong_headers_without_headers_attributes(report_pages):
    """The oracle can fail: with the headers attributes removed, the scan by scope alone gives
    表四's 总计 columns only “总计” — what screen readers announced before."""
    soup = BeautifulSoup(str(report_pages['2021'].find('table', id='review')), 'html.parser')
    for td in soup.find_all('td'):
        del td['headers']
    table = form_table(soup.find('table'))
    cell = next(c for c in table.cells if c.element.get('id') == 'review-litigation_direct-total')
    assert tuple(h.text() for h in assign_headers(table, cell)) != (
        '行政诉讼',
        '未经复议直接起诉',
        '总计',
    )
