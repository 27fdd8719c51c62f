"""Benchmark material for kzgraph: the synthetic-project generator (``bench.generate``) and results."""
