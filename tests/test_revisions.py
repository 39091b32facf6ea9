"""Corrections (更正): revisions declared in a report, shown under its title, and checked.

A report file records each correction made after publication (``revisions:``: date, reason, and
the old value of each cell or text changed). The page and the PDF show them (更正说明); the rules
RC.1 (a declared change that did not happen), RC.2 (a change since the published state that no
revision declares) and RC.3 (a declared old value that is not the published one) check them,
against a folder of published sources or a git ref.

Expected messages are written out by hand from the specification (the forms' labels, the
catalogue's wording); line numbers are found in the files the tests write.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError

from sphinx_disclosure.checking import PublishedSource, check_file
from sphinx_disclosure.files import Confinement
from sphinx_disclosure.model import load_report

from .conftest import ROOT, write_site
from .test_cli import run

FIXTURE = ROOT / 'tests' / 'fixtures' / 'rules' / '2021.yaml'
REPORT = ROOT / 'tests' / 'roots' / 'test-revisions' / 'reports' / '2021.yaml'
DISPLAY = 'r/2021.yaml'

#: the cell most tests correct, in the words of messages (forms/2021.yaml, 表二)
LICENSING = 'the cell “行政许可 / 第二十条第（五）项 › 本年处理决定数量” of the table “主动公开政府信息情况”'
LICENSING_ZH = (
    '表格“主动公开政府信息情况”中“行政许可”行“第二十条第（五）项 › 本年处理决定数量”列的单元格'
)
NATURAL_PERSON = (
    'the cell “一、本年新收政府信息公开申请数量 / 申请人情况 › 自然人” of the table '
    '“收到和处理政府信息公开申请情况”'
)

REVISION = """\
revisions:
  - date: 2022-03-01
    reason: 统计时误将1件咨询计入申请，现予更正。
    changes:
