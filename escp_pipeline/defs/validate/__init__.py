"""Validated core tables and the checks that stop bad data before the analysis."""
