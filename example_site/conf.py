"""Example portal: a county government, its office and departments, 2019–2025; one YAML file
per report (sphinx-disclosure)."""

project = '某县政府信息公开'
author = '某县人民政府'
copyright = '某县人民政府'
language = 'zh_CN'

extensions = ['sphinx_disclosure', 'myst_parser']
source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}
exclude_patterns = ['_build']

html_title = '某县政府信息公开工作年度报告'
html_theme = 'alabaster'
ALABASTER_OPTIONS = {'page_width': '1200px', 'sidebar_width': '220px'}


def alabaster_options(app, config):
    """``sphinx-build -D html_theme=furo`` (or sphinx_rtd_theme, pydata_sphinx_theme) builds the
    same site in another theme; these options are alabaster's and unknown to the others. ``-D``
    takes effect after this file has run, so the choice is made once the configuration is
    complete."""
    if config.html_theme == 'alabaster':
        config.html_theme_options = ALABASTER_OPTIONS


def setup(app):
    app.connect('config-inited', alabaster_options)
