"""YAML loading that remembers where every key and value was written, and that no file can abuse.

PyYAML's constructors drop source positions, and its YAML 1.1 resolver silently turns ``010``
into 8, ``1:20`` into 80 and ``no`` into False. Report files are typed by hand into tables of
counts, so we build the data ourselves from the parser's events: every mapping key and value keeps
its line, numbers keep the exact text the author wrote (decimals become :class:`~decimal.Decimal`,
never binary floats), only ``true``/``false`` are booleans (YAML 1.2), and duplicate keys are
reported instead of the last one silently winning.

Report files come from other offices and are built unattended, so reading is bounded: at most
:attr:`Limits.max_nodes` values, :attr:`Limits.max_depth` levels of nesting and
:attr:`Limits.max_alias_nodes` values produced through aliases (an "alias bomb" is refused after a
few hundred nodes, in milliseconds); only the core YAML tags are accepted (``!!binary``,
``!!python/…`` and custom tags are errors); invisible control characters are reported with their
line and column. Building from events rather than from libyaml's composed node tree is also what
makes the depth limit hold: libyaml's composer recurses in C and crashes the process on a file
nested a hundred thousand levels deep, while its event parser keeps an explicit stack.

When the parser rejects the file, :func:`load_yaml` names the mistake the way its author made it
(a Tab key, a full-width colon or bracket, a quote left open) rather than in the parser's terms.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

_PLAIN_INT = re.compile(r'[-+]?[0-9]+\Z')
_PLAIN_DEC = re.compile(r'[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z')

#: characters YAML does not allow in a file (the same class as PyYAML's reader)
_NON_PRINTABLE = re.compile(
    '[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]'
)

#: characters YAML allows in a file but a report value must not hold: controls other than tab
#: and line breaks, and the C1 range (NEL is a line break for YAML, not in a value)
#: and the controls of writing direction, which make text display in another order than it is
#: read ("Trojan Source"); a Chinese report has no use for them
#: and the invisible format characters (Unicode category Cf: zero-width spaces, soft hyphens,
#: word joiners, direction controls): they make two names that look alike differ ("测试局" and
#: "测试局\u200b" are two agencies, and last year's report is not found), or text display in
#: another order than it is read; a Chinese report has no use for them
_INVISIBLE = (
    '\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f'
    '\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd'
    '\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001'
    '\U000e0020-\U000e007f'
)
_FORM_CONTROL = re.compile(f'[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE}]')
_BIDI = re.compile(f'[{_INVISIBLE}]')

#: a run of characters without a space or a Chinese character (where a line may break): TeX
#: cannot break it, and from about a thousand characters on xelatex crashes or loops
MAX_RUN = 200
_CJK_RANGES = (
    '\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u32ff\u3400-\u4dbf'
    '\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef'
)
_LONG_RUN = re.compile(f'[^\\s{_CJK_RANGES}]{{{MAX_RUN + 1}}}')

#: a key typed with a full-width colon (Chinese input method): ``decisions：5``
_FULLWIDTH_COLON = re.compile(r'^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*：')
#: a key whose value starts with a full-width bracket: ``new: ｛natural_person: 1｝``
_OPENING_BRACKETS = '｛［【〔'
_FULLWIDTH_BRACKET = re.compile(
    rf'^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*[:：]\s*([{_OPENING_BRACKETS}])'
)

_CORE = 'tag:yaml.org,2002:'
#: explicit tags an author may write; everything else (binary, python/…, set, custom) is refused
ALLOWED_TAGS = frozenset(_CORE + t for t in ('str', 'int', 'float', 'bool', 'null', 'map', 'seq'))

#: libyaml's parser when PyYAML was built with it (15 times faster), else the pure-Python one
_Loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)


class NotANumber(str):
    """A scalar YAML would have read as a number in an unusual notation (0x1F, 1:20, .inf).

    Kept as text so that validation reports it as "not a number" rather than a surprising value.
    """


class TooLarge(NotANumber):
    """A number with more digits, or a larger exponent, than any figure of a report
    (:data:`MAX_DIGITS`). Kept as text: Python refuses to convert integers of more than 4,300
    digits, and ``1e999999999`` printed in full would take gigabytes."""


#: digits (and decimal exponent) a number of a report may have: counts of cases and money in
#: 万元 have a handful; a quadrillion is already absurd
MAX_DIGITS = 15


@dataclass(frozen=True)
class Limits:
    """How much a file may make the loader build. A report has a few hundred values, no alias
    and five levels of nesting; the limits are far above that and far below harm."""

    max_nodes: int = 10_000
    max_depth: int = 50
    max_alias_nodes: int = 1_000
    #: characters of one text: a section of a report has a few thousand; TeX stops on a line
    #: of 200,000 bytes, and one paragraph is one line of the LaTeX file
    max_text: int = 20_000


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class SourceProblem:
    """A problem found while reading the file, before any schema check."""

    code: str
    line: int | None
    path: Path_
    params: dict
    column: int | None = None


@dataclass(frozen=True)
class Suspect:
    """A plain scalar that looks like a key typed with full-width punctuation. Whether it is a
    mistake depends on the key names of the format, which the model knows."""

    path: Path_
    kind: str  # 'fullwidth-colon' | 'fullwidth-bracket'
    name: str  # the key name typed before a full-width colon ('' for a bracket)
    punctuation: str  # the full-width character
    line: int


class Positions:
    """Where each part of the document was written: ``path -> Mark``.

    For a mapping entry, ``key_mark(path)`` is the position of the key and ``value_mark(path)`` the
    position of the value. ``nearest(path)`` falls back to the closest written ancestor, which is
    what a message about a *missing* key should point at. ``empty`` holds the paths written with
    no value at all (``key:``), which YAML reads as null like ``~``.

    Positions are kept as 0-based ``(line, column)`` pairs and turned into :class:`Mark` only
    when asked for: a report has hundreds of values and a message is about a handful of them,
    and pairs of numbers are nothing the garbage collector has to visit again and again while
    a thousand reports are held for the cross-year checks.
    """

    def __init__(self) -> None:
        self._keys: dict[Path_, tuple[int, int]] = {}
        self._values: dict[Path_, tuple[int, int]] = {}
        self.empty: set[Path_] = set()
        self.suspects: list[Suspect] = []

    def key_mark(self, path: Path_) -> Mark | None:
        return _as_mark(self._keys.get(tuple(path)))

    def value_mark(self, path: Path_) -> Mark | None:
        return _as_mark(self._values.get(tuple(path)))

    def line(self, path: Path_) -> int | None:
        """The best line for a message about ``path``: its key, its value, or an ancestor's."""
        path = tuple(path)
        keys, values = self._keys, self._values
        while True:
            mark = keys.get(path) or values.get(path)
            if mark is not None:
                return mark[0] + 1
            if not path:
                return None
            path = path[:-1]


