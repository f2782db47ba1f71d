"""A small questionnaire with every question kind and partnership codes of neither survey."""

from __future__ import annotations

from escp_pipeline.contract.codebook import Codebook


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
