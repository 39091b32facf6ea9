"""The project keeps its promises: README commands, CI, lint, no machine paths."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / 'README.md').read_text(encoding='utf-8')
    return re.findall(r'```bash\n(.*?)\n```', text, re.S)


def test_readme_starts_with_two_commands_and_ci_runs_the_test_command_verbatim():
    commands = readme_commands()
    assert len(commands) >= 2
    build, test = commands[:2]
    assert '\n' not in build and '\n' not in test
    assert 'example_site' in build and 'sphinx-build -W' in build
    assert 'pytest' in test
    ci = (ROOT / '.ci' / 'run').read_text(encoding='utf-8')
    assert test in ci.splitlines()


@pytest.mark.parametrize('command', [['check'], ['format', '--check']])
def test_ruff_clean(command):
    """The whole tree (package, tests, docs extension, benchmark) is ruff check and ruff format
    clean."""
    result = subprocess.run(
        [sys.executable, '-m', 'ruff', *command, '.'],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_paths_of_this_machine():
    tracked = subprocess.run(['git', 'ls-files'], cwd=ROOT, capture_output=True, text=True)
    files = [ROOT / f for f in tracked.stdout.split()] if tracked.returncode == 0 else []
    pattern = re.compile(r'/(work|root|home|tmp)/[A-Za-z]')
    offenders = []
    for path in files:
        if (
            path.suffix
            in ('.py', '.md', '.rst', '.yaml', '.toml', '.txt', '.sh', '.json', '.css', '.po', '')
            and path.is_file()
        ):
            text = path.read_text(encoding='utf-8', errors='replace')
            if path.name == 'test_project.py':
                continue
            offenders += [f'{path.name}: {m.group(0)}' for m in pattern.finditer(text)]
    assert offenders == []


def test_read_the_docs_configuration():
    import yaml

    config = yaml.safe_load((ROOT / '.readthedocs.yaml').read_text(encoding='utf-8'))
    assert config['version'] == 2
    assert (ROOT / config['sphinx']['configuration']).is_file()
    assert config['sphinx']['fail_on_warning'] is True
    assert 'pdf' in config['formats']
    assert {'fonts-noto-cjk', 'fonts-freefont-otf'} <= set(config['build']['apt_packages'])
    # the reports' own PDFs before the HTML build, beside it (tests/test_readthedocs.py runs it)
    jobs = ' '.join(config['build']['jobs']['pre_build'])
    assert '-M latexpdf example_site "$READTHEDOCS_OUTPUT"' in jobs
    assert 'disclosure_pdf_per_report=1' in jobs
    assert config['python']['install'] == [{'method': 'pip', 'path': '.'}]


def test_ci_installs_what_the_pdf_tests_need():
    ci = (ROOT / '.ci' / 'run').read_text(encoding='utf-8')
    script = (ROOT / 'tools' / 'install-system-deps.sh').read_text(encoding='utf-8')
    for package in (
        'texlive-xetex',
        'texlive-lang-chinese',
        'latexmk',
        'fonts-noto-cjk',
        'fonts-freefont-otf',
        'poppler-utils',
        'chromium',
    ):
        assert package in ci and package in script, package
