"""The pure steps of the questionnaire assets: previous round, changes, partnership findings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from escp_pipeline.analysis.questionnaire_rounds import (
    changes_since_previous_round,
    codebook_yaml,
    partnership_findings,
    previous_round,
    read_codebook_yaml,
)
from escp_pipeline.contract.codebook import Codebook, Option, load_codebook
from escp_pipeline.contract.lss import QuestionnaireError
from escp_pipeline.contract.registry import load_registry
from escp_pipeline_tests.contract.lss_files import real_lss


def _with_partnership_answers(codebook: Codebook, *answers: Option) -> Codebook:
    question = codebook.partnership_question
    changed = question.model_copy(update={"answers": answers})
    questions = tuple(changed if q.code == question.code else q for q in codebook.questions)
    return codebook.model_copy(update={"questions": questions})


def test_previous_round_is_the_latest_earlier_round_by_number() -> None:
    rounds = ["2018-r1", "2019-r2", "2021-r4", "2020-r3", "notes"]
    assert previous_round("2021-r4", rounds) == "2020-r3"
    assert previous_round("2020-r3", rounds) == "2019-r2"
    assert previous_round("2022-r5", rounds) == "2021-r4"
    assert previous_round("2018-r1", rounds) is None


@pytest.mark.parametrize("survey", ["escp-4i", "escp-s3"])
def test_shipped_questionnaires_have_no_partnership_findings(survey: str) -> None:
    assert partnership_findings(load_codebook(survey), load_registry()) == []


def test_new_codes_and_relabelled_codes_are_found() -> None:
    registry = load_registry()
    known = registry.partnerships[0]
    alias_owner = next(p for p in registry.partnerships if p.aliases)
    codebook = _with_partnership_answers(
        load_codebook("escp-4i"),
        Option(code=known.code, label="A name the registry does not know"),
        Option(code=alias_owner.code, label=alias_owner.aliases[0].upper()),  # an alias: fine
        Option(code="P90", label="Brand New Partnership"),
        Option(code="P91", label=known.name),  # a known partnership under a new code
    )
    findings = partnership_findings(codebook, registry)
    assert [(f.code, f.problem) for f in findings] == [
        (known.code, "label_differs"),
        ("P90", "not_in_registry"),
        ("P91", "not_in_registry"),
    ]
    assert findings[0].registry == known.name
    assert "not in the partnership registry" in findings[1].message()
    assert findings[1].registry == ""
    assert f"the registry has that name as {known.code}" in findings[2].message()


def test_yaml_round_trip_keeps_the_questionnaire(tmp_path: Path) -> None:
    codebook = load_codebook("escp-4i")
    path = tmp_path / "2019-r2.yaml"
    path.write_text(codebook_yaml(codebook), encoding="utf-8")
    assert read_codebook_yaml(path) == codebook


def test_changes_since_previous_round_reads_the_previous_questionnaire(tmp_path: Path) -> None:
    survey_dir = tmp_path / "escp-4i"
    survey_dir.mkdir()
    current = load_codebook("escp-4i")
    previous, table = changes_since_previous_round(survey_dir, "2018-r1", ["2018-r1"], current)
    assert (previous, len(table)) == (None, 0)
    previous, table = changes_since_previous_round(
        survey_dir, "2019-r2", ["2018-r1", "2019-r2"], current
    )
    assert (previous, len(table)) == ("2018-r1", 0)

    shutil.copy2(real_lss("escp-4i"), survey_dir / "2018-r1.lss")
    previous, table = changes_since_previous_round(survey_dir, "2019-r2", ["2018-r1"], current)
    assert (previous, len(table)) == ("2018-r1", 0)  # the real .lss + profile = shipped codebook

    (survey_dir / "2018-r1.lss").write_bytes(b"not xml at all")
    with pytest.raises(QuestionnaireError, match=r"previous round 2018-r1.*2018-r1\.lss: not XML"):
        changes_since_previous_round(survey_dir, "2019-r2", ["2018-r1"], current)
