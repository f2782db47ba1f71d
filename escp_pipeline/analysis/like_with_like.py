"""Which options of two rounds ``round_comparison`` may compare.

Which options two rounds' questionnaires let ``round_comparison`` compare, from
``questionnaire_changes``.

What belongs here: reading the ``questionnaire_changes`` table (one row per difference between a
round's questionnaire and its survey's previous round's) to say which question and option codes of a
round cannot be compared with the previous round (an option added or removed, a question asked for
the first time, a question whose kind changed) and which options were reworded but are still
compared by their code. What does not: computing the comparison (``comparisons``), writing prose
(``publish``).

Like with like: a row of ``round_comparison`` needs the same question code, the same option code and
the same kind in both rounds' questionnaires. An option reworded between the rounds keeps its code
and is compared; the report says it was reworded.
"""

from __future__ import annotations

import re

import pandas as pd

#: changes of a question that leave nothing of it to compare with the previous round
QUESTION_NOT_COMPARABLE = ("question_added", "question_removed")
#: changes of an option that leave it without a counterpart in the other round
OPTION_NOT_COMPARABLE = ("option_added", "option_removed")
_KIND = re.compile(r"\(([a-z_]+)\)\s*$")
_ROUND_KEY = ["survey", "round", "previous_round"]


def _kind(type_text: str) -> str:
    """The codebook kind of a ``question_type_changed`` text (``M (multiple_choice)``)."""
    match = _KIND.search(str(type_text))
    return match.group(1) if match else str(type_text)


def _rows(changes: pd.DataFrame | None) -> pd.DataFrame:
    if changes is None or changes.empty or "change" not in changes:
        return pd.DataFrame(
            columns=[*_ROUND_KEY, "question", "option", "change", "previous_text", "text"],
            dtype="str",
        )
    return changes.astype({c: "str" for c in (*_ROUND_KEY, "question", "option", "change")})


def questions_not_comparable(changes: pd.DataFrame | None) -> pd.DataFrame:
    """(survey, round, previous_round, question) of questions a round cannot compare.

    A question added (asked for the first time), removed, or whose kind changed (``M`` to ``P``
    changes the kind; ``L`` to ``!`` keeps ``single_choice`` and stays comparable).
    """
    rows = _rows(changes)
    kind_changed = (rows["change"] == "question_type_changed") & (
        rows["previous_text"].map(_kind) != rows["text"].map(_kind)
    )
    keep = rows["change"].isin(QUESTION_NOT_COMPARABLE) | kind_changed
    return rows.loc[keep, [*_ROUND_KEY, "question"]].drop_duplicates().reset_index(drop=True)


def options_not_comparable(changes: pd.DataFrame | None) -> pd.DataFrame:
    """(survey, round, previous_round, question, option) of options only one round has."""
    rows = _rows(changes)
    keep = rows["change"].isin(OPTION_NOT_COMPARABLE)
    return (
        rows.loc[keep, [*_ROUND_KEY, "question", "option"]].drop_duplicates().reset_index(drop=True)
    )


def like_with_like(table: pd.DataFrame, changes: pd.DataFrame | None) -> pd.DataFrame:
    """Keep only the rows whose option both rounds asked alike.

    ``table`` (merged rows of two rounds, keyed by survey, round, previous_round, question and
    option) without the rows the two rounds' questionnaires do not let compare.
    """
    if table.empty:
        return table
    key = [*_ROUND_KEY, "question"]
    questions = questions_not_comparable(changes).assign(_drop=True)
    options = options_not_comparable(changes).assign(_drop_option=True)
    marked = table.astype({c: "str" for c in [*key, "option"]}).merge(questions, on=key, how="left")
    marked = marked.merge(options, on=[*key, "option"], how="left")
    keep = ~(marked["_drop"].eq(True) | marked["_drop_option"].eq(True)).to_numpy()
    return table.loc[keep]


def reworded_options(
    changes: pd.DataFrame | None, survey: str, round_: str, question: str
) -> list[tuple[str, str, str]]:
    """The options of ``question`` reworded in ``round_``.

    (option code, previous wording, wording) of the options of ``question`` reworded in ``round_``,
    in questionnaire order.
    """
    rows = _rows(changes)
    rows = rows[
        (rows["survey"] == survey)
        & (rows["round"] == round_)
        & (rows["question"] == question)
        & (rows["change"] == "option_reworded")
    ]
    return [(r.option, str(r.previous_text), str(r.text)) for r in rows.itertuples()]


def asked_first_time(changes: pd.DataFrame | None, survey: str, round_: str, question: str) -> bool:
    """Whether ``question`` is new in ``round_``'s questionnaire (``question_added``)."""
    rows = _rows(changes)
    return bool(
        (
            (rows["survey"] == survey)
            & (rows["round"] == round_)
            & (rows["question"] == question)
            & (rows["change"] == "question_added")
        ).any()
    )
