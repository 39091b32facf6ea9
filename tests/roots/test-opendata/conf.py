# Two report pages in different folders, one in reStructuredText, one in MyST showing two
# reports; tests/test_opendata.py checks the data files written beside them and for the site.
project = '测试县政府信息公开'
extensions = ['sphinx_disclosure', 'myst_parser']
language = 'zh_CN'
exclude_patterns = ['_build']
