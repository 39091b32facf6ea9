"""HTML specifics: ``<th scope>`` on header cells, and the stylesheet (screen and print).

Sphinx's HTML writer marks header cells ``<th class="head">`` without ``scope``, and decides
``th``/``td`` in the body by stub columns, which does not fit a table whose row labels span rows.
We override the ``entry`` visitor for HTML builders only, and only for cells that carry our
``disclosure_scope`` attribute; every other table of the site is written by Sphinx as before.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).parent.parent / 'static'
CSS_FILE = 'sphinx_disclosure.css'


def visit_entry(self, node: nodes.entry) -> None:
    scope = node.get('disclosure_scope')
    if scope is None:
        # not one of ours: the translator's own method (the class attribute, not this override)
        type(self).visit_entry(self, node)
        return
    atts: dict = {'classes': []}
    if isinstance(node.parent.parent, nodes.thead):
        atts['classes'].append('head')
    node.parent.column += 1  # docutils' column bookkeeping, as the writer does it
    if 'morerows' in node:
        atts['rowspan'] = node['morerows'] + 1
    if 'morecols' in node:
        atts['colspan'] = node['morecols'] + 1
        node.parent.column += node['morecols']
    if scope != 'none':
        atts['scope'] = scope
    self.body.append(self.starttag(node, 'th', '', **atts))
    self.context.append('</th>\n')


def depart_entry(self, node: nodes.entry) -> None:
    if node.get('disclosure_scope') is None:
        type(self).depart_entry(self, node)
        return
    self.body.append(self.context.pop())


def add_static_path(app: Sphinx) -> None:
    """``builder-inited``: our stylesheet is a static file of the site. Sphinx copies static
    files before it writes pages, so every page links it with the same checksum (``?v=…``) in
    a clean build and in an incremental one; a newer version of the package replaces it."""
    if str(STATIC_DIR) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC_DIR))


def setup(app: Sphinx) -> None:
    app.add_node(nodes.entry, override=True, html=(visit_entry, depart_entry))
    app.add_css_file(CSS_FILE)
    app.connect('builder-inited', add_static_path)
