"""Benchmarks for vinex (see bench/README.md)."""
