"""Sentences written from hand-made tables: ties, zeros, one respondent, a missing strand."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from escp_pipeline.publish import (
    narrative,
    narrative_comparison,
    narrative_tables,
    narrative_words,
)
from escp_pipeline.publish.data import ALL, STRANDS, question_counts, third_country_mentions
from escp_pipeline_tests.publish.frames import (
    R1_4I,
    TABLE1,
    TABLE2,
    collaborations_frame,
    option_counts_frame,
    report_like_tables,
    round_comparison_frame,
)

FOUR_I = "escp-4i"
S3 = "escp-s3"


def sentences(frame: pd.DataFrame, survey: str, round_: str, question: str) -> list[str]:
    return narrative.question_sentences(question_counts(frame, survey, round_, question))


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return report_like_tables()


def test_the_report_sentence_on_events_is_written_from_the_counts(tables) -> None:
    text = sentences(tables["option_counts"], FOUR_I, "2019-r2", "B1")
    assert text[0] == (
        "The most common activity is the organisation of events/ missions, reported by 18 "
        "respondents: 11 of 12 strand-1 and all 7 strand-2."
    )
    assert text[1] == (
        "Next comes the identification of strategic partners in third countries (16 respondents), "
        "then the identification of strategic partners in Europe (15)."
    )
    assert 'named another activity under "Other"' in text[-1]
    assert text[-1].startswith("1 respondent ")


def test_a_tie_at_the_top_names_every_tied_option_with_each(tables) -> None:
    text = sentences(tables["option_counts"], FOUR_I, "2019-r2", "E1")
    assert text[0].startswith(
        "The most common results are knowledge sharing & information exchange and the "
        "establishment of business contacts among members, reported by 14 respondents each: "
    )
    assert (
        "knowledge sharing & information exchange by 10 of 12 strand-1 and 4 of 7 strand-2"
        in (text[0])
    )
    assert text[1].startswith(
        "Next comes the organisation of joint business events (7 respondents)"
    )
    assert "(4 each)" in text[1]


def test_options_nobody_chose_read_no_respondent(tables) -> None:
    text = sentences(tables["option_counts"], FOUR_I, "2019-r2", "D1")
    assert (
        "No respondent selected merger and acquisition, Foreign Direct Investment (FDI): "
        "Inward/outward or staff exchange."
    ) in text
    assert "The least common result is joint ventures, reported by 1 respondent." in text
    assert (
        "The strands differ most on sales office representation: none of the 12 strand-1 against "
        "3 of 7 strand-2."
    ) in text


def test_escp_s3_has_no_strands_and_reads_of_eight(tables) -> None:
    counts = tables["option_counts"]
    b2 = sentences(counts, S3, "2019-r1", "B2")
    assert b2[0] == (
        "The most common activity is the interactions with policy makers and Thematic Smart "
        "Specialisation Platforms, reported by 6 of 8 respondents."
    )
    assert "strand" not in " ".join(b2)
    assert b2[2].startswith("The least common activities are ") and b2[2].endswith(
        "with 1 respondent each."
    )
    b3 = sentences(counts, S3, "2019-r1", "B3")
    assert b3[0].startswith("The most common activities are knowledge sharing and peer learning")
    assert b3[0].endswith("reported by 6 of 8 respondents each.")
    assert (
        "No respondent selected technology transfer activities or shared usage of facilities."
        in (b3)
    )
    d1 = sentences(counts, S3, "2019-r1", "D1")
    assert '6 of 8 respondents chose "None" (no result of the list).' in d1


def test_all_of_a_strand_none_of_a_strand_and_a_single_respondent() -> None:
    assert narrative_words.strand_phrase(7, 7, "strand-2") == "all 7 strand-2"
    assert narrative_words.strand_phrase(0, 7, "strand-2") == "none of the 7 strand-2"
    assert narrative_words.strand_phrase(1, 1, "strand-1") == "the only strand-1 respondent"
    assert narrative_words.strand_phrase(0, 1, "strand-1") == "no strand-1 respondent"
    assert narrative_words.strand_phrase(3, 12, "strand-1") == "3 of 12 strand-1"
    assert narrative_words.share_of(8, 8) == "all 8 respondents"
    assert narrative_words.share_of(1, 1) == "the only respondent"
    assert narrative_words.respondents_phrase(1) == "1 respondent"
    assert narrative_words.respondents_phrase(0) == "0 respondents"


def test_a_round_with_one_respondent() -> None:
    frame = option_counts_frame(
        FOUR_I, "2020-r3", {"strand-1": 1, "strand-2": 1}, {"B1": {"SQ001": (1, 1)}},
        other={"B1": (1, 0)},
    )  # fmt: skip
    text = sentences(frame, FOUR_I, "2020-r3", "B1")
    assert text[0] == (
        "The most common activity is the identification of strategic partners in Europe, reported "
        "by 2 respondents: the only strand-1 respondent and the only strand-2 respondent."
    )
    assert text[-1] == '1 respondent named another activity under "Other".'


def test_a_round_where_one_strand_did_not_answer() -> None:
    frame = option_counts_frame(
        FOUR_I,
        "2020-r3",
        {"strand-1": 6, "strand-2": 0},
        {"C1": {"SQ007": (5, 0), "SQ001": (2, 0)}},
    )
    text = sentences(frame, FOUR_I, "2020-r3", "C1")
    assert text[0].startswith("No strand-2 partnership answered in the third survey (2020-r3)")
    assert text[1] == (
        "The most common barrier is the engagement of SMEs in project activities, reported by 5 of "
        "6 respondents."
    )
    # the same when the strand's rows are missing altogether
    without = frame[frame["strand"] != "strand-2"]
    assert sentences(without, FOUR_I, "2020-r3", "C1") == text


def test_nobody_selected_anything() -> None:
    frame = option_counts_frame(S3, "2020-r2", {"all": 5}, {})
    assert sentences(frame, S3, "2020-r2", "B3") == [
        "No respondent selected any of the listed activities."
    ]


def test_prose_labels_keep_names_acronyms_and_title_phrases() -> None:
    assert narrative_words.prose_label("Organisation of events/ missions") == (
        "the organisation of events/ missions"
    )
    assert narrative_words.prose_label("SME mentoring") == "SME mentoring"
    assert narrative_words.prose_label("Research & Development") == "Research & Development"
    assert narrative_words.prose_label("Foreign Direct Investment (FDI)") == (
        "Foreign Direct Investment (FDI)"
    )
    assert narrative_words.prose_label("Intelligence gathering") == "intelligence gathering"
    assert narrative_words.prose_label("Linkages with Thematic Smart Specialisation Platforms") == (
        "the linkages with Thematic Smart Specialisation Platforms"
    )
    assert narrative_words.prose_label("MobiGoIn-Action", proper_name=True) == "MobiGoIn-Action"


def test_first_against_second_survey(tables) -> None:
    counts, comparison = tables["option_counts"], tables["round_comparison"]
    rows = comparison[
        (comparison["survey"] == FOUR_I)
        & (comparison["question"] == "B1")
        & (comparison["round"] == "2019-r2")
    ]
    current = question_counts(counts, FOUR_I, "2019-r2", "B1")
    previous = question_counts(counts, FOUR_I, "2018-r1", "B1")
    text = narrative_comparison.comparison_sentences(rows, current, previous)
    first = R1_4I["B1"]["SQ002"]
    assert text[0] == (
        "In the first survey (2018-r1), the most common activity was the identification of target "
        f"third countries, with all {sum(first)} respondents."
    )
    # SQ009 had 17 in the first round, joint third with intelligence gathering (17)
    assert text[1] == (
        "The organisation of events/ missions, the most common activity now, was reported by 17 "
        "of 19 respondents in 2018-r1, the joint third most common then."
    )
    # no change is significant: none is called the largest, each named one says so
    assert text[2] == (
        "No change in the share choosing any of the activities is distinguishable from chance at "
        "these numbers (smallest q = 1), so none is singled out as the largest increase or "
        "decrease."
    )
    assert text[4].startswith(
        "The identification of target third countries went from 19 of 19 respondents (100%) in "
        "2018-r1 to 14 of 19 (74%) in 2019-r2, a change that would stand out on its own (p = 0.046)"
    )
    assert "largest" not in " ".join(text[3:])
    assert text[5].startswith("On average per respondent, strand-1 respondents selected 6.8 ")
    assert text[5].endswith("(averages, not tested against chance).")


def _two_rounds(before: int, after: int, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    counts = pd.concat(
        [
            option_counts_frame(S3, "2019-r1", {"all": n}, {"B1": {"SQ001": (before,)}}),
            option_counts_frame(S3, "2020-r2", {"all": n}, {"B1": {"SQ001": (after,)}}),
        ],
        ignore_index=True,
    )
    return counts, round_comparison_frame(counts)


def _change_text(counts: pd.DataFrame, comparison: pd.DataFrame) -> list[str]:
    return narrative_comparison.comparison_sentences(
        comparison[comparison["question"] == "B1"],
        question_counts(counts, S3, "2020-r2", "B1"),
        question_counts(counts, S3, "2019-r1", "B1"),
    )


def test_a_significant_change_is_called_clear_with_its_numbers() -> None:
    counts, comparison = _two_rounds(0, 20, 20)
    text = " ".join(_change_text(counts, comparison))
    assert "One change is distinguishable from chance at these numbers." in text
    assert (
        "went from 0 of 20 respondents (0%) in 2019-r1 to 20 of 20 (100%) in 2020-r2, a clear "
        "increase (p < 0.001, q < 0.001)."
    ) in text
    assert "largest" not in text


def test_a_strand_below_five_respondents_reads_in_counts_only() -> None:
    counts, comparison = _two_rounds(1, 3, 4)
    text = " ".join(_change_text(counts, comparison))
    assert "from 1 of 4 respondents in 2019-r1 to 3 of 4 in 2020-r2" in text
    assert "%" not in text
    assert "within what chance alone produces at these numbers (p = 0.49)" in text


def test_no_change_sentence_claims_what_the_test_does_not_support(tables) -> None:
    counts, comparison = tables["option_counts"], tables["round_comparison"]
    for question in ("B1", "C1", "D1", "E1"):
        rows = comparison[(comparison["question"] == question) & (comparison["survey"] == FOUR_I)]
        text = narrative_comparison.comparison_sentences(
            rows,
            question_counts(counts, FOUR_I, "2019-r2", question),
            question_counts(counts, FOUR_I, "2018-r1", question),
        )
        for sentence in text:
            if "%" in sentence:  # a share names its base: "<k> of <n> respondents (<share>)"
                assert re.search(r"\d+ of \d+ respondents \(\d+%\)", sentence), sentence
            if re.search(r"\bincrease|\bdecrease|went from", sentence):
                assert "chance" in sentence or "clear" in sentence, sentence


def test_a_question_nobody_answered_in_either_round() -> None:
    counts = pd.concat(
        [
            option_counts_frame(S3, "2019-r1", {"all": 4}, {}),
            option_counts_frame(S3, "2020-r2", {"all": 5}, {}),
        ]
    )
    comparison = round_comparison_frame(counts)
    rows = comparison[(comparison["question"] == "B1")]
    text = narrative_comparison.comparison_sentences(
        rows,
        question_counts(counts, S3, "2020-r2", "B1"),
        question_counts(counts, S3, "2019-r1", "B1"),
    )
    assert text == [
        "No respondent selected any of the listed activities in the first survey (2019-r1) either."
    ]


def test_table_one_sentences() -> None:
    wide = pd.DataFrame(
        {
            "partnership": list(TABLE1["2019-r2"]),
            "2018-r1": list(TABLE1["2018-r1"].values()),
            "2019-r2": list(TABLE1["2019-r2"].values()),
        }
    )
    text = narrative_tables.agreements_sentences(
        wide, ["2018-r1", "2019-r2"], {"2018-r1": 21, "2019-r2": 46}
    )
    assert text[0].startswith("In the second survey (2019-r2), 12 partnerships stated how many")
    assert "46 in total, all of them at least one." in text[0]
    assert text[1] == "That is 25 more than the 21 of the first survey (2018-r1)."
    assert text[2] == "LASER-GO GLOBAL reports the most (10)."
    tied = wide.assign(**{"2019-r2": [5, 5, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]})
    text = narrative_tables.agreements_sentences(tied, ["2019-r2"], {"2019-r2": 19})
    assert text[-1] == "GCA and MAGIA report the most (5 each)."
    assert "11 of them at least one" in text[0]


def test_table_two_sentences() -> None:
    links = collaborations_frame(FOUR_I, "2019-r2", TABLE2)
    text = narrative_tables.collaboration_sentences(links, "2019-r2")
    assert text[0] == (
        "In the second survey (2019-r2), 12 partnerships named 37 collaborations with other "
        "partnerships (35 distinct pairs)."
    )
    assert text[1] == "MobiGoIn-Action named the most (11 partners)."
    assert text[2] == (
        "2 pairs named each other (IDEEO and SpaceWave; LASER-GO GLOBAL and MAGIA); the other 33 "
        "links were reported by one side only."
    )
    assert text[3].startswith("4 named partners are outside the partnership registry")
    one = collaborations_frame(FOUR_I, "2020-r3", {"GCA": ["ELBE"], "ELBE": ["GCA"]})
    text = narrative_tables.collaboration_sentences(one, "2020-r3")
    assert text[1] == "ELBE and GCA named the most (1 partner each)."
    assert text[2].startswith("1 pair named each other (ELBE and GCA); the other 0 links were")


def test_countries_with_ties_and_eu_members(tables) -> None:
    third, eu = third_country_mentions(tables["country_mentions"], FOUR_I, "2019-r2", "B1")
    text = narrative_tables.countries_sentence(third, eu, "the comments")
    assert text[0] == (
        "Regarding the targeted third countries, the comments name the USA (4 respondents), Canada "
        "and China (3 each), Chile and Mexico (2 each) and Brazil, Egypt, India, Indonesia, Japan, "
        "Kenya and Morocco (1 each)."
    )
    assert (
        text[1] == "EU member states named there are not counted as third countries: Germany (2)."
    )
    assert narrative_tables.countries_sentence(third.iloc[0:0], eu.iloc[0:0], "the comments") == [
        "No third country is named in the comments."
    ]


# --- every number a sentence states is in the table --------------------------------------------

BREAKDOWN = re.compile(r"(?:(\d+) of (\d+)|all (\d+)|none of the (\d+)) (strand-[12])")


def assert_numbers_follow_table(text: list[str], survey: str, frame: pd.DataFrame) -> None:
    """Check each sentence's numbers against the question's rows, computed independently here."""
    rows = frame[frame["option"] != "other"]
    n = rows.groupby("strand")["respondents"].max().to_dict()
    by_strand = {s: set(rows.loc[rows["strand"] == s, "selected"]) for s in (*STRANDS, ALL)}
    listed = rows[(rows["strand"] == ALL) & (rows["label"] != "None")]  # "None" is not ranked
    top = int(listed["selected"].max()) if len(listed) else 0
    for sentence in text:
        for a, b, every, none, strand in BREAKDOWN.findall(sentence):
            if a:
                assert int(b) == n[strand] and int(a) in by_strand[strand], sentence
            elif every:
                assert int(every) == n[strand] and n[strand] in by_strand[strand], sentence
            else:
                assert int(none) == n[strand] and 0 in by_strand[strand], sentence
        lead = re.match(r"The most common \w+ (?:is|are) .*?, reported by (\d+)", sentence)
        if lead:
            assert int(lead.group(1)) == top, sentence
        for count in re.findall(r"\((\d+)(?: respondents?)?(?: each)?\)", sentence):
            assert int(count) in by_strand[ALL], sentence
        share = re.search(r"by (\d+) of (\d+) respondents", sentence)
        if share:
            assert int(share.group(2)) == n[ALL] and int(share.group(1)) in by_strand[ALL]


@pytest.mark.parametrize("seed", range(12))
def test_generated_rounds_with_ties_and_zeros(seed: int) -> None:
    import numpy as np

    rng = np.random.default_rng(seed)
    strands = {"strand-1": int(rng.integers(0, 6)), "strand-2": int(rng.integers(1, 6))}
    counts = {
        q: {
            f"SQ{i:03d}": tuple(int(rng.integers(0, n + 1)) if rng.random() > 0.3 else 0
                                for n in strands.values())
            for i in range(1, 14)
        }
        for q in ("B1", "C1", "D1", "E1")
    }  # fmt: skip
    frame = option_counts_frame(FOUR_I, "2021-r4", strands, counts)
    for question in ("B1", "C1", "D1", "E1"):
        text = sentences(frame, FOUR_I, "2021-r4", question)
        assert text, question
        assert_numbers_follow_table(text, FOUR_I, frame[frame["question"] == question])
        if strands["strand-1"] == 0:
            assert text[0].startswith("No strand-1 partnership answered")
