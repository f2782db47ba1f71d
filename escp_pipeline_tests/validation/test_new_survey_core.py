"""A round of a survey the project does not ship runs through every per-round asset, no profile.

The data dir holds only ``incoming/pilot-survey/2024-r1.csv`` and its ``2024-r1.lss``, written by
the project's LimeSurvey writers from a made-up questionnaire: two multiple-choice questions, a
single choice and a text question asking for an e-mail address.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.definitions import build_definitions
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline.synthetic.limesurvey_export import write_export
from escp_pipeline.synthetic.lss_writer import write_lss

pytestmark = pytest.mark.integration

KEY = "pilot-survey/2024-r1"
ASSETS = ["questionnaire", "raw_survey_export", "core_responses", "respondents", "option_counts"]


def _options(*codes: str) -> list[dict[str, str]]:
    return [{"code": code, "label": f"Option {code}"} for code in codes]


PILOT = Codebook.model_validate(
    {
        "survey": "pilot-survey",
        "title": "A pilot survey the project has never seen",
        "questions": [
            {
                "code": "Q1",
                "type": "M",
                "kind": "multiple_choice",
                "text": "Which services do you use?",
                "subquestions": _options("SQ001", "SQ002", "SQ003"),
            },
            {
                "code": "Q2",
                "type": "L",
                "kind": "single_choice",
                "text": "How satisfied are you?",
                "answers": _options("A1", "A2"),
            },
            {
                "code": "Q3",
                "type": "M",
                "kind": "multiple_choice",
                "text": "Which topics interest you?",
                "subquestions": _options("SQ001", "SQ002"),
                "other": True,
            },
            {"code": "Q4", "type": "S", "kind": "short_text", "text": "Your e-mail address"},
        ],
    }
)


def write_pilot_round(data_dir: Path) -> pd.DataFrame:
    """Write ``pilot-survey/2024-r1`` (``.lss`` and export) and return its responses."""
    incoming = data_dir / "incoming" / "pilot-survey"
    n = 6
    answers = pd.DataFrame(
        {
            "id": [str(i + 1) for i in range(n)],
            "submitdate": ["2024-05-20 10:00:00"] * (n - 1) + [None],
            "lastpage": ["1"] * n,
            "startlanguage": ["en"] * n,
            "seed": ["123"] * n,
            "Q1[SQ001]": ["Y", "Y", None, "Y", None, "Y"],
            "Q1[SQ002]": [None, "Y", "Y", None, None, None],
            "Q1[SQ003]": [None, None, None, None, "Y", None],
            "Q2": ["A1", "A2", "A1", "A1", "A2", None],
            "Q3[SQ001]": ["Y", None, "Y", None, "Y", None],
            "Q3[SQ002]": [None, "Y", None, None, None, None],
            "Q3[other]": [None, None, None, "Open data", None, None],
            "Q4": [f"person{i}@example.org" for i in range(n)],
        }
    )
    write_lss(PILOT, incoming / "2024-r1.lss")
    write_export(answers, PILOT, incoming / "2024-r1.csv")
    return answers


def test_a_round_of_a_new_survey_runs_through_the_core_layer(tmp_path: Path) -> None:
    write_pilot_round(tmp_path)
    defs = build_definitions(tmp_path)
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(survey_rounds.name, [KEY])
    job = defs.resolve_implicit_global_asset_job_def()
    graph = defs.resolve_asset_graph()
    # every per-round asset: the core layer and every per-round analyst table
    per_round = [
        key
        for key in graph.get_all_asset_keys()
        if graph.get(key).is_materializable and graph.get(key).partitions_def is not None
    ]
    assert {dg.AssetKey(name) for name in ASSETS} <= set(per_round)
    result = job.execute_in_process(
        partition_key=KEY,
        instance=instance,
        asset_selection=per_round,
        raise_on_error=False,
    )
    failures = [
        event.event_specific_data.error.message
        for event in result.all_events
        if event.is_step_failure
    ]
    assert result.success, failures
    checks = result.get_asset_check_evaluations()
    assert checks  # the core and table checks ran
    failed = [c.check_name for c in checks if not c.passed and c.severity.value == "ERROR"]
    assert failed == []

    tables = tmp_path / "warehouse" / "tables"
    respondents = pd.read_parquet(tables / "respondents.parquet")
    pilot = respondents[respondents["survey"] == "pilot-survey"]
    assert len(pilot) == 6
    assert (pilot["partnership"].fillna("") == "").all()
    assert (pilot["strand"].fillna("") == "").all()

    counts = pd.read_parquet(tables / "option_counts.parquet")
    counts = counts[counts["survey"] == "pilot-survey"]
    assert set(counts["question"]) == {"Q1", "Q3"}
    assert set(counts["strand"]) == {"all"}
    q1 = counts[counts["question"] == "Q1"].set_index("option")
    assert q1.loc["SQ001", "selected"] == 3  # the incomplete answer does not count

    core = pd.read_parquet(
        tmp_path / "warehouse" / "core" / "core_responses" / "pilot-survey.parquet"
    )
    # a survey without partnerships or agreements: those tables have no rows for it
    for name in ("partnership_rounds", "partnership_selections", "cooperation_agreements"):
        table = pd.read_parquet(tables / f"{name}.parquet")
        assert (table["survey"] != "pilot-survey").all(), name
    free_text = pd.read_parquet(tables / "free_text_answers.parquet")
    assert list(free_text.loc[free_text["survey"] == "pilot-survey", "text"]) == ["Open data"]
    assert "Q4" not in core.columns
    assert not core.astype(str).apply(lambda c: c.str.contains("@example.org")).any().any()
