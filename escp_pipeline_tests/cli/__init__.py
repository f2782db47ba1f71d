"""Tests of the ``escp-pipeline build`` command."""
