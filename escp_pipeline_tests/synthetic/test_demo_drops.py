"""The committed demo drops reproduce every claim of the report-facts file.

The numbers are counted here, straight from the drops, with nothing of the analysis code: only the
project's export reader, the codebooks and the registry. An answer counts when it is complete and
not superseded (the latest complete submission of its partnership, by ``submitdate`` then ``id``).
Where the report contradicts itself (a claim with a ``conflict`` note) the test asserts the side the
demo data takes and that the other side indeed does not hold.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from devtools.demo_rounds import (
    DEMO_ROUNDS,
    OTHER_NAMES_SEPARATOR,
    write_demo_rounds,
)
from escp_pipeline.contract.codebook import REFERENCE_DIR, Codebook, load_codebook
from escp_pipeline.contract.export_reader import read_export
from escp_pipeline.contract.registry import load_registry
from escp_pipeline_tests.limesurvey_reference import LIMESURVEY_DIR, reference_export

REPO = Path(__file__).resolve().parents[2]
INCOMING = REPO / "data" / "incoming"
FACTS = yaml.safe_load((REFERENCE_DIR / "report-facts.yaml").read_text(encoding="utf-8"))
STRANDS = {"S1": "strand-1", "S2": "strand-2"}

#: Parts of claims the data cannot reproduce because the report contradicts itself:
#: (claim id, question, option, strand, key) that must NOT hold.
NOT_REPRODUCED = {("s3-results", "D1", "SQ009", "all", "share_min")}

#: Free-text partnership names in G2[other] / E2[other] and what they mean (own table, no fuzzy).
WRITTEN_NAMES = {
    "C4W": "Cosmetics4Wellbeing",
    "Cosmetic4Wellbeing": "Cosmetics4Wellbeing",
    "AdPack 2": "AdPack2",
    "AdPack <sup>2</sup>": "AdPack2",
    "MobiGoIn Action": "MobiGoIn-Action",
    "COSMENERG 4i": "COSMENERG-4i",
    "SPACE2IDGO": "SPACE2IDGO",
    "EU-TEXTILE 2030": "EU-TEXTILE2030",
    "SmartCity Tech": "SmartCity Tech",
    "WBioXclusters": "WBioXclusters",
    "BioXclusters": "BioXclusters",
    "ECCA": "ECCA",
}

#: How B1's free text names the report's target countries (acronyms case-sensitive).
COUNTRY_PATTERNS = {
    "US": r"\bUSA\b|\bUS\b|\bU\.S\.|United States",
    "CN": r"\bChina\b",
    "CA": r"\bCanada\b",
    "CL": r"\bChile\b",
    "MX": r"\bMexico\b",
    "EG": r"\bEgypt\b",
    "BR": r"\bBrazil\b",
    "IN": r"\bIndia\b",
    "JP": r"\bJapan\b",
    "MA": r"\bMorocco\b",
    "KE": r"\bKenya\b",
    "ID": r"\bIndonesia\b",
}
DEMONYMS = (
    "American|Canadian|Chinese|Chilean|Mexican|Egyptian|Brazilian|Indian|Japanese|Moroccan|"
    "Kenyan|Indonesian|German|French|Italian|Spanish|Swedish|Portuguese|Belgian|Dutch|Polish|"
    "British|Latin America|North America|South America|Americas"
)


# ---------------------------------------------------------------------------------------------
# Reading the drops and counting, independently of the analysis code
# ---------------------------------------------------------------------------------------------


def _drop(survey: str, round_: str) -> Path:
    return INCOMING / survey / f"{round_}.csv"


_RESPONSES: dict[tuple[str, str], pd.DataFrame] = {}


def responses(survey: str, round_: str) -> pd.DataFrame:
    """Every response of a committed drop, read with the project's reader."""
    key = (survey, round_)
    if key not in _RESPONSES:
        _RESPONSES[key] = read_export(_drop(survey, round_), load_codebook(survey)).responses
    return _RESPONSES[key]


@functools.cache
def final_answers(survey: str, round_: str) -> pd.DataFrame:
    """Complete, not superseded answers, with the partnership's name and the strand answered."""
    frame = responses(survey, round_)
    complete = frame[frame["submitdate"].notna()].copy()
    complete["_id"] = complete["id"].astype(int)
    complete = complete.sort_values(["submitdate", "_id"])
    final = complete.drop_duplicates("A1", keep="last").copy()
    registry = load_registry()
    final["partnership"] = final["A1"].map(registry.name_of)
    final["strand"] = final["A2"].map(STRANDS) if survey == "escp-4i" else "all"
    return final.set_index("partnership", drop=False)


