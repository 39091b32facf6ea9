"""sphinx-disclosure: 政府信息公开工作年度报告 written as data, published with Sphinx.

Load with ``extensions = ['sphinx_disclosure']`` in ``conf.py``.
"""

from __future__ import annotations

from typing import Any

__version__ = '0.1.0'

#: bump when the doctree produced for the same input changes, so Sphinx re-reads every page
ENV_VERSION = 2


def env_version() -> int:
    """ENV_VERSION combined with a checksum of the packaged forms files.

    A corrected label in a forms file changes every page that shows the table, although no
    report file changed; folding the files' checksum into ``env_version`` makes Sphinx discard
    environments pickled with the old forms.
    """
    import zlib
    from pathlib import Path

    crc = 0
    for path in sorted((Path(__file__).parent / 'forms').glob('*.yaml')):
        crc = zlib.crc32(path.read_bytes(), crc)
    return ENV_VERSION * 10**10 + crc


def setup(app: Any) -> dict[str, Any]:
    from . import config, linebreaks, parallel, portal
    from .directives import (
        DisclosureRole,
        NarrativeDirective,
        NumberingDirective,
        ReportDirective,
        RulesDirective,
        SourceDirective,
        TableDirective,
        new_build,
    )
    from .domain import DisclosureDomain
    from .render import html, latex, revisions

    config.register(app)
    app.add_domain(DisclosureDomain)
    app.connect('builder-inited', new_build)
    app.add_directive('disclosure-report', ReportDirective)
    app.add_directive('disclosure-table', TableDirective)
    app.add_directive('disclosure-section', NarrativeDirective)
    app.add_directive('disclosure-source', SourceDirective)
    app.add_directive('disclosure-numbering', NumberingDirective)
    app.add_directive('disclosure-rules', RulesDirective)
    app.add_role('disclosure', DisclosureRole())
    html.setup(app)
    latex.setup(app)
    revisions.setup(app)  # the corrections' links in print
    parallel.setup(app)
    linebreaks.setup(app)
    portal.setup(app)
    app.setup_extension('sphinx_disclosure.render.cms')  # sphinx-build -b disclosure-cms
    from .render import versions as switcher

    switcher.setup(app)

    return {
        'version': __version__,
        'env_version': env_version(),
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
