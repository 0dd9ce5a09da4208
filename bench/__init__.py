"""Benchmarks and the synthetic-register generator they share (not part of the installed package)."""