def in_strand(answers: pd.DataFrame, strand: str) -> pd.DataFrame:
    return answers if strand == "all" else answers[answers["strand"] == strand]


def selected(answers: pd.DataFrame, question: str, option: str) -> int:
    if option == "other":
        text = answers[f"{question}[other]"]
        return int(text.notna().sum())
    return int((answers[f"{question}[{option}]"] == "Y").sum())


def rank(answers: pd.DataFrame, codebook: Codebook, question: str, option: str) -> int:
    """1 + options chosen more often; the `other` row and exclusive options are not ranked."""
    ranked = [o.code for o in codebook.question(question).subquestions if not o.exclusive]
    mine = selected(answers, question, option)
    return 1 + sum(selected(answers, question, other) > mine for other in ranked)


def free_text(answers: pd.DataFrame, codebook: Codebook, question: str) -> pd.Series:
    """All free text of one question per answer, joined."""
    columns = codebook.question(question).free_text_columns()
    return answers[columns].apply(lambda row: "\n".join(v for v in row if isinstance(v, str)), 1)


def count_claims() -> list[tuple[str, dict[str, Any]]]:
    return [(claim["id"], count) for claim in FACTS["claims"] for count in claim.get("counts", [])]


def claim(claim_id: str) -> dict[str, Any]:
    return next(c for c in FACTS["claims"] if c["id"] == claim_id)


# ---------------------------------------------------------------------------------------------
# The drops themselves
# ---------------------------------------------------------------------------------------------


def test_committed_drops_are_what_the_generator_writes(tmp_path: Path) -> None:
    written = write_demo_rounds(tmp_path)
    assert [p.relative_to(tmp_path) for p in written] == [
        Path(survey) / f"{round_}.csv" for survey, round_ in DEMO_ROUNDS
    ]
    for path in written:
        committed = INCOMING / path.relative_to(tmp_path)
        assert committed.read_bytes() == path.read_bytes(), f"{committed} is out of date"


@pytest.mark.skipif(LIMESURVEY_DIR is None, reason="shared/limesurvey-6.4.2 is not beside the repo")
@pytest.mark.parametrize(("survey", "round_"), DEMO_ROUNDS)
def test_drops_are_what_limesurvey_6_4_2_exports(survey: str, round_: str) -> None:
    """Imported into a real LimeSurvey 6.4.2 and exported again (admin UI, the contract's settings),
    each round gives back the committed drop byte for byte."""
    assert _drop(survey, round_).read_bytes() == reference_export(survey, round_).read_bytes()


def test_drops_look_like_limesurvey_exports() -> None:
    for survey, round_ in DEMO_ROUNDS:
        raw = _drop(survey, round_).read_bytes()
        assert raw.startswith(b'\xef\xbb\xbf"id","submitdate","lastpage","startlanguage","seed",')
        assert raw.endswith(b'"\r\n')
    raw_4i = _drop("escp-4i", "2019-r2").read_bytes().decode("utf-8-sig")
    assert "\"'=same as in the first survey" in raw_4i  # quoted equation
    # The answer holds CR LF; LimeSurvey writes a line break inside a value as LF.
    assert "Mexico.\nPanel session" in raw_4i and "\r\nPanel" not in raw_4i
    assert '""one voice""' in raw_4i and "<b>joint website</b>" in raw_4i and "«" in raw_4i
    frame = responses("escp-4i", "2019-r2")
    assert frame["refurl"].isna().all() and (frame["startlanguage"] == "en").all()


def test_rounds_have_the_reported_complete_answers() -> None:
    for round_facts in FACTS["rounds"]:
        answers = final_answers(round_facts["survey"], round_facts["round"])
        for strand, expected in round_facts.get("complete", {}).items():
            assert len(in_strand(answers, strand)) == expected, (round_facts, strand)
        invited = round_facts.get("invited")
        if invited:
            assert responses(round_facts["survey"], round_facts["round"])["A1"].nunique() <= invited


