"""Tests of the warehouse tables and the atomic writes of output files."""
