"""What a reader sees in each of the four themes the extension supports, on a phone (390 px) and
on a desktop (1,280 px): the example site built with ``-D html_theme=…`` and opened in Debian's
Chromium (Playwright), checked against what a reader needs, not against the stylesheet:

* the page never scrolls sideways; a table wider than the content column scrolls in its own
  box, which the keyboard reaches with Tab and scrolls with the arrow keys;
* 表三's row labels stay in view when its box is scrolled to the right end, and are wide enough
  to read (not two characters a line);
* every table keeps its four outer rules and each cell its right and bottom rule, whatever the
  theme's own table style;
* axe-core finds nothing wrong with the extension's markup (a theme's own problems are listed
  below by theme and rule, and anything else fails).

Screenshots of each theme and width are kept under the test's temporary directory (the path is
printed, ``pytest -s`` shows it).
"""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT, sphinx_build

pytestmark = pytest.mark.browser

THEMES = ('alabaster', 'furo', 'sphinx_rtd_theme', 'pydata_sphinx_theme')
WIDTHS = (390, 1280)

#: a report in each form (2021: 国办公开办函〔2021〕30号; 2020: the 2019 trial form), an agency
#: page (index, comparison tables, a chart), a year page (index, units, aggregate tables) and
#: the home page (coverage table)
PAGES = (
    'agencies/transport/2021',
    'agencies/transport/2020',
    'agencies/education/index',
    'years/2024',
    'index',
)

#: every table of the extension (statutory, comparison, index, units)
OUR_TABLES = 'table.disclosure-table, table.disclosure-compare, table.disclosure-index, ' + (
    'table.disclosure-aggregate-units'
)

AXE = ROOT / 'tests' / 'js' / 'node_modules' / 'axe-core' / 'axe.min.js'

#: accessibility problems of a theme's own markup (never of ours), by theme: rule id -> where and
#: why. Listed so that they stay in view; a violation not listed here fails the test, and so
#: does any violation with a node inside an element of the extension.
SIDEBAR_CAPTIONS = (
    "the toctree captions of the theme's navigation (各机关, 各年度, 说明), which Sphinx writes "
    '<p class="caption" role="heading"> without aria-level'
)
KNOWN_THEME_VIOLATIONS: dict[str, dict[str, str]] = {
    'alabaster': {
        'aria-required-attr': SIDEBAR_CAPTIONS,
        'heading-order': "the sidebar heading <h3>导航</h3> follows the page's <h1>",
        'color-contrast': 'the footer (#888 on #fff, 3.5:1)',
        'region': 'the footer <div class="footer"> is outside every landmark',
    },
    'furo': {
        'aria-required-attr': SIDEBAR_CAPTIONS,
        'landmark-unique': 'two <aside> (sidebar drawer and table of contents) without names',
        'region': 'the "View this page" span of the page actions is outside every landmark',
    },
    'sphinx_rtd_theme': {
        'aria-required-attr': SIDEBAR_CAPTIONS,
        'color-contrast': "the theme's links in breadcrumbs and footer (#2980b9 on #fcfcfc, "
        '4.2:1) and its footer text (#808080, 3.8:1)',
        'region': 'the <footer> is outside every landmark',
    },
    'pydata_sphinx_theme': {
        'label-content-name-mismatch': 'the search button: aria-label 搜索, visible text '
        '搜索 Ctrl+K (desktop header)',
    },
}


@pytest.fixture(scope='module', params=THEMES)
def themed(request, tmp_path_factory):
    """The example site built once per theme, with ``-W``: (theme, output folder)."""
    theme = request.param
    out = tmp_path_factory.mktemp(f'reader-{theme}')
    result = sphinx_build(str(ROOT / 'example_site'), str(out), '-D', f'html_theme={theme}')
    assert result.returncode == 0, result.stderr
    return theme, out


def open_page(browser, site, name: str, width: int):
    page = browser.new_page(viewport={'width': width, 'height': 900})
    page.goto((site / f'{name}.html').as_uri())
    page.wait_for_load_state('load')
    return page


#: for each table of ours: does it fit the column, or scroll in a box of its own?
TABLES_JS = """(selector) => [...document.querySelectorAll(selector)].map(t => {
  let scroller = null;
  for (let a = t.parentElement; a && a !== document.body; a = a.parentElement) {
    const o = getComputedStyle(a).overflowX;
    if (o === 'auto' || o === 'scroll' || o === 'hidden') { scroller = a; break; }
  }
  const r = t.getBoundingClientRect();
  const s = scroller ? scroller.getBoundingClientRect() : null;
  return {
    id: t.id,
    right: r.right, left: r.left, width: r.width,
    scroller: scroller ? scroller.className : null,
    scrollerFocusable: scroller ? scroller.tabIndex >= 0 : null,
    scrollerRight: s ? s.right : null, scrollerLeft: s ? s.left : null,
    overflowX: scroller ? getComputedStyle(scroller).overflowX : null,
    scrolls: scroller ? scroller.scrollWidth > scroller.clientWidth + 1 : false,
  };
})"""


