"""Trend charts: the same bytes in every process, text as paths in SVG, the font embedded in
PDF, no tofu when the font is missing, matplotlib imported only when a chart is drawn."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import textwrap

import pytest

from sphinx_disclosure import charts

CHART = charts.Chart.of(
    '测试县自然资源局政府信息公开申请数量（2019—2023年）',
    [2019, 2020, 2021, 2022, 2023],
    [
        ('本年新收', [48, 60, 80, 102, None]),
        ('本年办结', [45, 61, 77, 96, None]),
        ('结转下年度', [5, 4, 7, 13, None]),
    ],
    '年度',
    '申请数量（件）',
)

RENDER = textwrap.dedent("""
    import hashlib, sys
    from sphinx_disclosure import charts
    chart = charts.Chart.of(
        '测试县自然资源局政府信息公开申请数量（2019—2023年）',
        [2019, 2020, 2021, 2022, 2023],
        [('本年新收', [48, 60, 80, 102, None]), ('本年办结', [45, 61, 77, 96, None]),
         ('结转下年度', [5, 4, 7, 13, None])],
        '年度', '申请数量（件）')
    for data in (charts.render_svg(chart), charts.render_pdf(chart)):
        print(hashlib.sha256(data).hexdigest())
""")


def run(code: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, '-c', code], capture_output=True, text=True, check=True, env=env or None
    )
    return done.stdout


def test_same_bytes_in_two_processes_and_in_this_one():
    # different hash seeds, and one process with a date to leak (SOURCE_DATE_EPOCH unset/set)
    first = run(RENDER, **{**os.environ, 'PYTHONHASHSEED': '1'})
    second = run(RENDER, **{**os.environ, 'PYTHONHASHSEED': '2', 'SOURCE_DATE_EPOCH': '0'})
    assert first == second
    here = [
        hashlib.sha256(d).hexdigest() for d in (charts.render_svg(CHART), charts.render_pdf(CHART))
    ]
    assert first.split() == here


def test_svg_has_text_as_paths_and_no_date():
    svg = charts.render_svg(CHART).decode('utf-8')
    assert '<text' not in svg
    assert svg.count('<path') > 50  # glyphs and lines
    assert '<dc:date>' not in svg
    # matplotlib keeps the drawn text in comments: the title is there, escaped
    assert '<!-- 测试县自然资源局政府信息公开申请数量（2019—2023年） -->' in svg


def test_title_is_not_markup():
    """A name with $…$ (matplotlib's mathtext) or a closing comment is drawn as typed, in the
    chart font (mathtext would draw x² in its own font, DejaVu)."""
    chart = charts.Chart.of('A $x^2$ --> <script>', [2021], [('s', [1])], 'x', 'y')
    svg = charts.render_svg(chart).decode('utf-8')
    assert '<!-- A $x^2$ - -&gt; &lt;script&gt; -->' in svg
    assert '<script>' not in svg
    glyphs = set(re.findall(r'<path id="([A-Za-z-]+)-[0-9a-f]+"', svg))
    assert glyphs == {'NotoSansCJKsc-Regular'}


def test_pdf_embeds_the_font_and_has_no_date(tmp_path):
    path = tmp_path / 'chart.pdf'
    path.write_bytes(charts.render_pdf(CHART))
    fonts = subprocess.run(['pdffonts', str(path)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows, fonts.stdout
    for row in rows:
        name, *_ = row.split()
        emb, sub = row.split()[-5:-3]
        assert 'NotoSansCJKsc' in name and (emb, sub) == ('yes', 'yes'), row
        assert 'Type 3' in row, row  # the glyphs themselves: every reader draws them
    # a font program of one kind labelled as another (matplotlib's Type 42 with Noto's CFF
    # outlines) is what poppler warns about and stricter readers refuse
    assert 'Mismatch' not in fonts.stderr, fonts.stderr
    info = subprocess.run(['pdfinfo', str(path)], capture_output=True, text=True, check=True)
    assert 'CreationDate' not in info.stdout and 'ModDate' not in info.stdout
    text = subprocess.run(['pdftotext', str(path), '-'], capture_output=True, text=True).stdout
    assert '本年新收' in text and '测试县自然资源局' in text  # real text, not drawn shapes


def test_missing_font_raises_naming_the_package(monkeypatch):
    monkeypatch.setattr(charts, 'FONT_FAMILY', 'No Such Font CJK')
    with pytest.raises(charts.ChartFontMissing) as info:
        charts.render_svg(CHART)
    assert info.value.package == 'fonts-noto-cjk'
    assert str(info.value) == (
        'the font No Such Font CJK is not installed (Debian package fonts-noto-cjk)'
    )
    with pytest.raises(charts.ChartFontMissing):
        charts.render_pdf(CHART)


def test_digest_names_the_content():
    assert re.fullmatch(r'[0-9a-f]{40}', CHART.digest())
    same = charts.Chart.of(CHART.title, CHART.years, CHART.series, CHART.xlabel, CHART.ylabel)
    assert same.digest() == CHART.digest()
    other = charts.Chart.of(CHART.title, CHART.years, CHART.series[:2], CHART.xlabel, CHART.ylabel)
    assert other.digest() != CHART.digest()


def test_csv_has_a_column_per_series_and_empty_gaps():
    data = CHART.csv('年度')
    assert data.startswith(b'\xef\xbb\xbf')
    assert data.decode('utf-8-sig').splitlines() == [
        '年度,本年新收,本年办结,结转下年度',
        '2019,48,45,5',
        '2020,60,61,4',
        '2021,80,77,7',
        '2022,102,96,13',
        '2023,,,',
    ]


def test_empty_chart():
    assert not CHART.empty
    assert charts.Chart.of('t', [2021, 2022], [('a', [None, None])], 'x', 'y').empty


def test_matplotlib_is_imported_only_to_draw():
    code = textwrap.dedent("""
        import sys
        import sphinx_disclosure, sphinx_disclosure.portal.compare, sphinx_disclosure.series
        print('matplotlib' in sys.modules)
    """)
    assert run(code).strip() == 'False'
