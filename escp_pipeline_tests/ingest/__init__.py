"""Tests of the drop sensor, the automation condition, the run-failure log and the instance config."""
