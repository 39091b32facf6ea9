"""What each page of the site shows: the per-page environment data of the extension.

Every directive that renders a report records it here, keyed by the page (docname): which file,
through which directive, and the report's identity (agency, year, format, title). Sphinx keeps
the data in its pickled environment, drops a page's entries when the page is re-read
(:meth:`DisclosureDomain.clear_doc`) and merges the data of parallel readers
(:meth:`DisclosureDomain.merge_domaindata`), so a ``-j`` build, an incremental build and a clean
serial build end with the same data.

It is the one answer to "which pages show which reports": the per-report PDFs are made from it
(:mod:`sphinx_disclosure.render.latex`), and the portal's index and comparison directives read it.
Nothing here parses page sources: a report written in a MyST fence of any style is found, a
directive shown inside a code block is not.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from sphinx.domains import Domain


@dataclass(frozen=True)
class ReportEntry:
    """One report shown on one page.

    ``file`` is the report file relative to the source directory (POSIX separators);
    ``directive`` the directive that shows it (``disclosure-report``, ``disclosure-table``, …);
    ``agency``, ``year`` and ``form`` are empty/None when the file has errors (the page then
    shows the error box); ``title`` is the report's title when its agency and year could be read.
    """

    docname: str
    file: str
    directive: str
    agency: str = ''
    year: int | None = None
    form: str = ''
    title: str = ''
    valid: bool = False
    agency_id: str = ''
    level: str = ''
    #: unacknowledged errors and warnings of the file (its check status in the portal's index)
    errors: int = 0
    warnings: int = 0
    #: the n-th whole report shown on the page (1, 2, …; 0 for other directives): the names of
    #: its data files beside the page
    n: int = 0


class DisclosureDomain(Domain):
    """Per-page records of the reports a site shows (no roles or directives of its own: the
    ``disclosure-*`` directives are registered globally and write here)."""

    name = 'disclosure'
    label = 'Government information disclosure reports'
    #: ``pages``: docname -> list of ReportEntry fields, in the order the page shows them;
    #: ``listings``: docname -> True for pages whose content is made from every page's records
    #: (the portal's index), re-written whenever a report page changes
    initial_data: dict[str, Any] = {'pages': {}, 'listings': {}}
    #: bump when the shape of the records changes: Sphinx then discards older environments
    data_version = 2

    @property
    def pages(self) -> dict[str, list[dict[str, Any]]]:
        return self.data.setdefault('pages', {})

    @property
    def listings(self) -> dict[str, bool]:
        return self.data.setdefault('listings', {})

    def note_listing(self, docname: str) -> None:
        """Record that ``docname`` lists the reports of other pages (see :attr:`listings`)."""
        self.listings[docname] = True

    def note_report(self, entry: ReportEntry) -> None:
        """Record that ``entry.docname`` shows ``entry.file`` (once per page and directive)."""
        record = asdict(entry)
        page = self.pages.setdefault(entry.docname, [])
        if record not in page:
            page.append(record)

    def clear_doc(self, docname: str) -> None:
        self.pages.pop(docname, None)
        self.listings.pop(docname, None)
        # the report PDF the page's HTML linked (see portal.opendata.pdf_changes)
        self.data.setdefault('pdfs', {}).pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        # a page is read by exactly one process: its records replace whatever was there
        for docname in docnames:
            for name, mine in (('pages', self.pages), ('listings', self.listings)):
                theirs = otherdata.get(name, {})
                if docname in theirs:
                    mine[docname] = theirs[docname] if name == 'listings' else list(theirs[docname])
                else:
                    mine.pop(docname, None)

    def entries(self, directive: str | None = None) -> Iterator[ReportEntry]:
        """Every record, by page name then page order; only those of ``directive`` if given."""
        for docname in sorted(self.pages):
            for record in self.pages[docname]:
                if directive is None or record['directive'] == directive:
                    yield ReportEntry(**record)

    def whole_reports(self) -> list[ReportEntry]:
        """The valid whole reports of the site (``disclosure-report``), by page name then page
        order, once each: a page showing the same file twice gives one entry per directive,
        and the exports (open data, CMS files) write one file per page and number."""
        seen: set[tuple[str, int]] = set()
        out = []
        for entry in self.entries('disclosure-report'):
            if entry.valid and (entry.docname, entry.n) not in seen:
                seen.add((entry.docname, entry.n))
                out.append(entry)
        return out

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []
