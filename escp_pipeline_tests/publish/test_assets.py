"""The publish assets: one ``figures`` asset for every question figure of every round found in the
tables, metadata the UI shows, report and workbook files."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from escp_pipeline.definitions import defs
from escp_pipeline.defs.publish import figures as figure_assets
from escp_pipeline.defs.publish import report as report_assets
from escp_pipeline.storage.resources import DataDir
from escp_pipeline_tests.publish.frames import report_like_tables


def test_publish_assets_are_declared_as_promised() -> None:
    graph = defs().resolve_asset_graph()
    publish = {
        key.to_user_string(): graph.get(key)
        for key in graph.get_all_asset_keys()
        if graph.get(key).group_name == "publish"
    }
    expected = {
        "figures",
        "figure_agreements_by_round",
        "figure_collaboration_network",
        "figure_target_countries",
        "figure_target_countries_map",
        "progress_report",
        "progress_report_docx",
        "analyst_workbook",
    }
    assert set(publish) == expected
    # no asset per codebook question any more: a new survey or question needs no new asset
    assert not [name for name in publish if name.startswith("figure_escp")]
    for name, node in publish.items():
        assert node.partitions_def is None, name
        assert node.automation_condition is not None, name
        assert node.description and len(node.description) > 60, name
        assert node.kinds, name
    assert "html" in publish["progress_report"].kinds
    assert "excel" in publish["analyst_workbook"].kinds
    assert "matplotlib" in publish["figures"].kinds
    assert {k.to_user_string() for k in publish["figures"].parent_keys} == {
        "option_counts",
        "round_comparison",
        "questionnaire",
    }
    for report in ("progress_report", "progress_report_docx"):
        parents = {key.to_user_string() for key in publish[report].parent_keys}
        assert {"option_counts", "report_claims", "respondents", "questionnaire"} <= parents
        assert set(figure_assets.FIGURE_ASSETS) <= parents


def test_figures_asset_writes_every_round_and_lists_every_figure(tmp_path: Path) -> None:
    tables = report_like_tables()
    question = tables["option_counts"]
    question = question[question["question"] == "B1"]
    comparison = tables["round_comparison"]
    comparison = comparison[comparison["question"] == "B1"]
    data_dir = DataDir(path=str(tmp_path))
    result = figure_assets.figures(
        data_dir=data_dir, option_counts=question, round_comparison=comparison, questionnaire={}
    )
    figures = tmp_path / "warehouse" / "figures"
    stems = ["escp-4i/2018-r1/B1", "escp-4i/2019-r2/B1", "escp-4i/2019-r2/B1-change-from-2018-r1"]
    stems += ["escp-s3/2019-r1/B1"]
    for stem in stems:
        assert (figures / f"{stem}.png").is_file(), stem
        assert (figures / f"{stem}.svg").is_file(), stem
    metadata = result.metadata
    assert (metadata["figures"], metadata["figures_drawn"], metadata["figures_unchanged"]) == (
        len(stems),
        len(stems),
        0,
    )
    listing = metadata["files"].md_str
    for stem in stems:
        assert f"| `{stem}` |" in listing
    assert listing.count("| drawn |") == len(stems)
    # the newest round of each survey is shown as a picture: the file's own bytes
    markdown = metadata["figure"].md_str
    pictures = re.findall(r"!\[[^\]]*\]\(data:image/png;base64,([^)]+)\)", markdown)
    assert base64.b64decode(pictures[0]) == (figures / "escp-4i/2019-r2/B1.png").read_bytes()
    assert base64.b64decode(pictures[1]) == (figures / "escp-s3/2019-r1/B1.png").read_bytes()
    assert metadata["path"].path.endswith("escp-s3/2019-r1/B1.png")

    again = figure_assets.figures(
        data_dir=data_dir, option_counts=question, round_comparison=comparison, questionnaire={}
    ).metadata
    assert (again["figures_drawn"], again["figures_unchanged"]) == (0, len(stems))
    assert again["files"].md_str.count("| unchanged |") == len(stems)


def test_figures_asset_without_a_processed_round_says_so(tmp_path: Path) -> None:
    result = figure_assets.figures(
        data_dir=DataDir(path=str(tmp_path)),
        option_counts=pd.DataFrame(),
        round_comparison=pd.DataFrame(),
        questionnaire={},
    )
    assert result.metadata["figures"] == 0
    assert "No survey round" in result.metadata["figure"].md_str


def test_report_and_workbook_assets_write_their_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from escp_pipeline.analysis.agreements import agreements_by_round
    from escp_pipeline.publish import catalog
    from escp_pipeline_tests.publish.test_report import TINY_PNG

    # figure files are missing here, so the report would draw each one: a tiny PNG keeps this fast
    monkeypatch.setattr(catalog, "render_png", lambda key, tables: TINY_PNG)

    tables = report_like_tables()
    tables["agreements_by_round"] = agreements_by_round(tables["cooperation_agreements"])
    tables["report_claims"] = report_like_claims()
    data_dir = DataDir(path=str(tmp_path))
    follow_up = {
        "partnership_rounds": pd.DataFrame(),
        "free_text_answers": pd.DataFrame(),
        "round_sources": pd.DataFrame(),
    }
    context = dg.build_asset_context()
    results = {
        result.asset_key.to_user_string(): result
        for result in report_assets.progress_report(
            context,
            data_dir=data_dir,
            **tables,
            **follow_up,
            questionnaire_changes=report_like_questionnaire_changes(),
            questionnaire={},
        )
    }
    assert set(results) == {"progress_report", "progress_report_docx"}
    result = results["progress_report"]
    path = Path(result.metadata["path"].path)
    assert path == tmp_path / "warehouse" / "report" / "escp-progress-report.html"
    assert "reported by 18 respondents" in result.metadata["preview"].md_str
    assert result.metadata["figures"] == path.read_text(encoding="utf-8").count("<img ")
    html = path.read_text(encoding="utf-8")
    assert "Changes to the questionnaire" in html
    assert "Option SQ002 reworded: ‘a’ → ‘b’; it is compared by its code." in html
    workbook = report_assets.analyst_workbook(
        dg.build_asset_context(),
        data_dir=data_dir,
        **tables,
        **follow_up,
        partnership_selections=pd.DataFrame(),
        questionnaire_changes=report_like_questionnaire_changes(),
    )
    assert Path(workbook.metadata["path"].path).exists()
    assert "| questionnaire_changes | 1 |" in workbook.metadata["sheets"].md_str


def report_like_questionnaire_changes():
    import pandas as pd

    return pd.DataFrame(
        [{"survey": "escp-4i", "round": "2019-r2", "previous_round": "2018-r1", "question": "B1",
          "option": "SQ002", "change": "option_reworded", "previous_text": "a", "text": "b"}]
    )  # fmt: skip


def report_like_claims():
    import pandas as pd

    return pd.DataFrame(
        [{"id": "x", "source": "2.1", "kind": "counts", "text": "t", "reproduced": True,
          "expected": "18", "actual": "18", "conflict": None}]
    )  # fmt: skip
