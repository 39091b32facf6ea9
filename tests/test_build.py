"""Real Sphinx builds: reST and MyST pages, the role, numbering, ids, parallel and incremental
builds, and what a broken report does to a build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import write_site
from .reports import balance, report

RST_PAGE = """\
报告页
======

.. disclosure-numbering::

总体情况
--------

.. disclosure-source:: reports/r.yaml

本年新收申请 :disclosure:`applications.new.total` 件，自然人 :disclosure:`applications.new.natural_person` 件。

第一小节
~~~~~~~~

第二层
^^^^^^

第三层
''''''

文字。

主动公开
--------

.. disclosure-table:: reports/r.yaml
   :table: review
"""

MD_PAGE = """\
# 报告页

```{disclosure-numbering}
```

## 总体情况

```{disclosure-source} reports/r.yaml
```

本年新收申请 {disclosure}`applications.new.total` 件，自然人 {disclosure}`applications.new.natural_person` 件。

### 第一小节

#### 第二层

##### 第三层

文字。

## 主动公开

```{disclosure-table} reports/r.yaml
:table: review
```
"""


def html(app, docname: str = 'index') -> BeautifulSoup:
    """The page's main content (without the theme's sidebar and navigation)."""
    page = BeautifulSoup(
        (app.outdir / f'{docname}.html').read_text(encoding='utf-8'), 'html.parser'
    )
    return page.find(attrs={'role': 'main'})


def normalized_doctree(app, docname: str) -> str:
    """The doctree as XML without source file names and line numbers (they differ by parser)."""
    xml = app.env.get_doctree(docname).pformat()
    xml = re.sub(r' (source|line)="[^"]*"', '', xml)
    xml = re.sub(r'<document[^>]*>', '<document>', xml)
    return xml


@pytest.fixture
def both_parsers(site):
    """The same page written in reST and in MyST, built together."""
    app, warnings = site(
        {
            'index.rst': '.. toctree::\n\n   a\n   b\n',
            'a.rst': RST_PAGE,
            'b.md': MD_PAGE,
            'reports/r.yaml': report('2021'),
        }
    )
    assert warnings == ''
    return app


def test_rst_and_myst_give_the_same_doctree(both_parsers):
    app = both_parsers
    a, b = normalized_doctree(app, 'a'), normalized_doctree(app, 'b')
    # ids and names of hand-written titles come from the parsers; everything else is identical
    strip = lambda x: re.sub(r' (ids|names)="[^"]*"', '', x)  # noqa: E731
    assert strip(a) == strip(b)
    assert re.findall(r'ids="(sec-[0-9-]+|review)', a) == re.findall(
        r'ids="(sec-[0-9-]+|review)', b
    )


def test_role_and_numbering_in_both_parsers(both_parsers):
    app = both_parsers
    rep = report('2021')
    new = rep['applications']['new']
    for doc in ('a', 'b'):
        soup = html(app, doc)
        values = [s.get_text() for s in soup.select('span.disclosure-value')]
        assert values == [str(sum(new.values())), str(new['natural_person'])]
        titles = [h.get_text().rstrip('¶') for h in soup.select('h2, h3, h4, h5')]
        assert titles == [
            '一、总体情况',
            '（一）第一小节',
            '1.第二层',
            '（1）第三层',
            '二、主动公开',
        ]
        ids = [s['id'] for s in soup.select('section section')]
        assert ids == ['sec-1', 'sec-1-1', 'sec-1-1-1', 'sec-1-1-1-1', 'sec-2']
        assert soup.find('table', id='review') is not None


def test_numbering_warns_beyond_four_levels_and_on_typed_numbers(site):
    page = RST_PAGE.replace('文字。', '第四层\n######\n\n文字。').replace(
        '主动公开\n--------', '二、主动公开\n------------'
    )
    app, warnings = site({'index.rst': page, 'reports/r.yaml': report('2021')})
    assert '[disclosure.numbering-depth]' in warnings
    assert '第四层' not in warnings  # the message names the level, the location names the line
    assert re.search(r'index\.rst:\d+: WARNING: 此标题已经以序号“二、”开头', warnings)
    assert '[disclosure.already-numbered]' in warnings
    soup = html(app)
    titles = [h.get_text().rstrip('¶') for h in soup.select('h2, h3, h4, h5, h6')]
    assert titles == [
        '一、总体情况',
        '（一）第一小节',
        '1.第二层',
        '（1）第三层',
        '第四层',
        '二、主动公开',
    ]


def test_role_needs_a_report(site):
    app, warnings = site({'index.rst': '标题\n====\n\n数字 :disclosure:`applications.new.total`\n'})
    assert re.search(r'index\.rst:4: WARNING: disclosure 角色不知道应读取哪一份报告', warnings)
    assert '[disclosure.no-report-for-role]' in warnings


def test_role_unknown_and_blank_keys(site):
    data = report('2021')
    data['applications']['new']['research'] = None
    app, warnings = site(
        {
            'index.rst': '标题\n====\n\n.. disclosure-source:: r.yaml\n\n'
            ':disclosure:`applications.new.totl` :disclosure:`applications.new.research`\n',
            'r.yaml': data,
        }
    )
    assert '是否应为“applications.new.total”' in warnings
    assert '[disclosure.unknown-value-key]' in warnings
    assert '“applications.new.research”在报告中为空白' in warnings
    assert '[disclosure.blank-value]' in warnings


def test_messages_in_english_when_the_site_is_english(site):
    data = report('2021')
    data['applications']['new']['business'] = -1
    app, warnings = site(
        {'index.rst': '.. disclosure-report:: r.yaml\n', 'r.yaml': data}, conf="language = 'en'\n"
    )
    assert 'cannot be negative, but “-1” is written' in warnings


def test_ids_identical_across_two_builds(tmp_path, make_app):
    files = {
        'index.rst': '.. toctree::\n\n   a\n   b\n   c\n',
        'a.rst': '.. disclosure-report:: reports/r.yaml\n\n.. disclosure-report:: reports/r.yaml\n',
        'b.md': MD_PAGE,
        'c.rst': RST_PAGE,
        'reports/r.yaml': report(
            '2021',
            sections={
                'overview': [{'heading': '甲', 'content': [{'heading': '乙'}]}],
                'problems': '无。',
                'other': '无。',
            },
        ),
    }
    all_ids = []
    for run in ('one', 'two'):
        src = write_site(tmp_path / run, files)
        app = make_app('html', srcdir=src)
        app.build()
        ids = {doc: [e['id'] for e in html(app, doc).select('[id]')] for doc in ('a', 'b', 'c')}
        all_ids.append(ids)
    assert all_ids[0] == all_ids[1]
    a = all_ids[0]['a']
    # two reports on one page: the second gets suffixed ids, never a collision
    assert 'sec-1-1-1' in a and 'sec-1-1-1-2' in a and 'applications-2' in a
    assert len(a) == len(set(a))
    # ASCII only; cell anchors keep the key names as written (applications-new-natural_person)
    assert all(re.fullmatch(r'[a-z0-9_-]+', i) for i in a)


def sphinx_build(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, '-m', 'sphinx', '--no-color', *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, 'LC_ALL': 'C.UTF-8'},
    )


def test_parallel_build_gives_the_same_output(tmp_path):
    files = {'index.rst': '.. toctree::\n\n' + ''.join(f'   p{i}\n' for i in range(8))}
    for i in range(8):
        form = '2019' if i % 2 else '2021'
        files[f'p{i}.rst'] = f'.. disclosure-report:: r{i}.yaml\n'
        files[f'r{i}.yaml'] = report(form, year=2020 if i % 2 else 2021 + i, agency=f'测试局{i}')
    src = write_site(tmp_path / 'src', files)
    serial = sphinx_build('-W', '-b', 'html', str(src), str(tmp_path / 'serial'))
    parallel = sphinx_build('-W', '-j', '2', '-b', 'html', str(src), str(tmp_path / 'parallel'))
    assert serial.returncode == 0, serial.stderr
    assert parallel.returncode == 0, parallel.stderr
    for i in range(8):
        one = (tmp_path / 'serial' / f'p{i}.html').read_text(encoding='utf-8')
        two = (tmp_path / 'parallel' / f'p{i}.html').read_text(encoding='utf-8')
        assert one == two


def _pages(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob('*.html'))}


def test_incremental_and_parallel_builds_equal_a_clean_serial_build(tmp_path):
    """Editing a report, adding and removing pages, then building incrementally (serially and
    with -j 2) gives byte-identical HTML to a clean serial build of the final sources; the LaTeX
    documents made from the environment data are the same too."""
    import shutil

    def reports(agency: str) -> dict[int, dict]:
        """Two consecutive years of one agency that agree across years (RX.1)."""
        last, this = report('2019', year=2020, agency=agency), report('2021', agency=agency)
        this['applications']['from_last_year'] = dict(last['applications']['to_next_year'])
        balance(this, '2021')
        return {2020: last, 2021: this}

    files = {
        'index.rst': (
            '索引\n====\n\n.. disclosure-index::\n\n.. disclosure-index::\n   :layout: coverage\n\n'
            '.. disclosure-index::\n   :level: department\n   :id-prefix: departments-\n\n'
            '.. toctree::\n   :glob:\n\n   agencies/*/*\n   sum\n'
        ),
        # the portal's sum of this year's reports: re-read when one of them is edited
        'sum.rst': '合计\n====\n\n.. disclosure-aggregate::\n\n'
        + ''.join(f'   agencies/a{a}/reports/2021.yaml\n' for a in range(3)),
    }
    for a in range(3):
        for year, data in reports(f'测试局{a}').items():
            files[f'agencies/a{a}/{year}.rst'] = f'.. disclosure-report:: reports/{year}.yaml\n'
            files[f'agencies/a{a}/reports/{year}.yaml'] = data
    src = write_site(tmp_path / 'src', files)
    runs = {'serial': (), 'parallel': ('-j', '2')}

    def build(out: str, builders=('html', 'latex')) -> None:
        for builder in builders:
            done = sphinx_build(
                *runs.get(out, ()), '-W', '-b', builder, str(src), str(tmp_path / out / builder)
            )
            assert done.returncode == 0, done.stderr

    def tex(out: str) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted((tmp_path / out / 'latex').glob('*.tex'))}

    for out in runs:
        build(out)

    # 1. reports edited: last year's (read by this year's page for RX.1) and this year's
    edited = reports('测试局1')
    edited[2021]['sections']['problems'] = '修改后的文字。'
    edited[2020]['sections']['other'] = '上一年度修改后的文字。'
    # now a department: the index of departments, written from every page's records, lists it
    # (a change of title would change the navigation of every page, which Sphinx does not
    # rewrite for any site)
    edited[2021]['level'] = edited[2020]['level'] = 'department'
    write_site(src, {f'agencies/a1/reports/{y}.yaml': d for y, d in edited.items()})
    for out in runs:
        build(out)
    build('clean')
    clean = _pages(tmp_path / 'clean' / 'html')
    assert '修改后的文字。' in clean['agencies/a1/2021.html'].decode()
    assert '共 1 个机关' in clean['index.html'].decode()
    assert 'aggregate-applications-new-total' in clean['sum.html'].decode()
    for out in runs:
        assert _pages(tmp_path / out / 'html') == clean, out
        assert tex(out) == tex('clean'), out

    # 2. a report page removed, one added in MyST: the per-report documents follow. (Sphinx
    # does not rewrite the navigation of unchanged HTML pages when pages come and go, for any
    # site: HTML is compared in step 1 only.)
    (src / 'agencies' / 'a2' / '2021.rst').unlink()
    write_site(
        src, {'agencies/a3/2021.md': '```{disclosure-report} ../a0/reports/2021.yaml\n```\n'}
    )
    start = time.time()
    for out in runs:
        build(out, ('latex',))
    shutil.rmtree(tmp_path / 'clean')
    build('clean', ('latex',))
    assert 'agencies-a2-2021.tex' not in tex('clean') and 'agencies-a3-2021.tex' in tex('clean')
    for out in runs:
        # the file of the removed page is left from step 1 (Sphinx leaves what it wrote), not
        # written again
        stale = tmp_path / out / 'latex' / 'agencies-a2-2021.tex'
        assert stale.stat().st_mtime < start
        stale.unlink()
        assert tex(out) == tex('clean'), out


def test_editing_a_report_rereads_exactly_the_pages_that_use_it(tmp_path, make_app):
    files = {
        'index.rst': '.. toctree::\n\n   a\n   b\n   c\n   d\n',
        'a.rst': '.. disclosure-report:: r1.yaml\n',
        'b.rst': '标题\n====\n\n.. disclosure-source:: r1.yaml\n\n:disclosure:`year` 年\n'.replace(
            ':disclosure:`year` 年', ':disclosure:`applications.new.total` 件'
        ),
        'c.md': '```{disclosure-report} r2.yaml\n```\n',
        'd.rst': '无关页面\n========\n\n文字。\n',
        'r1.yaml': report('2021'),
        'r2.yaml': report('2019'),
    }
    src = write_site(tmp_path / 'src', files)
    out = tmp_path / 'out'
    app = make_app('html', srcdir=src, builddir=out)
    app.build()
    assert app.warning.getvalue() == ''

    data = report('2021')
    data['applications']['new']['natural_person'] = 500
    time.sleep(0.01)
    (src / 'r1.yaml').write_text(
        __import__('yaml').safe_dump(data, allow_unicode=True), encoding='utf-8'
    )
    os.utime(src / 'r1.yaml', (time.time() + 5, time.time() + 5))

    app2 = make_app('html', srcdir=src, builddir=out)
    added, changed, removed = app2.env.get_outdated_files(config_changed=False)
    assert (set(added), set(changed), set(removed)) == (set(), {'a', 'b'}, set())
    app2.build()
    assert '500' in html(app2, 'a').find('table', id='applications').get_text()
    new_total = sum(v for v in data['applications']['new'].values())
    assert html(app2, 'b').select_one('span.disclosure-value').get_text() == str(new_total)


@pytest.mark.parametrize('builder', ['latex', 'text'])
@pytest.mark.parametrize('form_id', ['2019', '2021'])
def test_latex_and_text_builders_build_without_warnings(site, builder, form_id):
    data = report(form_id)
    if form_id == '2019':
        data['active']['coercion'] = None
    app, warnings = site(
        {
            'index.rst': '.. disclosure-report:: r.yaml\n\n.. disclosure-table:: r.yaml\n'
            '   :table: applications\n',
            'r.yaml': data,
        },
        builder=builder,
    )
    assert warnings == ''
    if builder == 'text':
        text = (app.outdir / 'index.txt').read_text(encoding='utf-8')
        assert (
            '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）'
            in text.replace('\n', '').replace('|', '').replace(' ', '')
        )
        assert '六、其他需要报告的事项' in text
    else:
        tex = next(app.outdir.glob('*.tex')).read_text(encoding='utf-8')
        assert r'\sphinxmultirow' in tex and r'\multicolumn' in tex
        assert '三、本年度办理结果' in tex


def test_html_accessibility_and_styles(site):
    app, warnings = site(
        {
            'index.rst': '.. disclosure-report:: r.yaml\n\n.. disclosure-table:: r.yaml\n'
            '   :table: review\n   :caption: 复议诉讼\n\n'
            '.. list-table::\n\n   * - 普通表格\n     - 不受影响\n',
            'r.yaml': report('2021'),
        }
    )
    assert warnings == ''
    soup = html(app)
    apps = soup.find('table', id='applications')
    assert apps.caption.get_text(strip=True).rstrip('¶') == '收到和处理政府信息公开申请情况'
    assert 'disclosure-caption-hidden' in apps.caption['class']
    scopes = {th.get_text(strip=True): th.get('scope') for th in apps.find_all('th')}
    # group scopes are invalid without <colgroup>/<tbody> groups: the values name their
    # headers instead (tests/test_headers.py checks every association)
    assert scopes['申请人情况'] is None
    assert scopes['自然人'] == 'col'
    assert scopes['三、本年度办理结果'] is None
    assert scopes['1.属于国家秘密'] == 'row'
    assert all(td.get('class') and 'disclosure-num' in td['class'] for td in apps.find_all('td'))
    assert all(td.get('headers') for td in apps.find_all('td'))
    standalone = soup.find('table', id='review-2')
    assert standalone.caption.get_text(strip=True).rstrip('¶') == '复议诉讼'
    assert 'disclosure-caption-hidden' not in (standalone.caption.get('class') or [])
    # other tables of the site are written by Sphinx as before
    plain = [t for t in soup.find_all('table') if 'disclosure-table' not in t['class']][0]
    assert plain.find('th') is None and len(plain.find_all('td')) == 2
    css = (app.outdir / '_static' / 'sphinx_disclosure.css').read_text(encoding='utf-8')
    assert 'td.disclosure-num' in css and 'text-align: right' in css and '@media print' in css
    page = (app.outdir / 'index.html').read_text(encoding='utf-8')
    assert re.search(r'<link[^>]+_static/sphinx_disclosure\.css', page)
    sig = soup.select_one('div.disclosure-signature')
    assert [p.get_text() for p in sig.find_all('p')] == ['测试县测试局', '2022年1月28日']


def test_hanzi_date_style(site):
    app, _ = site(
        {'index.rst': '.. disclosure-report:: r.yaml\n', 'r.yaml': report('2021')},
        conf="disclosure_date_style = 'hanzi'\n",
    )
    sig = html(app).select_one('div.disclosure-signature')
    assert sig.find_all('p')[1].get_text() == '二〇二二年一月二十八日'


def test_no_title_option_and_section_directive(site):
    data = report(
        '2021',
        sections={
            'overview': ['引言', {'heading': '主动公开', 'content': [{'points': ['甲', '乙']}]}],
            'problems': '无。',
            'other': '无。',
        },
    )
    app, warnings = site(
        {
            'index.rst': '自定标题\n========\n\n.. disclosure-report:: r.yaml\n   :no-title:\n'
            '   :id-prefix: y2021-\n\n'
            '.. disclosure-section:: r.yaml\n   :section: overview\n',
            'r.yaml': data,
        }
    )
    assert warnings == ''
    soup = html(app)
    assert soup.find('h1').get_text().rstrip('¶') == '自定标题'
    assert soup.find(id='y2021-sec-1') is not None and soup.find(id='y2021-applications')
    # the section directive renders the narrative only, numbered as in the report
    assert soup.find(id='sec-1-1').h2.get_text().rstrip('¶') == '（一）主动公开'
    points = [p.get_text() for p in soup.find(id='sec-1-1').select('p.disclosure-point')]
    assert points == ['1.甲', '2.乙']


def test_directive_option_errors_are_reported(site):
    app, warnings = site(
        {
            'index.rst': '.. disclosure-table:: r.yaml\n   :table: applicatons\n\n'
            '.. disclosure-section:: r.yaml\n   :section: nope\n',
            'r.yaml': report('2021'),
        }
    )
    assert (
        '指令中的 :table: “applicatons”无法识别。可选：active、applications、review。' in warnings
    )
    assert '指令中的 :section: “nope”无法识别。可选：overview、active' in warnings
    assert warnings.count('[disclosure.unknown-option-value]') == 2
    assert len(html(app).select('.disclosure-error')) == 2


# --------------------------------------------------------------------------------------------
# a broken report in a site


def broken_site(tmp_path: Path) -> Path:
    data = report('2021')
    files = {
        'index.rst': '首页\n====\n\n.. toctree::\n\n   bad\n   good\n',
        'bad.rst': '坏报告\n======\n\n说明文字。\n\n.. disclosure-report:: reports/bad.yaml\n',
        'good.rst': '.. disclosure-report:: reports/good.yaml\n',
        'reports/good.yaml': data,
    }
    src = write_site(tmp_path / 'src', files)
    text = __import__('yaml').safe_dump(
        report('2021', consistent=False),
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
    )
    text = text.replace('new: {natural_person: 1,', 'new: {natural_person: -1,')
    text = text.replace('agency: 测试县测试局', 'agency: 测试县测试局\nyaer: 2021')
    (src / 'reports' / 'bad.yaml').write_text(text, encoding='utf-8')
    return src


def test_broken_report_is_reported_and_the_rest_builds(tmp_path):
    src = broken_site(tmp_path)
    result = sphinx_build('-b', 'html', str(src), str(tmp_path / 'out'))
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if 'WARNING' in line]
    assert len(lines) == 2, result.stderr
    unknown, negative = lines
    assert re.search(
        r'bad\.rst:6: WARNING: reports/bad\.yaml:2: yaer: 无法识别的键“yaer”。'
        r'是否应为“year”？.*\[disclosure\.unknown-key\]$',
        unknown,
    )
    assert re.search(
        r'bad\.rst:6: WARNING: reports/bad\.yaml:\d+: applications\.new\.natural_person'
        r': .*不能为负数，但填写的是“-1”。 \[disclosure\.negative\]$',
        negative,
    )
    assert 'Traceback' not in result.stderr
    bad = BeautifulSoup((tmp_path / 'out' / 'bad.html').read_text(encoding='utf-8'), 'html.parser')
    assert bad.find('table') is None  # never a half-filled table
    box = bad.select_one('.disclosure-error')
    assert 'reports/bad.yaml 中的报告存在错误，因此未予显示' in box.get_text()
    assert len(box.find_all('li')) == 2
    assert '说明文字。' in bad.get_text()
    good = BeautifulSoup(
        (tmp_path / 'out' / 'good.html').read_text(encoding='utf-8'), 'html.parser'
    )
    assert good.find('table', id='applications') is not None


def test_fail_on_warning_fails_the_build(tmp_path):
    src = broken_site(tmp_path)
    result = sphinx_build('-W', '-b', 'html', str(src), str(tmp_path / 'out'))
    assert result.returncode != 0
    assert '[disclosure.negative]' in result.stderr
    assert 'Traceback' not in result.stderr and 'Exception' not in result.stderr


def test_suppress_warnings_by_type(tmp_path):
    src = broken_site(tmp_path)
    (src / 'conf.py').write_text(
        (src / 'conf.py').read_text(encoding='utf-8')
        + "suppress_warnings = ['disclosure.negative']\n",
        encoding='utf-8',
    )
    result = sphinx_build('-b', 'html', str(src), str(tmp_path / 'out'))
    assert '[disclosure.negative]' not in result.stderr
    assert '[disclosure.unknown-key]' in result.stderr


def test_missing_report_file(site):
    app, warnings = site({'index.rst': '标题\n====\n\n.. disclosure-report:: reports/2024.yaml\n'})
    assert re.search(
        r'index\.rst:4: WARNING: reports/2024\.yaml: 报告数据文件 reports/2024\.yaml '
        r'不存在',
        warnings,
    )
    assert '[disclosure.file-not-found]' in warnings
    assert html(app).select_one('.disclosure-error') is not None


def test_setup_metadata():
    import sphinx_disclosure

    class App:
        def __getattr__(self, name):
            return lambda *a, **k: None

    meta = sphinx_disclosure.setup(App())
    assert meta['parallel_read_safe'] is True and meta['parallel_write_safe'] is True
    assert meta['version'] == sphinx_disclosure.__version__
    assert isinstance(meta['env_version'], int)


def test_numbering_leaves_generated_sections_alone(site):
    data = report(
        '2021',
        sections={
            'overview': [{'heading': '主动公开', 'content': [{'heading': '细项'}]}],
            'problems': '无。',
            'other': '无。',
        },
    )
    app, warnings = site(
        {
            'index.rst': '手写页\n======\n\n.. disclosure-numbering::\n\n总体情况\n--------\n\n'
            '.. disclosure-section:: r.yaml\n   :section: overview\n\n'
            '其他\n----\n\n文字。\n',
            'r.yaml': data,
        }
    )
    assert warnings == ''
    titles = [h.get_text().rstrip('¶') for h in html(app).select('h2, h3, h4')]
    assert titles == ['一、总体情况', '（一）主动公开', '1.细项', '二、其他']


def test_a_page_holding_only_a_broken_report_keeps_a_title(tmp_path):
    data = report('2021')
    data['applications']['new']['business'] = -2
    src = write_site(
        tmp_path / 'src',
        {
            'index.rst': '.. toctree::\n\n   r2021\n',
            'r2021.rst': '.. disclosure-report:: r.yaml\n',
            'r.yaml': data,
        },
    )
    result = sphinx_build('-b', 'html', str(src), str(tmp_path / 'out'))
    warnings = [line for line in result.stderr.splitlines() if 'WARNING' in line]
    assert len(warnings) == 1 and '[disclosure.negative]' in warnings[0], result.stderr
    page = BeautifulSoup(
        (tmp_path / 'out' / 'r2021.html').read_text(encoding='utf-8'), 'html.parser'
    )
    assert page.find('h1').get_text().rstrip('¶') == '测试县测试局2021年政府信息公开工作年度报告'
    assert page.select_one('.disclosure-error') is not None and page.find('table') is None


def test_a_report_on_several_pages_is_checked_once_and_its_messages_logged_once(
    tmp_path, make_app, monkeypatch
):
    from sphinx_disclosure import directives

    calls = []
    real = directives.check_file
    monkeypatch.setattr(
        directives, 'check_file', lambda *a, **k: calls.append(a[0]) or real(*a, **k)
    )
    data = report('2021')
    data['applications']['new']['business'] = 999  # breaks R3.1
    files = {
        'index.rst': '.. toctree::\n\n   a\n   b\n',
        'a.rst': '.. disclosure-report:: r.yaml\n',
        'b.rst': 'B\n=\n\n.. disclosure-table:: r.yaml\n   :table: applications\n\n'
        '.. disclosure-source:: r.yaml\n',
        'r.yaml': data,
    }
    src = write_site(tmp_path / 'src', files)
    app = make_app('html', srcdir=src)
    app.build()
    assert len(calls) == 1
    warnings = app.warning.getvalue()
    assert warnings.count('[disclosure.R3.1]') == 1 and 'a.rst:1' in warnings
    # both pages show the flagged table all the same
    assert html(app, 'b').select('td.disclosure-flagged')
    # a second build in the same process reads the file again (it may have changed)
    app2 = make_app('html', srcdir=src, freshenv=True)
    app2.build()
    assert len(calls) == 2


def test_blank_cells_are_explained_under_their_table(site):
    data = report('2021')
    data['applications']['new']['research'] = None  # blank: not 0
    files = {'index.rst': '.. disclosure-report:: r.yaml\n', 'r.yaml': data}
    app, warnings = site(files)
    soup = html(app)
    notes = soup.select('p.disclosure-blank-note')
    assert [n.get_text() for n in notes] == [
        '※ 本表中的空白单元格，在发布的报告中即为空白（未填写），不表示 0。'
    ]
    # right under 表三, the table with the blank cell (表二, 表四 have none)
    # (HTML puts each table in the box it scrolls in on a phone: div.disclosure-scroll)
    assert notes[0].find_previous_sibling(class_='disclosure-scroll').table['id'] == 'applications'


def test_blank_note_can_be_switched_off(site):
    data = report('2021')
    data['applications']['new']['research'] = None
    app, _ = site(
        {'index.rst': '.. disclosure-report:: r.yaml\n', 'r.yaml': data},
        conf='disclosure_blank_note = False\n',
    )
    assert html(app).select('p.disclosure-blank-note') == []


def test_line_breaks_inside_chinese_sentences_are_removed(site):
    page = (
        '说明\n====\n\n.. disclosure-source:: r.yaml\n\n'
        '本年度新收申请 :disclosure:`applications.new.total` 件，\n其中自然人\n'
        ':disclosure:`applications.new.natural_person` 件。2021\n年度 Sphinx\n扩展。\n\n'
        '``代码\n中的换行``\n'
    )
    app, warnings = site({'index.rst': page, 'r.yaml': report('2021')})
    para = html(app).select('div[role=main] p')
    text = para[0].get_text()
    assert '件，其中自然人' in text  # no space where the source had a line break
    assert '2021\n年度' in text and 'Sphinx\n扩展' in text  # next to Latin letters: kept
    assert '代码\n中的换行' in para[1].get_text()  # literal text as written


def test_line_breaks_are_kept_on_pages_without_the_extension_and_when_switched_off(site):
    files = {
        'index.rst': '说明\n====\n\n.. toctree::\n\n   other\n\n.. disclosure-source:: r.yaml\n\n'
        '第一行\n第二行\n',
        'other.rst': '其他\n====\n\n第一行\n第二行\n',
        'r.yaml': report('2021'),
    }
    app, _ = site(files)
    assert '第一行第二行' in html(app).select('div[role=main] p')[0].get_text()
    other = BeautifulSoup((app.outdir / 'other.html').read_text(encoding='utf-8'), 'html.parser')
    assert '第一行\n第二行' in other.select('div[role=main] p')[0].get_text()


def test_line_breaks_are_kept_when_switched_off(site):
    app, _ = site(
        {
            'index.rst': '说明\n====\n\n.. disclosure-source:: r.yaml\n\n第一行\n第二行\n',
            'r.yaml': report('2021'),
        },
        conf='disclosure_cjk_linebreaks = False\n',
    )
    assert '第一行\n第二行' in html(app).select('div[role=main] p')[0].get_text()
