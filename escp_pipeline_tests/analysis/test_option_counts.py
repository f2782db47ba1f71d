"""``option_counts`` and option ranks, against counts computed independently in the test."""

import math
import random

import pandas as pd
import pytest

from escp_pipeline.analysis.option_counts import (
    OPTION_COUNTS_COLUMNS,
    option_counts,
    rank_options,
)
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline_tests.analysis.frames import core_frame

ESCP_4I = load_codebook("escp-4i")
ESCP_S3 = load_codebook("escp-s3")


def _random_answers(seed: int, count: int) -> list[dict]:
    rng = random.Random(seed)
    answers = []
    codes = [f"P{n:02d}" for n in range(1, 26)]
    for index in range(count):
        answer = {
            "partnership_code": codes[index % len(codes)],
            "strand": rng.choice(["strand-1", "strand-2"]),
            "status": rng.choice(["complete"] * 4 + ["incomplete", "superseded"]),
        }
        for question in ("B1", "C1", "E1"):
            for option in ESCP_4I.question(question).subquestions:
                if rng.random() < 0.4:
                    answer[f"{question}[{option.code}]"] = True
            answer[f"{question}[other]"] = rng.choice([None, "", "   ", "something else"])
        answers.append(answer)
    return answers


def _expected(answers: list[dict], question: str, option: str, strand: str) -> tuple[int, int]:
    counted = [
        a
        for a in answers
        if a["status"] == "complete" and (strand == "all" or a["strand"] == strand)
    ]
    if option == "other":
        chosen = [a for a in counted if (a.get(f"{question}[other]") or "").strip()]
    else:
        chosen = [a for a in counted if a.get(f"{question}[{option}]", False)]
    return len(counted), len(chosen)


def test_every_row_matches_an_independent_count() -> None:
    answers = _random_answers(seed=7, count=40)
    table = option_counts(core_frame("escp-4i", "2019-r2", answers), ESCP_4I)

    assert tuple(table.columns) == OPTION_COUNTS_COLUMNS
    expected_rows = sum(
        (len(q.subquestions) + q.other) * 3 for q in ESCP_4I.multiple_choice_questions
    )
    assert len(table) == expected_rows
    for row in table.itertuples(index=False):
        respondents, selected = _expected(answers, row.question, row.option, row.strand)
        assert (row.respondents, row.selected) == (respondents, selected), row
        assert row.share == pytest.approx(selected / respondents)
    labels = table.drop_duplicates(["question", "option"]).set_index(["question", "option"])
    assert labels.loc[("B1", "SQ009"), "label"] == "Organisation of events/ missions"
    assert labels.loc[("B1", "other"), "label"] == "Other"


def test_dtypes_are_plain_and_schema_passes() -> None:
    from escp_pipeline.catalogue.derive import pandera_schema

    table = option_counts(core_frame("escp-4i", "2019-r2", _random_answers(3, 10)), ESCP_4I)
    assert {str(t) for t in table[["survey", "option", "label", "strand"]].dtypes} == {"str"}
    assert table["respondents"].dtype == "int64" and table["selected"].dtype == "int64"
    assert table["share"].dtype == "float64"
    pandera_schema("option_counts").validate(table)


def test_schema_refuses_more_selected_than_respondents() -> None:
    import pandera.errors

    from escp_pipeline.catalogue.derive import pandera_schema

    table = option_counts(core_frame("escp-4i", "2019-r2", _random_answers(3, 10)), ESCP_4I)
    table.loc[0, "selected"] = table.loc[0, "respondents"] + 1
    with pytest.raises(pandera.errors.SchemaErrors):
        pandera_schema("option_counts").validate(table, lazy=True)


def test_empty_question_has_zero_rows_not_missing_rows() -> None:
    answers = [{"partnership_code": "P07", "B1[SQ001]": True}, {"partnership_code": "P10"}]
    table = option_counts(core_frame("escp-4i", "2019-r2", answers), ESCP_4I)
    d1 = table[table["question"] == "D1"]
    assert len(d1) == (13 + 1) * 3
    assert (d1["selected"] == 0).all()
    overall = d1[d1["strand"] == "all"]
    assert (overall["respondents"] == 2).all() and (overall["share"] == 0.0).all()


def test_round_with_one_strand_keeps_the_other_strand_with_no_respondents() -> None:
    answers = [
        {"partnership_code": "P07", "strand": "strand-1", "C1[SQ007]": True},
        {"partnership_code": "P10", "strand": "strand-1"},
        {"partnership_code": "P01", "strand": "strand-2", "status": "incomplete"},
    ]
    table = option_counts(core_frame("escp-4i", "2019-r2", answers), ESCP_4I)
    strand_2 = table[table["strand"] == "strand-2"]
    assert (strand_2["respondents"] == 0).all() and (strand_2["selected"] == 0).all()
    assert strand_2["share"].isna().all()
    row = table.set_index(["question", "option", "strand"]).loc[("C1", "SQ007", "all")]
    assert (row["respondents"], row["selected"], row["share"]) == (2, 1, 0.5)
    ranks = rank_options(table, {"escp-4i": ESCP_4I})
    assert ranks[table["strand"] == "strand-2"].isna().all()


