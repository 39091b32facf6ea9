"""``sphinx-build -b disclosure-cms``: one self-contained HTML file per report, for a government
website's editor (政府网站集约化平台).

Most agencies publish on a CMS: a web editor where staff paste or upload content. Such editors
drop scripts, stylesheets and classes, and keep plain tables; many keep ``style=""``, some strip
it from what is pasted (TinyMCE 6 and CKEditor 4 by default, in Chromium) and keep ``border``
(TinyMCE ``align`` too). So each file holds the report alone — title, sections 一 to 六, the
statutory tables with every merged cell, the notes under the tables, the 更正说明, the
signature — with its look written on each element (borders on every cell, numbers
right-aligned, the two-character paragraph indent, the right-aligned signature), and
``border``/``align`` beside the styles where they matter most. Nothing refers to anything
outside the file: no script, stylesheet, image or link; a link inside the report becomes a
fragment (``#disclosure-…``) when its target is in the file, and its text otherwise. Ids carry
the prefix ``disclosure-`` so that they do not clash with those of the CMS page.

Output (``OUT`` the output folder)::

    OUT/index.html                the files written, as plain links (for the editor, not pasted)
    OUT/<page>.html               the report shown on the page <page> (its docname)
    OUT/<page>-2.html             the second report of that page, if it shows several
    OUT/index-report.html         the report of the site's root page, if it shows one
    OUT/<page>.pdf                the page's PDF, when a LaTeX build made it (see
                                  portal.links.report_pdf), to attach on the CMS page

The file is written by :class:`CMSTranslator`, a subclass of Sphinx's HTML5 translator that
writes only the node types it lists, from the report's docutils nodes: text goes through the
translator's encoding, never into markup. A node type it does not list stops the build
(:class:`CMSWriterError`): a report must never lose a part silently because a new kind of node
was added to the report without a way to write it here.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.frontend import OptionParser
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.errors import SphinxError
from sphinx.writers.html import HTMLWriter
from sphinx.writers.html5 import HTML5Translator

from ..config import message_language
from ..domain import DisclosureDomain, ReportEntry
from ..messages import Problem, render, word
from ..portal.links import report_pdf
from ..portal.opendata import disclosure_downloads, stem, write_if_changed
from .tables import disclosure_keep_row, disclosure_label, disclosure_value

#: prefix of every id written, so that the report's ids (``applications``, ``sec-1``) do not
#: clash with the CMS page's own
ID_PREFIX = 'disclosure-'
#: the node attribute (set at ``doctree-resolved``) holding a report node's number on its page
REPORT_N = 'disclosure_cms_n'
INDEX = 'index'

# --------------------------------------------------------------------------------------------
# the look, written on each element. Explicit margins and text-indent on every paragraph:
# CMS stylesheets commonly indent every <p> of an article by 2em, which table cells and the
# signature must not inherit.

STYLE = {
    'h1': 'margin:0.6em 0 1em;font-size:1.6em;line-height:1.4;text-align:center',
    'h2': 'margin:1.2em 0 0.6em;font-size:1.25em;line-height:1.4',
    'h3': 'margin:1em 0 0.5em;font-size:1.1em;line-height:1.4',
    'h4': 'margin:0.8em 0 0.4em;font-size:1em;line-height:1.4',
    # the body of an official text: every paragraph starts with a two-character indent
    'p': 'margin:0 0 0.6em;text-indent:2em;line-height:1.8',
    'p-box': 'margin:0.3em 0;text-indent:0;line-height:1.6',
    'p-box-title': 'margin:0 0 0.3em;text-indent:0;font-weight:bold',
    'p-signature': 'margin:0.2em 0;text-indent:0;text-align:right',
    # under a table with blank cells: a sentence set apart from the data, as on the site
    'p-note': 'margin:0 0 1.2em;text-indent:0;font-size:0.85em;color:#555',
    'signature': 'margin-top:2.5em;text-align:right',
    'box': 'margin:0.8em 0 1.2em;padding:0.4em 0.8em;border:1px solid #999;'
    'background-color:#f7f7f7',
    'div': 'margin:0.8em 0',
    'ul': 'margin:0.3em 0 0.6em;padding-left:2em',
    'li': 'margin:0.2em 0',
    'rule-id': 'color:#666;font-size:0.85em',
    'table': 'border-collapse:collapse;margin:0.8em 0 1.2em;font-size:0.92em;line-height:1.45',
    'caption': 'caption-side:top;padding:0.3em;text-align:center;font-weight:bold',
    'cell': 'border:1px solid #000;padding:0.3em 0.5em;vertical-align:middle;text-indent:0',
    'th': 'font-weight:normal;text-align:center;background-color:#f3f4f6',
    'th-row': 'font-weight:normal;text-align:left;background-color:#f3f4f6',
    'th-long': 'max-width:16em;font-size:0.9em',
    'td': 'min-width:2.5em;text-align:right;white-space:nowrap',
    # a value the 更正说明 links to, marked discreetly
    'td-corrected': 'background-color:#fff4d6',
}
#: paragraphs with a look of their own, by class
PARAGRAPHS = {'disclosure-blank-note': 'p-note'}
HEADINGS = ('h1', 'h2', 'h3', 'h4', 'h5', 'h6')
#: a label of the table head longer than this (in characters) is set smaller: the 勾稽 note in
#: the corner of 表三, as on the site
LONG_LABEL = 24
#: presentational attributes beside the styles, for editors that strip ``style=""`` from what
#: is pasted (TinyMCE does, by default, in Chromium): with them the table stays ruled, numbers
#: and the signature stay on the right
TABLE_ATTRIBUTES = {'border': '1', 'cellspacing': '0', 'cellpadding': '4'}

#: classes of parts of a report page that are not part of the report as the agency publishes
#: it: the download line (links to files of the site) and the box of check findings (for the
#: site's readers; the build log and ``sphinx-disclosure check`` report them to the editor)
LEFT_OUT = frozenset({'disclosure-downloads', 'disclosure-findings'})


class CMSWriterError(SphinxError):
    """A report holds a node the CMS writer does not write: the build stops rather than write
    a report with a part missing."""

    category = 'sphinx-disclosure'


# --------------------------------------------------------------------------------------------
# the translator


class CMSTranslator(HTML5Translator):
    """Writes one report node (and what it holds) as HTML with inline styles.

    Only the node types of :attr:`NODES` are written; any other raises
    :class:`CMSWriterError`. Every start tag is made by :meth:`tag`, which writes no class and
    no attribute other than those given, and prefixes ids (:data:`ID_PREFIX`).
    """

    #: exact node type -> handler name (``visit_<name>`` / ``depart_<name>``). Exact types:
    #: a subclass of one of these (a new node of this package or another) is refused, so that
    #: what it means is decided here, not inherited by accident
    NODES: dict[type, str] = {
        nodes.Text: 'Text',
        nodes.section: 'section',
        nodes.title: 'title',
        nodes.paragraph: 'paragraph',
        nodes.inline: 'inline',
        nodes.emphasis: 'emphasis',
        nodes.strong: 'strong',
        nodes.reference: 'reference',
        nodes.container: 'container',
        nodes.admonition: 'admonition',
        nodes.bullet_list: 'bullet_list',
        nodes.list_item: 'list_item',
        nodes.table: 'table',
        nodes.tgroup: 'tgroup',
        nodes.colspec: 'colspec',
        nodes.thead: 'thead',
        nodes.tbody: 'tbody',
        nodes.row: 'row',
        disclosure_keep_row: 'row',
        nodes.entry: 'entry',
        disclosure_label: 'entry',
        disclosure_value: 'entry',
        disclosure_downloads: 'left_out',
    }

    def __init__(
        self,
        document: nodes.document,
        builder: Builder,
        root: nodes.Element,
        targets: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(document, builder)
        self.root = root
        #: the report's title is h1 (a report without its own title gets one written above)
        self.section_depth = 0 if isinstance(root, nodes.section) else 1
        #: the ids the file holds (from a first pass): a link to any other becomes its text
        self.targets = targets
        #: the ids written so far (unprefixed)
        self.written_ids: set[str] = set()

    # --- dispatch ----------------------------------------------------------------------------

    def _handler(self, node: nodes.Node) -> str:
        name = self.NODES.get(type(node))
        if name is None:
            raise CMSWriterError(
                Problem(
                    'cms-unknown-node',
                    params={
                        'node': type(node).__name__,
                        'page': self.builder.current_docname or '',
                    },
                ).message(message_language(self.config))
            )
        return name

    def dispatch_visit(self, node: nodes.Node) -> None:
        getattr(self, f'visit_{self._handler(node)}')(node)

    def dispatch_departure(self, node: nodes.Node) -> None:
        getattr(self, f'depart_{self._handler(node)}')(node)

    # --- tags --------------------------------------------------------------------------------

    def tag(self, node: nodes.Node | None, name: str, style: str = '', **attributes: Any) -> str:
        """A start tag: the node's first id (prefixed), ``style`` and ``attributes`` — nothing
        else of the node (no class). Values are escaped as attribute values."""
        atts: dict[str, Any] = {}
        ids = node.get('ids', []) if isinstance(node, nodes.Element) else []
        if ids:
            atts['id'] = ID_PREFIX + ids[0]
            self.written_ids.add(ids[0])
        atts.update(attributes)
        if style:
            atts['style'] = style
        parts = [name] + [f'{key}="{self.attval(str(value))}"' for key, value in atts.items()]
        return f'<{" ".join(parts)}>'

    def left_out(self, node: nodes.Node) -> bool:
        return isinstance(node, nodes.Element) and not LEFT_OUT.isdisjoint(node['classes'])

    def visit_left_out(self, node: nodes.Node) -> None:
        raise nodes.SkipNode

    def depart_left_out(self, node: nodes.Node) -> None:  # pragma: no cover - skipped
        pass

    # --- structure ---------------------------------------------------------------------------

    def visit_section(self, node: nodes.section) -> None:
        self.section_depth += 1

    def depart_section(self, node: nodes.section) -> None:
        self.section_depth -= 1

    def visit_title(self, node: nodes.title) -> None:
        parent = node.parent
        if isinstance(parent, nodes.table):
            if 'disclosure-caption-hidden' in node['classes']:
                # inside a full report the section heading names the table (as in print):
                # a caption hidden by a stylesheet would show twice where the style is dropped
                raise nodes.SkipNode
            self.body.append(self.tag(node, 'caption', STYLE['caption']))
            self.context.append('</caption>\n')
        elif isinstance(parent, nodes.section):
            # the report's title is h1, its sections 一 to 六 h2, their headings h3 …
            level = HEADINGS[min(self.section_depth, len(HEADINGS)) - 1]
            style = STYLE.get(level, STYLE['h4'])
            align = {'align': 'center'} if level == 'h1' else {}
            self.body.append(self.tag(parent, level, style, **align))
            self.context.append(f'</{level}>\n')
        else:  # the title of a box (说明)
            self.body.append(self.tag(node, 'p', STYLE['p-box-title']))
            self.context.append('</p>\n')

    def depart_title(self, node: nodes.title) -> None:
        self.body.append(self.context.pop())

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        if self.left_out(node):
            raise nodes.SkipNode
        parent = node.parent
        if isinstance(parent, (nodes.entry, nodes.list_item)):
            # a cell or list item holds its text directly (no <p> to be indented or spaced by
            # the CMS's stylesheet); a second paragraph starts on a new line
            if parent.index(node) > 0:
                self.body.append('<br>')
            self.context.append('')
            return
        atts = {}
        special = [PARAGRAPHS[c] for c in node['classes'] if c in PARAGRAPHS]
        if special:
            style = STYLE[special[0]]
        elif _is_signature(parent):
            style = STYLE['p-signature']
            atts['align'] = 'right'
        elif isinstance(parent, nodes.section) or parent is self.root:
            style = STYLE['p']  # the report's text (points too: they are paragraphs of it)
        else:
            style = STYLE['p-box']  # in a box: notes, the 更正说明
        self.body.append(self.tag(node, 'p', style, **atts))
        self.context.append('</p>\n')

    def depart_paragraph(self, node: nodes.paragraph) -> None:
        self.body.append(self.context.pop())

    def visit_container(self, node: nodes.container) -> None:
        if self.left_out(node):
            raise nodes.SkipNode
        if node is self.root:  # a report shown without its title (:no-title:)
            self.context.append('')
            return
        if _is_signature(node):
            style = STYLE['signature']
        else:
            style = STYLE['div']
        self.body.append(self.tag(node, 'div', style) + '\n')
        self.context.append('</div>\n')

    def depart_container(self, node: nodes.container) -> None:
        self.body.append(self.context.pop())

    def visit_admonition(self, node: nodes.admonition) -> None:
        self.body.append(self.tag(node, 'div', STYLE['box']) + '\n')

    def depart_admonition(self, node: nodes.admonition) -> None:
        self.body.append('</div>\n')

    def visit_bullet_list(self, node: nodes.bullet_list) -> None:
        self.body.append(self.tag(node, 'ul', STYLE['ul']) + '\n')

    def depart_bullet_list(self, node: nodes.bullet_list) -> None:
        self.body.append('</ul>\n')

    def visit_list_item(self, node: nodes.list_item) -> None:
        self.body.append(self.tag(node, 'li', STYLE['li']))

    def depart_list_item(self, node: nodes.list_item) -> None:
        self.body.append('</li>\n')

    # --- inline ------------------------------------------------------------------------------

    def visit_inline(self, node: nodes.inline) -> None:
        if 'disclosure-rule-id' in node['classes']:
            self.body.append(self.tag(node, 'span', STYLE['rule-id']))
            self.context.append('</span>')
        elif node.get('ids'):
            self.body.append(self.tag(node, 'span'))
            self.context.append('</span>')
        else:  # the numbers of headings and points (一、（一）) are text like the rest
            self.context.append('')

    def depart_inline(self, node: nodes.inline) -> None:
        self.body.append(self.context.pop())

    def visit_emphasis(self, node: nodes.emphasis) -> None:
        self.body.append(self.tag(node, 'em'))

    def depart_emphasis(self, node: nodes.emphasis) -> None:
        self.body.append('</em>')

    def visit_strong(self, node: nodes.strong) -> None:
        self.body.append(self.tag(node, 'strong'))

    def depart_strong(self, node: nodes.strong) -> None:
        self.body.append('</strong>')

    def visit_reference(self, node: nodes.reference) -> None:
        """A link to a place in this file (a corrected cell) stays a link, as a fragment; a
        link to anything else is written as its text: the file refers to nothing outside."""
        target = node.get('refid') or ''
        uri = node.get('refuri') or ''
        if not target and uri.startswith('#'):
            target = uri[1:]
        if target and target in self.targets:
            self.body.append(self.tag(node, 'a', href=f'#{ID_PREFIX}{target}'))
            self.context.append('</a>')
        else:
            self.context.append('')

    def depart_reference(self, node: nodes.reference) -> None:
        self.body.append(self.context.pop())

    # --- tables ------------------------------------------------------------------------------

    def visit_table(self, node: nodes.table) -> None:
        self.body.append(self.tag(node, 'table', STYLE['table'], **TABLE_ATTRIBUTES) + '\n')

    def depart_table(self, node: nodes.table) -> None:
        self.body.append('</table>\n')

    def visit_tgroup(self, node: nodes.tgroup) -> None:
        pass

    def depart_tgroup(self, node: nodes.tgroup) -> None:
        pass

    def visit_colspec(self, node: nodes.colspec) -> None:
        raise nodes.SkipNode  # widths are for print; the browser sizes the columns

    def depart_colspec(self, node: nodes.colspec) -> None:  # pragma: no cover - skipped
        pass

    def visit_thead(self, node: nodes.thead) -> None:
        self.body.append('<thead>\n')

    def depart_thead(self, node: nodes.thead) -> None:
        self.body.append('</thead>\n')

    def visit_tbody(self, node: nodes.tbody) -> None:
        self.body.append('<tbody>\n')

    def depart_tbody(self, node: nodes.tbody) -> None:
        self.body.append('</tbody>\n')

    def visit_row(self, node: nodes.row) -> None:
        self.body.append(self.tag(node, 'tr'))

    def depart_row(self, node: nodes.row) -> None:
        self.body.append('</tr>\n')

    def visit_entry(self, node: nodes.entry) -> None:
        """Label cells are ``<th>``, value cells ``<td>`` with the number on the right; merged
        cells keep their spans. As on the site (:mod:`.html`): ``scope`` where it stands on its
        own (``col``, ``row``), and each value names the ids of its label cells (``headers``),
        the association that holds in tables with merged multi-level headers."""
        atts: dict[str, Any] = {}
        if 'morerows' in node:
            atts['rowspan'] = node['morerows'] + 1
        if 'morecols' in node:
            atts['colspan'] = node['morecols'] + 1
        if isinstance(node, disclosure_label) or isinstance(node.parent.parent, nodes.thead):
            scope = node.get('scope', 'none')
            if scope in ('col', 'row'):
                atts['scope'] = scope
            if scope in ('row', 'rowgroup'):
                looks = STYLE['th-row']
                atts['align'] = 'left'
            else:
                looks = STYLE['th']
            if len(node.astext()) > LONG_LABEL and isinstance(node.parent.parent, nodes.thead):
                looks += ';' + STYLE['th-long']
            name = 'th'
        else:
            if node.get('headers'):
                atts['headers'] = ' '.join(ID_PREFIX + h for h in node['headers'].split())
            looks = STYLE['td']
            if 'disclosure-corrected' in node['classes']:
                looks += ';' + STYLE['td-corrected']
            atts['align'] = 'right'
            name = 'td'
        self.body.append(self.tag(node, name, f'{STYLE["cell"]};{looks}', **atts))
        self.context.append(f'</{name}>')

    def depart_entry(self, node: nodes.entry) -> None:
        self.body.append(self.context.pop())


def _is_signature(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and 'disclosure-signature' in node['classes']


# --------------------------------------------------------------------------------------------
# the builder


def mark_reports(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, before :func:`~sphinx_disclosure.portal.opendata.resolve_downloads`
    replaces the download line: mark each whole report's node with its number on the page
    (the download line's ``n``), which names its file."""
    if app.builder.name != CMSBuilder.name:
        return
    for node in doctree.findall(disclosure_downloads):
        node.parent[REPORT_N] = node['n']


