"""The analyst tables of generated exports (other rounds, other partnerships), against counts the
test computes itself from the raw generated responses, without the cleaning code."""

from pathlib import Path

import pandas as pd
import pytest

from escp_pipeline.analysis.agreements import cooperation_agreements
from escp_pipeline.analysis.collaborations import escp_collaborations
from escp_pipeline.analysis.countries import country_mentions
from escp_pipeline.analysis.option_counts import option_counts
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.contract.export_reader import read_export
from escp_pipeline.contract.registry import load_registry

random_rounds = pytest.importorskip("devtools.random_rounds")
limesurvey_export = pytest.importorskip("escp_pipeline.synthetic.limesurvey_export")

REGISTRY = load_registry()
ROUNDS = {
    # partnerships the demo rounds never use, a later round of ESCP-4i
    ("escp-4i", "2021-r3"): ["P02", "P05", "P08", "P11", "P13", "P14", "P20", "P21", "P22"],
    ("escp-s3", "2020-r2"): ["P27", "P29", "P30", "P33"],
}


def _generated(tmp_path: Path, survey: str, round_: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(raw generated responses, core table built from their export)."""
    from escp_pipeline.validation.clean import build_core_table

    codebook = load_codebook(survey)
    raw = random_rounds.generate_round(
        codebook, n_responses=40, seed=5, partnerships=ROUNDS[(survey, round_)], year=2021
    )
    path = limesurvey_export.write_export(raw, codebook, tmp_path / f"{round_}.csv")
    core = build_core_table(
        read_export(path, codebook), codebook, REGISTRY, SurveyRound(survey, round_)
    ).responses
    return raw, core


def _counted(raw: pd.DataFrame, survey: str) -> pd.DataFrame:
    """The answers that count: complete, and per partnership only the latest (submitdate, id)."""
    partnership = load_codebook(survey).partnership_question.code
    complete = raw[raw["submitdate"].notna()].assign(_id=lambda f: f["id"].astype(int))
    latest = complete.sort_values(["submitdate", "_id"]).groupby(partnership).tail(1)
    strand = latest["A2"].map({"S1": "strand-1", "S2": "strand-2"}) if survey == "escp-4i" else None
    return latest.assign(_strand=strand, _name=latest[partnership].map(REGISTRY.name_of))


@pytest.mark.parametrize(("survey", "round_"), list(ROUNDS))
def test_tables_of_a_generated_round(tmp_path: Path, survey: str, round_: str) -> None:
    codebook = load_codebook(survey)
    raw, core = _generated(tmp_path, survey, round_)
    counted = _counted(raw, survey)
    assert 0 < len(counted) <= len(ROUNDS[(survey, round_)])

    counts = option_counts(core, codebook)
    chose = {}
    for question in codebook.multiple_choice_questions:
        for option in question.subquestions:
            chose[(question.code, option.code)] = counted[f"{question.code}[{option.code}]"].eq("Y")
        if question.other:
            text = counted[f"{question.code}[other]"].fillna("").str.strip()
            chose[(question.code, "other")] = text.ne("")
    chosen = pd.DataFrame(chose)
    strands = ["all"] if survey == "escp-s3" else ["strand-1", "strand-2", "all"]
    expected = []
    for strand in strands:
        rows = chosen if strand == "all" else chosen[(counted["_strand"] == strand).to_numpy()]
        expected.append(
            rows.sum()
            .rename("expected_selected")
            .rename_axis(["question", "option"])
            .reset_index()
            .assign(strand=strand, expected_respondents=len(rows))
        )
    both = counts.merge(pd.concat(expected), on=["question", "option", "strand"], how="outer")
    assert len(both) == len(counts) == len(chose) * len(strands)
    assert (both["selected"] == both["expected_selected"]).all()
    assert (both["respondents"] == both["expected_respondents"]).all()

    agreements = cooperation_agreements(core, codebook)
    stated = counted[counted["D3"].notna()]
    assert dict(zip(agreements["partnership"], agreements["agreements"], strict=True)) == dict(
        zip(stated["_name"], stated["D3"].astype(int), strict=True)
    )

    links = escp_collaborations(core, codebook, REGISTRY)
    question = codebook.collaboration_question
    ticked = {
        (source, REGISTRY.name_of(option.code))
        for option in question.subquestions
        for source in counted.loc[counted[f"{question.code}[{option.code}]"].eq("Y"), "_name"]
    }
    ticked = {(s, t) for s, t in ticked if s != t}
    table_links = set(zip(links["source"], links["target"], strict=True))
    assert ticked <= table_links
    assert set(links["source"]) <= set(counted["_name"])
    named = counted[f"{question.code}[other]"].fillna("")
    assert links["target_in_registry"].all() == (not named.str.contains("SmartCity").any())

    mentions = country_mentions(core, codebook)
    b1 = [column for column in codebook.question("B1").free_text_columns()]
    texts = counted[b1].fillna("").agg("\n".join, axis=1)
    found = mentions[mentions["question"] == "B1"].set_index("country")["mentions"]
    for code, word in {"US": "USA", "CN": "China", "JP": "Japan", "CA": "Canada"}.items():
        assert found.get(code, 0) == int(texts.str.contains(word).sum()), code
