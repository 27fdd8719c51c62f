"""The publishing stack: the linked-data site served (``kzgraph serve``) or written as files
(``kzgraph publish``), one concern a module.

HTTP and the endpoint
    :mod:`.serve` (the command, the HTTP server and its limits) → :mod:`.app` (routes, Cool-URI
    redirects, dumps, static files, caching) → :mod:`.endpoint` (the SPARQL protocol) →
    :mod:`.pool` (query workers under a deadline) → :mod:`.results` (a job run in a worker, results
    written with bounds); :mod:`.sandbox` walls the workers off the network, :mod:`.negotiation`
    picks formats and languages, :mod:`.http` holds requests and responses, :mod:`.cache` the
    byte-bounded response cache; :mod:`.host` is what the endpoint uses of the app (so neither
    imports the other both ways).
Documents and pages
    :mod:`.view` reads a loaded release; :mod:`.documents` writes per-resource RDF;
    :mod:`.addresses` maps IRIs onto the served base; :mod:`.html` builds safe markup;
    :mod:`.layout` frames every page; :mod:`.resource_page`, :mod:`.index_pages`,
    :mod:`.ontology_page`, :mod:`.void`, :mod:`.query_pages` are the pages; :mod:`.i18n` their
    texts in English and Bulgarian; the SVG timeline and diagram are drawn by
    :mod:`kzgraph.pipeline.pictures` (the build writes them too).
The static copy
    :mod:`kzgraph.publish` writes these pages as files (with :mod:`.webconf`'s Apache and nginx rules,
    and ``serve --print-nginx`` its proxy's); :mod:`.baseurl` checks the public address.

May import: every room below it — :mod:`kzgraph.core`, :mod:`kzgraph.curated`, :mod:`kzgraph.pipeline`,
:mod:`kzgraph.asking`, :mod:`kzgraph.external`; above it only :mod:`kzgraph.publish` and :mod:`kzgraph.cli`.
"""
