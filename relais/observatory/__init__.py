"""Territorial observatory: vulnerability index, coverage, maps and the coordinator dashboard (issue #18)."""
