"""Survey profiles: the shipped ones, the schema of survey.yaml and its validation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.lss import read_lss
from escp_pipeline.contract.survey_profile import (
    ProfileError,
    SurveyProfile,
    apply_profile,
    load_profile_file,
    shipped_profile,
    shipped_profile_path,
    validate_profile,
)
from escp_pipeline_tests.contract.lss_files import SURVEYS, real_lss


def _write(tmp_path: Path, data: object) -> Path:
    folder = tmp_path / "incoming" / "escp-4i"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "survey.yaml"
    path.write_text(yaml.safe_dump(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


@pytest.mark.parametrize("survey", SURVEYS)
def test_shipped_profile_names_the_questions_the_codebook_finds(survey: str) -> None:
    profile = shipped_profile(survey)
    codebook = load_codebook(survey)
    assert profile is not None
    validate_profile(profile, codebook, shipped_profile_path(survey))
    roles = profile.roles
    assert roles.partnership == codebook.partnership_question.code
    assert roles.strand == (codebook.strand_question.code if codebook.strand_question else None)
    assert roles.consent == (codebook.consent_question.code if codebook.consent_question else None)
    collaboration = codebook.collaboration_question
    assert collaboration is not None and roles.collaborations == collaboration.code
    assert roles.agreements == codebook.agreements_question.code
    marked = [code for code, notes in profile.questions.items() if notes.personal_data]
    assert marked == [q.code for q in codebook.questions if q.personal_data]


def test_shipped_profiles_and_an_unknown_survey() -> None:
    escp_4i = shipped_profile("escp-4i")
    assert escp_4i is not None and escp_4i.roles.countries == ("B1",)
    assert escp_4i.roles.strand_names == {"S1": "strand-1", "S2": "strand-2"}
    assert shipped_profile("cluster-census") is None


def test_profile_notes_add_to_the_lss_and_take_nothing_away() -> None:
    codebook = read_lss(real_lss("escp-s3"), "escp-s3").codebook
    profile = SurveyProfile.model_validate(
        {"title": "S3", "questions": {"A2": {"personal_data": True}, "D3": {"max": 99}}}
    )
    applied = apply_profile(codebook, profile, "survey.yaml")
    assert applied.title == "S3"
    assert applied.personal_data_columns == ["A2"]
    assert (applied.question("D3").min, applied.question("D3").max) == (None, 99)
    assert [q.code for q in applied] == [q.code for q in codebook]
    # a profile with no title keeps the .lss's
    assert apply_profile(codebook, SurveyProfile(), "survey.yaml").title == codebook.title


def test_empty_profile_file_is_an_empty_profile(tmp_path: Path) -> None:
    assert load_profile_file(_write(tmp_path, "")) == SurveyProfile()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"roles": {"partnershp": "A1"}}, r"survey\.yaml: key roles\.partnershp: Extra inputs"),
        ({"roles": {"partnership": "A 1"}}, r"survey\.yaml: key roles\.partnership: String"),
        ({"questions": {"A4": {"case": 0}}}, r"survey\.yaml: key questions\.A4\.case"),
        ({"questions": {"A4": {"personal_data": "maybe"}}}, r"key questions\.A4\.personal_data"),
        (["A1", "A2"], r"survey\.yaml: expected a mapping with the keys title, roles"),
        ("roles: [unclosed", r"survey\.yaml: not valid YAML"),
    ],
)
def test_schema_errors_name_the_file_and_key(tmp_path: Path, data: object, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        load_profile_file(_write(tmp_path, data))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"roles": {"collaborations": "G9"}},
            r"survey\.yaml: key roles\.collaborations names question G9, which the escp-4i "
            r"questionnaire does not have",
        ),
        (
            {"questions": {"Z1": {"personal_data": True}}},
            r"key questions\.Z1 names question Z1, which",
        ),
        ({"roles": {"countries": ["B1", "X7"]}}, r"key roles\.countries\[1\] names question X7"),
        ({"roles": {"agreements": "A1"}}, r"roles\.agreements names question A1.*numeric"),
        ({"roles": {"countries": ["D3"]}}, r"roles\.countries\[0\].*no free text"),
        ({"roles": {"strand_names": {"S1": "one"}}}, r"roles\.strand_names needs roles\.strand"),
        (
            {"roles": {"strand": "A2", "strand_names": {"S3": "three"}}},
            r"roles\.strand_names names answers \['S3'\]",
        ),
        (
            {"questions": {"B1": {"exclusive_options": ["SQ099"]}}},
            r"questions\.B1\.exclusive_options names options \['SQ099'\]",
        ),
        ({"questions": {"A3": {"min": 1}}}, r"questions\.A3 sets min/max.*short_text"),
    ],
)
def test_profile_naming_what_the_questionnaire_lacks(
    tmp_path: Path, data: object, message: str
) -> None:
    path = _write(tmp_path, data)
    profile = load_profile_file(path)
    codebook = read_lss(real_lss("escp-4i"), "escp-4i").codebook
    with pytest.raises(ProfileError, match=message) as raised:
        apply_profile(codebook, profile, path)
    assert str(path) in str(raised.value)
