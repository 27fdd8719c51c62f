"""kzgraph: the linked-data knowledge graph of Kazakhstan's foreign relations.

The pipeline runs one way, one module a stage:

    data/*.yaml --load--> records --convert--> rdflib graph --validate/reason--> dist/ --> store, queries

Import the stages from their modules (``kzgraph.load``, ``kzgraph.convert``, ``kzgraph.build`` …);
``kzgraph.cli`` only wires them together.
"""

__version__ = "0.1.0"
