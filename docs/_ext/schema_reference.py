"""Docs-only extension: reference tables generated from the package itself.

The YAML reference must never drift from what the package accepts, so nothing in it is typed by
hand: the directives below read :func:`sphinx_disclosure.schema.published_schema` (keys, types,
what is required) and :func:`sphinx_disclosure.forms.all_forms` (the statutory labels of every
cell) and build docutils nodes directly — no reST is generated and parsed back.

``.. schema-reference:: <part>`` where part is one of

``formats``   the national formats and the report years each one applies to
``top-level`` the top-level keys of a report file
``sections``  the keys under ``sections:`` (option ``:format:``)
``blocks``    the kinds of narrative block
``cells``     every cell of every table of one format (option ``:format:``)
``editor``    the editor comment that points at the published schema

``.. warning-codes::`` lists every ``disclosure.<code>`` warning with its Chinese wording (the
consistency rules, typed ``disclosure.<rule id>``, are listed by the package's own
``disclosure-rules`` directive instead).

``.. checked-output::`` holds a pasted build output; option ``:report:`` names a report file
with deliberate mistakes, and the build warns when a message the package now produces for that
file is missing from the pasted text (so the tutorial is updated when messages change). It
checks the problems found when the file is read (``sphinx_disclosure.model.load_report``), not
the consistency rules, and it knows the ``sphinx-build`` form of a message only; pasted outputs
of ``sphinx-disclosure check`` (rules.rst, cli.rst, cross-year.rst) are not re-checked.

The HTML build also writes the published schema to ``schema/report.schema.json`` in the output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sphinx_disclosure.forms import all_forms
from sphinx_disclosure.messages import TEMPLATES, gettext
from sphinx_disclosure.model import load_report
from sphinx_disclosure.schema import MAX_TITLE, published_schema, schema_json

logger = logging.getLogger(__name__)

LANG = 'zh_CN'
SEP = ' › '

#: what a value type means, in the words of the tutorial
TYPE_WORDS = {
    'count': '计数：非负整数',
    'signed': '带符号整数：可为负数',
    'money': '金额：非负数，可有小数',
}

#: Chinese explanation of each kind of narrative block (keys and requirements come from the
#: schema; a kind missing here makes the build warn, so a new kind cannot go undocumented)
BLOCK_WORDS = {
    'text': ('段落', '一段文字，直接写成字符串。'),
    'heading': (
        '标题',
        f'下一级编号标题（（一）、1.、（1）），heading 为一行文字（最多 {MAX_TITLE} 个字符），'
        'content 为其下的文字：一段文字或块列表。',
    ),
    'points': (
        '编号段落',
        '逐条编号的段落，编号比所在层级低一级；每一条可以是文字，或 text 加下一级 points。',
    ),
    'list': ('无编号列表', '不编号的列表，每项一段文字。'),
}

#: top-level keys without a description in the schema
KEY_WORDS = {
    'sections': '正文各部分的文字，键名见下文“正文各部分”。',
}

#: the page that explains a top-level key in full (a link is added to its description)
KEY_PAGES = {
    'agency_id': 'cross-year',
    'previous': 'cross-year',
    'acknowledged': 'rules',
}

#: JSON Schema types in the words of the tutorial
JSON_TYPE_WORDS = {
    'string': '文字',
    'integer': '整数',
    'number': '数字',
    'boolean': 'true 或 false',
}

#: codes of the message catalog that are not warnings of their own
NOT_WARNINGS = {
    'report-invalid': '（错误框的标题，不是警告）',
    'no-previous-year': '（说明，不是警告：只在生成时的输出中显示一行，不会使 -W 失败）',
    'acknowledged': '（附在“已说明”的检查结果之后，不是警告）',
}


# --------------------------------------------------------------------------------------------
# small node builders


def _cell(content: Any) -> nodes.entry:
    entry = nodes.entry()
    if isinstance(content, nodes.Node):
        entry += content if isinstance(content, nodes.Body) else nodes.paragraph('', '', content)
    elif isinstance(content, (list, tuple)):
        para = nodes.paragraph()
        for part in content:
            para += part if isinstance(part, nodes.Node) else nodes.Text(str(part))
        entry += para
    else:
        text = '' if content is None else str(content)
        entry += nodes.paragraph(text, text)
    return entry


def _table(
    headers: list[str],
    rows: list[list[Any]],
    widths: list[int],
    caption: str | None = None,
    classes: tuple[str, ...] = (),
) -> nodes.table:
    table = nodes.table(classes=['schema-reference', 'colwidths-given', *classes])
    if caption:
        table += nodes.title(caption, caption)
    tgroup = nodes.tgroup(cols=len(headers))
    table += tgroup
    for width in widths:
        tgroup += nodes.colspec(colwidth=width)
    thead = nodes.thead()
    tgroup += thead
    thead += nodes.row('', *(_cell(h) for h in headers))
    tbody = nodes.tbody()
    tgroup += tbody
    for row in rows:
        tbody += nodes.row('', *(_cell(c) for c in row))
    return table


def _literal(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def _key_list(sub: dict) -> list[Any]:
    """``a:``、``b:``（必填） for the keys of an object schema."""
    out: list[Any] = []
    for key in sub['properties']:
        if out:
            out.append('、')
        out.append(_literal(f'{key}:'))
        if key in sub.get('required', []):
            out.append('（必填）')
    return out


def _resolve(schema: dict, sub: dict) -> tuple[str | None, dict]:
    """Follow ``$ref`` into ``$defs``; returns (name of the last definition, its schema)."""
    name = None
    while '$ref' in sub:
        name = sub['$ref'].rsplit('/', 1)[-1]
        sub = schema['$defs'][name]
    return name, sub


def _branches(schema: dict) -> dict[str, dict]:
    """The ``then`` part of each format branch of the published schema, by format id."""
    out = {}
    for branch in schema['allOf']:
        enum = branch['if']['anyOf'][0]['properties']['format']['enum']
        out[str(enum[0])] = branch['then']
    return out


def _leaves(node: dict, prefix: str = '') -> list[tuple[str, dict, bool]]:
    """(key relative to the table, leaf schema, required) for every cell of a table schema."""
    out = []
    required = set(node.get('required', []))
    for name, sub in node.get('properties', {}).items():
        key = f'{prefix}{name}'
        if 'properties' in sub:
            out += _leaves(sub, key + '.')
        else:
            out.append((key, sub, name in required))
    return out


def _leaf_type(leaf: dict) -> str:
    types = leaf.get('type', [])
    types = types if isinstance(types, list) else [types]
    if 'number' in types:
        return 'money'
    if 'minimum' in leaf:
        return 'count'
    return 'signed'


def _years(forms: dict) -> dict[str, str]:
    ordered = list(forms.values())
    out = {}
    for i, form in enumerate(ordered):
        if i + 1 < len(ordered):
            last = ordered[i + 1].first_year - 1
            out[form.id] = (
                f'{form.first_year}年度'
                if last == form.first_year
                else f'{form.first_year}—{last}年度'
            )
        else:
            out[form.id] = f'{form.first_year}年度起'
    return out


# --------------------------------------------------------------------------------------------
# the directives


class SchemaReference(SphinxDirective):
    required_arguments = 1
    option_spec = {'format': directives.unchanged}

    def run(self) -> list[nodes.Node]:
        self.schema = published_schema()
        self.forms = all_forms()
        part = self.arguments[0]
        method = getattr(self, 'part_' + part.replace('-', '_'), None)
        if method is None:
            raise self.error(f'schema-reference: unknown part {part!r}')
        return method()

    def warn(self, text: str) -> None:
        logger.warning(
            f'schema-reference: {text}',
            location=self.get_location(),
            type='docs',
            subtype='schema-reference',
        )

    def _form(self):
        form_id = self.options.get('format', '').strip()
        if form_id not in self.forms:
            raise self.error(f'schema-reference: :format: must be one of {", ".join(self.forms)}')
        return self.forms[form_id]

    # -- formats

    def part_formats(self) -> list[nodes.Node]:
        years = _years(self.forms)
        rows = [
            [_literal(f.id), f.name, f.document, years[f.id], _literal(f'format: {f.id}')]
            for f in self.forms.values()
        ]
        return [
            _table(
                ['格式', '名称', '文件', '适用的报告年度（按 year 自动选择）', '强制指定'],
                rows,
                [8, 36, 20, 20, 14],
            )
        ]

    # -- top-level keys

    def _describe_type(self, sub: dict, name_of_key: str) -> Any:
        name, target = _resolve(self.schema, sub)
        if name == 'text':
            return '文字'
        if name == 'title':
            return f'一行文字（最多 {target["maxLength"]} 个字符）'
        if name == 'section':
            return '文字，或块列表'
        if 'enum' in sub:
            values = sorted({str(v) for v in sub['enum']})
            return '以下之一：' + '、'.join(values)
        if sub.get('format') == 'date':
            return '日期 YYYY-MM-DD'
        if sub.get('type') == 'integer':
            return f'整数（{sub.get("minimum")}—{sub.get("maximum")}）'
        if 'title' in sub and 'properties' in sub:
            return '表格（一组行）'
        if target.get('type') == 'object':
            return '一组键'
        if target.get('type') == 'array':
            _, item = _resolve(self.schema, target.get('items', {}))
            if item.get('type') == 'object' and 'properties' in item:
                return ['列表，每一项写 ', *_key_list(item)]
            if item.get('type') == 'string' or target.get('items', {}).get('$ref', '').endswith(
                '/text'
            ):
                return '文件路径的列表（相对于本文件）'
        types = target.get('type')
        if isinstance(types, list) and all(t in JSON_TYPE_WORDS for t in types):
            return '或'.join(JSON_TYPE_WORDS[t] for t in types)
        if isinstance(types, str) and types in JSON_TYPE_WORDS:
            return JSON_TYPE_WORDS[types]
        # a new kind of value: say so, rather than print JSON Schema words to the reader
        self.warn(f'the type of top-level key {name_of_key!r} is not described in the docs')
        return str(types or '')

    def _see(self, name: str) -> list[nodes.Node]:
        """“详见《…》” for a key explained on a page of its own."""
        page = KEY_PAGES.get(name)
        if page is None:
            return []
        parsed, messages = self.state.inline_text(f'；详见 :doc:`{page}`。', self.lineno)
        return [*parsed, *messages]

    def part_top_level(self) -> list[nodes.Node]:
        schema = self.schema
        branches = _branches(schema)
        names: dict[str, dict] = dict(schema['properties'])
        in_formats: dict[str, list[str]] = {}
        required_in: dict[str, list[str]] = {}
        for form_id, then in branches.items():
            for name, sub in then['properties'].items():
                names.setdefault(name, sub)
                in_formats.setdefault(name, []).append(form_id)
            for name in then['required']:
                required_in.setdefault(name, []).append(form_id)
        rows = []
        for name, sub in names.items():
            required = name in schema['required'] or (
                name in required_in and required_in[name] == in_formats.get(name)
            )
            description = sub.get('description') or KEY_WORDS.get(name)
            if description is None and 'title' in sub:
                description = f'表格：{sub["title"]}。单元格键见下文。'
            if description is None:
                self.warn(f'no description for top-level key {name!r}')
                description = ''
            if name in in_formats and len(in_formats[name]) < len(branches):
                description += f'（仅 {"、".join(in_formats[name])} 格式）'
            rows.append(
                [
                    _literal(name),
                    self._describe_type(sub, name),
                    '必填' if required else '可选',
                    [description, *self._see(name)],
                ]
            )
        return [_table(['键', '类型', '必填', '说明'], rows, [14, 18, 8, 50])]

    # -- sections

    def part_sections(self) -> list[nodes.Node]:
        form = self._form()
        then = _branches(self.schema)[form.id]
        sections = then['properties']['sections']
        required = set(sections['required'])
        rows = []
        for name, sub in sections['properties'].items():
            table = form.section(name).table
            rows.append(
                [
                    _literal(name),
                    sub.get('title', ''),
                    '必填' if name in required else '可选',
                    _literal(table) if table else '',
                ]
            )
        return [
            _table(['键', '标题（自动生成）', '必填', '本部分之后的表格'], rows, [16, 44, 8, 16])
        ]

    # -- narrative blocks

    def part_blocks(self) -> list[nodes.Node]:
        defs = self.schema['$defs']
        rows = []
        for branch in defs['block']['anyOf']:
            name, sub = _resolve(self.schema, branch)
            if name not in BLOCK_WORDS:
                self.warn(f'narrative block kind {name!r} is not described in the docs')
                continue
            label, text = BLOCK_WORDS[name]
            if sub.get('type') == 'string':
                keys: list[Any] = ['（无，直接写文字）']
            else:
                keys = _key_list(sub)
            rows.append([label, keys, text])
        point_keys = _key_list(defs['point']['anyOf'][1])
        rows.append(
            ['points 中的一条', point_keys, '一段文字；需要下一级编号时写成 text 加 points。']
        )
        return [_table(['种类', '键', '说明'], rows, [14, 26, 50])]

    # -- cells

    def part_cells(self) -> list[nodes.Node]:
        form = self._form()
        then = _branches(self.schema)[form.id]
        out: list[nodes.Node] = []
        for section in form.sections:
            if not section.table:
                continue
            table = form.tables[section.table]
            leaves = _leaves(then['properties'][table.id])
            schema_keys = [k for k, _, _ in leaves]
            if sorted(schema_keys) != sorted(table.keys):
                self.warn(f'{form.id} {table.id}: schema and forms list different cells')
            rows = []
            by_key = {k: (leaf, req) for k, leaf, req in leaves}
            for key in table.keys:
                leaf, required = by_key[key]
                kind = _leaf_type(leaf)
                if kind != table.cell_type(key):
                    self.warn(f'{form.id} {key}: schema type {kind} != forms type')
                total = key in table.total_keys
                if total == required:
                    self.warn(f'{form.id} {key}: derived total and schema requirement disagree')
                rows.append(
                    [
                        _literal(f'{table.id}.{key}'),
                        SEP.join(table.row_labels(key)),
                        SEP.join(table.column_labels(key)),
                        [_literal(kind), f' {TYPE_WORDS[kind]}'],
                        '合计，可省略' if total else '',
                    ]
                )
            caption = f'{section.title}（{table.id}，{len(table.keys)} 个单元格）'
            node = _table(
                ['键', '行', '列', '值的类型', '合计'],
                rows,
                [28, 28, 26, 14, 12],
                caption=caption,
                classes=('longtable',),
            )
            node['ids'].append(f'cells-{form.id}-{table.id}')
            self.state.document.note_explicit_target(node)
            out.append(node)
        return out

    # -- editor comment

    def part_editor(self) -> list[nodes.Node]:
        text = f'# yaml-language-server: $schema={self.schema["$id"]}'
        return [nodes.literal_block(text, text, language='yaml')]


class WarningCodes(SphinxDirective):
    """Every problem code with its Chinese wording, from the package's message catalog."""

    def run(self) -> list[nodes.Node]:
        rows = []
        for code, template in TEMPLATES.items():
            text = gettext(template, LANG)
            name: Any = _literal(f'disclosure.{code}')
            if code == 'report-invalid':
                name = NOT_WARNINGS[code]
            elif code in NOT_WARNINGS:
                name = [_literal(f'disclosure.{code}'), NOT_WARNINGS[code]]
            rows.append([name, text])
        return [
            _table(
                ['警告类型', '提示文字（{…} 处填入具体内容）'],
                rows,
                [26, 64],
                classes=('longtable',),
            )
        ]


