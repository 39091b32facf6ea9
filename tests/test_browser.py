"""What readers see: the example site in a real browser (Debian's Chromium, driven by Playwright).

Checks the drawn geometry of the merged cells, the alignment of numbers and the layout for print.
Chromium is installed by ``.ci/run`` (``apt-get install chromium fonts-noto-cjk``); set
``DISCLOSURE_CHROMIUM`` to use another binary.
"""

from __future__ import annotations

import pytest

from .conftest import ROOT, sphinx_build

pytestmark = pytest.mark.browser


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp('example-browser')
    result = sphinx_build(str(ROOT / 'example_site'), str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={'width': 1280, 'height': 900})
    yield page
    page.close()


def box(page, selector: str, text: str | None = None) -> dict:
    loc = page.locator(selector, has_text=text) if text else page.locator(selector)
    assert loc.count() >= 1, (selector, text)
    return loc.first.bounding_box()


def row_box(page, table: str, label: str) -> dict:
    """The box of the table row whose label cell reads ``label``."""
    return (
        page.locator(f'table#{table} tr')
        .filter(has=page.locator('th', has_text=label))
        .last.bounding_box()
    )


@pytest.mark.parametrize('year,rows', [('2021', 22), ('2020', 20)])
def test_merged_outcome_cell_spans_its_rows(site, page, year, rows):
    page.goto((site / 'agencies' / 'transport' / f'{year}.html').as_uri())
    merged = box(page, 'table#applications th', '三、本年度办理结果')
    first = row_box(page, 'applications', '（一）予以公开')
    last = row_box(page, 'applications', '（七）总计')
    assert abs(merged['y'] - first['y']) < 1.5
    assert abs((merged['y'] + merged['height']) - (last['y'] + last['height'])) < 1.5
    count = page.locator('table#applications tbody tr').count()
    assert count == rows + 3  # 一、二 above, 四 below


def test_header_cells_cover_their_columns(site, page):
    page.goto((site / 'agencies' / 'transport' / '2021.html').as_uri())
    group = box(page, 'table#applications th', '申请人情况')
    person = box(page, 'table#applications th', '自然人')
    total = page.locator('table#applications thead th', has_text='总计').first.bounding_box()
    assert abs(group['x'] - person['x']) < 1.5
    assert abs((group['x'] + group['width']) - (total['x'] + total['width'])) < 1.5
    corner = box(page, 'table#applications th', '本列数据的勾稽关系')
    assert abs((corner['y'] + corner['height']) - (person['y'] + person['height'])) < 1.5
    # 表四: 行政诉讼 spans the ten litigation columns, 行政复议 the five review columns
    review = box(page, 'table#review th', '行政复议')
    litigation = box(page, 'table#review th', '行政诉讼')
    tds = page.locator('table#review td')
    assert tds.count() == 15
    fifth, sixth, last = (tds.nth(i).bounding_box() for i in (4, 5, 14))
    assert abs((review['x'] + review['width']) - (fifth['x'] + fifth['width'])) < 1.5
    assert abs(litigation['x'] - sixth['x']) < 1.5
    assert abs((litigation['x'] + litigation['width']) - (last['x'] + last['width'])) < 1.5


def test_numbers_are_right_aligned_and_tables_fit(site, page):
    page.goto((site / 'agencies' / 'transport' / '2021.html').as_uri())
    aligns = page.locator('table.disclosure-table td').evaluate_all(
        'cells => [...new Set(cells.map(c => getComputedStyle(c).textAlign))]'
    )
    assert aligns == ['right']
    width = page.evaluate('document.documentElement.clientWidth')
    for table in ('active', 'applications', 'review'):
        b = box(page, f'table#{table}')
        assert b['x'] >= 0 and b['x'] + b['width'] <= width, table
    caption = box(page, 'table#applications caption')
    assert caption['width'] <= 1.5  # read by screen readers, not shown twice


def test_signature_is_right_aligned(site, page):
    page.goto((site / 'agencies' / 'transport' / '2021.html').as_uri())
    body = box(page, 'section.disclosure-report')
    for text in ('某县交通运输局', '2022年1月25日'):
        line = page.locator('div.disclosure-signature p', has_text=text).evaluate(
            'p => { const r = document.createRange(); r.selectNodeContents(p);'
            ' const b = r.getBoundingClientRect(); return b.right; }'
        )
        assert abs(line - (body['x'] + body['width'])) < 2


def test_print_layout(site, page, tmp_path):
    page.goto((site / 'agencies' / 'transport' / '2021.html').as_uri())
    page.emulate_media(media='print')
    assert (
        page.locator('table#applications thead').evaluate('e => getComputedStyle(e).display')
        == 'table-header-group'
    )
    assert (
        page.locator('table#applications tr').first.evaluate('e => getComputedStyle(e).breakInside')
        == 'avoid'
    )
    pdf = tmp_path / 'print.pdf'
    page.pdf(path=str(pdf), format='A4')
    assert pdf.stat().st_size > 10_000


def test_screenshots_for_review(site, page, tmp_path):
    """Full-page screenshots (kept under the test's temporary directory) of each report."""
    for name in (
        'agencies/transport/2020',
        'agencies/transport/2021',
        'agencies/transport/notes',
        'index',
        'agencies/education/index',
        'years/2023',
    ):
        page.goto((site / f'{name}.html').as_uri())
        path = tmp_path / f'{name.replace("/", "-")}.png'
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 50_000
