"""The forms data files: structure checks, format selection, and adding a format as data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from sphinx.errors import ConfigError

from sphinx_disclosure.forms import (
    FORMS_DIR,
    FormDefinitionError,
    all_forms,
    form_for_year,
    load_form,
)
from sphinx_disclosure.model import load_report

from .conftest import write_site
from .reports import report


def test_packaged_formats():
    forms = all_forms()
    assert list(forms) == ['2019', '2021']
    assert forms['2019'].name == '中华人民共和国政府信息公开工作年度报告格式（试行）'
    assert forms['2019'].document == '国办公开办函〔2019〕60号'
    assert forms['2021'].name == '中华人民共和国政府信息公开工作年度报告格式'
    assert forms['2021'].document == '国办公开办函〔2021〕30号'


@pytest.mark.parametrize(
    'year,form_id', [(2019, '2019'), (2020, '2019'), (2021, '2021'), (2035, '2021'), (2018, None)]
)
def test_year_selects_format(year, form_id):
    form = form_for_year(year, all_forms())
    assert (form.id if form else None) == form_id


def test_cell_counts():
    """25 numeric rows × 7 columns in 2021, 23 × 7 in 2019; 表四 one row of 15."""
    forms = all_forms()
    assert len(forms['2021'].tables['applications'].keys) == 175
    assert len(forms['2019'].tables['applications'].keys) == 161
    assert len(forms['2021'].tables['review'].keys) == 15
    assert len(forms['2021'].tables['active'].keys) == 10
    assert len(forms['2019'].tables['active'].keys) == 22


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = (FORMS_DIR / '2021.yaml').read_text(encoding='utf-8')
    assert old in text
    path = tmp_path / 'broken.yaml'
    path.write_text(text.replace(old, new, 1), encoding='utf-8')
    return path


@pytest.mark.parametrize(
    'old,new,message',
    [
        ('rowspan: 22', 'rowspan: 21', 'covers'),
        ('rowspan: 22', 'rowspan: 23', 'run past'),
        (
            '{label: 四、结转下年度继续办理, colspan: 3}',
            '{label: 四、结转下年度继续办理, colspan: 3, rowspan: 2}',
            'rowspan runs past the last row',
        ),
        ('{label: 申请人情况, colspan: 7}', '{label: 申请人情况, colspan: 6}', 'covers 9 of 10'),
        ('{value: decisions, colspan: 3}', '{value: decision, colspan: 3}', 'not in "columns"'),
        (
            '        - other_handling.fee_unpaid\n',
            '        - other_handling.fee_upaid\n',
            'unknown row',
        ),
        ('caption: 主动公开政府信息情况\n', 'captoin: x\n', 'unknown keys'),
        # the print layout is copied into LaTeX: only the documented shapes pass
        ('font: footnotesize', "font: 'footnotesize\\input{/etc/passwd}'", 'font must be one of'),
        ('fixed_width: 7mm', "fixed_width: '7mm}\\input{x'", 'fixed_width must be a length'),
        ('column_sep: 2pt', 'column_sep: 2', 'column_sep must be a length'),
        ('number_width: 22', 'number_width: 0', 'whole numbers from 1 to 100'),
        ('longtable: true', 'longtable: yes', 'longtable must be true or false'),
        ('longtable: true', 'longtable: true, landscape: true', 'unknown keys'),
        (
            'keep_with_next: [new, from_last_year]',
            'keep_with_next: [new, from_last_yaer]',
            "keep_with_next names unknown row 'from_last_yaer'",
        ),
        (
            'keep_with_next: [new, from_last_year]',
            'keep_with_next: new',
            'keep_with_next must be a list of row ids',
        ),
        (
            'keep_with_next: [new, from_last_year]',
            "keep_with_next: ['new}\\input{x']",
            'keep_with_next must be a list of row ids',
        ),
    ],
)
def test_malformed_forms_fail_loudly(tmp_path, old, new, message):
    with pytest.raises(FormDefinitionError, match=re.escape(message)):
        load_form(_broken(tmp_path, old, new))


def future_format(tmp_path: Path) -> Path:
    """A hypothetical 2027 revision: the 2021 file with a new id, first year and one new label."""
    text = (FORMS_DIR / '2021.yaml').read_text(encoding='utf-8')
    text = text.replace('id: "2021"', 'id: "2027"').replace('first_year: 2021', 'first_year: 2027')
    text = text.replace('{label: 3.其他}', '{label: 3.其他情形}')
    d = tmp_path / 'forms'
    d.mkdir()
    (d / '2027.yaml').write_text(text, encoding='utf-8')
    return d


def test_a_new_format_is_one_data_file(tmp_path):
    forms_dir = future_format(tmp_path)
    forms = all_forms([forms_dir])
    assert list(forms) == ['2019', '2021', '2027']
    assert form_for_year(2026, forms).id == '2021'
    assert form_for_year(2027, forms).id == '2027'
    path = tmp_path / 'r.yaml'
    path.write_text(yaml.safe_dump(report('2021', year=2027), allow_unicode=True), encoding='utf-8')
    assert load_report(path).report.form.id == '2021'  # without the new file: the 2021 format
    rep = load_report(path, form_dirs=[forms_dir]).report
    assert rep.form.id == '2027'


def test_new_format_through_conf_py(tmp_path, make_app):
    src = write_site(
        tmp_path / 'src',
        {
            'index.rst': '.. disclosure-report:: r.yaml\n',
            'r.yaml': report('2021', year=2027),
        },
        conf="disclosure_forms_dirs = ['forms']\n",
    )
    future_format(src)
    app = make_app('html', srcdir=src)
    app.build()
    assert app.warning.getvalue() == ''
    assert '3.其他情形' in (app.outdir / 'index.html').read_text(encoding='utf-8')


def test_forms_dir_outside_the_site_is_refused(tmp_path, make_app):
    """A format folder is read like a report: only from inside the site."""
    forms_dir = future_format(tmp_path)
    src = write_site(
        tmp_path / 'src',
        {'index.rst': 'x\n'},
        conf=f'disclosure_forms_dirs = [{str(forms_dir)!r}]\n',
    )
    with pytest.raises(ConfigError) as exc:
        make_app('html', srcdir=src)
    assert str(exc.value) == (
        f'disclosure_forms_dirs: {forms_dir} 位于站点文件夹之外，因此不予读取。报告文件、previous: '
        '写的路径和格式文件夹都必须在站点文件夹之内（使用 sphinx-disclosure check 时：在所检查的文件夹之内，'
        '或 --root 指定的文件夹之内）。'
    )


def test_print_layout_is_data_of_the_format(tmp_path, make_app):
    """A format file carries its own print layout: a new format's widths, size and page breaking
    reach the LaTeX without any code naming its tables."""
    src = write_site(
        tmp_path / 'src',
        {'index.rst': '.. disclosure-report:: r.yaml\n', 'r.yaml': report('2021', year=2027)},
        conf="disclosure_forms_dirs = ['forms']\nproject = 'p'\n",
    )
    forms = future_format(src)
    path = forms / '2027.yaml'
    text = path.read_text(encoding='utf-8').replace(
        'print: {label_widths: [34], number_width: 22, font: small, longtable: false}',
        'print: {label_widths: [50], number_width: 10, font: scriptsize, longtable: true}',
    )
    path.write_text(text, encoding='utf-8')
    app = make_app('latex', srcdir=src)
    app.build()
    assert app.warning.getvalue() == ''
    tex = (app.outdir / 'p.tex').read_text(encoding='utf-8')
    label, number = r'>{\raggedright\arraybackslash}', r'>{\centering\arraybackslash}'
    spec = f'|{label}\\X{{50}}{{80}}|' + '|'.join([rf'{number}\X{{10}}{{80}}'] * 3) + '|'
    assert r'\begin{longtable}{' + spec + '}' in tex
    assert r'\begingroup\scriptsize' in tex
    assert tex.count(r'\begin{longtable}') == 2  # 表二 and 表三


def test_rows_kept_with_the_next_in_print():
    """表三 keeps its header with rows 一 and 二 and the 三 block in print: rows 一 and 二 (grid
    rows 3 and 4 under the three header rows) are kept with the next, as are the upper rows of
    the 三 block (merged over 22 rows in the 2021 format, 20 in the 2019 one); 四 is not. (Header
    rows 0 and 1 have cells merged below them too: the corner note over three rows, 自然人 and
    总计 over two; longtable keeps the header together anyway.)"""
    for form_id, block in (('2021', 22), ('2019', 20)):
        table = all_forms()[form_id].tables['applications']
        assert table.layout.keep_with_next == ('new', 'from_last_year')
        assert table.continued_rows == frozenset({0, 1, *range(3, 3 + 2 + block - 1)})
