"""HTML specifics: ``<th scope>`` on label cells, and the stylesheet (screen and print).

Sphinx's HTML writer marks header cells ``<th class="head">`` without ``scope``, and decides
``th``/``td`` in the body by stub columns, which does not fit a table whose row labels span rows.
Label cells of statutory tables are their own node class
(:class:`~sphinx_disclosure.render.tables.disclosure_label`) with their own HTML visitor; every
other table of the site is written by Sphinx as before.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from .tables import disclosure_label, disclosure_value

STATIC_DIR = Path(__file__).parent.parent / 'static'
CSS_FILE = 'sphinx_disclosure.css'


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


def add_static_path(app: Sphinx) -> None:
    """``builder-inited``: our stylesheet is a static file of the site. Sphinx copies static
    files before it writes pages, so every page links it with the same checksum (``?v=…``) in
    a clean build and in an incremental one; a newer version of the package replaces it."""
    if str(STATIC_DIR) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC_DIR))


def setup(app: Sphinx) -> None:
    app.add_node(disclosure_label, html=(visit_label, depart_label))
    app.add_node(disclosure_value, html=(visit_value, depart_label))
    app.add_css_file(CSS_FILE)
    app.connect('builder-inited', add_static_path)
