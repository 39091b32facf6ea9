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
from typing import Any, Union

import yaml

from .forms import Form, TableForm, all_forms
from .messages import Problem, word
from .schema import dotted, validate
from .source import Positions, load_yaml

Number = Union[int, Decimal]


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int | None = None


@dataclass(frozen=True)
class Point:
    text: str
    points: tuple[Point, ...] = ()
    line: int | None = None


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
    title: str
    content: tuple[Block, ...] = ()
    line: int | None = None


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

    @property
    def title(self) -> str:
        return self.form.title_for(self.agency, self.year)

    def cell(self, key: str) -> Cell:
        return self.cells[key]

    def table_cells(self, table_id: str) -> dict[str, Cell]:
        """Cells of one table keyed relative to it ('new.natural_person')."""
        prefix = table_id + '.'
        return {k[len(prefix):]: c for k, c in self.cells.items() if k.startswith(prefix)}


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
_OTHER_GAP = re.compile(r'\s*\n\s*')


def clean_text(text: str) -> str:
    """Join the lines of a paragraph the way Chinese is written.

    YAML folds line breaks into spaces, which is right between English words and wrong between
    Chinese characters; a paragraph typed over several lines must not gain stray spaces.
    """
    text = _CJK_GAP.sub('', text.strip())
    return _OTHER_GAP.sub(' ', text)


_REFERENCE = re.compile(r'\{\{\s*([A-Za-z0-9_.]+)\s*\}\}')


class _Narrative:
    """Builds narrative blocks; ``{{ applications.new.total }}`` in a text is replaced by the
    table's value, so the text cannot disagree with the tables."""

    def __init__(self, positions: Positions, cells: dict[str, Cell], file: str) -> None:
        self.positions = positions
        self.cells = cells
        self.file = file
        self.problems: list[Problem] = []

    def text(self, value: str, path: tuple) -> str:
        return _REFERENCE.sub(lambda m: self._value(m.group(1), path), clean_text(value))

    def _value(self, key: str, path: tuple) -> str:
        cell = self.cells.get(key)
        line = self.positions.line(path)
        if cell is None:
            close = difflib.get_close_matches(key, list(self.cells), n=1, cutoff=0.6)
            self.problems.append(Problem('unknown-value-key', file=self.file, line=line,
                                         key=dotted(path), params={
                                             'key': key,
                                             'suggestion': word('did-you-mean', name=close[0])
                                             if close else ''}))
            return key
        if cell.blank:
            self.problems.append(Problem('blank-value', file=self.file, line=line,
                                         key=dotted(path), params={'key': key}))
            return ''
        return format_value(cell.value)

    def blocks(self, value: Any, path: tuple) -> tuple[Block, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            return (Paragraph(self.text(value, path), self.positions.line(path)),)
        out: list[Block] = []
        for i, item in enumerate(value):
            p = path + (i,)
            line = self.positions.line(p)
            if isinstance(item, str):
                out.append(Paragraph(self.text(item, p), line))
            elif 'heading' in item:
                out.append(Heading(self.text(item['heading'], p + ('heading',)),
                                   self.blocks(item.get('content'), p + ('content',)), line))
            elif 'points' in item:
                out.append(Points(self.points(item['points'], p + ('points',)), line))
            else:
                out.append(BulletList(tuple(self.text(t, p + ('list', j))
                                            for j, t in enumerate(item['list'])), line))
        return tuple(out)

    def points(self, items: list, path: tuple) -> tuple[Point, ...]:
        out = []
        for i, item in enumerate(items):
            p = path + (i,)
            if isinstance(item, str):
                out.append(Point(self.text(item, p), (), self.positions.line(p)))
            else:
                out.append(Point(self.text(item['text'], p + ('text',)),
                                 self.points(item.get('points') or [], p + ('points',)),
                                 self.positions.line(p)))
        return tuple(out)


# --------------------------------------------------------------------------------------------
# table values


def _lookup(data: dict, table_id: str, key: str) -> tuple[bool, Any]:
    """(present, value) of a cell; a row written as ``~`` makes all its cells blank."""
    node: Any = data.get(table_id)
    if node is None:
        return table_id in data, None
    for part in key.split('.'):
        if node is None:
            return True, None
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _sum(values: Iterable[Number | None]) -> Number | None:
    """A derived total: the sum of the numbers; blank only when every part is blank."""
    numbers = [v for v in values if v is not None]
    if not numbers:
        return None
    return sum(numbers[1:], numbers[0])


def table_values(
    table: TableForm, data: dict, positions: Positions
) -> dict[str, Cell]:
    """All cells of a table, with omitted totals derived from their parts."""
    table_id = table.id
    cells: dict[str, Cell] = {}
    for key in table.keys:
        present, value = _lookup(data, table_id, key)
        if present:
            line = positions.line((table_id, *key.split('.')))
            cells[key] = Cell(f'{table_id}.{key}', value,
                              'blank' if value is None else 'given', line)
    changed = True
    while changed:
        changed = False
        for key in table.keys:
            if key in cells:
                continue
            row, col = key.rsplit('.', 1)
            rules = []
            if col in table.column_totals:
                rules.append([f'{row}.{c}' for c in table.column_totals[col]])
            if row in table.row_totals:
                rules.append([f'{r}.{col}' for r in table.row_totals[row]])
            for parts in rules:
                if all(p in cells for p in parts):
                    cells[key] = Cell(f'{table_id}.{key}', _sum(cells[p].value for p in parts),
                                      'derived', positions.line((table_id,)))
                    changed = True
                    break
    return {k: cells[k] for k in table.keys if k in cells}


# --------------------------------------------------------------------------------------------
# loading


def _read(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem('file-not-found', file=display, params={'file': display})]
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return None, [Problem('file-unreadable', file=display,
                              params={'file': display, 'reason': reason})]
    try:
        return raw.decode('utf-8-sig'), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b'\n') + 1
        return None, [Problem('not-utf8', file=display, line=line,
                              params={'offset': exc.start})]


