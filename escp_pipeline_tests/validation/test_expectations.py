"""The Great Expectations suites: each expectation catches what it is for, and passes clean data.

The suites are pure (frames in, a suite out) and run in GX's ephemeral context; GX is imported once
per test process. Frames come from the project's own reader, cleaning and analysis on the small test
round, then are broken one way at a time.
"""

from __future__ import annotations

import dagster as dg
import pandas as pd
import pytest

from escp_pipeline.analysis.option_counts import option_counts
from escp_pipeline.analysis.respondents import respondents_table
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.contract.export_reader import read_export
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.validation import analyst_suites, core_suites, gx_run
from escp_pipeline.validation import expectations as ex
from escp_pipeline.validation.clean import build_core_table
from escp_pipeline_tests.exports import write_round

ROUND = SurveyRound("escp-4i", "2019-r2")
CODEBOOK = load_codebook("escp-4i")


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    path = write_round(tmp_path_factory.mktemp("round") / "2019-r2.csv")
    export = read_export(path, CODEBOOK)
    return build_core_table(export, CODEBOOK, load_registry(), ROUND).responses


def failures(suite: ex.Suite) -> dict[str, ex.Outcome]:
    return {outcome.expectation.name: outcome for outcome in gx_run.run_suite(suite).failures}


def test_clean_round_meets_every_expectation(core: pd.DataFrame) -> None:
    respondents = respondents_table(core)
    suites = [
        core_suites.core_responses_suite(core, CODEBOOK, ROUND),
        core_suites.respondents_suite(respondents, load_registry(), ROUND),
        analyst_suites.option_counts_suite(
            option_counts(core, CODEBOOK), respondents, CODEBOOK, ROUND
        ),
    ]
    for suite in suites:
        result = gx_run.run_suite(suite)
        assert result.success, [(o.expectation.name, o.observed) for o in result.failures]
        assert len(result.outcomes) == len(suite.expectations) >= 3


def test_core_expectations_name_the_response(core: pd.DataFrame) -> None:
    broken = core.copy()
    complete = broken.index[broken["status"] == "complete"]
    broken.loc[complete[0], "D3"] = 2.5
    broken.loc[complete[1], "D3"] = 1e9
    broken.loc[complete[1], "submitted_at"] = pd.Timestamp("2017-03-01 10:00:00")
    found = failures(core_suites.core_responses_suite(broken, CODEBOOK, ROUND))
    whole = found["agreements (D3) of complete answers are whole numbers"]
    assert whole.expectation.severity == "block"
    assert whole.examples == (
        f"response_id {core.loc[complete[0], 'response_id']}: agreements=2.5",
    )
    assert found["agreements (D3) of complete answers are at most 200"].unexpected_count == 1
    assert (
        found["agreements (D3) of complete answers are at most 50"].expectation.severity == "warn"
    )
    dates = found["submit dates fall in the round's year (2019)"]
    assert dates.expectation.severity == "warn" and "2017-03-01" in dates.examples[0]
    assert "the round has at least one complete answer" not in found


def test_a_round_without_complete_answers_is_blocked(core: pd.DataFrame) -> None:
    found = failures(core_suites.core_responses_suite(core.iloc[0:0], CODEBOOK, ROUND))
    outcome = found["the round has at least one complete answer"]
    assert outcome.examples == ("missing complete",)


def test_respondents_expectations(core: pd.DataFrame) -> None:
    table = respondents_table(core)
    table.loc[1, "partnership_code"] = "P26"  # an ESCP-S3 partnership in an ESCP-4i round
    complete = table.index[(table["status"] == "complete") & (table["partnership_code"] == "P07")]
    table.loc[complete, "strand"] = "strand-2"  # P07 is strand-1 in partnerships.yaml
    found = failures(core_suites.respondents_suite(table, load_registry(), ROUND))
    codes = found["every partnership code is an escp-4i partnership of the registry"]
    assert codes.expectation.severity == "block" and "P26" in codes.examples[0]
    strands = found["complete answers state the strand partnerships.yaml gives"]
    assert strands.expectation.severity == "warn"
    assert "strand=strand-2, registry_strand=strand-1" in strands.examples[0]


def test_a_survey_the_registry_does_not_know_takes_its_questionnaires_partnerships(
    core: pd.DataFrame,
) -> None:
    # the ESCP-4i round under another survey's name: the registry has no partnership of it
    table = respondents_table(core).assign(survey="cluster-survey")
    elsewhere = SurveyRound("cluster-survey", "2019-r2")
    assert not failures(core_suites.respondents_suite(table, load_registry(), elsewhere, CODEBOOK))
    table.loc[1, "partnership_code"] = "P26"  # not an answer of the questionnaire's A1
    found = failures(core_suites.respondents_suite(table, load_registry(), elsewhere, CODEBOOK))
    codes = found["every partnership code is one the cluster-survey questionnaire lists"]
    assert codes.unexpected_count == 1 and "P26" in codes.examples[0]


