"""The rule catalogue as a table (the ``disclosure-rules`` directive)."""

from __future__ import annotations

from docutils import nodes

from ..messages import render, severity_word, word
from ..rules.catalogue import Rule


def _entry(text: str, **attrs) -> nodes.entry:
    entry = nodes.entry(**attrs)
    entry += nodes.paragraph(text, text)
    return entry


def rules_table(rules: list[Rule], severities: dict[str, str], language: str) -> nodes.table:
    """id, what is checked, effective severity, kind (F/I/H) and basis of every rule."""
    # widths given (HTML colgroup, LaTeX column spec) and longtable: 15 rows of long text
    table = nodes.table(classes=['disclosure-rules', 'colwidths-given', 'longtable'])
    caption = render(word('rules-caption'), language)
    table += nodes.title(caption, caption)
    tgroup = nodes.tgroup(cols=5)
    table += tgroup
    for width in (8, 34, 8, 12, 46):
        tgroup += nodes.colspec(colwidth=width)
    head = nodes.row()
    for name in ('rules-id', 'rules-title', 'rules-severity', 'rules-status', 'rules-basis'):
        head += _entry(render(word(name), language))
    tgroup += nodes.thead('', head)
    body = nodes.tbody()
    tgroup += body
    for rule in rules:
        severity = severities.get(rule.id, rule.severity)
        severity_text = severity_word(severity, language)
        if rule.kind == 'schema':
            severity_text = render(
                word('rules-severity-enforced', severity=severity_text), language
            )
        row = nodes.row()
        row += _entry(rule.id, ids=[f'rule-{rule.id.lower().replace(".", "-")}'])
        row += _entry(rule.text('title', language))
        row += _entry(severity_text)
        row += _entry(render(word(f'status-{rule.status}'), language))
        row += _entry(rule.text('basis', language))
        body += row
    return table
