"""Text questions of a survey the project does not ship whose answers hold contact data.

What belongs here: which text questions of a round of a survey the project does not ship are
personal data because of what respondents wrote (an e-mail address or a phone number in any answer,
found by ``masking`` when the core table was built, so the core table holds ``[email]`` or
``[phone]`` there), and the round's questionnaire with those questions marked personal, so every
analysis leaves them out as it leaves out a contact question. What does not: the questions whose
text asks for contact data (``contract.contact_questions``, decided before the answers are read) or
the masking itself (``masking``).

The surveys the project ships keep their texts (masked) in the analysis: their questionnaires are
known and their comment questions are meant to be quoted. For a survey the project has never seen,
when in doubt the whole question is left out, and the report's data-quality chapter says so.
"""

from __future__ import annotations

import re

import pandas as pd

from escp_pipeline.catalogue.vocabularies import SURVEYS
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.contact_questions import TEXT_KINDS
from escp_pipeline.validation.masking import EMAIL_MASK, PHONE_MASK

_MASKS = "|".join(re.escape(mask) for mask in (EMAIL_MASK, PHONE_MASK))


def contact_answer_questions(core: pd.DataFrame, codebook: Codebook) -> tuple[str, ...]:
    """Codes of the text questions whose answers in ``core`` held an e-mail address or a phone.

    Only for a survey the project does not ship; questions already marked personal are not listed
    (they never reach the core table).
    """
    if codebook.survey in SURVEYS:
        return ()
    found = []
    for question in codebook.questions:
        if question.personal_data or question.kind not in TEXT_KINDS:
            continue
        columns = [c for c in question.export_columns() if c in core]
        if any(
            core[c].astype("str").str.contains(_MASKS, regex=True, na=False).any() for c in columns
        ):
            found.append(question.code)
    return tuple(found)


def without_contact_answers(core: pd.DataFrame, codebook: Codebook) -> Codebook:
    """``codebook`` with the questions of ``contact_answer_questions`` marked personal data."""
    withheld = contact_answer_questions(core, codebook)
    if not withheld:
        return codebook
    questions = tuple(
        q.model_copy(update={"personal_data": True}) if q.code in withheld else q
        for q in codebook.questions
    )
    return codebook.model_copy(update={"questions": questions})
