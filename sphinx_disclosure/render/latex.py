"""LaTeX/PDF specifics: print-ready defaults, one PDF per report, and the tables' layout.

Everything here is a default a project can override:

* ``disclosure_latex_defaults = True`` (conf.py) fills in what the project has not set itself:
  xelatex, A4, Noto CJK fonts, no section numbers (the titles carry 一、 already), Chinese names,
  the signature block right-aligned. Keys the project writes in ``latex_elements`` win; its
  ``preamble`` is appended after ours.
* ``disclosure_pdf_per_report = True`` adds one LaTeX document per page that holds a
  ``disclosure-report`` directive, named after the page (``2021.rst`` → ``2021.pdf``), besides
  the project's own documents (the whole site).
* Statutory tables are fully ruled (``standard`` style), with the column widths, type size and
  page breaking of the ``print:`` block of their forms file (:class:`TableLayout`); 表三 is a
  longtable whose header is repeated on every page.

Report files are untrusted input. Their text reaches LaTeX in two ways only: as docutils text
nodes, which Sphinx's writer escapes, and through :func:`latex_text`, for the values this module
hands to Sphinx as LaTeX source (the title and author of each report's document).
"""

from __future__ import annotations

import os
import re
from typing import Any

import sphinx
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging, texescape

from ..config import message_language
from ..messages import render, word
from .tables import disclosure_keep_row

logger = logging.getLogger(__name__)

#: what the extension puts in latex_elements unless the project sets the key itself
PREAMBLE = r"""
% --- sphinx-disclosure defaults (disclosure_latex_defaults) ---
\setCJKmainfont{Noto Serif CJK SC}
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
\xeCJKsetup{CJKecglue={}}
% titles carry their own numbers (一、 （一） 1.): no Arabic numbering in front of them
\setcounter{secnumdepth}{-2}
\renewcommand{\contentsname}{目录}
\addto\captionsenglish{\renewcommand{\contentsname}{目录}}
% Chinese paragraphs start with a two-character indent, the first after a heading too
\setlength{\parindent}{2em}
\usepackage{indentfirst}
% a table continued on the next page says so in Chinese
\renewcommand{\sphinxtablecontinued}[1]{\textit{（续表）}}
% the closing signature block (agency, date) stands on the right
\newenvironment{sphinxclassdisclosure-signature}{\par\medskip\raggedleft}{\par}
% a report on its own (howto class): title at the top of the first page, no title page
\makeatletter
\newcommand{\disclosuremaketitle}{\@ifclassloaded{sphinxmanual}{\sphinxmaketitle}{%
  \begin{center}{\LARGE\sffamily\bfseries\@title\par}\end{center}\bigskip}}
\newcommand{\disclosuretableofcontents}{%
  \@ifclassloaded{sphinxmanual}{\sphinxtableofcontents}{}}
% the PDF's Title and Author: the document's \title and \author (escaped by latex_text), also
% for a report's own PDF, whose title is not made by \sphinxmaketitle (which sets them)
\newcommand{\disclosurepdfinfo}{\@ifpackageloaded{hyperref}{\begingroup
  \def\endgraf{ }\def\and{\& }\pdfstringdefDisableCommands{\def\\{, }}%
  \hypersetup{pdfauthor={\@author}, pdftitle={\@title}}\endgroup}{}}
\AtBeginDocument{\disclosurepdfinfo}
\makeatother
"""

ELEMENTS = {
    'papersize': 'a4paper',
    'pointsize': '11pt',
    'releasename': '',
    'fncychap': '',
    'sphinxsetup': 'TitleColor={rgb}{0,0,0}, InnerLinkColor={rgb}{0,0,0}',
    'printindex': '',
    'makeindex': '',
    'maketitle': r'\disclosuremaketitle',
    'tableofcontents': r'\disclosuretableofcontents',
}


#: Sphinx 9.1's fix for page breaks inside vertically merged cells (sphinxlatextables.sty,
#: #14228), for Sphinx 9.0: \nobreak under the partial rules of a row whose cells continue.
NOBREAK_BACKPORT = r"""
% --- sphinx-disclosure: backport of Sphinx 9.1 #14228 (no page break under partial rules) ---
\makeatletter
\def\@cline#1-#2\@nil{%
  \omit\@multicnt#1\advance\@multispan\m@ne\ifnum\@multicnt=\@ne\@firstofone{&\omit}\fi
  \@multicnt#2\advance\@multicnt-#1\advance\@multispan\@ne
  {\CT@arc@\ifnum#1>\@ne\kern-\spx@arrayrulewidth\fi
   \leaders\hrule\@height\arrayrulewidth\hfill}%
  \cr\noalign{\nobreak\vskip-\arrayrulewidth}}
\def\sphinxtablevlinecrossing#1{%
  \sphinxtabledecrementrownum\omit\@multispan{#1}\hfill\spx@table@fixvlinejoin
  \cr\noalign{\nobreak\vskip-\arrayrulewidth}}
\def\sphinxtablefixclines#1{%
  \sphinxtabledecrementrownum\omit\spx@table@fixvlinejoin\@multispan{#1}\hfill
  \spx@table@fixvlinejoin\cr\noalign{\nobreak}}
\makeatother
"""


