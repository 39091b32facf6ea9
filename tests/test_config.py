"""The disclosure_* settings: declared once, validated once, the same for build and check."""

from __future__ import annotations

import pytest
from sphinx.errors import ConfigError

from sphinx_disclosure.config import SETTINGS, ConfigProblem, validate

from .conftest import write_site
from .reports import report


def test_every_setting_is_registered_with_its_help(tmp_path, make_app):
    src = write_site(
        tmp_path / 'src', {'index.rst': '.. disclosure-report:: r.yaml\n', 'r.yaml': report('2021')}
    )
    app = make_app('html', srcdir=src)
    names = {s.name for s in SETTINGS}
    registered = {v.name for v in app.config if v.name.startswith('disclosure_')}
    assert registered == names
    options = app.config._options  # Sphinx keeps each value's declaration here
    for s in SETTINGS:
        assert options[s.name].description == s.help and s.help
        assert options[s.name].rebuild == s.rebuild


def test_a_mistyped_date_style_warns_and_falls_back(tmp_path, make_app):
    src = write_site(
        tmp_path / 'src',
        {'index.rst': '.. disclosure-report:: r.yaml\n', 'r.yaml': report('2021')},
        conf="disclosure_date_style = 'hanzl'\n",
    )
    app = make_app('html', srcdir=src)
    app.build()
    warnings = app.warning.getvalue()
    assert (
        'disclosure_date_style: “hanzl”不是允许的值。是否应为“hanzi”？可用的值：arabic、hanzi。'
        in warnings
    )
    assert '[disclosure.unknown-value]' in warnings
    assert app.config.disclosure_date_style == 'arabic'


@pytest.mark.parametrize(
    ('values', 'message'),
    [
        ({'disclosure_max_file_size': 0}, '0'),
        ({'disclosure_max_file_size': True}, 'True'),
        ({'disclosure_forms_dirs': ['../elsewhere']}, '../elsewhere'),
    ],
)
def test_fatal_settings_stop_build_and_check_alike(tmp_path, make_app, values, message):
    with pytest.raises(ConfigProblem, match=r'.') as raised:
        validate(values, confdir=tmp_path, srcdir=tmp_path, language='zh_CN')
    assert message in raised.value.message
    conf = ''.join(f'{k} = {v!r}\n' for k, v in values.items())
    src = write_site(tmp_path / 'src', {'index.rst': 'x\n'}, conf=conf)
    with pytest.raises(ConfigError) as stopped:
        make_app('html', srcdir=src)
    assert str(stopped.value) == validate_message(values, src)


def validate_message(values, src) -> str:
    try:
        validate(values, confdir=src, srcdir=src, language='zh_CN')
    except ConfigProblem as exc:
        return exc.message
    raise AssertionError('no problem')


@pytest.mark.parametrize(
    ('written', 'kept'),
    [
        (True, True),
        (False, False),
        ('auto', 'auto'),
        ('1', True),  # -D disclosure_pdf_per_report=1
        ('0', False),
        ('Yes', True),
    ],
)
def test_pdf_per_report_is_a_switch_with_auto(tmp_path, written, kept):
    settings, problems = validate(
        {'disclosure_pdf_per_report': written}, confdir=tmp_path, srcdir=tmp_path, language='en'
    )
    assert problems == [] and settings.pdf_per_report == kept


def test_pdf_per_report_auto_is_off_only_in_read_the_docs_own_pdf_build(monkeypatch):
    from types import SimpleNamespace

    from sphinx_disclosure.render.latex import pdf_per_report

    config = SimpleNamespace(disclosure_pdf_per_report='auto')
    monkeypatch.delenv('READTHEDOCS', raising=False)
    assert pdf_per_report(config, 'latex') and pdf_per_report(config, 'html')
    monkeypatch.setenv('READTHEDOCS', 'True')
    assert not pdf_per_report(config, 'latex') and pdf_per_report(config, 'html')
    config.disclosure_pdf_per_report = True
    assert pdf_per_report(config, 'latex')


def test_pdf_per_report_mistyped_warns(tmp_path):
    settings, problems = validate(
        {'disclosure_pdf_per_report': 'maybe'}, confdir=tmp_path, srcdir=tmp_path, language='en'
    )
    assert settings.pdf_per_report == 'auto'
    (problem,) = problems
    assert problem.format('en') == (
        'disclosure_pdf_per_report: “maybe” is not one of the allowed values. Allowed: True, '
        'False, auto.'
    )
