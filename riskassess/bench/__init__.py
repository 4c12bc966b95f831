"""Benchmarks and the EU-scale data set: not part of the product."""
