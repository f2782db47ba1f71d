"""Text questions of a survey the project does not ship that ask for contact data are personal."""

from __future__ import annotations

from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.contact_questions import asks_for_contact_data, mark_contact_questions

CODEBOOK = Codebook.model_validate(
    {
        "survey": "pilot-survey",
        "title": "Pilot",
        "questions": [
            {"code": "T1", "type": "S", "kind": "short_text", "text": "Your e-mail address"},
            {"code": "T2", "type": "S", "kind": "short_text", "text": "Telephone number"},
            {"code": "T3", "type": "T", "kind": "long_text", "text": "What went well this year?"},
            {
                "code": "T4",
                "type": "Q",
                "kind": "multiple_short_text",
                "text": "Who filled in the form?",
                "subquestions": [
                    {"code": "SQ001", "label": "First name"},
                    {"code": "SQ002", "label": "Organisation"},
                ],
            },
            {
                "code": "M1",
                "type": "M",
                "kind": "multiple_choice",
                "text": "Which name do you prefer?",
                "subquestions": [{"code": "SQ001", "label": "A"}, {"code": "SQ002", "label": "B"}],
            },
        ],
    }
)


def test_text_questions_asking_for_contact_data_are_marked() -> None:
    assert [q.code for q in CODEBOOK.questions if asks_for_contact_data(q)] == ["T1", "T2", "T4"]
    marked, codes = mark_contact_questions(CODEBOOK)
    assert codes == ("T1", "T2", "T4")
    assert marked.personal_data_columns == ["T1", "T2", "T4[SQ001]", "T4[SQ002]"]
    assert not marked.question("M1").personal_data  # not a text question: nothing typed in it
    assert mark_contact_questions(marked) == (marked, ())  # nothing more to mark