def _as_mark(where: tuple[int, int] | None) -> Mark | None:
    return None if where is None else Mark(where[0] + 1, where[1] + 1)


def _where(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line, mark.column)


def _mark(event: Any) -> Mark:
    return Mark(event.start_mark.line + 1, event.start_mark.column + 1)


class _Stop(Exception):
    """Reading stops: the file exceeds a limit, or YAML cannot make sense of it."""

    def __init__(self, problem: SourceProblem) -> None:
        super().__init__(problem.code)
        self.problem = problem


_PENDING = object()


@dataclass
class _Anchor:
    path: Path_
    value: Any = _PENDING
    size: int = 0
    entries: list[tuple[Path_, str, tuple[int, int]]] = field(default_factory=list)


def _number(tag: str, text: str) -> Any:
    if tag == _CORE + 'int':
        if not _PLAIN_INT.match(text):
            return NotANumber(text)
        if len(text.lstrip('+-').lstrip('0')) > MAX_DIGITS:
            return TooLarge(text)
        return int(text, 10)
    plain = text.replace('_', '')
    if _PLAIN_DEC.match(plain):
        try:
            value = Decimal(plain)
        except InvalidOperation:  # pragma: no cover - guarded by the regex
            return NotANumber(text)
        parts = value.as_tuple()
        if (
            len(parts.digits) > MAX_DIGITS
            or abs(parts.exponent) > MAX_DIGITS
            or (value and abs(value.adjusted()) > MAX_DIGITS)
        ):
            # 0.0e-999999999 is zero, but printed as written it has a billion digits
            return TooLarge(text)
        return value.copy_abs() if not value else value  # -0.0 is 0.0
    return NotANumber(text)


