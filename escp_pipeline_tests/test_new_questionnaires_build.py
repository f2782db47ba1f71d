"""Issue 11's "done when": a changed ESCP-4i questionnaire and a new survey, built with no code.

Into a fresh data dir go the demo ESCP-4i round ``2019-r2``; a round ``2020-r3`` of a changed
ESCP-4i questionnaire (a new multiple-choice question, a new yes/no question, a removed option, a
reworded option, two new partnerships and one relabelled) with its ``.lss``; and two rounds of a
survey the project has never seen, ``pilot-survey`` (its questionnaire changes between the rounds: a
question added, an option removed, an option reworded), each with its ``.lss``. Every file is
written by the project's own LimeSurvey writers from modified codebooks. ``cli.build.build`` builds
everything; the tables, figures, report and checks are read back. Few responses keep it as fast as
it can be.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from escp_pipeline.contract.codebook import Codebook, Option, Question, load_codebook
from escp_pipeline.contract.export_reader import read_export
from escp_pipeline.synthetic.limesurvey_export import write_export
from escp_pipeline.synthetic.lss_writer import write_lss
from escp_pipeline_tests.check_evaluations import check_evaluations, failed_error_checks
from escp_pipeline_tests.conftest import PROJECT
from escp_pipeline_tests.leaks import file_texts, files_below, find_leaks
from escp_pipeline_tests.synthetic.codebooks import changed_escp_4i, changed_pilot
from escp_pipeline_tests.validation.test_new_survey_core import PILOT, write_pilot_round

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DEMO_ROUND = PROJECT / "data" / "incoming" / "escp-4i" / "2019-r2.csv"
#: the partnerships of the first three responses of 2020-r3: two new ones, one relabelled
NEW_CODES = ["P35", "P36", "P01"]
#: contact data typed as answers to a text question whose text does not ask for it
PLANTED = ["jane.roe@example.net", "+32 2 555 01 23"]


def _changed_4i() -> Codebook:
    """The tests' changed ESCP-4i questionnaire, with a new multiple-choice question G6 as well."""
    codebook = changed_escp_4i()
    g6 = Question(
        code="G6",
        type="M",
        kind="multiple_choice",
        text="Which new services would you use?",
        subquestions=(
            Option(code="SQ001", label="Matchmaking"),
            Option(code="SQ002", label="Data"),
        ),
    )
    return codebook.model_copy(update={"questions": (*codebook.questions, g6)})


def _write_changed_4i(incoming: Path) -> None:
    answers = read_export(incoming / "2019-r2.csv", load_codebook("escp-4i")).responses.copy()
    answers = answers[~answers["A1"].isin(NEW_CODES)].head(8).reset_index(drop=True)
    answers.loc[: len(NEW_CODES) - 1, "A1"] = NEW_CODES
    answers["G5"] = ["Y" if index % 2 else "N" for index in range(len(answers))]
    answers["G6[SQ001]"] = ["Y" if index % 3 else None for index in range(len(answers))]
    answers["G6[SQ002]"] = ["Y" if index % 2 else None for index in range(len(answers))]
    changed = _changed_4i()
    write_lss(changed, incoming / "2020-r3.lss")
    write_export(answers, changed, incoming / "2020-r3.csv")


def _write_pilot_second_round(incoming: Path) -> None:
    n = 5
    answers = pd.DataFrame(
        {
            "id": [str(i + 1) for i in range(n)],
            "submitdate": ["2025-05-20 10:00:00"] * n,
            "lastpage": ["1"] * n,
            "startlanguage": ["en"] * n,
            "seed": ["123"] * n,
            "Q1[SQ001]": ["Y", None, "Y", "Y", None],
            "Q1[SQ002]": ["Y", "Y", None, None, "Y"],
            "Q2": ["A1", "A2", "A2", "A1", "A1"],
            "Q3[SQ001]": [None, "Y", None, "Y", None],
            "Q3[SQ002]": ["Y", "Y", "Y", None, None],
            "Q3[other]": [None] * n,
            "Q4": [f"second{i}@example.org" for i in range(n)],
            "Q5[E1]": ["Y", "Y", None, None, "Y"],
            "Q5[E2]": [None, "Y", "Y", None, None],
            "Q6": [f"Please write to {PLANTED[0]}", f"Call {PLANTED[1]}", "Good", None, None],
        }
    )
    codebook = changed_pilot(PILOT)
    write_lss(codebook, incoming / "2025-r2.lss")
    write_export(answers, codebook, incoming / "2025-r2.csv")