def test_statuses_of_every_response() -> None:
    """2019-r2: 19 final, GCA's earlier answer superseded, DIA and ALLIANCE incomplete."""
    expected = {
        ("escp-4i", "2018-r1"): (20, 2, 0),
        ("escp-4i", "2019-r2"): (19, 2, 1),
        ("escp-s3", "2019-r1"): (8, 1, 0),
    }
    for (survey, round_), (final, incomplete, superseded) in expected.items():
        frame = responses(survey, round_)
        assert frame["id"].is_unique
        assert int(frame["submitdate"].isna().sum()) == incomplete
        assert len(frame) == final + incomplete + superseded
        assert len(final_answers(survey, round_)) == final
        missing = frame[frame["submitdate"].isna()]
        last_page = int(frame["lastpage"].astype(int).max())
        assert (missing["lastpage"].astype(int) < last_page).all()
    frame = responses("escp-4i", "2019-r2")
    gca = frame[frame["A1"] == "P12"].sort_values("submitdate")
    earlier, later = gca.iloc[0], gca.iloc[1]
    assert int(earlier["id"]) < int(later["id"]) and earlier["submitdate"] < later["submitdate"]
    assert (earlier["D3"], later["D3"]) == ("2", "3")
    incomplete = frame[frame["submitdate"].isna()]
    assert set(incomplete["A1"]) == {"P05", "P02"}  # DIA (strand-2) and ALLIANCE
    assert incomplete[[c for c in frame if c.startswith(("D", "E", "G", "H"))]].isna().all().all()


def test_timestamps_lie_in_the_rounds_windows() -> None:
    windows = {
        ("escp-4i", "2018-r1"): ("2018-10-08", "2018-11-01"),
        ("escp-4i", "2019-r2"): ("2019-05-13", "2019-06-06"),
        ("escp-s3", "2019-r1"): ("2019-05-13", "2019-05-29"),
    }
    for (survey, round_), (opened, closed) in windows.items():
        frame = responses(survey, round_)
        for column in ("submitdate", "startdate", "datestamp"):
            stamps = frame[column].dropna()
            assert stamps.str.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d").all()
            assert (stamps >= opened).all() and (stamps < closed).all(), (round_, column)
        complete = frame[frame["submitdate"].notna()]
        assert (complete["startdate"] <= complete["submitdate"]).all()
        assert (complete["datestamp"] == complete["submitdate"]).all()


def test_personal_data_is_fake_and_names_nobody() -> None:
    for survey, round_ in DEMO_ROUNDS:
        frame = responses(survey, round_)
        codebook = load_codebook(survey)
        contact, email = codebook.personal_data_columns
        names = set(load_registry().by_code[c].name for c in frame["A1"])
        for value in frame[contact].dropna():
            role, _, partnership = value.partition(", ")
            assert role in {"Contact person", "Cluster manager", "Project coordinator"}
            assert partnership in names
        assert frame[email].dropna().str.fullmatch(r"escp-p\d\d@example\.(org|com|net)").all()
        assert frame["ipaddr"].str.fullmatch(r"(192\.0\.2|198\.51\.100)\.\d{1,3}").all()
        assert frame["token"].str.fullmatch(r"[A-Za-z0-9]{15}").all()
        consent = codebook.consent_question
        assert consent is not None and set(frame[consent.code].dropna()) == {"Y", "N"}


def test_strands_agree_with_the_registry() -> None:
    registry = load_registry()
    for round_ in ("2018-r1", "2019-r2"):
        frame = responses("escp-4i", round_)
        for code, strand in zip(frame["A1"], frame["A2"], strict=True):
            stated = registry.by_code[code].strand
            if stated is not None:
                assert STRANDS[strand] == stated, (round_, code)


# ---------------------------------------------------------------------------------------------
# The claims
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim_id", "count"),
    count_claims(),
    ids=[
        f"{cid}-{c['round']}-{c['question']}-{c['option']}-{c['strand']}"
        for cid, c in count_claims()
    ],
)
def test_count_claim(claim_id: str, count: dict[str, Any]) -> None:
    codebook = load_codebook(count["survey"])
    answers = in_strand(final_answers(count["survey"], count["round"]), count["strand"])
    chosen = selected(answers, count["question"], count["option"])
    share = chosen / len(answers)
    checks = {
        "selected": chosen == count.get("selected"),
        "selected_min": chosen >= count.get("selected_min", 0),
        "selected_max": chosen <= count.get("selected_max", chosen),
        "share_min": share >= count.get("share_min", 0),
        "share_max": share <= count.get("share_max", 1),
    }
    if "rank" in count or "rank_max" in count:
        position = rank(answers, codebook, count["question"], count["option"])
        checks["rank"] = position == count.get("rank")
        checks["rank_max"] = position <= count.get("rank_max", position)
    where = (claim_id, count["question"], count["option"], count["strand"])
    for key, holds in checks.items():
        if key not in count:
            continue
        if (*where, key) in NOT_REPRODUCED:
            assert not holds, f"{where} {key} was expected not to hold (report conflict)"
        else:
            assert holds, f"{where}: {key} {count[key]} but selected {chosen} of {len(answers)}"


