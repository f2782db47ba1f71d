"""Analyst tables of OUTPUTS.md, per round and across rounds."""
