"""``sphinx-disclosure check``: output, JSON, exit codes, and agreement with the Sphinx build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, sphinx_build

FIXTURES = Path(__file__).parent / 'fixtures' / 'rules'


def run(*args: str, cwd: Path | None = None, lang: str = 'C.UTF-8'):
    env = {**os.environ, 'LC_ALL': lang, 'LANG': lang}
    env.pop('LANGUAGE', None)
    return subprocess.run(
        [sys.executable, '-m', 'sphinx_disclosure', *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
    )


def copy_fixtures(tmp_path: Path, year: int | None = None, *changes: tuple[str, str]) -> Path:
    folder = tmp_path / 'r'
    shutil.copytree(FIXTURES, folder)
    if year:
        path = folder / f'{year}.yaml'
        text = path.read_text(encoding='utf-8')
        for old, new in changes:
            assert old in text
            text = text.replace(old, new, 1)
        path.write_text(text, encoding='utf-8')
    return folder


R31 = ('to_next_year: {natural_person: 2,', 'to_next_year: {natural_person: 3,')
R22 = ('in_force: 10}', 'in_force: 12}')


def test_clean_folder(tmp_path):
    copy_fixtures(tmp_path)
    result = run('check', 'r', cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == 'r/2019.yaml'
    assert lines[1].startswith(
        '  说明 [no-previous-year] r/2019.yaml:3: 在本文件所在目录中没有找到测试局2018年度的报告'
    )
    # without a 2018 report, the carry-over of 表三's 7 columns (RX.1) and the 7 rows of 表二
    # that continue last year's item count (R2.3) cannot be checked: never a silent pass
    assert lines[2] == '  规则已检查 59 处，未能检查 14 处（单元格空白，或缺少上一年度报告）。'
    assert lines[3:7] == [
        'r/2020.yaml: 未发现问题。规则已检查 73 处。',
        'r/2021.yaml: 未发现问题。规则已检查 67 处。',
        'r/2022.yaml: 未发现问题。规则已检查 69 处。',
        '共检查 4 个文件：错误 0 个，警告 0 个，提示 0 条，已说明 0 条。规则未能检查 14 处。',
    ]


def test_error_exit_1_and_message(tmp_path):
    copy_fixtures(tmp_path, 2021, R31)
    result = run('check', 'r', cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    i = lines.index('r/2021.yaml')
    assert lines[i + 1].startswith(
        '  错误 [R3.1] r/2021.yaml:45: applications.to_next_year.natural_person: '
        '违反表三自注的勾稽关系（一 + 二 = 三 + 四）：'
    )
    # the 2022 report now disagrees with 2021 about the carry-over: a warning there
    j = lines.index('r/2022.yaml')
    assert lines[j + 1].startswith(
        '  警告 [RX.1] r/2022.yaml:19: applications.from_last_year.natural_person:'
    )
    assert (
        lines[-1]
        == '共检查 4 个文件：错误 1 个，警告 1 个，提示 0 条，已说明 0 条。规则未能检查 14 处。'
    )


def test_warnings_fail_only_with_strict(tmp_path):
    copy_fixtures(tmp_path, 2022, R22)
    assert run('check', 'r', cwd=tmp_path).returncode == 0
    assert run('check', '--strict', 'r', cwd=tmp_path).returncode == 1
    assert run('check', '--severity', 'R2.2=error', 'r', cwd=tmp_path).returncode == 1
    assert run('check', '--strict', '--severity', 'R2.2=off', 'r', cwd=tmp_path).returncode == 0


def test_file_that_cannot_be_read_is_an_error(tmp_path):
    copy_fixtures(
        tmp_path,
        2021,
        (
            'legal_services: 0, other: 0}\n  from_last_year',
            'legal_services: -1, other: 0}\n  from_last_year',
        ),
    )
    result = run('check', 'r/2021.yaml', cwd=tmp_path)
    assert result.returncode == 1
    assert '  错误 [negative] r/2021.yaml:18: applications.new.legal_services: ' in result.stdout


def test_usage_errors_exit_2(tmp_path):
    assert run('check', 'nope', cwd=tmp_path).returncode == 2
    assert 'nope：没有这个文件或目录' in run('check', 'nope', cwd=tmp_path).stderr
    assert (
        'nope: no such file or folder' in run('check', '--lang', 'en', 'nope', cwd=tmp_path).stderr
    )
    copy_fixtures(tmp_path)
    bad = run('check', '--severity', 'R9=error', 'r', cwd=tmp_path)
    assert bad.returncode == 2 and '--severity R9=error：应写成“规则=级别”' in bad.stderr
    assert run('check', cwd=tmp_path).returncode == 2
    assert run('frobnicate', cwd=tmp_path).returncode == 2


def test_conf_py_severities_and_hidden_files(tmp_path):
    copy_fixtures(tmp_path, 2022, R22)
    (tmp_path / 'r' / '.pre-commit-config.yaml').write_text('repos: []\n', encoding='utf-8')
    (tmp_path / 'conf.py').write_text(
        "disclosure_rule_severity = {'R2.2': 'error'}\n", encoding='utf-8'
    )
    plain = run('check', 'r', cwd=tmp_path)
    assert plain.returncode == 0 and '.pre-commit-config.yaml' not in plain.stdout
    configured = run('check', '--conf', 'conf.py', 'r', cwd=tmp_path)
    assert configured.returncode == 1 and '错误 [R2.2]' in configured.stdout
    (tmp_path / 'conf.py').write_text(
        "disclosure_rule_severity = {'R4.2': 'off'}\n", encoding='utf-8'
    )
    # a site in a folder below the current one, named by a relative path (Sphinx reads conf.py
    # from inside its folder)
    site = tmp_path / 'site'
    site.mkdir()
    (site / 'conf.py').write_text(
        "disclosure_rule_severity = {'R2.2': 'error'}\n", encoding='utf-8'
    )
    below = run('check', '--conf', 'site', 'r', '--root', '.', cwd=tmp_path)
    assert below.returncode == 1 and '错误 [R2.2]' in below.stdout, below.stderr
    bad = run('check', '--conf', '.', 'r', cwd=tmp_path)
    # the words of the build's warning about the same conf.py (config.validate serves both)
    assert bad.returncode == 2 and bad.stderr.endswith(
        '--conf .：disclosure_rule_severity: 规则 R4.2 在读取文件时即检查，不能关闭，也不能降低级别。\n'
    )


def test_json_output(tmp_path):
    copy_fixtures(tmp_path, 2021, R31)
    result = run('check', '--format', 'json', 'r', cwd=tmp_path)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data['summary'] == {
        'files': 4,
        'error': 1,
        'warning': 1,
        'advisory': 0,
        'acknowledged': 0,
        'info': 1,
        'checked': 59 + 73 + 67 + 69,
        'unchecked': 14,
    }
    by_file = {f['file']: f for f in data['files']}
    assert set(by_file) == {'r/2019.yaml', 'r/2020.yaml', 'r/2021.yaml', 'r/2022.yaml'}
    f2021 = by_file['r/2021.yaml']
    assert f2021['report'] == {'agency': '测试局', 'year': 2021, 'format': '2021'}
    assert f2021['previous'] == 'r/2020.yaml'
    assert f2021['rules'] == {'checked': 67, 'not_checked': 0}
    (m,) = f2021['messages']
    assert {
        k: m[k]
        for k in (
            'rule',
            'code',
            'severity',
            'file',
            'line',
            'key',
            'table',
            'reported',
            'expected',
            'difference',
            'acknowledged',
        )
    } == {
        'rule': 'R3.1',
        'code': 'R3.1',
        'severity': 'error',
        'file': 'r/2021.yaml',
        'line': 45,
        'key': 'applications.to_next_year.natural_person',
        'table': 'applications',
        'reported': 3,
        'expected': 2,
        'difference': 1,
        'acknowledged': None,
    }
    assert [p['key'] for p in m['parts']] == [
        'applications.new.natural_person',
        'applications.from_last_year.natural_person',
        'applications.total.natural_person',
        'applications.to_next_year.natural_person',
    ]
    assert m['parts'][2]['status'] == 'derived'
    assert m['message'].startswith('违反表三自注的勾稽关系')
    info = by_file['r/2019.yaml']['messages'][0]
    assert info['code'] == 'no-previous-year' and info['rule'] is None
    assert list(info) == list(m)  # the same keys for every message


def test_english(tmp_path):
    copy_fixtures(tmp_path, 2021, R31)
    result = run('check', 'r/2021.yaml', cwd=tmp_path, lang='en_US.UTF-8')
    assert (
        '  error [R3.1] r/2021.yaml:45: applications.to_next_year.natural_person: Breaks the rule'
        in result.stdout
    )
    assert result.stdout.splitlines()[-1] == (
        'Files checked: 1. Errors: 1, warnings: 0, advisories: 0, acknowledged: 0. '
        'Rules not checked in 0 places.'
    )
    zh = run('check', '--lang', 'zh_CN', 'r/2021.yaml', cwd=tmp_path, lang='en_US.UTF-8')
    assert '错误 [R3.1]' in zh.stdout


def test_reports_given_together_are_compared_across_years(tmp_path):
    folder = copy_fixtures(
        tmp_path,
        2020,
        ('granted: {natural_person: 3,', 'granted: {natural_person: 4,'),
        ('to_next_year: {natural_person: 2,', 'to_next_year: {natural_person: 1,'),
    )
    (tmp_path / 'a').mkdir()
    (tmp_path / 'b').mkdir()
    shutil.move(str(folder / '2020.yaml'), tmp_path / 'a' / '2020.yaml')
    shutil.move(str(folder / '2021.yaml'), tmp_path / 'b' / '2021.yaml')
    alone = run('check', 'b/2021.yaml', cwd=tmp_path)
    assert '[no-previous-year]' in alone.stdout and '[RX.1]' not in alone.stdout
    together = run('check', 'a/2020.yaml', 'b/2021.yaml', cwd=tmp_path)
    assert (
        '  警告 [RX.1] b/2021.yaml:19: applications.from_last_year.natural_person:'
        in together.stdout
    )
    assert 'a/2020.yaml 第 43 行' in together.stdout


def test_console_script_is_installed():
    script = Path(sys.executable).parent / 'sphinx-disclosure'
    assert script.exists(), 'pip install -e . installs the sphinx-disclosure command'
    result = subprocess.run(
        [str(script), 'check', str(FIXTURES / '2021.yaml')], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def broken_example(tmp_path):
    """A copy of the example site whose 2021 report has one cell changed."""
    site = tmp_path / 'site'
    shutil.copytree(ROOT / 'example_site', site, ignore=shutil.ignore_patterns('_build'))
    path = site / 'agencies' / 'transport' / 'reports' / '2021.yaml'
    text = path.read_text(encoding='utf-8')
    old = 'granted: {natural_person: 14,'
    assert old in text
    path.write_text(text.replace(old, 'granted: {natural_person: 15,'), encoding='utf-8')
    return site


def test_build_and_check_reject_the_same_change_with_the_same_message(broken_example, tmp_path):
    build = sphinx_build(str(broken_example), str(tmp_path / 'out'))
    assert build.returncode != 0
    warnings = [line for line in build.stderr.splitlines() if 'WARNING' in line]
    assert warnings, build.stderr
    # the county's report sums the bureau's (units:): its hierarchy check sees the change too
    assert any('[disclosure.RH.1]' in w for w in warnings)
    first = next(w for w in warnings if w.endswith('[disclosure.R3.1]'))
    assert '2021.md:3: WARNING: agencies/transport/reports/2021.yaml:' in first
    sphinx_text = first.split('WARNING: ', 1)[1].rsplit(' [disclosure.R3.1]', 1)[0]

    check = run('check', 'agencies/transport/reports/2021.yaml', cwd=broken_example)
    assert check.returncode == 1
    cli_lines = [line for line in check.stdout.splitlines() if '[R3.1]' in line]
    assert cli_lines == [f'  错误 [R3.1] {sphinx_text}']
    # the message says which rule, which cell, what was found and what was expected
    assert 'applications.to_next_year.natural_person' in sphinx_text
    assert '填写为 1，按一 + 二 − 三计算应为 0（相差 +1）' in sphinx_text


def test_a_folder_without_reports_is_a_usage_error(tmp_path):
    """Pointing the check at the wrong folder must not look like a clean pass."""
    (tmp_path / 'empty').mkdir()
    (tmp_path / 'notes').mkdir()
    (tmp_path / 'notes' / 'readme.txt').write_text('x\n', encoding='utf-8')
    for folder in ('empty', 'notes'):
        result = run('check', folder, cwd=tmp_path)
        assert result.returncode == 2
        assert f'{folder}：该文件夹中没有报告文件（*.yaml、*.yml）' in result.stderr
        assert result.stdout == ''


def test_files_outside_the_checked_folder_are_not_read(tmp_path):
    folder = copy_fixtures(tmp_path)
    (tmp_path / 'archive').mkdir()
    shutil.move(str(folder / '2020.yaml'), tmp_path / 'archive' / '2020.yaml')
    path = folder / '2021.yaml'
    path.write_text(
        path.read_text(encoding='utf-8').replace(
            'sections:', 'previous: ../archive/2020.yaml\nsections:', 1
        ),
        encoding='utf-8',
    )
    refused = run('check', 'r/2021.yaml', cwd=tmp_path, lang='en_US.UTF-8')
    assert refused.returncode == 1
    assert (
        '  error [outside-root] r/2021.yaml:5: previous: ../archive/2020.yaml lies outside '
        'the folder of the site, so it is not read.'
    ) in refused.stdout
    widened = run('check', '--root', '.', 'r/2021.yaml', cwd=tmp_path)
    assert widened.returncode == 0, widened.stdout
    # a format folder is read only from inside the checked folder too
    (tmp_path / 'forms').mkdir()
    outside = run('check', '--forms-dir', 'forms', 'r', cwd=tmp_path)
    assert (
        outside.returncode == 2 and '--forms-dir' in outside.stderr and '--root' in outside.stderr
    )
    assert run('check', '--root', '.', '--forms-dir', 'forms', 'r', cwd=tmp_path).returncode == 0


def test_max_file_size(tmp_path):
    copy_fixtures(tmp_path)
    small = run('check', '--max-file-size', '1KiB', 'r/2021.yaml', cwd=tmp_path, lang='en_US.UTF-8')
    assert small.returncode == 1
    assert '  error [file-too-large] r/2021.yaml: r/2021.yaml is ' in small.stdout
    assert 'more than the limit of 1 KiB (disclosure_max_file_size)' in small.stdout
    assert run('check', '--max-file-size', '2MiB', 'r/2021.yaml', cwd=tmp_path).returncode == 0
    bad = run('check', '--max-file-size', 'big', 'r', cwd=tmp_path)
    assert bad.returncode == 2 and '--max-file-size big' in bad.stderr
