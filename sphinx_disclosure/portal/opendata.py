"""Open data beside the report pages: each report's values as JSON and CSV, the whole site's
cells in one CSV with its Frictionless ``datapackage.json``, and the download line on each
report page.

When a page showing a whole report is read, :func:`stage` writes the report's JSON and CSV
under ``<doctreedir>/disclosure-data/`` (which lives as long as the environment: a page not
read again keeps its files there). At ``build-finished`` the HTML builders copy them beside the
pages — ``<docname>.json`` and ``<docname>.csv``, ``<docname>-2.json`` for the second report
of a page, the names :func:`~sphinx_disclosure.portal.links.data_links` links to — and write
``disclosure-data.csv`` and ``datapackage.json`` at the root of the output. Nothing is read or
converted again for a page that was not read, and a file is written only when its bytes change;
a clean, an incremental and a ``-j`` build write the same bytes.

The download line is a :class:`disclosure_downloads` node placed by the ``disclosure-report``
directive; :func:`resolve_downloads` makes it links for the HTML builders, absolute URLs for the
others when ``html_baseurl`` is set (a printed report can name where its data is), and nothing
otherwise (a report's PDF does not link to itself).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging

from .. import opendata
from ..config import message_language
from ..domain import DisclosureDomain, ReportEntry
from ..messages import Problem, render, word
from ..model import Report
from .links import HTML_FORMATS, data_links, report_pdf

logger = logging.getLogger(__name__)

#: the folder under the doctree directory where pages read leave their reports' data
STAGE_DIR = 'disclosure-data'
#: the site-wide files at the root of the HTML output
SITE_CSV = 'disclosure-data.csv'
DATAPACKAGE = 'datapackage.json'
KINDS = ('json', 'csv')


class disclosure_downloads(nodes.General, nodes.Element):  # noqa: N801
    """Where a report page says where its files are: ``docname`` and ``n`` (the report's
    number on the page) name them; see :func:`resolve_downloads`."""


def downloads_node(docname: str, n: int) -> disclosure_downloads:
    return disclosure_downloads(docname=docname, n=n, classes=['disclosure-downloads'])


def stem(docname: str, n: int) -> str:
    """The name, without extension, of the data files of the ``n``-th report of a page."""
    return docname if n <= 1 else f'{docname}-{n}'


# --------------------------------------------------------------------------------------------
# staging, when a page is read


def _stage_base(doctreedir: str | os.PathLike[str], docname: str) -> Path:
    """Staged files are named by a digest of the page name: one flat folder, no name of two
    pages alike (``a-2`` the page and ``a``'s second report), no characters a file system
    refuses."""
    digest = hashlib.sha256(docname.encode('utf-8')).hexdigest()[:40]
    return Path(doctreedir) / STAGE_DIR / digest


def staged_path(doctreedir: str | os.PathLike[str], docname: str, n: int, kind: str) -> Path:
    base = _stage_base(doctreedir, docname)
    return base.with_name(f'{base.name}-{n}.{kind}')


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it holds them already; atomically (a reader in
    another process, or a build stopped half-way, never sees half a file). True if written."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f'.{path.name}.{os.getpid()}.tmp')
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def stage(
    env: Any, docname: str, report: Report, n: int, *, file: str = '', id_prefix: str = ''
) -> None:
    """Write the JSON and CSV of the ``n``-th whole report of page ``docname`` where
    :func:`publish` finds them (parallel readers read distinct pages, so write distinct files).
    ``file`` is the report file relative to the source folder; ``id_prefix`` the directive's
    ``:id-prefix:``, part of the cells' anchors."""
    rows = opendata.cell_rows(report, id_prefix)
    data = {
        'json': opendata.report_json(report, file=file or None, id_prefix=id_prefix, rows=rows),
        'csv': opendata.rows_csv(rows),
    }
    for kind, text in data.items():
        write_if_changed(staged_path(env.doctreedir, docname, n, kind), text.encode('utf-8'))


def purge(app: Any, env: Any, docname: str) -> None:
    """``env-purge-doc``: a page read again or removed drops its staged files (reading it again
    writes them anew); the main process does this before any reader starts. The page's records
    (not yet cleared) say which files it had: no listing of the folder, which holds two files
    per report of the site."""
    domain = env.get_domain('disclosure')
    for record in domain.pages.get(docname, []):
        if record['directive'] != 'disclosure-report':
            continue
        for kind in KINDS:
            staged_path(env.doctreedir, docname, record['n'], kind).unlink(missing_ok=True)


def _report_entries(env: Any) -> list[ReportEntry]:
    """The valid whole reports of the site, by page name then page order, once each."""
    domain = env.get_domain('disclosure')
    assert isinstance(domain, DisclosureDomain)
    return domain.whole_reports()


def missing_staged(app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """``env-get-outdated``: pages that show a report whose staged files are gone (an
    environment from before this feature, or a folder cleaned by hand) are read again."""
    skip = added | changed | removed
    out = set()
    for entry in _report_entries(env):
        if entry.docname in skip or entry.docname in out:
            continue
        if not all(
            staged_path(env.doctreedir, entry.docname, entry.n, kind).is_file() for kind in KINDS
        ):
            out.add(entry.docname)
    return sorted(out)


# --------------------------------------------------------------------------------------------
# publishing, when the HTML builder is done


def _warn(app: Any, code: str, docname: str, **params: Any) -> None:
    problem = Problem(code, params=params, severity='warning')
    logger.warning(
        problem.message(message_language(app.config)),
        location=docname,
        type='disclosure',
        subtype=code,
    )


def publish(app: Any, exception: BaseException | None) -> None:
    """``build-finished``: the staged files beside their pages, then the site-wide CSV and
    ``datapackage.json`` (only for builders that write HTML pages, only after a build that
    succeeded)."""
    if exception is not None or app.builder.format not in HTML_FORMATS:
        return
    env = app.env
    outdir = Path(app.outdir)
    names: dict[str, ReportEntry] = {}
    files: dict[str, ReportEntry] = {}
    identities: dict[tuple[str, int | None], ReportEntry] = {}
    site_parts: list[str] = []
    for entry in _report_entries(env):
        staged = {kind: staged_path(env.doctreedir, entry.docname, entry.n, kind) for kind in KINDS}
        try:
            data = {kind: path.read_bytes() for kind, path in staged.items()}
        except OSError:  # pragma: no cover - missing_staged has the page read again
            continue
        name = stem(entry.docname, entry.n)
        other = names.get(name)
        if other is not None:  # its files beside the page are left out, not its data
            _warn(
                app,
                'opendata-name-clash',
                entry.docname,
                file=entry.file,
                name=name,
                other=other.file,
                other_page=other.docname,
            )
        else:
            names[name] = entry
            for kind, content in data.items():
                write_if_changed(outdir / f'{name}.{kind}', content)
        if entry.file in files:  # the same report on another page: once in the site's data
            continue
        files[entry.file] = entry
        first = identities.get((entry.agency, entry.year))
        if first is not None:
            _warn(
                app,
                'opendata-duplicate',
                entry.docname,
                file=entry.file,
                year=entry.year,
                agency=entry.agency,
                other=first.file,
            )
            continue
        identities[entry.agency, entry.year] = entry
        site_parts.append(data['csv'].decode('utf-8'))
    copy_pdfs(app, names.values())
    if not site_parts:
        return
    write_if_changed(outdir / SITE_CSV, opendata.site_csv(site_parts).encode('utf-8'))
    package = opendata.datapackage(
        [SITE_CSV], forms=_forms(app), title=str(app.config.project or '')
    )
    write_if_changed(outdir / DATAPACKAGE, package.encode('utf-8'))


def copy_pdfs(app: Any, entries) -> None:
    """Each report page's PDF, where a LaTeX build made it (:func:`.links.report_pdf`), beside
    the page: ``agencies/education/2021.pdf`` next to ``2021.html``, as the pages link it."""
    outdir = Path(app.outdir)
    for entry in entries:
        if entry.n > 1:
            continue
        pdf = report_pdf(app.builder, entry.docname)
        if pdf is not None:
            write_if_changed(outdir / f'{entry.docname}.pdf', pdf.read_bytes())


def pdf_changes(app: Any, env: Any) -> list[str]:
    """``env-get-updated``: the pages to write again because a report's PDF appeared, changed or
    went away since they were written (a LaTeX build in between): the report's page, which
    links its PDF, and the index pages. What each page saw is kept in the environment."""
    if app.builder.format not in HTML_FORMATS:
        return []
    domain = env.get_domain('disclosure')
    seen = domain.data.setdefault('pdfs', {})
    changed = []
    for entry in _report_entries(env):
        if entry.n > 1:
            continue
        pdf = report_pdf(app.builder, entry.docname)
        stamp = pdf.stat().st_mtime_ns if pdf is not None else None
        if seen.get(entry.docname) != stamp:
            seen[entry.docname] = stamp
            changed.append(entry.docname)
    if changed:
        changed += list(domain.listings)
    return sorted(set(changed))


def _forms(app: Any) -> dict:
    from ..forms import all_forms

    return all_forms(app.config.disclosure_forms_dirs)


# --------------------------------------------------------------------------------------------
# the download line


def resolve_downloads(app: Any, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the download lines of a page (or of a LaTeX document made of
    pages), for the builder at hand (see the module's docstring)."""
    found = list(doctree.findall(disclosure_downloads))
    if not found:
        return
    lang = message_language(app.config)
    builder = app.builder
    baseurl = str(getattr(app.config, 'html_baseurl', '') or '')
    entries = {(e.docname, e.n): e for e in _report_entries(app.env)}
    for node in found:
        if builder.format in HTML_FORMATS:
            entry = entries.get((node['docname'], node['n'])) or ReportEntry(
                docname=node['docname'], file='', directive='disclosure-report', n=node['n']
            )
            links = data_links(builder, docname, entry)
            absolute = False
        elif baseurl:
            name = stem(node['docname'], node['n'])
            links = {kind: f'{baseurl.rstrip("/")}/{name}.{kind}' for kind in KINDS}
            absolute = True
        else:
            links = {}
        if not links:
            node.parent.remove(node)
            continue
        node.replace_self(download_line(links, lang, absolute, node['classes']))


def download_line(
    links: dict[str, str], lang: str, absolute: bool, classes: list[str]
) -> nodes.paragraph:
    """下载：PDF · 数据（JSON） · 数据（CSV）; with absolute URLs the URL is the link's text,
    so that it can be read on paper."""
    para = nodes.paragraph(classes=list(classes))
    label = render(word('download-label'), lang)
    para += nodes.inline(label, label, classes=['disclosure-downloads-label'])
    for i, (kind, uri) in enumerate(links.items()):
        if i:
            para += nodes.Text(' · ')
        text = render(word(f'download-{kind}'), lang)
        ref = nodes.reference('', '', internal=not absolute, refuri=uri)
        if absolute:
            para += nodes.Text(f'{text} ')
            ref += nodes.Text(uri)
        else:
            ref += nodes.Text(text)
        para += ref
    return para


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app: Any) -> None:
    # resolve_downloads replaces every such node; a writer that meets one anyway skips it
    skip = (_skip, None)
    app.add_node(disclosure_downloads, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.connect('doctree-resolved', resolve_downloads)
    app.connect('env-purge-doc', purge)
    app.connect('env-get-outdated', missing_staged)
    app.connect('build-finished', publish)
    app.connect('env-get-updated', pdf_changes)
