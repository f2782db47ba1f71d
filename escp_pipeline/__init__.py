"""escp_pipeline: LimeSurvey progress surveys of the European Strategic Cluster Partnerships to
tables,
figures and a progress report, as Dagster software-defined assets."""
