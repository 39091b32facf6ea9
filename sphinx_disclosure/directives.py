"""The Sphinx layer: directives, the role, numbering of hand-written headings.

Thin on purpose: loading and checking is :mod:`sphinx_disclosure.model`, node building is
:mod:`sphinx_disclosure.render`. This module resolves paths, records dependencies (so editing a
YAML file re-reads exactly the pages that use it), and turns problems into typed warnings
``disclosure.<code>`` located at the directive.
"""

from __future__ import annotations

import os
import posixpath

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.transforms import Transform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from . import numbering
from .checking import Checked, check_file
from .config import message_language, published_source
from .domain import ReportEntry
from .files import Confinement
from .messages import Problem, did_you_mean, render, severity_word, word
from .model import format_value
from .portal.opendata import downloads_node, stage
from .render.report import (
    DocumentIds,
    acknowledgement_notes,
    blank_cells_note,
    build_report,
    flagged_keys,
    render_blocks,
)
from .render.revisions import RecordingIds, revisions_box
from .render.rules import rules_table
from .render.tables import build_table
from .rules.catalogue import catalogue

logger = logging.getLogger(__name__)

CURRENT = 'disclosure:current'  # env.temp_data key: the report the role reads from

#: the reports checked in this build by this process, by (file, name as shown, as written): a
#: report shown on several pages (the report, its tables, a comparison) is loaded and checked
#: once. Emptied when a build starts, so a file edited between two builds of one process (a
#: long-running server, the tests) is read again.
_CHECKED: dict[tuple[str, str, str], Checked] = {}
MAX_CHECKED = 16
#: the reports whose messages were logged in this build (each message is logged once)
_REPORTED: set[tuple[str, str, str]] = set()


def new_build(app) -> None:
    """``builder-inited``: forget the reports of an earlier build in this process."""
    _CHECKED.clear()
    _REPORTED.clear()


def confinement(app_or_env) -> Confinement:
    """The files a build may read: those inside the source directory, up to the size limit."""
    return Confinement(app_or_env.srcdir, app_or_env.config.disclosure_max_file_size)


def source_path(env, argument: str) -> tuple[str, str]:
    """(path relative to the source directory, absolute path) of a directive's file argument:
    relative to the page, or to the source directory when it starts with ``/``.

    Unlike ``env.relfn2path``, symbolic links are not followed here: a message names the file
    as the page wrote it, never the place outside the site a link points to.
    """
    if argument.startswith('/'):
        rel = posixpath.normpath(argument.lstrip('/'))
    else:
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(env.docname), argument))
    return rel, os.path.normpath(os.path.join(env.srcdir, rel))


def _warn(problem: Problem, config, location) -> None:
    logger.warning(
        problem.format(message_language(config)),
        location=location,
        type='disclosure',
        subtype=problem.code,
    )


def log(message: Problem, config, location) -> None:
    """Errors and warnings become typed Sphinx warnings (``-W`` fails on them, like
    ``check --strict``); advisories, acknowledged findings and notes are information."""
    lang = message_language(config)
    explanation = getattr(message, 'acknowledged', None)
    if explanation:
        note = Problem('acknowledged', params={'rule': message.code, 'explanation': explanation})
        logger.info(
            f'{severity_word("acknowledged", lang)}: {message.format(lang)} '
            f'{note.message(lang)} [disclosure.{message.code}]'
        )
    elif message.severity in ('error', 'warning'):
        _warn(message, config, location)
    else:
        logger.info(
            f'{severity_word(message.severity, lang)}: {message.format(lang)} '
            f'[disclosure.{message.code}]'
        )


def error_box(result, display: str, config) -> nodes.Element:
    """What readers see instead of a report that has errors: never a half-filled table."""
    lang = message_language(config)
    box = nodes.error(classes=['disclosure-error'])
    text = Problem('report-invalid', params={'file': display}).message(lang)
    box += nodes.paragraph(text, text)
    items = nodes.bullet_list(bullet='-')
    for p in result.errors:
        msg = p.format(lang)
        items += nodes.list_item('', nodes.paragraph(msg, msg))
    box += items
    return box


def blank_note_text(config) -> str | None:
    """The note under tables with blank cells, in the site's language (None: switched off)."""
    if not config.disclosure_blank_note:
        return None
    return render(word('blank-note'), message_language(config))


