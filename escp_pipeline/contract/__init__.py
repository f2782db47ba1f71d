"""The survey data contract: codebooks, partnership registry, drop naming and the export reader.

Knows LimeSurvey and the two questionnaires; knows nothing of Dagster.
"""
