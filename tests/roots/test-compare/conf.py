# One agency's reports 2019–2022 compared on a page written twice, in reStructuredText
# (rst.rst) and in MyST (myst.md); tests/test_compare.py checks that both give the same doctree.
extensions = ['sphinx_disclosure', 'myst_parser']
language = 'zh_CN'
