"""``disclosure-compare``: one agency's reports side by side across years, with a trend chart.

::

    .. disclosure-compare:: reports/
       :agency: natural-resources
       :years: 2019-2025
       :chart: on
       :id-prefix: x-

The arguments are report files, or a folder (every ``*.yaml``/``*.yml`` directly in it). Each
file is loaded like any report (checked, its messages logged once, its dependency noted; the
folder's list of files is remembered, so a report added to it re-reads the page). The figures
and their rules are :mod:`sphinx_disclosure.series`; the nodes
:mod:`sphinx_disclosure.render.compare`.

The chart is drawn when pages are written, by the visitors registered here: SVG beside the
site's images and its numbers as CSV among its downloads (HTML), PDF beside the ``.tex`` file
(LaTeX); every other builder writes its text alternative. Files are named by the chart's hash
and written through a temporary file: parallel writers of the same chart do not collide.
"""

from __future__ import annotations

import os
import posixpath
import tempfile
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging

from .. import charts
from ..config import message_language
from ..directives import CURRENT, _ReportDirective, _warn, confinement, source_path
from ..messages import Problem, word
from ..render.compare import comparison_nodes, disclosure_chart, note
from ..render.latex import latex_text
from ..render.report import DocumentIds
from ..series import Source, compare
from .index import parse_years
from .links import report_link

logger = logging.getLogger(__name__)

SUFFIXES = ('.yaml', '.yml')
CHART_CHOICES = ('on', 'off')
#: environment attribute: docname -> [(folder relative to the source directory, its files)]
FOLDERS = 'disclosure_compare_folders'


class CompareDirective(_ReportDirective):
    """Year-over-year comparison of one agency's reports."""

    required_arguments = 1
    optional_arguments = 100
    final_argument_whitespace = False
    option_spec = {
        'agency': directives.unchanged,
        'years': directives.unchanged,
        'chart': directives.unchanged,
        'id-prefix': directives.unchanged,
    }

    def where(self) -> dict:
        return {'file': self.env.doc2path(self.env.docname, False).as_posix(), 'line': self.lineno}

    def refuse(self, problem: Problem) -> list[nodes.Node]:
        """One located error, and in place of the tables the same words: no table."""
        _warn(problem, self.config, (self.env.docname, self.lineno))
        text = problem.message(message_language(self.config))
        return [nodes.error('', nodes.paragraph(text, text), classes=['disclosure-error'])]

    def files(self) -> tuple[list[str], list[nodes.Node]]:
        """The report files named (a folder stands for the report files directly in it, in
        name order), and notes about folders without any."""
        lang = message_language(self.config)
        paths: list[str] = []
        notes: list[nodes.Node] = []
        confine = confinement(self.env)
        for argument in self.arguments:
            rel, abs_path = source_path(self.env, argument)
            if not (confine.contains(abs_path) and os.path.isdir(abs_path)):
                paths.append(argument)  # a file; or what load() will explain it is not
                continue
            names = sorted(
                n
                for n in os.listdir(abs_path)
                if n.endswith(SUFFIXES) and os.path.isfile(os.path.join(abs_path, n))
            )
            self.note_folder(rel, names)
            if not names:
                notes.append(note([word('usage-no-reports', path=argument)], lang))
            paths += [posixpath.join(argument, n) for n in names]
        return paths, notes

    def note_folder(self, rel: str, names: list[str]) -> None:
        """Remember the folder's files: one added or removed re-reads this page
        (:func:`outdated`), as Sphinx notes dependencies on files only."""
        folders = getattr(self.env, FOLDERS, None)
        if folders is None:
            folders = {}
            setattr(self.env, FOLDERS, folders)
        entry = (rel, tuple(names))
        page = folders.setdefault(self.env.docname, [])
        if entry not in page:
            page.append(entry)

    def render(self) -> list[nodes.Node]:
        lang = message_language(self.config)
        chart = (self.options.get('chart') or 'on').strip()
        if chart not in CHART_CHOICES:
            return [self.option_error(':chart:', chart, list(CHART_CHOICES))]
        span = None
        if (self.options.get('years') or '').strip():
            span = parse_years(self.options['years'])
            if span is None:
                return [self.option_error(':years:', self.options['years'], ['2019-2025'])]
        paths, out = self.files()
        before = self.env.temp_data.get(CURRENT)
        sources = []
        seen = set()
        for path in paths:
            checked, rel = self.load(path)
            if rel in seen:
                continue
            seen.add(rel)
            sources.append(
                Source(rel, checked.report, checked.result.identity, checked.count('error'))
            )
        # the role :disclosure: goes on reading the report it read before this directive
        if before is None:
            self.env.temp_data.pop(CURRENT, None)
        else:
            self.env.temp_data[CURRENT] = before
        comparison, problem = compare(
            sources,
            agency=(self.options.get('agency') or '').strip(),
            years=span,
            where=self.where(),
        )
        if problem is not None:
            return self.refuse(problem)
        if comparison is None:
            broken = tuple(s.file for s in sources if s.report is None)
            if broken:
                out.append(note([word('compare-unplaced', files=broken)], lang))
            if not out or broken:
                out.append(note([word('compare-nothing')], lang))
            return out
        ids = DocumentIds(self.state.document, self.options.get('id-prefix', 'compare-'))
        found = comparison_nodes(comparison, lang, ids, report_link, chart=chart == 'on')
        for node in found:
            if isinstance(node, disclosure_chart):
                self.set_source_info(node)
        return out + found


