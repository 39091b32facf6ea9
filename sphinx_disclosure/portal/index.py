"""``disclosure-index``: every report of the site, agency × year, with its status and coverage.

The index lists what other pages show, so it is made when pages are written, from the per-page
records of :mod:`sphinx_disclosure.domain`: the directive leaves a :class:`disclosure_index`
node with its filters, and :class:`IndexTable` fills it in for the builder at hand. An index page
is written again whenever a page showing a report is read or removed (``env-get-updated``),
without being read again itself.

Coverage: for each agency, every year from its first report to the last year of the index (or
the years asked for) is a row; a year without a report is shown as 未发布, never skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..config import message_language
from ..domain import DisclosureDomain, ReportEntry
from ..forms import all_forms
from ..messages import Problem, render, word
from ..render.report import DocumentIds
from ..schema import LEVELS
from .links import data_links, page_uri

logger = logging.getLogger(__name__)

LAYOUTS = ('list', 'coverage')
#: the anchor of the findings listed on a report page (see directives.findings_section)
FINDINGS_ANCHOR = 'disclosure-findings'


class disclosure_index(nodes.General, nodes.Element):  # noqa: N801
    """Where the index goes; its attributes are the directive's filters."""


def parse_years(text: str) -> tuple[int, ...] | None:
    """``2021``, ``2019-2025``, ``2019, 2021`` → the years; None when it cannot be read."""
    years: list[int] = []
    for part in re.split(r'[,，\s]+', text.strip()):
        if not part:
            continue
        m = re.fullmatch(r'(\d{4})(?:\s*[-–—~～至]\s*(\d{4}))?', part)
        if m is None:
            return None
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if last < first or last - first > 200:
            return None
        years.extend(range(first, last + 1))
    return tuple(sorted(set(years))) or None


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in re.split(r'[,，]', text) if n.strip())


class IndexDirective(SphinxDirective):
    """``.. disclosure-index::`` with ``:agency:``, ``:year:``, ``:level:``, ``:layout:``."""

    option_spec = {
        'agency': directives.unchanged,
        'year': directives.unchanged,
        'level': directives.unchanged,
        'layout': directives.unchanged,
        'id-prefix': directives.unchanged,
    }

    def _refuse(self, option: str, found: str, known: list[str]) -> list[nodes.Node]:
        problem = Problem(
            'unknown-option-value', params={'option': option, 'found': found, 'known': tuple(known)}
        )
        lang = message_language(self.config)
        logger.warning(
            problem.format(lang),
            location=(self.env.docname, self.lineno),
            type='disclosure',
            subtype=problem.code,
        )
        text = problem.message(lang)
        return [nodes.error('', nodes.paragraph(text, text), classes=['disclosure-error'])]

    def run(self) -> list[nodes.Node]:
        layout = self.options.get('layout', 'list').strip() or 'list'
        if layout not in LAYOUTS:
            return self._refuse(':layout:', layout, list(LAYOUTS))
        level = self.options.get('level', '').strip()
        if level and level not in LEVELS:
            return self._refuse(':level:', level, list(LEVELS))
        years: tuple[int, ...] = ()
        if self.options.get('year', '').strip():
            parsed = parse_years(self.options['year'])
            if parsed is None:
                return self._refuse(':year:', self.options['year'], ['2021', '2019-2025'])
            years = parsed
        domain = self.env.get_domain('disclosure')
        assert isinstance(domain, DisclosureDomain)
        domain.note_listing(self.env.docname)
        node = disclosure_index(
            layout=layout,
            agencies=list(_names(self.options.get('agency', ''))),
            years=list(years),
            level=level,
            prefix=self.options.get('id-prefix', ''),
        )
        self.set_source_info(node)
        return [node]


# --------------------------------------------------------------------------------------------
# the rows


@dataclass
class Agency:
    """One agency of the index: its reports by year (the key is its agency_id, else its name)."""

    key: str
    reports: dict[int, ReportEntry]

    @property
    def name(self) -> str:
        """The name of its latest report."""
        return self.reports[max(self.reports)].agency

    @property
    def former_names(self) -> list[tuple[int, str]]:
        """(first year, name) of every earlier name (a renamed agency), oldest first."""
        out: list[tuple[int, str]] = []
        current = self.name
        for year in sorted(self.reports):
            name = self.reports[year].agency
            if name != current and (not out or out[-1][1] != name):
                out.append((year, name))
        return out


