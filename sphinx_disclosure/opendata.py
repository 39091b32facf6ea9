"""Open data: a report's values as rows, JSON and CSV, and the site's Frictionless Data Package.

Pure Python (no Sphinx): the Sphinx side (:mod:`sphinx_disclosure.portal.opendata`) writes what
these functions return beside the report pages. One row per value cell of every statutory
table, in the reading order of the forms, with the columns of :data:`COLUMNS`.

Numbers are published exactly as the report gives them: integers as integers, decimals with the
digits written (``Decimal``, never a binary float), a blank cell as empty, never 0. The readers
(:func:`read_csv`, :func:`read_json`) give the same rows back, so the tests can show that an
export read back equals the report.

CSV encoding: UTF-8 **with** a byte order mark and CRLF line ends (RFC 4180). Excel on a
Chinese Windows opens a CSV without a BOM in the ANSI code page (GBK) and shows the Chinese as
mojibake; with the BOM it reads UTF-8. Python (``utf-8-sig``), pandas, R (readr, data.table),
LibreOffice and Frictionless all recognise the BOM and drop it. JSON has no BOM (RFC 8259).

CSV safety: report files are untrusted. A text cell that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a line break, also after spaces) is written
with a leading apostrophe, as OWASP recommends against CSV injection; so is a text that starts
with an apostrophe, so that :func:`read_csv` can take exactly one off again. The ``value``
column holds numbers only and is never changed: ``-3`` under 本年增/减 is a number, not a
formula.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from .forms import Form, all_forms
from .messages import render, word
from .model import Report, format_value
from .render.tables import cell_anchor

#: the columns of a row, in order; the first four describe the report, the rest the cell
COLUMNS = (
    'agency',
    'agency_id',
    'year',
    'format',
    'table',
    'table_caption',
    'row_key',
    'column_key',
    'row_label',
    'column_label',
    'value',
    'blank',
    'status',
    'anchor',
)
REPORT_COLUMNS = COLUMNS[:4]
CELL_COLUMNS = COLUMNS[4:]
STATUSES = ('given', 'derived', 'blank')
#: the site-wide CSV's primary key: one value per cell of each agency's report of a year
PRIMARY_KEY = ('agency', 'year', 'table', 'row_key', 'column_key')

BOM = '\ufeff'
LINE_END = '\r\n'
#: first characters a spreadsheet reads as the start of a formula (OWASP CSV injection)
_FORMULA_START = ('=', '+', '-', '@', '\t', '\r', '\n')


def cell_rows(report: Report, id_prefix: str = '') -> list[dict[str, Any]]:
    """One row per value cell of every statutory table of ``report``, in the forms' reading
    order. ``id_prefix`` is the directive's ``:id-prefix:``, which every id on the page
    carries, the cells' anchors too."""
    agency_id = str(report.data.get('agency_id') or '')
    rows = []
    for table in report.form.tables.values():
        for key in table.keys:
            cell = report.cells.get(f'{table.id}.{key}')
            if cell is None:  # pragma: no cover - a loaded report has every cell
                continue
            row_key, column_key = key.rsplit('.', 1)
            row_label, column_label = table.label_paths(key)
            rows.append(
                {
                    'agency': report.agency,
                    'agency_id': agency_id,
                    'year': report.year,
                    'format': report.form.id,
                    'table': table.id,
                    'table_caption': table.caption,
                    'row_key': row_key,
                    'column_key': column_key,
                    'row_label': row_label,
                    'column_label': column_label,
                    'value': cell.value,
                    'blank': cell.blank,
                    'status': cell.status,
                    'anchor': id_prefix + cell_anchor(table.id, key),
                }
            )
    return rows


# --------------------------------------------------------------------------------------------
# JSON


def _json_value(value: Any) -> str:
    """A scalar as JSON text; a decimal keeps the digits written (``12.30``), where
    :mod:`json` would need a float and could change them."""
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (int, Decimal)):
        return format_value(value)
    if isinstance(value, str):
        return _json_str(value)
    raise TypeError(f'not a JSON scalar: {type(value).__name__}')


@functools.lru_cache(maxsize=4096)
def _json_str(text: str) -> str:
    """A string as JSON (cached: the labels of a table recur in every report of its format)."""
    return json.dumps(text, ensure_ascii=False)


