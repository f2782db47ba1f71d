"""Random rounds are valid for their codebook and deterministic given the seed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from devtools.random_rounds import generate_round
from escp_pipeline.contract.codebook import Codebook, load_codebook
from escp_pipeline.synthetic.limesurvey_export import METADATA_COLUMNS
from escp_pipeline_tests.synthetic.codebooks import TEST_CODEBOOK

CODEBOOKS = {
    "escp-4i": load_codebook("escp-4i"),
    "escp-s3": load_codebook("escp-s3"),
    "escp-xx": TEST_CODEBOOK,
}


def assert_valid(frame: pd.DataFrame, codebook: Codebook) -> None:
    """Every cell is one LimeSurvey could have exported for this codebook."""
    assert list(frame.columns) == [*METADATA_COLUMNS, *codebook.export_columns()]
    assert all(str(dtype) == "str" for dtype in frame.dtypes)
    assert frame["id"].is_unique and frame["id"].notna().all()
    complete = frame["submitdate"].notna()
    pages = frame["lastpage"].astype(int)
    assert (pages[~complete] < pages[complete].max()).all() if complete.any() else True
    assert frame.loc[complete, "submitdate"].ge(frame.loc[complete, "startdate"]).all()
    assert frame["ipaddr"].str.fullmatch(r"(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+").all()
    assert frame["token"].str.fullmatch(r"[A-Za-z0-9]{15}").all()
    for question in codebook.questions:
        columns = question.export_columns()
        if question.personal_data:
            values = frame[columns[0]].dropna()
            assert values.str.contains(r"^Contact person, P\d+$|^escp-p\d+@example\.org$").all()
            continue
        if question.kind == "single_choice":
            allowed = {a.code for a in question.answers} | ({"-oth-"} if question.other else set())
            values = frame[question.code].dropna()
            assert set(values) <= allowed, question.code
            if question.other:
                other = frame[f"{question.code}[other]"].notna()
                assert (frame.loc[other, question.code] == "-oth-").all()
        elif question.is_multiple_choice:
            boxes = frame[list(question.choice_columns().values())]
            assert set(pd.unique(boxes.stack().dropna())) <= {"Y"}, question.code
            for option in question.subquestions:
                if option.exclusive:
                    alone = boxes[boxes[f"{question.code}[{option.code}]"] == "Y"]
                    assert (alone.notna().sum(axis=1) == 1).all(), question.code
            if question.kind == "multiple_choice_comments":
                for option in question.subquestions:
                    comment = frame[f"{question.code}[{option.code}comment]"].notna()
                    assert (frame.loc[comment, f"{question.code}[{option.code}]"] == "Y").all()
        elif question.kind == "yes_no":
            assert set(frame[question.code].dropna()) <= {"Y", "N"}
        elif question.kind == "numeric":
            numbers = frame[question.code].dropna().astype(float)
            assert (numbers >= (question.min or 0)).all()
            if question.max is not None:
                assert (numbers <= question.max).all()
    incomplete = frame[~complete]
    last = codebook.questions[-1].export_columns()
    assert incomplete[last].isna().all().all()


@pytest.mark.parametrize("survey", sorted(CODEBOOKS))
def test_random_round_is_valid(survey: str) -> None:
    codebook = CODEBOOKS[survey]
    frame = generate_round(codebook, n_responses=250, seed=5, incomplete_share=0.1)
    assert_valid(frame, codebook)
    complete = frame["submitdate"].notna()
    assert 0 < (~complete).sum() < 60
    partnership = codebook.partnership_question.code
    assert frame[partnership].value_counts().max() > 1  # partnerships answer more than once
    comments = [c for c in frame.columns if c.endswith("comment]")]
    if comments:
        text = frame[comments].stack().dropna()
        assert text.str.contains(",").any() and text.str.contains("\n").any()
        assert text.str.contains("China|USA|Canada").any() and text.str.contains("é|ü").any()
    stamps = frame["startdate"]
    assert stamps.min() >= "2019-05-13" and frame["submitdate"].max() <= "2019-06-05 18:00:00"


def test_random_round_is_deterministic() -> None:
    codebook = CODEBOOKS["escp-4i"]
    first = generate_round(codebook, n_responses=60, seed=3)
    again = generate_round(codebook, n_responses=60, seed=3)
    other = generate_round(codebook, n_responses=60, seed=4)
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(other)


def test_random_round_for_other_partnerships_and_rounds() -> None:
    frame = generate_round(
        TEST_CODEBOOK,
        n_responses=60,
        seed=9,
        partnerships=["P92", "P93"],
        year=2031,
        opened=dt.date(2031, 1, 10),
        closed=dt.date(2031, 1, 20),
        incomplete_share=0.0,
    )
    assert set(frame["A1"]) == {"P92", "P93"}
    assert frame["submitdate"].notna().all()
    assert frame["startdate"].str.startswith("2031-01-").all()
    strands = frame.groupby("A1")["A2"].nunique(dropna=True)
    assert (strands <= 1).all()  # a partnership keeps its strand
    with pytest.raises(ValueError, match="P99"):
        generate_round(TEST_CODEBOOK, n_responses=5, seed=1, partnerships=["P99"])
