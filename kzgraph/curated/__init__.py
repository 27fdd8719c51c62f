"""The curated format: what ``data/`` may say (the model, its field kinds, the JSON Schemas), the
namespaces its ids live in, and the loader that reads and checks it into records.

May import: :mod:`kzgraph.core`.
"""
