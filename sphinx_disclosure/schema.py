"""The report file's JSON Schema, generated from the forms data, and validation against it.

The schema is built from :mod:`sphinx_disclosure.forms`, so a new format file extends it without
code. ``report.schema.json`` in this package is the published copy (for editors that offer
completion and checking of YAML files); a test keeps it identical to what this module generates,
and ``python -m sphinx_disclosure.schema`` rewrites it.

Validation uses the ``jsonschema`` library; this module only turns its errors into
:class:`~sphinx_disclosure.messages.Problem` objects that name the file, line and key in the
author's terms (the cell's row and column labels, "did you mean" suggestions).

``jsonschema`` walks the schema anew for every value and costs more than reading the file, so
every report is first checked by a validator that ``fastjsonschema`` compiled from the same schema
(once per format and process). Only a report it finds invalid, rarely one in a folder, is
validated again by ``jsonschema``, whose errors the messages are made of. The compiled check is
never more lenient than ``jsonschema`` on what the loader produces (it is stricter only in
``enum``, where it tells 2019 from ``Decimal('2019')``, which then costs the slow path and
nothing else). Only the schema, which is ours, becomes code; a report is data to it.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

from .forms import Form, TableForm, all_forms, form_for_year
from .messages import Problem, cell_words, excerpt, quoted, word
from .rules.catalogue import catalogue
from .source import MAX_DIGITS, Positions, TooLarge

if TYPE_CHECKING:
    import jsonschema

SCHEMA_FILE = Path(__file__).parent / 'report.schema.json'
SCHEMA_ID = 'https://sphinx-disclosure.readthedocs.io/schema/report.schema.json'
MAX_YEAR = 2100
#: the levels a report may declare (``level:``): 本级政府, department, township, other
LEVELS = ('government', 'department', 'township', 'other')
#: units a report may list: a county has tens of departments and townships, not thousands
MAX_UNITS = 500
#: characters of the agency name and of a heading: TeX's time for a title (bookmarks, running
#: heads) grows with the square of its length
MAX_TITLE = 200
#: revisions (更正) a report may declare: a published report is corrected a few times at most
MAX_REVISIONS = 50
#: changes one revision may declare: every cell (about 200) and every text of a report once
MAX_CHANGES = 500
#: characters of the reason of a revision: a sentence or two, printed under the title
MAX_REASON = 500

_CELL_SCHEMAS = {
    'count': {'type': ['integer', 'null'], 'minimum': 0},
    'signed': {'type': ['integer', 'null']},
    'money': {'type': ['number', 'null'], 'minimum': 0},
}


def _narrative_defs() -> dict:
    text = {'type': 'string', 'minLength': 1}
    return {
        'text': text,
        'title': {
            'description': 'A name or heading: one line of at most 200 characters (it is also a '
            'title of the page, the PDF and its bookmarks).',
            'type': 'string',
            'minLength': 1,
            'maxLength': MAX_TITLE,
        },
        'numbered': {
            'description': 'false: print this block without automatic numbers (for a text that '
            'carries its own).',
            'type': 'boolean',
        },
        'blocks': {
            'description': 'Paragraphs, numbered headings, numbered points and lists, in order.',
            'type': 'array',
            'items': {'$ref': '#/$defs/block'},
        },
        'section': {
            'description': 'The text of a section: one paragraph, or a list of blocks.',
            'anyOf': [{'$ref': '#/$defs/text'}, {'$ref': '#/$defs/blocks'}],
        },
        'block': {
            'anyOf': [
                {'$ref': '#/$defs/text'},
                {'$ref': '#/$defs/heading'},
                {'$ref': '#/$defs/points'},
                {'$ref': '#/$defs/list'},
            ]
        },
        'heading': {
            'description': 'A numbered heading one level below the enclosing one, with its text.',
            'type': 'object',
            'properties': {
                'heading': {'$ref': '#/$defs/title'},
                'content': {'$ref': '#/$defs/section'},
                'numbered': {'$ref': '#/$defs/numbered'},
            },
            'required': ['heading'],
            'additionalProperties': False,
        },
        'points': {
            'description': 'Paragraphs numbered one level below the enclosing heading.',
            'type': 'object',
            'properties': {
                'points': {'type': 'array', 'minItems': 1, 'items': {'$ref': '#/$defs/point'}},
                'numbered': {'$ref': '#/$defs/numbered'},
            },
            'required': ['points'],
            'additionalProperties': False,
        },
        'point': {
            'anyOf': [
                {'$ref': '#/$defs/text'},
                {
                    'type': 'object',
                    'properties': {
                        'text': {'$ref': '#/$defs/text'},
                        'points': {
                            'type': 'array',
                            'minItems': 1,
                            'items': {'$ref': '#/$defs/point'},
                        },
                    },
                    'required': ['text'],
                    'additionalProperties': False,
                },
            ]
        },
        'list': {
            'description': 'An unnumbered list.',
            'type': 'object',
            'properties': {
                'list': {'type': 'array', 'minItems': 1, 'items': {'$ref': '#/$defs/text'}},
            },
            'required': ['list'],
            'additionalProperties': False,
        },
    }


def _revision_defs() -> dict:
    """One revision (更正) of a published report: its date, why, and the old value of each
    value or text it changed (the current value is the report's own)."""
    return {
        'revision': {
            'description': 'A correction made after publication.',
            'type': 'object',
            'properties': {
                'date': {
                    'description': '更正日期 (date of the correction), YYYY-MM-DD',
                    'type': 'string',
                    'format': 'date',
                },
                'reason': {
                    'description': '更正原因 (why the report was corrected)',
                    'type': 'string',
                    'minLength': 1,
                    'maxLength': MAX_REASON,
                },
                'changes': {
                    'description': '更正的单元格或文字及其原值 (what was changed, with the value '
                    'first published)',
                    'type': 'array',
                    'minItems': 1,
                    'maxItems': MAX_CHANGES,
                    'items': {'$ref': '#/$defs/change'},
                },
            },
            'required': ['date', 'reason', 'changes'],
            'additionalProperties': False,
        },
        'change': {
            'description': 'A cell (its full key) or a text (preamble, sections.<id>, or a block '
            'inside them) with the value or text first published (~: blank, or no text).',
            'type': 'object',
            'properties': {
                'key': {
                    'description': '单元格的完整键名，或文字的位置 (the full key of a cell, or the '
                    'path of a text)',
                    'type': 'string',
                    'minLength': 1,
                },
                'old': {
                    'description': '更正前发布的值或文字；~ 表示原为空白 (the value or text '
                    'first published; ~ for blank)',
                    'type': ['integer', 'number', 'string', 'null'],
                },
            },
            'required': ['key', 'old'],
            'additionalProperties': False,
        },
    }


def _cell_description(table: TableForm, key: str) -> str:
    rows, cols = table.label_paths(key)
    return f'{rows} / {cols}' if rows else cols


def table_schema(table: TableForm) -> dict:
    """Nested mapping row → (sub-row →) column → value, from the table's grid."""
    root: dict[str, Any] = {}
    for key in table.keys:
        *row, col = key.split('.')
        node = root
        for part in row:
            node = node.setdefault(part, {})
        node[col] = key

    def build(node: dict, prefix: str) -> dict:
        props = {}
        required = []
        for name, child in node.items():
            full = f'{prefix}{name}'
            if isinstance(child, str):
                props[name] = dict(
                    _CELL_SCHEMAS[table.cell_type(child)],
                    description=_cell_description(table, child),
                )
                if child not in table.total_keys:
                    required.append(name)
            else:
                sub = build(child, full + '.')
                labels = _row_title(table, full)
                if labels:
                    sub['title'] = labels
                props[name] = sub
                if sub['required']:  # a row made only of totals may be left out
                    required.append(name)
        return {
            'type': ['object', 'null'],
            'properties': props,
            'required': required,
            'additionalProperties': False,
        }

    schema = build(root, '')
    schema['title'] = table.caption
    return schema


def _row_title(table: TableForm, row_prefix: str) -> str:
    """The label of a row (or group of rows): the common row labels of its cells."""
    paths = [table.row_labels(k) for k in table.keys if k.startswith(row_prefix + '.')]
    if not paths or not paths[0]:
        return ''
    common = paths[0]
    for p in paths[1:]:
        n = 0
        while n < min(len(common), len(p)) and common[n] == p[n]:
            n += 1
        common = common[:n]
    return common[-1] if common else ''


def _metadata_properties(forms: dict[str, Form]) -> dict:
    ids = list(forms)
    first = min(f.first_year for f in forms.values())
    return {
        'agency': {
            'description': '发布报告的行政机关全称 (full name of the publishing agency)',
            '$ref': '#/$defs/title',
        },
        'year': {
            'description': '报告年度 (the year the report covers)',
            'type': 'integer',
            'minimum': first,
            'maximum': MAX_YEAR,
        },
        'published': {
            'description': '成文日期 (date written under the signature), YYYY-MM-DD',
            'type': 'string',
            'format': 'date',
        },
        'format': {
            'description': '年度报告格式 (overrides the format chosen by the year)',
            'enum': ids + [int(i) for i in ids if i.isdigit()],
        },
        'preamble': {'description': '报告正文前的导语', '$ref': '#/$defs/section'},
        'agency_id': {
            'description': '机关代码，用于找到同一机关上一年度的报告 (identifies the agency '
            'across years, e.g. its 统一社会信用代码)',
            'type': ['string', 'integer'],
        },
        'previous': {
            'description': "上一年度报告文件的路径，相对于本文件 (path of last year's report)",
            '$ref': '#/$defs/text',
        },
        'level': {
            'description': '报告的层级：government（本级政府汇总报告）、department（政府部门）、'
            'township（乡镇、街道）或 other (the level of the reporting body, for the portal '
            'index)',
            'enum': list(LEVELS),
        },
        'units': {
            'description': '本级政府报告所汇总的各单位报告文件的路径，相对于本文件；据此核对汇总'
            '数与各单位之和 (report files of the units this report sums up, relative to it)',
            'type': 'array',
            'items': {'$ref': '#/$defs/text'},
            'minItems': 1,
            'maxItems': MAX_UNITS,
        },
        'revisions': {
            'description': '发布后的更正记录：每次更正的日期、原因及更正的单元格或文字的原值，'
            '在报告标题下以“更正说明”显示 (corrections made after publication, shown under the '
            'title)',
            'type': 'array',
            'minItems': 1,
            'maxItems': MAX_REVISIONS,
            'items': {'$ref': '#/$defs/revision'},
        },
        'acknowledged': {
            'description': '对已知不满足的检查规则所作的说明，会在报告中显示 (explanations of '
            'known rule breaks, shown in the report)',
            'type': 'array',
            'items': {
                'type': 'object',
                'properties': {
                    'rule': {'enum': [r.id for r in catalogue().values() if r.kind != 'schema']},
                    'explanation': {'$ref': '#/$defs/text'},
                    'cells': {'type': 'array', 'items': {'type': 'string'}, 'minItems': 1},
                },
                'required': ['rule', 'explanation'],
                'additionalProperties': False,
            },
        },
    }


def _sections_schema(form: Form) -> dict:
    return {
        'type': 'object',
        'properties': {s.id: {'title': s.title, '$ref': '#/$defs/section'} for s in form.sections},
        'required': [s.id for s in form.sections if s.required],
        'additionalProperties': False,
    }


def _form_part(form: Form) -> dict:
    props = {'sections': _sections_schema(form)}
    props.update({tid: table_schema(t) for tid, t in form.tables.items()})
    return {'properties': props, 'required': ['sections', *form.tables]}


def report_schema(form: Form, forms: dict[str, Form]) -> dict:
    """The schema of a report in one given format (what validation uses)."""
    part = _form_part(form)
    return {
        '$schema': 'https://json-schema.org/draft/2020-12/schema',
        'type': 'object',
        'properties': {**_metadata_properties(forms), **part['properties']},
        'required': ['agency', 'year', *part['required']],
        'additionalProperties': False,
        '$defs': {**_narrative_defs(), **_revision_defs()},
    }


def published_schema(forms: dict[str, Form] | None = None) -> dict:
    """One schema for every format: the year (or ``format:``) selects the tables."""
    forms = forms or all_forms()
    ordered = list(forms.values())
    branches = []
    for i, form in enumerate(ordered):
        until = ordered[i + 1].first_year - 1 if i + 1 < len(ordered) else MAX_YEAR
        ids = [form.id] + ([int(form.id)] if form.id.isdigit() else [])
        branches.append(
            {
                'if': {
                    'anyOf': [
                        {'required': ['format'], 'properties': {'format': {'enum': ids}}},
                        {
                            'not': {'required': ['format']},
                            'properties': {
                                'year': {'minimum': form.first_year, 'maximum': until},
                            },
                        },
                    ]
                },
                'then': _form_part(form),
            }
        )
    return {
        '$schema': 'https://json-schema.org/draft/2020-12/schema',
        '$id': SCHEMA_ID,
        'title': '政府信息公开工作年度报告 (sphinx-disclosure report file)',
        'type': 'object',
        'properties': _metadata_properties(forms),
        'required': ['agency', 'year', 'sections'],
        'allOf': branches,
        'unevaluatedProperties': False,
        '$defs': {**_narrative_defs(), **_revision_defs()},
    }


def schema_json(forms: dict[str, Form] | None = None) -> str:
    return json.dumps(published_schema(forms), ensure_ascii=False, indent=2) + '\n'


# ---------------------------------------------------------------------------------------------
# validation


def _type_checker():
    """JSON Schema types for what our YAML loader produces (Decimal for decimals)."""
    import jsonschema

    base = jsonschema.Draft202012Validator.TYPE_CHECKER

    def is_integer(checker, instance):
        return isinstance(instance, int) and not isinstance(instance, bool)

    def is_number(checker, instance):
        return isinstance(instance, (int, Decimal, float)) and not isinstance(instance, bool)

    return base.redefine_many({'integer': is_integer, 'number': is_number})


def _is_date(instance: object) -> bool:
    """``format: date``: a real date written YYYY-MM-DD (Python accepts 20220120 too)."""
    if not isinstance(instance, str):
        return True
    try:
        datetime.date.fromisoformat(instance)
    except ValueError:
        return False
    return len(instance) == 10


def _format_checker() -> jsonschema.FormatChecker:
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())

    @checker.checks('date', raises=ValueError)
    def is_date(instance: object) -> bool:
        if not isinstance(instance, str):
            return True
        datetime.date.fromisoformat(instance)
        return len(instance) == 10

    return checker


