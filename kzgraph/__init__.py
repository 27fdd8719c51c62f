"""kzgraph: the linked-data knowledge graph of Kazakhstan's foreign relations.

The pipeline runs one way, one module a stage::

    data/*.yaml --load--> records --convert--> Triples (sorted N-Triples)
        --validate (SHACL, QC) / reason (OWL 2 RL)--> dist/ (every RDF format) --> store, queries, web

The modules stand in rooms (subpackages) in that order, each importing only itself and the rooms
before it (``tests/test_imports.py``):

- ``core``: what every room uses — errors that point at a source, the format registry, safe inputs,
  YAML with lines, dates;
- ``curated``: ``curated.load`` reads the curated sources into records, checking each against
  ``curated.model`` (the record types and fields) and ``curated.fieldkinds`` (how each kind of field
  is read, converted, schema'd and described);
- ``pipeline``: ``convert`` turns records into :class:`~kzgraph.pipeline.triples.Triples`, the form
  the fast engines read; ``validate`` runs the SHACL shapes and the QC queries, ``reason`` the OWL 2
  RL closure; ``build`` ties them together and writes the release (``serialize``, ``metadata``,
  ``pictures``);
- ``asking``: the stored SPARQL queries (``asking.queries``) and what reads a query's syntax tree;
- ``external``: ``external.triplestore`` loads a release into Oxigraph, Fuseki, Virtuoso or GraphDB;
- ``web`` is the publishing stack: the HTTP server, the SPARQL endpoint and its worker pool, the
  HTML pages, content negotiation; ``publish`` writes the site as static files.

Import the stages from their modules; ``kzgraph.cli`` only wires them together, and no module
imports it (``tests/test_house.py``).
"""

__version__ = "0.1.0"