def _json_object(mapping: dict[str, Any]) -> str:
    items = (f'{_json_str(k)}: {_json_value(mapping[k])}' for k in sorted(mapping))
    return '{' + ', '.join(items) + '}'


def report_json(
    report: Report,
    file: str | None = None,
    id_prefix: str = '',
    rows: list[dict[str, Any]] | None = None,
) -> str:
    """The report's metadata and cells as JSON (UTF-8 text, no ASCII escapes): keys sorted,
    one cell per line, the same bytes for the same report. ``file`` is the report file as the
    site names it (relative to its source folder); by default the file's own name, never a
    path of the machine that built the site. ``rows``: :func:`cell_rows` of the report, when
    the caller has them already."""
    level = report.data.get('level')
    meta = {
        'agency': report.agency,
        'agency_id': str(report.data.get('agency_id') or '') or None,
        'level': str(level) if level else None,
        'year': report.year,
        'format': report.form.id,
        'title': report.title,
        'published': report.published.isoformat() if report.published else None,
        'file': file if file is not None else report.path.name,
    }
    if rows is None:
        rows = cell_rows(report, id_prefix)
    cells = [{c: row[c] for c in CELL_COLUMNS} for row in rows]
    lines = ['{']
    for key in sorted([*meta, 'cells']):
        if key == 'cells':
            body = ',\n'.join(f'    {_json_object(cell)}' for cell in cells)
            lines.append(f'  "cells": [\n{body}\n  ],' if cells else '  "cells": [],')
        else:
            lines.append(f'  {json.dumps(key)}: {_json_value(meta[key])},')
    lines[-1] = lines[-1].rstrip(',')
    lines.append('}')
    return '\n'.join(lines) + '\n'


def read_json(text: str) -> list[dict[str, Any]]:
    """The rows of a report's JSON (as :func:`cell_rows` gives them), decimals as ``Decimal``."""
    doc = json.loads(text, parse_float=Decimal)
    meta = {
        'agency': doc['agency'],
        'agency_id': doc['agency_id'] or '',
        'year': doc['year'],
        'format': doc['format'],
    }
    return [{c: (meta[c] if c in meta else cell[c]) for c in COLUMNS} for cell in doc['cells']]


# --------------------------------------------------------------------------------------------
# CSV