def test_option_counts_must_agree_with_respondents_and_codebook(core: pd.DataFrame) -> None:
    respondents = respondents_table(core)
    counts = option_counts(core, CODEBOOK)
    wrong = counts.copy()
    first_all = wrong.index[wrong["strand"] == "all"][0]
    wrong.loc[first_all, "respondents"] += 1
    wrong.loc[first_all, "selected"] += 1
    wrong = wrong.drop(index=wrong.index[-1])
    found = failures(analyst_suites.option_counts_suite(wrong, respondents, CODEBOOK, ROUND))
    assert set(found) == {
        "respondents per strand equal the complete answers in respondents",
        "every option of the codebook has a row per strand (question/option/strand)",
        "selected in strand-1 and strand-2 add up to selected in all",
    }
    missing = found["every option of the codebook has a row per strand (question/option/strand)"]
    last = counts.iloc[-1]
    assert missing.examples == (f"missing {last['question']}/{last['option']}/{last['strand']}",)


def test_analyst_table_expectations() -> None:
    respondents = pd.DataFrame(
        {
            "survey": ["escp-4i"] * 2,
            "round": ["2019-r2"] * 2,
            "partnership": ["ELBE", "GCA"],
            "strand": ["strand-1", "strand-1"],
            "status": ["complete", "superseded"],
        }
    )
    agreements = pd.DataFrame({"partnership": ["ELBE", "GCA"], "agreements": [3, 4]})
    found = failures(analyst_suites.cooperation_agreements_suite(agreements, respondents, ROUND))
    assert found["every partnership has a counted answer in respondents"].examples == (
        "partnership GCA: agreements=4",
    )
    links = pd.DataFrame(
        {
            "source": ["ELBE", "ELBE", "GCA"],
            "target": ["ELBE", "Not A Partnership", "ELBE"],
            "target_in_registry": [True, True, True],
        }
    )
    found = failures(
        analyst_suites.escp_collaborations_suite(links, respondents, load_registry(), ROUND)
    )
    assert set(found) == {
        "every source has a counted answer in respondents",
        "targets flagged target_in_registry are names of the registry",
        "no partnership names itself as a partner",
    }
    mentions = pd.DataFrame(
        {
            "survey": ["escp-4i"] * 2,
            "round": ["2019-r2"] * 2,
            "question": ["B1", "A1"],
            "country": ["CN", "US"],
            "mentions": [2, 1],
        }
    )
    found = failures(analyst_suites.country_mentions_suite(mentions, respondents, CODEBOOK, ROUND))
    assert set(found) == {
        "mentions are at most the complete answers of the round",
        "every question is a free-text question of the codebook",
    }


def test_round_comparison_expectations() -> None:
    comparison = pd.DataFrame(
        {
            "survey": ["escp-4i"] * 3,
            "question": ["B1"] * 3,
            "option": ["SQ001", "other", "SQ002"],
            "strand": ["all"] * 3,
            "round": ["2019-r2", "2019-r2", "2018-r1"],
            "previous_round": ["2018-r1", "2018-r1", "2019-r2"],
            "share_change": [0.7, 0.9, 0.1],
        }
    )
    result = gx_run.run_suite(analyst_suites.round_comparison_suite(comparison))
    found = {o.expectation.name: o for o in result.failures}
    assert found["the previous round is an earlier round"].unexpected_count == 1
    swing = found["shares of coded options move by at most 50% between rounds"]
    assert swing.unexpected_count == 1 and "option SQ001" in swing.examples[0]  # not "other"


def test_personal_data_never_reaches_gx() -> None:
    def suite_on(column: str) -> ex.Suite:
        expectation = ex.Expectation(
            "x", "ExpectColumnValuesToBeInSet", {"column": column, "value_set": []}, "warn", "-"
        )
        return ex.Suite("leaky", pd.DataFrame({column: ["secret"]}), (expectation,))

    with pytest.raises(ValueError, match="personal data"):
        gx_run.run_suite(suite_on("token"))
    with pytest.raises(ValueError, match="personal data"):
        gx_run.run_suite(suite_on("A5"), forbidden_columns=CODEBOOK.personal_data_columns)


def test_checks_are_declared_with_their_assets() -> None:
    from escp_pipeline.definitions import defs

    graph = defs().resolve_asset_graph()
    checks = {(k.asset_key.to_user_string(), k.name): k for k in graph.asset_check_keys}
    tables = ["core_responses", "respondents", "option_counts", "cooperation_agreements"]
    tables += ["escp_collaborations", "country_mentions", "round_comparison"]
    for table in tables:
        key = checks[(table, f"{table}_meets_expectations")]
        assert graph.get_check_spec(key).blocking
        assert graph.get(key).partitions_def == graph.get(dg.AssetKey(table)).partitions_def
    warnings = [key for (_, name), key in checks.items() if name.endswith("_seems_plausible")]
    assert len(warnings) >= 4
    assert not any(graph.get_check_spec(key).blocking for key in warnings)
