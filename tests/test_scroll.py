"""The box each table of the extension scrolls in on a narrow screen, as HTML writes it, and the
row labels of 表三 that stay in view (their grid columns, hand-counted from the 2021 form);
print and the other builders have no such box. What readers see of it: ``test_reader.py``."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from docutils import nodes

from sphinx_disclosure.render.tables import grid_columns


def page(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup(
        (app.outdir / f'{docname}.html').read_text(encoding='utf-8'), 'html.parser'
    )


@pytest.mark.sphinx('html', testroot='report-rst')
def test_each_table_is_in_a_named_focusable_box(app):
    app.build()
    soup = page(app, 'r2021')
    captions = {
        'active': '主动公开政府信息情况',
        'applications': '收到和处理政府信息公开申请情况',
        'review': '政府信息公开行政复议、行政诉讼情况',
    }
    for table_id, caption in captions.items():
        table = soup.find('table', id=table_id)
        box = table.parent
        assert box.name == 'div' and box['class'] == ['disclosure-scroll'], table_id
        assert box['tabindex'] == '0' and box['role'] == 'region', table_id
        assert box['aria-label'] == caption
        assert not box.has_attr('id')  # the id stays with the table, once
        assert len(soup.find_all(id=table_id)) == 1


@pytest.mark.sphinx('html', testroot='report-rst')
def test_row_labels_of_table_three_are_marked_with_their_column(app):
    app.build()
    table = page(app, 'r2021').find('table', id='applications')
    assert 'disclosure-sticky-labels' in table['class']

    def column_of(text: str) -> list[str]:
        cell = table.find(lambda t: t.name == 'th' and t.get_text(strip=True) == text)
        return [
            c for c in cell['class'] if c.startswith('disclosure-col-') or c == 'disclosure-sticky'
        ]

    # grid columns 0-2 hold the row labels, 3-9 the numbers (自然人 … 总计)
    assert column_of('一、本年新收政府信息公开申请数量') == [
        'disclosure-sticky',
        'disclosure-col-0',
    ]
    assert column_of('三、本年度办理结果') == ['disclosure-sticky', 'disclosure-col-0']
    assert column_of('（一）予以公开') == ['disclosure-sticky', 'disclosure-col-1']
    assert column_of('（四）无法提供') == ['disclosure-sticky', 'disclosure-col-1']
    # a row whose first cells are merged from above: its label is still in column 2
    assert column_of('2.没有现成信息需要另行制作') == ['disclosure-sticky', 'disclosure-col-2']
    assert column_of('1.本机关不掌握相关政府信息') == ['disclosure-sticky', 'disclosure-col-2']
    # column headings move with their numbers
    assert column_of('自然人') == []
    assert column_of('总计') == []
    sticky = table.select('th.disclosure-sticky')
    # the corner; 一、二、三、四、; (一) to (七); the items of (三), (四), (五), (六): 8 + 3 + 5 + 3
    assert len(sticky) == 1 + 4 + 7 + 19


@pytest.mark.sphinx('text', testroot='report-rst')
def test_other_builders_have_no_box(app):
    app.build()
    text = (app.outdir / 'r2021.txt').read_text(encoding='utf-8')
    assert '本年新收政府信息公开申请数量' in text
    assert 'disclosure-scroll' not in text


def test_grid_columns_count_cells_merged_from_above():
    """A 3 x 3 grid: A spans two rows, B two columns; the second row starts at column 1."""

    def entry(name: str, **spans) -> nodes.entry:
        return nodes.entry(name, nodes.Text(name), **spans)

    tbody = nodes.tbody(
        '',
        nodes.row('', entry('A', morerows=1), entry('B', morecols=1)),
        nodes.row('', entry('C'), entry('D')),
        nodes.row('', entry('E'), entry('F'), entry('G')),
    )
    assert [(e.astext(), col) for e, col in grid_columns(tbody)] == [
        ('A', 0),
        ('B', 1),
        ('C', 1),
        ('D', 2),
        ('E', 0),
        ('F', 1),
        ('G', 2),
    ]
