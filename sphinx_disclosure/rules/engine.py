"""The engine: evaluators for each kind of rule, and :func:`check`.

Each catalogue entry names an evaluator (``kind``) and its parameters; the evaluators know nothing
of particular rows or labels. They read values from a :class:`~sphinx_disclosure.model.Report`
and produce :class:`Finding` objects — a located problem with the reported and expected values,
the difference and the contributing cells. The Sphinx build and the command line run the same
:func:`check` and therefore agree.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..aggregate import compare
from ..forms import TableForm
from ..messages import Msg, Problem, cell_words, word
from ..model import (
    BulletList,
    Cell,
    Change,
    Heading,
    Paragraph,
    Point,
    Points,
    Report,
    Revision,
    format_value,
    new_revisions,
    plain,
    shown_value,
    text_at,
    under,
)
from ..source import MAX_DIGITS
from .catalogue import Rule, catalogue

# --------------------------------------------------------------------------------------------
# findings


@dataclass(frozen=True)
class Part:
    """A cell that contributes to a finding (it may be in last year's report)."""

    key: str
    value: Any
    status: str
    file: str
    line: int | None
    label: Any  # Msg


class Finding(Problem):
    """A rule broken by a report: a :class:`Problem` whose code is the rule id."""

    def __init__(
        self,
        rule: Rule,
        severity: str,
        report: Report,
        key: str | None,
        line: int | None,
        *,
        reported: Any = None,
        expected: Any = None,
        parts: tuple[Part, ...] = (),
        table: str | None = None,
        subjects: tuple[str, ...] = (),
        **params: Any,
    ) -> None:
        difference = None
        if isinstance(reported, (int, Decimal)) and isinstance(expected, (int, Decimal)):
            difference = reported - expected
        super().__init__(
            rule.id, file=report.display, line=line, key=key, severity=severity, params=params
        )
        self.rule = rule
        self.reported = reported
        self.expected = expected
        self.difference = difference
        self.parts = parts
        self.table = table
        #: the cells the finding is about when it is about several (RB.1: every blank total of
        #: the table); an explanation that names cells must name all of them
        self.subjects = subjects
        self.acknowledged: str | None = None

    def template(self, language: str) -> str:
        return self.rule.text('message', language)

    def values(self) -> dict[str, Any]:
        return {
            'reported': _shown(self.reported),
            'expected': _shown(self.expected),
            'difference': _signed(self.difference),
            'parts': [_part_text(p) for p in self.parts],
            **self.params,
        }

    def as_dict(self, language: str) -> dict:
        return {
            **super().as_dict(language),
            'rule': self.rule.id,
            'table': self.table,
            'reported': _json(self.reported),
            'expected': _json(self.expected),
            'difference': _json(self.difference),
            'parts': [
                {
                    'key': p.key,
                    'value': _json(p.value),
                    'status': p.status,
                    'file': p.file,
                    'line': p.line,
                }
                for p in self.parts
            ],
            'acknowledged': self.acknowledged,
        }


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def _shown(value: Any) -> str:
    if value is None:
        return '~'
    if isinstance(value, (int, Decimal)):
        return format_value(value)
    return str(value)


def _signed(value: Any) -> str:
    if value is None:
        return ''
    return f'+{format_value(value)}' if value > 0 else format_value(value)


def _part_text(part: Part) -> Msg:
    which = 'part-derived' if part.status == 'derived' else 'part'
    return word(
        which,
        cell=part.label,
        value=_shown(part.value),
        file=part.file,
        line=part.line if part.line is not None else '?',
    )


def cell_label(report: Report, key: str) -> Msg:
    """“row / column” of a cell, in the labels of its table."""
    table_id, rel = key.split('.', 1)
    return cell_words(report.form.tables[table_id], rel, short=True)


def cell_text(report: Report, key: str) -> Msg:
    """The full description of a cell: table, row and column."""
    table_id, rel = key.split('.', 1)
    return cell_words(report.form.tables[table_id], rel)


# --------------------------------------------------------------------------------------------
# evaluation context


@dataclass(frozen=True)
class Unchecked:
    """One place a rule could not be checked: the cells it needs that are blank (a cell of last
    year's report names that file), or no previous report at all (``blanks`` empty)."""

    rule: Rule
    blanks: tuple[tuple[str, Report], ...]
    about: str | None = None  # the cell of this report the check is about


@dataclass
class Context:
    report: Report
    previous: Report | None
    emit: Callable[..., None]
    rule: Rule | None = None
    checked: int = 0
    unchecked: list[Unchecked] = field(default_factory=list)
    units: Any = None  # aggregate.Units of a report that lists its units, else None
    #: checking.Published: the last published state of the report's file (its ``report`` None
    #: when there is none to compare with), else None
    published: Any = None

    def cell(self, key: str) -> Cell | None:
        return self.report.cells.get(key)

    def part(self, key: str, report: Report | None = None) -> Part:
        report = report or self.report
        cell = report.cells[key]
        return Part(
            key, cell.value, cell.status, report.display, cell.line, cell_label(report, key)
        )

    def columns(self, table_id: str) -> list[str]:
        return list(self.report.form.tables[table_id].column_types)

    def numbers(self, keys: list[str], report: Report | None = None) -> bool:
        """Whether the cells all hold numbers. If one is blank, the rule cannot be checked at
        this place, and that is recorded (never a silent pass, never a blank read as 0)."""
        report = report or self.report
        blanks = [k for k in keys if report.cells[k].value is None]
        if blanks:
            self.unchecked.append(Unchecked(self.rule, tuple((k, report) for k in blanks), keys[0]))
            return False
        return True

    def both(self, current: list[str], previous: list[str]) -> bool:
        """:meth:`numbers` over cells of this year's and of last year's report, recording every
        blank one of both."""
        blanks = [(k, self.report) for k in current if self.report.cells[k].value is None]
        blanks += [(k, self.previous) for k in previous if self.previous.cells[k].value is None]
        if blanks:
            self.unchecked.append(Unchecked(self.rule, tuple(blanks), current[0]))
            return False
        return True

    def no_previous(self) -> None:
        self.unchecked.append(Unchecked(self.rule, ()))


def _has(report: Report, keys: list[str]) -> bool:
    return all(k in report.cells for k in keys)


def eval_balance(rule: Rule, ctx: Context) -> None:
    table = rule.params['table']
    left, right, target = rule.params['left'], rule.params['right'], rule.params['target']
    for col in ctx.columns(table):
        keys = [f'{table}.{r}.{col}' for r in left + right]
        if not _has(ctx.report, keys) or not ctx.numbers(keys):
            continue
        ctx.checked += 1
        cells = [ctx.cell(k) for k in keys]
        if all(c.status == 'derived' for c in cells):
            # a column made only of derived totals breaks only when a column it adds up
            # breaks, and that one is reported
            continue
        lhs = sum(c.value for c in cells[: len(left)])
        rhs = sum(c.value for c in cells[len(left) :])
        if lhs == rhs:
            continue
        target_key = f'{table}.{target}.{col}'
        t = ctx.cell(target_key)
        others = rhs - t.value
        ctx.emit(
            target_key,
            reported=t.value,
            expected=lhs - others,
            parts=tuple(ctx.part(k) for k in keys),
        )


_totals: dict[tuple[int, str], tuple[TableForm, tuple[tuple[str, tuple[str, ...]], ...]]] = {}


def _total_rules(table: TableForm, which: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(total key, part keys) for each total cell of the table, rows or columns. Worked out
    once per table: every report of the format asks for the same."""
    hit = _totals.get((id(table), which))
    if hit is None or hit[0] is not table:
        hit = (table, tuple(_find_total_rules(table, which)))
        _totals[(id(table), which)] = hit
    return hit[1]


def _find_total_rules(table: TableForm, which: str) -> Iterator[tuple[str, tuple[str, ...]]]:
    keys = frozenset(table.keys)
    for key in table.keys:
        row, col = key.rsplit('.', 1)
        if which == 'columns' and col in table.column_totals:
            parts = tuple(f'{row}.{c}' for c in table.column_totals[col])
        elif which == 'rows' and row in table.row_totals:
            parts = tuple(f'{r}.{col}' for r in table.row_totals[row])
        else:
            continue
        if all(p in keys for p in parts):
            yield key, parts


def eval_declared_totals(rule: Rule, ctx: Context) -> None:
    table_id = rule.params['table']
    table = ctx.report.form.tables.get(table_id)
    if table is None:
        return
    for key, parts in _total_rules(table, rule.params['totals']):
        total = ctx.report.cells[f'{table_id}.{key}']
        part_keys = [f'{table_id}.{p}' for p in parts]
        if not ctx.numbers([total.key, *part_keys]):
            continue  # a blank total with numbers below it is also RB.1's business
        ctx.checked += 1
        if total.status != 'given':
            continue  # derived totals agree by construction
        expected = sum(ctx.report.cells[k].value for k in part_keys)
        if total.value != expected:
            ctx.emit(
                total.key,
                reported=total.value,
                expected=expected,
                parts=tuple(ctx.part(k) for k in part_keys),
            )


def eval_blank_total(rule: Rule, ctx: Context) -> None:
    """One finding per table: the totals written blank although their parts hold numbers."""
    for table_id in rule.params['tables']:
        table = ctx.report.form.tables.get(table_id)
        if table is None:
            continue
        ctx.checked += 1
        blank: list[str] = []
        for which in ('columns', 'rows'):
            for key, parts in _total_rules(table, which):
                total = ctx.report.cells[f'{table_id}.{key}']
                if total.status != 'blank' or total.key in blank:
                    continue
                if any(ctx.report.cells[f'{table_id}.{p}'].value is not None for p in parts):
                    blank.append(total.key)
        if blank:
            blank.sort(key=lambda k: table.keys.index(k.split('.', 1)[1]))
            ctx.emit(
                blank[0],
                reported=None,
                expected=None,
                count=len(blank),
                cells=[cell_label(ctx.report, k) for k in blank],
                subjects=tuple(blank),
            )


def eval_at_most(rule: Rule, ctx: Context) -> None:
    table = rule.params['table']
    for col in ctx.columns(table):
        bound_keys = [f'{table}.{r}.{col}' for r in rule.params['bound']]
        if not _has(ctx.report, bound_keys):
            continue
        for row in rule.params['cells']:
            key = f'{table}.{row}.{col}'
            if key not in ctx.report.cells or not ctx.numbers([key, *bound_keys]):
                continue
            ctx.checked += 1
            bound = sum(ctx.cell(k).value for k in bound_keys)
            cell = ctx.cell(key)
            if cell.value <= bound:
                continue
            ctx.emit(
                key,
                reported=cell.value,
                expected=bound,
                parts=tuple(ctx.part(k) for k in bound_keys),
            )


def eval_units_sum(rule: Rule, ctx: Context) -> None:
    """RH.1: a report that lists its units publishes their sum, cell by cell."""
    units = ctx.units
    if units is None or not units.complete:
        return  # no units: not applicable; a unit missing: RH.2 says the check is uncertain
    comparison = compare(ctx.report, units.reports)
    ctx.checked += comparison.compared
    for key, blank in comparison.blanks.items():
        ctx.unchecked.append(Unchecked(rule, tuple((key, u) for u in blank), key))
    for key, reported, expected in comparison.differences:
        ctx.emit(
            key,
            reported=reported,
            expected=expected,
            parts=tuple(ctx.part(key, u) for u in units.reports),
            count=len(units.reports),
            units=[
                word(
                    'unit-value',
                    agency=u.agency,
                    value=_shown(u.cells[key].value),
                    file=u.display,
                    line=u.cells[key].line if u.cells[key].line is not None else '?',
                )
                for u in units.reports
            ],
        )


def eval_units_complete(rule: Rule, ctx: Context) -> None:
    """RH.2: every unit's report is there, or the hierarchy check is uncertain."""
    if ctx.units is None:
        return
    ctx.checked += 1
    for missing in ctx.units.missing:
        ctx.emit(f'units[{missing.index}]', line=missing.line, unit=missing.display)


def eval_carry_over(rule: Rule, ctx: Context) -> None:
    table = rule.params['table']
    for col in ctx.columns(table):
        cur_key = f'{table}.{rule.params["current"]}.{col}'
        prev_key = f'{table}.{rule.params["previous"]}.{col}'
        if cur_key not in ctx.report.cells:
            continue
        if ctx.previous is None:
            ctx.no_previous()
            continue
        if prev_key not in ctx.previous.cells or not ctx.both([cur_key], [prev_key]):
            continue
        ctx.checked += 1
        cur, prev = ctx.cell(cur_key), ctx.previous.cells[prev_key]
        if cur.status == prev.status == 'derived':
            continue  # totals on both sides: a column they add up is reported instead
        if cur.value != prev.value:
            ctx.emit(
                cur_key,
                reported=cur.value,
                expected=prev.value,
                parts=(ctx.part(prev_key, ctx.previous),),
                previous_file=ctx.previous.display,
            )


def eval_stock(rule: Rule, ctx: Context) -> None:
    table = rule.params['table']
    for row in rule.params['rows']:
        for formula in rule.params['formulas']:
            target = f'{table}.{row}.{formula["target"]}'
            prev_keys = [f'{table}.{row}.{c}' for c in formula.get('previous', [])]
            add_keys = [f'{table}.{row}.{c}' for c in formula.get('add', [])]
            sub_keys = [f'{table}.{row}.{c}' for c in formula.get('subtract', [])]
            if not _has(ctx.report, [target, *add_keys, *sub_keys]):
                continue
            if ctx.previous is None:
                ctx.no_previous()
                continue
            if not _has(ctx.previous, prev_keys):
                continue
            if not ctx.both([target, *add_keys, *sub_keys], prev_keys):
                continue
            ctx.checked += 1
            prev = [ctx.previous.cells[k] for k in prev_keys]
            expected = (
                sum(c.value for c in prev)
                + sum(ctx.cell(k).value for k in add_keys)
                - sum(ctx.cell(k).value for k in sub_keys)
            )
            reported = ctx.cell(target).value
            if reported != expected:
                parts = tuple(ctx.part(k, ctx.previous) for k in prev_keys) + tuple(
                    ctx.part(k) for k in add_keys + sub_keys
                )
                ctx.emit(target, reported=reported, expected=expected, parts=parts)


def _point_texts(items: tuple[Point, ...]) -> Iterator[tuple[str, int | None]]:
    # a function of its own: a nested one calling itself is a reference cycle at every call
    for p in items:
        yield p.text, p.line
        yield from _point_texts(p.points)


def _narrative_texts(blocks) -> Iterator[tuple[str, int | None]]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text, block.line
        elif isinstance(block, Heading):
            yield block.title, block.line
            yield from _narrative_texts(block.content)
        elif isinstance(block, Points):
            yield from _point_texts(block.items)
        elif isinstance(block, BulletList):
            for item in block.items:
                yield item, block.line


def eval_text_figures(rule: Rule, ctx: Context) -> None:
    patterns = [(p['key'], re.compile(p['regex'])) for p in rule.params['patterns']]
    for section in rule.params['sections']:
        for text, line in _narrative_texts(ctx.report.sections.get(section, ())):
            for key, pattern in patterns:
                cell = ctx.cell(key)
                if cell is None:
                    continue
                for m in pattern.finditer(text):
                    if len(m.group('n')) > MAX_DIGITS or not ctx.numbers([key]):
                        continue  # no figure of a report is that long (nor convertible)
                    ctx.checked += 1
                    said = int(m.group('n'))
                    if said != cell.value:
                        ctx.emit(
                            key,
                            line=line,
                            reported=said,
                            expected=cell.value,
                            excerpt=m.group(0),
                            at=f'sections.{section}',
                        )


def eval_share(rule: Rule, ctx: Context) -> None:
    part, whole = ctx.cell(rule.params['part']), ctx.cell(rule.params['whole'])
    if part is None or whole is None or not ctx.numbers([part.key, whole.key]):
        return
    ctx.checked += 1
    if not part.value or not whole.value:
        return
    share = part.value / whole.value
    if share > rule.params['threshold']:
        ctx.emit(
            part.key,
            reported=part.value,
            expected=None,
            whole=format_value(whole.value),
            percent=f'{float(share) * 100:.0f}',
        )


def eval_mention(rule: Rule, ctx: Context) -> None:
    prefix = rule.params['trigger']
    ctx.checked += 1
    triggered = [c for k, c in ctx.report.cells.items() if k.startswith(prefix + '.') and c.value]
    if not triggered:
        return
    section_id = rule.params['section']
    text = ''.join(t for t, _ in _narrative_texts(ctx.report.sections.get(section_id, ())))
    if any(w in text for w in rule.params['words']):
        return
    cell = max(triggered, key=lambda c: c.key.endswith('.total'))
    ctx.emit(
        cell.key,
        reported=cell.value,
        expected=None,
        section=ctx.report.form.section(section_id).title,
    )


# --------------------------------------------------------------------------------------------
# corrections (更正): the report's revisions against itself and against its published state


def _place(report: Report, change_key: str) -> Msg:
    """How a message names the place a change is about: the cell, or the text and its section."""
    if change_key in report.cells:
        return cell_text(report, change_key)
    title: Any = word('revision-preamble')
    if change_key.startswith('sections.'):
        section = change_key.split('.', 2)[1].split('[', 1)[0]
        title = next((s.title for s in report.form.sections if s.id == section), title)
    return word('revision-place', path=change_key, section=title)


def _value(report: Report, change: Change) -> Any:
    """The current value (cell) or text at the place of a change."""
    if change.kind == 'cell':
        return report.cells[change.key].value
    return text_at(report, change.key)


def _same(kind: str, a: Any, b: Any) -> bool:
    if kind == 'cell':
        return a == b  # None (blank) is only equal to None
    return plain(a or '') == plain(b or '')


def _revision_emit(
    ctx: Context, revision: Revision, change: Change, *, reported: Any, expected: Any, **params
) -> None:
    cell = change.kind == 'cell'
    ctx.emit(
        change.key,
        line=change.line,
        at=f'revisions[{revision.index}].changes[{change.index}]',
        reported=reported if cell else None,
        expected=expected if cell else None,
        parts=(ctx.part(change.key),) if cell else (),
        date=revision.date.isoformat(),
        **({} if cell else {'cell': _place(ctx.report, change.key)}),
        **params,
    )


def eval_revision_unchanged(rule: Rule, ctx: Context) -> None:
    """RC.1: the latest declared change of each value or text happened (an earlier one may
    have been undone by a later one)."""
    latest: dict[str, tuple[Revision, Change]] = {}
    for revision in ctx.report.revisions:
        for change in revision.changes:
            latest[change.key] = (revision, change)
    for revision, change in latest.values():
        ctx.checked += 1
        current = _value(ctx.report, change)
        if _same(change.kind, change.old, current):
            _revision_emit(
                ctx,
                revision,
                change,
                reported=current,
                expected=change.old,
                old=shown_value(change.old),
                current=shown_value(current),
            )


def _published(ctx: Context) -> Report | None:
    """The published report to compare with, if there is one of the same format."""
    published = ctx.published.report if ctx.published is not None else None
    if published is None or published.form.id != ctx.report.form.id:
        return None
    return published


def eval_revision_undeclared(rule: Rule, ctx: Context) -> None:
    """RC.2: every value or text that differs from the published state is declared by a
    revision made since then."""
    published = _published(ctx)
    if published is None:
        return
    report = ctx.report
    declared = [c for r in new_revisions(report, published) for c in r.changes]
    cells = {c.key for c in declared if c.kind == 'cell'}
    places = [c.key for c in declared if c.kind == 'text']
    where = ctx.published.display
    for key, cell in report.cells.items():
        before = published.cells.get(key)
        if cell.status == 'derived' or before is None:
            continue  # a total the file leaves out changes with its parts, which are compared
        ctx.checked += 1
        if cell.value == before.value or key in cells:
            continue
        ctx.emit(
            key,
            reported=cell.value,
            expected=before.value,
            current=shown_value(cell.value),
            old=shown_value(before.value),
            published=where,
            path=key,
        )
    paths = list(report.texts) + [p for p in published.texts if p not in report.texts]
    for path in paths:
        now, before = report.texts.get(path), published.texts.get(path)
        ctx.checked += 1
        if plain(now.text if now else '') == plain(before.text if before else ''):
            continue
        if now and before and plain(now.source) == plain(before.source):
            continue  # the same text quoting a value ({{ key }}) that changed
        if any(under(path, place) for place in places):
            continue
        ctx.emit(
            path,
            line=report.positions.line(now.path if now else before.path),
            cell=_place(report, path),
            current=shown_value(now.text if now else ''),
            old=shown_value(before.text if before else ''),
            published=where,
            path=path,
        )


def eval_revision_old(rule: Rule, ctx: Context) -> None:
    """RC.3: the old value of the first correction of each value or text made since the
    published state is the published one."""
    published = _published(ctx)
    if published is None:
        return
    first: dict[str, tuple[Revision, Change]] = {}
    for revision in new_revisions(ctx.report, published):
        for change in revision.changes:
            first.setdefault(change.key, (revision, change))
    for revision, change in first.values():
        if change.kind == 'cell' and change.key not in published.cells:
            continue
        ctx.checked += 1
        before = _value(published, change)
        if _same(change.kind, change.old, before):
            continue
        _revision_emit(
            ctx,
            revision,
            change,
            reported=change.old,
            expected=before,
            old=shown_value(change.old),
            published_value=shown_value(before),
            published=ctx.published.display,
        )


EVALUATORS: dict[str, Callable[[Rule, Context], None]] = {
    'balance': eval_balance,
    'declared-totals': eval_declared_totals,
    'blank-total': eval_blank_total,
    'at-most': eval_at_most,
    'carry-over': eval_carry_over,
    'stock': eval_stock,
    'text-figures': eval_text_figures,
    'share': eval_share,
    'mention': eval_mention,
    'units-sum': eval_units_sum,
    'units-complete': eval_units_complete,
    'revision-unchanged': eval_revision_unchanged,
    'revision-undeclared': eval_revision_undeclared,
    'revision-old': eval_revision_old,
}


def check_catalogue() -> None:
    """Every rule's kind has an evaluator (or is enforced by the schema)."""
    for rule in catalogue().values():
        if rule.kind not in EVALUATORS and rule.kind != 'schema':
            raise ValueError(f'rule {rule.id}: unknown kind {rule.kind!r}')


# --------------------------------------------------------------------------------------------
# running


def effective_severity(rule: Rule, overrides: dict[str, str] | None) -> str:
    return (overrides or {}).get(rule.id, rule.severity)


def _emit(
    findings: list[Finding],
    report: Report,
    rule: Rule,
    severity: str,
    key: str,
    *,
    line: int | None = None,
    **values: Any,
) -> None:
    """Record a finding about the cell ``key`` (located at its line unless ``line`` is given);
    ``key`` may also be another place of the file (``units[2]``), given with its ``line``."""
    cell = report.cells.get(key)
    at = values.pop('at', None)
    if line is None and cell is not None:
        line = cell.line
    if cell is not None:
        values['cell'] = cell_text(report, key)
    findings.append(
        Finding(
            rule,
            severity,
            report,
            at or key,
            line,
            table=key.split('.', 1)[0] if cell is not None else None,
            **values,
        )
    )


#: findings of one rule listed per report; a text repeating a wrong figure a hundred thousand
#: times gets twenty messages and a count, not a hundred thousand lines
MAX_FINDINGS = 20


@dataclass
class Evaluation:
    """What the rules found, and how many places they checked or could not check."""

    findings: list[Finding]
    checked: int
    unchecked: list[Unchecked]
    notes: list[Problem] = field(default_factory=list)  # findings beyond MAX_FINDINGS, counted


def evaluate(
    report: Report,
    previous: Report | None = None,
    severities: dict[str, str] | None = None,
    *,
    units: Any = None,
    kinds: Collection[str] | None = None,
    published: Any = None,
) -> Evaluation:
    """Every finding of every applicable rule, in file order (acknowledged ones are marked), and
    the places where a rule could not be checked. ``units`` (:class:`~..aggregate.Units`) are
    the units of a report that lists them; ``kinds`` limits the rules to those kinds (a sum of
    reports has no text and no last year: its tables are checked); ``published``
    (:class:`~..checking.Published`) is the last published state of the report's file, for the
    corrections check."""
    findings: list[Finding] = []
    more: list[Problem] = []
    checked = 0
    unchecked: list[Unchecked] = []
    for rule in catalogue().values():
        severity = effective_severity(rule, severities)
        if rule.kind == 'schema' or severity == 'off':
            continue
        if kinds is not None and rule.kind not in kinds:
            continue
        found: list[Finding] = []
        emit = functools.partial(_emit, found, report, rule, severity)
        ctx = Context(report, previous, emit, rule, units=units, published=published)
        EVALUATORS[rule.kind](rule, ctx)
        checked += ctx.checked
        unchecked += ctx.unchecked
        findings += found[:MAX_FINDINGS]
        if len(found) > MAX_FINDINGS:
            more.append(
                Problem(
                    'more-findings',
                    file=report.display,
                    line=found[MAX_FINDINGS].line,
                    key=found[MAX_FINDINGS].key,
                    severity='info',
                    params={'rule': rule.id, 'count': len(found) - MAX_FINDINGS},
                )
            )
    for finding in findings:
        finding.acknowledged = acknowledgement(report, finding)
    findings.sort(key=lambda f: (f.line or 0, f.rule.id, f.key or ''))
    return Evaluation(findings, checked, unchecked, more)


def check(
    report: Report,
    previous: Report | None = None,
    severities: dict[str, str] | None = None,
) -> list[Finding]:
    """Every finding of every applicable rule, in file order; acknowledged ones are marked."""
    return evaluate(report, previous, severities).findings


def not_checked(report: Report, unchecked: list[Unchecked]) -> list[Problem]:
    """One information per rule that could not be checked somewhere because of blank cells,
    naming them (the places without a previous report are told once, by the cross-year
    lookup)."""
    by_rule: dict[str, list[Unchecked]] = {}
    for item in unchecked:
        if item.blanks:
            by_rule.setdefault(item.rule.id, []).append(item)
    out = []
    for rule_id, items in by_rule.items():
        blanks: list[tuple[str, Report]] = []
        for item in items:
            blanks += [b for b in item.blanks if b not in blanks]
        own = [k for k, r in blanks if r is report] + [i.about for i in items if i.about]
        first = report.cells[own[0]] if own else None
        places = [_blank_label(k, r, report) for k, r in blanks[:PLACES]]
        if len(blanks) > PLACES:
            places.append('…')
        out.append(
            Problem(
                'not-checked',
                file=report.display,
                line=first.line if first else None,
                key=own[0] if own else None,
                severity='info',
                params={'rule': rule_id, 'count': len(items), 'places': places},
            )
        )
    return out


#: blank cells named in a 'not-checked' message (the count says how many places in all)
PLACES = 8


def _blank_label(key: str, owner: Report, report: Report) -> Msg:
    label = cell_label(owner, key)
    return label if owner is report else word('cell-in-file', cell=label, file=owner.display)


def acknowledgements(report: Report) -> list[dict]:
    return list(report.data.get('acknowledged') or [])


def acknowledgement(report: Report, finding: Finding) -> str | None:
    """The explanation the report gives for this finding, if it acknowledges it."""
    for ack in acknowledgements(report):
        if ack['rule'] != finding.rule.id:
            continue
        cells = ack.get('cells')
        if cells and finding.subjects:
            # a blank total the explanation does not name is not explained by it
            if set(finding.subjects) <= set(cells):
                return ack['explanation']
            continue
        if (
            not cells
            or finding.key in cells
            or any(p.key in cells for p in finding.parts)
            or any(finding.key.startswith(c + '[') for c in cells)
        ):
            return ack['explanation']
    return None


def unused_acknowledgements(
    report: Report, findings: list[Finding], severities: dict[str, str] | None = None
) -> list[Problem]:
    """Explanations that no finding needs any more (they would be published for nothing).
    An explanation of a rule switched off in this project is left alone."""
    out = []
    rules = catalogue()
    for i, ack in enumerate(acknowledgements(report)):
        if effective_severity(rules[ack['rule']], severities) == 'off':
            continue
        used = any(
            f.rule.id == ack['rule'] and f.acknowledged == ack['explanation'] for f in findings
        )
        if not used:
            out.append(
                Problem(
                    'unused-acknowledgement',
                    file=report.display,
                    line=report.positions.line(('acknowledged', i)),
                    key=f'acknowledged[{i}]',
                    severity='warning',
                    params={'rule': ack['rule']},
                )
            )
    return out