def gather(entries: list[ReportEntry], node: disclosure_index) -> tuple[list[Agency], list[int]]:
    """The agencies the index shows (sorted: 本级政府 first, then by name) and its years."""
    wanted = set(node['agencies'])
    agencies: dict[str, Agency] = {}
    for entry in entries:
        if not entry.valid or entry.year is None:
            continue
        if node['level'] and entry.level != node['level']:
            continue
        key = entry.agency_id or entry.agency
        agency = agencies.setdefault(key, Agency(key, {}))
        agency.reports.setdefault(entry.year, entry)  # the first page by name
    if wanted:
        agencies = {
            k: a
            for k, a in agencies.items()
            if k in wanted or any(r.agency in wanted for r in a.reports.values())
        }
    years = list(node['years'])
    if not years and agencies:
        first = min(min(a.reports) for a in agencies.values())
        last = max(max(a.reports) for a in agencies.values())
        years = list(range(first, last + 1))
    ordered = sorted(
        agencies.values(),
        key=lambda a: (a.reports[max(a.reports)].level != 'government', a.name),
    )
    return ordered, years


def expected_years(agency: Agency, years: list[int], explicit: bool) -> list[int]:
    """The years an agency should have a report for: all asked for, or from its first report
    to the last year of the index (a department set up later is not missing before)."""
    if explicit:
        return list(years)
    first = min(agency.reports)
    return [y for y in years if y >= first]


def invalid_entries(entries: list[ReportEntry]) -> list[ReportEntry]:
    """Report pages whose file has errors that stop it being read: listed, never dropped."""
    return [e for e in entries if not e.valid]


# --------------------------------------------------------------------------------------------
# nodes


def _text(text: str, classes: tuple[str, ...] = ()) -> nodes.paragraph:
    para = nodes.paragraph('', '', nodes.Text(text))
    para['classes'] += list(classes)
    return para


def _link(text: str, uri: str, classes: tuple[str, ...] = ()) -> nodes.reference:
    ref = nodes.reference('', '', internal=not uri.startswith(('http:', 'https:')), refuri=uri)
    ref += nodes.Text(text)
    ref['classes'] += list(classes)
    return ref


def _table(widths: list[int], header: list[str], classes: list[str]) -> tuple[Any, Any]:
    table = nodes.table(classes=['disclosure-index', *classes])
    tgroup = nodes.tgroup(cols=len(widths))
    table += tgroup
    for w in widths:
        tgroup += nodes.colspec(colwidth=w)
    thead = nodes.thead()
    tgroup += thead
    row = nodes.row()
    for text in header:
        row += nodes.entry('', _text(text))
    thead += row
    tbody = nodes.tbody()
    tgroup += tbody
    return table, tbody


