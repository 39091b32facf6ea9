"""Example site: one agency's annual reports, one YAML file per year (sphinx-disclosure)."""

project = '某县交通运输局政府信息公开'
author = '某县交通运输局'
copyright = '某县交通运输局'
language = 'zh_CN'

extensions = ['sphinx_disclosure', 'myst_parser']
source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}
exclude_patterns = ['_build']

html_title = '某县交通运输局政府信息公开工作年度报告'
html_theme = 'alabaster'
html_theme_options = {'page_width': '1200px', 'sidebar_width': '220px'}