@functools.lru_cache(maxsize=4096)
def defuse(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet runs as a formula (see the module's
    docstring); :func:`undefuse` gives it back."""
    if text.startswith("'") or text.lstrip(' \u3000').startswith(_FORMULA_START):
        return "'" + text
    return text


def undefuse(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _csv_field(column: str, value: Any) -> str:
    if column == 'value':
        return format_value(value)
    if column == 'blank':
        return 'true' if value else 'false'
    if column == 'year':
        return str(value)
    return defuse(str(value))


def _csv_lines(rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO(newline='')
    writer = csv.writer(buffer, lineterminator=LINE_END)
    writer.writerows(rows)
    return buffer.getvalue()


#: the start of every CSV written here: the byte order mark and the header line
CSV_HEADER = BOM + _csv_lines([COLUMNS])


def rows_csv(rows: Iterable[dict[str, Any]]) -> str:
    """Rows as CSV text, starting with :data:`CSV_HEADER`."""
    return CSV_HEADER + _csv_lines([_csv_field(c, row[c]) for c in COLUMNS] for row in rows)


def report_csv(report: Report, id_prefix: str = '') -> str:
    """The report's cells as CSV (UTF-8 with BOM once encoded, CRLF, header line first)."""
    return rows_csv(cell_rows(report, id_prefix))


def site_csv(parts: Iterable[str]) -> str:
    """Several reports' CSV as one: the header once, then each report's rows as they are."""
    out = [CSV_HEADER]
    for part in parts:
        if not part.startswith(CSV_HEADER):
            raise ValueError('not a CSV written by report_csv')
        out.append(part[len(CSV_HEADER) :])
    return ''.join(out)


_DECIMAL = re.compile(r'-?\d+\.\d+\Z')


def _number(text: str) -> int | Decimal | None:
    if text == '':
        return None
    return Decimal(text) if _DECIMAL.match(text) else int(text)


def read_csv(text: str) -> list[dict[str, Any]]:
    """The rows of a CSV written by :func:`report_csv` or :func:`site_csv`."""
    text = text.removeprefix(BOM)
    reader = csv.reader(io.StringIO(text, newline=''))
    header = next(reader)
    if tuple(header) != COLUMNS:
        raise ValueError(f'unexpected columns: {header}')
    rows = []
    for record in reader:
        row: dict[str, Any] = {}
        for column, field in zip(COLUMNS, record, strict=True):
            if column == 'value':
                row[column] = _number(field)
            elif column == 'blank':
                row[column] = {'true': True, 'false': False}[field]
            elif column == 'year':
                row[column] = int(field)
            else:
                row[column] = undefuse(field)
        rows.append(row)
    return rows


# --------------------------------------------------------------------------------------------
# Data Package


def _both(which: str, **params: Any) -> str:
    """A description in Chinese and English: the package is one file for every reader."""
    msg = word(which, **params)
    return f'{render(msg, "zh_CN")} / {render(msg, "en")}'


def _resource_name(path: str) -> str:
    stem = path.rsplit('/', 1)[-1].rsplit('.', 1)[0]
    return re.sub(r'[^a-z0-9._-]+', '-', stem.lower()).strip('-') or 'data'


def table_schema(forms: dict[str, Form]) -> dict[str, Any]:
    """The Table Schema of the CSV files: every column typed and described, the values of
    ``format``, ``table`` and ``status`` enumerated, the primary key."""
    formats = tuple(forms)
    tables = tuple(dict.fromkeys(t for f in forms.values() for t in f.tables))
    described_formats = tuple(f'{f.id}（{f.document}）' for f in forms.values())
    described_tables = tuple(
        dict.fromkeys(f'{t.id}（{t.caption}）' for f in forms.values() for t in f.tables.values())
    )
    fields: list[dict[str, Any]] = []

    def field(name: str, type_: str, required: bool, **extra: Any) -> None:
        params = extra.pop('params', {})
        spec: dict[str, Any] = {
            'name': name,
            'type': type_,
            'description': _both(f'opendata-field-{name}', **params),
        }
        constraints = {'required': True} if required else {}
        if 'enum' in extra:
            constraints['enum'] = list(extra.pop('enum'))
        if constraints:
            spec['constraints'] = constraints
        spec.update(extra)
        fields.append(spec)

    field('agency', 'string', True)
    field('agency_id', 'string', False)
    field('year', 'integer', True)
    field('format', 'string', True, enum=formats, params={'formats': described_formats})
    field('table', 'string', True, enum=tables, params={'tables': described_tables})
    field('table_caption', 'string', True)
    field('row_key', 'string', True)
    field('column_key', 'string', True)
    field('row_label', 'string', False)
    field('column_label', 'string', True)
    field('value', 'number', False)
    field('blank', 'boolean', True, trueValues=['true'], falseValues=['false'])
    field('status', 'string', True, enum=STATUSES)
    field('anchor', 'string', True)
    assert tuple(f['name'] for f in fields) == COLUMNS
    return {'fields': fields, 'missingValues': [''], 'primaryKey': list(PRIMARY_KEY)}


def datapackage(
    resources: Iterable[str],
    *,
    forms: dict[str, Form] | None = None,
    title: str = '',
    name: str = 'disclosure-data',
) -> str:
    """A Frictionless Data Package descriptor (``datapackage.json``) for the site-wide CSV
    files at ``resources`` (paths relative to the descriptor, POSIX separators), all with the
    columns of :data:`COLUMNS`. Deterministic: no dates, keys sorted."""
    schema = table_schema(forms if forms is not None else all_forms())
    descriptor: dict[str, Any] = {
        'profile': 'tabular-data-package',
        'name': name,
        'description': _both('opendata-package-description'),
        'resources': [
            {
                'name': _resource_name(path),
                'path': path,
                'profile': 'tabular-data-resource',
                'description': _both('opendata-resource-description'),
                'format': 'csv',
                'mediatype': 'text/csv',
                'encoding': 'utf-8',
                'dialect': {
                    'delimiter': ',',
                    'doubleQuote': True,
                    'header': True,
                    'lineTerminator': LINE_END,
                    'quoteChar': '"',
                },
                'schema': schema,
            }
            for path in resources
        ],
    }
    if title:
        descriptor['title'] = title
    return json.dumps(descriptor, ensure_ascii=False, indent=2, sort_keys=True) + '\n'