@pytest.mark.parametrize('width', WIDTHS)
def test_no_sideways_scroll_and_tables_fit_or_scroll_in_their_box(themed, browser, tmp_path, width):
    theme, site = themed
    for name in PAGES:
        page = open_page(browser, site, name, width)
        try:
            shot = tmp_path / f'{theme}-{width}-{name.replace("/", "-")}.png'
            page.screenshot(path=str(shot), full_page=True)
            print(f'screenshot: {shot}')
            where = f'{theme} {width}px {name} (screenshot: {shot})'
            scroll_width = page.evaluate('document.documentElement.scrollWidth')
            inner = page.evaluate('innerWidth')
            assert scroll_width <= inner, f'the page scrolls sideways: {where}'
            tables = page.evaluate(TABLES_JS, OUR_TABLES)
            assert tables, where
            for t in tables:
                # a table scrolls in our box, which the keyboard reaches, or fits where it is
                assert t['scroller'] is not None and 'disclosure-scroll' in t['scroller'], (
                    t,
                    where,
                )
                assert t['scrollerFocusable'], (t, where)
                assert t['scrollerLeft'] >= -0.5 and t['scrollerRight'] <= inner + 0.5, (t, where)
                if t['width'] > t['scrollerRight'] - t['scrollerLeft'] + 1:
                    assert t['overflowX'] in ('auto', 'scroll') and t['scrolls'], (t, where)
        finally:
            page.close()


def test_table_three_fits_the_column_at_desktop_width(themed, browser):
    """At 1,280 px 表三 fits the content column in every theme (sphinx-rtd-theme's one-line cells
    made it 1,465 px wide)."""
    theme, site = themed
    page = open_page(browser, site, 'agencies/transport/2021', 1280)
    try:
        for t in page.evaluate(TABLES_JS, 'table#applications'):
            assert not t['scrolls'], (theme, t)
            assert t['width'] <= 900, (theme, t)
    finally:
        page.close()


#: the cells on each side of each table, with the rules drawn there (the table's own border,
#: which a separate-borders table draws, or the cell's)
RULES_JS = """(selector) => [...document.querySelectorAll(selector)].map(t => {
  const tr = t.getBoundingClientRect();
  const ts = getComputedStyle(t);
  const rule = (s, side) => s['border' + side + 'Style'] !== 'none' &&
    parseFloat(s['border' + side + 'Width']) >= 1;
  const missing = [];
  const cells = [...t.querySelectorAll('th, td')].filter(c => c.closest('table') === t);
  for (const c of cells) {
    const r = c.getBoundingClientRect();
    const s = getComputedStyle(c);
    const label = c.textContent.trim().slice(0, 12) || c.id;
    if (!rule(s, 'Right') && !(Math.abs(r.right - tr.right) < 2 && rule(ts, 'Right')))
      missing.push(['right', label]);
    if (!rule(s, 'Bottom') && !(Math.abs(r.bottom - tr.bottom) < 2 && rule(ts, 'Bottom')))
      missing.push(['bottom', label]);
    if (Math.abs(r.left - tr.left) < 2 && !rule(s, 'Left') && !rule(ts, 'Left'))
      missing.push(['left', label]);
    if (Math.abs(r.top - tr.top) < 2 && !rule(s, 'Top') && !rule(ts, 'Top'))
      missing.push(['top', label]);
  }
  return {id: t.id, cells: cells.length, missing: missing.slice(0, 10)};
})"""


@pytest.mark.parametrize('width', WIDTHS)
def test_statutory_tables_keep_every_rule(themed, browser, width):
    """Outer rules on all four sides, and a right and a bottom rule on every cell (furo drops
    the right rule of a row's last cell and the left one of its first)."""
    theme, site = themed
    for name in ('agencies/transport/2021', 'agencies/transport/2020', 'years/2024'):
        page = open_page(browser, site, name, width)
        try:
            tables = page.evaluate(RULES_JS, 'table.disclosure-table')
            assert len(tables) >= 3, (theme, name)
            for t in tables:
                assert t['cells'] > 10 and not t['missing'], (theme, width, name, t)
        finally:
            page.close()


def label_boxes(page) -> dict[str, dict]:
    """The row labels of 表三 that head one row (not merged over several): text -> box."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        'table#applications tbody th')].map(c => {
          const r = c.getBoundingClientRect();
          const s = getComputedStyle(c);
          return [c.textContent.trim(), {
            left: r.left, right: r.right, rowspan: c.rowSpan, colspan: c.colSpan,
            content: c.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight),
            em: parseFloat(s.fontSize)}];
        }))""")


