"""``free_text_answers``: one row per non-empty text of a counted answer, labelled."""

import pytest

from escp_pipeline.analysis.free_text import FREE_TEXT_COLUMNS, free_text_answers
from escp_pipeline.catalogue.derive import pandera_schema
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline_tests.analysis.frames import core_frame


def test_comments_other_texts_and_text_answers_of_counted_answers() -> None:
    core = core_frame(
        "escp-4i",
        "2019-r2",
        [
            {
                "partnership_code": "P17",
                "B1[SQ009]": True,
                "B1[SQ009comment]": "  Two missions to China.  ",
                "B1[other]": "Webinars",
                "B1[othercomment]": "Four webinars",
                "D4D1": "A joint action plan.",
                "H1[SQ001_LOC]": "Lyon, France",
                "G4": "   ",
            },
            {"partnership_code": "P05", "status": "incomplete", "B1[SQ009comment]": "draft"},
            {"partnership_code": "P07", "status": "superseded", "D4D1": "old text"},
        ],
    )
    table = free_text_answers(core, load_codebook("escp-4i"))
    assert list(table.columns) == list(FREE_TEXT_COLUMNS)
    assert set(table["partnership"]) == {"MAGIA"}
    rows = {(r.question, r.option, r.kind): r.text for r in table.itertuples()}
    assert rows == {
        ("B1", "SQ009", "comment"): "Two missions to China.",
        ("B1", "other", "other"): "Webinars",
        ("B1", "other", "comment"): "Four webinars",
        ("D4D1", "", "text"): "A joint action plan.",
        ("H1", "SQ001_LOC", "text"): "Lyon, France",
    }
    label = table.loc[table["option"] == "SQ009", "label"].iloc[0]
    assert label == load_codebook("escp-4i").question("B1").option("SQ009").label
    pandera_schema("free_text_answers").validate(table)


def test_no_text_gives_an_empty_table_of_the_promised_shape() -> None:
    core = core_frame("escp-s3", "2019-r1", [{"partnership_code": "P26"}])
    table = free_text_answers(core, load_codebook("escp-s3"))
    assert table.empty and list(table.columns) == list(FREE_TEXT_COLUMNS)
    pandera_schema("free_text_answers").validate(table)


def test_schema_refuses_an_unmasked_email() -> None:
    import pandera.errors

    core = core_frame("escp-s3", "2019-r1", [{"partnership_code": "P26", "C2": "x@y.eu"}])
    table = free_text_answers(core, load_codebook("escp-s3"))
    with pytest.raises(pandera.errors.SchemaError, match="e-mail"):
        pandera_schema("free_text_answers").validate(table)
