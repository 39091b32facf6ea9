"""The portal: what is made from several reports — the index with coverage, comparisons across
years, sums up the hierarchy, open data — one module per directive, each with its ``setup``.

Everything here builds on the per-page records of :mod:`sphinx_disclosure.domain`.
"""

from __future__ import annotations

from typing import Any


def setup(app: Any) -> None:
    from . import aggregate, compare, index, links, opendata

    links.setup(app)
    index.setup(app)
    aggregate.setup(app)
    compare.setup(app)
    opendata.setup(app)