class IndexTable:
    """Fill every :class:`disclosure_index` of a page with the site's reports, when the page is
    written (``doctree-resolved``: every page has been read, and the builder is known)."""

    def __init__(self, app: Any, document: nodes.document, docname: str) -> None:
        self.app = app
        self.env = app.env
        self.config = app.config
        self.document = document
        self.docname = docname

    @classmethod
    def resolve(cls, app: Any, doctree: nodes.document, docname: str) -> None:
        if any(True for _ in doctree.findall(disclosure_index)):
            cls(app, doctree, docname).run()

    def run(self) -> None:
        found = list(self.document.findall(disclosure_index))
        domain = self.env.get_domain('disclosure')
        assert isinstance(domain, DisclosureDomain)
        entries = list(domain.entries('disclosure-report'))
        lang = message_language(self.config)
        for node in found:
            node.replace_self(self.build(node, entries, lang))

    # ----------------------------------------------------------------------------------------

    def w(self, which: str, lang: str, **params: Any) -> str:
        return render(word(which, **params), lang)

    def build(self, node: disclosure_index, entries: list[ReportEntry], lang: str) -> list:
        agencies, years = gather(entries, node)
        explicit = bool(node['years'])
        out: list[nodes.Node] = []
        if not agencies:
            out.append(_text(self.w('index-empty', lang), ('disclosure-note',)))
        else:
            out.append(self.summary(agencies, years, explicit, lang))
            if node['layout'] == 'coverage':
                out.append(self.coverage(agencies, years, explicit, lang, node['prefix']))
            else:
                out.append(self.listing(agencies, years, explicit, lang, node['prefix']))
            renamed = [a for a in agencies if a.former_names]
            for agency in renamed:
                names = '；'.join(
                    self.w('index-former-name', lang, year=y, name=n)
                    for y, n in agency.former_names
                )
                out.append(
                    _text(
                        self.w('index-renamed', lang, agency=agency.name, names=names),
                        ('disclosure-note',),
                    )
                )
        broken = [
            e
            for e in invalid_entries(entries)
            if not node['agencies'] and not node['level'] and (not years or e.year in years)
        ]
        if broken:
            out.append(self.broken(broken, lang))
        return out

    def summary(
        self, agencies: list[Agency], years: list[int], explicit: bool, lang: str
    ) -> nodes.paragraph:
        expected = published = errors = warnings = 0
        missing: list[str] = []
        for agency in agencies:
            for year in expected_years(agency, years, explicit):
                expected += 1
                entry = agency.reports.get(year)
                if entry is None:
                    missing.append(
                        self.w('index-missing-item', lang, agency=agency.name, year=year)
                    )
                    continue
                published += 1
                errors += entry.errors > 0
                warnings += entry.errors == 0 and entry.warnings > 0
        text = self.w(
            'index-summary' if len(years) != 1 else 'index-summary-year',
            lang,
            agencies=len(agencies),
            first=years[0] if years else '',
            last=years[-1] if years else '',
            expected=expected,
            published=published,
            missing=len(missing),
            errors=errors,
            warnings=warnings,
        )
        if missing:
            text += self.w('index-missing-list', lang, items='；'.join(missing))
        return _text(text, ('disclosure-index-summary',))

    def status(self, entry: ReportEntry, lang: str, *, short: bool = False) -> tuple[str, str]:
        """(words, class) of a report's check status."""
        if entry.errors:
            return self.w('index-errors', lang, count=entry.errors), 'disclosure-status-error'
        if entry.warnings:
            return self.w('index-warnings', lang, count=entry.warnings), 'disclosure-status-warning'
        which = 'index-published' if short else 'index-clean'
        return self.w(which, lang), 'disclosure-status-clean'

    def listing(
        self, agencies: list[Agency], years: list[int], explicit: bool, lang: str, prefix: str
    ) -> nodes.table:
        builder = self.app.builder
        here = self.docname
        downloads = builder.format in ('html',)
        forms = all_forms(self.config.disclosure_forms_dirs)
        header = [
            self.w('index-agency', lang),
            self.w('index-year', lang),
            self.w('index-format', lang),
            self.w('index-status', lang),
        ]
        widths = [30, 10, 24, 16]
        if downloads:
            header.append(self.w('index-downloads', lang))
            widths.append(20)
        table, tbody = _table(widths, header, ['disclosure-index-list'])
        for agency in agencies:
            rows = sorted(expected_years(agency, years, explicit), reverse=True)
            if not rows:
                continue
            for i, year in enumerate(rows):
                row = nodes.row()
                if i == 0:
                    cell = nodes.entry('', _text(agency.name), morerows=len(rows) - 1)
                    cell['classes'].append('disclosure-index-agency')
                    row += cell
                entry = agency.reports.get(year)
                if entry is None:
                    row += nodes.entry('', _text(str(year)))
                    row += nodes.entry('', _text('—'))
                    row += nodes.entry(
                        '',
                        _text(self.w('index-not-published', lang), ('disclosure-status-missing',)),
                    )
                    if downloads:
                        row += nodes.entry('', _text('—'))
                    row['classes'].append('disclosure-index-missing')
                    tbody += row
                    continue
                para = nodes.paragraph()
                para += _link(str(year), page_uri(builder, here, entry.docname))
                row += nodes.entry('', para)
                form = forms.get(entry.form)
                row += nodes.entry('', _text(form.document if form else entry.form))
                words, cls = self.status(entry, lang)
                para = nodes.paragraph()
                if entry.errors or entry.warnings:
                    para += _link(
                        words, page_uri(builder, here, entry.docname, FINDINGS_ANCHOR), (cls,)
                    )
                else:
                    para += nodes.inline(words, words, classes=[cls])
                row += nodes.entry('', para)
                if downloads:
                    para = nodes.paragraph()
                    links = data_links(builder, here, entry)
                    for n, (kind, uri) in enumerate(links.items()):
                        if n:
                            para += nodes.Text(' · ')
                        para += _link(self.w(f'download-{kind}', lang), uri)
                    row += nodes.entry('', para)
                tbody += row
        table.insert(0, nodes.title('', self.w('index-caption', lang)))
        DocumentIds(self.document, prefix).claim('disclosure-index', table)
        return table

    def coverage(
        self, agencies: list[Agency], years: list[int], explicit: bool, lang: str, prefix: str
    ) -> nodes.table:
        builder = self.app.builder
        here = self.docname
        header = [self.w('index-agency', lang), *(str(y) for y in years)]
        table, tbody = _table([30, *([9] * len(years))], header, ['disclosure-index-coverage'])
        for agency in agencies:
            row = nodes.row()
            row += nodes.entry('', _text(agency.name))
            due = set(expected_years(agency, years, explicit))
            for year in years:
                entry = agency.reports.get(year)
                if entry is None:
                    if year in due:
                        words = self.w('index-not-published', lang)
                        row += nodes.entry('', _text(words, ('disclosure-status-missing',)))
                    else:
                        row += nodes.entry('', _text('—'))
                    continue
                words, cls = self.status(entry, lang, short=True)
                para = nodes.paragraph()
                anchor = FINDINGS_ANCHOR if entry.errors or entry.warnings else ''
                para += _link(words, page_uri(builder, here, entry.docname, anchor), (cls,))
                row += nodes.entry('', para)
            tbody += row
        table.insert(0, nodes.title('', self.w('index-coverage-caption', lang)))
        DocumentIds(self.document, prefix).claim('disclosure-coverage', table)
        return table

    def broken(self, entries: list[ReportEntry], lang: str) -> nodes.Element:
        """Pages whose report file could not be read: named, linked, never left out."""
        builder = self.app.builder
        box = nodes.container(classes=['disclosure-index-broken'])
        box += _text(self.w('index-broken', lang, count=len(entries)))
        items = nodes.bullet_list(bullet='-')
        for entry in entries:
            para = nodes.paragraph()
            label = entry.title or entry.file
            para += _link(label, page_uri(builder, self.docname, entry.docname))
            items += nodes.list_item('', para)
        box += items
        return box


