"""On the demo drops: who answered each round, the annexes, provenance in report and workbook."""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

import pandas as pd
import pytest

from escp_pipeline_tests.conftest import DEMO_DROPS, DemoBuild

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not DEMO_DROPS, reason="no demo drops in data/incoming"),
]


def _table(demo_data_dir: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(demo_data_dir / "warehouse" / "tables" / f"{name}.parquet")


def test_partnership_rounds_counts_the_seed_reports_answers(demo_data_dir: Path) -> None:
    table = _table(demo_data_dir, "partnership_rounds")
    answered = table[table["status"] == "answered"].groupby(["survey", "round"]).size()
    # the seed report: 19 ESCP-4i answers in its second survey, eight of nine ESCP-S3
    assert answered[("escp-4i", "2019-r2")] == 19
    assert answered[("escp-s3", "2019-r1")] == 8
    assert table.groupby(["survey", "round"]).size()[("escp-s3", "2019-r1")] == 9
    respondents = _table(demo_data_dir, "respondents")
    complete = respondents[respondents["status"] == "complete"]
    counted = table[table["status"] == "answered"]
    assert set(
        zip(counted["survey"], counted["round"], counted["response_id"], strict=True)
    ) == set(zip(complete["survey"], complete["round"], complete["response_id"], strict=True))


def test_report_says_who_answered_and_why_the_count_differs(demo_data_dir: Path) -> None:
    page = (demo_data_dir / "warehouse" / "report" / "escp-progress-report.html").read_text("utf-8")
    text = html.unescape(page)
    table = _table(demo_data_dir, "partnership_rounds")
    latest = table[(table["survey"] == "escp-4i") & (table["round"] == "2019-r2")]
    assert f"19 of the programme's {len(latest)} partnerships answered" in text
    for name in latest.loc[latest["status"] != "answered", "partnership"]:
        assert name in text
    if len(latest) != 23:
        assert (
            "The seed report gives 19 of 23 for ESCP-4i round 2019-r2; "
            f"here it is 19 of {len(latest)}" in text
        )
    assert "This agrees with the seed report's 8 of 9 for ESCP-S3 round 2019-r1." in text
    assert "Partnerships across rounds" in text and "What respondents wrote" in text


def test_free_text_is_in_the_report_and_the_workbook(demo_data_dir: Path) -> None:
    from openpyxl import load_workbook

    texts = _table(demo_data_dir, "free_text_answers")
    assert len(texts) > 100
    page = html.unescape(
        (demo_data_dir / "warehouse" / "report" / "escp-progress-report.html").read_text("utf-8")
    )
    latest = texts[(texts["survey"] == "escp-4i") & (texts["round"] == "2019-r2")]
    quoted = latest[latest["kind"] == "comment"].iloc[0]["text"]
    assert " ".join(str(quoted).split()) in page
    workbook = load_workbook(
        demo_data_dir / "warehouse" / "report" / "escp-analyst-tables.xlsx", read_only=True
    )
    for sheet in ("partnership_rounds", "partnership_selections", "free_text_answers", "sources"):
        assert sheet in workbook.sheetnames
    assert workbook["free_text_answers"].max_row == len(texts) + 1


def test_provenance_names_each_drop_its_hash_and_run(
    demo_data_dir: Path, demo_build: DemoBuild
) -> None:
    sources = _table(demo_data_dir, "round_sources")
    assert len(sources) == len(DEMO_DROPS)
    page = (demo_data_dir / "warehouse" / "report" / "escp-progress-report.html").read_text("utf-8")
    footer = page[page.index("<footer") :]
    runs = {run.run_id for run in demo_build.instance.get_runs()}
    for drop in DEMO_DROPS:
        row = sources[sources["file"] == f"{drop.parent.name}/{drop.name}"].iloc[0]
        assert row["sha256"] == hashlib.sha256(drop.read_bytes()).hexdigest()
        assert row["run_id"] in runs
        assert row["questionnaire"] == f"shipped codebook {drop.parent.name}.codebook.yaml"
        for value in (row["file"], row["sha256"], row["run_id"], row["questionnaire"]):
            assert value in footer
    assert "This report was built by Dagster run" in footer
    # the drops are named below incoming/, not by machine path
    assert str(demo_data_dir) not in page
