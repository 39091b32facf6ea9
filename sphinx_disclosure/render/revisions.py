"""The corrections of a report (更正说明) as docutils nodes, shown under its title.

A published report is a public record: when a figure or a text is corrected after publication,
readers see, under the title, each correction's date and reason and what it changed — a cell's
value old → new, linked to the cell, or a text's place and its original text (原文). The box is
an ``admonition`` (a framed note in HTML and in print); every corrected cell of the tables gets
the class ``disclosure-corrected`` for a discreet mark.

Links go to the ids the report's nodes were really given (:class:`RecordingIds`): a second
report on a page, or an ``:id-prefix:``, changes them. Everything the report file wrote is a
text node; nothing is markup.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import numbering
from ..messages import Msg, render, word
from ..model import Change, Heading, Report, format_value, text_lines
from . import text_paragraph
from .tables import cell_anchor

#: stands for the linked part of a sentence while the sentence is translated
_LINK = '\ue000'
_STEP = re.compile(r'\[(\d+)\]|\.(\w+)')


class RecordingIds:
    """An :class:`~sphinx_disclosure.render.report.Ids` that remembers the id (and the node)
    each base was given, so that the box links to the cells and sections as they were
    named."""

    def __init__(self, ids: Any) -> None:
        self._ids = ids
        self.claimed: dict[str, tuple[str, nodes.Element]] = {}

    def claim(self, base: str, node: nodes.Element) -> str:
        given = self._ids.claim(base, node)
        self.claimed.setdefault(base, (given, node))
        return given

    def id_of(self, base: str) -> str | None:
        hit = self.claimed.get(base)
        return hit[0] if hit else None


def _sentence(msg: Msg, link: str, label: str, refid: str | None, language: str) -> list:
    """The translated sentence ``msg`` whose parameter ``link`` is ``label``, linked to
    ``refid`` (as plain text without one)."""
    text = render(Msg(msg.msgid, {**msg.params, link: _LINK}), language)
    before, _, after = text.partition(_LINK)
    out: list[nodes.Node] = []
    if before:
        out.append(nodes.Text(before))
    if refid:
        out.append(nodes.reference('', '', nodes.Text(label), internal=True, refid=refid))
    else:
        out.append(nodes.Text(label))
    if after:
        out.append(nodes.Text(after))
    return out


def _shown(value: Any, language: str) -> str:
    text = format_value(value)
    return text if value is not None else render(word('revision-blank'), language)


def _cell_change(report: Report, change: Change, ids: RecordingIds, language: str) -> list:
    table_id, rel = change.key.split('.', 1)
    table = report.form.tables[table_id]
    rows, columns = table.label_paths(rel)
    label = render(
        word('revision-cell-label', table=table.caption, row=rows, column=columns)
        if rows
        else word('revision-cell-label-no-row', table=table.caption, column=columns),
        language,
    )
    msg = word(
        'revision-cell',
        old=_shown(change.old, language),
        new=_shown(report.cells[change.key].value, language),
    )
    para = nodes.paragraph()
    para += _sentence(msg, 'cell', label, ids.id_of(cell_anchor(table_id, rel)), language)
    return [para]


def _text_place(report: Report, key: str, language: str) -> tuple[str, str | None]:
    """(label, id base of the link) of a place of the narrative: its section, and the
    headings on the way to it (``一、总体情况 › （一）主动公开情况``). The preamble has no
    id of its own to link to (it follows the box)."""
    if key.startswith('sections.'):
        section_id = re.match(r'sections\.(\w+)', key).group(1)
        number = next(i for i, s in enumerate(report.form.sections, 1) if s.id == section_id)
        labels = [report.form.sections[number - 1].title]
        base, blocks = f'sec-{number}', report.sections.get(section_id, ())
        rest = key[len('sections.') + len(section_id) :]
    else:
        labels = [render(word('revision-preamble'), language)]
        base, blocks, rest = 'preamble', report.preamble, key[len('preamble') :]
    target = base if key.startswith('sections.') else None
    steps = _STEP.findall(rest)
    while steps:
        index, _ = steps.pop(0)
        if not index or int(index) >= len(blocks):
            break
        block = blocks[int(index)]
        if not isinstance(block, Heading):
            break
        # the n-th heading among the blocks has the id <base>-<n> (render.report)
        base = f'{base}-{sum(isinstance(b, Heading) for b in blocks[: int(index) + 1])}'
        target = base
        labels.append(block.number + block.title)
        if not steps or steps[0][1] != 'content':
            break
        steps.pop(0)
        blocks = block.content
    return ' › '.join(labels), target


def _text_change(report: Report, change: Change, ids: RecordingIds, language: str) -> list:
    label, target = _text_place(report, change.key, language)
    lines = text_lines(str(change.old))
    first = lines[0] if lines else render(word('revision-no-text'), language)
    para = nodes.paragraph()
    refid = ids.id_of(target) if target else None
    para += _sentence(word('revision-text', old=first), 'place', label, refid, language)
    out: list[nodes.Node] = [para]
    for line in lines[1:]:
        out.append(text_paragraph(line, classes=['disclosure-revision-original']))
    return out


def mark_corrected(report: Report, ids: RecordingIds) -> None:
    """Give every cell a revision changed the class ``disclosure-corrected``."""
    for revision in report.revisions:
        for change in revision.changes:
            if change.kind != 'cell':
                continue
            hit = ids.claimed.get(cell_anchor(*change.key.split('.', 1)))
            if hit is not None and 'disclosure-corrected' not in hit[1]['classes']:
                hit[1]['classes'].append('disclosure-corrected')


class CorrectedCellTargets(SphinxPostTransform):
    """In print, the corrections link to their cells too: LaTeX labels sections, tables and
    targets, not table cells, so each corrected cell gets a target of its own id (a label in
    the PDF; HTML links to the cell's id and needs none)."""

    default_priority = 200
    formats = ('latex',)

    def run(self, **kwargs: Any) -> None:
        for entry in self.document.findall(nodes.entry):
            if 'disclosure-corrected' not in entry['classes'] or not entry['ids']:
                continue
            holder = entry[0] if entry.children else entry
            holder.insert(0, nodes.target('', '', refid=entry['ids'][0]))


def setup(app: Any) -> None:
    app.add_post_transform(CorrectedCellTargets)


def revisions_box(
    report: Report, ids: RecordingIds, language: str, date_style: str = 'arabic'
) -> nodes.Element | None:
    """The 更正说明 of a report whose nodes were made with ``ids`` (None without revisions):
    per revision, its date (written as the signature writes dates) and reason, and each
    change. Marks the corrected cells too."""
    if not report.revisions:
        return None
    mark_corrected(report, ids)
    title = render(word('revisions-title'), language)
    box = nodes.admonition('', nodes.title(title, title), classes=['disclosure-revisions'])
    ids.claim('revisions', box)
    for revision in report.revisions:
        d = revision.date
        date = numbering.date_text(d.year, d.month, d.day, date_style)
        text = render(word('revision-entry', date=date, reason=revision.reason), language)
        box += text_paragraph(text, classes=['disclosure-revision'])
        changes = nodes.bullet_list(bullet='-', classes=['disclosure-revision-changes'])
        for change in revision.changes:
            make = _cell_change if change.kind == 'cell' else _text_change
            changes += nodes.list_item('', *make(report, change, ids, language))
        box += changes
    return box