@functools.cache
def _jsonschema_class() -> tuple[Any, Any]:
    """The ``jsonschema`` validator class for our types, and the format checker: made (and
    ``jsonschema`` imported, tens of milliseconds) only when a report is invalid."""
    import jsonschema

    return (
        jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=_type_checker()),
        _format_checker(),
    )


def _compiled(schema: dict) -> Any:
    """The schema compiled by ``fastjsonschema`` into a function that raises on the first
    error. The keywords our schemas use mean the same in its draft 2019-09 as in 2020-12."""
    return fastjsonschema.compile(
        _shared(schema),
        formats={'date': _is_date},
        use_default=False,  # never write into the report's data
        # no copy of the schema and the value in each error: it is not shown, and the copies
        # make the compiled code more than twice as large and four times as slow to compile
        detailed_exceptions=False,
    )


#: keywords that describe and do not check: left out of the compiled check
_ANNOTATIONS = frozenset({'title', 'description'})
#: keywords whose value is a schema, a list of schemas, or a mapping of names to schemas
_SUBSCHEMA, _SUBSCHEMAS, _NAMED_SUBSCHEMAS = 'items', 'anyOf', ('properties', '$defs')


def _shared(schema: dict) -> dict:
    """The same checks with every object schema that occurs more than once (the rows of a
    table: one per row, alike but for their titles) written once in ``$defs`` and referred
    to. ``fastjsonschema`` writes out the code of every occurrence: shared, the compiled code
    is a fifth of the size and compiles in 9 ms instead of 30 to 45 per format, which is most
    of the time of checking a single file; checking costs 3 µs more per report."""

    def bare(node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key in _ANNOTATIONS:
                continue
            if key in _NAMED_SUBSCHEMAS:
                value = {name: bare(sub) for name, sub in value.items()}
            elif key == _SUBSCHEMA:
                value = bare(value)
            elif key == _SUBSCHEMAS:
                value = [bare(sub) for sub in value]
            out[key] = value
        return out

    def walk(node: Any, visit) -> Any:
        out = {}
        for key, value in node.items():
            if key in _NAMED_SUBSCHEMAS:
                value = {name: visit(sub) for name, sub in value.items()}
            elif key == _SUBSCHEMA and isinstance(value, dict):
                value = visit(value)
            elif key == _SUBSCHEMAS:
                value = [visit(sub) for sub in value]
            out[key] = value
        return out

    root = bare(schema)
    seen: dict[str, int] = {}

    def count(node: Any) -> Any:
        if isinstance(node, dict):
            if 'properties' in node:
                text = json.dumps(node, sort_keys=True)
                seen[text] = seen.get(text, 0) + 1
            walk(node, count)
        return node

    walk(root, count)
    names: dict[str, str] = {}
    defs: dict[str, dict] = {}

    def share(node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        text = json.dumps(node, sort_keys=True) if 'properties' in node else ''
        if seen.get(text, 0) < 2:
            return walk(node, share)
        if text not in names:
            names[text] = f'shared-{len(names)}'
            defs[names[text]] = walk(node, share)
        return {'$ref': f'#/$defs/{names[text]}'}

    out = walk(root, share)
    assert not set(defs) & set(out.get('$defs', {}))
    out['$defs'] = {**out.get('$defs', {}), **defs}
    return out


def dotted(path: tuple) -> str:
    """``('sections', 'overview', 0)`` as ``sections.overview[0]``; a key name the author typed
    is shortened to an excerpt, as everything quoted from a file is."""
    out = ''
    for part in path:
        if isinstance(part, int):
            out += f'[{part}]'
        else:
            out += ('.' if out else '') + excerpt(part)
    return out if len(out) <= 100 else f'{out[:60]}…{out[-39:]}'


class _Context:
    def __init__(self, file: str, positions: Positions, form: Form | None) -> None:
        self.file = file
        self.positions = positions
        self.form = form
        self.problems: list[Problem] = []
        self._seen: set[tuple] = set()
        #: names offered as "did you mean": the unknown key is the one the author wrote for
        #: it, so the name is not reported missing as well
        self.suggested: set[tuple] = set()

    def add(self, code: str, path: tuple, **params: Any) -> None:
        # jsonschema reports 'required' once per missing name; one message per key is enough
        if (code, path) in self._seen:
            return
        self._seen.add((code, path))
        self.problems.append(
            Problem(
                code,
                file=self.file,
                line=self.positions.line(path),
                key=dotted(path) or None,
                params=params,
            )
        )

    def table_for(self, path: tuple) -> TableForm | None:
        if self.form and path and path[0] in self.form.tables:
            return self.form.tables[path[0]]
        return None

    def cell(self, path: tuple):
        """A description of the table cell at ``path`` (a Msg), or None if not a cell."""
        table = self.table_for(path)
        if table is None or len(path) < 3:
            return None
        key = '.'.join(str(p) for p in path[1:])
        if key not in table.keys:
            return None
        return cell_words(table, key)


def _types(schema: dict) -> list[str]:
    types = schema.get('type', [])
    return [types] if isinstance(types, str) else list(types)


def _kind(value: Any):
    if value is None:
        return word('found-nothing')
    if isinstance(value, list):
        return word('found-list')
    if isinstance(value, dict):
        return word('found-mapping')
    return quoted(value)


_TYPE_WORDS = {
    'integer': 'type-integer',
    'number': 'type-number',
    'string': 'type-string',
    'array': 'type-list',
    'object': 'type-mapping',
}

#: a number written in quotes ("1526"): YAML reads it as text. Plain digits only; a full-width
#: １２ or a unit is a different mistake, explained by 'not-a-number'
_QUOTED_NUMBER = re.compile(r'\s*[-+]?[0-9]+(?:\.[0-9]+)?\s*\Z')

_MISSING_HINTS = {('agency',): 'hint-agency', ('year',): 'hint-year'}


def _suggest(name: str, schema: dict) -> str | None:
    props = schema.get('properties', {})
    candidates = list(props)
    match = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if match:
        return match[0]
    # an author may type the Chinese label instead of the identifier
    for prop, sub in props.items():
        for text in (sub.get('title', ''), sub.get('description', '')):
            if text and (text == name or text.endswith(name) or text.endswith(f'› {name}')):
                return prop
    return None


def _branch_for(instance: Any, branches: list[dict], resolve) -> int | None:
    """Pick the anyOf branch an author meant, so errors come from inside it."""
    for i, branch in enumerate(branches):
        sub = resolve(branch)
        if isinstance(instance, str) and sub.get('type') == 'string':
            return i
        if isinstance(instance, list) and sub.get('type') == 'array':
            return i
        if isinstance(instance, dict) and sub.get('type') == 'object':
            required = sub.get('required', [])
            if required and required[0] in instance:
                return i
    return None


def _explain(error: jsonschema.ValidationError, ctx: _Context, root_schema: dict) -> None:
    path = tuple(error.absolute_path)
    instance = error.instance
    schema = error.schema
    validator = error.validator

    def resolve(sub: dict) -> dict:
        while '$ref' in sub:
            sub = root_schema['$defs'][sub['$ref'].rsplit('/', 1)[-1]]
        return sub

    if validator == 'anyOf':
        branch = _branch_for(instance, schema['anyOf'], resolve)
        if branch is not None:
            subs = [e for e in error.context if e.relative_schema_path[0] == branch]
            # errors of nested anyOf come wrapped again; explain each once
            for sub in subs:
                _explain(sub, ctx, root_schema)
            if subs:
                return
        ctx.add('bad-block', path, found=_kind(instance))
        return
    if validator == 'additionalProperties' or validator == 'unevaluatedProperties':
        allowed = list(schema.get('properties', {}))
        for name in instance:
            if name in allowed:
                continue
            suggestion = _suggest(str(name), schema) if len(str(name)) <= 80 else None
            if suggestion is not None:
                ctx.suggested.add(path + (suggestion,))
            ctx.add(
                'unknown-key',
                path + (name,),
                name=excerpt(name),
                suggestion=word('did-you-mean', name=suggestion) if suggestion else '',
                allowed=tuple(allowed),
            )
        return
    if validator == 'required':
        for name in schema['required']:
            if name in instance:
                continue
            cell = ctx.cell(path + (name,))
            if cell is not None:
                ctx.add('missing-cell', path + (name,), cell=cell)
                continue
            title = schema.get('properties', {}).get(name, {}).get('title')
            table = ctx.table_for(path + (name,))
            if table is not None and len(path) >= 1:
                ctx.add(
                    'missing-row', path + (name,), name=name, row=title or name, table=table.caption
                )
                continue
            hint: Any = ''
            if path + (name,) in _MISSING_HINTS:
                hint = word(_MISSING_HINTS[path + (name,)])
            elif path == ('sections',):
                hint = word('hint-section')
            elif not path and ctx.form and name in ctx.form.tables:
                hint = word('hint-table')
            ctx.add(
                'missing-key',
                path + (name,),
                name=f'{name}（{title}）' if title else name,
                hint=hint,
            )
        return
    cell = ctx.cell(path)
    if cell is not None:
        if validator == 'type':
            if isinstance(instance, TooLarge):
                ctx.add(
                    'number-too-large', path, what=cell, found=quoted(instance), limit=MAX_DIGITS
                )
            elif isinstance(instance, str) and _QUOTED_NUMBER.match(instance):
                ctx.add('quoted-number', path, cell=cell, found=quoted(instance))
            elif isinstance(instance, Decimal):
                ctx.add('decimal-count', path, cell=cell, found=quoted(instance))
            elif isinstance(instance, (list, dict)):
                ctx.add(
                    'wrong-type',
                    path,
                    what=cell,
                    expected=word('type-number'),
                    found=_kind(instance),
                )
            else:
                ctx.add('not-a-number', path, cell=cell, found=quoted(instance))
            return
        if validator == 'minimum':
            ctx.add('negative', path, cell=cell, found=quoted(instance))
            return
    if (
        validator == 'type'
        and isinstance(instance, str)
        and {'integer', 'number'} & set(_types(schema))
    ):
        name = word(
            'what-value', name=path[-1] if path and isinstance(path[-1], str) else dotted(path)
        )
        if isinstance(instance, TooLarge):
            ctx.add('number-too-large', path, what=name, found=quoted(instance), limit=MAX_DIGITS)
            return
        if _QUOTED_NUMBER.match(instance):
            ctx.add('quoted-number', path, cell=name, found=quoted(instance))
            return
    if path == ('year',) and validator in ('minimum', 'maximum', 'type'):
        if validator == 'minimum' and isinstance(instance, int):
            ctx.add('year-before-format', path, year=instance, first=schema['minimum'])
        elif validator == 'maximum':
            ctx.add(
                'year-range',
                path,
                min=_first_year(root_schema),
                max=MAX_YEAR,
                found=quoted(instance),
            )
        else:
            ctx.add(
                'wrong-type',
                path,
                what=word('what-value', name='year'),
                expected=word('type-integer'),
                found=_kind(instance),
            )
        return
    if path == ('format',) and validator == 'enum':
        ctx.add(
            'unknown-format',
            path,
            found=quoted(instance),
            known=tuple(str(v) for v in schema['enum'] if isinstance(v, str)),
        )
        return
    if validator == 'format':
        ctx.add('bad-date', path, found=quoted(instance))
        return
    if validator == 'maxItems':
        ctx.add('too-many-items', path, count=len(instance), limit=schema['maxItems'])
        return
    if path[:1] == ('revisions',) and path[-1:] == ('reason',) and validator == 'maxLength':
        ctx.add('reason-too-long', path, length=len(instance), limit=schema['maxLength'])
        return
    if path[:1] == ('revisions',) and path[-1:] == ('old',) and validator == 'type':
        ctx.add(
            'wrong-type',
            path,
            what=word('what-value', name='old'),
            expected=word('type-old'),
            found=_kind(instance),
        )
        return
    if validator == 'minLength':
        ctx.add('empty-text', path)
        return
    if validator == 'maxLength':
        ctx.add('title-too-long', path, length=len(instance), limit=schema['maxLength'])
        return
    if validator == 'minItems':
        ctx.add('empty-list', path)
        return
    if validator == 'type':
        expected = [t for t in _types(schema) if t != 'null']
        name = path[-1] if path and isinstance(path[-1], str) else dotted(path)
        ctx.add(
            'wrong-type',
            path,
            what=word('what-value', name=name),
            expected=word(_TYPE_WORDS.get(expected[0], 'type-string')),
            found=_kind(instance),
        )
        return
    if validator == 'enum':
        allowed = [str(v) for v in schema['enum']]
        close = difflib.get_close_matches(str(instance), allowed, n=1, cutoff=0.5)
        ctx.add(
            'unknown-value',
            path,
            found=quoted(instance),
            known=tuple(allowed),
            suggestion=word('did-you-mean', name=close[0]) if close else '',
        )
        return
    # a check this module has no wording for yet: still located, with jsonschema's own words
    ctx.add('invalid-value', path, detail=excerpt(error.message))


def _first_year(schema: dict) -> int:
    return schema['properties']['year']['minimum']


def _sort_key(problem: Problem) -> tuple:
    return (problem.line or 0, problem.key or '')


def select_form(data: dict, forms: dict[str, Form]) -> Form | None:
    """The report's format: ``format:`` if given and known, else the one in force for its year."""
    fmt = data.get('format')
    if fmt is not None and str(fmt) in forms:
        return forms[str(fmt)]
    year = data.get('year')
    if isinstance(year, int) and not isinstance(year, bool) and year <= MAX_YEAR:
        return form_for_year(year, forms)
    return None


_IDENTITY = ('agency', 'year', 'published', 'format')


class _Validators:
    """The schema of a format, its compiled check, and (made when first needed) its
    ``jsonschema`` validator."""

    def __init__(self, schema: dict) -> None:
        self.schema = schema
        self.fast = _compiled(schema)
        self._full: Any = None

    def is_valid(self, instance: Any) -> bool:
        """Whether the compiled check passes the report: then ``jsonschema`` would too."""
        try:
            self.fast(instance)
        except Exception:  # an error found, or anything it stumbles on: jsonschema decides
            return False
        return True

    @property
    def full(self) -> Any:
        """The ``jsonschema`` validator, whose errors the messages are made of."""
        if self._full is None:
            cls, format_checker = _jsonschema_class()
            self._full = cls(self.schema, format_checker=format_checker)
        return self._full


_validators: dict[tuple, _Validators] = {}


def _validator(form: Form | None, forms: dict[str, Form]) -> _Validators:
    """The schema and ready validators for a format (None: only the identifying keys, for a
    report whose format cannot be told). Built once per process: building costs more than
    validating."""
    key = (form.source if form else None, tuple(str(f.source) for f in forms.values()))
    hit = _validators.get(key)
    if hit is None:
        if form is None:
            full = report_schema(next(iter(forms.values())), forms)
            schema = dict(
                full,
                properties={k: full['properties'][k] for k in _IDENTITY},
                required=['agency', 'year'],
            )
        else:
            schema = report_schema(form, forms)
        hit = _validators[key] = _Validators(schema)
    return hit


def prepare(forms: dict[str, Form]) -> None:
    """Build the validators of every format now (see :mod:`sphinx_disclosure.parallel`)."""
    _validator(None, forms)
    for form in forms.values():
        _validator(form, forms)
        key_names(form)


def _table_problem(problem: Problem, forms: dict[str, Form]) -> bool:
    tables = {t for f in forms.values() for t in f.tables}
    return bool(problem.key) and problem.key.split('.', 1)[0].split('[', 1)[0] in tables


def _check(
    data: dict, positions: Positions, file: str, form: Form | None, forms: dict[str, Form]
) -> list[Problem]:
    validators = _validator(form, forms)
    # without a format only the metadata can be checked; tables would be guessed
    instance = data if form is not None else {k: v for k, v in data.items() if k in _IDENTITY}
    if validators.is_valid(instance):
        return []  # jsonschema would find nothing either: the compiled check is not laxer
    ctx = _Context(file, positions, form)
    for error in validators.full.iter_errors(instance):
        _explain(error, ctx, validators.schema)
    missing = {dotted(p) for p in ctx.suggested}
    return [
        p
        for p in ctx.problems
        if not (p.code in ('missing-key', 'missing-row', 'missing-cell') and p.key in missing)
    ]


def _mismatch(
    data: dict,
    positions: Positions,
    file: str,
    form: Form,
    forms: dict[str, Form],
    problems: list[Problem],
) -> list[Problem]:
    """One message instead of one per row when the tables are those of another format."""
    if not any(_table_problem(p, forms) for p in problems):
        return problems
    for other in forms.values():
        if other is form:
            continue
        if any(_table_problem(p, forms) for p in _check(data, positions, file, other, forms)):
            continue
        written = data.get('format')
        default = form_for_year(data['year'], forms) if isinstance(data.get('year'), int) else None
        key = 'format' if written is not None else 'year'
        problem = Problem(
            'format-mismatch' if written is not None else 'format-mismatch-year',
            file=file,
            line=positions.line((key,)),
            key=key,
            params={
                'found': quoted(written),
                'year': data.get('year'),
                'matching': other.id,
                'matching_name': other.document,
                'default': default.id if default else '',
                'default_name': default.document if default else '',
            },
        )
        return [p for p in problems if not _table_problem(p, forms)] + [problem]
    return problems


def validate(
    data: Any, positions: Positions, file: str, forms: dict[str, Form]
) -> tuple[Form | None, list[Problem]]:
    """Check a loaded report file; return its format and every problem found, in file order."""
    if not isinstance(data, dict):
        ctx = _Context(file, positions, None)
        ctx.add('not-a-mapping', (), found=_kind(data))
        return None, ctx.problems
    form = select_form(data, forms)
    problems = _check(data, positions, file, form, forms)
    if form is not None:
        problems = _mismatch(data, positions, file, form, forms, problems)
    return form, sorted(problems, key=_sort_key)


_key_names: dict[Path, frozenset[str]] = {}


def key_names(form: Form) -> frozenset[str]:
    """Every key name a report in this format may write (for telling a key typed with a
    full-width colon from ordinary text)."""
    hit = _key_names.get(form.source)
    if hit is not None:
        return hit
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            names.update(node.get('properties', {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(report_schema(form, {form.id: form}))
    _key_names[form.source] = frozenset(names)
    return _key_names[form.source]


def main() -> None:  # pragma: no cover - maintenance entry point
    SCHEMA_FILE.write_text(schema_json(), encoding='utf-8')
    print(f'wrote {SCHEMA_FILE.name}')


if __name__ == '__main__':  # pragma: no cover
    main()
