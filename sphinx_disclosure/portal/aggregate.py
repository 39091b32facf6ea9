"""``disclosure-aggregate``: the 本级政府 tables as the cell-by-cell sum of listed reports.

::

    .. disclosure-aggregate::
       :agency: 某县人民政府（各单位汇总）

       ../office/reports/2021.yaml
       ../education/reports/2021.yaml

The files (arguments, or one per line of the content) are loaded like any report (each checked,
its dependency noted: editing one re-reads the page); one of another year or format, one listed
twice, or one that cannot be read gives one located error and no table. The sum is checked by the
rules of the catalogue that concern a table's arithmetic, and shown with the units that make it
up (linked to their pages) and the cells some unit left blank (blank in the sum, never 0).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives

from ..aggregate import compare, refuse_mixed, sum_reports
from ..config import message_language
from ..directives import CURRENT, _ReportDirective, _warn, log
from ..messages import Problem, render, word
from ..model import LoadResult, format_value
from ..render.report import DocumentIds, flagged_keys
from ..render.tables import build_table, cell_anchor
from ..rules.engine import cell_label, evaluate
from .links import report_link

#: the rules a sum of reports is checked by: the arithmetic inside its tables (it has no text,
#: no last year, no units of its own; a blank total in it comes from a unit's blank cell)
TABLE_KINDS = ('balance', 'declared-totals', 'at-most', 'share')


class AggregateDirective(_ReportDirective):
    """The sum of the listed reports, its check, and who contributed."""

    required_arguments = 0
    optional_arguments = 100
    final_argument_whitespace = False
    has_content = True
    option_spec = {
        'agency': directives.unchanged,
        'units-of': directives.unchanged,
        'id-prefix': directives.unchanged,
    }

    def paths(self) -> list[str]:
        lines = [line.strip() for line in self.content]
        return [*self.arguments, *(p for p in lines if p and not p.startswith('#'))]

    def refuse(self, problem: Problem) -> list[nodes.Node]:
        """One located error, and in place of the tables the same words: no table."""
        _warn(problem, self.config, (self.env.docname, self.lineno))
        text = problem.message(message_language(self.config))
        return [nodes.error('', nodes.paragraph(text, text), classes=['disclosure-error'])]

    def render(self) -> list[nodes.Node]:
        lang = message_language(self.config)
        where = {'file': self.env.doc2path(self.env.docname, False).as_posix(), 'line': self.lineno}
        paths = self.paths()
        published = None  # the 本级政府 report whose units are summed (:units-of:)
        if self.options.get('units-of', '').strip():
            if paths:
                return self.refuse(Problem('aggregate-units-and-files', **where))
            checked, rel = self.load(self.options['units-of'].strip())
            if checked.report is None:
                return self.refuse(Problem('aggregate-invalid', **where, params={'file': rel}))
            units = checked.units
            if units is None:
                return self.refuse(Problem('aggregate-no-units', **where, params={'file': rel}))
            if units.problems:
                return self.refuse(Problem('aggregate-invalid', **where, params={'file': rel}))
            if units.missing:
                return [self.incomplete(checked.report, rel, units.missing, lang)]
            published = (checked.report, rel)
            reports = list(units.reports)
            shown = [self.relative(u) for u in reports]
        else:
            if not paths:
                return self.refuse(Problem('aggregate-empty', **where))
            reports = []
            shown = []
            for path in paths:
                checked, rel = self.load(path)
                if checked.report is None:
                    first = checked.result.problems[0] if checked.result.problems else None
                    if first is not None and first.code == 'file-not-found':
                        return self.refuse(Problem('file-not-found', **where, params=first.params))
                    return self.refuse(Problem('aggregate-invalid', **where, params={'file': rel}))
                reports.append(checked.report)
                shown.append(rel)
        problem = refuse_mixed(reports, where)
        if problem is not None:
            return self.refuse(problem)
        default = (
            word('aggregate-agency-units', agency=published[0].agency)
            if published
            else word('aggregate-agency', count=len(reports))
        )
        agency = self.options.get('agency', '').strip() or render(default, lang)
        summed = sum_reports(
            reports, agency=agency, display=f'{where["file"]}:{self.lineno} (disclosure-aggregate)'
        )
        report = summed.report
        evaluation = evaluate(
            report, None, dict(self.config.disclosure_rule_severity), kinds=TABLE_KINDS
        )
        for finding in evaluation.findings:
            log(finding, self.config, (self.env.docname, self.lineno))
        # the role :disclosure: reads the sum on the rest of the page
        self.env.temp_data[CURRENT] = (LoadResult(report, []), report.display)

        ids = DocumentIds(self.state.document, self.options.get('id-prefix', 'aggregate-'))
        out: list[nodes.Node] = []
        intro = render(
            word('aggregate-intro', count=len(reports), year=report.year, agency=agency), lang
        )
        out.append(nodes.paragraph(intro, intro, classes=['disclosure-aggregate-intro']))
        out.append(self.units_table(reports, shown, lang, ids))
        if published is not None:
            out.append(self.check_result(published[0], published[1], reports, lang))
        flagged = flagged_keys(evaluation.findings)
        for table in report.form.tables.values():
            node = build_table(
                table,
                report.table_cells(table.id),
                caption=f'{agency}{report.year}年{table.caption}',
                flagged=flagged,
                ids=ids,
            )
            node['classes'].append('disclosure-aggregate')
            ids.claim(table.id, node)
            out.append(node)
        if summed.blanks:
            out.append(self.blanks_note(report, summed.blanks, lang))
        return out

    def relative(self, report) -> str:
        """A report's file relative to the source directory (as the domain records it)."""
        return Path(os.path.relpath(report.path, self.env.srcdir)).as_posix()

    def incomplete(self, county, rel: str, missing, lang: str) -> nodes.Element:
        """No sum when a unit's report is missing: it would be presented as the total."""
        box = nodes.container(classes=['disclosure-note', 'disclosure-aggregate-incomplete'])
        names = '、'.join(m.display for m in missing)
        text = render(
            word('aggregate-incomplete', agency=county.agency, year=county.year, units=names),
            lang,
        )
        para = nodes.paragraph(text, text)
        box += para
        # what the county's report says about it (an explanation of RH.2), shown with it
        for ack in county.data.get('acknowledged') or []:
            if ack.get('rule') == 'RH.2':
                said = render(
                    word('aggregate-incomplete-explained', explanation=ack['explanation']), lang
                )
                box += nodes.paragraph(said, said)
        return box

    def check_result(self, county, rel: str, units, lang: str) -> nodes.Element:
        """The hierarchy check shown: the published figures against the sum (RH.1)."""
        comparison = compare(county, units)
        box = nodes.container(classes=['disclosure-aggregate-check'])
        para = nodes.paragraph()
        para += report_link(rel, county.title)
        summary = word(
            'aggregate-check-differ' if comparison.differences else 'aggregate-check-agree',
            count=comparison.compared,
            differ=len(comparison.differences),
            units=len(units),
        )
        para += nodes.Text(render(summary, lang))
        if comparison.blanks:
            para += nodes.Text(
                render(word('aggregate-check-blanks', count=len(comparison.blanks)), lang)
            )
        box += para
        if comparison.differences:
            items = nodes.bullet_list(bullet='-')
            for key, reported, expected in comparison.differences[:50]:
                table_id, rel_key = key.split('.', 1)
                item = nodes.paragraph()
                item += report_link(
                    rel,
                    render(cell_label(county, key), lang),
                    anchor=cell_anchor(table_id, rel_key),
                )
                text = render(
                    word(
                        'aggregate-check-item',
                        reported=format_value(reported),
                        expected=format_value(expected),
                    ),
                    lang,
                )
                item += nodes.Text(text)
                items += nodes.list_item('', item)
            box += items
        return box

    def units_table(self, reports, shown: list[str], lang: str, ids) -> nodes.table:
        table = nodes.table(classes=['disclosure-aggregate-units'])
        caption = render(word('aggregate-units-caption'), lang)
        table += nodes.title(caption, caption)
        tgroup = nodes.tgroup(cols=3)
        table += tgroup
        for width in (30, 10, 40):
            tgroup += nodes.colspec(colwidth=width)
        thead = nodes.thead()
        tgroup += thead
        head = nodes.row()
        for which in ('index-agency', 'index-year', 'aggregate-file'):
            text = render(word(which), lang)
            head += nodes.entry('', nodes.paragraph(text, text))
        thead += head
        tbody = nodes.tbody()
        tgroup += tbody
        for report, rel in zip(reports, shown, strict=True):
            row = nodes.row()
            para = nodes.paragraph()
            para += report_link(rel, report.agency)
            row += nodes.entry('', para)
            row += nodes.entry('', nodes.paragraph('', str(report.year)))
            row += nodes.entry('', nodes.paragraph('', '', nodes.literal(rel, rel)))
            tbody += row
        ids.claim('units', table)
        return table

    def blanks_note(self, report, blanks: dict[str, Any], lang: str) -> nodes.Element:
        """The cells of the sum left blank because a unit left them blank, and which unit."""
        box = nodes.container(classes=['disclosure-note', 'disclosure-aggregate-blanks'])
        text = render(word('aggregate-blanks', count=len(blanks)), lang)
        box += nodes.paragraph(text, text)
        items = nodes.bullet_list(bullet='-')
        for key, units in list(blanks.items())[:50]:
            names = '、'.join(u.agency for u in units)
            item = render(
                word('aggregate-blank-item', cell=cell_label(report, key), units=names), lang
            )
            items += nodes.list_item('', nodes.paragraph(item, item))
        if len(blanks) > 50:
            more = render(word('aggregate-blank-more', count=len(blanks) - 50), lang)
            items += nodes.list_item('', nodes.paragraph(more, more))
        box += items
        return box


def setup(app: Any) -> None:
    app.add_directive('disclosure-aggregate', AggregateDirective)
