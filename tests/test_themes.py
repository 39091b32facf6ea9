"""The manual builds with ``-W`` in each theme the extension supports: ``html_theme_options``
are alabaster's and set only when alabaster is the theme (``docs/conf.py``), so that
``-D html_theme=furo`` works. The example site is built in each theme by ``test_reader.py``."""

from __future__ import annotations

import pytest

from .conftest import ROOT, sphinx_build


@pytest.mark.parametrize('theme', ['furo', 'sphinx_rtd_theme', 'pydata_sphinx_theme'])
def test_docs_build_without_warnings_in_each_theme(tmp_path, theme):
    result = sphinx_build(str(ROOT / 'docs'), str(tmp_path), '-q', '-D', f'html_theme={theme}')
    assert result.returncode == 0, result.stderr
    page = (tmp_path / 'index.html').read_text(encoding='utf-8')
    # alabaster's sidebar description is an alabaster option: no other theme receives it
    assert '一年一个 YAML 文件' not in page
    assert 'class="disclosure-scroll"' in (tmp_path / 'tutorial.html').read_text(encoding='utf-8')
