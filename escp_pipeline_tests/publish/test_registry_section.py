"""The report's section on partnerships of the questionnaires the registry does not know as shown:
new partnerships ("not in the partnership registry") and labels other than the registry's name."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from escp_pipeline.analysis.partnership_rounds import partnership_rounds
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.publish import report as report_module
from escp_pipeline.publish.data import AnalystTables
from escp_pipeline.publish.registry_section import NEW, RELABELLED, TITLE, registry_findings
from escp_pipeline.publish.report_model import Section
from escp_pipeline_tests.analysis.frames import core_frame
from escp_pipeline_tests.publish.frames import report_like_tables
from escp_pipeline_tests.publish.test_report import tiny_png
from escp_pipeline_tests.synthetic.codebooks import changed_escp_4i


def _changed_round() -> pd.DataFrame:
    core = core_frame("escp-4i", "2020-r3", [{"partnership_code": "P17"}])
    return partnership_rounds(core, changed_escp_4i(), load_registry(), "escp-4i", "2020-r3")


def _shipped_round() -> pd.DataFrame:
    core = core_frame("escp-4i", "2019-r2", [{"partnership_code": "P17"}])
    codebook = load_codebook("escp-4i")
    return partnership_rounds(core, codebook, load_registry(), "escp-4i", "2019-r2")


def test_findings_name_new_partnerships_and_other_labels() -> None:
    findings = registry_findings(_changed_round(), load_registry())
    assert [(f.code, f.label, f.problem, f.registry_name) for f in findings] == [
        ("P01", "Cluster Alliance of the North", RELABELLED, load_registry().get("P01").name),
        ("P35", "NEWCO", NEW, ""),
        ("P36", "Ocean Partners", NEW, ""),
    ]


def test_the_shipped_questionnaires_have_no_findings() -> None:
    assert registry_findings(_shipped_round(), load_registry()) == []


def _section(partnership_rounds_table: pd.DataFrame) -> Section:
    frames = report_like_tables()
    frames["partnership_rounds"] = partnership_rounds_table
    report = report_module.build_report(
        AnalystTables(**frames), tiny_png, generated_at=datetime(2020, 7, 1, tzinfo=UTC)
    )
    [section] = [s for s in report.sections() if s.title == TITLE]
    assert section.number.startswith("6.")
    return section


def test_the_data_quality_section_lists_them() -> None:
    section = _section(_changed_round())
    [[sentence]] = section.paragraphs
    assert f"2 partnership(s) of the questionnaires are {NEW}" in sentence
    assert f"1 are {RELABELLED}" in sentence
    [table] = section.tables
    assert table.rows[1] == ["ESCP-4i", "2020-r3", "P35", "NEWCO", NEW, "–"]
    assert table.rows[0][3:5] == ["Cluster Alliance of the North", RELABELLED]


def test_without_findings_the_section_says_so() -> None:
    section = _section(_shipped_round())
    assert (
        "Every partnership the questionnaires offer is in the partnership registry"
        in (section.paragraphs[0][0])
    )
    assert not section.tables
