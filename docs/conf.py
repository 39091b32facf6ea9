"""Sphinx configuration of the sphinx-disclosure documentation."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / '_ext'))

import sphinx_disclosure  # noqa: E402

project = 'sphinx-disclosure'
author = 'sphinx-disclosure maintainers'
copyright = '2026, sphinx-disclosure maintainers'
version = release = sphinx_disclosure.__version__

language = 'zh_CN'

extensions = [
    'sphinx_disclosure',
    'myst_parser',
    'schema_reference',  # docs/_ext: the YAML reference, generated from the JSON Schema
]

source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}
root_doc = 'index'
exclude_patterns = ['_build', 'Thumbs.db', '.DS_Store']

# -- sphinx-disclosure ---------------------------------------------------------------------
disclosure_date_style = 'arabic'  # 2025年1月20日 (GB/T 9704-2012)
disclosure_pdf_per_report = False  # the example reports here are part of the manual

# -- HTML ----------------------------------------------------------------------------------
html_theme = 'alabaster'
html_title = 'sphinx-disclosure'
ALABASTER_OPTIONS = {
    'description': '政府信息公开工作年度报告：一年一个 YAML 文件',
    'page_width': '1180px',
    'sidebar_width': '240px',
}


def alabaster_options(app, config):
    """``-D html_theme=furo`` (or sphinx_rtd_theme, pydata_sphinx_theme) builds the same manual
    in another theme; these options are alabaster's and unknown to the others. ``-D`` takes
    effect after this file has run, so the choice is made once the configuration is complete."""
    if config.html_theme == 'alabaster':
        config.html_theme_options = ALABASTER_OPTIONS


# -- LaTeX (language zh_CN selects xelatex and xeCJK) --------------------------------------
latex_engine = 'xelatex'
latex_use_xindy = False
latex_table_style = ['standard']
latex_elements = {
    'papersize': 'a4paper',
    # long lines of pasted output (Chinese has no spaces to break at) wrap instead of running off
    'sphinxsetup': 'verbatimforcewraps=true',
    # chapters are numbered; sections are not: report headings already carry 一、（一）
    'preamble': r"""
\setcounter{secnumdepth}{0}
\setCJKmainfont{Noto Serif CJK SC}
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
""",
}
# toctree_only: the pages of the toctree become the chapters of the PDF (the index page's own
# sections would otherwise hold them all)
latex_documents = [
    (root_doc, 'sphinx-disclosure.tex', 'sphinx-disclosure 文档', author, 'manual', True),
]


def setup(app):
    app.connect('config-inited', alabaster_options)
