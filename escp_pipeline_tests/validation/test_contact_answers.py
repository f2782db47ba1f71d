"""Text questions of a survey the project does not ship whose answers held contact data."""

from __future__ import annotations

import pandas as pd
import pytest

from escp_pipeline.analysis.free_text import free_text_answers
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.validation.contact_answers import (
    contact_answer_questions,
    without_contact_answers,
)
from escp_pipeline.validation.masking import mask_column
from escp_pipeline_tests.synthetic.codebooks import changed_pilot
from escp_pipeline_tests.validation.test_new_survey_core import PILOT

pytestmark = pytest.mark.unit

SECOND = changed_pilot(PILOT)  # Q6: "Anything else you want to tell us?" (long text)


def core(q6: list[str | None]) -> pd.DataFrame:
    """A pilot core table whose Q6 answers were masked as the cleaning masks them."""
    masked, _ = mask_column(pd.Series(q6, dtype="object"))
    n = len(q6)
    return pd.DataFrame(
        {
            "survey": "pilot-survey",
            "round": "2025-r2",
            "response_id": range(1, n + 1),
            "status": "complete",
            "partnership": pd.Series([pd.NA] * n, dtype="str"),
            "strand": pd.Series([pd.NA] * n, dtype="str"),
            "Q3[other]": ["Open data", *([None] * (n - 1))],
            "Q6": masked,
        }
    )


@pytest.mark.parametrize(
    "answer", ["Please write to jane.roe@example.net", "Call +32 2 555 01 23 after five"]
)
def test_a_text_question_whose_answers_hold_contact_data_is_left_out(answer: str) -> None:
    frame = core(["Good", answer, None])
    assert contact_answer_questions(frame, SECOND) == ("Q6",)
    assert without_contact_answers(frame, SECOND).question("Q6").personal_data
    texts = free_text_answers(frame, SECOND)
    assert list(texts["question"]) == ["Q3"]  # Q6 left out whole, the "Other" text kept


def test_text_without_contact_data_stays() -> None:
    frame = core(["Good", "Twice in 2019-2020, [sic] about 200 000 EUR", None])
    assert contact_answer_questions(frame, SECOND) == ()
    assert without_contact_answers(frame, SECOND) is SECOND
    assert set(free_text_answers(frame, SECOND)["question"]) == {"Q3", "Q6"}


def test_a_survey_the_project_ships_keeps_its_masked_texts() -> None:
    codebook = load_codebook("escp-4i")
    text = next(q for q in codebook.questions if q.kind == "long_text" and not q.personal_data)
    frame = pd.DataFrame({text.code: ["mail me at [email]"]})
    assert contact_answer_questions(frame, codebook) == ()
