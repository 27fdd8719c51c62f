"""The static copy of the site (``kzgraph publish``): every page, RDF document and dump written as
files, with the Apache and nginx rules beside them, the release series and what changed between
releases; where it may write, checked before anything is written.

May import: every room below it — :mod:`kzgraph.core`, :mod:`kzgraph.curated`, :mod:`kzgraph.pipeline`,
:mod:`kzgraph.asking`, :mod:`kzgraph.external`, :mod:`kzgraph.web` (the pages it writes are the ones
the server serves); only :mod:`kzgraph.cli` sits above.
"""
