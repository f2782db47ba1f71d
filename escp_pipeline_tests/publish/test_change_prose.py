"""The report's comparison of the first and second ESCP-4i surveys, written from the demo rounds.

The analyst tables are built from the committed demo drops with the pure functions (no Dagster), the
report is built from them with a stand-in figure, and every sentence of the comparison sections is
checked: a share names its base, a change says whether it is distinguishable from chance (with the
p-value of an independent Fisher test), and no change is singled out as the largest when none is
significant.
"""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from escp_pipeline.analysis import agreements, collaborations, countries
from escp_pipeline.analysis.comparisons import round_comparison
from escp_pipeline.analysis.option_counts import option_counts
from escp_pipeline.analysis.respondents import respondents_table
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.contract.export_reader import read_export
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.publish.data import AnalystTables
from escp_pipeline_tests.conftest import DEMO_DROPS

FIRST_AND_SECOND = ("2018-r1", "2019-r2")


def _stand_in_png(*_: object) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def demo_tables() -> AnalystTables:
    from escp_pipeline.validation.clean import build_core_table

    if not DEMO_DROPS:
        pytest.skip("no demo drops in data/incoming")
    registry = load_registry()
    cores = []
    for drop in DEMO_DROPS:
        survey, round_ = drop.parent.name, drop.stem
        codebook = load_codebook(survey)
        core = build_core_table(
            read_export(drop, codebook), codebook, registry, SurveyRound(survey, round_)
        ).responses
        cores.append((codebook, core))
    counts = pd.concat([option_counts(core, cb) for cb, core in cores], ignore_index=True)
    stated = pd.concat(
        [agreements.cooperation_agreements(core, cb) for cb, core in cores], ignore_index=True
    )
    everything = pd.concat([core for _, core in cores], ignore_index=True)
    return AnalystTables(
        option_counts=counts,
        round_comparison=round_comparison(counts, everything),
        cooperation_agreements=stated,
        agreements_by_round=agreements.agreements_by_round(stated),
        escp_collaborations=pd.concat(
            [collaborations.escp_collaborations(core, cb, registry) for cb, core in cores],
            ignore_index=True,
        ),
        country_mentions=pd.concat(
            [countries.country_mentions(core, cb) for cb, core in cores], ignore_index=True
        ),
        respondents=pd.concat([respondents_table(core) for _, core in cores], ignore_index=True),
    )


@pytest.fixture(scope="module")
def comparison_sections(demo_tables: AnalystTables) -> dict[str, list[str]]:
    from escp_pipeline.publish.report import build_report

    report = build_report(demo_tables, png_for=_stand_in_png)
    sections = {
        s.number: [sentence for paragraph in s.paragraphs for sentence in paragraph]
        for s in report.sections()
        if s.title == "Compared with the first survey (2018-r1)"
    }
    assert sections, "the report compares no question with the first survey"
    return sections


def test_the_demo_rounds_compare_the_first_and_second_escp_4i_surveys(
    demo_tables: AnalystTables,
) -> None:
    comparison = demo_tables.round_comparison
    pairs = set(zip(comparison["previous_round"], comparison["round"], strict=True))
    assert pairs == {FIRST_AND_SECOND}
    assert comparison["p_value"].notna().any()
    # the same partnerships answered both surveys: the paired test ran
    assert comparison.loc[comparison["strand"] == "all", "paired_respondents"].min() >= 5


def test_the_comparison_says_which_changes_are_distinguishable_from_chance(
    demo_tables: AnalystTables, comparison_sections: dict[str, list[str]]
) -> None:
    comparison = demo_tables.round_comparison
    overall = comparison[comparison["strand"] == "all"]
    assert {"2.1.c", "2.2.c", "3.1.c", "3.2.c"} <= set(comparison_sections)
    for number, sentences in comparison_sections.items():
        text = " ".join(sentences)
        significant = int(overall["change_is_significant"].fillna(False).sum())
        if "went from" in text:  # the section describes changes: it says which are real
            assert re.search(r"(No change|One change|\d+ changes) .*distinguishable", text), number
        if significant == 0:
            singled_out = [s for s in sentences if "largest" in s and "none is singled" not in s]
            assert singled_out == [], number
        for sentence in sentences:
            for share in re.findall(r"\(\d+%\)", sentence):
                # the share follows its base: "<k> of <n> respondents (<share>)" or "<k> of <n>"
                assert re.search(rf"\d+ of \d+( respondents)? \{share[:-1]}\)", sentence), sentence
            if re.search(r"\b(increase|decrease|went from|rose|fell)\b", sentence):
                assert "chance" in sentence or "a clear" in sentence, sentence
                assert re.search(r"[pq] [=<] \d", sentence), sentence


def test_the_third_country_partners_change_reads_with_an_independent_p_value(
    demo_tables: AnalystTables, comparison_sections: dict[str, list[str]]
) -> None:
    from scipy.stats import fisher_exact

    label = "identification of strategic partners in third countries"
    comparison = demo_tables.round_comparison
    b1 = comparison[(comparison["question"] == "B1") & (comparison["strand"] == "all")]
    row = b1[b1["label"].str.casefold() == label].iloc[0]
    option = row["option"]
    counts = demo_tables.option_counts.set_index(["round", "question", "option", "strand"])
    n_now = int(counts.loc[("2019-r2", "B1", option, "all"), "respondents"])
    n_then = int(counts.loc[("2018-r1", "B1", option, "all"), "respondents"])
    now, then = int(row["selected"]), int(row["previous_selected"])
    p = fisher_exact([[now, n_now - now], [then, n_then - then]]).pvalue
    assert row["p_value"] == pytest.approx(p)
    b1 = " ".join(comparison_sections["2.1.c"])
    expected = (
        f"{label} went from {then} of {n_then} respondents ({round(100 * then / n_then)}%) in "
        f"2018-r1 to {now} of {n_now} ({round(100 * now / n_now)}%) in 2019-r2, "
    )
    assert expected in b1
    if not bool(row["change_is_significant"]):
        assert f"{expected}a change within what chance alone produces at these numbers" in b1
        assert f"(p = {p:.2f})" in b1