def test_every_respondent_faced_a_barrier() -> None:
    for item in FACTS["claims"]:
        target = item.get("every_respondent_selects_one_of")
        if not target:
            continue
        answers = final_answers(target["survey"], target["round"])
        question = load_codebook(target["survey"]).question(target["question"])
        columns = [f"{question.code}[{o.code}]" for o in question.subquestions] + [
            f"{question.code}[other]"
        ]
        assert answers[columns].notna().any(axis=1).all()


def test_agreements_are_table_1() -> None:
    facts = claim("4i-agreements-table1")["agreements"]
    for round_ in ("2018-r1", "2019-r2"):
        answers = final_answers("escp-4i", round_)
        stated = answers[answers["D3"].notna()]
        agreements = dict(zip(stated["partnership"], stated["D3"].astype(int), strict=True))
        assert agreements == facts[round_]
        assert sum(agreements.values()) == facts["totals"][round_]
        assert (stated.loc[stated["D3"].astype(int) > 0, "D2"] == "Y").all()
        others = answers[answers["D3"].isna()]
        assert (others["D2"] == "N").all()
        for name, count in agreements.items():
            cases = [n for n in range(1, 11) if pd.notna(answers.loc[name, f"D4O{n}[SQ001]"])]
            assert cases == list(range(1, min(count, 10) + 1)), name
    # Conflict: the text's "46 agreements by 11 partnerships, 24 new" is not reproduced.
    assert sum(1 for count in facts["2019-r2"].values() if count > 0) == 12
    assert facts["totals"]["2019-r2"] - facts["totals"]["2018-r1"] == 25
    ec2i = final_answers("escp-4i", "2019-r2").loc["EC2i"]
    partners = {ec2i[f"D4O{n}[SQ001]"]: ec2i[f"D4O{n}[SQ002]"] for n in range(1, 6)}
    assert partners["Marine Renewables Canada"] == "Canada" and partners["Umore"] == "China"


def _links(survey: str, round_: str, question: str) -> dict[tuple[str, str], str]:
    """Directed links (source, target) -> purpose, from ticked codes and typed names."""
    codebook = load_codebook(survey)
    registry = load_registry()
    links: dict[tuple[str, str], str] = {}
    for source, answer in final_answers(survey, round_).iterrows():
        for option in codebook.question(question).subquestions:
            if answer[f"{question}[{option.code}]"] == "Y":
                comment = answer.get(f"{question}[{option.code}comment]")
                purpose = comment if isinstance(comment, str) else ""
                links[(source, registry.name_of(option.code))] = purpose
        typed = answer[f"{question}[other]"]
        if isinstance(typed, str):
            comment = answer.get(f"{question}[othercomment]")
            for written in typed.split(OTHER_NAMES_SEPARATOR.strip()):
                target = WRITTEN_NAMES[written.strip()]
                links[(source, target)] = comment if isinstance(comment, str) else ""
    return links


def test_collaborations_are_table_2() -> None:
    facts = claim("4i-collaborations-table2")
    links = _links("escp-4i", "2019-r2", "G2")
    expected = {(s, t) for s, targets in facts["collaborations"].items() for t in targets}
    assert set(links) == expected
    reporters = set(facts["collaborations"])
    answers = final_answers("escp-4i", "2019-r2")
    assert set(answers.index[answers["G1"] == "Y"]) == reporters
    reciprocal = {frozenset(pair) for pair in links if (pair[1], pair[0]) in links}
    assert reciprocal == {frozenset(pair) for pair in facts["reciprocal_pairs"]}
    counts = Counter(source for source, _ in links)
    assert counts.most_common(1) == [("MobiGoIn-Action", 11)]
    # Conflict: Table 2 has 37 directed links (35 distinct pairs); the text says 36.
    assert len(links) == 37 and len({frozenset(pair) for pair in links}) == 35
    # Purposes: "Details N/A" rows are empty, the others carry the report's description.
    for pair in [("FoodPackLab", "FoodNet"), ("GCA", "MobiGoIn-Action"), ("IDEEO", "SpaceWave")]:
        assert links[pair] == ""
    assert links[("EC2i", "NF4")] == "Collaboration in China mission in 2019"
    assert "Collaboration in US mission in 2019" in links[("EC2i", "SmartCity Tech")]
    assert "Exchange of best practices" in links[("LASER-GO GLOBAL", "Cosmetics4Wellbeing")]


