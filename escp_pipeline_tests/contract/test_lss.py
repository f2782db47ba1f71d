"""LimeSurvey's survey structure export (.lss) read into the codebook model."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from escp_pipeline.contract.codebook import Codebook, load_codebook
from escp_pipeline.contract.lss import QuestionnaireError, parse_lss, read_lss
from escp_pipeline.contract.survey_profile import apply_profile, shipped_profile
from escp_pipeline_tests.contract.lss_files import (
    SHARED_STRUCTURE,
    SURVEYS,
    edited_lss,
    question_row,
    real_lss,
    rows,
    set_cell,
    text_row,
)

#: the codebook fields a .lss does not hold; they come from the survey profile
PROFILE_FIELDS = {"personal_data": False, "case": None, "min": None, "max": None}


@pytest.mark.skipif(not SHARED_STRUCTURE.is_dir(), reason="shared/ is not beside the repository")
@pytest.mark.parametrize("survey", SURVEYS)
def test_fixtures_are_the_real_exports(survey: str) -> None:
    shared = SHARED_STRUCTURE / f"{survey}.survey-structure.lss"
    assert real_lss(survey).read_bytes() == shared.read_bytes()


@pytest.mark.parametrize("survey", SURVEYS)
def test_real_lss_with_shipped_profile_equals_the_shipped_codebook(survey: str) -> None:
    questionnaire = read_lss(real_lss(survey), survey)
    profile = shipped_profile(survey)
    assert profile is not None
    assert apply_profile(questionnaire.codebook, profile, "shipped") == load_codebook(survey)


def _without_profile_facts(codebook: Codebook) -> list[dict]:
    questions = []
    for question in codebook.questions:
        data = question.model_dump()
        data.update(PROFILE_FIELDS, label_variants={})
        for option in data["subquestions"]:
            option["exclusive"] = False
        questions.append(data)
    return questions


@pytest.mark.parametrize("survey", SURVEYS)
def test_real_lss_alone_gives_codes_types_kinds_texts_and_order(survey: str) -> None:
    questionnaire = read_lss(real_lss(survey), survey)
    shipped = load_codebook(survey)
    assert questionnaire.codebook.survey == survey
    assert [q.code for q in questionnaire.codebook] == [q.code for q in shipped]
    assert questionnaire.codebook.export_columns() == shipped.export_columns()
    assert _without_profile_facts(questionnaire.codebook) == _without_profile_facts(shipped)
    # nothing the .lss lacks is made up: no personal data, bounds or cases without the profile
    assert not questionnaire.codebook.personal_data_columns
    assert all(q.case is None and q.min is None for q in questionnaire.codebook)
    assert questionnaire.skipped == () and questionnaire.warnings == []


def test_base_language_and_other_languages_kept_apart(tmp_path: Path) -> None:
    def edit(root: ET.Element) -> None:
        set_cell(text_row(root, "A1", "fr"), "question", "Nom du partenariat")
        set_cell(text_row(root, "A1", "en"), "question", "<p>Name of&nbsp;the <b>ESCP-4i</b></p>")

    questionnaire = read_lss(edited_lss("escp-4i", tmp_path, edit), "escp-4i")
    assert questionnaire.base_language == "en"
    assert questionnaire.languages == ("en", "fr", "de")
    assert questionnaire.codebook.question("A1").text == "Name of the ESCP-4i"
    assert set(questionnaire.translations) == {"fr", "de"}
    assert questionnaire.translations["fr"].question("A1").text == "Nom du partenariat"
    assert questionnaire.translations["de"].question("A1").text == "Name of the ESCP-4i"


def test_base_language_is_the_surveys_not_the_first_listed(tmp_path: Path) -> None:
    def edit(root: ET.Element) -> None:
        set_cell(rows(root, "surveys")[0], "language", "fr")
        set_cell(text_row(root, "A1", "fr"), "question", "Nom du partenariat")

    questionnaire = read_lss(edited_lss("escp-4i", tmp_path, edit), "escp-4i")
    assert questionnaire.base_language == "fr"
    assert questionnaire.codebook.question("A1").text == "Nom du partenariat"
    assert questionnaire.translations["en"].question("A1").text == "Name of the ESCP-4i"


def test_order_follows_groups_then_questions_then_sortorder(tmp_path: Path) -> None:
    def edit(root: ET.Element) -> None:
        # section A after every other section; A2 before A1; the strand answers reversed
        for group in rows(root, "groups"):
            if group.findtext("gid") == question_row(root, "A1").findtext("gid"):
                set_cell(group, "group_order", "99")
        set_cell(question_row(root, "A2"), "question_order", "-1")
        qid = question_row(root, "A2").findtext("qid")
        for answer in rows(root, "answers"):
            if answer.findtext("qid") == qid:
                set_cell(answer, "sortorder", str(10 - int(answer.findtext("sortorder") or 0)))

    codebook = read_lss(edited_lss("escp-4i", tmp_path, edit), "escp-4i").codebook
    codes = [question.code for question in codebook]
    assert codes[:2] == ["B1", "C1"]
    assert codes[-6:-4] == ["A2", "A1"]
    assert [option.code for option in codebook.question("A2").answers] == ["S2", "S1"]


def test_limesurvey_attributes_give_bounds_and_exclusive_options(tmp_path: Path) -> None:
    def edit(root: ET.Element) -> None:
        table = root.find("question_attributes/rows")
        assert table is not None
        for qid, attribute, value in (
            (question_row(root, "D3").findtext("qid"), "min_num_value_n", "0"),
            (question_row(root, "D3").findtext("qid"), "max_num_value_n", "500"),
            (question_row(root, "B1").findtext("qid"), "exclude_all_others", "SQ011;SQ012"),
        ):
            row = ET.SubElement(table, "row")
            for tag, text in (("qid", qid), ("attribute", attribute), ("value", value)):
                ET.SubElement(row, tag).text = text

    codebook = read_lss(edited_lss("escp-s3", tmp_path, edit), "escp-s3").codebook
    assert (codebook.question("D3").min, codebook.question("D3").max) == (0, 500)
    exclusive = [o.code for o in codebook.question("B1").subquestions if o.exclusive]
    assert exclusive == ["SQ011"]  # SQ012 is not a subquestion of B1: ignored


def _add_question(root: ET.Element, code: str, type_: str) -> None:
    template = question_row(root, "A3")
    row = ET.fromstring(ET.tostring(template))
    qid = str(9000 + len(rows(root, "questions")))
    set_cell(row, "qid", qid)
    set_cell(row, "title", code)
    set_cell(row, "type", type_)
    template_parent = root.find("questions/rows")
    assert template_parent is not None
    template_parent.append(row)
    texts = root.find("question_l10ns/rows")
    assert texts is not None
    text = ET.SubElement(texts, "row")
    for tag, value in (("qid", qid), ("question", f"A {type_} question"), ("language", "en")):
        ET.SubElement(text, tag).text = value


def test_unsupported_types_are_left_out_and_listed(tmp_path: Path) -> None:
    def edit(root: ET.Element) -> None:
        _add_question(root, "Z1", "D")
        _add_question(root, "Z2", "X")

    path = edited_lss("escp-4i", tmp_path, edit, name="2020-r3.lss")
    questionnaire = read_lss(path, "escp-4i")
    assert [(s.code, s.type) for s in questionnaire.skipped] == [("Z1", "D"), ("Z2", "X")]
    assert questionnaire.skipped[0].text == "A D question"
    assert "Z1" not in [q.code for q in questionnaire.codebook]
    assert len(questionnaire.codebook.questions) == 61
    assert len(questionnaire.warnings) == 2
    assert "2020-r3.lss" in questionnaire.warnings[0]
    assert "'D' (date/time)" in questionnaire.warnings[0]
    assert "kept out of the analysis" in questionnaire.warnings[1]


def test_not_xml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "2020-r3.lss"
    path.write_text('"id","submitdate"\n"1",""\n', encoding="utf-8")
    with pytest.raises(QuestionnaireError, match=r"2020-r3\.lss: not XML.*Survey structure"):
        read_lss(path, "escp-4i")


def test_entity_expansion_bomb_is_refused_as_not_xml(tmp_path: Path) -> None:
    entities = '<!ENTITY a0 "xxxxxxxxxx">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    path = tmp_path / "bomb.lss"
    path.write_text(f"<!DOCTYPE d [{entities}]><document>&a9;</document>", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match=r"bomb\.lss: not XML"):
        read_lss(path, "escp-4i")


@pytest.mark.parametrize(
    ("xml", "problem"),
    [
        (b"<html><body>a page</body></html>", "not a LimeSurvey export"),
        (
            b"<document><LimeSurveyDocType>Group</LimeSurveyDocType></document>",
            "a LimeSurvey 'Group' export, not a survey structure",
        ),
        (
            b"<document><LimeSurveyDocType>Survey</LimeSurveyDocType>"
            b"<questions><rows/></questions></document>",
            "LimeSurvey 3 or earlier",
        ),
    ],
)
def test_not_a_survey_structure_names_the_file(xml: bytes, problem: str) -> None:
    with pytest.raises(QuestionnaireError, match=r"x\.lss") as raised:
        parse_lss(xml, source="incoming/new-survey/x.lss", survey="new-survey")
    assert problem in str(raised.value)


def test_no_base_language_names_the_file(tmp_path: Path) -> None:
    path = edited_lss(
        "escp-s3", tmp_path, lambda root: set_cell(rows(root, "surveys")[0], "language", "")
    )
    with pytest.raises(QuestionnaireError, match=r"edited\.lss: no base language.*base language"):
        read_lss(path, "escp-s3")


def test_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError, match=r"nowhere\.lss: cannot be read"):
        read_lss(tmp_path / "nowhere.lss", "escp-4i")


def test_single_choice_without_answers_names_the_file(tmp_path: Path) -> None:
    def edit(root: ET.Element) -> None:
        table = root.find("answers/rows")
        assert table is not None
        qid = question_row(root, "A2").findtext("qid")
        for answer in list(table):
            if answer.findtext("qid") == qid:
                table.remove(answer)

    with pytest.raises(QuestionnaireError, match=r"edited\.lss: not a usable.*A2.*answers"):
        read_lss(edited_lss("escp-4i", tmp_path, edit), "escp-4i")