"""


def change(key: str, old: str) -> str:
    return f'      - key: {key}\n        old: {old}\n'


def fixture(*edits: tuple[str, str], revisions: str = '') -> str:
    """The consistent 2021 fixture, with edits (each old text found exactly once) and revisions
    appended."""
    text = FIXTURE.read_text(encoding='utf-8')
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text + revisions


def line_of(text: str, needle: str, after: str = '') -> int:
    """The 1-based line of the first ``needle`` (after the first ``after``)."""
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count('\n') + 1


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding='utf-8')
    return path


def check(site: Path, text: str, published: str | None = None):
    """``text`` checked as site/r/2021.yaml, against the published state ``published`` (a
    folder relative to tmp, or git:REF)."""
    path = write(site / DISPLAY, text)
    source = PublishedSource.parse(published, site.parent) if published else None
    return check_file(
        path, display=DISPLAY, confine=Confinement(site, 2**21), published=source
    ), path


def lines(checked, *codes: str) -> list[str]:
    return [
        f'{p.severity} [{p.code}] {p.format("en")}' for p in checked.messages() if p.code in codes
    ]


LICENSED = ('licensing: {decisions: 100}', 'licensing: {decisions: 101}')


def cap(text: str) -> str:
    """As a message starts (English messages capitalise a sentence that starts with a part)."""
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# reading


def test_revisions_are_read_with_their_places_and_lines():
    text = REPORT.read_text(encoding='utf-8')
    result = load_report(REPORT)
    assert result.problems == []
    report = result.report
    first, second = report.revisions
    assert (first.date.isoformat(), first.reason) == (
        '2022-03-01',
        '统计时误将1件咨询计入申请，现予更正。',
    )
    assert second.reason == '误写“100% & {x}”，\\input{/etc/hostname} $a_b^c$ #1 ~ <b>粗体</b>。'
    assert first.line == line_of(text, '- date: 2022-03-01')
    assert [(c.key, c.kind, c.old, c.line) for c in first.changes] == [
        ('applications.new.natural_person', 'cell', 11, line_of(text, 'old: 11')),
        ('review.reconsideration.pending', 'cell', None, line_of(text, 'old: ~')),
        (
            'sections.overview[1].content[0]',
            'text',
            '全年主动公开政府信息102条。',
            line_of(text, 'old: 全年'),
        ),
    ]
    assert [(c.key, c.kind, c.old) for c in second.changes] == [
        ('sections.problems', 'text', '部分栏目更新不及时。\n下一步将落实专人。\n'),
        ('preamble', 'text', ''),
    ]


def test_every_text_has_the_path_a_revision_names_it_by():
    report = load_report(REPORT).report
    assert {path: t.text for path, t in report.texts.items()} == {
        'preamble': '本报告由测试局编制。',
        'sections.overview[0]': '本年度共收到政府信息公开申请13件。',
        'sections.overview[1].heading': '主动公开',
        'sections.overview[1].content[0]': '全年主动公开政府信息120条。',
        'sections.overview[1].content[1].points[0]': '推进权力运行公开。',
        'sections.problems[0]': '部分栏目更新不够及时。',
        'sections.problems[1]': '下一步将落实专人负责。',
        'sections.other': '本年度未收取信息处理费。',
    }


def _problems(tmp_path: Path, revisions: str) -> list[str]:
    path = write(tmp_path / '2021.yaml', fixture(revisions=revisions))
    result = load_report(path, display=DISPLAY)
    assert result.report is None  # a report with a wrong revision is not shown
    return [p.format('en') for p in result.problems]


def test_a_key_that_is_neither_a_cell_nor_a_text_is_an_error(tmp_path):
    revisions = (
        REVISION
        + change('applications.new.natural_persn', '11')
        + change('sections.overview[0].heading', 'x')
    )
    text = fixture(revisions=revisions)
    assert _problems(tmp_path, revisions) == [
        f'{DISPLAY}:{line_of(text, "natural_persn")}: revisions[0].changes[0].key: '
        '“applications.new.natural_persn” is neither a cell of this report nor a place of its '
        'text (preamble, sections.<id>, or a block inside them, written as messages name it). '
        'Did you mean “applications.new.natural_person”?',
        f'{DISPLAY}:{line_of(text, "overview[0].heading")}: revisions[0].changes[1].key: '
        '“sections.overview[0].heading” is neither a cell of this report nor a place of its '
        'text (preamble, sections.<id>, or a block inside them, written as messages name it). '
        'Did you mean “sections.overview[0]”?',
    ]


def test_a_whole_section_may_be_named_even_when_it_is_left_out(tmp_path):
    # 二、主动公开政府信息情况 has no text in the fixture: a revision that added one names it
    path = write(
        tmp_path / '2021.yaml',
        fixture(revisions=REVISION + change('sections.active', '~') + change('preamble', '~')),
    )
    report = load_report(path).report
    assert [(c.key, c.kind, c.old) for c in report.revisions[0].changes] == [
        ('sections.active', 'text', ''),
        ('preamble', 'text', ''),
    ]


def test_dates_real_after_publication_and_in_order(tmp_path):
    revisions = (
        REVISION.replace('2022-03-01', '2022-02-30')
        + change('active.licensing.decisions', '99')
        + '  - date: 2022-01-19\n    reason: 早于成文日期。\n    changes:\n'
        + change('active.penalties.decisions', '49')
        + '  - date: 2022-05-01\n    reason: 第二次。\n    changes:\n'
        + change('active.penalties.decisions', '48')
        + '  - date: 2022-04-01\n    reason: 顺序颠倒。\n    changes:\n'
        + change('active.coercion.decisions', '4')
    )
    text = fixture(revisions=revisions)
    assert _problems(tmp_path, revisions) == [
        f'{DISPLAY}:{line_of(text, "2022-02-30")}: revisions[0].date: “2022-02-30” is not a '
        'valid date. Write the date as YYYY-MM-DD, for example 2022-01-28.',
    ]
    revisions = revisions.replace('2022-02-30', '2022-03-01')
    text = fixture(revisions=revisions)
    assert _problems(tmp_path, revisions) == [
        f'{DISPLAY}:{line_of(text, "2022-01-19")}: revisions[1].date: This correction is dated '
        '2022-01-19, but the report was signed on 2022-01-20 (published:): a correction comes '
        'after the report. Check the date.',
        f'{DISPLAY}:{line_of(text, "2022-04-01")}: revisions[3].date: This correction is dated '
        '2022-04-01, before the one above it (2022-05-01): list the revisions in date order, '
        'the oldest first.',
    ]


def test_the_old_value_of_a_cell_is_a_number_and_each_key_is_listed_once(tmp_path):
    revisions = (
        REVISION
        + change('active.licensing.decisions', '一百')
        + change('active.penalties.decisions', '49')
        + change('active.penalties.decisions', '48')
    )
    text = fixture(revisions=revisions)
    assert _problems(tmp_path, revisions) == [
        f'{DISPLAY}:{line_of(text, "old: 一百")}: revisions[0].changes[0].old: {cap(LICENSING)} '
        'holds a number, so old: is the number first published, or ~ if the cell was blank; '
        '“一百” is written.',
        f'{DISPLAY}:{line_of(text, "old: 48") - 1}: revisions[0].changes[2].key: '
        '“active.penalties.decisions” is already listed in this revision (changes[1]): list '
        'each change once.',
    ]


def test_a_reason_is_a_sentence_or_two(tmp_path):
    revisions = REVISION.replace('统计时误将1件咨询计入申请，现予更正。', '误' * 501) + change(
        'active.licensing.decisions', '99'
    )
    text = fixture(revisions=revisions)
    assert _problems(tmp_path, revisions) == [
        f'{DISPLAY}:{line_of(text, "reason:")}: revisions[0].reason: This reason has 501 '
        'characters; one may have at most 500. Say in a sentence or two what was wrong and '
        'what was corrected.'
    ]


# --------------------------------------------------------------------------------------------
# RC.1 without a published state


def test_a_declared_change_that_did_not_happen(tmp_path):
    text = fixture(
        revisions=REVISION
        + change('applications.new.natural_person', '10')
        + change('sections.problems', '无。')
        + change('active.licensing.decisions', '99')
    )
    checked, _ = check(tmp_path / 'site', text)
    assert lines(checked, 'RC.1', 'RC.2', 'RC.3', 'published-needed') == [
        f'info [published-needed] {DISPLAY}:{line_of(text, "revisions:")}: revisions: This '
        'report declares corrections (revisions: lists 1), but no published state is given, so '
        'the check that every change since publication is declared (RC.2, RC.3) is not made. '
        'Give it with disclosure_published in conf.py, or with sphinx-disclosure check '
        '--published.',
        f'error [RC.1] {DISPLAY}:{line_of(text, "old: 10")}: revisions[0].changes[0]: The '
        f'correction of 2022-03-01 declares that {NATURAL_PERSON} was changed from 10, but it '
        'is still 10: the change did not happen. Make the change, or delete it from the '
        'revision.',
        f'error [RC.1] {DISPLAY}:{line_of(text, "old: 无。")}: revisions[0].changes[1]: The '
        'correction of 2022-03-01 declares that the text sections.problems of '
        '“五、存在的主要问题及改进情况” was changed from “无。”, but it is still “无。”: the change '
        'did not happen. Make the change, or delete it from the revision.',
    ]


def test_a_change_undone_by_a_later_revision_is_not_reported(tmp_path):
    text = fixture(
        revisions=REVISION
        + change('active.licensing.decisions', '100')
        + '  - date: 2022-04-01\n    reason: 恢复原数。\n    changes:\n'
        + change('active.licensing.decisions', '101')
    )
    checked, _ = check(tmp_path / 'site', text)
    assert lines(checked, 'RC.1') == []


# --------------------------------------------------------------------------------------------
# RC.2 and RC.3 against a folder of published sources


@pytest.fixture
def published(tmp_path):
    """The fixture as published, in tmp/published/r/2021.yaml."""
    write(tmp_path / 'published' / DISPLAY, fixture())
    return tmp_path / 'site'


def test_an_undeclared_change_of_a_cell(published):
    text = fixture(LICENSED)
    checked, _ = check(published, text, 'published')
    assert lines(checked, 'RC.1', 'RC.2', 'RC.3') == [
        f'error [RC.2] {DISPLAY}:{line_of(text, "licensing:")}: active.licensing.decisions: '
        f'{cap(LICENSING)} is 101, but the published report '
        '(published/r/2021.yaml) has 100, and no correction made since then declares the '
        'change. Add it to a revision (key: active.licensing.decisions, old: the published '
        'value), or restore the published value.'
    ]
    (finding,) = [p for p in checked.messages() if p.code == 'RC.2']
    assert (finding.severity, finding.reported, finding.expected) == ('error', 101, 100)


def test_a_declared_change_with_the_published_old_value_passes(published):
    text = fixture(LICENSED, revisions=REVISION + change('active.licensing.decisions', '100'))
    checked, _ = check(published, text, 'published')
    assert lines(checked, 'RC.1', 'RC.2', 'RC.3', 'published-needed') == []
    assert [p for p in checked.messages() if p.severity in ('error', 'warning')] == []


def test_an_old_value_that_is_not_the_published_one(published):
    text = fixture(LICENSED, revisions=REVISION + change('active.licensing.decisions', '99'))
    checked, _ = check(published, text, 'published')
    assert lines(checked, 'RC.1', 'RC.2', 'RC.3') == [
        f'error [RC.3] {DISPLAY}:{line_of(text, "old: 99")}: revisions[0].changes[0]: The '
        f'correction of 2022-03-01 declares that {LICENSING} was 99, but the published report '
        '(published/r/2021.yaml) has 100. Write the published value as old:.'
    ]


def test_a_text_changed_without_a_revision(published):
    edit = ('  other: 本年度未收取信息处理费。', '  other: 本年度未收取任何费用。')
    text = fixture(edit)
    checked, _ = check(published, text, 'published')
    assert lines(checked, 'RC.2') == [
        f'error [RC.2] {DISPLAY}:{line_of(text, "  other: 本年度")}: sections.other: The text '
        'sections.other of “六、其他需要报告的事项” is “本年度未收取任何费用。”, but the published '
        'report (published/r/2021.yaml) has “本年度未收取信息处理费。”, and no correction made '
        'since then declares the change. Add it to a revision (key: sections.other, old: the '
        'published value), or restore the published value.'
    ]
    # declared for the whole section, it passes; a wrong original text is RC.3
    declared = fixture(
        edit, revisions=REVISION + change('sections.other', '本年度未收取信息处理费。')
    )
    assert lines(check(published, declared, 'published')[0], 'RC.1', 'RC.2', 'RC.3') == []
    wrong = fixture(edit, revisions=REVISION + change('sections.other', '本年度未收费。'))
    assert [
        m.split(': ', 1)[1] for m in lines(check(published, wrong, 'published')[0], 'RC.3')
    ] == [
        'revisions[0].changes[0]: The correction of 2022-03-01 declares that the text '
        'sections.other of “六、其他需要报告的事项” was “本年度未收费。”, but the published report '
        '(published/r/2021.yaml) has “本年度未收取信息处理费。”. Write the published value as old:.'
    ]


def test_a_text_that_quotes_a_corrected_value_is_not_a_change_of_its_own(tmp_path, published):
    # the text quotes 一、本年新收 总计 with {{ }}: correcting a part of it changes the text read
    quoted = (
        '    - 本年度共收到政府信息公开申请13件。',
        '    - 本年度共收到政府信息公开申请{{ applications.new.total }}件。',
    )
    write(tmp_path / 'published' / DISPLAY, fixture(quoted))
    text = fixture(
        quoted,
        ('new: {natural_person: 10,', 'new: {natural_person: 9,'),
        ('to_next_year: {natural_person: 2,', 'to_next_year: {natural_person: 1,'),
        revisions=REVISION
        + change('applications.new.natural_person', '10')
        + change('applications.to_next_year.natural_person', '2'),
    )
    checked, _ = check(published, text, 'published')
    assert checked.report.texts['sections.overview[0]'].text == '本年度共收到政府信息公开申请12件。'
    assert [p for p in checked.messages() if p.severity in ('error', 'warning')] == []


def test_a_published_revision_does_not_declare_a_later_change(tmp_path, published):
    """Revisions made since the published state are those it does not hold: editing one that
    was published already does not declare a new change."""
    first = REVISION + change('active.licensing.decisions', '99')
    write(tmp_path / 'published' / DISPLAY, fixture(revisions=first))
    text = fixture(
        ('penalties: {decisions: 50}', 'penalties: {decisions: 51}'),
        revisions=first + change('active.penalties.decisions', '50'),
    )
    checked, _ = check(published, text, 'published')
    assert [m.split(': ', 2)[1] for m in lines(checked, 'RC.1', 'RC.2', 'RC.3')] == [
        'active.penalties.decisions'
    ]


def test_a_file_that_is_not_in_the_published_folder_is_new(tmp_path):
    write(tmp_path / 'published' / 'x.yaml', fixture())
    checked, _ = check(tmp_path / 'site', fixture(LICENSED), 'published')
    assert lines(checked, 'RC.2', 'published-new') == [
        f'info [published-new] {DISPLAY}: This report is not in the published state '
        '(published/r/2021.yaml): it is new since then, so there is nothing to compare it with.'
    ]


# --------------------------------------------------------------------------------------------
# against a git ref


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        'GIT_AUTHOR_NAME': 't',
        'GIT_AUTHOR_EMAIL': 't@example.org',
        'GIT_COMMITTER_NAME': 't',
        'GIT_COMMITTER_EMAIL': 't@example.org',
        'GIT_CONFIG_GLOBAL': os.devnull,
    }
    result = subprocess.run(
        ['git', *args], cwd=repo, capture_output=True, text=True, env=env, check=True
    )
    return result.stdout


@pytest.fixture
def repo(tmp_path):
    """A git repository whose site/r/2021.yaml was published (tagged v1), then changed one
    figure without declaring it (committed)."""
    repo = tmp_path / 'repo'
    site = repo / 'site'
    write(site / DISPLAY, fixture())
    git(repo, 'init', '-q', '-b', 'main')
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'first publication')
    git(repo, 'tag', 'v1')
    write(site / DISPLAY, fixture(LICENSED))
    git(repo, 'commit', '-q', '-am', 'correct a figure')
    return repo


def test_an_undeclared_change_against_a_git_tag(repo):
    checked, _ = check(repo / 'site', fixture(LICENSED), 'git:v1')
    assert [m.split(' has ', 1)[0] for m in lines(checked, 'RC.1', 'RC.2', 'RC.3')] == [
        f'error [RC.2] {DISPLAY}:{line_of(fixture(LICENSED), "licensing:")}: '
        f'active.licensing.decisions: {cap(LICENSING)} is 101, but the '
        'published report (r/2021.yaml in v1)'
    ]
    text = fixture(LICENSED, revisions=REVISION + change('active.licensing.decisions', '99'))
    checked, _ = check(repo / 'site', text, 'git:v1')
    assert lines(checked, 'RC.1', 'RC.2', 'RC.3') == [
        f'error [RC.3] {DISPLAY}:{line_of(text, "old: 99")}: revisions[0].changes[0]: The '
        f'correction of 2022-03-01 declares that {LICENSING} was 99, but the published report '
        '(r/2021.yaml in v1) has 100. Write the published value as old:.'
    ]


def test_check_published_git(repo):
    result = run('check', '--lang', 'en', '--published', 'git:v1', 'site', cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        '  error [RC.2] site/r/2021.yaml:'
        f'{line_of(fixture(LICENSED), "licensing:")}: active.licensing.decisions: '
        f'{cap(LICENSING)} is 101, but the published report '
        '(site/r/2021.yaml in v1) has 100, and no correction made since then declares the '
        'change.' in result.stdout
    )
    # declared: the check passes; a report new since v1 is told so, and is not an error
    write(
        repo / 'site' / DISPLAY,
        fixture(LICENSED, revisions=REVISION + change('active.licensing.decisions', '100')),
    )
    write(repo / 'site' / 'r' / '2022.yaml', fixture().replace('year: 2021', 'year: 2022'))
    result = run('check', '--lang', 'en', '--published', 'git:v1', 'site', cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        '  info [published-new] site/r/2022.yaml: This report is not in the published state '
        '(site/r/2022.yaml in v1): it is new since then, so there is nothing to compare it '
        'with.' in result.stdout
    )


def test_check_published_refuses_what_it_cannot_read(repo, tmp_path):
    def error(*published: str, cwd: Path = repo) -> str:
        result = run('check', '--lang', 'en', *published, 'site', cwd=cwd)
        assert result.returncode == 2, result.stdout + result.stderr
        return result.stderr.strip().splitlines()[-1]

    assert error('--published', 'git:v9') == (
        'sphinx-disclosure: error: --published git:v9: v9 is not a tag, branch or commit '
        'of the git repository that holds site/r'
    )
    assert error('--published', 'git:--upload-pack=x') == (
        'sphinx-disclosure: error: --published git:--upload-pack=x: write the folder '
        'that holds the published sources, or git: followed by a tag or commit (for example '
        'git:v2025.1)'
    )
    assert error('--published', 'nowhere') == (
        'sphinx-disclosure: error: --published nowhere: no such folder'
    )
    outside = tmp_path / 'plain'
    shutil.copytree(repo / 'site', outside / 'site')
    assert error('--published', 'git:v1', cwd=outside) == (
        'sphinx-disclosure: error: --published git:v1: site/r is not in a git '
        'repository, so no published version can be read from git'
    )


def test_a_published_file_larger_than_the_limit_is_not_read(repo):
    big = fixture() + '#' * 3000 + '\n'
    write(repo / 'site' / DISPLAY, big)
    git(repo, 'commit', '-q', '-am', 'a large file')
    git(repo, 'tag', 'v2')
    path = write(repo / 'site' / DISPLAY, fixture())
    checked = check_file(
        path,
        display=DISPLAY,
        confine=Confinement(repo / 'site', len(big) - 1),
        published=PublishedSource.parse('git:v2', repo),
    )
    (note,) = [p for p in checked.messages() if p.code == 'published-unreadable']
    assert note.severity == 'warning'
    assert note.format('en').startswith(
        f'{DISPLAY}: The changes since publication are not checked: v2:r/2021.yaml is '
    )


# --------------------------------------------------------------------------------------------
# in a build: the same words as the check


def _rc2_warning(warnings: str) -> str:
    plain = re.sub(r'\x1b\[[0-9;]*m', '', warnings)
    (line,) = [w for w in plain.splitlines() if w.endswith('[disclosure.RC.2]')]
    return line.split('WARNING: ', 1)[1].rsplit(' [disclosure.RC.2]', 1)[0]


def test_build_and_check_give_the_same_words(tmp_path, make_app):
    write(tmp_path / 'published' / DISPLAY, fixture())
    site = write_site(
        tmp_path / 'site',
        {
            'index.rst': 'Reports\n=======\n\n.. toctree::\n\n   report\n',
            'report.rst': '.. disclosure-report:: r/2021.yaml\n',
            DISPLAY: fixture(LICENSED),
        },
        conf="disclosure_published = '../published'\n",
    )
    app = make_app('html', srcdir=site)
    app.build()
    built = _rc2_warning(app.warning.getvalue())
    assert built == (
        f'{DISPLAY}:{line_of(fixture(LICENSED), "licensing:")}: active.licensing.decisions: '
        f'{LICENSING_ZH}现为 101，但已发布的报告（../published/r/2021.yaml）中为 100，此后的更正'
        '记录均未说明这一改动。请将其补入更正记录（key: active.licensing.decisions，old: 写发布时的'
        '值），或恢复发布时的值。'
    )
    for args in (('--published', '../published'), ('--conf', '.')):
        result = run('check', *args, '.', cwd=site)
        assert result.returncode == 1
        assert [line for line in result.stdout.splitlines() if '[RC.2]' in line] == [
            f'  错误 [RC.2] {built}'
        ]
    # the page says so too, in its list of findings
    soup = BeautifulSoup((app.outdir / 'report.html').read_text(encoding='utf-8'), 'html.parser')
    assert '[RC.2]' in soup.select_one('#disclosure-findings').get_text()


def test_a_build_without_a_published_state_tells_it_once(make_app, tmp_path):
    site = write_site(
        tmp_path / 'site',
        {
            'index.rst': 'Reports\n=======\n\n.. toctree::\n\n   report\n',
            'report.rst': '.. disclosure-report:: r/2021.yaml\n',
            DISPLAY: fixture(
                LICENSED, revisions=REVISION + change('active.licensing.decisions', '100')
            ),
        },
    )
    app = make_app('html', srcdir=site)
    app.build()
    assert app.warning.getvalue() == ''
    status = app.status.getvalue()
    assert status.count('[disclosure.published-needed]') == 1
    assert '本报告记录了 1 次更正，但没有提供已发布的版本' in status


def test_sphinx_build_with_a_git_tag(repo, tmp_path):
    """The versions builder passes -D disclosure_published=git:<previous tag>."""
    site = repo / 'site'
    write_site(
        site,
        {
            'index.rst': 'Reports\n=======\n\n.. toctree::\n\n   report\n',
            'report.rst': '.. disclosure-report:: r/2021.yaml\n',
        },
    )

    def build(*defines: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, '-m', 'sphinx', '-q', '--no-color', '-b', 'html']
            + [arg for d in defines for arg in ('-D', d)]
            + [str(site), str(tmp_path / 'out')],
            capture_output=True,
            text=True,
        )

    result = build('disclosure_published=git:v1', 'language=en')
    assert '[disclosure.RC.2]' in result.stderr
    assert '(r/2021.yaml in v1) has 100' in result.stderr
    result = build('disclosure_published=git:v0', 'language=en')
    assert result.returncode != 0
    assert (
        'disclosure_published git:v0: v0 is not a tag, branch or commit of the git repository '
        'that holds site' in result.stderr
    )


def test_a_published_folder_that_does_not_exist_stops_the_build(tmp_path, make_app):
    site = write_site(
        tmp_path / 'site',
        {'index.rst': 'Reports\n=======\n'},
        conf="disclosure_published = 'nowhere'\n",
    )
    with pytest.raises(ConfigError, match='disclosure_published nowhere：没有这个文件夹'):
        make_app('html', srcdir=site)


# --------------------------------------------------------------------------------------------
# on the page and in print


def _box(app, page: str = 'report'):
    soup = BeautifulSoup((app.outdir / f'{page}.html').read_text(encoding='utf-8'), 'html.parser')
    return soup, soup.select('div.admonition.disclosure-revisions')


def _items(box) -> list[tuple[str, str | None]]:
    return [
        (' '.join(li.get_text(' ', strip=True).split()), (li.a or {}).get('href'))
        for li in box.select('li')
    ]


@pytest.mark.sphinx('html', testroot='revisions')
def test_the_corrections_under_the_title(app):
    app.build()
    assert app.warning.getvalue() == ''
    soup, (box,) = _box(app)
    # under the title, after the download line, before the preamble
    section = soup.select_one('section#report')
    kids = [k for k in section.children if getattr(k, 'name', None)]
    assert [k.name for k in kids[:3]] == ['h1', 'p', 'div']
    assert 'disclosure-downloads' in kids[1]['class'] and kids[2] is box
    assert box['id'] == 'revisions'
    assert box.select_one('.admonition-title').get_text() == '更正说明'
    assert [p.get_text() for p in box.select('p.disclosure-revision')] == [
        '2022年3月1日更正：统计时误将1件咨询计入申请，现予更正。',
        '2022年4月15日更正：误写“100% & {x}”，\\input{/etc/hostname} $a_b^c$ #1 ~ <b>粗体</b>。',
    ]
    assert box.find('b') is None  # the reason's markup is text
    assert _items(box) == [
        (
            '收到和处理政府信息公开申请情况 › 一、本年新收政府信息公开申请数量 / 申请人情况 › 自然人 '
            '：由 11 更正为 10',
            '#applications-new-natural_person',
        ),
        (
            '政府信息公开行政复议、行政诉讼情况 › 行政复议 › 尚未审结 ：由 空白 更正为 1',
            '#review-reconsideration-pending',
        ),
        ('一、总体情况 › （一）主动公开 ，原文：全年主动公开政府信息102条。', '#sec-1-1'),
        ('五、存在的主要问题及改进情况 ，原文：部分栏目更新不及时。 下一步将落实专人。', '#sec-5'),
        ('导语，原文：无（为新增文字）', None),
    ]
    # every link leads to a cell or a heading of this page; the corrected cells are marked
    for _, href in _items(box):
        if href:
            assert soup.find(id=href[1:]) is not None, href
    assert [td['id'] for td in soup.select('td.disclosure-corrected')] == [
        'applications-new-natural_person',
        'review-reconsideration-pending',
    ]
    assert soup.select_one('#applications-new-natural_person').get_text() == '10'


@pytest.mark.sphinx('html', testroot='revisions')
def test_links_follow_the_ids_a_page_gives(app):
    app.build()
    _, boxes = _box(app, 'twice')
    assert [_items(b)[0][1] for b in boxes] == [
        '#applications-new-natural_person',
        '#applications-new-natural_person-2',
    ]
    assert [b['id'] for b in boxes] == ['revisions', 'revisions-2']
    soup, (box,) = _box(app, 'prefixed')
    assert [href for _, href in _items(box)] == [
        '#x-applications-new-natural_person',
        '#x-review-reconsideration-pending',
        '#x-sec-1-1',
        '#x-sec-5',
        None,
    ]
    assert box['id'] == 'x-revisions'
    assert soup.select_one('#x-applications-new-natural_person')['class'][-1] == (
        'disclosure-corrected'
    )


@pytest.mark.sphinx('html', testroot='revisions', confoverrides={'language': 'en'})
def test_the_corrections_in_english(app):
    app.build()
    _, (box,) = _box(app)
    assert box.select_one('.admonition-title').get_text() == 'Corrections'
    assert box.select_one('p.disclosure-revision').get_text() == (
        'Corrected on 2022年3月1日: 统计时误将1件咨询计入申请，现予更正。'
    )
    assert [text for text, _ in _items(box)][1:3] == [
        '政府信息公开行政复议、行政诉讼情况 › 行政复议 › 尚未审结 : blank → 1',
        '一、总体情况 › （一）主动公开 , original text: 全年主动公开政府信息102条。',
    ]


@pytest.mark.sphinx('latex', testroot='revisions')
def test_the_corrections_in_print(app):
    app.build()
    tex = (app.outdir / 'report.tex').read_text(encoding='utf-8')
    start = tex.index(r'\begin{sphinxadmonition}{note}{更正说明}')
    box = tex[start : tex.index(r'\end{sphinxadmonition}', start)]
    # before the preamble, escaped: nothing of the reason is TeX
    assert tex.index('本报告由测试局编制。') > start
    assert (
        '2022年4月15日更正：误写“100\\% \\& \\{x\\}”，\\textbackslash{}input\\{/etc/hostname\\} '
        '\\$a\\_b\\textasciicircum{}c\\$ \\#1 \\textasciitilde{} <b>粗体</b>。'
    ) in box
    assert '\\input{' not in tex
    # each link has its label in the PDF: the corrected cells get one of their own
    assert (
        '{\\hyperref[\\detokenize{report:applications-new-natural_person}]{\\sphinxcrossref{'
        '收到和处理政府信息公开申请情况 › 一、本年新收政府信息公开申请数量 / 申请人情况 › 自然人}}}'
        '：由 11 更正为 10'
    ) in box
    for label in re.findall(r'\\hyperref\[\\detokenize\{([^}]*)\}\]', box):
        assert f'\\label{{\\detokenize{{{label}}}}}' in tex, label
    assert '\\phantomsection\\label{\\detokenize{report:applications-new-natural_person}}10' in tex