def test_free_text_names_exercise_name_resolution() -> None:
    registry = load_registry()
    written = [
        name.strip()
        for text in final_answers("escp-4i", "2019-r2")["G2[other]"].dropna()
        for name in text.split(";")
    ]
    in_registry = [n for n in written if WRITTEN_NAMES[n] not in registry.outside_the_survey_lists]
    assert {"C4W", "AdPack 2", "MobiGoIn Action"} <= set(in_registry)
    misspelt = [n for n in in_registry if registry.lookup(n) is None]
    assert misspelt == ["Cosmetic4Wellbeing"]  # only a close-spelling match can resolve it
    assert any(";" in text for text in final_answers("escp-4i", "2019-r2")["G2[other]"].dropna())


def test_country_mentions_in_activities() -> None:
    facts = claim("4i-target-countries")["country_mentions"]
    codebook = load_codebook("escp-4i")
    texts = free_text(final_answers("escp-4i", "2019-r2"), codebook, facts["question"])
    mentions = {
        country: int(texts.str.contains(pattern, regex=True).sum())
        for country, pattern in COUNTRY_PATTERNS.items()
    }
    assert mentions == facts["mentions"]
    assert not texts.str.contains(DEMONYMS, regex=True).any()


def test_activities_name_no_other_country() -> None:
    import pycountry

    codebook = load_codebook("escp-4i")
    texts = free_text(final_answers("escp-4i", "2019-r2"), codebook, "B1")
    known = set(COUNTRY_PATTERNS)
    for country in pycountry.countries:
        if country.alpha_2 in known:
            continue
        names = {country.name, getattr(country, "common_name", country.name)}
        names |= {n.split(",")[0] for n in names}
        for name in names:
            found = texts.str.contains(rf"\b{re.escape(name)}\b", regex=True)
            assert not found.any(), f"B1 free text names {name}"
    codes = {c.alpha_2 for c in pycountry.countries} | {c.alpha_3 for c in pycountry.countries}
    tokens = {token for text in texts for token in re.findall(r"\b[A-Z]{2,3}\b", text)}
    assert not (tokens & codes) - {"US", "USA"}, "an uppercase word reads as a country code"


def test_sme_results_improve_in_both_strands() -> None:
    facts = claim("4i-r1-sme-improvement")["improvement"]
    question = load_codebook("escp-4i").question(facts["question"])
    columns = [f"{question.code}[{o.code}]" for o in question.subquestions]
    for strand in facts["strands"]:
        per_answer = {
            round_: (in_strand(final_answers("escp-4i", round_), strand)[columns] == "Y")
            .sum(axis=1)
            .mean()
            for round_ in (facts["from"], facts["to"])
        }
        assert per_answer[facts["to"]] > per_answer[facts["from"]], strand


def test_conflict_sides() -> None:
    """The side the data takes where the report contradicts itself."""
    codebook = load_codebook("escp-4i")
    second = final_answers("escp-4i", "2019-r2")
    # 4i-sme-results: business contacts and knowledge sharing tie at rank 1.
    assert selected(second, "E1", "SQ010") == selected(second, "E1", "SQ009") == 14
    assert rank(second, codebook, "E1", "SQ009") == 1
    # 4i-r1-activities: joint communication actions in the top two, intelligence gathering third.
    first = final_answers("escp-4i", "2018-r1")
    assert rank(first, codebook, "B1", "SQ005") == 1
    assert rank(first, codebook, "B1", "SQ006") == 3
    # s3-results: 3 business contacts kept; None is 5 of 8, not over 70 %.
    s3 = final_answers("escp-s3", "2019-r1")
    assert selected(s3, "D1", "SQ009") == 5 and selected(s3, "D1", "SQ006") == 3


def test_exclusive_none_is_ticked_alone() -> None:
    for survey, round_ in DEMO_ROUNDS:
        codebook = load_codebook(survey)
        frame = responses(survey, round_)
        for question in codebook.multiple_choice_questions:
            for option in question.subquestions:
                if not option.exclusive:
                    continue
                alone = frame[frame[f"{question.code}[{option.code}]"] == "Y"]
                others = [
                    f"{question.code}[{o.code}]" for o in question.subquestions if o is not option
                ]
                assert alone[others].isna().all().all(), (survey, question.code)


def test_s3_barrier_other_is_financial() -> None:
    answers = final_answers("escp-s3", "2019-r1")
    other = answers["C1[other]"].dropna()
    assert len(other) == 1 and other.iloc[0].lower().startswith("financial struggles")
    assert "travel vouchers" in answers["C1[othercomment]"].dropna().iloc[0].lower()
    both = answers[(answers["C1[SQ001]"] == "Y") & (answers["C1[SQ007]"] == "Y")]
    assert len(both) == 1  # "only one respondent" had both barriers