#: the implicit tags of PyYAML's safe resolver (YAML 1.1) as they are when this module is
#: imported: a library loaded later into the same Sphinx process that adds resolvers of its own
#: to PyYAML's loaders does not change how a report reads
_IMPLICIT = {first: list(pairs) for first, pairs in _Loader.yaml_implicit_resolvers.items()}
#: resolved tags and converted numbers of short plain scalars: a report repeats the same few
#: (0, 1, key names) hundreds of times, and resolving costs a few regular expressions each
_TAGS: dict[str, str] = {}
_NUMBERS: dict[tuple[str, str], Any] = {}
_MEMO_TEXT = 24  # characters of a scalar remembered
_MEMO_SIZE = 8192  # entries of each memo, before it starts afresh


def _implicit_tag(value: str) -> str:
    """The tag PyYAML's resolver gives a plain scalar (``BaseResolver.resolve`` without its path
    resolvers, which the safe loader has none of), remembered for short scalars."""
    tag = _TAGS.get(value)
    if tag is not None:
        return tag
    tag = _CORE + 'str'
    for candidate, regexp in _IMPLICIT.get(value[:1], []) + _IMPLICIT.get(None, []):
        if regexp.match(value):
            tag = candidate
            break
    if len(value) <= _MEMO_TEXT:
        if len(_TAGS) >= _MEMO_SIZE:
            _TAGS.clear()
        _TAGS[value] = tag
    return tag


def _cached_number(tag: str, text: str) -> Any:
    key = (tag, text)
    value = _NUMBERS.get(key)
    if value is None:
        value = _number(tag, text)
        if len(text) <= _MEMO_TEXT:
            if len(_NUMBERS) >= _MEMO_SIZE:
                _NUMBERS.clear()
            _NUMBERS[key] = value
    return value