def test_a_changed_questionnaire_and_a_new_survey_build_with_no_code_change(
    tmp_path: Path,
) -> None:
    from escp_pipeline.cli.build import build

    if not DEMO_ROUND.exists():
        pytest.skip("the demo drop escp-4i/2019-r2.csv is not in data/incoming")
    data_dir = tmp_path / "data"
    escp = data_dir / "incoming" / "escp-4i"
    escp.mkdir(parents=True)
    shutil.copy2(DEMO_ROUND, escp / DEMO_ROUND.name)
    _write_changed_4i(escp)
    first_pilot = write_pilot_round(data_dir)
    pilot = data_dir / "incoming" / "pilot-survey"
    _write_pilot_second_round(pilot)

    with dg.DagsterInstance.ephemeral() as instance:
        report = build(data_dir, instance, progress=lambda line: None)
        checks = check_evaluations(instance)
    assert report.ok, (report.failed, report.cross_round_error)
    assert sorted(report.succeeded) == [
        "escp-4i/2019-r2",
        "escp-4i/2020-r3",
        "pilot-survey/2024-r1",
        "pilot-survey/2025-r2",
    ]
    assert report.cross_round_succeeded
    red = [(c.check_name, c.description) for c in failed_error_checks(checks)]
    assert red == []
    # the new partnerships are flagged, as a warning
    registry = [c for c in checks if c.check_name == "partnerships_are_in_the_registry"]
    flagged = [c for c in registry if not c.passed]
    assert len(flagged) == 1 and flagged[0].severity == dg.AssetCheckSeverity.WARN
    assert flagged[0].metadata["new_partnership_codes"].value == "P35, P36"

    tables = data_dir / "warehouse" / "tables"
    changes = pd.read_parquet(tables / "questionnaire_changes.parquet")
    rows = {
        (str(r.survey), str(r.round), str(r.question), str(r.option), str(r.change))
        for r in changes.itertuples()
    }
    assert rows == {
        ("escp-4i", "2020-r3", "A1", "P01", "option_reworded"),
        ("escp-4i", "2020-r3", "A1", "P35", "option_added"),
        ("escp-4i", "2020-r3", "A1", "P36", "option_added"),
        ("escp-4i", "2020-r3", "B1", "SQ005", "option_reworded"),
        ("escp-4i", "2020-r3", "C1", "SQ007", "option_removed"),
        ("escp-4i", "2020-r3", "G5", "", "question_added"),
        ("escp-4i", "2020-r3", "G6", "", "question_added"),
        ("pilot-survey", "2025-r2", "Q1", "SQ003", "option_removed"),
        ("pilot-survey", "2025-r2", "Q3", "SQ002", "option_reworded"),
        ("pilot-survey", "2025-r2", "Q5", "", "question_added"),
        ("pilot-survey", "2025-r2", "Q6", "", "question_added"),
    }
    assert len(changes) == len(rows)

    comparison = pd.read_parquet(tables / "round_comparison.parquet")
    overall = comparison[comparison["strand"] == "all"]
    compared = {(str(r.survey), str(r.question), str(r.option)) for r in overall.itertuples()}
    assert set(overall["round"]) == {"2020-r3", "2025-r2"}
    # removed and added options, and new questions, are not compared
    for gone in [("escp-4i", "C1", "SQ007"), ("pilot-survey", "Q1", "SQ003")]:
        assert gone not in compared
    assert not overall["question"].isin(["G5", "G6", "Q5"]).any()
    assert ("escp-4i", "C1", "SQ006") in compared
    # a reworded option is compared with itself by its code: the later round's label
    counts = pd.read_parquet(tables / "option_counts.parquet")
    q3 = overall[(overall["survey"] == "pilot-survey") & (overall["question"] == "Q3")]
    q3 = q3.set_index("option")
    assert q3.loc["SQ002", "label"] == "Open data and open source"
    first = counts[
        (counts["survey"] == "pilot-survey")
        & (counts["round"] == "2024-r1")
        & (counts["question"] == "Q3")
        & (counts["option"] == "SQ002")
        & (counts["strand"] == "all")
    ]
    assert int(q3.loc["SQ002", "previous_selected"]) == int(first["selected"].iloc[0]) == 1
    assert int(q3.loc["SQ002", "selected"]) == 3
    # the new partnerships are counted like any other
    respondents = pd.read_parquet(tables / "respondents.parquet")
    new = respondents[(respondents["round"] == "2020-r3")].set_index("partnership_code")
    assert new.loc["P35", "partnership"] == "NEWCO"
    assert new.loc["P36", "partnership"] == "Ocean Partners"

    figures = data_dir / "warehouse" / "figures" / "pilot-survey"
    for stem in [
        "2024-r1/Q1",
        "2024-r1/Q3",
        "2025-r2/Q1",
        "2025-r2/Q3",
        "2025-r2/Q5",
        "2025-r2/Q1-change-from-2024-r1",
        "2025-r2/Q3-change-from-2024-r1",
    ]:
        assert (figures / f"{stem}.png").is_file(), stem
        assert (figures / f"{stem}.svg").is_file(), stem
    # titles give the question's text from the round's own questionnaire
    assert "Which events did you attend?" in (figures / "2025-r2/Q5.svg").read_text()
    assert (data_dir / "warehouse" / "figures" / "escp-4i" / "2020-r3" / "G6.png").is_file()

    html = (data_dir / "warehouse" / "report" / "escp-progress-report.html").read_text()
    chapters = {part.split("<", 1)[0]: part for part in html.split('<h2><span class="num">')[1:]}
    chapter = chapters["S1"]
    assert chapter.startswith("S1</span>The pilot survey, second edition</h2>")
    sections = [
        part.split("</span>", 1)[1].split(":", 1)[0]
        for part in chapter.split('<h3><span class="num">')[1:]
    ]
    assert sections == ["Q1", "Q3", "Q5"]
    assert "Option SQ002 reworded" in chapter
    assert "Question Q5 was asked for the first time" in chapter
    assert "Which events did you attend?" in chapter

    # the answers to the contact text question and the contact data typed into Q6 reach no output
    personal = [*PLANTED, *first_pilot["Q4"], *(f"second{i}@example.org" for i in range(5))]
    outputs = files_below(data_dir, skip=["incoming"])
    assert find_leaks(personal, file_texts(outputs)) == []
    free_text = pd.read_parquet(tables / "free_text_answers.parquet")
    assert "Q6" not in set(free_text.loc[free_text["survey"] == "pilot-survey", "question"])
    assert "Q6" in chapters["6"]
