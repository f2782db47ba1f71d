"""Tests of the drop sensor, the automation condition, the failure log, the instance config."""
