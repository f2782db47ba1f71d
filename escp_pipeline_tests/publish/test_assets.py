"""The publish assets: one figure asset per codebook question, metadata the UI shows, report and
workbook files."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from escp_pipeline.contract.codebook import SURVEYS, load_codebook
from escp_pipeline.definitions import defs
from escp_pipeline.defs.publish import figures as figure_assets
from escp_pipeline.defs.publish import report as report_assets
from escp_pipeline.resources import DataDir
from escp_pipeline_tests.publish.frames import report_like_tables


def _asset(name: str) -> dg.AssetsDefinition:
    for asset in [*figure_assets.question_figures, *figure_assets.comparison_figures]:
        if asset.key == dg.AssetKey(name):
            return asset
    return getattr(figure_assets, name)


def test_publish_assets_are_declared_as_promised() -> None:
    graph = defs().resolve_asset_graph()
    publish = {
        key.to_user_string(): graph.get(key)
        for key in graph.get_all_asset_keys()
        if graph.get(key).group_name == "publish"
    }
    expected = {
        figure_assets.asset_name(survey, question.code, suffix)
        for survey in SURVEYS
        for question in load_codebook(survey).multiple_choice_questions
        for suffix in ("", "change")
    }
    expected |= {
        "figure_agreements_by_round",
        "figure_collaboration_network",
        "figure_target_countries",
        "figure_target_countries_map",
        "progress_report",
        "progress_report_docx",
        "analyst_workbook",
    }
    assert set(publish) == expected
    assert {"figure_escp_4i_b1", "figure_escp_s3_d1", "figure_escp_4i_e1_change"} <= expected
    for name, node in publish.items():
        assert node.partitions_def is None, name
        assert node.automation_condition is not None, name
        assert node.description and len(node.description) > 60, name
        assert node.kinds, name
    assert "html" in publish["progress_report"].kinds
    assert "excel" in publish["analyst_workbook"].kinds
    assert "matplotlib" in publish["figure_escp_4i_b1"].kinds
    report_parents = {key.to_user_string() for key in publish["progress_report"].parent_keys}
    assert {"option_counts", "report_claims", "respondents", "figure_escp_4i_b1"} <= report_parents


def test_a_figure_asset_writes_every_round_and_shows_the_latest(tmp_path: Path) -> None:
    tables = report_like_tables()
    result = _asset("figure_escp_4i_b1")(
        data_dir=DataDir(path=str(tmp_path)), option_counts=tables["option_counts"]
    )
    figures = tmp_path / "warehouse" / "figures" / "escp-4i"
    for round_ in ("2018-r1", "2019-r2"):
        assert (figures / round_ / "B1.png").exists()
        assert (figures / round_ / "B1.svg").exists()
    metadata = result.metadata
    assert metadata["figures_written"] == 2
    assert metadata["path"].path.endswith("escp-4i/2019-r2/B1.png")
    markdown = metadata["figure"].md_str
    encoded = re.match(r"!\[[^\]]*\]\(data:image/png;base64,([^)]+)\)", markdown).group(1)
    assert base64.b64decode(encoded) == (figures / "2019-r2" / "B1.png").read_bytes()


def test_a_comparison_asset_without_an_earlier_round_says_so(tmp_path: Path) -> None:
    tables = report_like_tables()
    result = _asset("figure_escp_s3_b1_change")(
        data_dir=DataDir(path=str(tmp_path)),
        option_counts=tables["option_counts"],
        round_comparison=tables["round_comparison"],
    )
    assert result.metadata["figures_written"] == 0
    assert "one round only" in result.metadata["figure"].md_str


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