class _Builder:
    """Plain data from the parser's events, with positions, within :class:`Limits`.

    Each value's first event is taken by the caller (a mapping or sequence reading its next
    entry) and handed to :meth:`node`: asking the parser once per event, rather than peeking
    and then taking, is what keeps reading close to the parser's own speed.
    """

    def __init__(self, loader: Any, limits: Limits, clean_text: bool = False) -> None:
        self.loader = loader
        self.limits = limits
        self.positions = Positions()
        self.problems: list[SourceProblem] = []
        self.anchors: dict[str, _Anchor] = {}
        self.nodes = 0
        self.alias_nodes = 0
        self.log: list[tuple[Path_, str, tuple[int, int]]] = []  # positions inside an anchor
        self.open_anchors = 0
        #: the file's text holds no character a value must not hold (no control character,
        #: no invisible format character, no NEL): then only a double-quoted scalar, whose
        #: escapes make characters, needs to be searched for them
        self.clean_text = clean_text

    # positions ------------------------------------------------------------------------------

    def _record(self, path: Path_, which: str, mark: tuple[int, int]) -> None:
        (self.positions._keys if which == 'k' else self.positions._values)[path] = mark
        if self.open_anchors:
            self.log.append((path, which, mark))

    # events ---------------------------------------------------------------------------------

    def document(self) -> Any:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        event = loader.get_event()
        self._record((), 'v', _where(event))
        value = self.node(event, (), 0)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise _Stop(SourceProblem('several-documents', _mark(event).line, (), {}))
        return value

    def _count(self, n: int, event: Any, path: Path_) -> None:
        self.nodes += n
        if self.nodes > self.limits.max_nodes:
            raise _Stop(
                SourceProblem(
                    'too-many-values', _mark(event).line, path, {'limit': self.limits.max_nodes}
                )
            )

    def node(self, event: Any, path: Path_, depth: int) -> Any:
        """The value that starts with ``event`` (already taken from the parser)."""
        if isinstance(event, yaml.AliasEvent):
            return self.alias(event, path)
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            self._count(0, event, path)
        if depth > self.limits.max_depth:
            raise _Stop(
                SourceProblem('too-deep', _mark(event).line, path, {'limit': self.limits.max_depth})
            )
        anchor = None
        if event.anchor:
            anchor = self.anchors[event.anchor] = _Anchor(path)
            start_log, start_nodes = len(self.log), self.nodes
            self.open_anchors += 1
        if isinstance(event, yaml.ScalarEvent):
            value = self.scalar(event, path)
        elif isinstance(event, yaml.SequenceStartEvent):
            self.collection_tag(event, path, 'seq')
            value = self.sequence(path, depth)
        else:
            self.collection_tag(event, path, 'map')
            value = self.mapping(path, depth)
        if anchor is not None:
            self.open_anchors -= 1
            anchor.value = value
            anchor.size = self.nodes - start_nodes + 1
            n = len(path)
            anchor.entries = [(p[n:], which, mark) for p, which, mark in self.log[start_log:]]
            if not self.open_anchors:
                del self.log[:]
        return value

    def alias(self, event: Any, path: Path_) -> Any:
        line = _mark(event).line
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise _Stop(SourceProblem('undefined-alias', line, path, {'name': event.anchor}))
        if anchor.value is _PENDING:
            raise _Stop(SourceProblem('recursive-alias', line, path, {'name': event.anchor}))
        self.alias_nodes += anchor.size
        if self.alias_nodes > self.limits.max_alias_nodes:
            raise _Stop(
                SourceProblem('alias-expansion', line, path, {'limit': self.limits.max_alias_nodes})
            )
        self._count(anchor.size, event, path)
        for rel, which, mark in anchor.entries:
            self._record((*path, *rel), which, mark)
        if isinstance(anchor.value, (list, dict)):
            return copy.deepcopy(anchor.value)
        return anchor.value

    def sequence(self, path: Path_, depth: int) -> list[Any]:
        get_event = self.loader.get_event
        values = self.positions._values
        sequence: list[Any] = []
        while True:
            event = get_event()
            if isinstance(event, yaml.SequenceEndEvent):
                return sequence
            child = (*path, len(sequence))
            mark = event.start_mark
            values[child] = where = (mark.line, mark.column)
            if self.open_anchors:
                self.log.append((child, 'v', where))
            sequence.append(self.node(event, child, depth + 1))

    def mapping(self, path: Path_, depth: int) -> dict[str, Any]:
        get_event = self.loader.get_event
        keys, values = self.positions._keys, self.positions._values
        limits = self.limits
        mapping: dict[str, Any] = {}
        while True:
            key_event = get_event()
            if isinstance(key_event, yaml.MappingEndEvent):
                return mapping
            if not isinstance(key_event, yaml.ScalarEvent):
                self.problems.append(SourceProblem('complex-key', _mark(key_event).line, path, {}))
                self.skip(key_event)  # the key
                self.skip()  # its value
                continue
            self.nodes += 1
            if self.nodes > limits.max_nodes:
                self._count(0, key_event, path)
            key = key_event.value
            child = (*path, key)
            if not self.clean_text or key_event.style == '"':
                bad = _FORM_CONTROL.search(key)
                if bad is not None:  # "\e]0;title\a": a key is printed in messages
                    mark = _mark(key_event)
                    raise _Stop(
                        SourceProblem(
                            'control-escape',
                            mark.line,
                            path,
                            {'code': f'U+{ord(bad.group()):04X}'},
                            column=mark.column,
                        )
                    )
            if not key_event.style and '：' in key:
                colon = _FULLWIDTH_COLON.match(key)
                if colon:  # {decisions：100} reads as the key "decisions：100"
                    self.positions.suspects.append(
                        Suspect(
                            path, 'fullwidth-colon', colon.group(1), '：', _mark(key_event).line
                        )
                    )
            if key_event.tag not in (None, '!') and key_event.tag not in ALLOWED_TAGS:
                self._refuse_tag(key_event, child)
            if key in mapping:
                first = self.positions.key_mark(child)
                self.problems.append(
                    SourceProblem(
                        'duplicate-key',
                        _mark(key_event).line,
                        child,
                        {'first_line': first.line if first else None},
                    )
                )
                self.skip()
                continue
            mark = key_event.start_mark
            keys[child] = where = (mark.line, mark.column)
            if self.open_anchors:
                self.log.append((child, 'k', where))
            event = get_event()
            mark = event.start_mark
            values[child] = where = (mark.line, mark.column)
            if self.open_anchors:
                self.log.append((child, 'v', where))
            mapping[key] = self.node(event, child, depth + 1)

    def skip(self, event: Any = None) -> None:
        """Consume one node's events (a duplicate key's value), without building it; ``event``
        is its first event when already taken."""
        depth = 0
        while True:
            if event is None:
                event = self.loader.get_event()
            self._count(1, event, ())
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            if depth == 0:
                return
            event = None

    # tags and scalars -----------------------------------------------------------------------

    def _refuse_tag(self, event: Any, path: Path_) -> None:
        self.problems.append(
            SourceProblem(
                'yaml-tag',
                _mark(event).line,
                path,
                {'tag': event.tag.replace(_CORE, '!!')},
                column=_mark(event).column,
            )
        )

    def collection_tag(self, event: Any, path: Path_, kind: str) -> None:
        if event.tag not in (None, '!', _CORE + kind):
            self._refuse_tag(event, path)

    def scalar_tag(self, event: Any, path: Path_) -> str:
        """The scalar's tag: the explicit one when allowed, else the one YAML implies."""
        tag = event.tag
        if tag in (None, '!'):
            if event.implicit[0]:
                return _implicit_tag(event.value)
            return _CORE + 'str'
        if tag not in ALLOWED_TAGS:
            self._refuse_tag(event, path)
            return _CORE + 'str'
        return tag

    def scalar(self, event: Any, path: Path_) -> Any:
        tag = self.scalar_tag(event, path)
        text = event.value
        if len(text) > self.limits.max_text:
            self.problems.append(
                SourceProblem(
                    'text-too-long',
                    _mark(event).line,
                    path,
                    {'length': f'{len(text):,}', 'limit': f'{self.limits.max_text:,}'},
                )
            )
            text = text[: self.limits.max_text]
        if not self.clean_text or event.style == '"':
            bad = _NON_PRINTABLE.search(text) or _FORM_CONTROL.search(text)
            if bad is not None:
                # written as an escape in double quotes ("\f", "\e", "\x07"): the file's text
                # is clean, the value is not. A form feed stops the PDF build; an escape
                # sequence reaches the terminal of whoever reads the build log.
                raise _Stop(
                    SourceProblem(
                        'control-escape',
                        _mark(event).line,
                        path,
                        {'code': f'U+{ord(bad.group()):04X}'},
                        column=_mark(event).column,
                    )
                )
        if tag in _NUMBER_TAGS:
            return _cached_number(tag, text)
        plain = not event.style  # libyaml reports '' for plain scalars, PyYAML None
        if tag == _CORE + 'null':
            if plain and text == '':
                self.positions.empty.add(path)
            return None
        if tag == _CORE + 'bool':
            # YAML 1.2: only true and false; yes/no/on/off stay the words the author wrote
            low = text.lower()
            return low == 'true' if low in ('true', 'false') else text
        if plain:
            m = _FULLWIDTH_COLON.match(text)
            if m:
                self.positions.suspects.append(
                    Suspect(path, 'fullwidth-colon', m.group(1), '：', _mark(event).line)
                )
            elif text and text[0] in _OPENING_BRACKETS:
                self.positions.suspects.append(
                    Suspect(path, 'fullwidth-bracket', '', text[0], _mark(event).line)
                )
        run = _LONG_RUN.search(text)
        if run is not None:
            self.problems.append(
                SourceProblem(
                    'unbreakable-run',
                    _mark(event).line,
                    path,
                    {'limit': MAX_RUN, 'start': run.group()[:20]},
                )
            )
        # timestamps, '<<' and everything else stay as the text the author wrote
        return text


