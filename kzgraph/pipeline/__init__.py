"""The build pipeline: records → triples → validation and reasoning → the release in ``dist/``
(every RDF format, the dataset's description, the pictures), and what compares two releases.

May import: :mod:`kzgraph.core`, :mod:`kzgraph.curated`.
"""
