"""Triple stores outside the process: loading a release (or its deltas) into Oxigraph, Fuseki,
Virtuoso or GraphDB, and the SPARQL protocols that talk to them.

May import: :mod:`kzgraph.core`, :mod:`kzgraph.curated`, :mod:`kzgraph.pipeline`, :mod:`kzgraph.asking`.
"""
