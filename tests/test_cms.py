"""The files for a government website's editor (``sphinx-build -b disclosure-cms``): one
self-contained HTML file per report, its PDF beside it, and an index.

Expectations are written independently of the code: the statutory labels and merged cells are
``EXPECTED`` of ``tests/test_statutory_tables.py`` (typed from the specification), the numbers
are read from the report data written here, and what a CMS editor keeps (inline styles, plain
tables; no script, stylesheet, class or reference to anything outside the file) is the list of
the brief for issue 10. The browser tests paste the files into an editable page in Chromium.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment
from sphinx.testing.util import SphinxTestApp

from sphinx_disclosure.render.cms import CMSWriterError

from .conftest import write_site
from .reports import report
from .test_injection import LATEX, MARKUP
from .test_statutory_tables import APPLICANTS, EXPECTED, ROW_KEYS, SECTION_TITLES, html_rows

#: every element a report file may hold: text structure and plain tables, nothing that loads,
#: runs or styles from elsewhere (no script, style, link, img, iframe, object, svg, form …)
ALLOWED_TAGS = {
    'html', 'head', 'meta', 'title', 'body', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'div',
    'span', 'a', 'br', 'ul', 'li', 'em', 'strong', 'table', 'caption', 'thead', 'tbody', 'tr',
    'th', 'td',
}  # fmt: skip
#: attributes whose value is a URL in HTML (only href is allowed, and only as a #fragment)
URL_ATTRIBUTES = {
    'href', 'src', 'srcset', 'action', 'formaction', 'background', 'poster', 'data', 'cite',
    'longdesc', 'usemap', 'xlink:href', 'ping', 'manifest', 'codebase', 'profile', 'itemtype',
}  # fmt: skip

TITLE_2019 = '测试县测试局2019年政府信息公开工作年度报告'
AGENCY_2021 = '测试县测试局<script>alert(1)</script>'
TITLE_2021 = f'{AGENCY_2021}2021年政府信息公开工作年度报告'
#: the payloads of tests/test_injection.py, each a paragraph of the 2021 report
PAYLOADS = [*MARKUP, *LATEX]
HEADING = '标题 <b>x</b> &amp; <i>'
POINT = '<a href="https://example.org">条目</a>'
LIST_ITEM = '<img src=x onerror=alert(1)>项目'
EXPLANATION = '说明 <script>alert(2)</script> [x](javascript:alert(1))'
FAKE_PDF = b'%PDF-1.4\n% not a real PDF: the builder copies what the LaTeX build left\n'


def find_table(soup: BeautifulSoup, table_id: str):
    """The statutory table ``table_id`` (its id prefixed, and by the directive's
    ``:id-prefix:`` if there is one)."""
    tables = soup.find_all('table', id=re.compile(rf'^disclosure-(?:.+-)?{table_id}$'))
    assert len(tables) == 1, table_id
    return tables[0]


def report_2021() -> dict:
    """A 2021-format report with markup in every kind of text, and an acknowledged rule break
    (R3.1: 四 lowered by one) whose explanation is shown under 表三."""
    data = report('2021', agency=AGENCY_2021)
    data['sections']['overview'] = [
        *PAYLOADS,
        {'heading': HEADING, 'content': [{'points': [POINT]}]},
        {'list': [LIST_ITEM]},
    ]
    data['applications']['to_next_year']['natural_person'] -= 1
    data['acknowledged'] = [{'rule': 'R3.1', 'explanation': EXPLANATION}]
    return data


#: one agency each: reports of one agency in consecutive years would be checked against each other
REPORTS = {
    'r2019': report('2019'),
    'r2021': report_2021(),
    'r2020': report('2019', year=2020, agency='测试县甲局'),
    'r2022': report('2021', year=2022, agency='测试县乙局'),
    'r2023': report('2021', year=2023, agency='测试县丙局'),
}
PAGES = {
    'index.rst': 'CMS\n===\n\n.. toctree::\n\n   r2019\n   r2021\n   notitle\n   two\n',
    'r2019.rst': '.. disclosure-report:: reports/r2019.yaml\n',
    'r2021.rst': '.. disclosure-report:: reports/r2021.yaml\n',
    # MyST, the report without its title, under a title of the page's own
    'notitle.md': '# 报告页\n\n```{disclosure-report} reports/r2022.yaml\n:no-title:\n```\n',
    # two whole reports on one page, below the page's title
    'two.rst': 'Two\n===\n\n'
    '.. disclosure-report:: reports/r2020.yaml\n   :id-prefix: a-\n\n'
    '.. disclosure-report:: reports/r2023.yaml\n   :id-prefix: b-\n',
}
#: file written -> (report, its format)
FILES = {
    'r2019.html': ('r2019', '2019'),
    'r2021.html': ('r2021', '2021'),
    'notitle.html': ('r2022', '2021'),
    'two.html': ('r2020', '2019'),
    'two-2.html': ('r2023', '2021'),
}


@dataclass
class Built:
    out: Path
    warnings: str

    def soup(self, name: str) -> BeautifulSoup:
        return BeautifulSoup(self.text(name), 'html.parser')

    def text(self, name: str) -> str:
        return (self.out / name).read_text(encoding='utf-8')


@pytest.fixture(scope='module')
def cms(tmp_path_factory) -> Built:
    """One build of the site (the ``site`` fixture of conftest builds once per test: the
    checks below share this one), with a PDF where a LaTeX build beside it would leave it."""
    root = tmp_path_factory.mktemp('cms')
    files = {**PAGES, **{f'reports/{name}.yaml': data for name, data in REPORTS.items()}}
    src = write_site(root / 'src', files)
    (root / 'build' / 'latex').mkdir(parents=True)
    (root / 'build' / 'latex' / 'r2021.pdf').write_bytes(FAKE_PDF)
    app = SphinxTestApp('disclosure-cms', srcdir=src, builddir=root / 'build')
    try:
        app.build()
        warnings = app.warning.getvalue()
    finally:
        app.cleanup()
    return Built(Path(app.outdir), warnings)


# --------------------------------------------------------------------------------------------
# the files


def test_one_file_per_report_its_pdf_and_an_index(cms):
    assert cms.warnings == ''
    written = {p.relative_to(cms.out).as_posix() for p in cms.out.rglob('*') if p.is_file()}
    assert written == {*FILES, 'index.html', 'r2021.pdf'}
    assert (cms.out / 'r2021.pdf').read_bytes() == FAKE_PDF


def test_index_lists_the_files_as_plain_links(cms):
    soup = cms.soup('index.html')
    assert not soup.find_all(['script', 'link', 'style', 'img'])
    links = [(a['href'], a.get_text()) for a in soup.find_all('a')]
    assert links == [
        ('notitle.html', '测试县乙局2022年政府信息公开工作年度报告'),
        ('r2019.html', TITLE_2019),
        ('r2021.html', TITLE_2021),
        ('r2021.pdf', 'PDF'),
        ('two.html', '测试县甲局2020年政府信息公开工作年度报告'),
        ('two-2.html', '测试县丙局2023年政府信息公开工作年度报告'),
    ]
    assert soup.find('title').get_text() == '供政府网站编辑器使用的报告文件（每份报告一个文件）'


@pytest.mark.parametrize('name', FILES)
def test_file_is_self_contained(cms, name):
    text = cms.text(name)
    assert text.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    soup = BeautifulSoup(text, 'html.parser')
    assert [str(m) for m in soup.find_all('meta')] == ['<meta charset="utf-8"/>']
    assert not soup.find_all(string=lambda s: isinstance(s, Comment))
    tags = {element.name for element in soup.find_all(True)}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    ids = [element['id'] for element in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            value = ' '.join(value) if isinstance(value, list) else value
            assert attribute != 'class', element.name
            assert not attribute.lower().startswith('on'), element
            if attribute in URL_ATTRIBUTES:
                assert attribute == 'href' and value.startswith('#'), element
            assert not re.search(r'(?i)url\(|javascript:|expression\(|@import|://', value)
        if element.get('id'):  # prefixed: no clash with the ids of the CMS page
            assert element['id'].startswith('disclosure-'), element['id']
    # fragments lead to a place in the file; a value names header cells of its own table
    for a in soup.find_all('a'):
        assert soup.find(id=a['href'][1:]) is not None, a
    for table in soup.find_all('table'):
        heads = {th['id'] for th in table.find_all('th')}
        for td in table.find_all('td'):
            assert td['headers'] and set(td['headers']) <= heads


@pytest.mark.parametrize('name', FILES)
@pytest.mark.parametrize('table_id', ['active', 'applications', 'review'])
def test_every_label_and_merged_cell(cms, name, table_id):
    _report, form = FILES[name]
    table = find_table(cms.soup(name), table_id)
    assert html_rows(table) == EXPECTED[form][table_id]
    # the header rows stay the table's head (an editor repeats them, screen readers read them)
    head_rows = len(table.thead.find_all('tr')) if table.thead else 0
    assert head_rows == (0 if table_id == 'active' else 3)


@pytest.mark.parametrize('name', FILES)
def test_title_sections_and_signature(cms, name):
    soup = cms.soup(name)
    data = REPORTS[FILES[name][0]]
    title = f'{data["agency"]}{data["year"]}年政府信息公开工作年度报告'
    assert soup.title.get_text() == title
    assert [h.get_text() for h in soup.find_all('h1')] == [title]
    assert [h.get_text() for h in soup.find_all('h2')] == SECTION_TITLES
    signature = soup.find_all('p')[-2:]
    assert [p.get_text() for p in signature] == [data['agency'], f'{data["year"] + 1}年1月28日']
    for p in signature:
        assert 'text-align:right' in p['style'] and p['align'] == 'right'
    # the download line (links to the site's files) and the findings box are not the report's
    assert '下载' not in soup.get_text()


def _flat(node: dict, prefix: str = '') -> dict[str, int]:
    out = {}
    for key, value in node.items():
        if isinstance(value, dict):
            out.update(_flat(value, f'{prefix}{key}.'))
        else:
            out[f'{prefix}{key}'] = value
    return out


@pytest.mark.parametrize('name', FILES)
def test_numbers_under_their_labels(cms, name):
    """Rows of 表三 found by their statutory label hold the report's values in the order of
    the applicant columns, then their sum (computed here); 表四 in the order of its groups."""
    data = REPORTS[FILES[name][0]]
    values = _flat(data['applications'])
    soup = cms.soup(name)
    seen = set()
    for tr in find_table(soup, 'applications').tbody.find_all('tr'):
        labels = [th.get_text() for th in tr.find_all('th')]
        key = ROW_KEYS.get(labels[-1])
        if key is None:
            continue
        seen.add(key)
        expected = [values[f'{key}.{column}'] for column in APPLICANTS]
        assert [td.get_text() for td in tr.find_all('td')] == [
            str(v) for v in [*expected, sum(expected)]
        ], labels
    assert seen == set(ROW_KEYS.values())
    review = _flat(data['review'])
    expected = []
    for group in ('reconsideration', 'litigation_direct', 'litigation_after_review'):
        parts = [review[f'{group}.{c}'] for c in ('upheld', 'corrected', 'other', 'pending')]
        expected += [str(v) for v in [*parts, sum(parts)]]
    tds = find_table(soup, 'review').find_all('td')
    assert [td.get_text() for td in tds] == expected


@pytest.mark.parametrize('name', FILES)
def test_the_look_is_written_on_each_element(cms, name):
    soup = cms.soup(name)
    for cell in soup.find_all(['th', 'td']):
        assert 'border:1px solid #000' in cell['style'], cell
    for td in soup.find_all('td'):  # numbers on the right, also where style="" is stripped
        assert 'text-align:right' in td['style'] and td['align'] == 'right'
    for table in soup.find_all('table'):
        assert 'border-collapse:collapse' in table['style'] and table['border'] == '1'
    # the text of the report: paragraphs start with a two-character indent
    body = [p for p in soup.body.find_all('p', recursive=False)]
    assert body and all('text-indent:2em' in p['style'] for p in body)
    # scope on the header cells that head a whole row or column
    scopes = {th.get('scope') for th in soup.find_all('th')}
    assert {'col', 'row'} <= scopes


def test_report_without_its_title_gets_it_and_sections_stay_h2(cms):
    soup = cms.soup('notitle.html')
    assert soup.h1.get_text() == '测试县乙局2022年政府信息公开工作年度报告'
    assert '报告页' not in soup.get_text()  # the page's own title is not the report's


def test_second_report_of_a_page_keeps_its_id_prefix(cms):
    soup = cms.soup('two-2.html')
    assert soup.find('table', id='disclosure-b-applications') is not None
    assert soup.find(id='disclosure-b-applications-new-total').get_text() == str(
        sum(REPORTS['r2023']['applications']['new'].values())
    )


def test_note_under_the_table_and_markup_in_text_stays_text(cms):
    soup = cms.soup('r2021.html')
    strings = [str(s) for s in soup.body.find_all(string=True)]
    for payload in [*PAYLOADS, AGENCY_2021, LIST_ITEM, EXPLANATION]:
        assert any(payload in s for s in strings), payload
    assert any(s.endswith(HEADING) for s in strings)  # after its number （一）
    assert any(s.endswith(POINT) for s in strings)  # after 1.
    # no element came from the text (ALLOWED_TAGS excludes script, img, b, i …; no link)
    assert not soup.find_all(['script', 'img', 'b', 'i'])
    assert not soup.find_all('a')
    # the explanation is in a box right after 表三, headed 说明, with the rule's id
    box = soup.find('table', id='disclosure-applications').find_next_sibling()
    assert box.name == 'div' and 'border:1px solid' in box['style']
    assert [p.get_text() for p in box.find_all('p')] == ['说明', f'{EXPLANATION} [R3.1]']


# --------------------------------------------------------------------------------------------
# the 更正说明, what the writer refuses, links, reports with errors


@pytest.mark.sphinx('disclosure-cms', testroot='revisions')
def test_corrections_box_under_the_title_links_to_the_cells(app):
    """The corrected report of tests/roots/test-revisions: its box comes right after the
    title, and each corrected cell is linked as a fragment of the file (with the page's
    ``:id-prefix:`` where it has one)."""
    app.build()
    assert app.warning.getvalue() == ''
    for page, prefix in (('report', ''), ('prefixed', 'x-')):
        soup = BeautifulSoup((app.outdir / f'{page}.html').read_text('utf-8'), 'html.parser')
        box = soup.h1.find_next_sibling()
        assert box.name == 'div' and 'border:1px solid' in box['style']
        assert box.p.get_text() == '更正说明'
        hrefs = [a['href'] for a in box.find_all('a')]
        for key in ('applications-new-natural_person', 'review-reconsideration-pending'):
            assert f'#disclosure-{prefix}{key}' in hrefs, key
        for href in hrefs:
            assert soup.find(id=href[1:]) is not None, href
        cell = soup.find(id=f'disclosure-{prefix}applications-new-natural_person')
        assert cell.name == 'td' and 'background-color' in cell['style']  # marked


BOX_CONF = """
from docutils import nodes


