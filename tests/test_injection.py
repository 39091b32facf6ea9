"""Report text is data, never markup: every string field of a report carries an injection payload
and must come out as that very text in HTML, LaTeX and PDF.

Report files are untrusted input (other departments send them; CI builds them unattended). The
fields are found by walking the published JSON Schema, so a string field added to the schema later
is exercised without editing this file; a field that cannot be exercised must be listed in
``NOT_EXERCISED`` with the reason, or the test fails. Each payload carries a unique tag (``P001``)
to find it per field. The same holds for the labels of a project's own forms file.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util import texescape

from sphinx_disclosure.forms import FORMS_DIR
from sphinx_disclosure.render.latex import latex_text
from sphinx_disclosure.schema import published_schema

from .conftest import write_site
from .reports import report

# --------------------------------------------------------------------------------------------
# payloads: markup of every language the text passes near, and LaTeX. Single-line, no quotes
# (smart quotes would change them), no ``{{`` (the report's value references), never starting
# with a numbering marker.

MARKUP = [
    '<script>alert(1)</script>',  # HTML
    '<img src=x onerror=alert(1)>',  # HTML event handler
    'javascript:alert(1)',  # JavaScript URL
    '`x <javascript:alert(1)>`_',  # reST hyperlink
    '.. raw:: html',  # reST directive
    '**bold**',  # reST inline markup
    '|sub|',  # reST substitution
    ':disclosure:`applications.new.total`',  # reST role of this package
    '{disclosure}`applications.new.total`',  # MyST role
    '$$x$$',  # MyST math
    '[x](javascript:alert(1))',  # MyST link
    '(target)=',  # MyST target
    ':::{note}',  # MyST colon fence
]

LATEX = [
    r'\input{/etc/hostname}',  # reads a file of the build machine
    r'\write18{touch PWNED}',  # runs a command where shell escape is on
    r'\catcode`\^^M=13',  # changes how TeX reads what follows
    '$x^2$',  # math mode
    r'\end{document}',  # truncates the document
    '50% off',  # a comment: the rest of the line is lost
    '#1 & [x]',  # macro parameter, alignment tab, optional argument
    'a~b',  # unbreakable space
    'a_b',  # subscript
    '{x} }{',  # groups, unbalanced
]

# --------------------------------------------------------------------------------------------
# string fields of the schema that get no payload, and why

NOT_EXERCISED = {
    # constrained values: a payload would be refused on load
    'published': 'a date (format: date); the signature shows it as the package writes it',
    'format': 'one of the format ids (enum); it selects the tables and is not shown',
    'acknowledged[].rule': "one of the rule ids (enum); the id shown is the catalogue's",
    'acknowledged[].cells[]': 'keys of cells of the report, checked on load; never shown',
    # by design never published
    'agency_id': "identifies the agency across years to find last year's report; never shown",
    'previous': "the path of last year's report file, read by the checks; never shown",
    'level': 'one of the levels (enum); the index filters by it and shows words of its own',
    'units[]': "paths of the units' report files, read by the hierarchy check; a page shows "
    'the path only in a literal (disclosure-aggregate), never as markup',
    'revisions[].date': 'a date (format: date); the corrections show it as the package writes it',
    'revisions[].changes[].key': 'a cell key or a place of the text, checked on load; the '
    "corrections show the form's labels and the section's title, never the key",
}

#: values for required fields that get no payload
FILL = {
    'acknowledged[].rule': 'RF.1',
    'revisions[].date': '2099-12-31',  # after the date of every report's signature
    'revisions[].changes[].key': 'sections.other',  # a text: its old text is shown (原文)
}

#: how often a recursive definition ($ref) is entered on one path: 2 gives headings inside
#: headings and points inside points, and stays within the four numbering levels
UNROLL = 2


# --------------------------------------------------------------------------------------------
# the schema walk


@dataclass
class Node:
    """A schema location, compiled: kind 'string', 'object', 'array', 'any' (anyOf/oneOf),
    'cut' (recursion stopped) or 'other' (numbers, null, booleans)."""

    kind: str
    path: str
    properties: dict[str, Node] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    items: Node | None = None
    min_items: int = 0
    branches: list[Node] = field(default_factory=list)
    _strings: set[str] | None = field(default=None, repr=False)

    def strings(self) -> set[str]:
        """Paths of the string leaves at or below this node."""
        if self._strings is None:
            out = {self.path} if self.kind == 'string' else set()
            for child in [*self.properties.values(), *self.branches, self.items]:
                if child is not None:
                    out |= child.strings()
            self._strings = out
        return self._strings


#: keywords of JSON Schema 2020-12 whose values are subschemas. The walk follows some, skips
#: some for a reason, and refuses the others: a new construct in the schema fails the walk
#: instead of hiding a field.
_SUBSCHEMAS = {
    '$ref', '$dynamicRef', '$defs', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else',
    'dependentSchemas', 'prefixItems', 'items', 'contains', 'properties', 'patternProperties',
    'additionalProperties', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties',
    'contentSchema',
}  # fmt: skip
_FOLLOWED = {'$ref', 'allOf', 'anyOf', 'oneOf', 'then', 'else', 'items', 'properties',
             'additionalProperties'}  # fmt: skip
_SKIPPED = {
    '$defs',  # reached through $ref
    'if',  # a condition on other keys (year, format), not a place for a value
    'not',  # a condition too
    'unevaluatedProperties',  # false: no keys besides the properties followed
}


def _pointer(root: dict, ref: str) -> dict:
    assert ref.startswith('#/'), f'only local $ref are followed: {ref}'
    node = root
    for part in ref[2:].split('/'):
        node = node[part]
    return node


def _join(path: str, name: str) -> str:
    return f'{path}.{name}' if path else name


def _is_string(schema: dict) -> bool:
    types = schema.get('type', [])
    types = [types] if isinstance(types, str) else types
    values = schema.get('enum', []) + ([schema['const']] if 'const' in schema else [])
    return 'string' in types or any(isinstance(v, str) for v in values)


def compile_schema(root: dict) -> Node:
    def walk(schema: dict, path: str, stack: tuple[str, ...]) -> Node:
        refused = (set(schema) & _SUBSCHEMAS) - _FOLLOWED - _SKIPPED
        if isinstance(schema.get('unevaluatedProperties'), dict):
            refused.add('unevaluatedProperties')
        if refused:
            raise NotImplementedError(f'{path or "(root)"}: the walk cannot follow {refused}')
        parts = [own_node(schema, path, stack)]
        if '$ref' in schema:
            ref = schema['$ref']
            if stack.count(ref) >= UNROLL:
                return Node('cut', path)
            parts.append(walk(_pointer(root, ref), path, stack + (ref,)))
        # allOf applies every branch; a conditional one (if/then/else) adds what 'then' or
        # 'else' allows, since some report takes either way
        for sub in [
            *schema.get('allOf', []),
            *(schema[k] for k in ('then', 'else') if k in schema),
        ]:
            parts.append(walk(sub, path, stack))
        for key in ('anyOf', 'oneOf'):
            if key in schema:
                parts.append(
                    Node('any', path, branches=[walk(s, path, stack) for s in schema[key]])
                )
        return merge(parts, path)

    def own_node(schema: dict, path: str, stack: tuple[str, ...]) -> Node:
        if 'properties' in schema or isinstance(schema.get('additionalProperties'), dict):
            node = Node('object', path, required=set(schema.get('required', [])))
            for name, sub in schema.get('properties', {}).items():
                node.properties[name] = walk(sub, _join(path, name), stack)
            extra = schema.get('additionalProperties')
            if isinstance(extra, dict):
                node.properties['*'] = walk(extra, _join(path, '*'), stack)
            return node
        if 'items' in schema:
            return Node(
                'array',
                path,
                items=walk(schema['items'], path + '[]', stack),
                min_items=schema.get('minItems', 0),
            )
        if _is_string(schema):
            return Node('string', path)
        if 'required' in schema:  # a bare 'required' (of an allOf branch) adds to the object
            return Node('object', path, required=set(schema['required']))
        return Node('other', path)

    return walk(root, '', ())


def merge(parts: list[Node], path: str) -> Node:
    """One node for schemas that apply together at a location (allOf, $ref and its siblings, a
    key defined by several formats)."""
    parts = [p for p in parts if p.kind != 'other'] or parts[:1]
    kinds = {p.kind for p in parts}
    if len(parts) == 1 or kinds <= {'string', 'cut', 'other'} and len(kinds) == 1:
        return parts[0]
    if kinds == {'object'}:
        node = Node('object', path)
        for part in parts:
            node.required |= part.required
            for name, child in part.properties.items():
                if name in node.properties:
                    child = merge([node.properties[name], child], child.path)
                node.properties[name] = child
        return node
    if kinds == {'any'}:
        return Node('any', path, branches=[b for p in parts for b in p.branches])
    if kinds == {'array'}:
        return Node(
            'array',
            path,
            items=merge([p.items for p in parts], path + '[]'),
            min_items=max(p.min_items for p in parts),
        )
    raise NotImplementedError(f'{path or "(root)"}: cannot combine {sorted(kinds)}')


SCHEMA = compile_schema(published_schema())


def string_fields(tree: Node = SCHEMA) -> set[str]:
    return tree.strings()


# --------------------------------------------------------------------------------------------
# reports that carry a payload in every field

MISSING = object()


@dataclass
class Payloads:
    """Tagged payloads, and where each one was put."""

    texts: dict[str, str] = field(default_factory=dict)  # tag -> payload
    fields: dict[str, str] = field(default_factory=dict)  # tag -> field path
    reports: dict[str, str] = field(default_factory=dict)  # tag -> report name

    def new(self, path: str, report_name: str) -> str:
        n = len(self.texts)
        tag = f'P{n + 1:03d}'
        text = f'{tag} {MARKUP[n % len(MARKUP)]} {LATEX[n % len(LATEX)]}'
        self.texts[tag], self.fields[tag], self.reports[tag] = text, path, report_name
        return text

    def of(self, report_name: str) -> dict[str, str]:
        return {t: p for t, p in self.texts.items() if self.reports[t] == report_name}


class Generator:
    """Builds the string parts of reports from the schema, each string a new payload, until
    every field that is not in NOT_EXERCISED has one. Where the schema allows one of several
    shapes (anyOf) the shape with the most fields still without a payload is taken; an array
    gets items until no field below it is without one."""

    def __init__(self, tree: Node, payloads: Payloads) -> None:
        self.tree = tree
        self.payloads = payloads
        self.uncovered = string_fields(tree) - set(NOT_EXERCISED)
        self.name = ''

    def report(self, name: str) -> dict:
        self.name = name
        value = self.value(self.tree)
        assert isinstance(value, dict)
        return value

    def _want(self, node: Node) -> set[str]:
        return node.strings() & self.uncovered

    def value(self, node: Node):
        if node.kind == 'string':
            if node.path in NOT_EXERCISED:
                assert node.path in FILL, f'{node.path} is required: give it a value in FILL'
                return FILL[node.path]
            self.uncovered.discard(node.path)
            return self.payloads.new(node.path, self.name)
        if node.kind == 'object':
            out = {}
            for name, child in node.properties.items():
                needed = name in node.required and child.strings()
                if self._want(child) or needed:
                    value = self.value(child)
                    assert value is not MISSING or name not in node.required, child.path
                    if value is not MISSING:
                        out[name] = value
            return out
        if node.kind == 'array':
            items = []
            while self._want(node.items):
                before = len(self.uncovered)
                items.append(self.value(node.items))
                if len(self.uncovered) == before:
                    break
            while len(items) < max(node.min_items, 1):
                items.append(self.value(node.items))
            return items
        if node.kind == 'any':
            usable = [b for b in node.branches if b.kind not in ('cut', 'other')]
            best = max(usable, key=lambda b: (len(self._want(b)), b.kind == 'string'))
            return self.value(best)
        return MISSING


# --------------------------------------------------------------------------------------------
# the forms file of the project: a copy of the 2021 format with payloads in its labels


def project_form() -> tuple[dict, dict[str, str]]:
    """The 2021 format as a project's own format from 2030, every label text a payload;
    returns the form data and tag -> label."""
    spec = yaml.safe_load((FORMS_DIR / '2021.yaml').read_text(encoding='utf-8'))
    labels: dict[str, str] = {}

    def tagged(kind: str, text: str, before: str = '', sep: str = ' ') -> str:
        tag = f'{kind}{len(labels) + 1:02d}'
        labels[tag] = f'{tag}{sep}{text}'
        return before + labels[tag]

    spec['id'] = 'injection'
    spec['first_year'] = 2030
    # no braces: they would be placeholders; TeX's \input reads a file without them too
    spec['report_title'] = '{agency}{year}年' + tagged(
        'T', r'<script>alert(1)</script> \input /etc/hostname 50% $x^2$'
    )
    for section in spec['sections']:
        section['title'] = tagged('S', '<b>x</b> #1 &', before=section['title'])
    short = ['<b>', '**', '|s|', '$x$', '%', '#', '&', '~', '_', '{}', r'\relax', '<i>', '[x]']
    for table in spec['tables'].values():
        table['caption'] = tagged('C', r'<script>x</script> \input{x} %', before=table['caption'])
        for row in [*(table.get('header') or []), *table['body']]:
            for cell in row['cells']:
                if 'label' in cell:
                    cell['label'] = tagged('L', short[len(labels) % len(short)], sep='')
    return spec, labels


@dataclass
class Site:
    root: Path
    src: Path
    reports: dict[str, dict]  # report name -> data
    payloads: Payloads
    labels: dict[str, str]  # tag -> label of the project's forms file

    def expected(self, report_name: str | None = None) -> dict[str, str]:
        """tag -> payload of one report, or of all of them."""
        if report_name is None:
            return dict(self.payloads.texts)
        return self.payloads.of(report_name)


def make_site(root: Path) -> Site:
    payloads = Payloads()
    generator = Generator(SCHEMA, payloads)
    # the report shown on an reST page, in the packaged 2021 format
    main = {**report('2021'), **generator.report('r')}
    # a second explanation, of a broken rule of 表三 (R3.1), is shown under the table; the
    # first (RF.1, which the generated text breaks) after the last section
    main['applications']['to_next_year']['natural_person'] -= 1
    main['acknowledged'].append(
        {'rule': 'R3.1', 'explanation': payloads.new('acknowledged[].explanation', 'r')}
    )
    # the report shown on a MyST page, in the project's own format (a copy of 2021's, from 2030)
    other = {**report('2021', year=2030), **generator.report('r2030')}
    assert not generator.uncovered, f'fields without a payload: {sorted(generator.uncovered)}'
    form, labels = project_form()
    tables = ''.join(
        f'.. disclosure-table:: reports/{name}.yaml\n   :table: {table}\n\n'
        for name in ('r', 'r2030')
        for table in ('active', 'applications', 'review')
    )
    files = {
        'index.rst': 'Injection\n=========\n\n.. toctree::\n\n   report\n   myst\n   tables\n',
        'report.rst': '.. disclosure-report:: reports/r.yaml\n',
        'myst.md': '```{disclosure-report} reports/r2030.yaml\n```\n',
        'tables.rst': 'Tables\n======\n\n' + tables,
        'reports/r.yaml': main,
        'reports/r2030.yaml': other,
        'forms/injection.yaml': form,
    }
    conf = "project = 'site'\ndisclosure_forms_dirs = ['forms']\n"
    src = write_site(root / 'src', files, conf=conf)
    return Site(root, src, {'r': main, 'r2030': other}, payloads, labels)


@pytest.fixture(scope='module')
def injection(tmp_path_factory) -> Site:
    return make_site(tmp_path_factory.mktemp('injection'))


def build(site: Site, builder: str) -> Path:
    app = SphinxTestApp(builder, srcdir=site.src, builddir=site.root / 'build')
    try:
        app.build()
        warnings = app.warning.getvalue()
    finally:
        app.cleanup()
    assert warnings == ''
    return Path(app.outdir)


@pytest.fixture(scope='module')
def html(injection) -> dict[str, BeautifulSoup]:
    out = build(injection, 'html')
    return {
        page: BeautifulSoup((out / f'{page}.html').read_text(encoding='utf-8'), 'html.parser')
        for page in ('report', 'myst', 'tables')
    }


@pytest.fixture(scope='module')
def tex(injection) -> dict[str, str]:
    out = build(injection, 'latex')
    return {p.stem: p.read_text(encoding='utf-8') for p in out.glob('*.tex')}


#: HTML page or LaTeX/PDF document -> the report it shows
PAGES = {'report': 'r', 'myst': 'r2030', 'tables': None}


def expected_on(site: Site, doc: str, medium: str) -> dict[str, str]:
    """tag -> text that a page (``medium`` 'html') or a document ('latex', 'pdf') must show.

    The tables page shows the agencies (in the captions) and the labels of the project's
    format; the whole-site document shows everything. Inside a whole report the captions are
    for the screen only (print has the section title above the table).
    """
    if doc == 'site':
        texts, kinds = site.expected(), 'TSCL'
    elif doc == 'tables':
        agency = {t for t, f in site.payloads.fields.items() if f == 'agency'}
        texts, kinds = {t: site.payloads.texts[t] for t in agency}, 'CL'
    else:
        texts = site.expected(PAGES[doc])
        kinds = '' if doc == 'report' else 'TSCL' if medium == 'html' else 'TSL'
    return {**texts, **{t: text for t, text in site.labels.items() if t[0] in kinds}}


# --------------------------------------------------------------------------------------------
# the schema walk


def test_every_string_field_is_exercised_or_excused(injection):
    fields = string_fields()
    assert set(NOT_EXERCISED) <= fields, 'NOT_EXERCISED names fields the schema no longer has'
    exercised = set(injection.payloads.fields.values())
    assert not exercised & set(NOT_EXERCISED)
    assert fields - set(NOT_EXERCISED) == exercised, 'string fields without a payload'
    # the narrative at every depth the renderer numbers, and the metadata that is shown
    for path in (
        'agency',
        'preamble',
        'preamble[].content[].points[].points[].text',
        'sections.overview',
        'sections.overview[].heading',
        'sections.overview[].content',
        'sections.other[].list[]',
        'acknowledged[].explanation',
    ):
        assert path in exercised, path
    agency = next(t for t, f in injection.payloads.fields.items() if f == 'agency')
    # the first payload: where LaTeX is not escaped, it prints the machine's name silently
    assert (
        injection.payloads.texts[agency] == r'P001 <script>alert(1)</script> \input{/etc/hostname}'
    )


def test_the_walk_sees_a_new_field_and_refuses_what_it_cannot_follow():
    schema = copy.deepcopy(published_schema())
    schema['properties']['contact'] = {'$ref': '#/$defs/text'}
    schema['$defs']['heading']['properties']['note'] = {'type': 'string'}
    tree = compile_schema(schema)
    new = {'contact', 'preamble[].note', 'sections.review[].content[].note'}
    assert new <= string_fields(tree)
    generator = Generator(tree, Payloads())
    generator.report('a'), generator.report('b')
    assert not generator.uncovered
    schema['properties']['links'] = {'patternProperties': {'^x': {'type': 'string'}}}
    with pytest.raises(NotImplementedError):
        compile_schema(schema)


def test_latex_text_is_sphinx_escaping_on_one_line():
    texescape.init()
    for payload in [*MARKUP, *LATEX]:
        assert latex_text(payload) == texescape.escape(payload, 'xelatex')
    assert latex_text(r'\input{x}') == r'\textbackslash{}input\{x\}'
    assert latex_text('a\n\nb\x0cc  d') == 'a b c d'
    assert latex_text('a<b', 'pdflatex') == r'a\textless{}b'


# --------------------------------------------------------------------------------------------
# HTML


@pytest.mark.parametrize('page', PAGES)
def test_html_shows_every_payload_as_text(injection, html, page):
    strings = [str(s) for s in html[page].body.find_all(string=True)]
    missing = [
        tag
        for tag, text in expected_on(injection, page, 'html').items()
        if not any(text in s for s in strings)
    ]
    assert not missing, [expected_on(injection, page, 'html')[t] for t in missing]


@pytest.mark.parametrize('page', PAGES)
def test_html_has_no_markup_from_the_data(html, page):
    soup = html[page]
    main = soup.find(attrs={'role': 'main'})
    assert main is not None and main.find(
        class_='disclosure-report' if page != 'tables' else 'disclosure-table'
    )
    assert not main.find_all(['script', 'img', 'b', 'i', 'strong', 'em', 'math', 'iframe'])
    assert not main.select('a.reference.external')  # a link to anywhere came from the data
    # nothing was parsed: no role of this package, no error of a parser, no MyST target
    assert not main.select('.disclosure-value, .problematic, .system-message, .math, #target')
    for script in soup.find_all('script'):  # the theme's own
        assert script.get('src', '_static/').startswith('_static/'), script
        assert 'alert' not in script.get_text(), script
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith('on'), element
            value = ' '.join(value) if isinstance(value, list) else value
            assert not value.strip().lower().startswith('javascript:'), element


# --------------------------------------------------------------------------------------------
# LaTeX

#: what TeX would execute, were the data not escaped
ACTIVE = [r'\input{/etc/hostname}', r'\input /etc/hostname', r'\write18{', r'\catcode`\^^M']


@pytest.mark.parametrize('doc', ['report', 'myst', 'site'])
def test_latex_has_every_payload_escaped_and_none_raw(injection, tex, doc):
    source = tex[doc]
    for tag, text in expected_on(injection, doc, 'latex').items():
        escaped = texescape.escape(text, 'xelatex')
        assert escaped in source, (tag, escaped)
        if escaped != text:
            assert text not in source, (tag, text)
    for active in ACTIVE:
        assert active not in source, active


def test_report_documents_have_the_escaped_title_and_author(injection, tex):
    for doc, name, year, title in (
        ('report', 'r', 2021, '年政府信息公开工作年度报告'),
        ('myst', 'r2030', 2030, '年' + injection.labels['T01']),
    ):
        agency = injection.reports[name]['agency']
        escaped = texescape.escape(agency, 'xelatex')
        assert rf'\title{{{escaped}{year}{texescape.escape(title, "xelatex")}}}' in tex[doc]
        assert rf'\author{{{escaped}}}' in tex[doc]


# --------------------------------------------------------------------------------------------
# PDF


@dataclass
class PDFs:
    dir: Path
    log: str
    returncode: int

    def text(self, doc: str) -> str:
        path = self.dir / f'{doc}.pdf'
        assert path.is_file(), f'{path.name} was not built:\n{self.log[-3000:]}'
        return pdf_text(path)


@pytest.fixture(scope='module')
def pdf(injection) -> PDFs:
    """The site's PDFs; make goes on after a document that fails (-k), so each test names the
    PDF it cannot read."""
    out = injection.root / 'pdf'
    env = {**os.environ, 'MAKEFLAGS': '-k -j2'}
    result = subprocess.run(
        [sys.executable, '-m', 'sphinx', '-M', 'latexpdf', str(injection.src), str(out)],
        capture_output=True,
        text=True,
        cwd=injection.root,
        env=env,
    )
    return PDFs(out / 'latex', result.stdout + result.stderr, result.returncode)


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f'{name} is needed for the PDF tests (see tools/install-system-deps.sh)'
    return path


def pdf_text(path: Path) -> str:
    """The PDF's text without line breaks and spaces, TeX's quotes as typed."""
    text = subprocess.run(
        [tool('pdftotext'), str(path), '-'], capture_output=True, text=True, check=True
    ).stdout
    text = re.sub(r'(?<=[A-Za-z])-\n(?=[a-z])', '', text)  # a word hyphenated at a line end
    return squeeze(text.replace('\u2018', '`').replace('\u2019', "'"))


def squeeze(text: str) -> str:
    return re.sub(r'\s+', '', text)


def pdf_info(path: Path) -> dict[str, str]:
    lines = subprocess.run(
        [tool('pdfinfo'), '-enc', 'UTF-8', str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return dict(line.split(':', 1) for line in lines if ':' in line)


@pytest.mark.tex
def test_every_pdf_builds(pdf):
    assert pdf.returncode == 0, pdf.log[-3000:]
    assert {p.name for p in pdf.dir.glob('*.pdf')} == {'report.pdf', 'myst.pdf', 'site.pdf'}


@pytest.mark.tex
@pytest.mark.parametrize('doc', ['report', 'myst', 'site'])
def test_pdf_shows_every_payload_as_text(injection, pdf, doc):
    text = pdf.text(doc)
    missing = {
        tag: payload
        for tag, payload in expected_on(injection, doc, 'pdf').items()
        if squeeze(payload) not in text
    }
    assert not missing


@pytest.mark.tex
def test_pdf_title_and_metadata_are_the_report_title_and_agency(injection, pdf):
    for doc, name, title in (
        ('report', 'r', '2021年政府信息公开工作年度报告'),
        ('myst', 'r2030', '2030年' + injection.labels['T01']),
    ):
        agency = injection.reports[name]['agency']
        # the title at the top of the first page, as typed
        assert pdf.text(doc).startswith(squeeze(agency + title)), doc
        info = pdf_info(pdf.dir / f'{doc}.pdf')
        assert info['Title'].strip() == agency + title
        assert info['Author'].strip() == agency
    assert pdf_info(pdf.dir / 'site.pdf')['Title'].strip() == 'site'


@pytest.mark.tex
def test_tex_ran_nothing_and_read_nothing(injection, pdf, html):
    assert not list(injection.root.rglob('PWNED'))
    hostname = Path('/etc/hostname')
    name = hostname.read_text().strip() if hostname.exists() else ''
    # the machine's name must not be printed, unless the pages show it anyway
    shown = squeeze(' '.join(page.get_text() for page in html.values()))
    sources = squeeze(' '.join([*injection.payloads.texts.values(), *injection.labels.values()]))
    if name and name not in shown + sources:
        for doc in ('report', 'myst', 'site'):
            assert name not in pdf.text(doc), doc
