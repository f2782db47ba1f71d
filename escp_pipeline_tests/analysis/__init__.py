"""Tests of the analysis layer: pure table functions, claims, and the analyse assets."""