class revision_box(nodes.container):
    '''A node the CMS writer has never seen (a subclass of one it writes).'''


def add(app, doctree, docname):
    for section in doctree.findall(nodes.section):
        if 'disclosure-report' in section['classes']:
            section.insert(1, revision_box('', nodes.paragraph('更正说明', '更正说明')))


def setup(app):
    app.add_node(revision_box)
    app.connect('doctree-resolved', add)
"""


def test_an_unknown_node_stops_the_build(site):
    """A report part the writer has no way to write must not be left out silently."""
    files = {'index.rst': '.. disclosure-report:: r.yaml\n', 'r.yaml': report('2021')}
    with pytest.raises(CMSWriterError, match='revision_box'):
        site(files, builder='disclosure-cms', conf=BOX_CONF)


LINK_CONF = """
from docutils import nodes


def add(app, doctree, docname):
    for section in doctree.findall(nodes.section):
        if 'disclosure-report' in section['classes']:
            para = nodes.paragraph()
            for attributes, text in (
                ({'refid': 'applications-new-total'}, 'cell'),
                ({'refuri': '#sec-2'}, 'section'),
                ({'refuri': 'https://example.org/x'}, 'outside'),
                ({'refuri': 'other.html#sec-1'}, 'page'),
                ({'refuri': '#nowhere'}, 'missing'),
            ):
                para += nodes.reference('', text, **attributes)
            section.insert(1, para)


