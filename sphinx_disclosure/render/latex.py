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
  longtable whose header is repeated on every page, kept on one page with its rows 一 to 三
  (``keep_with_next``, :func:`depart_keep_row`), and moved to the next page with its heading
  when they do not fit (:func:`_room_before_heading`). Numbers stand flush right, as on the
  web page (:class:`disclosure_print_number`).
* Headings never end a page (PREAMBLE); captions are written 表1　标题 in a Chinese site
  (:data:`CAPTIONS_ZH`); each report's PDF carries its subject, keywords and language
  (:class:`ReportMetadata`).
* ``disclosure_latex_style = 'gongwen'``: a layout close to GB/T 9704-2012
  (:data:`GONGWEN_PREAMBLE`).

Report files are untrusted input. Their text reaches LaTeX in two ways only: as docutils text
nodes, which Sphinx's writer escapes, and through :func:`latex_text`, for the values this module
hands to Sphinx as LaTeX source (the title and author of each report's document, the agency in
its PDF keywords).
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
from .tables import disclosure_keep_row, display_width, grid_rows

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
% a heading never ends a page: it starts a new one when fewer than six lines are left below
% it; and no page break between a heading and a long table right below it (longtable allows
% one before every table, and a table kept together, 表三's header with its first rows, would
% otherwise leave the heading behind; see TableLayout for the room such a table needs)
\usepackage{etoolbox}
\usepackage{needspace}
\newcommand{\disclosureheadingspace}{\needspace{6\baselineskip}}
\pretocmd{\section}{\disclosureheadingspace}{}{}
\pretocmd{\subsection}{\disclosureheadingspace}{}{}
\pretocmd{\subsubsection}{\disclosureheadingspace}{}{}
\makeatletter
\newif\ifdisclosure@afterheading
\pretocmd{\sphinxatlongtablestart}{\global\let\ifdisclosure@afterheading\if@nobreak}{}{}
\patchcmd{\LT@start}{\penalty\z@}{\ifdisclosure@afterheading\nobreak\else\penalty\z@\fi}{}{}
\makeatother
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
% the language of the PDF (read by screen readers): a report's own PDF (howto class) is
% Chinese whatever the site's language; hyperref writes it when the document begins
\@ifpackageloaded{hyperref}{\hypersetup{pdflang=\@ifclassloaded{sphinxhowto}{zh-CN}{%
  \disclosuresitelanguage}}}{}
\makeatother
"""

#: the caption style of a Chinese site, as GB/T 7713.2 (and Chinese typesetting generally)
#: writes it: "表1　标题" -- no space inside the label (numfig_format, see apply_defaults), a
#: full-width space (one em of CJK type) after it, no colon. LaTeX's own caption macros with
#: the colon replaced (article/report's \@makecaption, longtable's \LT@makecaption), and a
#: caption of several lines centred (justified, a line that ends before "（2019—2023年）"
#: spreads its characters apart). The caption package would do it with options, but it lets a
#: page break fall between a table's caption and the table.
CAPTIONS_ZH = r"""
\makeatletter
\long\def\@makecaption#1#2{\vskip\abovecaptionskip\sbox\@tempboxa{#1\quad#2}%
  \ifdim\wd\@tempboxa>\hsize{\centering#1\quad#2\par}\else\global\@minipagefalse
  \hb@xt@\hsize{\hfil\box\@tempboxa\hfil}\fi\vskip\belowcaptionskip}
\def\LT@makecaption#1#2#3{\LT@mcol\LT@cols c{\hbox to\z@{\hss\parbox[t]\LTcapwidth{%
  \reset@font\sbox\@tempboxa{#1{#2\quad}#3}\ifdim\wd\@tempboxa>\hsize #1{#2\quad}#3%
  \else\hbox to\hsize{\hfil\box\@tempboxa\hfil}\fi\endgraf\vskip\baselineskip}\hss}}}
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