_NUMBER_TAGS = (_CORE + 'int', _CORE + 'float')


# ------------------------------------------------------------------------------------------------
# what the author did, when the parser gives up


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ''


def _diagnose(text: str, exc: yaml.YAMLError) -> SourceProblem:
    """The author's mistake behind a parser error, in the author's terms."""
    problem_mark = getattr(exc, 'problem_mark', None)
    context_mark = getattr(exc, 'context_mark', None)
    problem = getattr(exc, 'problem', None) or str(exc)
    context = getattr(exc, 'context', None) or ''
    at = problem_mark or context_mark
    line = at.line + 1 if at else None
    if line is None:
        return SourceProblem('yaml-syntax', None, (), {'problem': problem})
    first = context_mark.line + 1 if context_mark else line
    candidates = range(min(first, line - 1, line), line + 1)
    # a Tab key in the indentation: YAML forbids it, and it is invisible in most editors
    for n in candidates:
        current = _line(text, n)
        indent = current[: len(current) - len(current.lstrip(' \t'))]
        if '\t' in indent:
            return SourceProblem('tab-indent', n, (), {}, column=indent.index('\t') + 1)
    # the Chinese input method's space (U+3000) as indentation: YAML sees text, not indentation
    for n in candidates:
        current = _line(text, n)
        indent = current[: len(current) - len(current.lstrip(' \t\u3000'))]
        if '\u3000' in indent:
            return SourceProblem('fullwidth-space', n, (), {}, column=indent.index('\u3000') + 1)
    # a backslash escape YAML does not know, in double quotes ("C:\\docs", "\\q")
    if 'quoted scalar' in context and 'escape' in problem and problem_mark is not None:
        return SourceProblem(
            'bad-escape', problem_mark.line + 1, (), {}, column=problem_mark.column + 1
        )
    # a quote opened and never closed: the parser notices only at the end of the file
    if 'quoted scalar' in context and context_mark is not None:
        quote = _line(text, context_mark.line + 1)[context_mark.column : context_mark.column + 1]
        return SourceProblem(
            'unclosed-quote',
            context_mark.line + 1,
            (),
            {'quote': quote or '"'},
            column=context_mark.column + 1,
        )
    for n in sorted(candidates, reverse=True):
        current = _line(text, n)
        m = _FULLWIDTH_BRACKET.match(current)
        if m:
            return SourceProblem(
                'fullwidth-bracket', n, (), {'name': m.group(1), 'bracket': m.group(2)}
            )
        m = _FULLWIDTH_COLON.match(current)
        if m:
            return SourceProblem('fullwidth-colon', n, (), {'name': m.group(1)})
    return SourceProblem(
        'yaml-syntax', line, (), {'problem': problem}, column=at.column + 1 if at else None
    )