# --------------------------------------------------------------------------------------------
# folders: a report added or removed re-reads the pages that compare the folder


def purge_folders(app: Any, env: Any, docname: str) -> None:
    getattr(env, FOLDERS, {}).pop(docname, None)


def merge_folders(app: Any, env: Any, docnames: list[str], other: Any) -> None:
    mine = getattr(env, FOLDERS, None)
    if mine is None:
        mine = {}
        setattr(env, FOLDERS, mine)
    theirs = getattr(other, FOLDERS, {})
    for docname in docnames:
        if docname in theirs:
            mine[docname] = list(theirs[docname])
        else:
            mine.pop(docname, None)


def outdated(app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """``env-get-outdated``: pages whose compared folder gained or lost a report file."""
    out = []
    for docname, folders in getattr(env, FOLDERS, {}).items():
        if docname in changed or docname in removed:
            continue
        for rel, names in folders:
            folder = os.path.join(env.srcdir, rel)
            try:
                now = tuple(
                    sorted(
                        n
                        for n in os.listdir(folder)
                        if n.endswith(SUFFIXES) and os.path.isfile(os.path.join(folder, n))
                    )
                )
            except OSError:
                now = ()
            if now != names:
                out.append(docname)
                break
    return sorted(out)


# --------------------------------------------------------------------------------------------
# drawing the chart, per builder


def chart_of(node: disclosure_chart) -> charts.Chart:
    return charts.Chart.of(
        node['title'],
        node['years'],
        [
            (name, [None if v is None else Decimal(v) for v in values])
            for name, values in node['series']
        ],
        node['xlabel'],
        node['ylabel'],
    )


def write_file(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and rename: a reader (or a parallel
    writer of the same chart) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_bytes() == data:
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix='.' + path.name, suffix='.tmp')
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _draw(self: Any, node: disclosure_chart, fmt: str) -> tuple[charts.Chart, bytes] | None:
    """The chart and its file, or None (after a warning) when the font is missing: the
    visitor then writes the chart's text alternative instead."""
    chart = chart_of(node)
    try:
        data = charts.render_svg(chart) if fmt == 'svg' else charts.render_pdf(chart)
    except charts.ChartFontMissing as exc:
        problem = Problem('chart-font-missing', params={'font': exc.font, 'package': exc.package})
        logger.warning(
            problem.message(message_language(self.builder.config)),
            location=node,
            type='disclosure',
            subtype=problem.code,
        )
        return None
    return chart, data


def visit_chart_html(self: Any, node: disclosure_chart) -> None:
    drawn = _draw(self, node, 'svg')
    if drawn is None:
        return  # the child paragraph (the text alternative) is written instead
    chart, svg = drawn
    name = f'disclosure-chart-{chart.digest()}'
    outdir = Path(self.builder.outdir)
    write_file(outdir / '_images' / f'{name}.svg', svg)
    src = posixpath.join(self.builder.imgpath, f'{name}.svg')
    self.body.append(self.starttag(node, 'figure', ''))
    self.body.append(
        f'<img src="{escape(src)}" alt="{escape(node["alt"])}" class="disclosure-chart-image" />\n'
    )
    self.body.append(
        f'<figcaption>\n<p><span class="caption-text">{escape(node["title"])}</span></p>\n'
    )
    if not self.builder.name.startswith('epub'):  # a book has no downloads
        write_file(outdir / '_downloads' / f'{name}.csv', chart.csv(node['csv_year']))
        href = posixpath.join(self.builder.dlpath, f'{name}.csv')
        self.body.append(
            f'<p class="disclosure-chart-download"><a class="reference download" '
            f'href="{escape(href)}" download="">{escape(node["csv_link"])}</a></p>\n'
        )
    self.body.append('</figcaption>\n</figure>\n')
    raise nodes.SkipNode


#: the folder of the chart PDFs inside the LaTeX output
CHART_DIR = 'disclosure-charts'


def visit_chart_latex(self: Any, node: disclosure_chart) -> None:
    drawn = _draw(self, node, 'pdf')
    if drawn is None:
        return
    chart, pdf = drawn
    # in a folder of their own: the LaTeX folder's top level holds the documents' PDFs only
    # (Read the Docs' PDF step refuses a folder with more than one)
    name = f'{CHART_DIR}/disclosure-chart-{chart.digest()}'
    write_file(Path(self.builder.outdir) / f'{name}.pdf', pdf)
    align = 'H' if self.no_latex_floats else self.elements['figure_align']
    caption = latex_text(node['title'], self.config.latex_engine)
    self.body.append(f'\n\\begin{{figure}}[{align}]\n\\centering\n\\capstart\n')
    self.body.append(f'\\sphinxincludegraphics[width=\\linewidth]{{{{{name}}}.pdf}}\n')
    self.body.append(f'\\caption{{{caption}}}{self.hypertarget_to(node)}\n\\end{{figure}}\n')
    raise nodes.SkipNode


def visit_chart_alt(self: Any, node: disclosure_chart) -> None:
    """Builders that show no image write the child paragraph: the text alternative."""


def depart_chart(self: Any, node: disclosure_chart) -> None:
    pass


# --------------------------------------------------------------------------------------------


def prepare_charts(app: Any, env: Any) -> None:
    """``env-updated``: in a parallel build that draws charts, import matplotlib and load its
    font list now, in the main process, before Sphinx forks the writers (each would otherwise
    do it again)."""
    if getattr(app, 'parallel', 1) <= 1 or app.builder.format not in ('html', 'latex'):
        return
    domain = env.get_domain('disclosure')
    if any(e.directive == 'disclosure-compare' for e in domain.entries()):
        charts.prepare()


def setup(app: Any) -> None:
    app.add_directive('disclosure-compare', CompareDirective)
    alt = (visit_chart_alt, depart_chart)
    app.add_node(
        disclosure_chart,
        html=(visit_chart_html, depart_chart),
        latex=(visit_chart_latex, depart_chart),
        text=alt,
        man=alt,
        texinfo=alt,
    )
    app.connect('env-purge-doc', purge_folders)
    app.connect('env-merge-info', merge_folders)
    app.connect('env-get-outdated', outdated)
    app.connect('env-updated', prepare_charts)
