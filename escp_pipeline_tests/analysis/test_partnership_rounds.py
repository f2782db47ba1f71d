"""``partnership_rounds`` and ``partnership_selections``: the programme of a survey, per round."""

import pandas as pd

from escp_pipeline.analysis.partnership_rounds import (
    PARTNERSHIP_ROUNDS_COLUMNS,
    SELECTIONS_COLUMNS,
    has_partnership_question,
    partnership_rounds,
    partnership_selections,
    programme,
)
from escp_pipeline.catalogue.derive import pandera_schema
from escp_pipeline.contract.codebook import Option, load_codebook
from escp_pipeline.contract.registry import load_registry
from escp_pipeline_tests.analysis.frames import core_frame


def _rounds(core: pd.DataFrame, survey: str = "escp-4i", codebook=None) -> pd.DataFrame:
    return partnership_rounds(
        core, codebook or load_codebook(survey), load_registry(), survey, "2019-r2"
    )


def test_every_partnership_of_the_programme_gets_a_status() -> None:
    core = core_frame(
        "escp-4i",
        "2019-r2",
        [
            {"partnership_code": "P17", "strand": "strand-1", "D3": 4.0, "B1[SQ001]": True},
            {"partnership_code": "P05", "status": "incomplete"},
            {"partnership_code": "P07", "status": "superseded", "D3": 1.0},
            {"partnership_code": "P07", "strand": "strand-2"},
        ],
    )
    table = _rounds(core)
    assert list(table.columns) == list(PARTNERSHIP_ROUNDS_COLUMNS)
    registry = load_registry()
    assert len(table) == sum(p.programme == "escp-4i" for p in registry.partnerships)
    by_name = table.set_index("partnership")
    assert by_name.loc["MAGIA", "status"] == "answered"
    assert by_name.loc["MAGIA", "agreements"] == 4
    assert by_name.loc["MAGIA", "response_id"] == 1
    assert by_name.loc["DIA", "status"] == "incomplete_only"
    assert pd.isna(by_name.loc["DIA", "response_id"])
    # the latest complete answer counts; the superseded one is still a response
    assert by_name.loc["ELBE", "status"] == "answered"
    assert by_name.loc["ELBE", "response_id"] == 4
    assert by_name.loc["ELBE", "strand"] == "strand-2"
    assert by_name.loc["ELBE", "registry_strand"] == "strand-1"
    assert by_name.loc["ELBE", "responses"] == 2
    assert pd.isna(by_name.loc["ELBE", "agreements"])
    assert (by_name.drop(index=["MAGIA", "DIA", "ELBE"])["status"] == "not_answered").all()
    pandera_schema("partnership_rounds").validate(table)


def test_a_questionnaire_code_outside_the_registry_is_followed_up_too() -> None:
    codebook = load_codebook("escp-s3")
    question = codebook.partnership_question
    wider = question.model_copy(
        update={"answers": (*question.answers, Option(code="P99", label=" New ESCP-S3 "))}
    )
    questions = tuple(wider if q.code == question.code else q for q in codebook.questions)
    codebook = codebook.model_copy(update={"questions": questions})
    table = programme("escp-s3", codebook, load_registry())
    new = table[table["partnership_code"] == "P99"].iloc[0]
    assert new["partnership"] == "New ESCP-S3"
    assert not new["in_registry"] and new["in_questionnaire"]
    core = core_frame("escp-s3", "2019-r1", [{"partnership_code": "P26"}])
    rounds = partnership_rounds(core, codebook, load_registry(), "escp-s3", "2019-r1")
    assert rounds.set_index("partnership_code").loc["P99", "status"] == "not_answered"


def test_selections_count_ticked_options_and_other_text() -> None:
    core = core_frame(
        "escp-s3",
        "2019-r1",
        [
            {
                "partnership_code": "P26",
                "B1[SQ001]": True,
                "B1[SQ002]": True,
                "B1[other]": "A roadmap",
            },
            {"partnership_code": "P27", "status": "incomplete", "B1[SQ001]": True},
        ],
    )
    table = partnership_selections(core, load_codebook("escp-s3"))
    questions = [q.code for q in load_codebook("escp-s3").multiple_choice_questions]
    assert table["question"].tolist() == questions
    selected = table.set_index("question")["selected"]
    assert selected["B1"] == 3
    assert selected.drop("B1").eq(0).all()
    pandera_schema("partnership_selections").validate(table)


def test_the_programme_names_partnerships_as_the_rounds_questionnaire_shows_them() -> None:
    from escp_pipeline_tests.synthetic.codebooks import changed_escp_4i

    table = programme("escp-4i", changed_escp_4i(), load_registry()).set_index("partnership_code")
    # P01 is labelled otherwise than in the registry: the questionnaire's label counts
    assert table.loc["P01", "partnership"] == "Cluster Alliance of the North"
    assert table.loc["P01", "in_registry"] and table.loc["P01", "in_questionnaire"]
    assert table.loc["P35", "partnership"] == "NEWCO" and not table.loc["P35", "in_registry"]
    # a label equal to the registry's name keeps the registry's name
    assert table.loc["P17", "partnership"] == "MAGIA"


def test_a_survey_without_a_partnership_question_has_no_programme() -> None:
    codebook = load_codebook("escp-s3")
    core = core_frame("escp-s3", "2019-r1", [{"partnership_code": "P26", "B1[SQ001]": True}])
    registry = load_registry()
    assert has_partnership_question(codebook)
    assert len(partnership_rounds(core, codebook, registry, "escp-s3", "2019-r1")) > 0
    assert len(partnership_selections(core, codebook)) > 0
    asked = codebook.partnership_question.code
    without = codebook.model_copy(
        update={"questions": tuple(q for q in codebook.questions if q.code != asked)}
    )
    assert not has_partnership_question(without)
    rounds = partnership_rounds(core, without, registry, "escp-s3", "2019-r1")
    assert rounds.empty and tuple(rounds.columns) == PARTNERSHIP_ROUNDS_COLUMNS
    selections = partnership_selections(core, without)
    assert selections.empty and tuple(selections.columns) == SELECTIONS_COLUMNS