def _too_deep(exc: yaml.YAMLError, builder: _Builder, limits: Limits) -> SourceProblem:
    """libyaml 0.2.6 (PyYAML 6.0.4) refuses more than 1,000 levels of flow nesting while it
    scans ahead for a key, before the builder's own depth limit is reached: the same mistake,
    named at the last value the builder had started (where the deep nesting begins)."""
    mark = getattr(exc, 'problem_mark', None)
    values = builder.positions._values
    path = next(reversed(values)) if values else ()
    line = mark.line + 1 if mark is not None else None
    return SourceProblem('too-deep', line, path, {'limit': limits.max_depth})


def _control_character(text: str) -> SourceProblem | None:
    m = _NON_PRINTABLE.search(text) or _BIDI.search(text)
    if m is None:
        return None
    line = text.count('\n', 0, m.start()) + 1
    column = m.start() - (text.rfind('\n', 0, m.start()) + 1) + 1
    return SourceProblem(
        'control-character',
        line,
        (),
        {
            'code': f'U+{ord(m.group()):04X}',
            'line': line,
            'column': column,
        },
        column=column,
    )


def load_yaml(
    text: str, limits: Limits | None = None
) -> tuple[Any, Positions, list[SourceProblem]]:
    """Parse YAML text into plain data plus positions.

    Never raises on bad input: a file that cannot be read as a whole (syntax, a limit, a
    control character) gives ``None`` and the one problem that stopped it; a file that can be read
    gives its data and the problems that do not stop reading (duplicate keys, refused tags), so
    that every such mistake is reported in one pass.
    """
    limits = limits or Limits()
    bad_char = _control_character(text)
    if bad_char is not None:
        return None, Positions(), [bad_char]
    loader = _Loader(text)
    # with no NEL either, no character the file holds is one a value must not hold
    builder = _Builder(loader, limits, clean_text='\x85' not in text)
    try:
        data = builder.document()
    except _Stop as stop:
        return None, builder.positions, [stop.problem]
    except yaml.YAMLError as exc:
        if 'maximum nesting depth' in (getattr(exc, 'problem', None) or ''):
            return None, builder.positions, [_too_deep(exc, builder, limits)]
        return None, builder.positions, [_diagnose(text, exc)]
    finally:
        loader.dispose()
    if any(p.code == 'yaml-tag' for p in builder.problems):
        # a value of a foreign type must not be published as its text (base64 as agency name)
        return None, builder.positions, [p for p in builder.problems if p.code == 'yaml-tag']
    return data, builder.positions, builder.problems
