"""The report's follow-up parts: who answered, the partnership annex, free text, provenance."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from escp_pipeline.analysis.free_text import free_text_answers
from escp_pipeline.analysis.partnership_rounds import partnership_rounds
from escp_pipeline.analysis.provenance import Questionnaire, round_source
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.publish import follow_up
from escp_pipeline.publish import report as report_module
from escp_pipeline.publish.data import AnalystTables
from escp_pipeline.publish.sources import sources_sheet
from escp_pipeline_tests.analysis.frames import core_frame
from escp_pipeline_tests.publish.test_report import tiny_png

ROUND = "2019-r2"


def _core() -> pd.DataFrame:
    return core_frame(
        "escp-4i",
        ROUND,
        [
            {
                "partnership_code": "P17",
                "D3": 2.0,
                "B1[SQ009]": True,
                "B1[SQ009comment]": "Two missions <b>to</b> China, see https://example.org",
                "G4": "The forum helps.",
            },
            {"partnership_code": "P05", "status": "incomplete"},
            {"partnership_code": "P07", "strand": "strand-1", "B1[SQ009comment]": "A fair."},
        ],
    )


@pytest.fixture(scope="module")
def tables() -> AnalystTables:
    core = _core()
    codebook = load_codebook("escp-4i")
    sources = round_source(
        survey="escp-4i",
        round_=ROUND,
        file="escp-4i/2019-r2.csv",
        sha256="ab" * 32,
        size_bytes=1000,
        core=core,
        questionnaire=Questionnaire.shipped_codebook("escp-4i"),
        run_id="round-run-42",
        built_at=datetime(2019, 7, 1, tzinfo=UTC),
    )
    return AnalystTables(
        partnership_rounds=partnership_rounds(core, codebook, load_registry(), "escp-4i", ROUND),
        free_text_answers=free_text_answers(core, codebook),
        round_sources=sources,
    )


def test_answered_sentence_names_those_that_did_not_answer(tables) -> None:
    sentence = follow_up.answered_sentence(tables.partnership_rounds)
    programme = len(tables.partnership_rounds)
    assert sentence.startswith(
        f"ESCP-4i round {ROUND}: 2 of the programme's {programme} partnerships answered"
    )
    assert "DIA started but did not submit" in sentence
    assert "ALLIANCE" in sentence and "did not answer" in sentence
    assert "MAGIA" not in sentence.split("answered", 1)[1]


def test_seed_comparison_explains_a_different_base() -> None:
    rows = pd.DataFrame(
        {
            "survey": "escp-4i",
            "round": ROUND,
            "partnership": [f"P{i}" for i in range(25)],
            "in_registry": True,
            "in_questionnaire": True,
            "status": ["answered"] * 19 + ["not_answered"] * 4 + ["incomplete_only"] * 2,
        }
    )
    seed = {"invited": 23, "complete": {"all": 19}}
    text = follow_up.seed_comparison(rows, seed)
    assert text is not None
    assert "seed report gives 19 of 23" in text and "here it is 19 of 25:" in text
    assert "questionnaire both list 25 ESCP-4i partnerships, 2 more than the 23" in text
    wider = rows.assign(in_questionnaire=[True] * 24 + [False])
    assert "registry lists 25 and the round's questionnaire offers 24" in str(
        follow_up.seed_comparison(wider, seed)
    )
    invited_only = follow_up.seed_comparison(rows, {"invited": 23})
    assert str(invited_only).startswith("The seed report invited 23 ESCP-4i partnerships")
    same = rows.iloc[:23].assign(status=["answered"] * 19 + ["not_answered"] * 4)
    assert "agrees" in str(follow_up.seed_comparison(same, seed))
    fewer = rows.iloc[:23].assign(status=["answered"] * 18 + ["incomplete_only"] * 5)
    assert "18 complete answers where the seed report counted 19" in str(
        follow_up.seed_comparison(fewer, seed)
    )
    assert follow_up.seed_comparison(rows, None) is None


def test_report_gets_the_follow_up_sections_and_footer(tables) -> None:
    built = report_module.build_report(tables, tiny_png, run_id="report-run-7")
    titles = [f"{s.number} {s.title}" for s in built.sections()]
    assert "B Partnerships across rounds" in titles
    assert "C What respondents wrote" in titles
    assert any(t.endswith("Partnerships that answered each round") for t in titles)
    page = built.html
    # free text is quoted as text: markup dropped, no link, escaped
    assert "Two missions to China, see example.org" in page
    assert "<b>to</b>" not in page and "https://example.org" not in page
    assert "The forum helps." in page
    # the annex: MAGIA answered with 2 agreements, DIA did not
    annex = next(s for s in built.sections() if s.title == "Partnerships across rounds")
    rows = {row[0]: row for row in annex.tables[0].rows}
    assert rows["MAGIA"][2] == f"1 of 1 ({ROUND})" and rows["MAGIA"][3] == "2"
    assert rows["DIA"][2] == "0 of 1" and rows["DIA"][3] == "–"
    # provenance in the footer
    footer = page[page.index("<footer") :]
    for value in ("escp-4i/2019-r2.csv", "ab" * 32, "round-run-42", "report-run-7"):
        assert value in footer
    assert "shipped codebook escp-4i.codebook.yaml" in footer


def test_sources_sheet_orders_rounds_and_names_the_workbook_run(tables) -> None:
    later = tables.round_sources.assign(round="2020-r3")
    earlier = tables.round_sources.assign(round="2018-r1")
    sheet = sources_sheet(pd.concat([later, earlier], ignore_index=True), "wb-run")
    assert sheet["round"].tolist() == ["2018-r1", "2020-r3"]
    assert (sheet["workbook_run_id"] == "wb-run").all()
    assert "workbook_run_id" in sources_sheet(tables.round_sources.iloc[0:0], "x").columns


def test_escp_s3_tables_have_no_strand_column() -> None:
    core = core_frame("escp-s3", "2019-r1", [{"partnership_code": "P26", "C2": "More webinars."}])
    codebook = load_codebook("escp-s3")
    tables = AnalystTables(
        partnership_rounds=partnership_rounds(
            core, codebook, load_registry(), "escp-s3", "2019-r1"
        ),
        free_text_answers=free_text_answers(core, codebook),
    )
    annex = follow_up.partnership_annex_table(tables, "escp-s3", str)
    assert "Strand" not in annex.header and all(len(r) == len(annex.header) for r in annex.rows)
    assert annex.numeric == (2,)
    texts = follow_up.free_text_section(tables.free_text_answers, "escp-s3", "2019-r1", "C.1", str)
    table = texts.children[0].tables[0]
    assert table.header == ["Option", "ESCP-S3", "Text (as written)"]
    assert table.rows == [["(text answer)", "EACP-EUROSME", "More webinars."]]
