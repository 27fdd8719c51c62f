"""Asking the graph: SPARQL requests read from their syntax tree, the stored queries with their
parameters, topics and expected answers, and the printing of results.

May import: :mod:`kzgraph.core`, :mod:`kzgraph.curated`, :mod:`kzgraph.pipeline`.
"""
