"""Stored doctrees of a whole 2019-format and 2021-format report page.

The same two pages are written once in reStructuredText (``tests/roots/test-report-rst``) and
once in MyST (``tests/roots/test-report-myst``), and both must give exactly the stored doctree
in ``tests/snapshots/``: the directive's output does not depend on the markup language.

The snapshot is the doctree as the environment stores it (before any builder's post-transform),
so it shows the builder-neutral output: tables with their merged cells, label cells with their
scope, numbered headings, the signature. After a deliberate change of the output, review the
difference and regenerate with ``pytest tests/test_snapshots.py --force-regen``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SNAPSHOTS = Path(__file__).parent / 'snapshots'


def doctree_text(app, docname: str) -> str:
    text = app.env.get_doctree(docname).pformat()
    # what differs between the two sites (the file read) or between Sphinx versions
    return re.sub(r' (source|translation_progress)="[^"]*"', '', text)


@pytest.mark.parametrize(
    'markup',
    [
        pytest.param('rst', marks=pytest.mark.sphinx('html', testroot='report-rst')),
        pytest.param('myst', marks=pytest.mark.sphinx('html', testroot='report-myst')),
    ],
)
@pytest.mark.parametrize('docname', ['r2020', 'r2021'])
def test_report_page_doctree(app, file_regression, markup, docname):
    app.build()
    assert app.warning.getvalue() == ''
    file_regression.check(doctree_text(app, docname), fullpath=SNAPSHOTS / f'{docname}.pseudoxml')