def apply_defaults(app: Sphinx, config) -> None:
    """``config-inited``: LaTeX settings for a Chinese report, where the project set none."""
    if not config.disclosure_latex_defaults:
        return
    raw = getattr(config, '_raw_config', {})
    if 'latex_engine' not in raw:
        config.latex_engine = 'xelatex'
    if 'latex_use_xindy' not in raw:
        config.latex_use_xindy = False
    elements = dict(config.latex_elements or {})
    for key, value in ELEMENTS.items():
        elements.setdefault(key, value)
    backport = NOBREAK_BACKPORT if sphinx.version_info < (9, 1) else ''
    # Sphinx loads xeCJK only when the site's language is Chinese; report text is Chinese
    # whatever the language of the site (Read the Docs builds with -D language=<project's>)
    cjk = '' if _chinese(config.language) else '\\usepackage{xeCJK}\n'
    elements['preamble'] = cjk + PREAMBLE + backport + elements.get('preamble', '')
    config.latex_elements = elements


def _chinese(language: str | None) -> bool:
    return (language or '').replace('-', '_').lower().startswith('zh')


# --------------------------------------------------------------------------------------------
# report text as LaTeX source

_CONTROL = re.compile(r'[\x00-\x1f\x7f-\x9f]')


def latex_text(text: str, engine: str = 'xelatex') -> str:
    r"""Text from a report (or a forms file) as LaTeX source that prints exactly that text.

    This is the only path by which such text may enter LaTeX that the package writes itself.
    Text in docutils nodes needs nothing: Sphinx's LaTeX writer escapes it. But what the
    package hands to Sphinx *as LaTeX* is written out raw -- the title and author in
    ``latex_documents`` go straight into ``\title{...}`` and ``\author{...}`` -- and report
    files are untrusted input: ``agency: '\input{/etc/hostname}'`` would print a file of the
    build machine into the PDF. So every such value passes through here, which uses Sphinx's
    own escaping (:func:`sphinx.util.texescape.escape`, as its writer does for body text), not a
    table of ours. Control characters and line breaks become single spaces: the result is the
    argument of a macro, where a paragraph break or ``^^L`` stops the build.
    """
    texescape.init()  # idempotent; Sphinx fills the tables only when its LaTeX builder starts
    return texescape.escape(' '.join(_CONTROL.sub(' ', text).split()), engine)


# --------------------------------------------------------------------------------------------
# one PDF per report


def report_file_name(docname: str) -> str:
    """The name (without extension) of a report page's own LaTeX document and PDF:
    ``agencies/education/2021`` → ``agencies-education-2021``."""
    return re.sub(r'[^A-Za-z0-9_.-]+', '-', docname).strip('-') or 'report'


def report_documents(app: Sphinx) -> list[tuple[str, str, str, str, str]]:
    """``latex_documents`` entries for the pages that show a whole report.

    The pages come from the environment data the directives recorded while reading
    (:class:`~sphinx_disclosure.domain.DisclosureDomain`), so a report in any MyST fence is found
    and a directive quoted in a code block is not, and nothing re-reads page sources. Title and
    author are the report's own (escaped: they are written into LaTeX as they are).
    """
    from ..domain import DisclosureDomain

    domain = app.env.get_domain('disclosure')
    assert isinstance(domain, DisclosureDomain)
    engine = app.config.latex_engine
    taken = {d[0] for d in app.config.latex_documents}
    documents = []
    for entry in domain.entries('disclosure-report'):
        if entry.docname in taken:
            continue
        taken.add(entry.docname)
        documents.append(
            (
                entry.docname,
                f'{report_file_name(entry.docname)}.tex',
                latex_text(entry.title or entry.docname, engine),
                latex_text(entry.agency, engine),
                'howto',
            )
        )
    return documents


def on_read_the_docs() -> bool:
    """Whether this build runs on Read the Docs (which sets ``READTHEDOCS=True``)."""
    return os.environ.get('READTHEDOCS') == 'True'


def pdf_per_report(config: Any, builder_format: str) -> bool:
    """Whether report pages get their own PDF: ``disclosure_pdf_per_report`` True or False, or
    ``auto``: yes, except in Read the Docs' own PDF build. That build runs ``latexmk
    -jobname=<project>`` in the LaTeX folder with no file name, which refuses a folder of
    several documents, and keeps exactly one PDF: there the per-report PDFs are made in a step
    of their own (``-D disclosure_pdf_per_report=1``, see the docs' Read the Docs page)."""
    value = config.disclosure_pdf_per_report
    if value == 'auto':
        return not (builder_format == 'latex' and on_read_the_docs())
    return bool(value)