def setup(app):
    app.connect('doctree-resolved', add)
"""


def test_links_inside_the_report_stay_others_become_text(site):
    """How the 更正说明 links a corrected cell: a link to a place in the file is kept (its
    target prefixed like every id), a link to anywhere else is written as its text."""
    files = {'index.rst': '.. disclosure-report:: r.yaml\n', 'r.yaml': report('2021')}
    app, warnings = site(files, builder='disclosure-cms', conf=LINK_CONF)
    assert warnings == ''
    # the report of the root page: index.html is the list of files
    report_file = app.outdir / 'index-report.html'
    soup = BeautifulSoup(report_file.read_text(encoding='utf-8'), 'html.parser')
    links = [(a['href'], a.get_text()) for a in soup.find_all('a')]
    assert links == [
        ('#disclosure-applications-new-total', 'cell'),
        ('#disclosure-sec-2', 'section'),
    ]
    listing = BeautifulSoup((app.outdir / 'index.html').read_text(encoding='utf-8'), 'html.parser')
    assert [a['href'] for a in listing.find_all('a')] == ['index-report.html']
    assert 'cellsectionoutsidepagemissing' in soup.get_text()


def test_a_report_with_errors_gets_no_file(site):
    files = {
        'index.rst': 'x\n=\n\n.. toctree::\n\n   good\n   bad\n',
        'good.rst': '.. disclosure-report:: good.yaml\n',
        'bad.rst': '.. disclosure-report:: bad.yaml\n',
        'good.yaml': report('2021'),
        'bad.yaml': {k: v for k, v in report('2021').items() if k != 'agency'},
    }
    app, warnings = site(files, builder='disclosure-cms')
    assert 'agency' in warnings  # the build says why
    out = Path(app.outdir)
    assert (out / 'good.html').is_file() and not (out / 'bad.html').exists()
    index = BeautifulSoup((out / 'index.html').read_text(encoding='utf-8'), 'html.parser')
    assert [a['href'] for a in index.find_all('a')] == ['good.html']


# --------------------------------------------------------------------------------------------
# pasted into an editor, in Chromium

#: a page of the kind a CMS shows its editors: an editable area, the CMS's own stylesheet
#: (another font, spacing of its own), nothing that handles the paste: what arrives is what
#: Chromium itself makes of the clipboard
EDITOR = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>编辑器</title>
<style>
body { margin: 0; }
#editor { width: 1000px; min-height: 400px; padding: 12px; border: 1px solid #ccc;
          font-family: "Noto Sans CJK SC", sans-serif; font-size: 16px; line-height: 1.8; }
#editor p { margin: 0 0 0.8em; }
</style></head>
<body><div id="editor" contenteditable="true"></div></body></html>
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope='module')
def served(cms, tmp_path_factory):
    """The CMS files and the editor page on a local server (127.0.0.1, a port of its own)."""
    root = tmp_path_factory.mktemp('served')
    shutil.copytree(cms.out, root / 'cms', ignore=shutil.ignore_patterns('.doctrees'))
    (root / 'editor.html').write_text(EDITOR, encoding='utf-8')
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f'http://127.0.0.1:{server.server_address[1]}'
    server.shutdown()
    server.server_close()


@pytest.fixture
def context(browser, served):
    context = browser.new_context(viewport={'width': 1100, 'height': 900})
    context.grant_permissions(['clipboard-read', 'clipboard-write'], origin=served)
    yield context
    context.close()


def paste(context, served: str):
    """Paste the clipboard into the editor the way a person does: a click into it, Ctrl+V.
    A real paste (a trusted event) makes Chromium run its own paste path — the clipboard's
    HTML sanitised, styles already given by the editor's stylesheet dropped — which a
    synthetic ``paste`` event with a DataTransfer would skip in a plain editable area."""
    editor = context.new_page()
    editor.goto(f'{served}/editor.html')
    editor.click('#editor')
    editor.keyboard.press('Control+V')
    editor.wait_for_function("document.querySelectorAll('#editor table').length === 3")
    return editor


#: what the reader of the editor sees of the tables, text and signature (computed styles)
LOOK = """() => {
  const ed = document.querySelector('#editor');
  const cells = [...ed.querySelectorAll('th, td')].map(c => {
    const s = getComputedStyle(c);
    return [c.tagName, s.borderTopStyle, s.borderRightStyle, s.borderBottomStyle,
            s.borderLeftStyle, parseFloat(s.borderTopWidth), s.textAlign];
  });
  const ps = [...ed.querySelectorAll('p')];
  const body = ps.filter(p => p.parentElement === ed).map(
      p => parseFloat(getComputedStyle(p).textIndent) / parseFloat(getComputedStyle(p).fontSize));
  const signature = ps.slice(-2).map(p => getComputedStyle(p).textAlign);
  return {cells, body, signature};
}"""


#: right-aligned, as Chromium computes it from text-align or from align="right"
RIGHT = ('right', '-webkit-right')


def check_pasted(editor, form: str, shot: Path) -> None:
    soup = BeautifulSoup(editor.inner_html('#editor'), 'html.parser')
    for table_id in ('active', 'applications', 'review'):
        tables = [t for t in soup.find_all('table') if t.get('id', '').endswith(table_id)]
        assert len(tables) == 1, table_id
        assert html_rows(tables[0]) == EXPECTED[form][table_id], table_id
    assert not soup.find_all(['script', 'link', 'style', 'img'])
    look = editor.evaluate(LOOK)
    for tag, *borders, width, align in look['cells']:
        assert borders == ['solid'] * 4 and width >= 1, tag
        if tag == 'TD':
            assert align == 'right'
    assert look['body'] and all(abs(indent - 2) < 0.01 for indent in look['body'])
    assert len(look['signature']) == 2 and set(look['signature']) <= set(RIGHT)
    editor.locator('#editor').screenshot(path=str(shot))
    assert shot.stat().st_size > 50_000


@pytest.mark.browser
@pytest.mark.parametrize('name', ['r2019.html', 'r2021.html'])
def test_pasted_file_keeps_merged_cells_and_borders(cms, served, context, tmp_path, name):
    """The file's HTML on the clipboard as text/html (what an editor receives when the file is
    pasted as HTML), pasted with Ctrl+V."""
    source = context.new_page()
    source.goto(f'{served}/editor.html')
    source.evaluate(
        """async html => navigator.clipboard.write([new ClipboardItem({
            'text/html': new Blob([html], {type: 'text/html'}),
            'text/plain': new Blob([html], {type: 'text/plain'})})])""",
        cms.text(name),
    )
    editor = paste(context, served)
    check_pasted(editor, FILES[name][1], tmp_path / f'pasted-{name}.png')


@pytest.mark.browser
def test_copied_from_the_browser_and_pasted(served, context, tmp_path):
    """What staff do: open the file in the browser, select all, copy, paste into the editor
    (Chromium puts its own HTML of the selection, with computed styles, on the clipboard)."""
    source = context.new_page()
    source.goto(f'{served}/cms/r2021.html')
    source.keyboard.press('Control+A')
    source.keyboard.press('Control+C')
    editor = paste(context, served)
    check_pasted(editor, '2021', tmp_path / 'copied-r2021.png')
