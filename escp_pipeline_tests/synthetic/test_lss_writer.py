"""The .lss writer: codebook -> .lss -> codebook, and rounds of changed questionnaires."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from escp_pipeline.contract.codebook import Codebook, Option, Question, load_codebook
from escp_pipeline.contract.lss import read_lss
from escp_pipeline.contract.questionnaire_diff import questionnaire_changes
from escp_pipeline.contract.survey_profile import apply_profile, shipped_profile
from escp_pipeline.synthetic.lss_writer import lss_document, write_lss
from escp_pipeline_tests.contract.lss_files import SURVEYS, real_lss
from escp_pipeline_tests.synthetic.codebooks import changed_escp_4i


@pytest.mark.parametrize("survey", SURVEYS)
def test_round_trip_of_the_shipped_codebooks(survey: str, tmp_path: Path) -> None:
    codebook = load_codebook(survey)
    questionnaire = read_lss(write_lss(codebook, tmp_path / "2020-r3.lss"), survey)
    profile = shipped_profile(survey)
    assert profile is not None
    assert apply_profile(questionnaire.codebook, profile, "shipped") == codebook
    # what a .lss cannot hold is not written: it comes back only through the profile
    assert not questionnaire.codebook.personal_data_columns
    assert questionnaire.warnings == []


def test_round_trip_keeps_bounds_exclusive_options_and_languages(tmp_path: Path) -> None:
    codebook = Codebook(
        survey="cluster-census",
        title="Cluster census",
        questions=(
            Question(code="Q1", type="N", kind="numeric", text="Members?", min=0, max=1e4),
            Question(
                code="Q2",
                type="M",
                kind="multiple_choice",
                text="Which <sectors> & why?",
                other=True,
                subquestions=(
                    Option(code="SQ001", label="Food"),
                    Option(code="SQ002", label="None", exclusive=True),
                ),
            ),
        ),
    )
    french = codebook.model_copy(
        update={
            "title": "Recensement",
            "questions": (codebook.questions[0].model_copy(update={"text": "Membres ?"}),),
        }
    )
    path = write_lss(codebook, tmp_path / "x.lss", translations={"fr": french})
    questionnaire = read_lss(path, "cluster-census")
    back = questionnaire.codebook
    assert back.question("Q1").min == 0 and back.question("Q1").max == 1e4
    assert [o.exclusive for o in back.question("Q2").subquestions] == [False, True]
    assert back.question("Q2").text == "Which <sectors> & why?" and back.question("Q2").other
    assert questionnaire.translations["fr"].title == "Recensement"
    assert questionnaire.translations["fr"].question("Q1").text == "Membres ?"
    assert questionnaire.translations["fr"].question("Q2").text == ""  # not translated: empty


@pytest.mark.parametrize("survey", SURVEYS)
def test_writer_uses_only_tables_and_fields_of_real_exports(survey: str) -> None:
    real = ET.fromstring(real_lss(survey).read_bytes())
    written = ET.fromstring(lss_document(load_codebook(survey)))
    for table in written:
        fields = [field.text for field in table.findall("fields/fieldname")]
        if fields:
            real_fields = [field.text for field in real.findall(f"{table.tag}/fields/fieldname")]
            assert set(fields) <= set(real_fields), table.tag
        else:
            assert real.find(table.tag) is not None, table.tag


def test_a_changed_round_through_the_lss(tmp_path: Path) -> None:
    previous = read_lss(write_lss(load_codebook("escp-4i"), tmp_path / "2019-r2.lss"), "escp-4i")
    current = read_lss(write_lss(changed_escp_4i(), tmp_path / "2020-r3.lss"), "escp-4i")
    table = questionnaire_changes(
        previous.codebook,
        current.codebook,
        survey="escp-4i",
        round_="2020-r3",
        previous_round="2019-r2",
    )
    rows = [tuple(r) for r in table[["question", "option", "change", "text"]].itertuples(False)]
    assert rows == [
        ("A1", "P01", "option_reworded", "Cluster Alliance of the North"),
        ("A1", "P35", "option_added", "NEWCO"),
        ("A1", "P36", "option_added", "Ocean Partners"),
        ("B1", "SQ005", "option_reworded", "Joint communication and marketing actions"),
        ("C1", "SQ007", "option_removed", ""),
        ("G5", "", "question_added", "Do you use the new platform?"),
    ]
    assert table.loc[4, "previous_text"] == "Engagement of SMEs in project activities"
