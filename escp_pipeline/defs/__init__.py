"""Dagster definitions, one folder per stage of the data flow.

They are loaded by ``escp_pipeline.definitions``.

Every module here is thin: it loads, calls the pure functions of the stage packages, attaches
metadata and returns. Heavy libraries (pandera, matplotlib, Great Expectations) are imported inside
functions.
"""