#: ``disclosure_latex_style = 'gongwen'``: the layout of GB/T 9704-2012《党政机关公文格式》 as
#: far as a report needs it. Page: A4, 天头 (top margin) 37 mm, 订口 (inner margin) 28 mm, 版心
#: (text block) 156 × 225 mm, two-sided (the 订口 is on the right of even pages). Body: 3号
#: (16 pt) 仿宋, 22 lines to the page: 21 baselines of (225 mm - 16 pt) / 21 below a first line
#: of 16 pt, no space between paragraphs or around headings, which would leave the line grid.
#: Title: 2号 (22 pt) 小标宋 (FandolSong Bold: TeX Live's free fonts have no 小标宋); 一级标题
#: 3号黑体, 二级标题 3号楷体, indented two characters like the paragraphs. Page numbers: 4号
#: (14 pt) half-width Arabic figures between 一字线 (— 1 —), 7 mm under the text block, odd
#: pages on the right and even pages on the left, one character in from the edge of the block.
#: The Fandol fonts come with TeX Live (texlive-lang-chinese), so the style needs no other font.
GONGWEN_ELEMENTS = {
    'pointsize': '12pt',
    'extraclassoptions': 'twoside',
    # reset: Sphinx passes its own margins to geometry (sphinxsetup's hmargin and vmargin),
    # which would over-determine the page together with these
    'geometry': (
        r'\usepackage{geometry}\geometry{reset,a4paper,twoside,top=37mm,inner=28mm,'
        r'textwidth=156mm,textheight=225mm,footskip=9mm,headheight=0pt,headsep=0pt}'
    ),
}