def parse_report(
    text: str, path: Path, display: str, forms: dict[str, Form]
) -> LoadResult:
    """Validate YAML text and build the report, or return why it cannot be built."""
    try:
        data, positions, source_problems = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, 'problem_mark', None) or getattr(exc, 'context_mark', None)
        problem = getattr(exc, 'problem', None) or str(exc)
        return LoadResult(None, [Problem(
            'yaml-syntax', file=display, line=mark.line + 1 if mark else None,
            params={'problem': problem},
        )])
    problems = [
        Problem(p.code, file=display, line=p.line,
                key='.'.join(str(x) for x in p.path) or None,
                params={'name': p.path[-1] if p.path else '', **p.params})
        for p in source_problems
    ]
    if data is None:
        return LoadResult(None, problems + [Problem('empty-file', file=display)])
    form, schema_problems = validate(data, positions, display, forms)
    problems += schema_problems
    title = identity = None
    if form is not None and isinstance(data.get('agency'), str) and data['agency'].strip():
        identity = (clean_text(data['agency']), data['year'])
        title = form.title_for(*identity)
    if form is None or any(p.severity == 'error' for p in problems):
        return LoadResult(None, problems, title, identity)
    published = data.get('published')
    cells: dict[str, Cell] = {}
    for table in form.tables.values():
        cells.update({c.key: c for c in table_values(table, data, positions).values()})
    narrative = _Narrative(positions, cells, display)
    preamble = narrative.blocks(data.get('preamble'), ('preamble',))
    sections = {
        s.id: narrative.blocks(data['sections'].get(s.id), ('sections', s.id))
        for s in form.sections
    }
    for i, ack in enumerate(data.get('acknowledged') or []):
        for j, key in enumerate(ack.get('cells') or []):
            section = key.split('.', 1)[1] if key.startswith('sections.') else None
            if key not in cells and section not in [s.id for s in form.sections]:
                close = difflib.get_close_matches(key, list(cells), n=1, cutoff=0.6)
                narrative.problems.append(Problem(
                    'unknown-value-key', file=display,
                    line=positions.line(('acknowledged', i, 'cells', j)),
                    key=f'acknowledged[{i}].cells[{j}]', params={
                        'key': key,
                        'suggestion': word('did-you-mean', name=close[0]) if close else ''}))
    if narrative.problems:
        return LoadResult(None, problems + narrative.problems, title, identity)
    report = Report(
        path=path,
        display=display,
        agency=clean_text(data['agency']),
        year=data['year'],
        form=form,
        published=datetime.date.fromisoformat(published) if published else None,
        preamble=preamble,
        sections=sections,
        cells=cells,
        positions=positions,
        data=data,
    )
    return LoadResult(report, problems, title, identity)


_cache: dict[tuple, LoadResult] = {}
_cache_lock = threading.Lock()


def load_report(
    path: str | os.PathLike[str],
    *,
    display: str | None = None,
    form_dirs: Iterable[str | os.PathLike[str]] = (),
) -> LoadResult:
    """Load a report file. Results are cached per file version (path, size, mtime)."""
    path = Path(path)
    display = display or str(path)
    form_dirs = tuple(str(d) for d in form_dirs)
    try:
        st = path.stat()
        stamp: tuple = (st.st_size, st.st_mtime_ns)
    except OSError:
        stamp = ()
    cache_key = (str(path.resolve()), stamp, display, form_dirs)
    if stamp:
        with _cache_lock:
            hit = _cache.get(cache_key)
        if hit is not None:
            return hit
    text, problems = _read(path, display)
    if text is None:
        return LoadResult(None, problems)
    result = parse_report(text, path, display, all_forms(form_dirs))
    with _cache_lock:
        if len(_cache) > 256:
            _cache.clear()
        _cache[cache_key] = result
    return result