def report_entries(env: Any) -> list[ReportEntry]:
    """The valid whole reports of the site, by page name then page order, one per page and
    number (a page showing the same file twice has one file written)."""
    domain = env.get_domain('disclosure')
    assert isinstance(domain, DisclosureDomain)
    return domain.whole_reports()


class CMSBuilder(Builder):
    """One self-contained HTML file per report, and the report's PDF beside it (see the
    module's docstring for the layout)."""

    name = 'disclosure-cms'
    format = 'disclosure-cms'
    out_suffix = '.html'
    allow_parallel = False
    default_translator_class = CMSTranslator

    def init(self) -> None:
        self.highlighter = None  # the HTML translator asks for one; reports hold no code
        self.current_docname = ''
        self.docsettings: Any = None
        #: page -> {n: record} of its valid whole reports (set when writing starts)
        self.reports: dict[str, dict[int, ReportEntry]] = {}
        #: (docname, n) -> file written in this build
        self.written: dict[tuple[str, int], str] = {}
        lang = message_language(self.config)
        # Sphinx fills in %(outdir)s when it prints the builder's closing line
        self.epilog = render(word('cms-epilog', outdir='%(outdir)s'), lang)

    def get_outdated_docs(self) -> Iterator[str]:
        """Every page that shows a whole report: the files are small, and written again each
        time (only those whose bytes change are replaced)."""
        yield from dict.fromkeys(entry.docname for entry in report_entries(self.env))

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return docname + self.out_suffix

    def prepare_writing(self, docnames: Any) -> None:
        self.reports = {}
        for entry in report_entries(self.env):
            self.reports.setdefault(entry.docname, {})[entry.n] = entry
        with warnings.catch_warnings():
            warnings.filterwarnings('ignore', category=DeprecationWarning)
            self.docsettings = OptionParser(
                defaults=self.env.settings, components=(HTMLWriter,), read_config_files=True
            ).get_default_values()

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        self.current_docname = docname
        doctree.settings = self.docsettings
        entries = self.reports.get(docname, {})
        for node in doctree.findall(nodes.Element):
            n = node.get(REPORT_N)
            if n is None or n not in entries or (docname, n) in self.written:
                continue
            name = file_name(docname, n)
            title = entries[n].title
            page = standalone_page(self.report_html(doctree, node, title), title, 'zh-CN')
            write_if_changed(Path(self.outdir, name), page.encode('utf-8'))
            self.written[docname, n] = name
            if n <= 1:
                pdf = report_pdf(self, docname)
                if pdf is not None:
                    write_if_changed(Path(self.outdir, f'{docname}.pdf'), pdf.read_bytes())

    def report_html(self, doctree: nodes.document, node: nodes.Element, title: str) -> str:
        """The body of one report's file: its node, written by :class:`CMSTranslator` twice —
        the first pass finds the ids the file holds, which links of the second may target."""
        first = CMSTranslator(doctree, self, node)
        node.walkabout(first)
        translator = CMSTranslator(doctree, self, node, frozenset(first.written_ids))
        if not isinstance(node, nodes.section):  # shown with :no-title: the title heads it still
            h1 = f'<h1 align="center" style="{STYLE["h1"]}">{html.escape(title)}</h1>\n'
            translator.body.append(h1)
        node.walkabout(translator)
        return ''.join(translator.body)

    def finish(self) -> None:
        """``index.html``: a plain list of the files written, with their PDFs."""
        lang = message_language(self.config)
        items = []
        for entry in (e for page in self.reports.values() for e in page.values()):
            name = self.written.get((entry.docname, entry.n))
            if name is None:
                continue
            line = f'<a href="{html.escape(name)}">{html.escape(entry.title)}</a>'
            pdf = f'{entry.docname}.pdf'
            if entry.n <= 1 and Path(self.outdir, pdf).is_file():
                label = render(word('cms-index-pdf'), lang)
                line += f' · <a href="{html.escape(pdf)}">{html.escape(label)}</a>'
            if entry.errors or entry.warnings:
                note = render(
                    word('cms-index-findings', errors=entry.errors, warnings=entry.warnings),
                    lang,
                )
                line += f' <strong>{html.escape(note)}</strong>'
            items.append(f'<li>{line}</li>\n')
        title = render(word('cms-index-title'), lang)
        intro = render(word('cms-index-intro'), lang)
        body = (
            f'<h1>{html.escape(title)}</h1>\n<p>{html.escape(intro)}</p>\n'
            f'<ul>\n{"".join(items)}</ul>\n'
        )
        html_lang = 'zh-CN' if lang == 'zh_CN' else 'en'
        page = standalone_page(body, title, html_lang)
        write_if_changed(Path(self.outdir, INDEX + self.out_suffix), page.encode('utf-8'))


def file_name(docname: str, n: int) -> str:
    """The file of the ``n``-th report of page ``docname``: named like its data files on the
    site (``2021.html``, ``2021-2.html``), except the report of the site's root page, which
    would take the name of the list of files (``index.html``): ``index-report.html``."""
    name = stem(docname, n)
    if name == INDEX:
        name += '-report'
    return name + CMSBuilder.out_suffix


def standalone_page(body: str, title: str, lang: str) -> str:
    """A complete HTML document around ``body``: UTF-8 declared, nothing loaded from
    elsewhere."""
    return (
        '<!DOCTYPE html>\n'
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<title>{html.escape(title)}</title>\n</head>\n<body>\n{body}</body>\n</html>\n'
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_builder(CMSBuilder)
    # before resolve_downloads (priority 500) removes the node that numbers the report
    app.connect('doctree-resolved', mark_reports, priority=400)
    return {'parallel_read_safe': True, 'parallel_write_safe': True}
