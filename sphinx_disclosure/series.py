"""One agency's reports across years: the figures side by side, the change on last year, derived
indicators, and what cannot be compared.

A citizen reads an agency's reports year after year; this module lines them up. It is pure
Python (no Sphinx): the ``disclosure-compare`` directive gives it the files it loaded, and renders
the :class:`Comparison` it returns (:mod:`sphinx_disclosure.render.compare`).

Honesty rules, each one a decision a reader would otherwise have to trust blindly:

* **One agency.** Reports belong together when :func:`crossyear.same_agency` says so (the same
  ``agency_id`` where both files have one, else the same name); a renamed agency is linked by its
  ``agency_id`` and its earlier names are listed. Files that cannot be linked are an error that
  says how to link them, never a silently broken series.
* **Every year of the span is a column.** A year without a report says 未发布; a year whose
  report has errors says so and links to it; neither is dropped.
* **Blank is not 0.** A figure left blank, or a sum with a blank part, stays blank and is named
  in a note; an indicator with a blank part or a zero denominator is “—” with the reason.
* **Comparable or marked.** What makes up a figure is read from each format's data file: a
  figure is comparable between two years only when both formats define it by the same rows. So
  （六）其他处理 (one row in 2019, three in 2021) and every item of 表二 (different columns and
  definitions, statutory reference §3.3 and §4) are marked not comparable across the 2020→2021
  change, and no change on last year is computed across it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from .crossyear import same_agency
from .forms import Form, TableForm
from .messages import Msg, Problem, excerpt, word
from .model import Number, Report, format_value

#: what the chart draws: ids of rows of the first table
CHART_ROWS = ('new', 'total', 'to_next_year')


@dataclass(frozen=True)
class Source:
    """A report file offered to the comparison, as the build loaded it.

    ``report`` is None when the file could not be read (its problems are logged elsewhere);
    ``identity`` is (agency, year) when those could be read all the same; ``errors`` counts its
    unacknowledged errors (a report that has any is left out of the figures).
    """

    file: str
    report: Report | None
    identity: tuple[str, int] | None = None
    errors: int = 0

    @property
    def usable(self) -> bool:
        return self.report is not None and self.errors == 0

    @property
    def agency(self) -> str:
        if self.report is not None:
            return self.report.agency
        return self.identity[0] if self.identity else ''

    @property
    def year(self) -> int | None:
        if self.report is not None:
            return self.report.year
        return self.identity[1] if self.identity else None

    @property
    def agency_id(self) -> str:
        return str(self.report.data.get('agency_id') or '') if self.report is not None else ''


@dataclass(frozen=True)
class Year:
    """A column: ``ok`` (a usable report), ``missing`` (no report: 未发布) or ``invalid`` (its
    report has errors: shown as such, linked to it)."""

    year: int
    status: str
    source: Source | None = None

    @property
    def report(self) -> Report | None:
        return self.source.report if self.status == 'ok' and self.source else None


@dataclass(frozen=True)
class Value:
    """One figure of one year.

    ``kind``: ``number``; ``blank`` (left blank, or a sum with a blank part); ``nc`` (this
    year's format has no such item: not comparable); ``none`` (the year has no usable report);
    ``undefined`` (an indicator that cannot be computed; ``reason`` says why: ``zero`` or
    ``blank``). Indicators hold an exact :class:`~fractions.Fraction` of per cent.
    """

    kind: str
    value: Number | Fraction | None = None
    reason: str = ''


@dataclass(frozen=True)
class Change:
    """Latest year against the year before: ``number`` (with ``difference``, and ``percent``
    unless the year before is 0), ``blank`` (either side blank or undefined) or ``nc``."""

    kind: str
    difference: Number | Fraction | None = None
    percent: Fraction | None = None


@dataclass
class Row:
    """A row of a comparison table: its labels (one per label column), the figure of every
    year, the change, and for an indicator its formula and the variant used."""

    id: str
    labels: tuple[Any, ...]
    values: tuple[Value, ...]
    change: Change | None = None
    unit: str = 'count'  # count | money | percent
    formula: Msg | None = None
    variant: Msg | None = None
    mixed: bool = False  # defined differently by the formats of the span: marked, explained


@dataclass(frozen=True)
class Heading:
    """A row across the table naming the rows below it (表二: the items of one format)."""

    label: Any


@dataclass
class Table:
    id: str
    caption: Msg
    headers: tuple[Msg, ...]  # of the label columns
    rows: list[Row | Heading]
    notes: list[Msg] = field(default_factory=list)

    def row(self, row_id: str) -> Row:
        return next(r for r in self.rows if isinstance(r, Row) and r.id == row_id)


@dataclass(frozen=True)
class ChartData:
    """What the trend chart draws: one line per series, a value (or None: a gap) per year."""

    title: Msg
    years: tuple[int, ...]
    series: tuple[tuple[Msg, tuple[Number | None, ...]], ...]
    xlabel: Msg
    ylabel: Msg
    alt: Msg

    @property
    def empty(self) -> bool:
        return all(v is None for _, values in self.series for v in values)


@dataclass
class Comparison:
    agency: str
    years: tuple[Year, ...]
    latest: int | None  # the latest usable year
    previous: int | None  # the year before it, when usable: the change column compares them
    tables: list[Table]
    chart: ChartData | None
    former_names: list[tuple[int, str]]
    notes: list[Msg] = field(default_factory=list)  # about the whole comparison
    unplaced: list[str] = field(default_factory=list)  # broken files of no known agency/year

    @property
    def usable(self) -> list[Year]:
        return [y for y in self.years if y.status == 'ok']

    def table(self, table_id: str) -> Table:
        return next(t for t in self.tables if t.id == table_id)


# --------------------------------------------------------------------------------------------
# the items compared, read from the formats' data files


@dataclass(frozen=True)
class Item:
    """A figure of a report, defined for each format by :meth:`definition` (None: the format
    has no such item). Two years are comparable when their definitions are equal."""

    id: str
    label: Any
    definition: Callable[[Form], Hashable | None]
    value: Callable[[Report], Value]
    unit: str = 'count'


def _rows(table: TableForm, prefix: str) -> tuple[str, ...]:
    """The rows of a statutory table that make up ``prefix``: the row itself, or all rows below
    it (``withheld`` → the eight 1.–8. rows), as the format's data file lists them."""
    return tuple(r for r in table.row_keys if r and (r == prefix or r.startswith(prefix + '.')))


def _sum(values: Iterable[Number | None]) -> Value:
    numbers = list(values)
    if any(v is None for v in numbers):
        return Value('blank')
    return Value('number', sum(numbers[1:], numbers[0]))


def _row_item(item_id: str, label: Any, prefix: str, column: str = 'total') -> Item:
    """The ``column`` of table 三 summed over the rows of ``prefix``."""

    def definition(form: Form) -> Hashable | None:
        rows = _rows(form.tables['applications'], prefix)
        return (rows, column) if rows else None

    def value(report: Report) -> Value:
        rows = _rows(report.form.tables['applications'], prefix)
        keys = [f'applications.{r}.{column}' for r in rows]
        if not rows or any(k not in report.cells for k in keys):
            return Value('nc')
        return _sum(report.cells[k].value for k in keys)

    return Item(item_id, label, definition, value)


def _cell_item(table_id: str, key: str, labels: tuple[str, ...], unit: str) -> Item:
    """One cell of a statutory table, comparable where both formats have it, with the same
    labels."""

    def definition(form: Form) -> Hashable | None:
        table = form.tables.get(table_id)
        if table is None or key not in table.keys:
            return None
        return (key, table.label_paths(key))

    def value(report: Report) -> Value:
        cell = report.cells.get(f'{table_id}.{key}')
        if cell is None:
            return Value('nc')
        return Value('blank') if cell.blank else Value('number', cell.value)

    return Item(f'{table_id}-{key.replace(".", "-")}', labels, definition, value, unit)


def _format_item(form: Form, key: str) -> Item:
    """An item of 表二 of one format: 表二 is not comparable across formats (different columns
    and definitions), so the item exists in that format's years only."""
    table = form.tables['active']
    row, column = table.label_paths(key)
    base = _cell_item('active', key, (row, column.split(' › ')[-1]), _unit(table, key))

    def definition(other: Form) -> Hashable | None:
        return (form.id, key) if other.id == form.id else None

    def value(report: Report) -> Value:
        return base.value(report) if report.form.id == form.id else Value('nc')

    return Item(
        f'active-{form.id}-{key.replace(".", "-")}', base.label, definition, value, base.unit
    )


def _unit(table: TableForm, key: str) -> str:
    return 'money' if table.cell_type(key) == 'money' else 'count'


def application_items() -> list[Item]:
    """Table 1: applications received, carried over, concluded, carried to next year."""
    return [
        _row_item('new', word('compare-new'), 'new'),
        _row_item('from_last_year', word('compare-from-last-year'), 'from_last_year'),
        _row_item('total', word('compare-concluded'), 'total'),
        _row_item('to_next_year', word('compare-to-next-year'), 'to_next_year'),
    ]


def outcome_items() -> list[Item]:
    """Table 2: the outcomes, one figure per （一）–（六） block of 表三."""
    return [
        _row_item('granted', word('compare-granted'), 'granted'),
        _row_item('partial', word('compare-partial'), 'partial'),
        _row_item('withheld', word('compare-withheld'), 'withheld'),
        _row_item('unavailable', word('compare-unavailable'), 'unavailable'),
        _row_item('not_processed', word('compare-not-processed'), 'not_processed'),
        _row_item('other_handling', word('compare-other-handling'), 'other_handling'),
    ]


def review_items(form: Form) -> list[Item]:
    """Table 3: every cell of 表四 (行政复议 and both groups of 行政诉讼, each with its four
    results and total), labelled as the format labels them."""
    table = form.tables['review']
    items = []
    for key in table.keys:
        path = table.label_paths(key)[1].split(' › ')
        items.append(_cell_item('review', key, (' › '.join(path[:-1]), path[-1]), 'count'))
    return items


# --------------------------------------------------------------------------------------------
# indicators


@dataclass(frozen=True)
class Indicator:
    id: str
    label: Msg
    formula: Msg
    variant: Msg
    denominator: Msg  # how a note names the denominator
    compute: Callable[[Report], Value]


def _cells(report: Report, *keys: str) -> list[Number | None] | None:
    """The values of ``keys`` (None when the format lacks one of them)."""
    if any(k not in report.cells for k in keys):
        return None
    return [report.cells[k].value for k in keys]


def _rate(numerator: Number, denominator: Number) -> Value:
    if denominator == 0:
        return Value('undefined', reason='zero')
    return Value('number', Fraction(Decimal(numerator)) * 100 / Fraction(Decimal(denominator)))


def _disclosure_rate(report: Report) -> Value:
    """（予以公开 + 部分公开）÷ 本年办结（（七）总计）× 100%."""
    values = _cells(
        report,
        'applications.granted.total',
        'applications.partial.total',
        'applications.total.total',
    )
    if values is None:
        return Value('nc')
    if any(v is None for v in values):
        return Value('undefined', reason='blank')
    granted, partial, total = values
    return _rate(granted + partial, total)


def _correction_rate(*groups: str) -> Callable[[Report], Value]:
    """结果纠正 ÷（总计 − 尚未审结）× 100%, over the groups of 表四 given."""

    def compute(report: Report) -> Value:
        keys = [f'review.{g}.{c}' for g in groups for c in ('corrected', 'total', 'pending')]
        values = _cells(report, *keys)
        if values is None:
            return Value('nc')
        if any(v is None for v in values):
            return Value('undefined', reason='blank')
        corrected = sum(values[0::3])
        decided = sum(t - p for t, p in zip(values[1::3], values[2::3], strict=True))
        return _rate(corrected, decided)

    return compute


def indicators() -> list[Indicator]:
    return [
        Indicator(
            'disclosure_rate',
            word('compare-rate-disclosure'),
            word('compare-formula-disclosure'),
            word('compare-variant-disclosure'),
            word('compare-denominator-disclosure'),
            _disclosure_rate,
        ),
        Indicator(
            'review_correction_rate',
            word('compare-rate-review'),
            word('compare-formula-review'),
            word('compare-variant-review'),
            word('compare-denominator-review'),
            _correction_rate('reconsideration'),
        ),
        Indicator(
            'litigation_correction_rate',
            word('compare-rate-litigation'),
            word('compare-formula-litigation'),
            word('compare-variant-litigation'),
            word('compare-denominator-litigation'),
            _correction_rate('litigation_direct', 'litigation_after_review'),
        ),
    ]


# --------------------------------------------------------------------------------------------
# numbers as printed


def round1(value: Fraction) -> Decimal:
    """A fraction rounded to one decimal place, halves away from zero (as statistics are
    printed: 66.65 → 66.7), computed exactly."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)


def signed(value: Number) -> str:
    """A difference as printed, with its sign: ``+22``, ``-2.25``, ``0``."""
    text = format_value(abs(value))
    if value > 0:
        return '+' + text
    return '-' + text if value < 0 else text


def percent_text(value: Fraction) -> str:
    """An indicator as printed: ``66.7%``."""
    return f'{round1(value)}%'


# --------------------------------------------------------------------------------------------
# building the comparison


def _components(sources: Sequence[Source]) -> list[list[Source]]:
    """The agencies among the usable-or-readable reports: groups linked by
    :func:`~sphinx_disclosure.crossyear.same_agency`, in the order the files were given."""
    reports = [s for s in sources if s.report is not None]
    parent = list(range(len(reports)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(reports):
        for j in range(i):
            if same_agency(a.report, reports[j].report):
                parent[find(i)] = find(j)
    groups: dict[int, list[Source]] = {}
    for i, s in enumerate(reports):
        groups.setdefault(find(i), []).append(s)
    return list(groups.values())


def _agency_problem(first: Source, second: Source, where: dict) -> Problem:
    if first.agency == second.agency:
        return Problem(
            'compare-agency-ids-differ',
            **where,
            params={
                'first': first.file,
                'second': second.file,
                'agency': excerpt(first.agency),
                'first_id': excerpt(first.agency_id),
                'second_id': excerpt(second.agency_id),
            },
        )
    return Problem(
        'compare-agencies-differ',
        **where,
        params={
            'first': first.file,
            'second': second.file,
            'first_agency': excerpt(first.agency),
            'second_agency': excerpt(second.agency),
        },
    )


def _conflicting_ids(group: list[Source]) -> tuple[Source, Source] | None:
    """Two reports of a group with different agency_ids (linked through a third without one)."""
    seen: dict[str, Source] = {}
    for s in group:
        if s.agency_id:
            other = next((o for i, o in seen.items() if i != s.agency_id), None)
            if other is not None:
                return other, s
            seen.setdefault(s.agency_id, s)
    return None


def select(
    sources: Sequence[Source], agency: str, where: dict
) -> tuple[list[Source], list[str], Problem | None]:
    """The reports of the one agency compared (``agency``: its agency_id or exact name, when the
    files hold several), the broken files that could not be placed, or the problem that stops
    the comparison."""
    groups = _components(sources)
    if agency:
        groups = [g for g in groups if any(s.agency_id == agency or s.agency == agency for s in g)]
        broken = any(s.report is None and s.agency == agency for s in sources)
        if not groups and not broken:
            known = sorted({s.agency_id or s.agency for s in sources if s.agency})
            return (
                [],
                [],
                Problem(
                    'compare-agency-unknown',
                    **where,
                    params={
                        'agency': excerpt(agency),
                        'known': tuple(excerpt(k) for k in known[:10]),
                    },
                ),
            )
    if len(groups) > 1:
        return [], [], _agency_problem(groups[0][0], groups[1][0], where)
    chosen = groups[0] if groups else []
    pair = _conflicting_ids(chosen)
    if pair is not None:
        return [], [], _agency_problem(*pair, where)
    # files that could not be read at all: placed by their name and year when those are known
    names = {s.agency for s in chosen} | ({agency} if agency else set())
    unplaced = []
    for s in sources:
        if s.report is not None:
            continue
        if s.identity is not None and s.agency in names:
            chosen.append(s)
        else:
            unplaced.append(s.file)
    by_year: dict[int, Source] = {}
    for s in chosen:
        year = s.year
        assert year is not None
        if year in by_year:
            other = by_year[year]
            return (
                [],
                [],
                Problem(
                    'compare-same-year',
                    **where,
                    params={
                        'first': other.file,
                        'second': s.file,
                        'year': year,
                        'agency': excerpt(s.agency or other.agency),
                    },
                ),
            )
        by_year[year] = s
    return sorted(chosen, key=lambda s: s.year or 0), unplaced, None


def _years(chosen: list[Source], span: Sequence[int] | None) -> tuple[Year, ...]:
    by_year = {s.year: s for s in chosen}
    if span:
        years = sorted(set(span))
    elif by_year:
        years = list(range(min(by_year), max(by_year) + 1))
    else:
        years = []
    out = []
    for year in years:
        s = by_year.get(year)
        if s is None:
            out.append(Year(year, 'missing'))
        else:
            out.append(Year(year, 'ok' if s.usable else 'invalid', s))
    return tuple(out)


class _Builder:
    """Fills the tables of one comparison."""

    def __init__(self, years: tuple[Year, ...], forms: list[Form]) -> None:
        self.years = years
        self.forms = forms  # the formats of the usable years, oldest first
        usable = [y.year for y in years if y.status == 'ok']
        self.latest = max(usable) if usable else None
        previous = self.latest - 1 if self.latest is not None else None
        ok = {y.year for y in years if y.status == 'ok'}
        self.previous = previous if previous in ok else None

    def boundary(self, definition: Callable[[Form], Hashable | None]) -> int | None:
        """The first year of the format from which ``definition`` changes, within the span."""
        seen: Hashable | None = None
        first = True
        for form in self.forms:
            d = definition(form)
            if not first and d != seen:
                return form.first_year
            seen, first = d, False
        return None

    def change(
        self, values: dict[int, Value], comparable: bool, *, points: bool = False
    ) -> Change | None:
        if self.latest is None or self.previous is None:
            return None
        now, before = values[self.latest], values[self.previous]
        if not comparable or 'nc' in (now.kind, before.kind):
            return Change('nc')
        if now.kind != 'number' or before.kind != 'number':
            return Change('blank')
        assert now.value is not None and before.value is not None
        if points:
            return Change('number', Fraction(now.value) - Fraction(before.value))
        difference = now.value - before.value
        percent = (
            Fraction(Decimal(difference)) * 100 / Fraction(Decimal(before.value))
            if before.value != 0
            else None
        )
        return Change('number', difference, percent)

    def item_row(self, item: Item, labels: tuple[Any, ...]) -> Row:
        values: dict[int, Value] = {}
        for y in self.years:
            report = y.report
            values[y.year] = item.value(report) if report is not None else Value('none')
        comparable = True
        if self.latest is not None and self.previous is not None:
            a = self.years_report(self.latest)
            b = self.years_report(self.previous)
            da, db = item.definition(a.form), item.definition(b.form)
            comparable = da is not None and da == db
        mixed = len({item.definition(f) for f in self.forms} - {None}) > 1
        return Row(
            item.id,
            labels,
            tuple(values[y.year] for y in self.years),
            self.change(values, comparable),
            item.unit,
            mixed=mixed,
        )

    def years_report(self, year: int) -> Report:
        report = next(y.report for y in self.years if y.year == year)
        assert report is not None
        return report

    def notes(self, table: Table, items: dict[str, Item]) -> None:
        """The notes under a table: rows defined differently by the formats of the span, cells
        not comparable, cells left blank."""
        blanks = []
        not_comparable = False
        for row in table.rows:
            if not isinstance(row, Row):
                continue
            label = row.labels[0] if len(row.labels) == 1 else ' › '.join(row.labels)
            if row.mixed:
                year = self.boundary(items[row.id].definition)
                table.notes.append(word('compare-note-format-row', item=row.labels[0], year=year))
            for y, v in zip(self.years, row.values, strict=True):
                if v.kind == 'blank':
                    blanks.append(word('compare-blank-item', year=y.year, item=label))
                not_comparable = not_comparable or v.kind == 'nc'
            not_comparable = not_comparable or (row.change is not None and row.change.kind == 'nc')
        if not_comparable and not any(r.mixed for r in table.rows if isinstance(r, Row)):
            years = sorted({f.first_year for f in self.forms[1:]})
            if years:
                table.notes.append(word('compare-note-format', year='、'.join(map(str, years))))
        if blanks:
            table.notes.append(word('compare-note-blank', items=tuple(blanks)))


def compare(
    sources: Sequence[Source],
    *,
    agency: str = '',
    years: Sequence[int] | None = None,
    where: dict | None = None,
) -> tuple[Comparison | None, Problem | None]:
    """The comparison of the reports of one agency over the years (``years``: the span shown,
    by default from the first report to the last), or the problem that prevents it (located at
    ``where``: the directive's page and line). (None, None) when there is nothing to compare."""
    where = where or {}
    chosen, unplaced, problem = select(sources, agency, where)
    if problem is not None:
        return None, problem
    span = _years(chosen, years)
    usable = [y for y in span if y.status == 'ok']
    if not usable:
        return None, None
    forms: list[Form] = []
    for y in usable:
        assert y.report is not None
        if all(f.id != y.report.form.id for f in forms):
            forms.append(y.report.form)
    forms.sort(key=lambda f: f.first_year)
    build = _Builder(span, forms)
    latest_report = build.years_report(max(y.year for y in usable))
    name = latest_report.agency
    first, last = span[0].year, span[-1].year

    tables = []
    # 1. applications
    items = {i.id: i for i in application_items()}
    table = Table(
        'applications',
        word('compare-caption-applications', agency=name, first=first, last=last),
        (word('compare-item'),),
        [build.item_row(i, (i.label,)) for i in items.values()],
    )
    build.notes(table, items)
    tables.append(table)
    # 2. outcomes
    items = {i.id: i for i in outcome_items()}
    table = Table(
        'outcomes',
        word('compare-caption-outcomes', agency=name, first=first, last=last),
        (word('compare-item'),),
        [build.item_row(i, (i.label,)) for i in items.values()],
    )
    build.notes(table, items)
    tables.append(table)
    # 3. review and litigation (the same cells in both formats; read from the latest)
    items = {i.id: i for i in review_items(latest_report.form)}
    table = Table(
        'review',
        word('compare-caption-review', agency=name, first=first, last=last),
        (word('compare-group'), word('compare-result')),
        [build.item_row(i, i.label) for i in items.values()],
    )
    build.notes(table, items)
    tables.append(table)
    # 4. 表二, the items of each format under its own heading
    items = {}
    rows: list[Row | Heading] = []
    for form in forms:
        years_of = [y.year for y in usable if y.report is not None and y.report.form.id == form.id]
        shown = (
            word('compare-year-range', first=min(years_of), last=max(years_of))
            if len(years_of) > 1
            else years_of[0]
        )
        rows.append(Heading(word('compare-active-format', document=form.document, years=shown)))
        for key in form.tables['active'].keys:
            item = _format_item(form, key)
            items[item.id] = item
            rows.append(build.item_row(item, item.label))
    table = Table(
        'active',
        word('compare-caption-active', agency=name, first=first, last=last),
        (word('compare-item'), word('compare-column')),
        rows,
    )
    build.notes(table, items)
    tables.append(table)
    # 5. indicators
    table = Table(
        'indicators',
        word('compare-caption-indicators', agency=name, first=first, last=last),
        (word('compare-indicator'), word('compare-formula')),
        [],
    )
    for ind in indicators():
        values: dict[int, Value] = {}
        for y in span:
            report = y.report
            values[y.year] = ind.compute(report) if report is not None else Value('none')
            v = values[y.year]
            if v.kind == 'undefined':
                which = (
                    'compare-undefined-zero' if v.reason == 'zero' else 'compare-undefined-blank'
                )
                table.notes.append(
                    word(which, year=y.year, indicator=ind.label, denominator=ind.denominator)
                )
        table.rows.append(
            Row(
                ind.id,
                (ind.label,),
                tuple(values[y.year] for y in span),
                build.change(values, True, points=True),
                'percent',
                ind.formula,
                ind.variant,
            )
        )
    tables.append(table)

    former = [
        (y.year, y.report.agency)
        for y in usable
        if y.report is not None and y.report.agency != name
    ]
    notes = []
    if former:
        notes.append(
            word(
                'compare-note-names',
                names=tuple(word('compare-former-name', year=y, name=n) for y, n in former),
            )
        )
    applications = tables[0]
    labels = {i.id: i.label for i in application_items()}
    series = tuple(
        (
            labels[row_id],
            tuple(
                v.value if v.kind == 'number' and not isinstance(v.value, Fraction) else None
                for v in applications.row(row_id).values
            ),
        )
        for row_id in CHART_ROWS
    )
    chart = ChartData(
        title=word('compare-chart-title', agency=name, first=first, last=last),
        years=tuple(y.year for y in span),
        series=series,
        xlabel=word('compare-chart-xlabel'),
        ylabel=word('compare-chart-ylabel'),
        alt=word(
            'compare-chart-alt',
            agency=name,
            first=first,
            last=last,
            series=tuple(label for label, _ in series),
            table=applications.caption,
        ),
    )
    return (
        Comparison(
            agency=name,
            years=span,
            latest=build.latest,
            previous=build.previous,
            tables=tables,
            chart=chart,
            former_names=former,
            notes=notes,
            unplaced=unplaced,
        ),
        None,
    )
