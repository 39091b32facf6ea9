"""Every message has a Chinese translation with the same placeholders."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from sphinx_disclosure.messages import LOCALE_DIR, TEMPLATES, WORDS, Msg, Problem, render
from sphinx_disclosure.rules.catalogue import texts as rule_texts

PO = LOCALE_DIR / 'zh_CN' / 'LC_MESSAGES' / 'sphinx_disclosure.po'


def catalog():
    with PO.open('rb') as f:
        return {m.id: m for m in read_po(f) if m.id}


def placeholders(text: str) -> set[str]:
    return set(re.findall(r'\{(\w+)\}', text))


def test_every_message_is_translated():
    cat = catalog()
    # the rule catalogue's titles, bases and messages go through the same catalogue
    for msgid in [*TEMPLATES.values(), *WORDS.values(), *rule_texts().values()]:
        assert msgid in cat, msgid
        message = cat[msgid]
        assert message.string and not message.fuzzy, msgid
        assert placeholders(message.string) == placeholders(msgid), msgid


def test_catalog_has_no_stale_entries():
    wanted = set(TEMPLATES.values()) | set(WORDS.values()) | set(rule_texts().values())
    assert set(catalog()) == wanted


def test_language_selection():
    p = Problem('empty-file', file='a.yaml')
    assert p.format('zh_CN') == 'a.yaml: 报告数据文件是空的。'
    assert p.format('zh') == p.format('zh_CN') == p.format('zh-Hans')
    assert p.format('en') == 'a.yaml: The report data file is empty.'
    assert p.format(None) == p.format('fr') == p.format('en')


def test_nested_messages_are_translated():
    msg = Msg(WORDS['cell-no-row'], {'table': '表', 'column': '列'})
    assert render(msg, 'zh_CN') == '表格“表”中“列”列的单元格'
    assert render(msg, 'en') == 'the cell “列” of the table “表”'


def test_every_message_can_be_formatted():
    """A literal brace in a template (“{ }”) breaks str.format; every template, in every
    language, must format with a value for each of its placeholders."""
    for table in (TEMPLATES, WORDS):
        for code, msgid in table.items():
            params = {name: 'X' for name in placeholders(msgid)}
            for lang in ('en', 'zh_CN'):
                assert render(Msg(msgid, params), lang), code  # raises on a stray brace
