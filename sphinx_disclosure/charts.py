"""Trend charts drawn at build time with matplotlib: SVG for the web, PDF for print.

Pure (no Sphinx). What a published chart needs, and how it is had:

* **Chinese whatever the reader's fonts**: the SVG carries its text as paths
  (``svg.fonttype = 'path'``), drawn in Noto Sans CJK SC; the PDF embeds the glyphs it uses
  as a Type 3 font (``pdf.fonttype = 3``), text that PDF readers can still search and copy.
  (Noto Sans CJK is an OpenType font with CFF outlines, which matplotlib's Type 42 embedding
  labels as TrueType: poppler warns of the mismatch, and a stricter reader may refuse the
  font. Type 3 carries the same glyphs in a form every reader draws.) A machine without the
  font must not publish boxes (tofu) instead of
  characters: :func:`find_font` raises :class:`ChartFontMissing`, naming the Debian package,
  and the caller shows the chart's description instead.
* **The same bytes for the same figures**, across builds and processes: a fixed hash salt for
  the SVG's ids, no dates in either file (``SOURCE_DATE_EPOCH`` is not needed), nothing taken
  from the machine. A chart's file is named by :meth:`Chart.digest`, so a page written again
  refers to the same file, and two writers of the same chart write the same bytes.
* **No cost for sites without charts**: matplotlib is imported when a chart is drawn (or when
  :func:`prepare` warms it up before a parallel build forks), never when this module is.

Text in a chart comes from reports (the agency's name): matplotlib draws it as glyphs; its
``$…$`` mathtext is turned off (``text.parse_math``) so that a name is never read as markup.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

#: the font of every chart, and the Debian package that has it
FONT_FAMILY = 'Noto Sans CJK SC'
FONT_PACKAGE = 'fonts-noto-cjk'
#: bump when the drawing changes, so that charts get new file names
VERSION = 2
#: SVG ids are derived from this salt instead of a random one
HASH_SALT = 'sphinx-disclosure'
#: line styles and markers per series: told apart without colour too
STYLES = (('-', 'o'), ('--', 's'), (':', '^'), ('-.', 'D'))

Value = int | Decimal | float | None


class ChartFontMissing(Exception):  # noqa: N818 - the name says what is missing
    """The chart font is not installed: drawing would put boxes in place of Chinese text."""

    def __init__(self, font: str, package: str) -> None:
        super().__init__(f'the font {font} is not installed (Debian package {package})')
        self.font = font
        self.package = package


@dataclass(frozen=True)
class Chart:
    """A line chart over years: one line per series, a value or None (a gap) per year. All
    text is final (already in the reader's language)."""

    title: str
    years: tuple[int, ...]
    series: tuple[tuple[str, tuple[Value, ...]], ...]
    xlabel: str
    ylabel: str

    @classmethod
    def of(
        cls,
        title: str,
        years: Sequence[int],
        series: Sequence[tuple[str, Sequence[Value]]],
        xlabel: str,
        ylabel: str,
    ) -> Chart:
        return cls(
            title,
            tuple(years),
            tuple((name, tuple(values)) for name, values in series),
            xlabel,
            ylabel,
        )

    @property
    def empty(self) -> bool:
        """No value at all: there is nothing to draw (the caller shows a note instead)."""
        return all(v is None for _, values in self.series for v in values)

    def digest(self) -> str:
        """The chart's name: a hash of everything drawn (and of :data:`VERSION`)."""
        data = {
            'version': VERSION,
            'font': FONT_FAMILY,
            'title': self.title,
            'years': list(self.years),
            'series': [[n, [None if v is None else str(v) for v in vs]] for n, vs in self.series],
            'xlabel': self.xlabel,
            'ylabel': self.ylabel,
        }
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(',', ':'))
        return hashlib.sha1(text.encode('utf-8')).hexdigest()

    def csv(self, year_label: str) -> bytes:
        """The chart's numbers: a column of years, then one per series; a gap is empty. UTF-8
        with a byte order mark, which spreadsheet programs need to read Chinese headings."""
        out = io.StringIO(newline='')
        writer = csv.writer(out, lineterminator='\r\n')
        writer.writerow([year_label, *(name for name, _ in self.series)])
        for i, year in enumerate(self.years):
            writer.writerow([year, *('' if vs[i] is None else str(vs[i]) for _, vs in self.series)])
        return out.getvalue().encode('utf-8-sig')


def _rc() -> dict[str, Any]:
    return {
        'font.family': 'sans-serif',
        'font.sans-serif': [FONT_FAMILY],
        'axes.unicode_minus': False,
        'text.parse_math': False,
        'svg.fonttype': 'path',
        'svg.hashsalt': HASH_SALT,
        'pdf.fonttype': 3,
        'pdf.compression': 6,
    }


def find_font() -> str:
    """The path of the chart font; :class:`ChartFontMissing` when matplotlib cannot find it
    (it would otherwise fall back to a font without Chinese glyphs, silently)."""
    from matplotlib import font_manager

    try:
        return font_manager.findfont(
            font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False
        )
    except ValueError:
        raise ChartFontMissing(FONT_FAMILY, FONT_PACKAGE) from None


def prepare() -> None:
    """Import matplotlib, load its font list and find the chart font, in this process: before
    a parallel build forks its writers, so that each does not do it again."""
    import matplotlib.figure  # noqa: F401

    try:
        find_font()
    except ChartFontMissing:
        pass


def _figure(chart: Chart):
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(6.4, 3.8), layout='constrained')
    ax = fig.add_subplot()
    xs = list(chart.years)
    top = 0.0
    for n, (name, values) in enumerate(chart.series):
        ys = [math.nan if v is None else float(v) for v in values]
        line, marker = STYLES[n % len(STYLES)]
        ax.plot(xs, ys, linestyle=line, marker=marker, linewidth=1.8, markersize=5, label=name)
        top = max([top, *(y for y in ys if not math.isnan(y))])
    ax.set_title(chart.title)
    ax.set_xlabel(chart.xlabel)
    ax.set_ylabel(chart.ylabel)
    ax.set_xticks(xs, [str(y) for y in xs])
    ax.set_xlim(xs[0] - 0.5, xs[-1] + 0.5)
    ax.set_ylim(0, top * 1.12 if top > 0 else 1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis='y', linewidth=0.5, alpha=0.5)
    ax.spines[['top', 'right']].set_visible(False)
    fig.legend(loc='outside lower center', ncols=len(chart.series), frameon=False)
    return fig


def _render(chart: Chart, fmt: str, metadata: dict[str, Any]) -> bytes:
    import matplotlib

    if not chart.years:
        raise ValueError('a chart needs at least one year')
    find_font()
    with matplotlib.rc_context(_rc()):
        fig = _figure(chart)
        out = io.BytesIO()
        fig.savefig(out, format=fmt, metadata=metadata)
    return out.getvalue()


def render_svg(chart: Chart) -> bytes:
    """The chart as SVG, its text drawn as paths (no ``<text>``: no font needed to read it)."""
    return _render(chart, 'svg', {'Date': None})


def render_pdf(chart: Chart) -> bytes:
    """The chart as PDF, with a subset of the font embedded and no creation date."""
    return _render(chart, 'pdf', {'CreationDate': None, 'ModDate': None})