def add_report_documents(app: Sphinx, env) -> None:
    """``env-updated``: after every page is read, before the LaTeX builder reads
    ``latex_documents``: one LaTeX document (hence one PDF) per report page, besides the
    project's own documents (the whole site)."""
    if app.builder.format != 'latex':
        return
    if not pdf_per_report(app.config, 'latex'):
        if app.config.disclosure_pdf_per_report == 'auto':
            logger.info(
                render(word('pdf-per-report-rtd'), message_language(app.config)),
            )
        return
    app.config.latex_documents = [*app.config.latex_documents, *report_documents(app)]


# --------------------------------------------------------------------------------------------
# tables


def column_spec(width: int, number_columns: set[int], layout: dict) -> str:
    """A LaTeX column spec: every column ruled; labels flush left and wrapping; number columns
    centred, as printed statistical tables are (a merged cell takes the alignment of its last
    column, so the headers over the numbers are centred too). Widths come from the table's
    ``print:`` block in its forms file (:class:`~sphinx_disclosure.forms.PrintLayout`)."""
    labels = list(layout['label_widths'])
    widths = []
    for col in range(width):
        if col not in number_columns and labels:
            widths.append(labels.pop(0))
        else:
            widths.append(layout['number_width'])
    total = sum(widths)
    cols = []
    for col, share in enumerate(widths):
        align = (
            r'>{\centering\arraybackslash}'
            if col in number_columns
            else r'>{\raggedright\arraybackslash}'
        )
        fixed = layout['fixed_width']
        size = f'p{{{fixed}}}' if fixed else rf'\X{{{share}}}{{{total}}}'
        cols.append(align + size)
    return '|' + '|'.join(cols) + '|'


class TableLayout(SphinxPostTransform):
    """Print each statutory table as its forms file says: fully ruled (``standard`` style) with
    the given column widths, in the given type size, as a longtable where it may run over
    pages. The forms' values were checked when the file was loaded (sizes from a fixed list,
    lengths of a fixed shape); nothing of a report reaches the LaTeX written here."""

    default_priority = 200
    formats = ('latex',)

    def run(self, **kwargs) -> None:
        for table in list(self.document.findall(nodes.table)):
            layout = table.get('disclosure_print')
            if layout is None:
                continue
            table['classes'] += ['standard', 'nocolorrows']
            if layout['longtable']:
                table['classes'].append('longtable')
            spec = addnodes.tabular_col_spec()
            tgroup = next(iter(table.findall(nodes.tgroup)))
            spec['spec'] = column_spec(
                tgroup['cols'], set(table['disclosure_number_columns']), layout
            )
            size = '\\' + layout['font']
            if layout['column_sep']:
                size += rf'\setlength{{\tabcolsep}}{{{layout["column_sep"]}}}'
            parent, index = table.parent, table.parent.index(table)
            parent.insert(index + 1, nodes.raw('', r'\endgroup', format='latex'))
            parent.insert(index, spec)
            parent.insert(
                index,
                nodes.raw(
                    '', rf'\begingroup{size}\renewcommand{{\arraystretch}}{{1.2}}', format='latex'
                ),
            )


class DropHiddenCaptions(SphinxPostTransform):
    """In print, a table inside a full report needs no caption: the section heading above it
    names it (HTML keeps the caption for screen readers and hides it)."""

    default_priority = 200
    formats = ('latex',)

    def run(self, **kwargs) -> None:
        for title in list(self.document.findall(nodes.title)):
            if 'disclosure-caption-hidden' in title['classes'] and isinstance(
                title.parent, nodes.table
            ):
                title.parent.remove(title)


def visit_keep_row(self, node: disclosure_keep_row) -> None:
    self.visit_row(node)


def depart_keep_row(self, node: disclosure_keep_row) -> None:
    """No page break after a row inside a cell merged over several rows.

    Where longtable breaks a page inside a vertically merged cell, the cell's text runs past
    the bottom of the page (over the footer). Sphinx 9.1 (#14228) forbids the breaks between
    the partial rules under such rows; the break between the row and its rules remains, and we
    forbid it here. 表三 then breaks before or after its 三、本年度办理结果 block, never inside.
    """
    start = len(self.body)
    self.depart_row(node)
    self.body.insert(start + 1, '\\noalign{\\nobreak}\n')


def setup(app: Sphinx) -> None:
    app.connect('config-inited', apply_defaults, priority=600)
    app.connect('env-updated', add_report_documents)
    app.add_post_transform(DropHiddenCaptions)
    app.add_post_transform(TableLayout)
    app.add_node(disclosure_keep_row, latex=(visit_keep_row, depart_keep_row))
