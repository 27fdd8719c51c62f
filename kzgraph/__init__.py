"""kzgraph: the linked-data knowledge graph of Kazakhstan's foreign relations.

The pipeline runs one way, one module a stage::

    data/*.yaml --load--> records --convert--> Triples (sorted N-Triples)
        --validate (SHACL, QC) / reason (OWL 2 RL)--> dist/ (every RDF format) --> store, queries, web

- ``load`` reads the curated sources into records, checking each against ``model`` (the record types
  and fields) and ``fieldkinds`` (how each kind of field is read, converted, schema'd and described);
- ``convert`` turns records into :class:`~kzgraph.pipeline.triples.Triples`, the form the fast engines read;
- ``validate`` runs the SHACL shapes and the QC queries, ``reason`` the OWL 2 RL closure;
- ``build`` ties them together and writes the release with ``serialize``; ``triplestore`` loads it
  into Oxigraph, Fuseki, Virtuoso or GraphDB; ``queries`` runs the stored SPARQL queries;
- ``web`` is the publishing stack: the HTTP server, the SPARQL endpoint and its worker pool, the
  HTML pages, content negotiation, the static site.

Import the stages from their modules; ``kzgraph.cli`` only wires them together, and no module
imports it (``tests/test_house.py``).
"""

__version__ = "0.1.0"
