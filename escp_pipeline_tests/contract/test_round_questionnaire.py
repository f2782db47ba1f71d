"""A round's questionnaire: its own .lss, an earlier round's, or the shipped codebook."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from escp_pipeline.contract.codebook import Codebook, Question, codebook_path, load_codebook
from escp_pipeline.contract.lss import QuestionnaireError
from escp_pipeline.contract.round_questionnaire import lss_for_round, questionnaire_for_round
from escp_pipeline.contract.survey_profile import ProfileError, shipped_profile_path
from escp_pipeline.synthetic.lss_writer import write_lss
from escp_pipeline_tests.contract.lss_files import real_lss


def _with_new_question(codebook: Codebook) -> Codebook:
    extra = Question(code="G5", type="Y", kind="yes_no", text="Do you use the new platform?")
    return codebook.model_copy(update={"questions": (*codebook.questions, extra)})


def test_known_survey_without_lss_uses_the_shipped_codebook(tmp_path: Path) -> None:
    folder = tmp_path / "incoming" / "escp-4i"
    folder.mkdir(parents=True)
    found = questionnaire_for_round(folder, "2019-r2")
    assert found.codebook == load_codebook("escp-4i")
    assert (found.source, found.sha256) == (codebook_path("escp-4i"), None)
    assert found.profile_source == shipped_profile_path("escp-4i")


def test_a_rounds_lss_serves_it_and_later_rounds_not_earlier_ones(tmp_path: Path) -> None:
    folder = tmp_path / "incoming" / "escp-4i"
    lss = write_lss(_with_new_question(load_codebook("escp-4i")), folder / "2020-r3.lss")
    shutil.copy(real_lss("escp-4i"), folder / "structure.lss")  # not a round name: ignored
    assert lss_for_round(folder, "2019-r2") is None
    for round_ in ("2020-r3", "2021-r4"):
        found = questionnaire_for_round(folder, round_)
        assert found.source == lss
        assert found.sha256 == hashlib.sha256(lss.read_bytes()).hexdigest()
        assert found.codebook.question("G5").text == "Do you use the new platform?"
        # the shipped profile is laid over the .lss: personal data marked again
        assert found.codebook.personal_data_columns == ["A4", "A5"]
    assert questionnaire_for_round(folder, "2019-r2").codebook == load_codebook("escp-4i")


def test_a_new_survey_needs_its_first_rounds_lss(tmp_path: Path) -> None:
    folder = tmp_path / "incoming" / "cluster-census"
    folder.mkdir(parents=True)
    with pytest.raises(QuestionnaireError, match=r"no questionnaire.*cluster-census/2021-r1\.lss"):
        questionnaire_for_round(folder, "2021-r1")
    shutil.copy(real_lss("escp-s3"), folder / "2021-r1.lss")
    found = questionnaire_for_round(folder, "2022-r2")
    assert found.codebook.survey == "cluster-census"
    assert found.profile_source is None
    # no profile: the text questions asking for a name, e-mail, ... are personal data all the same
    contact = ["A2", "A3", "A4"]
    assert [q.code for q in found.codebook.questions if q.personal_data] == [*contact, "E3"]
    assert all(
        any(f"question {code} asks for contact data" in w for w in found.warnings)
        for code in contact
    )
    (folder / "survey.yaml").write_text(
        "title: Cluster census\nquestions:\n  A3: {personal_data: true}\n", encoding="utf-8"
    )
    found = questionnaire_for_round(folder, "2022-r2")
    assert found.codebook.title == "Cluster census"
    assert "A3" in found.codebook.personal_data_columns
    assert found.profile_source == folder / "survey.yaml"


def test_survey_yaml_naming_a_missing_question_fails_naming_file_and_key(tmp_path: Path) -> None:
    folder = tmp_path / "incoming" / "cluster-census"
    folder.mkdir(parents=True)
    shutil.copy(real_lss("escp-s3"), folder / "2021-r1.lss")
    (folder / "survey.yaml").write_text("roles:\n  partnership: Z9\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"survey\.yaml: key roles\.partnership .*Z9"):
        questionnaire_for_round(folder, "2021-r1")


def test_folder_that_is_not_a_survey_name(tmp_path: Path) -> None:
    folder = tmp_path / "incoming" / "Cluster Census"
    folder.mkdir(parents=True)
    with pytest.raises(QuestionnaireError, match="not a survey name"):
        questionnaire_for_round(folder, "2021-r1")
