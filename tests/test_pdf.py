"""The example site's PDFs, built with real TeX (xelatex, latexmk) and read back.

Marked ``tex``: ``.ci/run`` installs TeX from Debian (texlive-xetex, texlive-lang-chinese,
latexmk, fonts-noto-cjk, fonts-freefont-otf, poppler-utils) and runs them; ``pytest -m "not tex"``
is the fast tier. The same checks run on the PDFs of Sphinx 9.0 (this interpreter) and of
Sphinx ≥ 9.1, built by a Python ≥ 3.12 interpreter in a virtual environment of its own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_statutory_tables import EXPECTED, SECTION_TITLES

pytestmark = pytest.mark.tex

A4_MM = (210, 297)
REPORT_2020 = 'agencies-transport-2020.pdf'
REPORT_2021 = 'agencies-transport-2021.pdf'


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f'{name} is needed for the PDF tests (see tools/install-system-deps.sh)'
    return path


#: the pages of the example portal built here: one agency's page (with its comparison chart)
#: and two reports, a year's page (index and the county's aggregate of all its units), and the
#: home page; every other report page is left out, so that TeX runs for two reports, not 48
KEEP = (
    'index.rst',
    'rules.rst',
    'data.rst',
    'agencies/transport/index.rst',
    'agencies/transport/2020.rst',
    'agencies/transport/2021.md',
    'agencies/transport/notes.rst',
    'years/2021.rst',
)


def portal_subset(dest: Path) -> Path:
    """A copy of the example site with the pages of :data:`KEEP` (every report file kept: the
    aggregate reads them all), its tables of contents cut to those pages."""
    site = ROOT / 'example_site'
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns('_build'))
    for page in [*dest.rglob('*.rst'), *dest.rglob('*.md')]:
        if page.relative_to(dest).as_posix() not in KEEP:
            page.unlink()
    for name in ('index.rst', 'agencies/transport/index.rst'):
        path = dest / name
        here = path.parent
        lines = []
        for line in path.read_text(encoding='utf-8').splitlines():
            entry = line.strip()
            if line.startswith('   ') and entry and not entry.startswith(':'):
                target = (here / entry).relative_to(dest).as_posix()
                if not any(k.rsplit('.', 1)[0] == target for k in KEEP):
                    continue
            lines.append(line)
        path.write_text('\n'.join(lines) + '\n', encoding='utf-8')
    return dest


def build_pdfs(python: str, out: Path) -> Path:
    site = portal_subset(out / 'site')
    result = subprocess.run(
        [python, '-m', 'sphinx', '-M', 'latexpdf', str(site), str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / 'latex'


def pdf_text(pdf: Path, *options: str) -> str:
    text = subprocess.run(
        [tool('pdftotext'), *options, str(pdf), '-'], capture_output=True, text=True, check=True
    ).stdout
    return text.replace('\f', '\n')  # a page starts on a line of its own


def squeeze(text: str) -> str:
    return re.sub(r'\s+', '', text)


def labels_in_order(text: str, labels: list[str]) -> None:
    """Every label appears, in this order (wrapped lines are joined)."""
    flat = squeeze(text)
    pos = 0
    for label in labels:
        found = flat.find(squeeze(label), pos)
        assert found >= 0, f'{label!r} missing after position {pos}'
        pos = found + len(squeeze(label))


def table_labels(form_id: str, table_id: str) -> list[str]:
    return [cell[1] for row in EXPECTED[form_id][table_id] for cell in row if cell[0] == 'label']


def rows_of(text: str) -> dict[str, list[str]]:
    """label → the numbers that follow it on the same line (pdftotext -raw reading order)."""
    out = {}
    for line in text.splitlines():
        m = re.match(r'^(\S*?[^\d\s])((?:\s+[\d.]+)+)\s*$', line)
        if m:
            out[m.group(1)] = m.group(2).split()
    return out


def page_images(pdf: Path, tmp: Path, dpi: int = 40) -> list[tuple[int, int, bytes]]:
    """Each page as (width, height, grey bytes), from pdftoppm's PGM output (no imaging
    library needed)."""
    prefix = tmp / pdf.stem
    subprocess.run([tool('pdftoppm'), '-gray', '-r', str(dpi), str(pdf), str(prefix)], check=True)
    pages = []
    for path in sorted(tmp.glob(f'{pdf.stem}-*.pgm')):
        data = path.read_bytes()
        magic, width, height, maxval, rest = data.split(maxsplit=4)
        assert magic == b'P5' and maxval == b'255'
        pages.append((int(width), int(height), rest[: int(width) * int(height)]))
    return pages


def ink_box(width: int, height: int, pixels: bytes) -> tuple[int, int, int, int] | None:
    """The bounding box (left, top, right, bottom) of everything darker than light grey."""
    rows = [y for y in range(height) if min(pixels[y * width : (y + 1) * width]) < 200]
    if not rows:
        return None
    cols = [x for x in range(width) if min(pixels[x::width]) < 200]
    return cols[0], rows[0], cols[-1], rows[-1]


def block_on_one_page(pdf: Path, first: str, last: str) -> bool:
    pages = subprocess.run(
        [tool('pdftotext'), '-raw', str(pdf), '-'], capture_output=True, text=True, check=True
    ).stdout.split('\f')
    return any(first in page and last in page for page in pages)


def check_report_pdf(pdf: Path, form_id: str, tmp: Path) -> str:
    assert pdf.is_file() and pdf.stat().st_size > 20_000
    text = pdf_text(pdf, '-raw')
    labels_in_order(text, SECTION_TITLES)
    for table_id in ('active', 'applications', 'review'):
        labels_in_order(text, table_labels(form_id, table_id))
    # no Arabic section numbers in front of the statutory titles
    for title in SECTION_TITLES:
        assert not re.search(rf'^[ \t]*\d+(\.\d+)*[ \t]*{re.escape(title)}', text, re.M), title
        assert re.search(rf'^{re.escape(title)}$', text, re.M), title
    # nothing runs past the margins: every page's ink stays 15 mm inside the paper edge
    for width, height, pixels in page_images(pdf, tmp):
        box = ink_box(width, height, pixels)
        assert box is not None
        mm = A4_MM[0] / width
        left, top, right, bottom = box
        assert left * mm >= 15 and (width - right) * mm >= 15, (pdf.name, box)
        assert top * mm >= 10 and (height - bottom) * mm >= 10, (pdf.name, box)
    return text


def check_2021(latex: Path, tmp: Path) -> None:
    text = check_report_pdf(latex / REPORT_2021, '2021', tmp)
    rows = rows_of(text)
    assert rows['一、本年新收政府信息公开申请数量'] == ['26', '6', '0', '1', '3', '0', '36']
    assert rows['（一）予以公开'] == ['14', '3', '0', '1', '1', '0', '19']
    assert rows['4.保护第三方合法权益'] == ['1', '0', '0', '0', '0', '0', '1']
    assert rows['（七）总计'] == ['25', '5', '0', '1', '3', '0', '34']
    assert rows['四、结转下年度继续办理'] == ['1', '1', '0', '0', '0', '0', '2']
    assert rows['行政许可'] == ['1526'] and rows['行政强制'] == ['31']
    review = [line.split() for line in text.splitlines() if re.fullmatch(r'(\s*\d+){15}\s*', line)]
    assert review == [['1', '1', '0', '0', '2', '1', '0', '0', '1', '2', '1', '0', '0', '0', '1']]
    # the 三、本年度办理结果 block (a cell merged over 22 rows) is never cut by a page break,
    # and 表三's header stands on the page of its rows 一、二 and that block (test_print.py)
    assert block_on_one_page(latex / REPORT_2021, '（一）予以公开', '（七）总计')
    assert block_on_one_page(latex / REPORT_2021, '申请人情况', '（七）总计')
    # the signature stands on the right: its lines end where the paragraphs end
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>',
        pdf_text(latex / REPORT_2021, '-bbox'),
    )
    edges = sorted(round(float(x1)) for x0, x1, w in words if len(w) > 20)
    right_edge = max(set(edges), key=edges.count)  # where most full lines end
    for text_ in ('某县交通运输局', '2022年1月25日'):
        x0, x1 = next((float(a), float(b)) for a, b, w in reversed(words) if w == text_)
        assert abs(x1 - right_edge) < 3 and x0 > right_edge / 2, (text_, x0, x1, right_edge)


def check_2020(latex: Path, tmp: Path) -> None:
    text = check_report_pdf(latex / REPORT_2020, '2019', tmp)
    rows = rows_of(text)
    assert rows['行政处罚'] == ['1086', '669', '417']
    assert rows['规范性文件'] == ['5', '5', '5']
    assert rows['（六）其他处理'] == ['0'] * 6  # 总计 blank as published
    assert block_on_one_page(latex / REPORT_2020, '（一）予以公开', '（七）总计')
    assert block_on_one_page(latex / REPORT_2020, '申请人情况', '（七）总计')


@pytest.fixture(scope='module')
def latex_90(tmp_path_factory):
    return build_pdfs(sys.executable, tmp_path_factory.mktemp('pdf'))


def test_every_pdf_exists(latex_90):
    for name in ('sphinx.pdf', REPORT_2020, REPORT_2021):
        assert (latex_90 / name).stat().st_size > 20_000, name


def test_2021_report_pdf(latex_90, tmp_path):
    check_2021(latex_90, tmp_path)


def test_2020_report_pdf(latex_90, tmp_path):
    check_2020(latex_90, tmp_path)


def test_whole_site_pdf(latex_90, tmp_path):
    text = pdf_text(latex_90 / 'sphinx.pdf', '-raw')
    labels_in_order(
        text,
        [
            '目录',
            # the portal's pages in print: the coverage index, the agency's comparison with its
            # chart (drawn text: the title of the figure and its axis), the reports, the year's
            # aggregate with its hierarchy check
            '各机关各年度报告发布情况',
            '某县交通运输局政府信息公开申请情况（2019—2025年）',
            '申请数量（件）',
            '某县交通运输局2021年政府信息公开工作年度报告',
            '某县交通运输局2020年政府信息公开工作年度报告',
            '参与汇总的报告',
            '公布的 200 个数字已与所属 6 个单位报告之和逐项核对，全部一致。',
            '检查规则',
        ],
    )
    # the chart is a PDF of its own, included as a vector figure: its glyphs are embedded
    fonts = subprocess.run(
        [tool('pdffonts'), str(latex_90 / 'sphinx.pdf')], capture_output=True, text=True
    )
    assert 'Mismatch' not in fonts.stderr, fonts.stderr
    assert all(' yes ' in row for row in fonts.stdout.splitlines()[2:]), fonts.stdout


def newer_python() -> str:
    """An interpreter on which pip installs Sphinx ≥ 9.1 (it needs Python ≥ 3.12)."""
    candidates = [os.environ.get('DISCLOSURE_PYTHON_312', '')]
    candidates += [shutil.which(f'python3.{minor}') or '' for minor in (13, 12)]
    pyenv = shutil.which('pyenv')
    if pyenv:
        root = subprocess.run([pyenv, 'root'], capture_output=True, text=True).stdout.strip()
        candidates += sorted(str(p) for p in Path(root, 'versions').glob('3.1[2-9]*/bin/python'))
    for candidate in candidates:
        if (
            candidate
            and Path(candidate).exists()
            and subprocess.run(
                [candidate, '-c', 'import sys, venv; assert sys.version_info >= (3, 12)'],
                capture_output=True,
            ).returncode
            == 0
        ):
            return candidate
    raise AssertionError(
        'a Python >= 3.12 is needed to test with Sphinx >= 9.1 (set DISCLOSURE_PYTHON_312)'
    )


@pytest.fixture(scope='module')
def latex_91(tmp_path_factory):
    venv = tmp_path_factory.mktemp('venv-sphinx91')
    subprocess.run([newer_python(), '-m', 'venv', str(venv)], check=True)
    python = str(venv / 'bin' / 'python')
    subprocess.run(
        [python, '-m', 'pip', 'install', '-q', 'sphinx>=9.1', str(ROOT)],
        check=True,
        capture_output=True,
    )
    version = subprocess.run(
        [python, '-c', 'import sphinx; print(sphinx.__version__)'],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert tuple(int(x) for x in version.split('.')[:2]) >= (9, 1), version
    return build_pdfs(python, tmp_path_factory.mktemp('pdf91'))


def test_reports_with_sphinx_9_1_or_later(latex_91, tmp_path):
    check_2021(latex_91, tmp_path)
    (tmp_path / '2020').mkdir()
    check_2020(latex_91, tmp_path / '2020')