def test_phone_row_labels_stay_in_view_and_are_readable(themed, browser, tmp_path):
    theme, site = themed
    page = open_page(browser, site, 'agencies/transport/2021', 390)
    try:
        box = page.locator('div.disclosure-scroll:has(table#applications)')
        assert box.count() == 1, theme
        # every label that heads a single row is at least five characters wide (Chinese
        # characters are one em), the group labels merged over rows of the second column three
        for text, b in label_boxes(page).items():
            if b['rowspan'] == 1:
                assert b['content'] >= 5 * b['em'] - 0.5, (theme, text, b)
            elif not text.startswith('三、'):
                assert b['content'] >= 3 * b['em'] - 0.5, (theme, text, b)
        before = label_boxes(page)
        box.evaluate('e => { e.scrollLeft = e.scrollWidth; }')
        assert box.evaluate('e => e.scrollLeft') > 100, theme  # it did scroll
        after = label_boxes(page)
        frame = box.bounding_box()
        for text in (
            '三、本年度办理结果',
            '（四）无法提供',
            '1.本机关不掌握相关政府信息',
            '（一）予以公开',
        ):
            assert abs(after[text]['left'] - before[text]['left']) < 1, (theme, text)
            assert after[text]['left'] >= frame['x'] - 0.5, (theme, text)
        # the last column (总计) is now in view, right of the labels
        total = page.locator('table#applications td[id="applications-unavailable-not_held-total"]')
        t = total.bounding_box()
        assert t['x'] + t['width'] <= frame['x'] + frame['width'] + 0.5, theme
        assert t['x'] >= after['1.本机关不掌握相关政府信息']['right'] - 0.5, theme
        shot = tmp_path / f'{theme}-390-applications-scrolled.png'
        box.evaluate('e => e.scrollIntoView()')
        page.screenshot(path=str(shot))
        print(f'screenshot: {shot}')
    finally:
        page.close()


def test_keyboard_reaches_and_scrolls_the_table_box(themed, browser):
    theme, site = themed
    page = open_page(browser, site, 'agencies/transport/2021', 390)
    try:
        target = 'div.disclosure-scroll:has(table#applications)'
        for _ in range(400):
            page.keyboard.press('Tab')
            if page.evaluate(f'document.activeElement.matches({json.dumps(target)})'):
                break
        else:
            pytest.fail(f'{theme}: Tab never reaches the box of 表三')
        name = page.evaluate('document.activeElement.getAttribute("aria-label")')
        assert name == '收到和处理政府信息公开申请情况', theme
        assert page.evaluate('document.activeElement.scrollLeft') == 0
        for _ in range(5):
            page.keyboard.press('ArrowRight')
        page.wait_for_function('document.activeElement.scrollLeft > 0', timeout=5000)
    finally:
        page.close()


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page, each node marked ``ours`` when it is (inside) an
    element of the extension: a class ``disclosure-…`` on it or an ancestor."""
    assert AXE.is_file(), f'axe-core is missing: run tools/install-system-deps.sh ({AXE.name})'
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
      const result = await axe.run(document, {resultTypes: ['violations']});
      const ours = e => !!(e && e.closest('[class*="disclosure-"], [class*="disclosure_"]'));
      return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '),
          ours: ours(document.querySelector(n.target[n.target.length - 1])),
          html: n.html.slice(0, 160)}))}));
    }""")


@pytest.mark.parametrize('width', WIDTHS)
def test_axe_finds_nothing_in_our_markup(themed, browser, width):
    theme, site = themed
    known = KNOWN_THEME_VIOLATIONS[theme]
    problems = []
    for name in PAGES:
        page = open_page(browser, site, name, width)
        try:
            for v in axe_violations(page):
                ours = [n for n in v['nodes'] if n['ours']]
                if ours:
                    problems.append((name, v['id'], v['help'], ours[:3]))
                elif v['id'] not in known:
                    problems.append((name, v['id'], v['help'], 'theme?', v['nodes'][:3]))
        finally:
            page.close()
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


#: what prints besides the report: elements shown on paper that are fixed or sticky (they would
#: print over the text, on every page), and shown navigation (landmarks and the themes' bars)
PRINT_JS = """() => {
  const shown = e => { const r = e.getBoundingClientRect();
    return e.checkVisibility({visibilityProperty: true, opacityProperty: true}) &&
      r.width > 1 && r.height > 1; };
  const name = e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className)
    .trim().split(/\\s+/).join('.') : '') + ' ' + e.textContent.trim().slice(0, 20);
  const all = [...document.body.querySelectorAll('*')];
  return {
    placed: all.filter(e => ['fixed', 'sticky'].includes(getComputedStyle(e).position))
      .filter(shown).map(name),
    navigation: [...document.querySelectorAll('nav, [role=navigation], .sphinxsidebar')]
      .filter(shown).map(name),
  };
}"""


def test_print_shows_the_report_only(themed, browser):
    """On paper: no theme navigation, nothing fixed or sticky printed over the text (furo's
    "Skip to content"), and 表三 whole, not in a scrolled box."""
    theme, site = themed
    page = open_page(browser, site, 'agencies/transport/2021', 1280)
    try:
        page.emulate_media(media='print')
        found = page.evaluate(PRINT_JS)
        assert found == {'placed': [], 'navigation': []}, theme
        for t in page.evaluate(TABLES_JS, 'table#applications'):
            assert t['overflowX'] is None or not t['scrolls'], (theme, t)
    finally:
        page.close()