# --------------------------------------------------------------------------------------------
# writing index pages again when a report page changes

#: per build (keyed by the environment): the pages read, and those that showed a whole report
#: before they were read again or removed
_read: dict[int, set[str]] = {}
_had: dict[int, set[str]] = {}


def _report_pages(env: Any) -> set[str]:
    domain = env.get_domain('disclosure')
    return {
        docname
        for docname, records in domain.pages.items()
        if any(r['directive'] == 'disclosure-report' for r in records)
    }


def before_read(app: Any, env: Any, docnames: list[str]) -> None:
    """``env-before-read-docs``: the pages read in this build (the main process knows them in
    a parallel build too)."""
    _read.setdefault(id(env), set()).update(docnames)


def purge(app: Any, env: Any, docname: str) -> None:
    """``env-purge-doc``: a page that showed a report and is read again or removed."""
    if docname in _report_pages(env):
        _had.setdefault(id(env), set()).add(docname)


def listings_to_write(app: Any, env: Any) -> list[str]:
    """``env-get-updated``: the index pages, to be written again (not read) when a page that
    shows a whole report was read, or removed, in this build."""
    read = _read.pop(id(env), set())
    had = _had.pop(id(env), set())
    domain = env.get_domain('disclosure')
    if not domain.listings or not (had or read & _report_pages(env)):
        return []
    return sorted(d for d in domain.listings if d not in read)


def setup(app: Any) -> None:
    app.add_node(disclosure_index)
    app.add_directive('disclosure-index', IndexDirective)
    app.connect('doctree-resolved', IndexTable.resolve)
    app.connect('env-before-read-docs', before_read)
    app.connect('env-purge-doc', purge)
    app.connect('env-get-updated', listings_to_write)
