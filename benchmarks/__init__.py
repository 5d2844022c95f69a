"""Benchmarks and the data they run on: tooling of a checkout, not part of the shipped apps."""
