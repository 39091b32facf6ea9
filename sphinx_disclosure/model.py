"""A report as plain Python objects, loaded from its YAML file with source positions.

Knows nothing of Sphinx: the Sphinx layer, the command line and the tests all load reports through
:func:`load_report`, which either returns a complete, validated :class:`Report` or the list of
problems that prevent it (never a half-filled report).
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple, Union

from . import numbering
from .files import Confinement
from .forms import Form, TableForm, all_forms
from .messages import EXCERPT, Problem, cell_words, did_you_mean, excerpt, quoted, word
from .schema import dotted, key_names, validate
from .source import Limits, Positions, SourceProblem, load_yaml

Number = Union[int, Decimal]


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int | None = None


@dataclass(frozen=True)
class Point:
    """A numbered paragraph; ``number`` is its label (（一）, 1., （1）), '' when unnumbered."""

    text: str
    points: tuple[Point, ...] = ()
    line: int | None = None
    number: str = ''


@dataclass(frozen=True)
class Points:
    items: tuple[Point, ...]
    line: int | None = None


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    line: int | None = None


@dataclass(frozen=True)
class Heading:
    """A heading with its content; ``number`` is its label (（一）, 1., …), '' when unnumbered."""

    title: str
    content: tuple[Block, ...] = ()
    line: int | None = None
    number: str = ''


Block = Union[Paragraph, Points, BulletList, Heading]


@dataclass(frozen=True)
class Cell:
    """One value of a statutory table.

    ``status`` is ``given`` (a number written in the file), ``blank`` (``~`` in the file: shown
    empty, not 0) or ``derived`` (a total left out of the file and computed from its parts).
    """

    key: str  # full key, e.g. 'applications.new.natural_person'
    value: Number | None
    status: str
    line: int | None = None

    @property
    def blank(self) -> bool:
        return self.value is None


class Text(NamedTuple):
    """One text of the narrative as published: ``text`` with its value references filled in,
    ``source`` as the file writes it (a text whose source is unchanged changed only because a
    value it quotes did), its place in the file (``path``) and line."""

    text: str
    source: str
    path: tuple
    line: int | None


@dataclass(frozen=True)
class Change:
    """One value or text a revision corrected: ``key`` is a cell's full key (``kind`` cell) or
    the path of a text (``kind`` text); ``old`` is what was first published: a number or None
    (blank) for a cell, the text ('' when there was none) for a text."""

    key: str
    old: Number | str | None
    kind: str
    line: int | None = None
    index: int = 0  # in the revision's changes:


@dataclass(frozen=True)
class Revision:
    """A correction (更正) made after publication, as the report file declares it."""

    date: datetime.date
    reason: str
    changes: tuple[Change, ...]
    line: int | None = None
    index: int = 0  # in revisions:

    @property
    def identity(self) -> tuple[str, str]:
        """What makes a revision the same one in two versions of a file: its date and reason
        (spaces and line breaks aside)."""
        return (self.date.isoformat(), plain(self.reason))


@dataclass
class Report:
    path: Path
    display: str  # the file name as shown in messages
    agency: str
    year: int
    form: Form
    published: datetime.date | None
    preamble: tuple[Block, ...]
    sections: dict[str, tuple[Block, ...]]
    cells: dict[str, Cell]
    positions: Positions = field(repr=False)
    data: dict = field(repr=False, default_factory=dict)
    #: every text of the narrative by its path (``sections.overview[1].heading``), in order
    texts: dict[str, Text] = field(repr=False, default_factory=dict)
    revisions: tuple[Revision, ...] = ()

    @property
    def title(self) -> str:
        return self.form.title_for(self.agency, self.year)

    def cell(self, key: str) -> Cell:
        return self.cells[key]

    def table_cells(self, table_id: str) -> dict[str, Cell]:
        """Cells of one table keyed relative to it ('new.natural_person')."""
        prefix = table_id + '.'
        return {k[len(prefix) :]: c for k, c in self.cells.items() if k.startswith(prefix)}


@dataclass
class LoadResult:
    report: Report | None
    problems: list[Problem]
    title: str | None = None  # the report's title, when the file gets that far
    identity: tuple[str, int] | None = None  # (agency, year), when they can be read

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == 'error']


def format_value(value: Number | None) -> str:
    """A number as printed: the digits as written (decimals keep their places), no separators."""
    if value is None:
        return ''
    if isinstance(value, Decimal):
        return format(value, 'f')
    return str(value)


# --------------------------------------------------------------------------------------------
# text

_CJK = (
    '\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u32ff\u3400-\u4dbf'
    '\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u201c\u201d\u2018\u2019'
)
_CJK_GAP = re.compile(rf'(?<=[{_CJK}])\s+(?=[{_CJK}])')


def clean_text(text: str) -> str:
    """Join the lines of a paragraph the way Chinese is written.

    YAML folds line breaks into spaces, which is right between English words and wrong between
    Chinese characters; a paragraph typed over several lines must not gain stray spaces.
    """
    text = _CJK_GAP.sub('', text.strip())
    # the spaces around each remaining line break become one space; done line by line, since a
    # pattern like \s*\n\s* takes quadratic time on a long run of spaces without a break
    return ' '.join(line for line in (part.strip() for part in text.split('\n')) if line)


def plain(text: str) -> str:
    """A text as compared by the corrections check: without spaces and line breaks, which a
    reader of Chinese does not see as a difference (YAML folds lines differently, an editor
    re-wraps them)."""
    return ''.join(text.split())


#: ``{{ key }}``, an escaped ``\{{`` (a literal ``{{``), or an opening ``{{`` with anything else
#: the inside of a reference holds no brace and is short: each {{ is looked at in bounded time
_BRACES = re.compile(r'\\\{\{|\{\{([^{}]{0,200}?)\}\}|\{\{')
_KEY = re.compile(r'\s*([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)\s*\Z')


def _suggestion(key: str, known: Iterable[str]) -> Any:
    """The "did you mean" hint for a mistyped key (short keys only: matching is quadratic)."""
    if len(key) > 80:
        return ''
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return word('did-you-mean', name=close[0]) if close else ''


class _Narrative:
    """Builds narrative blocks, numbered as the report prints them.

    ``{{ applications.new.total }}`` in a text is replaced by the table's value, so the text
    cannot disagree with the tables; any other ``{{ … }}`` is an error (a template language's
    filters or expressions would otherwise be published as they are), and ``\\{{`` writes a
    literal ``{{``. Headings and points get their number here, where ``check`` sees them too;
    a text that starts with a number of its own would be printed with two.
    """

    def __init__(self, positions: Positions, cells: dict[str, Cell], file: str) -> None:
        self.positions = positions
        self.cells = cells
        self.file = file
        self.problems: list[Problem] = []
        self.dropped = 0  # problems past MAX_PROBLEMS, counted only
        self.dropped_error = False

    def _problem(self, code: str, path: tuple, severity: str = 'error', **params: Any) -> bool:
        """Record a problem; past :data:`MAX_PROBLEMS` only count it (a text of a million
        ``{{`` must not cost a million messages, nor a "did you mean" each)."""
        if len(self.problems) >= MAX_PROBLEMS:
            self.dropped += 1
            self.dropped_error = self.dropped_error or severity == 'error'
            return False
        self.problems.append(
            Problem(
                code,
                file=self.file,
                line=self.positions.line(path),
                key=dotted(path),
                params=params,
                severity=severity,
            )
        )
        return True

    def text(self, value: str, path: tuple) -> str:
        def replace(m: re.Match) -> str:
            whole = m.group(0)
            if whole == '\\{{':
                return '{{'
            key = _KEY.match(m.group(1)) if m.group(1) is not None else None
            if key is None:
                if len(self.problems) >= MAX_PROBLEMS:  # only counted: no excerpt to make
                    self._problem('bad-value-reference', path, text='')
                    return whole
                shown = whole if m.group(1) is not None else m.string[m.start() : m.start() + 40]
                self._problem('bad-value-reference', path, text=excerpt(shown))
                return whole
            return self._value(key.group(1), path)

        return _BRACES.sub(replace, clean_text(value))

    def _value(self, key: str, path: tuple) -> str:
        cell = self.cells.get(key)
        if cell is None:
            if self._problem('unknown-value-key', path, key=excerpt(key), suggestion=''):
                self.problems[-1].params['suggestion'] = _suggestion(key, self.cells)
            return key
        if cell.blank:
            self._problem('blank-value', path, key=key)
            return ''
        return format_value(cell.value)

    def number(
        self, text: str, level: int, n: int, numbered: bool, path: tuple, first: bool = True
    ) -> str:
        """The label of the n-th item at ``level``, and the warnings about it."""
        if not numbered:
            return ''
        if level > numbering.MAX_LEVEL:
            if first:
                self._problem('numbering-depth', path, 'warning', depth=level)
            return ''
        if n > numbering.MAX_NUMBER:
            if n == numbering.MAX_NUMBER + 1:
                self._problem('numbering-range', path, 'warning', limit=numbering.MAX_NUMBER)
            return ''
        label = numbering.label(level, n)
        prefix = numbering.existing_prefix(text)
        if prefix:
            self._problem(
                'hand-numbered',
                path,
                'warning',
                prefix=excerpt(prefix),
                doubled=excerpt(label + text),
            )
        return label

    def blocks(self, value: Any, path: tuple, level: int) -> tuple[Block, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            return (Paragraph(self.text(value, path), self.positions.line(path)),)
        out: list[Block] = []
        headings = 0
        for i, item in enumerate(value):
            p = path + (i,)
            line = self.positions.line(p)
            if isinstance(item, str):
                out.append(Paragraph(self.text(item, p), line))
            elif 'heading' in item:
                headings += 1
                title = self.text(item['heading'], p + ('heading',))
                number = self.number(
                    title, level, headings, item.get('numbered', True), p + ('heading',)
                )
                out.append(
                    Heading(
                        title,
                        self.blocks(item.get('content'), p + ('content',), level + 1),
                        line,
                        number,
                    )
                )
            elif 'points' in item:
                out.append(
                    Points(
                        self.points(
                            item['points'], p + ('points',), level, item.get('numbered', True)
                        ),
                        line,
                    )
                )
            else:
                out.append(
                    BulletList(
                        tuple(self.text(t, p + ('list', j)) for j, t in enumerate(item['list'])),
                        line,
                    )
                )
        return tuple(out)

    def points(self, items: list, path: tuple, level: int, numbered: bool) -> tuple[Point, ...]:
        out = []
        for i, item in enumerate(items):
            p = path + (i,)
            if isinstance(item, str):
                text_path, text, children = p, item, []
            else:
                text_path, text, children = p + ('text',), item['text'], item.get('points') or []
            text = self.text(text, text_path)
            number = self.number(text, level, i + 1, numbered, text_path, first=i == 0)
            out.append(
                Point(
                    text,
                    self.points(children, p + ('points',), level + 1, numbered),
                    self.positions.line(p),
                    number,
                )
            )
        return tuple(out)


# --------------------------------------------------------------------------------------------
# table values


def _sum(values: Iterable[Number | None]) -> Number | None:
    """A derived total: the sum of its parts, or blank when one of them is blank. A blank is not
    0: a total worked out as if it were would be published as a number nobody reported, and
    the rules would check it as one."""
    numbers = list(values)
    if any(v is None for v in numbers):
        return None
    return sum(numbers[1:], numbers[0])


class _Entry(NamedTuple):
    """What :func:`table_values` needs to know of one key of a table."""

    key: str  # relative to the table: 'new.natural_person'
    parts: tuple[str, ...]  # ('new', 'natural_person')
    path: tuple[str, ...]  # in the file: ('applications', 'new', 'natural_person')
    full: str  # 'applications.new.natural_person'
    #: the totals rules that can derive it (column total first, then row total): their parts
    rules: tuple[tuple[str, ...], ...]
    needs: tuple[frozenset[str], ...]  # the same, as sets


_plans: dict[int, tuple[TableForm, tuple[_Entry, ...]]] = {}


def _plan(table: TableForm) -> tuple[_Entry, ...]:
    """What :func:`table_values` needs of a table's grid, worked out once per table: every
    report of the format asks for the same."""
    hit = _plans.get(id(table))
    if hit is None or hit[0] is not table:
        entries = []
        for key in table.keys:
            parts = tuple(key.split('.'))
            row, col = key.rsplit('.', 1)
            rules = []
            if col in table.column_totals:
                rules.append(tuple(f'{row}.{c}' for c in table.column_totals[col]))
            if row in table.row_totals:
                rules.append(tuple(f'{r}.{col}' for r in table.row_totals[row]))
            entries.append(
                _Entry(
                    key,
                    parts,
                    (table.id, *parts),
                    f'{table.id}.{key}',
                    tuple(rules),
                    tuple(frozenset(r) for r in rules),
                )
            )
        hit = (table, tuple(entries))
        _plans[id(table)] = hit
    return hit[1]


def table_values(table: TableForm, data: dict, positions: Positions) -> dict[str, Cell]:
    """All cells of a table, with omitted totals derived from their parts."""
    table_id = table.id
    plan = _plan(table)
    cells: dict[str, Cell] = {}
    node = data.get(table_id)
    if node is None:
        if table_id in data:  # the table written as ~: every cell blank
            for entry in plan:
                cells[entry.key] = Cell(entry.full, None, 'blank', positions.line(entry.path))
    else:
        for entry in plan:
            present, value = _lookup_parts(node, entry.parts)
            if present:
                status = 'blank' if value is None else 'given'
                cells[entry.key] = Cell(entry.full, value, status, positions.line(entry.path))
    # omitted totals, in passes over the table until one derives nothing more: a total of
    # totals needs those first
    missing = [entry for entry in plan if entry.key not in cells]
    if not missing:
        return cells
    line = positions.line((table_id,))
    while missing:
        still = []
        for entry in missing:
            for parts, needs in zip(entry.rules, entry.needs, strict=True):
                if cells.keys() >= needs:
                    value = _sum([cells[p].value for p in parts])
                    cells[entry.key] = Cell(entry.full, value, 'derived', line)
                    break
            else:
                still.append(entry)
        if len(still) == len(missing):
            break
        missing = still
    return {entry.key: cells[entry.key] for entry in plan if entry.key in cells}


def _lookup_parts(node: Any, parts: tuple[str, ...]) -> tuple[bool, Any]:
    """(present, value) of a cell below its table's mapping; a row written as ``~`` makes all
    its cells blank."""
    for part in parts:
        if node is None:
            return True, None
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


# --------------------------------------------------------------------------------------------
# texts by their path, and revisions (更正)


def path_text(path: tuple) -> str:
    """A place in the file as messages name it and as a revision's ``key:`` is written:
    ``('sections', 'overview', 1, 'heading')`` → ``sections.overview[1].heading``. Unlike
    :func:`~sphinx_disclosure.schema.dotted`, never shortened: it is compared, not shown."""
    out = ''
    for part in path:
        out += f'[{part}]' if isinstance(part, int) else ('.' if out else '') + str(part)
    return out


class _Texts:
    """Walks the narrative's data beside the blocks the model made of it (one block per item,
    in order), collecting every text with its path, and every path a revision may name."""

    def __init__(self, positions: Positions) -> None:
        self.positions = positions
        self.texts: dict[str, Text] = {}
        self.places: set[str] = set()

    def add(self, text: str, source: Any, path: tuple) -> None:
        self.texts[path_text(path)] = Text(text, source, path, self.positions.line(path))

    def blocks(self, value: Any, blocks: tuple[Block, ...], path: tuple) -> None:
        self.places.add(path_text(path))
        if value is None:
            return
        if isinstance(value, str):
            self.add(blocks[0].text, value, path)
            return
        for i, (item, block) in enumerate(zip(value, blocks, strict=True)):
            p = path + (i,)
            self.places.add(path_text(p))
            if isinstance(block, Paragraph):
                self.add(block.text, item, p)
            elif isinstance(block, Heading):
                self.add(block.title, item['heading'], p + ('heading',))
                if item.get('content') is not None:
                    self.blocks(item['content'], block.content, p + ('content',))
            elif isinstance(block, Points):
                self.points(item['points'], block.items, p + ('points',))
            else:
                self.places.add(path_text(p + ('list',)))
                for j, (source, text) in enumerate(zip(item['list'], block.items, strict=True)):
                    self.add(text, source, p + ('list', j))

    def points(self, items: list, points: tuple[Point, ...], path: tuple) -> None:
        self.places.add(path_text(path))
        for i, (item, point) in enumerate(zip(items, points, strict=True)):
            p = path + (i,)
            if isinstance(item, str):
                self.add(point.text, item, p)
                continue
            self.places.add(path_text(p))
            self.add(point.text, item['text'], p + ('text',))
            if item.get('points'):
                self.points(item['points'], point.points, p + ('points',))


def under(path: str, place: str) -> bool:
    """Whether the text at ``path`` is ``place`` or inside it (``sections.overview`` holds
    ``sections.overview[1].heading``, not ``sections.overview_2``)."""
    return path == place or path.startswith((place + '.', place + '['))


def text_at(report: Report, place: str) -> str:
    """The text a reader sees at a place of the narrative: its texts in order, one per line
    ('' when there is none: a section left out, a block that does not exist)."""
    return '\n'.join(t.text for path, t in report.texts.items() if under(path, place))


def text_lines(text: str) -> list[str]:
    """A text as printed: its lines joined the way Chinese is written, empty lines left out."""
    return [line for line in (clean_text(part) for part in text.split('\n')) if line]


def shown_value(value: Any) -> Any:
    """A cell's value or a text in a message: the digits, ~ for a blank, an excerpt in quotes
    of a text, and a word for no text at all."""
    if value is None:
        return '~'
    if isinstance(value, (int, Decimal)):
        return format_value(value)
    if not plain(value):
        return word('revision-no-text')
    return quoted(' '.join(text_lines(value)))


def new_revisions(report: Report, published: Report) -> list[Revision]:
    """The revisions of ``report`` made since ``published``: those it does not hold (by date
    and reason)."""
    known = {r.identity for r in published.revisions}
    return [r for r in report.revisions if r.identity not in known]


def _revisions(
    data: dict,
    positions: Positions,
    form: Form,
    cells: dict[str, Cell],
    texts: _Texts,
    published: datetime.date | None,
    display: str,
) -> tuple[tuple[Revision, ...], list[Problem]]:
    """The revisions of the file, checked against the report they correct: each key a cell or
    a place of the narrative, an old cell value a number or ~, each key once per revision,
    dates after ``published:`` and in order."""
    problems: list[Problem] = []
    places = texts.places | {'preamble'} | {f'sections.{s.id}' for s in form.sections}
    revisions = []
    previous: Revision | None = None
    unknown = 0

    def problem(code: str, path: tuple, **params: Any) -> None:
        problems.append(
            Problem(
                code, file=display, line=positions.line(path), key=path_text(path), params=params
            )
        )

    for i, entry in enumerate(data.get('revisions') or []):
        date = datetime.date.fromisoformat(entry['date'])
        changes = []
        seen: dict[str, int] = {}
        for j, change in enumerate(entry['changes']):
            path = ('revisions', i, 'changes', j)
            key, old = change['key'], change['old']
            if key in cells:
                kind = 'cell'
                if old is not None and not isinstance(old, (int, Decimal)):
                    table, rel = key.split('.', 1)
                    problem(
                        'revision-old-not-number',
                        path + ('old',),
                        cell=cell_words(form.tables[table], rel),
                        found=quoted(old),
                    )
            elif key in places:
                kind = 'text'
                old = format_value(old) if isinstance(old, (int, Decimal)) else (old or '')
            else:
                unknown += 1
                # a file of a thousand mistyped keys gets its "did you mean" for the first ones
                suggestion = (
                    did_you_mean(key, [*cells, *sorted(places)]) if unknown <= MAX_PROBLEMS else ''
                )
                problem(
                    'revision-unknown-key', path + ('key',), key=excerpt(key), suggestion=suggestion
                )
                continue
            if key in seen:
                problem('revision-key-twice', path + ('key',), key=excerpt(key), first=seen[key])
                continue
            seen[key] = j
            changes.append(Change(key, old, kind, positions.line(path + ('old',)), j))
        revision = Revision(
            date, clean_text(entry['reason']), tuple(changes), positions.line(('revisions', i)), i
        )
        where = ('revisions', i, 'date')
        if published is not None and date <= published:
            problem(
                'revision-before-published',
                where,
                date=date.isoformat(),
                published=published.isoformat(),
            )
        elif previous is not None and date < previous.date:
            problem(
                'revision-order',
                where,
                date=date.isoformat(),
                previous=previous.date.isoformat(),
            )
        previous = revision
        revisions.append(revision)
    return tuple(revisions), problems


# --------------------------------------------------------------------------------------------
# loading


#: more problems than this in one file are summed up in one last message: past that point they
#: are usually consequences of one mistake, and thousands of them would bury it
MAX_PROBLEMS = 50


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or where it stops being UTF-8 (line, column and the byte, since a file
    saved as GBK by an older Windows program is the usual cause)."""
    try:
        return raw.decode('utf-8-sig'), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b'\n') + 1
        line_start = raw.rfind(b'\n', 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode('utf-8', errors='replace')) + 1
        return None, [
            Problem(
                'not-utf8',
                file=display,
                line=line,
                params={'line': line, 'column': column, 'byte': f'{raw[exc.start]:02X}'},
            )
        ]


def _source_problem(p: SourceProblem, display: str) -> Problem:
    # names, tags and quotes come from the file: excerpts only; the parser's own words may be
    # longer, but they too quote the file at times
    params = {
        k: excerpt(v, 80 if k == 'problem' else 40) if isinstance(v, str) else v
        for k, v in p.params.items()
    }
    params = {'name': excerpt(p.path[-1]) if p.path else '', **params}
    # before validation every name of the path may be the file's own (a file that is not a
    # report at all): the path is shortened to 40 characters, its start and its end
    key = dotted(p.path)
    key = key if len(key) <= EXCERPT else f'{key[: EXCERPT // 2]}…{key[-(EXCERPT // 2 - 1) :]}'
    return Problem(p.code, file=display, line=p.line, key=key or None, params=params)


def _is_narrative(path: tuple) -> bool:
    return len(path) > 1 and path[0] in ('sections', 'preamble', 'acknowledged')


def _suspects(
    data: dict, positions: Positions, form: Form | None, display: str, problems: list[Problem]
) -> list[Problem]:
    """Keys typed with a full-width colon or bracket, which YAML read as text. When one is
    found, the problems it caused at the same place are dropped: they would only confuse."""
    names = key_names(form) if form is not None else set()
    found = []
    for suspect in positions.suspects:
        if _is_narrative(suspect.path):
            continue
        if suspect.kind == 'fullwidth-colon' and suspect.name not in names:
            continue
        params = (
            {'name': suspect.name}
            if suspect.kind == 'fullwidth-colon'
            else {'name': suspect.path[-1] if suspect.path else '', 'bracket': suspect.punctuation}
        )
        found.append(
            (
                suspect,
                Problem(
                    suspect.kind,
                    file=display,
                    line=suspect.line,
                    key=dotted(suspect.path) or None,
                    params=params,
                ),
            )
        )
    if not found:
        return problems
    covered = [dotted(s.path) for s, _ in found]

    def caused(p: Problem) -> bool:
        return any(p.key == c or (p.key or '').startswith((c + '.', c + '[')) for c in covered if c)

    return [p for p in problems if not caused(p)] + [p for _, p in found]


def _empty_values(positions: Positions, form: Form, display: str) -> list[Problem]:
    """``key:`` with nothing after it in a table: YAML reads it as a blank like ``~``, but an
    author who meant a blank writes ``~``; one who forgot the number writes nothing."""
    out = []
    for path in sorted(positions.empty, key=lambda p: positions.line(p) or 0):
        if not path or path[0] not in form.tables:
            continue
        cell = '.'.join(str(p) for p in path[1:]) in form.tables[path[0]].keys
        out.append(
            Problem(
                'empty-value' if cell else 'empty-row',
                file=display,
                line=positions.line(path),
                key=dotted(path),
                params={'name': excerpt(path[-1])},
                severity='warning',
            )
        )
    return out


def _capped(
    problems: list[Problem], display: str, dropped: int = 0, dropped_error: bool = False
) -> list[Problem]:
    """The first :data:`MAX_PROBLEMS` problems, and how many more there are (``dropped``:
    problems only counted on the way)."""
    if len(problems) <= MAX_PROBLEMS and not dropped:
        return problems
    more = len(problems) - MAX_PROBLEMS + dropped if len(problems) > MAX_PROBLEMS else dropped
    # as severe as what it stands for: a report whose problems are warnings still loads
    error = dropped_error or any(p.severity == 'error' for p in problems)
    severity = 'error' if error else 'warning'
    return problems[:MAX_PROBLEMS] + [
        Problem('more-problems', file=display, params={'count': more}, severity=severity)
    ]


def parse_report(
    text: str, path: Path, display: str, forms: dict[str, Form], limits: Limits | None = None
) -> LoadResult:
    """Validate YAML text and build the report, or return why it cannot be built."""
    data, positions, source_problems = load_yaml(text, limits)
    problems = [_source_problem(p, display) for p in source_problems]
    if data is None:
        return LoadResult(None, problems or [Problem('empty-file', file=display)])
    form, schema_problems = validate(data, positions, display, forms)
    problems = _suspects(data, positions, form, display, problems + schema_problems)
    problems.sort(key=lambda p: (p.line or 0, p.key or ''))
    title = identity = None
    if form is not None and isinstance(data.get('agency'), str) and data['agency'].strip():
        identity = (clean_text(data['agency']), data['year'])
        title = form.title_for(*identity)
    if form is None or any(p.severity == 'error' for p in problems):
        return LoadResult(None, _capped(problems, display), title, identity)
    problems += _empty_values(positions, form, display)
    published = data.get('published')
    cells: dict[str, Cell] = {}
    for table in form.tables.values():
        cells.update({c.key: c for c in table_values(table, data, positions).values()})
    narrative = _Narrative(positions, cells, display)
    preamble = narrative.blocks(data.get('preamble'), ('preamble',), 1)
    sections = {
        s.id: narrative.blocks(data['sections'].get(s.id), ('sections', s.id), 2)
        for s in form.sections
    }
    section_ids = [s.id for s in form.sections]
    for i, ack in enumerate(data.get('acknowledged') or []):
        for j, key in enumerate(ack.get('cells') or []):
            section = key.split('.', 1)[1] if key.startswith('sections.') else None
            if key not in cells and section not in section_ids:
                narrative.problems.append(
                    Problem(
                        'unknown-value-key',
                        file=display,
                        line=positions.line(('acknowledged', i, 'cells', j)),
                        key=f'acknowledged[{i}].cells[{j}]',
                        params={'key': excerpt(key), 'suggestion': _suggestion(key, cells)},
                    )
                )
    problems += narrative.problems
    texts = _Texts(positions)
    texts.blocks(data.get('preamble'), preamble, ('preamble',))
    for form_section in form.sections:
        texts.blocks(
            data['sections'].get(form_section.id),
            sections[form_section.id],
            ('sections', form_section.id),
        )
    published_date = datetime.date.fromisoformat(published) if published else None
    revisions, revision_problems = _revisions(
        data, positions, form, cells, texts, published_date, display
    )
    problems += revision_problems
    problems.sort(key=lambda p: (p.line or 0, p.key or ''))
    if any(p.severity == 'error' for p in problems) or narrative.dropped_error:
        return LoadResult(
            None,
            _capped(problems, display, narrative.dropped, narrative.dropped_error),
            title,
            identity,
        )
    report = Report(
        path=path,
        display=display,
        agency=clean_text(data['agency']),
        year=data['year'],
        form=form,
        published=published_date,
        preamble=preamble,
        sections=sections,
        cells=cells,
        positions=positions,
        data=data,
        texts=texts.texts,
        revisions=revisions,
    )
    return LoadResult(
        report,
        _capped(problems, display, narrative.dropped, narrative.dropped_error),
        title,
        identity,
    )


#: loaded reports kept per process (a result is ~200 KiB for a 10 KB file): enough for an
#: agency's years (pages are read in name order, so last year's file was loaded just before),
#: not the whole site
MAX_CACHED = 16
_cache: dict[tuple, LoadResult] = {}
_cache_lock = threading.Lock()


def load_report(
    path: str | os.PathLike[str],
    *,
    display: str | None = None,
    form_dirs: Iterable[str | os.PathLike[str]] = (),
    confine: Confinement | None = None,
    written: str | None = None,
    line: int | None = None,
) -> LoadResult:
    """Load a report file. Results are cached per file version (path, size, mtime).

    ``confine`` says which files may be read (by default: the folder the file is in, so a
    symbolic link out of it is refused). ``written`` is the path as its author wrote it, named
    when the file cannot be read; ``line`` locates that message in the file that names it (the
    ``previous:`` of another report).
    """
    path = Path(path)
    display = display or str(path)
    confine = confine or Confinement.around(path)
    form_dirs = tuple(str(d) for d in form_dirs)
    resolved, refused = confine.refusal(path, written or display, display=display, line=line)
    if refused is not None:
        return LoadResult(None, [refused])
    try:
        st = resolved.stat()
        stamp: tuple = (st.st_size, st.st_mtime_ns)
    except OSError:
        stamp = ()
    cache_key = (str(resolved), stamp, display, form_dirs, confine)
    if stamp:
        with _cache_lock:
            hit = _cache.get(cache_key)
        if hit is not None:
            return hit
    raw, refused = confine.read(path, written or display, display=display, line=line)
    if refused is not None:
        return LoadResult(None, [refused])
    text, problems = decode(raw, display)
    if text is None:
        return LoadResult(None, problems)
    result = parse_report(text, resolved, display, all_forms(form_dirs))
    with _cache_lock:
        _cache[cache_key] = result
        if len(_cache) > MAX_CACHED:  # the oldest goes: neighbours in a folder are read together
            del _cache[next(iter(_cache))]
    return result
