"""What the hardening allows: the escapes and switches an author may use, the few aliases a
report may have, files inside the site, and the limits that stop a file early.

The refusals themselves (one case per file, with its exact message) are the bad-input catalogue,
tests/test_bad_inputs.py.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml

from sphinx_disclosure.files import Confinement
from sphinx_disclosure.forms import all_forms
from sphinx_disclosure.model import Heading, Points, load_report, parse_report
from sphinx_disclosure.source import Limits, load_yaml

from .reports import report

FORMS = all_forms()


def parse(data: dict | str):
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    return parse_report(text, Path('r.yaml'), 'r.yaml', FORMS)


def test_escaped_braces_are_printed_and_references_may_have_spaces():
    data = report(
        '2021',
        sections={
            'overview': '写作 \\{{ key }} 的文字原样显示；本年新收申请{{applications.new.total}}件，'
            '其中自然人{{   applications.new.natural_person   }}件。',
            'problems': '无。',
            'other': '无。',
        },
    )
    result = parse(data)
    assert result.problems == []
    (paragraph,) = result.report.sections['overview']
    cells = result.report.cells
    assert paragraph.text == (
        f'写作 {{{{ key }}}} 的文字原样显示；本年新收申请{cells["applications.new.total"].value}件，'
        f'其中自然人{cells["applications.new.natural_person"].value}件。'
    )


def test_numbered_false_keeps_the_authors_numbers_without_warning():
    data = report(
        '2021',
        sections={
            'overview': [
                {'heading': '（一）手工编号的标题', 'numbered': False, 'content': ['文字。']},
                {
                    'heading': '自动编号的标题',
                    'content': [
                        {
                            'points': ['1.第一点', {'text': '2.第二点', 'points': ['（1）细目']}],
                            'numbered': False,
                        },
                        {'points': ['第一点']},
                    ],
                },
            ],
            'problems': '无。',
            'other': '无。',
        },
    )
    result = parse(data)
    assert result.problems == []
    first, second = result.report.sections['overview']
    assert isinstance(first, Heading) and (first.number, first.title) == (
        '',
        '（一）手工编号的标题',
    )
    # the unnumbered heading keeps its place in the sequence: the next one is （二）
    assert isinstance(second, Heading) and second.number == '（二）'
    own, auto = second.content
    assert isinstance(own, Points) and [p.number for p in own.items] == ['', '']
    assert own.items[1].points[0].number == '' and own.items[1].points[0].text == '（1）细目'
    assert [p.number for p in auto.items] == ['1.']


def test_a_number_inside_a_text_is_not_a_hand_typed_number():
    data = report(
        '2021',
        sections={
            'overview': [
                {'heading': '2021年工作情况'},
                {'points': ['1.5万件材料已归档', '一是及时公开']},
            ],
            'problems': '无。',
            'other': '无。',
        },
    )
    assert parse(data).problems == []


def test_yes_and_no_are_words_not_booleans():
    """YAML 1.1 reads no as false; report files are read as YAML 1.2: only true/false are."""
    data, _, problems = load_yaml('a: no\nb: Yes\nc: off\nd: true\ne: FALSE\n')
    assert problems == []
    assert data == {'a': 'no', 'b': 'Yes', 'c': 'off', 'd': True, 'e': False}


def test_a_handful_of_aliases_is_allowed_and_located_at_the_anchor():
    text = yaml.safe_dump(report('2021'), allow_unicode=True, sort_keys=False)
    text = text.replace('review:\n  reconsideration:', 'review:\n  reconsideration: &same', 1)
    lines = text.splitlines()
    start = lines.index('  litigation_direct:')
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith('    '))
    lines[start:end] = ['  litigation_direct: *same']
    text = '\n'.join(lines) + '\n'
    result = parse(text)
    assert result.problems == [], [p.format() for p in result.problems]
    cells = result.report.cells
    for part in ('upheld', 'corrected', 'other', 'pending'):
        a, b = cells[f'review.reconsideration.{part}'], cells[f'review.litigation_direct.{part}']
        assert a.value == b.value and a.line == b.line  # messages point where it is written


def test_limits_stop_reading_early():
    assert load_yaml('[1, 2, 3]', Limits(max_nodes=3))[2][0].code == 'too-many-values'
    assert load_yaml('[[[1]]]', Limits(max_depth=2))[2][0].code == 'too-deep'
    text = 'a: &a [1, 2, 3]\nb: [*a, *a]\n'  # each alias repeats 4 values: the list and 3
    assert load_yaml(text, Limits(max_alias_nodes=8))[2] == []
    assert load_yaml(text, Limits(max_alias_nodes=7))[2][0].code == 'alias-expansion'


def test_an_alias_bomb_is_refused_in_milliseconds():
    lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]']
    lines += [f'a{i}: &a{i} [' + ', '.join([f'*a{i - 1}'] * 10) + ']' for i in range(1, 10)]
    start = time.process_time()
    data, _, (problem,) = load_yaml('\n'.join(lines))
    assert data is None and problem.code == 'alias-expansion' and problem.line == 3
    assert time.process_time() - start < 1  # a ceiling, not a benchmark: unbounded took minutes


# --------------------------------------------------------------------------------------------
# files


def test_links_inside_the_site_are_followed(tmp_path):
    (tmp_path / 'data').mkdir()
    target = tmp_path / 'data' / '2021.yaml'
    target.write_text(yaml.safe_dump(report('2021'), allow_unicode=True), encoding='utf-8')
    (tmp_path / 'pages').mkdir()
    link = tmp_path / 'pages' / 'r.yaml'
    link.symlink_to(Path('..') / 'data' / '2021.yaml')
    assert load_report(link, confine=Confinement(tmp_path)).report is not None
    # seen from its own folder alone, the same link leads outside
    (problem,) = load_report(link, display='pages/r.yaml').problems
    assert problem.code == 'link-outside'


@pytest.mark.skipif(not hasattr(os, 'mkfifo'), reason='no named pipes on this system')
def test_a_pipe_is_never_opened(tmp_path):
    """Opening a FIFO for reading blocks until a writer comes: the build would hang."""
    fifo = tmp_path / 'r.yaml'
    os.mkfifo(fifo)
    (problem,) = load_report(fifo, display='r.yaml').problems
    assert problem.code == 'not-a-regular-file'


def test_the_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / 'r.yaml'
    path.write_text(yaml.safe_dump(report('2021'), allow_unicode=True), encoding='utf-8')
    size = path.stat().st_size
    assert load_report(path, confine=Confinement(tmp_path, max_size=size)).report is not None
    (problem,) = load_report(
        path, display='r.yaml', confine=Confinement(tmp_path, max_size=size - 1)
    ).problems
    assert problem.code == 'file-too-large'
    raw, refused = Confinement(tmp_path, max_size=10).read(path, 'r.yaml')
    assert raw is None and refused.code == 'file-too-large'


def test_numbering_stops_at_999_with_a_warning():
    """Chinese numerals are written up to 九百九十九; item 1000 once raised a traceback."""
    data = report(
        '2021',
        sections={'overview': [{'points': ['一点'] * 1001}], 'problems': '无。', 'other': '无。'},
    )
    result = parse(data)
    (problem,) = result.problems
    assert (problem.code, problem.severity, problem.key) == (
        'numbering-range',
        'warning',
        'sections.overview[0].points[999]',
    )
    (points,) = result.report.sections['overview']
    assert [p.number for p in points.items[998:]] == ['（九百九十九）', '', '']


def test_the_pdf_of_a_page_naming_a_file_outside_is_not_titled_from_it(tmp_path, make_app):
    """The per-report PDFs take their title from the report the directive read, through the
    confinement: a file outside gives no title."""
    from .conftest import write_site

    outside = tmp_path / 'outside.yaml'
    outside.write_text(
        yaml.safe_dump(report('2021', agency='外部机关'), allow_unicode=True), encoding='utf-8'
    )
    src = write_site(
        tmp_path / 'src',
        {
            'index.rst': 'I\n=\n\n.. toctree::\n\n   b\n',
            'b.rst': '.. disclosure-report:: ../outside.yaml\n',
        },
    )
    app = make_app('latex', srcdir=src)
    app.build()
    entry = next(d for d in app.config.latex_documents if d[0] == 'b')
    assert entry[2] == 'b' and '外部机关' not in str(entry)
    assert '[disclosure.outside-root]' in app.warning.getvalue()
    assert '外部机关' not in (app.outdir / 'b.tex').read_text(encoding='utf-8')


def test_joining_lines_takes_linear_time():
    """A run of 200,000 spaces took 40 s (a quadratic pattern around line breaks)."""
    from sphinx_disclosure.model import clean_text

    start = time.process_time()
    assert clean_text('a' + ' ' * 1_000_000 + 'b') == 'a' + ' ' * 1_000_000 + 'b'
    assert clean_text('甲 \n 乙\n\n c \n d') == '甲乙 c d'
    assert time.process_time() - start < 1  # a ceiling, not a benchmark


def test_a_figure_too_long_to_be_one_is_not_read_as_one():
    """Python refuses int() on more than 4,300 digits: the text rule R3.5 raised on it. Such a
    figure is now refused where it is read (one run of more than 200 characters cannot be
    printed), and R3.5 itself reads a figure of 4,301 digits without raising."""
    from sphinx_disclosure.model import Paragraph
    from sphinx_disclosure.rules.engine import evaluate

    figure = '1' + '3' * 4300
    sections = {
        'overview': f'共收到政府信息公开申请{figure}件。',
        'problems': '无。',
        'other': '无。',
    }
    result = parse(report('2021', sections=sections))
    assert result.report is None
    assert [(p.code, p.key) for p in result.problems] == [('unbreakable-run', 'sections.overview')]

    result = parse(
        report('2021', sections={**sections, 'overview': '共收到政府信息公开申请13件。'})
    )
    assert result.report is not None
    result.report.sections['overview'] = (Paragraph(f'共收到政府信息公开申请{figure}件。'),)
    assert [f.rule.id for f in evaluate(result.report).findings if f.rule.id == 'R3.5'] == []


def test_messages_are_one_line_without_control_characters():
    from sphinx_disclosure.messages import Problem, printable

    assert printable('a\nb\r\tc\x1b[31md\u202ee\x00') == 'a b  c\\x1b[31md\\u202ee\\x00'
    problem = Problem('file-not-found', file='r\x1b]0;T\x07.yaml', params={'file': 'x\n\ny'})
    assert problem.format('en').startswith('r\\x1b]0;T\\x07.yaml: The report data file x  y ')


def test_a_dangling_link_among_the_pages_does_not_stop_the_build(tmp_path, make_app):
    """The per-report PDFs once looked for report pages before Sphinx had an environment:
    Sphinx's page discovery warned about the link through the environment and crashed the
    build. (They now come from the environment data; the case stays.)"""
    from .conftest import write_site

    src = write_site(
        tmp_path / 'src',
        {
            'index.rst': 'I\n=\n\n.. toctree::\n\n   r\n',
            'r.rst': '.. disclosure-report:: reports/r.yaml\n',
            'reports/r.yaml': report('2021'),
        },
    )
    (src / 'reports' / 'x.rst').symlink_to(tmp_path / 'nowhere')
    app = make_app('latex', srcdir=src)
    app.build()
    assert [d[0] for d in app.config.latex_documents if d[0] == 'r'] == ['r']
    assert 'disclosure' not in app.warning.getvalue()


def test_a_file_name_with_a_terminal_escape_is_printed_harmless(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / 'reports'
    folder.mkdir()
    (folder / 'a\x1b[2Jb.yaml').write_text('agency: x\n', encoding='utf-8')
    result = subprocess.run(
        [sys.executable, '-m', 'sphinx_disclosure', 'check', 'reports'],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert '\x1b' not in result.stdout and 'reports/a\\x1b[2Jb.yaml' in result.stdout
