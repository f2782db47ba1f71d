"""escp_pipeline: survey exports of the European Strategic Cluster Partnerships to a report.

LimeSurvey progress surveys of the European Strategic Cluster Partnerships to tables, figures and a
progress report, as Dagster software-defined assets.
"""