class CheckedOutput(SphinxDirective):
    """A pasted build output, checked against what the package says about ``:report:``."""

    has_content = True
    option_spec = {'report': directives.unchanged_required, 'display': directives.unchanged}

    def run(self) -> list[nodes.Node]:
        text = '\n'.join(self.content)
        rel, path = self.env.relfn2path(self.options['report'], self.env.docname)
        self.env.note_dependency(path)
        display = self.options.get('display', rel)
        result = load_report(path, display=display)
        for problem in result.problems:
            expected = f'{problem.format(LANG)} [disclosure.{problem.code}]'
            if expected not in text:
                logger.warning(
                    f'checked-output: the pasted output is out of date; the package now says: '
                    f'{expected}',
                    location=self.get_location(),
                    type='docs',
                    subtype='checked-output',
                )
        if not result.problems:
            logger.warning(
                f'checked-output: {rel} has no problems to show',
                location=self.get_location(),
                type='docs',
                subtype='checked-output',
            )
        block = nodes.literal_block(text, text, language='text')
        self.set_source_info(block)
        return [block]


def write_schema(app, exc) -> None:
    """Publish the JSON Schema next to the HTML pages (``schema/report.schema.json``)."""
    if exc is not None or app.builder.format != 'html':
        return
    target = Path(app.builder.outdir, 'schema', 'report.schema.json')
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_json(), encoding='utf-8')


def setup(app) -> dict[str, Any]:
    app.add_directive('schema-reference', SchemaReference)
    app.add_directive('warning-codes', WarningCodes)
    app.add_directive('checked-output', CheckedOutput)
    app.connect('build-finished', write_schema)
    return {'version': '1', 'parallel_read_safe': True, 'parallel_write_safe': True}
