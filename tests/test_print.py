"""The printed reports, built with real TeX and read back with poppler: where pages break, the
PDF metadata, captions, the alignment of numbers, and the 公文 print style.

Marked ``tex`` (see ``test_pdf.py``). Three small sites are built, each to a few pages: report
pages with more and more lines of text before the report (so that 表三 and the headings meet
the foot of a page at every height), a comparison page in Chinese and in English, and a report
in the 公文 style.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT
from .reports import report
from .test_pdf import ink_box, page_images, tool
from .test_statutory_tables import SECTION_TITLES

pytestmark = pytest.mark.tex

#: lines of text before the report on each page of the page-break site: from a table that
#: starts high on its page to one that starts at its foot (a line is about 1/50 of the page)
LINES_BEFORE = (4, 10, 16, 22, 28, 34, 40)

#: the report of these tests: its 表三 总计 column reads 新收 102, 上年结转 7 (written by hand
#: in the file's comment); the 2022 column of the comparison reads the same
REPORT_2022 = ROOT / 'tests' / 'roots' / 'test-compare' / 'reports' / '2022.yaml'
AGENCY = '测试县自然资源局'

#: an agency name full of what TeX would act on; the PDF's metadata must show it as typed
NASTY_AGENCY = r'测试局\input{/etc/hostname} 50% #1 & $x$ _ ~ ^'


def build(src: Path, out: Path, *options: str) -> Path:
    result = subprocess.run(
        [sys.executable, '-m', 'sphinx', '-M', 'latexpdf', str(src), str(out), *options],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / 'latex'


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding='utf-8')


def report_site(src: Path, pages: dict[str, str], conf: str = '') -> Path:
    """A site of report pages only, each its own PDF (no whole-site document)."""
    write(
        src / 'conf.py',
        "extensions = ['sphinx_disclosure']\nlanguage = 'zh_CN'\nproject = 'print'\n"
        'latex_documents = []\n' + conf,
    )
    write(src / 'index.rst', '打印\n====\n\n.. toctree::\n\n' + ''.join(f'   {p}\n' for p in pages))
    for name, text in pages.items():
        write(src / f'{name}.rst', text)
    shutil.copy(REPORT_2022, src / 'r2022.yaml')
    return src


def lines_then_report(lines: int, data: str = 'r2022.yaml') -> str:
    return (
        ''.join(f'正文第{i + 1}行。\n\n' for i in range(lines)) + f'.. disclosure-report:: {data}\n'
    )


@pytest.fixture(scope='module')
def breaks(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp('breaks')
    pages = {f'low{n:02}': lines_then_report(n) for n in LINES_BEFORE}
    pages['nasty'] = lines_then_report(0, 'nasty.yaml')
    src = report_site(tmp / 'src', pages)
    write(
        src / 'nasty.yaml',
        yaml.safe_dump(report('2021', agency=NASTY_AGENCY), allow_unicode=True, sort_keys=False),
    )
    return build(src, tmp / 'out')


def pages_of(pdf: Path) -> list[list[str]]:
    """Each page's lines of text (pdftotext -layout), stripped, without empty lines and the page
    number."""
    text = subprocess.run(
        [tool('pdftotext'), '-layout', str(pdf), '-'], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in text.split('\f'):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        pages.append([line for line in lines if not re.fullmatch(r'[—\s]*\d+[—\s]*', line)])
    return [page for page in pages if page]


def words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, word) of one page (1-based), from pdftotext -bbox."""
    xml = subprocess.run(
        [tool('pdftotext'), '-bbox', '-f', str(page), '-l', str(page), str(pdf), '-'],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (float(a), float(b), float(c), float(d), w)
        for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            xml,
        )
    ]


#: 表三's header (its first and last label) and its first two rows, which must not end a page
HEADER = '申请人情况'
FIRST_ROWS = ('一、本年新收政府信息公开申请数量', '二、上年结转政府信息公开申请数量')


def test_table_three_header_is_never_left_at_the_foot_of_a_page(breaks):
    low_start = 0
    for n in LINES_BEFORE:
        pdf = breaks / f'low{n:02}.pdf'
        pages = pages_of(pdf)
        first = next(i for i, page in enumerate(pages) if any(HEADER in line for line in page))
        page = pages[first]
        after = page[max(i for i, line in enumerate(page) if HEADER in line) + 1 :]
        # the page with the header holds rows 一、二 and the first rows of 三 under it
        assert any(line.startswith(FIRST_ROWS[0]) for line in after), (pdf.name, page)
        assert any(line.startswith(FIRST_ROWS[1]) for line in after), (pdf.name, page)
        assert any('（一）予以公开' in line for line in after), (pdf.name, page)
        # and no page's text of 表三 ends with the header or rows 一、二 (then （续表）)
        for lines in pages:
            body = [line for line in lines if line != '（续表）']
            assert not body[-1].startswith(FIRST_ROWS), (pdf.name, body[-3:])
            assert HEADER not in body[-1], (pdf.name, body[-3:])
        # the table starts at the top of a page when the lines before it take up most of the
        # one before: the case that used to strand the header
        top = words(pdf, first + 1)
        heading = next(w for w in top if w[4].startswith('三、收到和处理'))
        if first > 0 and heading[1] < 842 * 0.2:
            previous = words(pdf, first)
            last_y = max(w[3] for w in previous if not re.fullmatch(r'\d+', w[4]))
            low_start += last_y > 842 * 0.5
    assert low_start, 'no page of the test put 表三 low on a page'


