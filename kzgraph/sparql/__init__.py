"""SPARQL read from its syntax tree: the one reading of a query (:mod:`.check`: what the engine runs is
the text the check read; size, nesting, Update and SERVICE refused), the tree walks it shares
(:mod:`.tree`), why a query does not read (:mod:`.errors`, :mod:`.scope`) and the terms and graphs it
names (:mod:`.term_check`). Below the pipeline, so that the build reads its own queries (the QC queries,
the shapes' SPARQL) with the same check as the endpoint reads a stranger's."""
