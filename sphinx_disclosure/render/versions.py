"""The version switcher on every HTML page of a version built by ``sphinx-disclosure versions``.

A theme-independent control: a small script and stylesheet (``static/disclosure_versions.*``)
that read ``versions.json`` one folder above the version's root and offer the same page in the
other versions. They are added only when ``disclosure_version`` says which version is being
built, so a site without versions loads no script. The words come from the message catalogue
and reach the script as data attributes of its own ``<script>`` tag (Sphinx escapes them), so
the script holds no text of its own and no page text is ever read as code.
"""

from __future__ import annotations

import json
from typing import Any

from ..config import message_language
from ..messages import render, word

JS_FILE = 'disclosure_versions.js'
CSS_FILE = 'disclosure_versions.css'

#: the words the switcher shows, by the key the script reads; ``{version}`` and ``{date}`` are
#: left for the script to fill in
WORDS = {
    'menu': ('versions-menu', {}),
    'label': ('versions-label', {}),
    'latest': ('versions-latest', {'version': '{version}'}),
    'published': ('versions-published', {'date': '{date}'}),
    'unpublished': ('versions-unpublished', {}),
    'notLatest': ('versions-not-latest', {}),
    'pdf': ('versions-pdf', {}),
    'pdfLabel': ('versions-pdf-label', {'version': '{version}'}),
    'unavailable': ('versions-unavailable', {}),
}

#: builders whose pages are read in a browser beside the other versions (not an e-book)
BUILDERS = ('html', 'dirhtml', 'singlehtml')


def switcher_words(language: str) -> dict[str, str]:
    """The switcher's words in ``language``."""
    return {key: render(word(which, **params), language) for key, (which, params) in WORDS.items()}


def add_switcher(app: Any) -> None:
    """``builder-inited``: the script and stylesheet of the switcher, when a version is built."""
    version = app.config.disclosure_version
    if not version or app.builder.name not in BUILDERS:
        return
    words = switcher_words(message_language(app.config))
    app.add_css_file(CSS_FILE)
    app.add_js_file(
        JS_FILE,
        loading_method='defer',
        **{
            'data-version': version,
            'data-versions-url': app.config.disclosure_versions_url,
            'data-words': json.dumps(words, ensure_ascii=False, sort_keys=True),
        },
    )


def setup(app: Any) -> None:
    app.connect('builder-inited', add_switcher)
