extensions = ['sphinx_disclosure']
language = 'zh_CN'
exclude_patterns = ['_build']