def findings_box(checked: Checked, config, ids: DocumentIds) -> nodes.Element | None:
    """The errors and warnings of a report that it does not explain, listed on its page under
    the id ``disclosure-findings`` (the portal's index links a report's check status there):
    readers see that a figure failed a check, not only the build log. None when there are
    none."""
    lang = message_language(config)
    found = [
        p
        for p in checked.messages()
        if p.severity in ('error', 'warning') and not getattr(p, 'acknowledged', None)
    ]
    if not found:
        return None
    box = nodes.container(classes=['disclosure-findings'])
    ids.claim('disclosure-findings', box)
    title = render(word('findings-title', count=len(found)), lang)
    box += nodes.paragraph(title, title, classes=['disclosure-findings-title'])
    items = nodes.bullet_list(bullet='-')
    for p in found:
        text = f'{severity_word(p.severity, lang)}: {p.message(lang)} [{p.code}]'
        items += nodes.list_item('', nodes.paragraph(text, text))
    box += items
    return box


class _ReportDirective(SphinxDirective):
    """Shared loading: path resolution, dependency, warnings, the page's current report."""

    def render(self) -> list[nodes.Node]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        """The directive's nodes, marked so that Sphinx's smart quotes leave them alone: report
        text is published as written ("--" stays two hyphens, straight quotes stay straight),
        and a message that tells the author to type ``--root`` or ``"`` must show just that."""
        out = self.render()
        for node in out:
            if isinstance(node, nodes.Element):
                node['support_smartquotes'] = False
        return out

    def load(self, argument: str) -> tuple[Checked, str]:
        rel, abs_path = source_path(self.env, argument)
        confine = confinement(self.env)
        if confine.contains(abs_path):
            self.env.note_dependency(abs_path)
        form_dirs = self.config.disclosure_forms_dirs  # absolute (see config.config_inited)
        key = (abs_path, rel, argument)
        checked = _CHECKED.get(key)
        if checked is None:
            checked = check_file(
                abs_path,
                display=rel,
                form_dirs=form_dirs,
                severities=self.config.disclosure_rule_severity,
                confine=confine,
                written=argument,
                published=published_source(self.config, self.env.srcdir),
            )
            _CHECKED[key] = checked
            if len(_CHECKED) > MAX_CHECKED:  # pages are read in name order: recent ones suffice
                del _CHECKED[next(iter(_CHECKED))]
        if checked.report is not None and form_dirs:
            # a project's own format file is a dependency too
            self.env.note_dependency(str(checked.report.form.source))
        if checked.previous is not None:
            # last year's file decides the cross-year findings shown on this page
            self.env.note_dependency(str(checked.previous.path))
        if checked.published is not None and checked.published.path is not None:
            # the published file decides the corrections check (RC.2, RC.3) of this report
            self.env.note_dependency(str(checked.published.path))
        if checked.units is not None:
            # the units' files decide the hierarchy check (RH.1) of this report
            for unit in checked.units.reports:
                self.env.note_dependency(str(unit.path))
        self.record(checked, rel)
        if key not in _REPORTED:  # once per build, not once per page that shows it
            _REPORTED.add(key)
            for message in checked.messages():
                log(message, self.config, (self.env.docname, self.lineno))
        self.env.temp_data[CURRENT] = (checked.result, rel)
        return checked, rel

    def record(self, checked: Checked, rel: str) -> None:
        """Note in the environment data that this page shows this report (see
        :mod:`sphinx_disclosure.domain`): the per-report PDFs and the portal read it."""
        result = checked.result
        agency, year = result.identity or ('', None)
        report = result.report
        data = report.data if report is not None else {}
        self.env.get_domain('disclosure').note_report(
            ReportEntry(
                docname=self.env.docname,
                file=rel,
                directive=self.name,
                agency=agency,
                year=year,
                form=report.form.id if report is not None else '',
                title=result.title or '',
                valid=report is not None,
                agency_id=str(data.get('agency_id') or ''),
                level=str(data.get('level') or ''),
                errors=checked.count('error'),
                warnings=checked.count('warning'),
                n=self.report_number(rel),
            )
        )

    def report_number(self, rel: str) -> int:
        """0, except for a whole report: its number on the page (1, 2, …)."""
        return 0

    def option_error(self, option: str, found: str, known: list[str]) -> nodes.Element:
        """Warn about a wrong option value and show the error where the content would be."""
        problem = Problem(
            'unknown-option-value', params={'option': option, 'found': found, 'known': tuple(known)}
        )
        _warn(problem, self.config, (self.env.docname, self.lineno))
        text = problem.message(message_language(self.config))
        return nodes.error('', nodes.paragraph(text, text), classes=['disclosure-error'])

    def ids(self) -> DocumentIds:
        return DocumentIds(self.state.document, self.options.get('id-prefix', ''))


