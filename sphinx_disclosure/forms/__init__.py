"""The statutory report formats, loaded from the data files in this directory.

Each ``*.yaml`` file here describes one national format (its sections and the exact grid of its
tables). Nothing else in the package writes a statutory label: renderers, schema, messages and
docs all read them from here. A new national format is a new data file; ``first_year`` in the
file decides from which report year it applies.

Loading a form checks the file's own structure and its grid geometry (every row must cover
exactly ``width`` columns once rowspans are taken into account), so a mistyped span in a data
file fails loudly at import time instead of drawing a crooked table.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

FORMS_DIR = Path(__file__).parent

#: value types a data cell may have
CELL_TYPES = ('count', 'signed', 'money')
SCOPES = ('col', 'colgroup', 'row', 'rowgroup', 'none')


#: type sizes a table may be printed in (LaTeX size commands)
FONTS = ('normalsize', 'small', 'footnotesize', 'scriptsize')
#: a TeX length as a forms file may write it: it is copied into LaTeX, so nothing else passes
_LENGTH = re.compile(r'\d{1,3}(?:\.\d{1,2})?(?:mm|cm|pt|em)\Z')
#: a row id as ``print: keep_with_next`` may name it (checked against the table's rows later)
_ROW_ID = re.compile(r'[a-z][a-z0-9_.]{0,63}\Z')


class FormDefinitionError(Exception):
    """A forms data file is malformed (a bug in the package or in a user-supplied form file)."""


@dataclass(frozen=True)
class GridCell:
    """One cell of a statutory table, placed on the grid like an HTML ``<td>``."""

    kind: str  # 'label' or 'value'
    row: int  # grid row index (header rows first, then body rows)
    col: int  # grid column index
    rowspan: int = 1
    colspan: int = 1
    text: str | None = None  # label cells
    key: str | None = None  # value cells: key relative to the table, e.g. 'new.natural_person'
    scope: str | None = None  # header scope for label cells; None for value cells
    in_header: bool = False  # True for cells of the table's <thead>

    @property
    def columns(self) -> range:
        return range(self.col, self.col + self.colspan)

    @property
    def rows(self) -> range:
        return range(self.row, self.row + self.rowspan)


@dataclass(frozen=True)
class PrintLayout:
    """How a table is printed (LaTeX/PDF), as its forms file says: the format that defines a
    grid also defines how it fits on an A4 page, so a new format carries its own print layout.

    Widths are shares of the text width: ``label_widths`` for the label columns from the left,
    ``number_width`` for every other column; or ``fixed_width``, one TeX length for every
    column. Only :mod:`sphinx_disclosure.render.latex` reads it.

    ``keep_with_next`` names body rows (their ``row`` ids) after which no page may break: a
    long table whose first rows belong with a block below them (表三's 一、二 with the 三 block)
    then moves to the next page whole rather than leave its header and those rows at the foot
    of a page. The ids are checked against the table's rows when the file is loaded.
    """

    label_widths: tuple[int, ...] = ()
    number_width: int = 10
    fixed_width: str | None = None
    font: str = 'small'
    column_sep: str | None = None
    longtable: bool = False
    keep_with_next: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableForm:
    """The layout and arithmetic structure of one statutory table."""

    id: str
    caption: str
    width: int
    column_types: dict[str, str]
    header_rows: tuple[tuple[GridCell, ...], ...]
    body_rows: tuple[tuple[GridCell, ...], ...]
    row_keys: tuple[str | None, ...]  # per body row: the row id, or None for label-only rows
    column_totals: dict[str, tuple[str, ...]] = field(default_factory=dict)
    row_totals: dict[str, tuple[str, ...]] = field(default_factory=dict)
    layout: PrintLayout = PrintLayout()

    @property
    def rows(self) -> tuple[tuple[GridCell, ...], ...]:
        return self.header_rows + self.body_rows

    @functools.cached_property
    def value_cells(self) -> tuple[GridCell, ...]:
        return tuple(c for r in self.body_rows for c in r if c.kind == 'value')

    @functools.cached_property
    def continued_rows(self) -> frozenset[int]:
        """Grid rows print keeps with the next: those below which a cell merged over several
        rows goes on (a page break inside a merged cell makes its text overrun the page), and
        the rows the forms file's ``print: keep_with_next`` names."""
        merged = {r for row in self.rows for c in row for r in range(c.row, c.row + c.rowspan - 1)}
        offset = len(self.header_rows)
        named = {
            offset + i for i, key in enumerate(self.row_keys) if key in self.layout.keep_with_next
        }
        return frozenset(merged | named)

    @functools.cached_property
    def keys(self) -> tuple[str, ...]:
        """Every value key of the table (relative to it), in reading order."""
        return tuple(c.key for c in self.value_cells)

    def cell_type(self, key: str) -> str:
        return self.column_types.get(key.rsplit('.', 1)[-1], 'count')

    @functools.cached_property
    def total_keys(self) -> frozenset[str]:
        """Keys whose value may be omitted and is then derived (a total of other cells)."""
        out = set()
        for key in self.keys:
            row, col = key.rsplit('.', 1)
            if col in self.column_totals or row in self.row_totals:
                out.add(key)
        return frozenset(out)

    @functools.cached_property
    def _headers(self) -> dict[str, tuple[tuple[GridCell, ...], tuple[GridCell, ...]]]:
        """key -> (row header cells, column header cells), outermost first, from the grid.

        Row headers: the label cells to the left of the value, in its row. Column headers: in
        the nearest run of label-only rows above the value's row (the table's header, or the
        header rows of a block of 表二), the label cell over each of the value's rows — but
        cells that head nothing (``scope: none``, the 勾稽 note in 表三's corner)."""
        occupied: dict[tuple[int, int], GridCell] = {}
        for row in self.rows:
            for cell in row:
                for r in cell.rows:
                    for c in cell.columns:
                        occupied[r, c] = cell
        header_like = {
            i for i, row in enumerate(self.rows) if row and all(c.kind == 'label' for c in row)
        }
        out = {}
        for cell in self.value_cells:
            row_path: list[GridCell] = []
            for c in range(cell.col):
                other = occupied.get((cell.row, c))
                if other is not None and other.kind == 'label' and other not in row_path:
                    row_path.append(other)
            # column labels: the run of label-only rows directly above the value's row
            r = cell.row - 1
            while r >= 0 and r not in header_like:
                r -= 1
            top = r
            while top - 1 >= 0 and top - 1 in header_like:
                top -= 1
            col_path: list[GridCell] = []
            for rr in range(top, r + 1) if r >= 0 else ():
                for c in cell.columns:
                    other = occupied.get((rr, c))
                    if other is not None and other.kind == 'label' and other.scope != 'none':
                        if other not in col_path:
                            col_path.append(other)
                        break
            out[cell.key] = (tuple(row_path), tuple(col_path))
        return out

    @functools.cached_property
    def _labels(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        """key -> (row label path, column label path): the texts of :meth:`header_cells`
        (a label written twice in a path, as two merged cells, counts once)."""
        out = {}
        for key, (rows, cols) in self._headers.items():
            row_texts = tuple(dict.fromkeys(c.text for c in rows))
            col_texts = tuple(dict.fromkeys(c.text for c in cols))
            out[key] = (row_texts, col_texts)
        return out

    def header_cells(self, key: str) -> tuple[tuple[GridCell, ...], tuple[GridCell, ...]]:
        """The label cells that head a value: (its row's, its column's), outermost first."""
        return self._headers[key]

    def row_labels(self, key: str) -> tuple[str, ...]:
        """The label cells to the left of a value, outermost first."""
        return self._labels[key][0]

    def column_labels(self, key: str) -> tuple[str, ...]:
        """The header cells above a value, outermost first."""
        return self._labels[key][1]

    def label_paths(self, key: str) -> tuple[str, str]:
        """(row, column) of a value as text, e.g. ('（三）不予公开 › 1.属于国家秘密', '自然人');
        the row is empty for a table without row labels (表四)."""
        return ' › '.join(self.row_labels(key)), ' › '.join(self.column_labels(key))


@dataclass(frozen=True)
class SectionForm:
    id: str
    title: str
    table: str | None = None
    placeholder: str | None = None
    required: bool = False


@dataclass(frozen=True)
class Form:
    """One national format of the annual report."""

    id: str
    name: str
    document: str
    first_year: int
    report_title: str
    sections: tuple[SectionForm, ...]
    tables: dict[str, TableForm]
    source: Path

    def title_for(self, agency: str, year: int) -> str:
        """The report's title. Only the two placeholders are replaced: ``str.format`` would let
        a forms file reach into the objects passed to it (``{agency.__class__}``)."""
        values = {'agency': agency, 'year': str(year)}
        return re.sub(r'\{(agency|year)\}', lambda m: values[m.group(1)], self.report_title)

    def section(self, section_id: str) -> SectionForm:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)


def _require(mapping: dict, key: str, where: str, types: type | tuple[type, ...]):
    if key not in mapping:
        raise FormDefinitionError(f'{where}: missing "{key}"')
    value = mapping[key]
    if not isinstance(value, types):
        raise FormDefinitionError(f'{where}: "{key}" has the wrong type ({type(value).__name__})')
    return value


def _check_keys(mapping: dict, allowed: Iterable[str], where: str) -> None:
    extra = set(mapping) - set(allowed)
    if extra:
        raise FormDefinitionError(f'{where}: unknown keys {sorted(extra)}')


def _build_table(table_id: str, spec: dict, where: str) -> TableForm:
    where = f'{where}: table {table_id}'
    _check_keys(
        spec,
        ('caption', 'width', 'columns', 'header', 'body', 'column_totals', 'row_totals', 'print'),
        where,
    )
    width = _require(spec, 'width', where, int)
    columns = _require(spec, 'columns', where, dict)
    column_types = {}
    for col_id, col in columns.items():
        col = col or {}
        ctype = col.get('type', 'count')
        if ctype not in CELL_TYPES:
            raise FormDefinitionError(f'{where}: column {col_id}: unknown type {ctype!r}')
        column_types[str(col_id)] = ctype

    pending: dict[int, int] = {}  # column -> number of further rows it stays occupied
    grid_row = 0

    def place(row_spec: dict, in_header: bool, row_id: str | None) -> tuple[GridCell, ...]:
        nonlocal grid_row
        rwhere = f'{where}: row {grid_row + 1}'
        cells_spec = list(_require(row_spec, 'cells', rwhere, list))
        if row_id is not None and not any('value' in c for c in cells_spec):
            cells_spec += [{'value': c} for c in column_types]
        placed = []
        col = 0
        for cspec in cells_spec:
            _check_keys(cspec, ('label', 'value', 'colspan', 'rowspan', 'scope'), rwhere)
            while pending.get(col, 0) > 0:
                col += 1
            colspan = int(cspec.get('colspan', 1))
            rowspan = int(cspec.get('rowspan', 1))
            if colspan < 1 or rowspan < 1:
                raise FormDefinitionError(f'{rwhere}: spans must be >= 1')
            for c in range(col, col + colspan):
                if pending.get(c, 0) > 0:
                    raise FormDefinitionError(f'{rwhere}: cell overlaps a rowspan at column {c}')
            if 'label' in cspec:
                scope = cspec.get('scope')
                if scope is None:
                    if in_header:
                        scope = 'colgroup' if colspan > 1 else 'col'
                    else:
                        scope = 'rowgroup' if rowspan > 1 else 'row'
                if scope not in SCOPES:
                    raise FormDefinitionError(f'{rwhere}: unknown scope {scope!r}')
                cell = GridCell(
                    'label',
                    grid_row,
                    col,
                    rowspan,
                    colspan,
                    text=str(cspec['label']),
                    scope=scope,
                    in_header=in_header,
                )
            elif 'value' in cspec:
                if in_header:
                    raise FormDefinitionError(f'{rwhere}: value cells cannot be in the header')
                name = str(cspec['value'])
                key = f'{row_id}.{name}' if row_id else name
                if '.' not in key:
                    raise FormDefinitionError(f'{rwhere}: value {name!r} needs a row id')
                if key.rsplit('.', 1)[1] not in column_types:
                    raise FormDefinitionError(f'{rwhere}: value {name!r} is not in "columns"')
                cell = GridCell('value', grid_row, col, rowspan, colspan, key=key)
            else:
                raise FormDefinitionError(f'{rwhere}: a cell needs "label" or "value"')
            placed.append(cell)
            for c in range(col, col + colspan):
                pending[c] = rowspan
            col += colspan
        while pending.get(col, 0) > 0 and col < width:
            col += 1
        covered = sum(1 for c in range(width) if pending.get(c, 0) > 0)
        if col > width:
            raise FormDefinitionError(
                f"{rwhere}: the row's cells run past the table's {width} columns "
                '(check colspan/rowspan)'
            )
        if covered != width:
            raise FormDefinitionError(
                f'{rwhere}: the row covers {covered} of {width} columns (check colspan/rowspan)'
            )
        for c in list(pending):
            pending[c] -= 1
        grid_row += 1
        return tuple(placed)

    header_rows = tuple(place(r, True, None) for r in spec.get('header') or [])
    body_rows = []
    row_keys = []
    for r in _require(spec, 'body', where, list):
        _check_keys(r, ('row', 'cells'), f'{where}: row {grid_row + 1}')
        row_id = r.get('row')
        body_rows.append(place(r, False, str(row_id) if row_id is not None else None))
        row_keys.append(str(row_id) if row_id is not None else None)
    if any(v > 0 for v in pending.values()):
        raise FormDefinitionError(f'{where}: a rowspan runs past the last row')

    table = TableForm(
        id=table_id,
        caption=_require(spec, 'caption', where, str),
        width=width,
        column_types=column_types,
        header_rows=header_rows,
        body_rows=tuple(body_rows),
        row_keys=tuple(row_keys),
        column_totals={k: tuple(v) for k, v in (spec.get('column_totals') or {}).items()},
        row_totals={k: tuple(v) for k, v in (spec.get('row_totals') or {}).items()},
        layout=_print_layout(spec.get('print') or {}, where),
    )
    keys = table.keys
    if len(set(keys)) != len(keys):
        raise FormDefinitionError(f'{where}: a value key appears twice')
    rows_present = {k.rsplit('.', 1)[0] for k in keys}
    for total, parts in table.column_totals.items():
        for p in (total, *parts):
            if p not in column_types:
                raise FormDefinitionError(f'{where}: column_totals names unknown column {p!r}')
    for total, parts in table.row_totals.items():
        for p in (total, *parts):
            if p not in rows_present:
                raise FormDefinitionError(f'{where}: row_totals names unknown row {p!r}')
    for row_id in table.layout.keep_with_next:
        if row_id not in table.row_keys:
            raise FormDefinitionError(
                f'{where}: print: keep_with_next names unknown row {row_id!r}'
            )
    return table


def _print_layout(spec: dict, where: str) -> PrintLayout:
    """The ``print:`` block of a table, checked strictly: its values are written into LaTeX."""
    where = f'{where}: print'
    if not isinstance(spec, dict):
        raise FormDefinitionError(f'{where}: must be a mapping')
    _check_keys(
        spec,
        (
            'label_widths',
            'number_width',
            'fixed_width',
            'font',
            'column_sep',
            'longtable',
            'keep_with_next',
        ),
        where,
    )
    widths = spec.get('label_widths', [])
    number = spec.get('number_width', 10)
    if not isinstance(widths, list) or not all(
        isinstance(w, int) and not isinstance(w, bool) and 0 < w <= 100 for w in [*widths, number]
    ):
        raise FormDefinitionError(f'{where}: widths must be whole numbers from 1 to 100')
    for key in ('fixed_width', 'column_sep'):
        value = spec.get(key)
        if value is not None and not (isinstance(value, str) and _LENGTH.match(value)):
            raise FormDefinitionError(f'{where}: {key} must be a length such as 7mm or 2pt')
    font = spec.get('font', 'small')
    if font not in FONTS:
        raise FormDefinitionError(f'{where}: font must be one of {", ".join(FONTS)}')
    longtable = spec.get('longtable', False)
    if not isinstance(longtable, bool):
        raise FormDefinitionError(f'{where}: longtable must be true or false')
    keep = spec.get('keep_with_next', [])
    if not isinstance(keep, list) or not all(isinstance(k, str) and _ROW_ID.match(k) for k in keep):
        raise FormDefinitionError(f'{where}: keep_with_next must be a list of row ids')
    return PrintLayout(
        tuple(widths),
        number,
        spec.get('fixed_width'),
        font,
        spec.get('column_sep'),
        longtable,
        tuple(keep),
    )


def load_form(path: Path) -> Form:
    """Load and check one forms data file.

    A project's own forms files are read like report files (inside their folder, bounded in
    size and in what YAML may build), since a site may take them from elsewhere too.
    """
    from ..files import Confinement
    from ..source import load_yaml

    where = path.name
    raw, refused = Confinement.around(path).read(path, where)
    if refused is not None:
        raise FormDefinitionError(refused.format())
    try:
        text = raw.decode('utf-8-sig')
    except UnicodeDecodeError as exc:
        raise FormDefinitionError(f'{where}: not UTF-8 text') from exc
    spec, _, problems = load_yaml(text)
    if problems:
        first = problems[0]
        raise FormDefinitionError(f'{where}:{first.line}: {first.code} {first.params}')
    if not isinstance(spec, dict):
        raise FormDefinitionError(f'{where}: not a mapping')
    _check_keys(
        spec,
        (
            'id',
            'name',
            'document',
            'document_date',
            'first_year',
            'report_title',
            'sections',
            'tables',
        ),
        where,
    )
    tables = {
        str(tid): _build_table(str(tid), tspec, where)
        for tid, tspec in _require(spec, 'tables', where, dict).items()
    }
    sections = []
    for s in _require(spec, 'sections', where, list):
        _check_keys(s, ('id', 'title', 'table', 'placeholder', 'required'), where)
        if s.get('table') is not None and s['table'] not in tables:
            raise FormDefinitionError(f'{where}: section {s.get("id")} names unknown table')
        sections.append(
            SectionForm(
                id=_require(s, 'id', where, str),
                title=_require(s, 'title', where, str),
                table=s.get('table'),
                placeholder=s.get('placeholder'),
                required=bool(s.get('required', False)),
            )
        )
    form_id = str(_require(spec, 'id', where, (str, int)))
    return Form(
        id=form_id,
        name=_require(spec, 'name', where, str),
        document=_require(spec, 'document', where, str),
        first_year=_require(spec, 'first_year', where, int),
        report_title=_require(spec, 'report_title', where, str),
        sections=tuple(sections),
        tables=tables,
        source=path,
    )


@functools.lru_cache(maxsize=8)
def _load_dirs(dirs: tuple[str, ...]) -> dict[str, Form]:
    forms: dict[str, Form] = {}
    for d in dirs:
        for path in sorted(Path(d).glob('*.yaml')):
            form = load_form(path)
            # a user-supplied directory may replace a packaged form of the same id
            forms[form.id] = form
    if not forms:
        raise FormDefinitionError('no report formats found')
    years = [f.first_year for f in forms.values()]
    if len(set(years)) != len(years):
        raise FormDefinitionError('two report formats start in the same year')
    return dict(sorted(forms.items(), key=lambda kv: kv[1].first_year))


def all_forms(extra_dirs: Iterable[str | Path] = ()) -> dict[str, Form]:
    """Every known format, oldest first: the packaged ones plus those in ``extra_dirs``."""
    dirs = (str(FORMS_DIR), *(str(Path(d).resolve()) for d in extra_dirs))
    return _load_dirs(dirs)


def form_for_year(year: int, forms: dict[str, Form]) -> Form | None:
    """The format in force for a report year: the latest one whose first year is <= year."""
    chosen = None
    for form in forms.values():
        if form.first_year <= year:
            chosen = form
    return chosen
