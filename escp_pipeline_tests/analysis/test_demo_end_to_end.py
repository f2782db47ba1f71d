"""The analyse layer on the three demo rounds: every table as promised, the report's claims hold."""

from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from escp_pipeline.analysis.agreements import AGREEMENTS_BY_ROUND_COLUMNS, AGREEMENTS_COLUMNS
from escp_pipeline.analysis.collaborations import COLLABORATIONS_COLUMNS
from escp_pipeline.analysis.comparisons import ROUND_COMPARISON_COLUMNS
from escp_pipeline.analysis.countries import COUNTRY_MENTIONS_COLUMNS
from escp_pipeline.analysis.option_counts import OPTION_COUNTS_COLUMNS
from escp_pipeline.defs.analyse import (
    cooperation_agreements,
    country_mentions,
    escp_collaborations,
    option_counts,
    report_claims,
    round_comparison,
)
from escp_pipeline.defs.ingest.assets import raw_survey_export
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline.defs.validate.assets import core_responses
from escp_pipeline_tests.analysis.test_assets import _resources

demo_rounds = pytest.importorskip("escp_pipeline.synthetic.demo_rounds")

ROUND_ASSETS = [
    option_counts.option_counts,
    option_counts.option_counts_match_schema,
    cooperation_agreements.cooperation_agreements,
    cooperation_agreements.cooperation_agreements_match_schema,
    escp_collaborations.escp_collaborations,
    escp_collaborations.escp_collaborations_match_schema,
    country_mentions.country_mentions,
    country_mentions.country_mentions_match_schema,
]
CROSS_ROUND_ASSETS = [
    round_comparison.round_comparison,
    round_comparison.round_comparison_match_schema,
    cooperation_agreements.agreements_by_round,
    cooperation_agreements.agreements_by_round_match_schema,
    report_claims.report_claims,
    report_claims.report_claims_reproduced,
    report_claims.report_claims_match_schema,
]
PROMISED = {
    "option_counts": OPTION_COUNTS_COLUMNS,
    "cooperation_agreements": AGREEMENTS_COLUMNS,
    "escp_collaborations": COLLABORATIONS_COLUMNS,
    "country_mentions": COUNTRY_MENTIONS_COLUMNS,
    "round_comparison": ROUND_COMPARISON_COLUMNS,
    "agreements_by_round": AGREEMENTS_BY_ROUND_COLUMNS,
}


@pytest.mark.e2e
def test_demo_rounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESCP_DATA_DIR", str(tmp_path))
    demo_rounds.write_demo_rounds(tmp_path / "incoming")
    keys = [f"{survey}/{round_}" for survey, round_ in demo_rounds.DEMO_ROUNDS]
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(survey_rounds.name, keys)
    assets = [raw_survey_export, core_responses, *ROUND_ASSETS, *CROSS_ROUND_ASSETS]
    evaluations = []
    for key in keys:
        result = dg.materialize(
            assets,
            selection=[raw_survey_export, core_responses, *ROUND_ASSETS],
            partition_key=key,
            instance=instance,
            resources=_resources(tmp_path),
        )
        assert result.success, key
        evaluations += result.get_asset_check_evaluations()
    result = dg.materialize(
        assets, selection=CROSS_ROUND_ASSETS, instance=instance, resources=_resources(tmp_path)
    )
    assert result.success
    evaluations += result.get_asset_check_evaluations()

    assert [e.check_name for e in evaluations if not e.passed] == []
    assert len(evaluations) == 4 * len(keys) + 4
    tables = tmp_path / "warehouse" / "tables"
    for name, columns in PROMISED.items():
        table = pd.read_parquet(tables / f"{name}.parquet")
        assert tuple(table.columns) == columns, name
    counts = pd.read_parquet(tables / "option_counts.parquet")
    assert set(zip(counts["survey"], counts["round"], strict=True)) == set(demo_rounds.DEMO_ROUNDS)

    claims = pd.read_parquet(tables / "report_claims.parquet")
    failing = claims[~claims["reproduced"]]
    # s3-results cannot hold in full: its conflict note says why ('None' over 70 % of 8 leaves at
    # most 2 answers with a result, yet 3 report new business contacts)
    assert list(failing["id"]) == ["s3-results"], failing[["id", "actual"]].to_string()
    assert failing["conflict"].notna().all()
