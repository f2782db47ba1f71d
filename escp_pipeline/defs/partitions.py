"""The partitions of the pipeline: one dynamic partition per survey round (``<survey>/<round>``)."""

import dagster as dg

survey_rounds = dg.DynamicPartitionsDefinition(name="survey_rounds")
