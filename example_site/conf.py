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
html_theme_options = {'page_width': '1200px', 'sidebar_width': '220px'}