class ReportDirective(_ReportDirective):
    """``.. disclosure-report:: path/to/report.yaml`` — the whole report."""

    required_arguments = 1
    option_spec = {
        'no-title': directives.flag,
        'id-prefix': directives.unchanged,
    }

    def render(self) -> list[nodes.Node]:
        checked, display = self.load(self.arguments[0])
        if checked.report is None:
            box = error_box(checked.result, display, self.config)
            if 'no-title' in self.options:
                return [box]
            # keep the page's title (the report would have given it one)
            section = nodes.section(classes=['disclosure-report'], disclosure_generated=True)
            self.ids().claim('report', section)
            title = checked.result.title or display
            section += nodes.title(title, title)
            section += box
            return [section]
        ids = RecordingIds(self.ids())  # the corrections link to the ids given
        out = build_report(
            checked.report,
            ids,
            findings=checked.findings,
            note_title=render(word('note-title'), message_language(self.config)),
            with_title='no-title' not in self.options,
            date_style=self.config.disclosure_date_style,
            blank_note=blank_note_text(self.config),
        )
        box = findings_box(checked, self.config, self.ids())
        if box is not None:
            out[-1] += box
        # the report's data files (written beside the page by the HTML builders) and the line
        # that links them, under the report's title
        n = self.report_number(display)
        stage(
            self.env,
            self.env.docname,
            checked.report,
            n,
            file=display,
            id_prefix=self.options.get('id-prefix', ''),
        )
        out[0].insert(0 if 'no-title' in self.options else 1, downloads_node(self.env.docname, n))
        # the corrections (更正说明), under the download line
        lang = message_language(self.config)
        revisions = revisions_box(checked.report, ids, lang, self.config.disclosure_date_style)
        if revisions is not None:
            out[0].insert(1 if 'no-title' in self.options else 2, revisions)
        return out

    def report_number(self, rel: str) -> int:
        """The report's number among the whole reports of this page (1 for the first file): its
        data files beside the page are ``<page>.json``, ``<page>-2.json`` …"""
        files: list[str] = []
        for record in self.env.get_domain('disclosure').pages.get(self.env.docname, []):
            if record['directive'] == self.name and record['file'] not in files:
                files.append(record['file'])
        return files.index(rel) + 1 if rel in files else len(files) + 1


class TableDirective(_ReportDirective):
    """``.. disclosure-table:: path/to/report.yaml`` with ``:table: active|applications|review``."""

    required_arguments = 1
    option_spec = {
        'table': directives.unchanged_required,
        'id-prefix': directives.unchanged,
        'caption': directives.unchanged,
    }

    def render(self) -> list[nodes.Node]:
        checked, display = self.load(self.arguments[0])
        if checked.report is None:
            return [error_box(checked.result, display, self.config)]
        report = checked.report
        table_id = self.options.get('table', '').strip()
        if table_id not in report.form.tables:
            return [self.option_error(':table:', table_id, list(report.form.tables))]
        table = report.form.tables[table_id]
        caption = self.options.get('caption') or f'{report.agency}{report.year}年{table.caption}'
        node = build_table(
            table,
            report.table_cells(table_id),
            caption=caption,
            flagged=flagged_keys(checked.findings),
            ids=self.ids(),
        )
        self.ids().claim(table_id, node)
        title = render(word('note-title'), message_language(self.config))
        return [
            node,
            *blank_cells_note(report.table_cells(table_id), blank_note_text(self.config)),
            *acknowledgement_notes(checked.findings, table_id, title),
        ]


class SourceDirective(_ReportDirective):
    """``.. disclosure-source:: path/to/report.yaml`` — the report that the role reads on this
    page, without rendering anything."""

    required_arguments = 1

    def render(self) -> list[nodes.Node]:
        self.load(self.arguments[0])
        return []


