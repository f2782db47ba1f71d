"""The shipped codebooks and registry load into typed objects; malformed ones fail clearly."""

from pathlib import Path

import pytest
import yaml

from escp_pipeline.contract.codebook import (
    CodebookError,
    load_codebook,
    load_codebook_file,
)
from escp_pipeline.contract.registry import load_registry, load_registry_file

SHARED = Path(__file__).resolve().parents[3] / "shared" / "contract"


def test_escp_4i_codebook_structure() -> None:
    codebook = load_codebook("escp-4i")
    assert codebook.partnership_question.code == "A1"
    assert codebook.strand_question is not None and codebook.strand_question.code == "A2"
    assert codebook.consent_question is not None and codebook.consent_question.code == "A6"
    assert codebook.collaboration_question is not None
    assert codebook.collaboration_question.code == "G2"
    assert codebook.personal_data_columns == ["A4", "A5"]
    b1 = codebook.question("B1")
    assert b1.export_columns()[:4] == [
        "B1[SQ001]",
        "B1[SQ001comment]",
        "B1[SQ002]",
        "B1[SQ002comment]",
    ]
    assert b1.export_columns()[-2:] == ["B1[other]", "B1[othercomment]"]
    assert b1.label_variants["SQ002"] == ("Identification of target markets in third countries",)
    assert codebook.question("H2").export_columns()[:2] == ["H2[SQ001_NAME]", "H2[SQ001_LOC]"]
    assert codebook.question("D4O1").export_columns() == [
        "D4O1[SQ001]",
        "D4O1[SQ002]",
        "D4O1[SQ003]",
    ]
    assert codebook.question("D4T1").export_columns() == ["D4T1", "D4T1[other]"]
    assert [q.code for q in codebook.multiple_choice_questions] == [
        "B1",
        "C1",
        "D1",
        "E1",
        "F1B",
        "F2B",
        "F3B",
        "G2",
    ]


def test_escp_s3_codebook_structure() -> None:
    codebook = load_codebook("escp-s3")
    assert codebook.strand_question is None
    assert codebook.consent_question is not None and codebook.consent_question.code == "A5"
    assert codebook.collaboration_question is not None
    assert codebook.collaboration_question.code == "E2"
    assert codebook.question("B1").option("SQ011").exclusive
    assert codebook.personal_data_columns == ["A3", "A4"]


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared contract folder is not beside the repo")
@pytest.mark.parametrize(
    "name",
    ["escp-4i.codebook.yaml", "escp-s3.codebook.yaml", "partnerships.yaml", "report-facts.yaml"],
)
def test_project_copies_equal_the_contract(name: str) -> None:
    ours = Path(__file__).resolve().parents[2] / "escp_pipeline" / "contract" / "reference" / name
    assert ours.read_bytes() == (SHARED / name).read_bytes()


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "broken.codebook.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_malformed_codebook_names_file_and_field(tmp_path: Path) -> None:
    data = {
        "survey": "x",
        "title": "t",
        "questions": [{"code": "B1", "type": "M", "kind": "multiple_choice", "text": "?"}],
    }
    with pytest.raises(CodebookError, match=r"broken\.codebook\.yaml.*B1.*subquestions"):
        load_codebook_file(_write(tmp_path, data))


def test_unknown_kind_is_refused(tmp_path: Path) -> None:
    data = {
        "survey": "x",
        "title": "t",
        "questions": [{"code": "B1", "type": "?", "kind": "slider", "text": "?"}],
    }
    with pytest.raises(CodebookError, match=r"questions\.0\.kind"):
        load_codebook_file(_write(tmp_path, data))


def test_duplicate_question_codes_are_refused(tmp_path: Path) -> None:
    question = {"code": "A3", "type": "S", "kind": "short_text", "text": "?"}
    data = {"survey": "x", "title": "t", "questions": [question, question]}
    with pytest.raises(CodebookError, match="appear twice"):
        load_codebook_file(_write(tmp_path, data))


def test_not_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("questions: [unclosed", encoding="utf-8")
    with pytest.raises(CodebookError, match="not valid YAML"):
        load_codebook_file(path)


def test_unknown_survey() -> None:
    with pytest.raises(CodebookError, match="unknown survey"):
        load_codebook("escp-xx")


def test_registry_lookups() -> None:
    registry = load_registry()
    assert len(registry.partnerships) == 34
    assert registry.lookup("AdPack <sup>2</sup>").code == "P01"
    assert registry.lookup("Cosmetics4Wellbeing (C4W)").name == "Cosmetics4Wellbeing"
    assert registry.lookup("mobigoin- action").name == "MobiGoIn-Action"
    assert registry.lookup("P26").name == "EACP-EUROSME"
    assert registry.lookup("SmartCity Tech") is None
    assert "SmartCity Tech" in registry.outside_the_survey_lists
    with pytest.raises(KeyError, match="P99"):
        registry.name_of("P99")


def test_registry_with_duplicate_codes_is_refused(tmp_path: Path) -> None:
    entry = {"code": "P01", "name": "A", "programme": "escp-4i"}
    path = tmp_path / "partnerships.yaml"
    path.write_text(yaml.safe_dump({"partnerships": [entry, {**entry, "name": "B"}]}))
    with pytest.raises(CodebookError, match="codes appear twice"):
        load_registry_file(path)
