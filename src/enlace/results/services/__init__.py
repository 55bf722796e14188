"""Writes of results frameworks, by role: programmes and their tree of results, indicators,
and the figures set by people (targets, reported values)."""
