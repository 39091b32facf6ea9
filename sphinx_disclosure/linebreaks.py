"""Line breaks inside Chinese sentences of hand-written pages.

reStructuredText and Markdown join the lines of a paragraph with a line break, which browsers
and LaTeX show as a space: right for languages that separate words with spaces, wrong for
Chinese, where a sentence typed over two lines of the source then reads “申请36件， 其中”.
On pages that use the extension (they show a report, use its role or its numbering), a line
break between two Chinese characters (or Chinese punctuation) is removed from paragraphs, so
the text wraps as the reader's language does. Line breaks next to a Latin letter or a digit are
kept (they separate words). ``disclosure_cjk_linebreaks = False`` turns it off.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

#: CJK ideographs, kana, bopomofo, CJK punctuation and full-width forms
_CJK = (
    '\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u32ff'
    '\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef'
)
_BREAK = re.compile(rf'(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])')

#: where text is shown as written: never touched
_VERBATIM = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.math)


def join_cjk_lines(text: str) -> str:
    """``text`` with each line break between two CJK characters removed."""
    return _BREAK.sub('', text)


def _uses_the_extension(document: nodes.document, env: Any) -> bool:
    if env.get_domain('disclosure').pages.get(env.docname):
        return True
    for node in document.findall(nodes.Element):
        if any(str(c).startswith('disclosure-') for c in node['classes']):
            return True
    return False


class CJKLineBreaks(SphinxTransform):
    """Remove the line breaks between CJK characters in the paragraphs of a page that uses
    the extension."""

    default_priority = 700  # after the numbering (200), before smart quotes (750)

    def apply(self, **kwargs: Any) -> None:
        if not self.config.disclosure_cjk_linebreaks:
            return
        if not _uses_the_extension(self.document, self.env):
            return
        for text in list(self.document.findall(nodes.Text)):
            if '\n' not in text:
                continue
            parent = text.parent
            if parent is None or not any(
                isinstance(a, nodes.paragraph) for a in _ancestors(parent)
            ):
                continue
            if any(isinstance(a, _VERBATIM) for a in _ancestors(parent)):
                continue
            joined = join_cjk_lines(str(text))
            if joined != text:
                parent.replace(text, nodes.Text(joined))


def _ancestors(node: nodes.Node):
    while node is not None:
        yield node
        node = node.parent


def setup(app: Any) -> None:
    app.add_transform(CJKLineBreaks)
