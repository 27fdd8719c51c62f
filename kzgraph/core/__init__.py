"""The core: what every room uses and nothing of the graph's content — errors that point at a source,
the one table of file formats, safe input files, YAML with lines, dates at the article's precision,
progress on a terminal.

May import: nothing of kzgraph (the layers are declared in ``tests/test_imports.py``).
"""
