# A site showing one report of each national format, written in MyST Markdown;
# tests/test_snapshots.py compares both with the same stored doctrees.
extensions = ['sphinx_disclosure', 'myst_parser']
language = 'zh_CN'
