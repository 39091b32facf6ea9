"""HTML specifics: ``<th scope>`` on label cells, and the stylesheet (screen and print).

Sphinx's HTML writer marks header cells ``<th class="head">`` without ``scope``, and decides
``th``/``td`` in the body by stub columns, which does not fit a table whose row labels span rows.
Label cells of statutory tables are their own node class
(:class:`~sphinx_disclosure.render.tables.disclosure_label`) with their own HTML visitor; every
other table of the site is written by Sphinx as before.

On a narrow screen the tables of the extension scroll inside a box of their own
(:class:`~sphinx_disclosure.render.tables.disclosure_scroll`, added by :class:`ScrollBoxes` for
HTML only), and the row labels of a statutory table stay in view while its numbers scroll
(``position: sticky`` in the stylesheet, on cells this transform marks with their grid column).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from .tables import disclosure_label, disclosure_scroll, disclosure_value, grid_columns

STATIC_DIR = Path(__file__).parent.parent / 'static'
CSS_FILE = 'sphinx_disclosure.css'

#: the classes of the extension's tables (statutory, comparison, index, units): each one scrolls
#: in a box of its own on a narrow screen
SCROLLED_TABLES = frozenset(
    {'disclosure-table', 'disclosure-compare', 'disclosure-index', 'disclosure-aggregate-units'}
)


def visit_label(self, node: disclosure_label) -> None:
    """``<th scope=…>`` (``scope: none``: a plain ``<th>``, for a label that heads nothing)."""
    atts: dict = {'classes': []}
    if isinstance(node.parent.parent, nodes.thead):
        atts['classes'].append('head')
    node.parent.column += 1  # docutils' column bookkeeping, as the writer does it
    if 'morerows' in node:
        atts['rowspan'] = node['morerows'] + 1
    if 'morecols' in node:
        atts['colspan'] = node['morecols'] + 1
        node.parent.column += node['morecols']
    # scope="colgroup"/"rowgroup" mean something only inside <colgroup>/<tbody> groups of the
    # same extent, which a statutory table does not have: the values name their headers
    # (headers=) instead, and the header cells keep the scope that stands on its own
    if node.get('scope') in ('col', 'row'):
        atts['scope'] = node['scope']
    self.body.append(self.starttag(node, 'th', '', **atts))
    self.context.append('</th>\n')


def depart_label(self, node: disclosure_label) -> None:
    self.body.append(self.context.pop())


def visit_value(self, node: disclosure_value) -> None:
    """``<td headers=…>``: the ids of the label cells that head the value."""
    atts: dict = {}
    node.parent.column += 1
    if 'morerows' in node:
        atts['rowspan'] = node['morerows'] + 1
    if 'morecols' in node:
        atts['colspan'] = node['morecols'] + 1
        node.parent.column += node['morecols']
    if node.get('headers'):
        atts['headers'] = node['headers']
    self.body.append(self.starttag(node, 'td', '', **atts))
    self.context.append('</td>\n')


def visit_scroll(self, node: disclosure_scroll) -> None:
    """``<div class="disclosure-scroll" tabindex="0" role="region" aria-label="<caption>">``:
    a box that scrolls must take the keyboard focus (WCAG 2.1.1: arrow keys scroll it), and a
    focusable region needs a name, or a screen reader announces an anonymous stop."""
    atts = {'tabindex': '0', 'role': 'region'}
    if node.get('label'):
        atts['aria-label'] = node['label']
    self.body.append(self.starttag(node, 'div', '', **atts))


def depart_scroll(self, node: disclosure_scroll) -> None:
    self.body.append('</div>\n')


class ScrollBoxes(SphinxPostTransform):
    """Wraps each table of the extension in a :class:`disclosure_scroll` (HTML only: print and
    the CMS fragments have no screen to scroll), see :func:`wrap_tables`. Done after the
    environment, so the stored doctrees (and every other builder) stay as they are."""

    default_priority = 600  # after furo's wrapping of tables (500)
    formats = ('html',)

    def run(self, **kwargs) -> None:
        wrap_tables(self.document)


def wrap_late(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, after the portal's index tables are made (they are made there,
    once every page has been read, so after the post-transforms)."""
    if app.builder.format == 'html':
        wrap_tables(doctree)


def wrap_tables(document: nodes.Node) -> None:
    """Puts each table of the extension not yet in a box into one, and marks the row-label
    cells of a statutory table: ``disclosure-sticky`` and ``disclosure-col-<n>``, the grid
    column they start in, for which the stylesheet knows how far from the left edge the cell
    stays."""
    for table in list(document.findall(nodes.table)):
        if SCROLLED_TABLES.isdisjoint(table['classes']) or isinstance(
            table.parent, disclosure_scroll
        ):
            continue
        if 'disclosure-table' in table['classes']:
            mark_row_labels(table)
        titles = [t for t in table.children if isinstance(t, nodes.title)]
        label = titles[0].astext() if titles else ''
        box = disclosure_scroll(classes=['disclosure-scroll'], label=label)
        target = table
        parent = table.parent
        if (
            isinstance(parent, nodes.container)
            and 'table-wrapper' in parent['classes']
            and len(parent) == 1
        ):
            # furo's box (its post-transform runs before this one): ours takes its place, as
            # it would scroll without taking the focus, and it repeats the table's id
            target = parent
        # parent.replace, not replace_self: that would copy the table's ids and classes
        target.parent.replace(target, box)
        box += table


def mark_row_labels(table: nodes.table) -> None:
    """Label cells left of the first column of numbers are the row labels (with the corner
    above them): those keep their place while the numbers scroll. Every cell of the first grid
    column is marked, as it draws the table's left-hand rule (which would otherwise scroll away
    from under the labels that stay)."""
    cells = [
        (entry, col)
        for section in table.findall(lambda n: isinstance(n, (nodes.thead, nodes.tbody)))
        for entry, col in grid_columns(section)
    ]
    values = [col for entry, col in cells if isinstance(entry, disclosure_value)]
    if not values:
        return
    first = min(values)
    for entry, col in cells:
        if isinstance(entry, disclosure_label) and col + entry.get('morecols', 0) < first:
            entry['classes'] += ['disclosure-sticky', f'disclosure-col-{col}']
        elif col == 0:
            entry['classes'].append('disclosure-col-0')  # draws the table's left-hand rule
    if first > 0:
        table['classes'].append('disclosure-sticky-labels')


def add_static_path(app: Sphinx) -> None:
    """``builder-inited``: our stylesheet is a static file of the site. Sphinx copies static
    files before it writes pages, so every page links it with the same checksum (``?v=…``) in
    a clean build and in an incremental one; a newer version of the package replaces it."""
    if str(STATIC_DIR) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC_DIR))


def setup(app: Sphinx) -> None:
    app.add_node(disclosure_label, html=(visit_label, depart_label))
    app.add_node(disclosure_value, html=(visit_value, depart_label))
    app.add_node(disclosure_scroll, html=(visit_scroll, depart_scroll))
    app.add_post_transform(ScrollBoxes)
    app.connect('doctree-resolved', wrap_late, priority=900)
    app.add_css_file(CSS_FILE)
    app.connect('builder-inited', add_static_path)
