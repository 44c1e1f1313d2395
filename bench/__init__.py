"""Benchmarks and data generators; never part of the default test run.

- ``python -m bench.generate --scale N``: an association N times the demo's size in its own
  SQLite database under ``bench/out/``.
- ``python -m bench.pages``: the group page and the structure overview at scale 1 and 10
  against a bare Django view, timed in one run; see docs/performance.md.
"""