def test_no_page_ends_with_a_heading(breaks):
    for pdf in sorted(breaks.glob('*.pdf')):
        for lines in pages_of(pdf)[:-1]:
            body = [line for line in lines if line != '（续表）']
            assert body[-1] not in SECTION_TITLES, (pdf.name, body[-3:])


def pdf_info(pdf: Path) -> dict[str, str]:
    lines = subprocess.run(
        [tool('pdfinfo'), '-enc', 'UTF-8', str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return {k: v.strip() for k, v in (line.split(':', 1) for line in lines if ':' in line)}


def pdf_language(pdf: Path) -> list[bytes]:
    """The /Lang entries of a PDF, also inside compressed object streams (pdfinfo does not
    show the document's language)."""
    data = pdf.read_bytes()
    found = re.findall(rb'/Lang\s*\(([^)]*)\)', data)
    for match in re.finditer(rb'stream\r?\n', data):
        chunk = data[match.end() : data.find(b'endstream', match.end())]
        try:
            found += re.findall(rb'/Lang\s*\(([^)]*)\)', zlib.decompressobj().decompress(chunk))
        except zlib.error:
            continue
    return found


def test_every_report_pdf_has_its_metadata(breaks):
    for n in LINES_BEFORE:
        pdf = breaks / f'low{n:02}.pdf'
        info = pdf_info(pdf)
        assert info['Title'] == '测试县自然资源局2022年政府信息公开工作年度报告'
        assert info['Author'] == '测试县自然资源局'
        assert info['Subject'] == '政府信息公开工作年度报告'
        assert info['Keywords'] == '测试县自然资源局, 2022年, 政府信息公开, 年度报告'
        assert pdf_language(pdf) == [b'zh-CN']


def test_metadata_shows_report_text_as_typed(breaks):
    info = pdf_info(breaks / 'nasty.pdf')
    assert info['Author'] == NASTY_AGENCY
    assert info['Keywords'] == NASTY_AGENCY + ', 2021年, 政府信息公开, 年度报告'
    assert info['Subject'] == '政府信息公开工作年度报告'


def column_of(found: list, value: str, near: float) -> tuple[float, float]:
    """(xMin, xMax) of the word ``value`` nearest to the height ``near``."""
    x0, _, x1, _, _ = min((w for w in found if w[4] == value), key=lambda w: abs(w[1] - near))
    return x0, x1


def test_numbers_stand_flush_right_in_statutory_tables(breaks):
    pdf = breaks / 'low04.pdf'
    for page in range(1, len(pages_of(pdf)) + 1):
        found = words(pdf, page)
        rows = {w[4]: w for w in found if w[4] in FIRST_ROWS}
        if len(rows) == 2:
            break
    new, carried = (rows[label][1] for label in FIRST_ROWS)
    # 总计 of 一 is 102, of 二 is 7: the last number on each row
    total_new = max(
        (w for w in found if abs(w[1] - new) < 2 and w[4].isdigit()), key=lambda w: w[0]
    )
    total_carried = max(
        (w for w in found if abs(w[1] - carried) < 2 and w[4].isdigit()), key=lambda w: w[0]
    )
    assert (total_new[4], total_carried[4]) == ('102', '7')
    assert abs(total_new[2] - total_carried[2]) < 0.5  # right edges line up
    assert total_carried[0] - total_new[0] > 5  # left edges do not: the numbers are not centred


@pytest.fixture(scope='module')
def compare(tmp_path_factory) -> dict[str, Path]:
    """The comparison page of tests/roots/test-compare (tables and a chart), as one PDF, in a
    Chinese and in an English site."""
    out = {}
    for language in ('zh_CN', 'en'):
        tmp = tmp_path_factory.mktemp(f'compare-{language}')
        src = tmp / 'src'
        shutil.copytree(ROOT / 'tests' / 'roots' / 'test-compare', src)
        for page in ('myst.md', 'y2019.rst', 'y2020.rst', 'y2021.rst', 'y2022.rst'):
            (src / page).unlink()
        write(src / 'index.rst', '对比\n====\n\n.. toctree::\n\n   rst\n')
        latex = build(
            src,
            tmp / 'out',
            '-D',
            f'language={language}',
            '-D',
            'disclosure_pdf_per_report=0',
            '-D',
            'project=compare',
        )
        out[language] = latex / 'compare.pdf'
    return out


def text_of(pdf: Path) -> str:
    return subprocess.run(
        [tool('pdftotext'), '-layout', str(pdf), '-'], capture_output=True, text=True, check=True
    ).stdout


def test_captions_in_chinese_style(compare):
    text = text_of(compare['zh_CN'])
    captions = re.findall(r'^\s*([表图]\S*)\s+测\s*试\s*县', text, re.M)
    # tables and the chart are numbered in order, 表1 and 图1: no space inside, no colon
    assert captions[:3] == ['表1', '图1', '表2'], captions
    assert all(re.fullmatch(r'[表图][1-9]\d*', c) for c in captions), captions
    assert not re.search(r'[表图]\s+\d', text) and not re.search(r'[表图]\d+\s*[:：]', text)


def test_captions_in_english_style(compare):
    text = text_of(compare['en'])
    captions = re.findall(r'^\s*((?:Table|Fig\.) \d+:)\s*测试县自然资源局', text, re.M)
    assert captions[:3] == ['Table 1:', 'Fig. 1:', 'Table 2:'], captions


def test_numbers_stand_flush_right_in_comparison_tables(compare):
    pdf = compare['zh_CN']
    for page in range(1, 6):
        found = words(pdf, page)
        if any(w[4] == '102' for w in found):
            break
    # 表1, column 2022: 本年新收 102, 上年结转 7
    new = next(w for w in found if w[4] == '102')
    carried = min(
        (w for w in found if w[4] == '7' and w[1] > new[1]),
        key=lambda w: (w[1], abs(w[2] - new[2])),
    )
    assert abs(new[2] - carried[2]) < 0.5
    assert carried[0] - new[0] > 3


# --------------------------------------------------------------------------------------------
# the 公文 style (GB/T 9704-2012)

#: one paragraph three pages long: full lines, which reach both edges of the text block
LONG = '本机关坚持以公开为常态、不公开为例外，' * 120


@pytest.fixture(scope='module')
def gongwen(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp('gongwen')
    src = report_site(
        tmp / 'src',
        {'long': f'{LONG}\n\n.. disclosure-report:: r2022.yaml\n'},
        conf="disclosure_latex_style = 'gongwen'\n",
    )
    return build(src, tmp / 'out') / 'long.pdf'


A4 = (210, 297)


def test_gongwen_page_and_text_block(gongwen, tmp_path):
    assert (
        'Page size:       595.28 x 841.89 pts (A4)'
        in subprocess.run([tool('pdfinfo'), str(gongwen)], capture_output=True, text=True).stdout
    )
    images = page_images(gongwen, tmp_path, dpi=100)
    for number in (2, 3):  # full pages of text: an even and an odd page
        width, height, pixels = images[number - 1]
        mm = A4[0] / width
        # the text block alone: the page number is 7 mm under it
        body = ink_box(width, round(255 / mm), pixels[: round(255 / mm) * width])
        assert body is not None
        left, top, right, _ = (v * mm for v in body)
        # 天头 37 mm (the first line's glyphs start a little below it); 订口 28 mm, on the left
        # of odd pages and the right of even ones; the text block 156 mm wide
        assert 37 <= top <= 40, top
        inner, outer = (left, A4[0] - right) if number % 2 else (A4[0] - right, left)
        assert abs(inner - 28) <= 1.2 and abs(outer - 26) <= 1.2, (number, inner, outer)
        # 22 lines of 3号 text on the page
        lines = pages_of(gongwen)[number - 1]
        assert len(lines) == 22, (number, len(lines))


def test_gongwen_page_numbers(gongwen, tmp_path):
    images = page_images(gongwen, tmp_path, dpi=100)
    for number, (width, height, pixels) in enumerate(images[:3], 1):
        mm = A4[0] / width
        start = round(264 / mm)  # below the text block (37 + 225 mm) and 2 mm of its last line
        box = ink_box(width, height - start, pixels[start * width :])
        assert box is not None, number
        left, top, right, bottom = (v * mm for v in box)
        top, bottom = top + start * mm, bottom + start * mm
        # 7 mm under the text block (262 mm), 4号 (about 3.5 mm high figures)
        assert 267 <= top <= 271 and bottom <= 275, (number, top, bottom)
        # odd pages: on the right, one character (14 pt, 4.9 mm) in from the text block's edge
        # (28 + 156 = 184 mm); even pages: on the left, one character in from 26 mm
        if number % 2:
            assert abs(right - (184 - 4.9)) <= 1.5, (number, right)
        else:
            assert abs(left - (26 + 4.9)) <= 1.5, (number, left)
    text = text_of(gongwen)
    assert re.search(r'—\s*1\s*—', text) and re.search(r'—\s*2\s*—', text)


def test_gongwen_fonts(gongwen):
    fonts = subprocess.run(
        [tool('pdffonts'), str(gongwen)], capture_output=True, text=True, check=True
    ).stdout
    for name in ('FandolFang', 'FandolHei', 'FandolSong-Bold'):
        assert name in fonts, fonts


def test_gongwen_no_page_ends_with_a_heading(gongwen):
    for lines in pages_of(gongwen)[:-1]:
        body = [line for line in lines if line != '（续表）']
        assert body[-1] not in SECTION_TITLES, body[-3:]
