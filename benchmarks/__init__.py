"""Benchmarks: speed and memory figures, each printed next to a peer measured in the same run."""