GONGWEN_PREAMBLE = r"""
% --- sphinx-disclosure: disclosure_latex_style = 'gongwen' (GB/T 9704-2012) ---
\setCJKmainfont[Extension=.otf,UprightFont=*-Regular,BoldFont=FandolHei-Regular,
  ItalicFont=FandolKai-Regular]{FandolFang}
\setCJKsansfont[Extension=.otf,UprightFont=*-Regular,BoldFont=*-Bold]{FandolHei}
\setCJKfamilyfont{disclosuretitle}[Extension=.otf]{FandolSong-Bold}
\setCJKfamilyfont{disclosurekai}[Extension=.otf]{FandolKai-Regular}
\makeatletter
% 3号 body on a grid of 22 lines: the first line 16 pt high, then 21 equal steps to 225 mm
\newlength{\disclosuregwline}
\setlength{\disclosuregwline}{\dimexpr(225mm-16.1pt)/21\relax}% 0.1 pt spare: 22 lines fit
\renewcommand{\normalsize}{\@setfontsize\normalsize{16pt}{\disclosuregwline}%
  \abovedisplayskip 8pt \belowdisplayskip 8pt \abovedisplayshortskip 0pt
  \belowdisplayshortskip 4pt}
\normalsize
\setlength{\topskip}{16pt}
\setlength{\parskip}{0pt}
\setlength{\parindent}{2em}
\AtBeginDocument{\setlength{\parskip}{0pt}}
% no room asked for before headings: on pages of 22 lines, \needspace there makes TeX end
% the page before the heading even when the heading and its text fit (a third of the page
% left empty); a heading is kept with the lines under it by LaTeX itself, and with a long
% table under it by the room asked for before the heading (TableLayout)
\renewcommand{\disclosureheadingspace}{}
% headings: 一级 黑体, 二级 楷体, 三级 仿宋 bold, all 3号, indented like paragraphs, on the grid
\titleformat{\section}{\normalsize\sffamily}{}{0pt}{}
\titleformat{\subsection}{\normalsize\CJKfamily{disclosurekai}}{}{0pt}{}
\titleformat{\subsubsection}{\normalsize\bfseries}{}{0pt}{}
\titlespacing*{\section}{2em}{0pt}{0pt}
\titlespacing*{\subsection}{2em}{0pt}{0pt}
\titlespacing*{\subsubsection}{2em}{0pt}{0pt}
% the report's title: 2号 小标宋, centred, one empty line under it; a title longer than a
% line is set in two lines of about equal length (回行 "排列对称"), not a full line and a rest
\renewcommand{\disclosuremaketitle}{\@ifclassloaded{sphinxmanual}{\sphinxmaketitle}{%
  \begingroup\centering\fontsize{22pt}{\disclosuregwline}\selectfont
  \CJKfamily{disclosuretitle}\settowidth{\dimen@}{\@title}%
  \ifdim\dimen@>\linewidth\parbox{\dimexpr\dimen@/2+1em\relax}{\centering\@title}%
  \else\@title\fi\par\endgroup\vspace{\disclosuregwline}}}
% page numbers: — 1 —, 4号 half-width figures; odd pages right, even pages left, one
% character in from the edge of the text block; no running heads or rules
\newcommand{\disclosuregwpage}{{\fontsize{14pt}{14pt}\selectfont\rmfamily
  \symbol{"2014}~\thepage~\symbol{"2014}}}
\fancypagestyle{normal}{\fancyhf{}%
  \fancyfoot[RO]{\disclosuregwpage\hspace*{1em}}\fancyfoot[LE]{\hspace*{1em}\disclosuregwpage}%
  \renewcommand{\headrulewidth}{0pt}\renewcommand{\footrulewidth}{0pt}}
\fancypagestyle{plain}{\fancyhf{}%
  \fancyfoot[RO]{\disclosuregwpage\hspace*{1em}}\fancyfoot[LE]{\hspace*{1em}\disclosuregwpage}%
  \renewcommand{\headrulewidth}{0pt}\renewcommand{\footrulewidth}{0pt}}
\makeatother
"""


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
    gongwen = config.disclosure_latex_style == 'gongwen'
    for key, value in {**ELEMENTS, **(GONGWEN_ELEMENTS if gongwen else {})}.items():
        elements.setdefault(key, value)
    backport = NOBREAK_BACKPORT if sphinx.version_info < (9, 1) else ''
    # Sphinx loads xeCJK only when the site's language is Chinese; report text is Chinese
    # whatever the language of the site (Read the Docs builds with -D language=<project's>)
    cjk = '' if _chinese(config.language) else '\\usepackage{xeCJK}\n'
    if _chinese(config.language):
        # captions and cross-references in the Chinese style: 表1, 图1 (no space), the title
        # after a full-width space, not a colon; see CAPTIONS_ZH. numfig_format gives Sphinx's
        # \tablename and \figurename and the text of :numref: (HTML too)
        config.numfig_format = {'figure': '图%s', 'table': '表%s', **(config.numfig_format or {})}
        cjk += CAPTIONS_ZH
    language = re.sub(r'[^A-Za-z0-9-]', '', (config.language or 'en').replace('_', '-'))
    site = rf'\newcommand{{\disclosuresitelanguage}}{{{language or "en"}}}' + '\n'
    style = GONGWEN_PREAMBLE if gongwen else ''
    elements['preamble'] = cjk + site + PREAMBLE + style + backport + elements.get('preamble', '')
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
    centred, for the headers over them (a merged cell takes the alignment of its last column,
    so the merged headers are centred too). The numbers themselves stand flush right, as on the
    web page (:class:`disclosure_print_number`). Widths come from the table's ``print:`` block
    in its forms file (:class:`~sphinx_disclosure.forms.PrintLayout`)."""
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


class disclosure_print_number(nodes.entry):  # noqa: N801 - docutils names nodes in lower case
    """In print, a value cell of a statutory or comparison table (class ``disclosure-num``),
    which stands flush right in its column, as the web page's stylesheet sets it: numbers of
    different lengths then line up by their last digit. Only the LaTeX builder sees this node
    (:class:`TableLayout` puts it in place of the cell)."""


def visit_print_number(self, node: disclosure_print_number) -> None:
    """Sphinx's cell, preceded by glue of the highest order: every cell's content is a box of
    its natural width (``varwidth``), which the column's centring would centre; ``fill`` glue
    before it outweighs the ``fil`` glue of ``\\centering``, so the box goes to the right."""
    self.visit_entry(node)
    outer = self.bodystack[-1]
    for i in range(len(outer) - 1, -1, -1):
        if outer[i].startswith(r'\begin{varwidth}'):
            outer.insert(i, r'\hskip0pt plus1fill\relax' + '\n')
            break


def depart_print_number(self, node: disclosure_print_number) -> None:
    self.depart_entry(node)


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
            style = self.config.disclosure_latex_style
            size = (
                GONGWEN_TABLE_TYPE[layout['font']] if style == 'gongwen' else '\\' + layout['font']
            )
            if layout['column_sep']:
                size += rf'\setlength{{\tabcolsep}}{{{layout["column_sep"]}}}'
            if layout['longtable']:
                _room_before_heading(table, layout, style)
            for entry in list(table.findall(nodes.entry)):
                if 'disclosure-num' in entry['classes']:
                    entry.replace_self(
                        disclosure_print_number('', *entry.children, **entry.attributes)
                    )
            parent, index = table.parent, table.parent.index(table)
            parent.insert(index + 1, nodes.raw('', r'\endgroup', format='latex'))
            parent.insert(index, spec)
            parent.insert(
                index,
                nodes.raw(
                    '',
                    rf'\begingroup{size}\renewcommand{{\arraystretch}}{{{STRETCH[style]}}}',
                    format='latex',
                ),
            )


#: the text width, the type size and the line height (rows stretched as STRETCH says) of a
#: statutory table in ``small`` type, in points, in the default style (A4, 11 pt) and in the 公文
#: style (156 mm), for :func:`kept_lines` and :func:`_room_before_heading`; CELL_PADDING_PT: a
#: cell's padding (two ``\tabcolsep``)
TEXT_WIDTH_PT = {'default': 470, 'gongwen': 442}
TABLE_TYPE_PT = {'default': 10, 'gongwen': 10}
TABLE_LINE_PT = {'default': 14.4, 'gongwen': 12}
#: how far table rows are stretched: the 公文 page is 225 mm high, and 表三's header with its
#: rows 一 to 三, kept on one page, must fit in it
STRETCH = {'default': '1.2', 'gongwen': '1.0'}
#: the type of the tables in the 公文 style, whose body is 16 pt (the class's 12 pt sizes would
#: make 表三 taller than the page): the sizes of the default style, the forms' names kept
GONGWEN_TABLE_TYPE = {
    'normalsize': r'\fontsize{11pt}{13.6pt}\selectfont',
    'small': r'\fontsize{10pt}{12pt}\selectfont',
    'footnotesize': r'\fontsize{9pt}{11pt}\selectfont',
    'scriptsize': r'\fontsize{8pt}{9.5pt}\selectfont',
}
CELL_PADDING_PT = 12


def kept_lines(table: nodes.table, layout: dict, style: str = 'default') -> int:
    """How many lines of type the start of a long table takes that print keeps together: its
    header and the body rows up to the first row that may be followed by a page break (表三:
    the header, 一、二 and the 22 rows of 三). Each row counts the lines of its most wrapped
    label, at the column widths of the forms' ``print:`` block.

    longtable measures the same start before it sets the table (its first breakable piece) and
    starts a new page when it does not fit -- after the heading above it, which would then end
    the page alone. Asking for this room before the heading moves the heading with the table.
    """
    tgroup = next(iter(table.findall(nodes.tgroup)))
    numbers = set(table['disclosure_number_columns'])
    labels = list(layout['label_widths'])
    shares = [
        layout['number_width'] if col in numbers or not labels else labels.pop(0)
        for col in range(tgroup['cols'])
    ]
    total = sum(shares)
    lines = 0
    for section in tgroup.children:
        if not isinstance(section, (nodes.thead, nodes.tbody)):
            continue
        for row, cells in grid_rows(section):
            height = 1
            for entry, col in cells:
                if entry.get('morerows', 0):
                    continue  # a merged cell's label wraps over the rows it spans
                span = entry.get('morecols', 0) + 1
                width = TEXT_WIDTH_PT[style] * sum(shares[col : col + span]) / total
                chars = max(1, int((width - CELL_PADDING_PT) // TABLE_TYPE_PT[style]))
                wide = display_width(entry.astext()) / 2
                height = max(height, -(-int(wide) // chars) if wide else 1)
            lines += height
            if isinstance(section, nodes.tbody) and not isinstance(row, disclosure_keep_row):
                return lines
    return lines


#: characters of body text in a line, per style (11 pt type in 470 pt; 16 pt type in 156 mm)
BODY_LINE_CHARS = {'default': 42, 'gongwen': 27}


def _room_before_heading(table: nodes.table, layout: dict, style: str) -> None:
    """Before the section whose content opens with this long table -- directly, or after a
    short introduction (at most two paragraphs: "收到和处理政府信息公开申请情况如下。") -- ask
    for the room that the table's kept start needs (:func:`kept_lines`), the introduction, the
    heading and the （续表） line, so that the heading and its introduction move to the next
    page together with the table rather than stay behind at the foot of a page."""
    section = table.parent
    if not isinstance(section, nodes.section) or not isinstance(section.parent, nodes.Element):
        return
    before = section.children[: section.index(table)]
    paragraphs = [n for n in before if isinstance(n, nodes.paragraph)]
    if len(paragraphs) > 2 or not all(
        isinstance(n, (nodes.title, nodes.target, nodes.paragraph)) for n in before
    ):
        return
    room = round(kept_lines(table, layout, style) * TABLE_LINE_PT[style])
    lines = 5 + sum(
        -(-int(display_width(p.astext()) / 2 + 2) // BODY_LINE_CHARS[style]) for p in paragraphs
    )
    section.parent.insert(
        section.parent.index(section),
        nodes.raw(
            '', rf'\needspace{{\dimexpr{room}pt+{lines}\baselineskip\relax}}', format='latex'
        ),
    )


class ReportMetadata(SphinxPostTransform):
    """The PDF metadata of a report's own document: subject and keywords, besides the title
    and author that ``latex_documents`` gives it (:func:`report_documents`) and the language
    that PREAMBLE sets (zh-CN: the report is Chinese whatever the site's language).

    Search engines and archive systems read these: the subject says what kind of document it
    is, the keywords name the agency and the year. The agency comes from the report file,
    untrusted: it passes :func:`latex_text`.
    """

    default_priority = 200
    formats = ('latex',)

    def run(self, **kwargs) -> None:
        from ..domain import DisclosureDomain

        domain = self.env.get_domain('disclosure')
        assert isinstance(domain, DisclosureDomain)
        docname = self.env.docname
        entry = next((e for e in domain.entries('disclosure-report') if e.docname == docname), None)
        if entry is None:
            return
        lang = message_language(self.config)
        engine = self.config.latex_engine
        subject = latex_text(render(word('pdf-subject'), lang), engine)
        keywords = latex_text(
            render(word('pdf-keywords', agency=entry.agency, year=entry.year or ''), lang), engine
        )
        self.document.insert(0, nodes.raw('', pdf_metadata(subject, keywords), format='latex'))


def pdf_metadata(subject: str, keywords: str) -> str:
    """LaTeX setting a PDF's subject and keywords, from LaTeX-escaped text: in effect before
    the first page is shipped out, when hyperref writes the information. (The language goes
    into the PDF's catalogue when the document begins: it is set in the preamble.)"""
    return (
        r'\ifdefined\hypersetup\hypersetup{'
        rf'pdfsubject={{{subject}}}, pdfkeywords={{{keywords}}}}}\fi'
        '\n'
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
    """No page break after a row inside a cell merged over several rows, nor after a row the
    forms file keeps with the next (``print: keep_with_next``: 表三's 一 and 二).

    Where longtable breaks a page inside a vertically merged cell, the cell's text runs past
    the bottom of the page (over the footer). Sphinx 9.1 (#14228) forbids the breaks between
    the partial rules under such rows; the break between the row and its rules remains, and we
    forbid it here. 表三 then breaks before or after its 三、本年度办理结果 block, never inside.

    A row followed by a full rule needs more: longtable's ``\\hline`` invites a break in the
    middle of the rule (``\\penalty-\\@lowpenalty``, so that the rule is drawn on both pages).
    For this one rule the penalty is made 10000 -- ``\\@lowpenalty`` is read when the rule is
    set, so it is set to -10000 just before and restored just after. Without this, 表三's header
    and rows 一、二 could still stand alone at the foot of a page followed by （续表）.
    """
    start = len(self.body)
    self.depart_row(node)
    self.body.insert(start + 1, '\\noalign{\\nobreak}\n')
    if self.body[-1] == r'\sphinxhline':
        self.body[-1:] = [KEEP_RULE_BEFORE, r'\sphinxhline', KEEP_RULE_AFTER]


#: around a full rule under a row kept with the next (see :func:`depart_keep_row`); written in
#: the body, where ``@`` is no letter, hence ``\csname``
KEEP_RULE_BEFORE = (
    r'\noalign{\xdef\disclosurelowpenalty{\the\csname @lowpenalty\endcsname}'
    r'\global\csname @lowpenalty\endcsname=-10000\relax}'
)
KEEP_RULE_AFTER = (
    r'\noalign{\nobreak\global\csname @lowpenalty\endcsname=\disclosurelowpenalty\relax}' + '\n'
)


def setup(app: Sphinx) -> None:
    app.connect('config-inited', apply_defaults, priority=600)
    app.connect('env-updated', add_report_documents)
    app.add_post_transform(DropHiddenCaptions)
    app.add_post_transform(TableLayout)
    app.add_post_transform(ReportMetadata)
    app.add_node(disclosure_keep_row, latex=(visit_keep_row, depart_keep_row))
    app.add_node(disclosure_print_number, latex=(visit_print_number, depart_print_number))
