"""The small words of the report's sentences: counts, shares, lists and option labels in prose.

What belongs here: phrases every narrative module uses ("1 respondent", "all 7 strand-2", "A, B and
C", "the organisation of events") and how a question's options are named (``question_noun``). What
does not: sentences about a table (``narrative``, ``narrative_comparison``, ``narrative_tables``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from escp_pipeline.contract.codebook import CodebookError, load_codebook
from escp_pipeline.publish import change_prose


@dataclass(frozen=True)
class Noun:
    """How the options of a question are named in prose."""

    singular: str
    plural: str
    lead_singular: str  # "most common activity"
    lead_plural: str
    verb: str = "reported"
    proper_names: bool = False  # options are names (partnerships): never lower-cased


def question_noun(survey: str, question: str, text: str) -> Noun:
    """The noun for a question's options, from its wording (``text``, the round questionnaire's).

    The shipped codebook's collaboration question names partnerships; a survey the project does not
    ship has none.
    """
    try:
        collaboration = load_codebook(survey).collaboration_question
    except CodebookError:
        collaboration = None
    text = text.casefold()
    if (collaboration is not None and collaboration.code == question) or "name of the" in text:
        return Noun(
            "partnership",
            "partnerships",
            "partnership named most often",
            "partnerships named most often",
            verb="named",
            proper_names=True,
        )
    for stem, singular, plural in (
        ("barrier", "barrier", "barriers"),
        ("result", "result", "results"),
        ("benefit", "benefit", "benefits"),
        ("activit", "activity", "activities"),
    ):
        if stem in text:
            return Noun(singular, plural, f"most common {singular}", f"most common {plural}")
    return Noun("option", "options", "most common option", "most common options", verb="selected")


def respondents_phrase(n: int) -> str:
    """``1 respondent`` / ``3 respondents``."""
    return f"{n} respondent" if n == 1 else f"{n} respondents"


def join_words(items: Sequence[str], conjunction: str = "and") -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def capitalise(text: str) -> str:
    """``text`` with its first letter upper-cased, the rest unchanged."""
    return text[:1].upper() + text[1:]


def prose_label(label: str, *, proper_name: bool = False) -> str:
    """An option label inside a sentence: "Organisation of events" -> "the organisation of events".

    The first letter is lower-cased when the first word is an ordinary capitalised word (not an
    acronym, a name or a title phrase); "the" is added before "<noun> of/between/with ...".
    """
    label = " ".join(str(label).split())
    if proper_name or not label:
        return label
    words = label.split(" ")
    first = words[0]
    second = words[1] if len(words) > 1 else ""
    # "Research & Development", "Merger and Acquisition": a title phrase keeps its capitals
    following = [w for w in words[1:3] if w not in {"&", "and"}][:1] or [""]
    ordinary = first[:1].isupper() and first[1:].islower() and first[1:].isalpha()
    title_phrase = following[0][:1].isupper() and following[0][1:].islower()
    if ordinary and not title_phrase:
        label = first[:1].lower() + label[1:]
    if second.casefold() in {"of", "between", "with"}:
        label = "the " + label
    return label


def strand_phrase(selected: int, n: int, strand: str) -> str:
    """A count of a strand's respondents in words.

    ``11 of 12 strand-1``, ``all 7 strand-2``, ``none of the 7 strand-2``, ``the only strand-1
    respondent``, ``no strand-2 respondent`` (when the one respondent did not select it).
    """
    if n == 1:
        return f"the only {strand} respondent" if selected == 1 else f"no {strand} respondent"
    if selected == 0:
        return f"none of the {n} {strand}"
    if selected == n:
        return f"all {n} {strand}"
    return f"{selected} of {n} {strand}"


def share_of(selected: int, n: int) -> str:
    """``6 of 8``, ``all 8``, ``the only respondent``, ``none of the 8``."""
    if n == 1:
        return "the only respondent" if selected == 1 else "no respondent"
    if selected == n:
        return f"all {n} respondents"
    if selected == 0:
        return f"none of the {n} respondents"
    return f"{selected} of {n} respondents"


def percent(share: float) -> str:
    """A share in whole percent: ``84%``."""
    return change_prose.percent(share)


def groups_by(table: pd.DataFrame, column: str) -> list[pd.DataFrame]:
    """Rows grouped by equal ``column`` value, highest first (ties keep display order)."""
    values = sorted(set(table[column]), reverse=True)
    return [table[table[column] == value] for value in values]
