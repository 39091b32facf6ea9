"""YAML loading that remembers where every key and value was written.

PyYAML's constructors drop source positions, and its YAML 1.1 resolver silently turns
``010`` into 8 and ``1:20`` into 80. Report files are typed by hand into tables of counts, so we
compose the node tree ourselves: every mapping key and value keeps its line, numbers keep the
exact text the author wrote (decimals become :class:`~decimal.Decimal`, never binary floats),
and duplicate keys are reported instead of the last one silently winning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

_PLAIN_INT = re.compile(r'[-+]?[0-9]+\Z')
_PLAIN_DEC = re.compile(r'[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z')


#: libyaml's parser when PyYAML was built with it (15 times faster), else the pure-Python one
_Loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)


class NotANumber(str):
    """A scalar YAML would have read as a number in an unusual notation (0x1F, 1:20, .inf).

    Kept as text so that validation reports it as "not a number" rather than a surprising value.
    """


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class SourceProblem:
    """A problem found while reading the file, before any schema check."""

    code: str  # 'yaml-syntax' | 'duplicate-key' | 'complex-key'
    line: int | None
    path: Path_
    params: dict


class Positions:
    """Where each part of the document was written: ``path -> Mark``.

    For a mapping entry, ``key_mark(path)`` is the position of the key and ``value_mark(path)`` the
    position of the value. ``nearest(path)`` falls back to the closest written ancestor, which is
    what a message about a *missing* key should point at.
    """

    def __init__(self) -> None:
        self._keys: dict[Path_, Mark] = {}
        self._values: dict[Path_, Mark] = {}

    def key_mark(self, path: Path_) -> Mark | None:
        return self._keys.get(tuple(path))

    def value_mark(self, path: Path_) -> Mark | None:
        return self._values.get(tuple(path))

    def line(self, path: Path_) -> int | None:
        """The best line for a message about ``path``: its key, its value, or an ancestor's."""
        path = tuple(path)
        while True:
            mark = self._keys.get(path) or self._values.get(path)
            if mark is not None:
                return mark.line
            if not path:
                return None
            path = path[:-1]


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _scalar(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    tag = node.tag
    text = node.value
    if tag == 'tag:yaml.org,2002:int':
        if _PLAIN_INT.match(text):
            return int(text, 10)
        return NotANumber(text)
    if tag == 'tag:yaml.org,2002:float':
        if _PLAIN_DEC.match(text.replace('_', '')):
            try:
                return Decimal(text.replace('_', ''))
            except InvalidOperation:  # pragma: no cover - guarded by the regex
                return NotANumber(text)
        return NotANumber(text)
    if tag == 'tag:yaml.org,2002:null':
        return None
    if tag == 'tag:yaml.org,2002:bool':
        return loader.construct_yaml_bool(node)
    # timestamps and everything else stay as the text the author wrote
    return text


def load_yaml(text: str) -> tuple[Any, Positions, list[SourceProblem]]:
    """Parse YAML text into plain data plus positions.

    Raises :class:`yaml.YAMLError` (with ``problem_mark``) on a syntax error; the caller turns it
    into a located message. Duplicate keys do not raise: they are returned as problems so that
    every mistake in a file can be reported in one pass.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    positions = Positions()
    problems: list[SourceProblem] = []
    if root is None:
        return None, positions, problems
    positions._values[()] = _mark(root)

    def build(node: yaml.Node, path: Path_, depth: int) -> Any:
        if depth > 50:
            problems.append(SourceProblem('too-deep', _mark(node).line, path, {}))
            return None
        if isinstance(node, yaml.ScalarNode):
            return _scalar(loader, node)
        if isinstance(node, yaml.SequenceNode):
            out = []
            for i, child in enumerate(node.value):
                positions._values[path + (i,)] = _mark(child)
                out.append(build(child, path + (i,), depth + 1))
            return out
        if isinstance(node, yaml.MappingNode):
            own = {id(k) for k, _ in node.value}
            loader.flatten_mapping(node)  # resolves '<<' merge keys (merged pairs come first)
            mapping: dict[str, Any] = {}
            merged: set[str] = set()
            for knode, vnode in node.value:
                if not isinstance(knode, yaml.ScalarNode):
                    problems.append(SourceProblem('complex-key', _mark(knode).line, path, {}))
                    continue
                key = knode.value
                child = path + (key,)
                if key in merged and id(knode) in own:
                    merged.discard(key)  # an explicit key overrides a merged one
                    del mapping[key]
                elif key in mapping:
                    first = positions.key_mark(child)
                    problems.append(SourceProblem(
                        'duplicate-key', _mark(knode).line, child,
                        {'first_line': first.line if first else None},
                    ))
                    continue
                positions._keys[child] = _mark(knode)
                positions._values[child] = _mark(vnode)
                mapping[key] = build(vnode, child, depth + 1)
                if id(knode) not in own:
                    merged.add(key)
            return mapping
        return None  # pragma: no cover - PyYAML has no other node kinds

    return build(root, (), 0), positions, problems
