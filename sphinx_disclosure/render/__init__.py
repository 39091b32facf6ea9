"""Forms and report values → docutils nodes; one module per output concern."""

from __future__ import annotations

from typing import Any

from docutils import nodes


def text_paragraph(text: str, **attributes: Any) -> nodes.paragraph:
    """A paragraph of generated text, whose ``rawsource`` is its own text node.

    Sphinx gives every text element without a ``rawsource`` a copy of its text
    (``ApplySourceWorkaround``), and ``nodes.paragraph(text, text)`` keeps the caller's string
    beside the text node's copy: either way a second copy of every paragraph and every table
    cell stays in each doctree Sphinx holds in memory until it writes the page. Generated text
    has no source other than itself, so the node's one copy serves as both.
    """
    node_text = nodes.Text(text)
    return nodes.paragraph(node_text, '', node_text, **attributes)
