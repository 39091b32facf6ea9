"""A comparison across years (:class:`~sphinx_disclosure.series.Comparison`) as docutils nodes.

Tables, notes and the chart node only; no output format is known here. The chart is a
:class:`disclosure_chart` node carrying its data as plain attributes and, as its child, a
paragraph with its text alternative: builders that draw it (HTML, LaTeX; visitors in
:mod:`sphinx_disclosure.portal.compare`) skip the paragraph, every other builder writes it.

Year headings link to the page that shows the year's report: the caller passes ``link(file,
text)`` (the portal's :func:`~sphinx_disclosure.portal.links.report_link`), resolved when pages
are written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from docutils import nodes

from ..forms import PrintLayout
from ..messages import Msg, render, word
from ..model import format_value
from ..series import (
    Change,
    ChartData,
    Comparison,
    Heading,
    Row,
    Table,
    Value,
    percent_text,
    round1,
    signed,
)
from . import text_paragraph
from .tables import disclosure_label

#: the mark of a row whose definition changes within the span (explained in a note)
MARK = '※'

Link = Callable[[str, str], nodes.Node]


class disclosure_chart(nodes.General, nodes.Element):  # noqa: N801
    """A trend chart: ``title``, ``years``, ``series`` ([name, [value or None per year]]),
    ``xlabel``, ``ylabel``, ``alt`` (what is drawn, and where the numbers are), ``csv_year``
    (the heading of the year column of its data) and ``csv_link`` (the words of the link to
    the data). Its one child is the text alternative as a paragraph."""


def _t(value: Any, lang: str) -> str:
    return render(value, lang) if isinstance(value, Msg) else str(value)


def _head(text: str, scope: str = 'col') -> disclosure_label:
    entry = disclosure_label(scope=scope)
    entry['classes'].append('disclosure-label')
    entry += text_paragraph(text)
    return entry


def _value_text(value: Value, unit: str, lang: str) -> tuple[str, str]:
    """(text, class) of one figure."""
    if value.kind == 'number':
        assert value.value is not None
        if unit == 'percent':
            return percent_text(value.value), 'disclosure-num'  # type: ignore[arg-type]
        return format_value(value.value), 'disclosure-num'  # type: ignore[arg-type]
    if value.kind == 'blank':
        return render(word('compare-blank'), lang), 'disclosure-compare-blank'
    if value.kind == 'nc':
        return render(word('compare-not-comparable'), lang), 'disclosure-compare-nc'
    if value.kind == 'undefined':
        return '—', 'disclosure-compare-undefined'
    return '', 'disclosure-compare-none'


def change_text(change: Change, unit: str, lang: str) -> tuple[str, str]:
    """(text, class) of the change on last year: ``+22（+27.5%）``, ``+0.7个百分点``."""
    if change.kind == 'nc':
        return render(word('compare-not-comparable'), lang), 'disclosure-compare-nc'
    if change.kind != 'number':
        return '', 'disclosure-compare-none'
    assert change.difference is not None
    if unit == 'percent':
        points = signed(round1(change.difference))  # type: ignore[arg-type]
        return render(word('compare-change-points', difference=points), lang), 'disclosure-num'
    difference = signed(change.difference)  # type: ignore[arg-type]
    if change.percent is None:  # last year's figure was 0
        return difference, 'disclosure-num'
    percent = signed(round1(change.percent)) + '%'
    text = render(word('compare-change-value', difference=difference, percent=percent), lang)
    return text, 'disclosure-num'


def _cell(text: str, cls: str) -> nodes.entry:
    entry = nodes.entry(classes=[cls])
    if text:
        entry += text_paragraph(text)
    return entry


def _year_heading(comparison: Comparison, index: int, lang: str, link: Link) -> nodes.entry:
    year = comparison.years[index]
    entry = disclosure_label(scope='col')
    entry['classes'] += ['disclosure-label', f'disclosure-compare-{year.status}']
    text = render(word('compare-year', year=year.year), lang)
    para = nodes.paragraph()
    if year.source is not None:
        para += link(year.source.file, text)
    else:
        para += nodes.Text(text)
    entry += para
    if year.status == 'missing':
        entry += text_paragraph(render(word('index-not-published'), lang))
    elif year.status == 'invalid':
        assert year.source is not None
        para = nodes.paragraph()
        para += link(year.source.file, render(word('compare-invalid'), lang))
        entry += para
    return entry


def build_table(table: Table, comparison: Comparison, lang: str, link: Link) -> nodes.table:
    """One comparison table: label columns, a column per year, the change on last year."""
    labels = len(table.headers)
    years = len(comparison.years)
    change = comparison.previous is not None
    formula = table.id == 'indicators'
    cols = labels + years + change
    # widths as given (HTML writes them as a <colgroup>): label columns wide enough for a
    # statutory label, year columns narrow
    node = nodes.table(
        classes=['disclosure-compare', f'disclosure-compare-{table.id}', 'colwidths-given']
    )
    caption = render(table.caption, lang)
    node += nodes.title(caption, caption)
    tgroup = nodes.tgroup(cols=cols)
    node += tgroup
    widths = [(14, 36) if formula else (22, 14) if labels > 1 else (22,)][0][:labels]
    widths = [*widths, *([9] * years), *([20] if change else [])]
    for width in widths:
        tgroup += nodes.colspec(colwidth=width)
    # print: ruled like the statutory tables, the same widths, in a smaller type (the LaTeX
    # post-transform of render.latex reads these, as it does for the statutory tables)
    node['disclosure_print'] = dataclasses.asdict(
        PrintLayout(
            # the change column is wider than a year's: it takes the last "label" width
            label_widths=(*widths[:labels], *([24] if change else [])),
            number_width=9,
            font='footnotesize',
            longtable=len(table.rows) > 20,
        )
    )
    node['disclosure_number_columns'] = list(range(labels, labels + years))
    thead = nodes.thead()
    tgroup += thead
    head = nodes.row()
    for header in table.headers:
        head += _head(render(header, lang))
    for i in range(years):
        head += _year_heading(comparison, i, lang, link)
    if change:
        which = 'compare-change-points-header' if formula else 'compare-change'
        head += _head(
            render(word(which, year=comparison.latest, previous=comparison.previous), lang)
        )
    thead += head
    tbody = nodes.tbody()
    tgroup += tbody
    rows = table.rows
    for n, row in enumerate(rows):
        tr = nodes.row()
        if isinstance(row, Heading):
            entry = disclosure_label(scope='colgroup', morecols=cols - 1)
            entry['classes'] += ['disclosure-label', 'disclosure-compare-heading']
            entry += text_paragraph(_t(row.label, lang))
            tr += entry
            tbody += tr
            continue
        tr += _row_labels(row, rows, n, lang)
        if formula:
            entry = nodes.entry(classes=['disclosure-compare-formula'])
            assert row.formula is not None and row.variant is not None
            entry += text_paragraph(render(row.formula, lang))
            entry += text_paragraph(
                render(row.variant, lang), classes=['disclosure-compare-variant']
            )
            tr += entry
        for value in row.values:
            tr += _cell(*_value_text(value, row.unit, lang))
        if change:
            assert row.change is not None
            tr += _cell(*change_text(row.change, row.unit, lang))
        tbody += tr
    return node


def _row_labels(row: Row, rows: list, n: int, lang: str) -> list[nodes.entry]:
    """The label cells of a row; a first label equal to the one above is merged into it."""
    out = []
    texts = [_t(label, lang) for label in row.labels]
    if row.mixed:
        texts[-1] += ' ' + MARK
    for i, text in enumerate(texts):
        if i == 0 and len(texts) > 1:
            above = rows[n - 1] if n else None
            if isinstance(above, Row) and above.labels[0] == row.labels[0]:
                continue
            span = 0
            for later in rows[n + 1 :]:
                if not isinstance(later, Row) or later.labels[0] != row.labels[0]:
                    break
                span += 1
            entry = disclosure_label(scope='rowgroup' if span else 'row')
            if span:
                entry['morerows'] = span
        else:
            entry = disclosure_label(scope='row')
        entry['classes'].append('disclosure-label')
        entry += text_paragraph(text)
        out.append(entry)
    return out


def note(items: list[Msg], lang: str, classes: tuple[str, ...] = ()) -> nodes.container:
    """Notes under a table, one paragraph each."""
    box = nodes.container(classes=['disclosure-note', 'disclosure-compare-notes', *classes])
    for item in items:
        box += text_paragraph(render(item, lang))
    return box


def chart_node(chart: ChartData, lang: str) -> disclosure_chart:
    """The chart node, with its data as plain attributes and its text alternative as child."""
    alt = render(chart.alt, lang)
    node = disclosure_chart(
        title=render(chart.title, lang),
        years=list(chart.years),
        series=[
            [render(name, lang), [None if v is None else format_value(v) for v in values]]
            for name, values in chart.series
        ],
        xlabel=render(chart.xlabel, lang),
        ylabel=render(chart.ylabel, lang),
        alt=alt,
        csv_year=render(word('index-year'), lang),
        csv_link=render(word('compare-chart-csv'), lang),
    )
    node['classes'].append('disclosure-chart')
    node += text_paragraph(alt, classes=['disclosure-chart-alt'])
    return node


def comparison_nodes(
    comparison: Comparison, lang: str, ids: Any, link: Link, *, chart: bool = True
) -> list[nodes.Node]:
    """Everything a comparison shows: the tables with their notes, and the chart after the
    first table (whose numbers it draws; its text alternative points there)."""
    out: list[nodes.Node] = []
    if comparison.unplaced:
        files = tuple(comparison.unplaced)
        out.append(
            note([word('compare-unplaced', files=files)], lang, ('disclosure-compare-unplaced',))
        )
    for n, table in enumerate(comparison.tables):
        node = build_table(table, comparison, lang, link)
        ids.claim(table.id, node)
        out.append(node)
        notes = list(table.notes)
        if n == 0:
            notes = comparison.notes + notes
            if comparison.latest is not None and comparison.previous is None:
                notes.append(word('compare-no-change', previous=comparison.latest - 1))
        if notes:
            out.append(note(notes, lang))
        if n == 0 and chart and comparison.chart is not None:
            if comparison.chart.empty:
                out.append(note([word('compare-chart-none')], lang, ('disclosure-chart-none',)))
            else:
                node = chart_node(comparison.chart, lang)
                ids.claim('chart', node)
                out.append(node)
    return out
