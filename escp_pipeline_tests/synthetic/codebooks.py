"""A small questionnaire with every question kind and partnership codes of neither survey."""

from __future__ import annotations

from escp_pipeline.contract.codebook import Codebook, Option, Question, load_codebook


def _options(*codes: str, exclusive: str | None = None) -> list[dict[str, object]]:
    return [
        {"code": code, "label": f"Option {code}", "exclusive": code == exclusive} for code in codes
    ]


TEST_CODEBOOK = Codebook.model_validate(
    {
        "survey": "escp-xx",
        "title": "A made-up progress survey",
        "questions": [
            {
                "code": "A1",
                "type": "!",
                "kind": "single_choice",
                "text": "Name of the partnership",
                "answers": _options("P90", "P91", "P92", "P93"),
            },
            {
                "code": "A2",
                "type": "L",
                "kind": "single_choice",
                "text": "Strand",
                "answers": [
                    {"code": "S1", "label": "Strand-1"},
                    {"code": "S2", "label": "Strand-2"},
                ],
            },
            {
                "code": "A3",
                "type": "S",
                "kind": "short_text",
                "text": "Contact person",
                "personal_data": True,
            },
            {
                "code": "A4",
                "type": "S",
                "kind": "short_text",
                "text": "Email",
                "personal_data": True,
            },
            {
                "code": "A5",
                "type": "Y",
                "kind": "yes_no",
                "text": "I accept that my personal data are kept.",
            },
            {
                "code": "B1",
                "type": "P",
                "kind": "multiple_choice_comments",
                "text": "Activities",
                "subquestions": _options("SQ001", "SQ002", "SQ003", "SQ004", exclusive="SQ004"),
                "other": True,
            },
            {
                "code": "B2",
                "type": "M",
                "kind": "multiple_choice",
                "text": "Other partnerships",
                "subquestions": _options("P90", "P91", "P92", "P93"),
                "other": True,
            },
            {
                "code": "C1",
                "type": "L",
                "kind": "single_choice",
                "text": "Type of organisation",
                "answers": _options("T1", "T2", "T3"),
                "other": True,
            },
            {"code": "C2", "type": "N", "kind": "numeric", "text": "How many", "min": 2, "max": 9},
            {
                "code": "D1",
                "type": "Q",
                "kind": "multiple_short_text",
                "text": "Organisation",
                "subquestions": _options("SQ001", "SQ002", "SQ003"),
            },
            {"code": "D2", "type": "T", "kind": "long_text", "text": "Describe"},
            {
                "code": "E1",
                "type": ";",
                "kind": "array_texts",
                "text": "Events",
                "rows": [{"code": "SQ001", "label": "Event 1"}, {"code": "SQ002", "label": "2"}],
                "columns": [
                    {"code": "NAME", "label": "Name"},
                    {"code": "LOC", "label": "Location"},
                    {"code": "DATE", "label": "Date"},
                ],
            },
        ],
    }
)


def without_subquestion(question: Question, code: str) -> Question:
    """``question`` without its subquestion ``code`` (an option removed from the questionnaire)."""
    kept = tuple(o for o in question.subquestions if o.code != code)
    return question.model_copy(update={"subquestions": kept})


def reworded_subquestion(question: Question, code: str, label: str) -> Question:
    """``question`` with its subquestion ``code`` labelled ``label`` (an option reworded)."""
    subquestions = tuple(
        o.model_copy(update={"label": label}) if o.code == code else o
        for o in question.subquestions
    )
    return question.model_copy(update={"subquestions": subquestions})


def changed_escp_4i() -> Codebook:
    """The changed ESCP-4i questionnaire of the tests (every test of a changed round uses it).

    ESCP-4i with a new question, a removed option, a reworded option, two new partnerships and P01
    labelled otherwise than in the registry.
    """
    codebook = load_codebook("escp-4i")
    questions = []
    for question in codebook.questions:
        if question.code == "A1":
            answers = tuple(
                o.model_copy(update={"label": "Cluster Alliance of the North"})
                if o.code == "P01"
                else o
                for o in question.answers
            )
            new = (Option(code="P35", label="NEWCO"), Option(code="P36", label="Ocean Partners"))
            question = question.model_copy(update={"answers": (*answers, *new)})
        if question.code == "C1":
            question = without_subquestion(question, "SQ007")
        if question.code == "B1":
            question = reworded_subquestion(
                question, "SQ005", "Joint communication and marketing actions"
            )
        questions.append(question)
        if question.code == "G4":
            questions.append(
                Question(code="G5", type="Y", kind="yes_no", text="Do you use the new platform?")
            )
    return codebook.model_copy(update={"questions": tuple(questions)})


def changed_pilot(pilot: Codebook) -> Codebook:
    """The second questionnaire of the made-up pilot survey (a survey the project does not ship).

    ``pilot`` (``validation.test_new_survey_core.PILOT``) with Q1's SQ003 removed, Q3's SQ002
    reworded, a new multiple-choice question Q5, a new text question Q6 and a new title.
    """
    questions = []
    for question in pilot.questions:
        if question.code == "Q1":
            question = without_subquestion(question, "SQ003")
        if question.code == "Q3":
            question = reworded_subquestion(question, "SQ002", "Open data and open source")
        questions.append(question)
    questions.append(
        Question(
            code="Q5",
            type="M",
            kind="multiple_choice",
            text="Which events did you attend?",
            subquestions=(Option(code="E1", label="Workshop"), Option(code="E2", label="Fair")),
        )
    )
    questions.append(
        Question(code="Q6", type="T", kind="long_text", text="Anything else you want to tell us?")
    )
    return pilot.model_copy(
        update={"title": "The pilot survey, second edition", "questions": tuple(questions)}
    )