def test_ties_share_the_better_rank_and_other_and_none_are_not_ranked() -> None:
    # S3 B3: SQ001 and SQ004 chosen by 3, SQ005 by 2, SQ002 and SQ003 by nobody, None by 1
    chosen = {
        "P26": ["SQ001", "SQ004", "SQ005"],
        "P27": ["SQ001", "SQ004", "SQ005"],
        "P28": ["SQ001", "SQ004"],
        "P29": ["SQ006"],
    }
    answers = [
        {"partnership_code": code, **{f"B3[{o}]": True for o in options}, "B3[other]": "x"}
        for code, options in chosen.items()
    ]
    table = option_counts(core_frame("escp-s3", "2019-r1", answers), ESCP_S3)
    assert set(table["strand"]) == {"all"}
    ranks = rank_options(table, {"escp-s3": ESCP_S3})
    b3 = table.assign(rank=ranks)[table["question"] == "B3"].set_index("option")
    assert b3.loc["SQ001", "rank"] == 1 and b3.loc["SQ004", "rank"] == 1
    assert b3.loc["SQ005", "rank"] == 3
    assert b3.loc["SQ002", "rank"] == 4 and b3.loc["SQ003", "rank"] == 4
    assert pd.isna(b3.loc["SQ006", "rank"]) and pd.isna(b3.loc["other", "rank"])
    assert b3.loc["other", "selected"] == 4


def test_several_rounds_in_one_frame_are_counted_apart() -> None:
    first = core_frame("escp-4i", "2018-r1", [{"partnership_code": "P07", "B1[SQ001]": True}])
    second = core_frame(
        "escp-4i",
        "2019-r2",
        [{"partnership_code": "P07"}, {"partnership_code": "P10", "B1[SQ001]": True}],
    )
    table = option_counts(pd.concat([first, second], ignore_index=True), ESCP_4I)
    rows = table.set_index(["round", "question", "option", "strand"])
    assert rows.loc[("2018-r1", "B1", "SQ001", "all"), "share"] == 1.0
    assert rows.loc[("2019-r2", "B1", "SQ001", "all"), "share"] == 0.5


def test_no_responses_gives_the_empty_table_with_columns() -> None:
    core = core_frame("escp-4i", "2019-r2", [{"partnership_code": "P07"}]).iloc[0:0]
    table = option_counts(core, ESCP_4I)
    assert table.empty and tuple(table.columns) == OPTION_COUNTS_COLUMNS
    assert table["selected"].dtype == "int64"


def test_share_is_nan_only_without_respondents() -> None:
    answers = [{"partnership_code": "P07", "strand": "strand-2", "status": "superseded"}]
    table = option_counts(core_frame("escp-4i", "2019-r2", answers), ESCP_4I)
    assert all(math.isnan(s) for s in table["share"])
    assert (table["respondents"] == 0).all()


def test_every_share_carries_its_wilson_interval() -> None:
    import pandera.errors

    from escp_pipeline.catalogue.derive import pandera_schema

    # 11 of 12 strand-1 answers chose C1 SQ007; strand-2 has nobody
    answers = [
        {"partnership_code": f"P{n:02d}", "strand": "strand-1", "C1[SQ007]": n <= 11}
        for n in range(1, 13)
    ]
    table = option_counts(core_frame("escp-4i", "2019-r2", answers), ESCP_4I)
    rows = table.set_index(["question", "option", "strand"])
    chosen = rows.loc[("C1", "SQ007", "strand-1")]
    # hand-computed Wilson 95 % bounds of 11 / 12 (see test_statistics)
    assert (chosen["share_low"], chosen["share_high"]) == (
        pytest.approx(0.6461, abs=5e-5),
        pytest.approx(0.9851, abs=5e-5),
    )
    nobody = rows.loc[("C1", "SQ001", "strand-1")]
    assert nobody["share_low"] == 0.0 and nobody["share_high"] == pytest.approx(0.2425, abs=5e-5)
    strand_2 = table[table["strand"] == "strand-2"]
    assert strand_2["share_low"].isna().all() and strand_2["share_high"].isna().all()
    assert ((table["share_low"] <= table["share"]) | table["share"].isna()).all()
    pandera_schema("option_counts").validate(table)
    broken = table.copy()
    broken.loc[broken["share"] > 0.5, "share_high"] = 0.4
    with pytest.raises(pandera.errors.SchemaError):
        pandera_schema("option_counts").validate(broken)