class NarrativeDirective(_ReportDirective):
    """``.. disclosure-section:: path/to/report.yaml`` with ``:section: overview`` — the
    narrative of one section, numbered as in the report, for pages that lay out a report by
    hand."""

    required_arguments = 1
    option_spec = {
        'section': directives.unchanged_required,
        'id-prefix': directives.unchanged,
    }

    def render(self) -> list[nodes.Node]:
        checked, display = self.load(self.arguments[0])
        if checked.report is None:
            return [error_box(checked.result, display, self.config)]
        report = checked.report
        section_id = self.options.get('section', '').strip()
        ids = [s.id for s in report.form.sections]
        if section_id not in ids:
            return [self.option_error(':section:', section_id, ids)]
        number = ids.index(section_id) + 1
        return render_blocks(report.sections[section_id], 2, f'sec-{number}', self.ids())


class RulesDirective(SphinxDirective):
    """``.. disclosure-rules::`` — the catalogue of consistency rules, with the severities in
    force in this project."""

    def run(self) -> list[nodes.Node]:
        table = rules_table(
            list(catalogue().values()),
            self.config.disclosure_rule_severity,
            message_language(self.config),
        )
        self.state.document.note_implicit_target(table)
        return [table]


class DisclosureRole(SphinxRole):
    """``:disclosure:`applications.new.total``` — a number of the page's current report."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        key = self.text.strip()
        location = self.get_location()
        current = self.env.temp_data.get(CURRENT)
        if current is None:
            _warn(Problem('no-report-for-role'), self.config, location)
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        result, display = current
        report = result.report
        if report is None:  # the directive that set it has reported why
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        cell = report.cells.get(key)
        if cell is None:
            _warn(
                Problem(
                    'unknown-value-key',
                    file=display,
                    key=key,
                    params={'key': key, 'suggestion': did_you_mean(key, report.cells)},
                ),
                self.config,
                location,
            )
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        if cell.blank:
            _warn(
                Problem('blank-value', file=display, line=cell.line, key=key, params={'key': key}),
                self.config,
                location,
            )
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        text = format_value(cell.value)
        return [nodes.inline(self.rawtext, text, classes=['disclosure-value'])], []


# --------------------------------------------------------------------------------------------
# numbering of hand-written headings


class NumberingTransform(Transform):
    """Number the sections below the one holding the ``disclosure-numbering`` directive.

    The sections directly below get 一、, theirs （一）, then 1. and （1）. Runs as a docutils
    pending transform, before Sphinx collects titles for the table of contents.
    """

    default_priority = 200

    def apply(self) -> None:
        pending = self.startnode
        start = pending.parent
        pending.parent.remove(pending)
        self._number(start, 1, 'sec')

    def _number(self, parent: nodes.Element, level: int, id_base: str) -> None:
        n = 0
        for section in parent.children:
            # sections written by our directives are numbered already
            if not isinstance(section, nodes.section) or section.get('disclosure_generated'):
                continue
            n += 1
            title = section[0]
            base = f'{id_base}-{n}'
            if level > numbering.MAX_LEVEL or n > numbering.MAX_NUMBER:
                problem = (
                    Problem('numbering-depth', params={'depth': level})
                    if level > numbering.MAX_LEVEL
                    else Problem('numbering-range', params={'limit': numbering.MAX_NUMBER})
                )
                logger.warning(
                    problem.message(self._lang()),
                    location=title,
                    type='disclosure',
                    subtype=problem.code,
                )
            else:
                prefix = numbering.existing_prefix(title.astext())
                if prefix:
                    logger.warning(
                        Problem('already-numbered', params={'prefix': prefix}).message(
                            self._lang()
                        ),
                        location=title,
                        type='disclosure',
                        subtype='already-numbered',
                    )
                else:
                    number = numbering.label(level, n)
                    title.insert(0, nodes.inline(number, number, classes=['disclosure-number']))
            DocumentIds(self.document).claim(base, section)
            self._number(section, level + 1, base)

    def _lang(self) -> str:
        env = self.document.settings.env
        return message_language(env.config)


class NumberingDirective(SphinxDirective):
    """``.. disclosure-numbering::`` — number the headings of this page 一、（一）1.（1）."""

    def run(self) -> list[nodes.Node]:
        pending = nodes.pending(NumberingTransform)
        self.state.document.note_pending(pending)
        return [pending]
