"""The whole report, or its narrative, as docutils nodes.

Numbers of narrative headings and points (（一）, 1., （1）) are computed here from their position;
authors never type them. Section and table ids are ASCII and derived from the forms data
(``sec-1`` … ``sec-6``, ``active``, ``applications``, ``review``), because docutils gives
Chinese titles no id of their own and numbers them ``id1``, ``id2`` … by document order.
"""

from __future__ import annotations

from typing import Protocol

from docutils import nodes

from .. import numbering
from ..model import Block, BulletList, Heading, Paragraph, Point, Points, Report
from . import text_paragraph
from .tables import build_table


class Ids(Protocol):
    def claim(self, base: str, node: nodes.Element) -> str:
        """Give ``node`` the id ``base``, or ``base-2``, ``base-3`` … if it is taken."""


class DocumentIds:
    """:class:`Ids` over a docutils document (registers claimed ids in ``document.ids``)."""

    def __init__(self, document: nodes.document, prefix: str = '') -> None:
        self.document = document
        self.prefix = prefix

    def claim(self, base: str, node: nodes.Element) -> str:
        if self.prefix:
            base = self.prefix + base
        candidate, n = base, 1
        while candidate in self.document.ids:
            n += 1
            candidate = f'{base}-{n}'
        self.document.ids[candidate] = node
        node['ids'].insert(0, candidate)
        return candidate


#: one string object per class name (see ``tables._status_class``)
_LEVEL_CLASSES = {level: f'disclosure-level-{level}' for level in range(1, 10)}


def _level_class(level: int) -> str:
    return _LEVEL_CLASSES.get(level) or f'disclosure-level-{level}'


def _section(ids: Ids, base: str, title: str, number: str = '') -> nodes.section:
    section = nodes.section(disclosure_generated=True)
    ids.claim(base, section)
    t = nodes.title()
    if number:
        t += nodes.inline(number, number, classes=['disclosure-number'])
    t += nodes.Text(title)
    section += t
    return section


def _point_nodes(points: tuple[Point, ...], level: int) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for point in points:
        para = nodes.paragraph(classes=['disclosure-point', _level_class(level)])
        if point.number:
            para += nodes.inline(point.number, point.number, classes=['disclosure-number'])
        para += nodes.Text(point.text)
        out.append(para)
        out += _point_nodes(point.points, level + 1)
    return out


def render_blocks(
    blocks: tuple[Block, ...], level: int, id_base: str, ids: Ids
) -> list[nodes.Node]:
    """Narrative blocks at a nesting level (1 = 一、, 2 = （一）, 3 = 1., 4 = （1）); the numbers
    were given by the model, which also warned about what could not be numbered."""
    out: list[nodes.Node] = []
    heading_no = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(text_paragraph(block.text))
        elif isinstance(block, Heading):
            heading_no += 1
            base = f'{id_base}-{heading_no}'
            section = _section(ids, base, block.title, block.number)
            section['classes'].append(_level_class(level))
            section += render_blocks(block.content, level + 1, base, ids)
            out.append(section)
        elif isinstance(block, Points):
            out += _point_nodes(block.items, level)
        elif isinstance(block, BulletList):
            lst = nodes.bullet_list(bullet='-')
            for item in block.items:
                lst += nodes.list_item('', text_paragraph(item))
            out.append(lst)
    return out


def signature(report: Report, date_style: str) -> nodes.container:
    """The closing block: agency and date written in Chinese, right-aligned by the stylesheet."""
    box = nodes.container(classes=['disclosure-signature'])
    box += text_paragraph(report.agency)
    if report.published is not None:
        d = report.published
        text = numbering.date_text(d.year, d.month, d.day, date_style)
        box += text_paragraph(text)
    return box


def blank_cells_note(cells, text: str | None) -> list[nodes.Element]:
    """Under a table with blank cells: words saying the published report left them blank, so
    that a reader does not take a gap for an error of the site (nor for 0). A note, set apart
    from the table and worded as a sentence: it cannot be mistaken for data."""
    if not text or not any(cell.status == 'blank' for cell in cells.values()):
        return []
    return [text_paragraph(text, classes=['disclosure-blank-note'])]


def flagged_keys(findings) -> frozenset[str]:
    """Cells to mark in the tables: those of unexplained errors and warnings."""
    return frozenset(
        f.key
        for f in findings
        if f.severity in ('error', 'warning') and not f.acknowledged and f.key
    )


def acknowledgement_notes(
    findings, table_id: str | None, title: str = '说明'
) -> list[nodes.Element]:
    """The report's explanations of known rule breaks, as notes under the table concerned
    (``table_id`` None: those that concern no table), headed ``title``."""
    notes = []
    seen = set()
    for f in findings:
        if not f.acknowledged or (f.rule.id, f.acknowledged) in seen:
            continue
        table = f.rule.params.get('table')
        if table != table_id:
            continue
        seen.add((f.rule.id, f.acknowledged))
        para = nodes.paragraph(f.acknowledged, f.acknowledged)
        para += nodes.inline(f' [{f.rule.id}]', f' [{f.rule.id}]', classes=['disclosure-rule-id'])
        note = nodes.admonition(
            '', nodes.title(title, title), para, classes=['note', 'disclosure-acknowledgement']
        )
        notes.append(note)
    return notes


def build_report(
    report: Report,
    ids: Ids,
    *,
    with_title: bool = True,
    date_style: str = 'arabic',
    findings=(),
    note_title: str = '说明',
    blank_note: str | None = None,
) -> list[nodes.Node]:
    """The complete report: title, preamble, sections 一 to 六 with their tables, signature.
    ``blank_note``: the words put under a table that has blank cells (None: no note)."""
    if with_title:
        container: nodes.Element = _section(ids, 'report', report.title)
        container['classes'].append('disclosure-report')
    else:
        container = nodes.container(classes=['disclosure-report'])
    container += render_blocks(report.preamble, 1, 'preamble', ids)
    for number, form_section in enumerate(report.form.sections, 1):
        base = f'sec-{number}'
        section = _section(ids, base, form_section.title)
        section += render_blocks(report.sections.get(form_section.id, ()), 2, base, ids)
        if form_section.table:
            table = report.form.tables[form_section.table]
            node = build_table(
                table,
                report.table_cells(table.id),
                caption=table.caption,
                caption_hidden=True,
                flagged=flagged_keys(findings),
                ids=ids,
            )
            ids.claim(table.id, node)
            section += node
            section += blank_cells_note(report.table_cells(table.id), blank_note)
            section += acknowledgement_notes(findings, table.id, note_title)
        container += section
    container += acknowledgement_notes(findings, None, note_title)
    container += signature(report, date_style)
    return [container]
