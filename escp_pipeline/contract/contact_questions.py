"""Personal data of a survey the project does not ship: the text questions asking for contact data.

A survey the project ships has its personal-data questions marked in its codebook and profile. For
any other survey the profile (``incoming/<survey>/survey.yaml``) may mark some, and every text
question that asks for a name, an e-mail address, a phone number or a postal address is personal
data as well: it is dropped before the core table, like a marked question. When in doubt a question
is left out (a text question about "the name of your project" is dropped too). See
``docs/questionnaires.md``.
"""

from __future__ import annotations

import re

from escp_pipeline.contract.codebook import Codebook, Question

#: The kinds whose answers are typed by the respondent.
TEXT_KINDS: frozenset[str] = frozenset(
    {"short_text", "long_text", "multiple_short_text", "array_texts"}
)
#: Words of a question text that ask for contact data.
CONTACT_WORDS = re.compile(
    r"\b(e-?mails?|mail address|names?|surnames?|phones?|telephones?|mobiles?|addresse?s?|"
    r"contact|postcode|zip code)\b",
    re.IGNORECASE,
)


def asks_for_contact_data(question: Question) -> bool:
    """A text question whose text or row/subquestion labels ask for contact data."""
    if question.kind not in TEXT_KINDS:
        return False
    labels = [question.text, *(o.label for o in (*question.subquestions, *question.rows))]
    return any(CONTACT_WORDS.search(label) for label in labels)


def mark_contact_questions(codebook: Codebook) -> tuple[Codebook, tuple[str, ...]]:
    """``codebook`` with its contact-data text questions marked personal, and their codes."""
    marked = tuple(
        q.code for q in codebook.questions if not q.personal_data and asks_for_contact_data(q)
    )
    if not marked:
        return codebook, ()
    questions = tuple(
        q.model_copy(update={"personal_data": True}) if q.code in marked else q
        for q in codebook.questions
    )
    return codebook.model_copy(update={"questions": questions}), marked
