"""Reliability: crash safety, concurrency, hostile input (the long runs are in bench.stress)."""
