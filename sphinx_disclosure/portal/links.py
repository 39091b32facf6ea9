"""Links between the pages of a portal, made when pages are written.

A page that names another report (an aggregate naming its units, a comparison naming its
years) is read before Sphinx knows which page shows that report; and the URL of a report's
files depends on the builder (``2021.html`` beside ``2021.json`` for ``html``,
``2021/index.html`` for ``dirhtml``). So the directives leave a
:class:`disclosure_report_link` node naming the file, and :func:`resolve_report_links` replaces
it, for the builder at hand, by a link to the page that shows the report in full (from the
per-page records of :mod:`sphinx_disclosure.domain`), or by its text alone when no page does.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.osutil import relative_uri

from ..domain import DisclosureDomain, ReportEntry
from ..render.latex import pdf_per_report
from ..render.latex import report_file_name as pdf_name

#: the formats whose builders write files beside the pages (the data downloads)
HTML_FORMATS = ('html',)


class disclosure_report_link(nodes.Inline, nodes.TextElement):  # noqa: N801
    """The text of a report's name, to become a link to the page showing the report
    (``file``: the report file relative to the source directory; ``anchor``: an id on that
    page)."""


def report_pages(domain: DisclosureDomain) -> dict[str, ReportEntry]:
    """file → the first page (by name) that shows that whole report."""
    pages: dict[str, ReportEntry] = {}
    for entry in domain.entries('disclosure-report'):
        pages.setdefault(entry.file, entry)
    return pages


def page_uri(builder: Any, fromdocname: str, docname: str, anchor: str = '') -> str:
    """The URI of ``docname`` from ``fromdocname`` for this builder (LaTeX: an internal link)."""
    uri = builder.get_relative_uri(fromdocname, docname)
    return f'{uri}#{anchor}' if anchor else uri


def pdf_folder(builder: Any) -> Path:
    """Where the HTML builder finds the per-report PDFs: ``disclosure_pdf_dir`` (relative to
    the configuration folder), by default the ``latex`` folder beside the HTML output — where
    ``sphinx-build -M latexpdf SRC BUILD`` puts them next to ``-M html``'s ``BUILD/html``."""
    configured = builder.config.disclosure_pdf_dir
    if configured:
        return Path(builder.confdir, configured)
    return Path(builder.outdir).parent / 'latex'


def report_pdf(builder: Any, docname: str) -> Path | None:
    """The PDF of the report page ``docname`` made by a LaTeX build, if there is one: the HTML
    pages link a report's PDF only when it exists, and the build copies it beside the page."""
    if not pdf_per_report(builder.config, builder.format):
        return None
    path = pdf_folder(builder) / f'{pdf_name(docname)}.pdf'
    return path if path.is_file() else None


def data_links(builder: Any, fromdocname: str, entry: ReportEntry) -> dict[str, str]:
    """Relative URIs from ``fromdocname`` to the report's files beside its page: ``pdf`` (its
    own PDF, when a LaTeX build made it: see :func:`report_pdf`), ``json`` and ``csv`` (written
    by the HTML builders, see :mod:`.opendata`). Empty for builders that write no such files."""
    if builder.format not in HTML_FORMATS:
        return {}
    stem = entry.docname if entry.n <= 1 else f'{entry.docname}-{entry.n}'
    here = builder.get_target_uri(fromdocname)
    links = {}
    if entry.n <= 1 and report_pdf(builder, entry.docname) is not None:
        links['pdf'] = relative_uri(here, f'{entry.docname}.pdf')
    links['json'] = relative_uri(here, f'{stem}.json')
    links['csv'] = relative_uri(here, f'{stem}.csv')
    return links


def site_file(builder: Any, fromdocname: str, name: str) -> str:
    """The URI of a file at the root of the HTML output (the site-wide data)."""
    return relative_uri(builder.get_target_uri(fromdocname), posixpath.basename(name))


def resolve_report_links(app: Any, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: turn each :class:`disclosure_report_link` into a link to the page
    that shows the report, or into its plain text when no page does."""
    found = list(doctree.findall(disclosure_report_link))
    if not found:
        return
    domain = app.env.get_domain('disclosure')
    assert isinstance(domain, DisclosureDomain)
    pages = report_pages(domain)
    for node in found:
        entry = pages.get(node['file'])
        text = node.astext()
        if entry is None:
            node.replace_self(nodes.inline(text, text, classes=node['classes']))
            continue
        ref = nodes.reference(
            '',
            '',
            internal=True,
            refuri=page_uri(app.builder, docname, entry.docname, node['anchor']),
            classes=node['classes'],
        )
        ref += nodes.Text(text)
        node.replace_self(ref)


def report_link(file: str, text: str, anchor: str = '', classes=()) -> disclosure_report_link:
    """A :class:`disclosure_report_link` to the report ``file`` (relative to the source dir)."""
    node = disclosure_report_link('', text, file=file, anchor=anchor, classes=list(classes))
    return node


def setup(app: Any) -> None:
    app.add_node(disclosure_report_link)
    app.connect('doctree-resolved', resolve_report_links)
