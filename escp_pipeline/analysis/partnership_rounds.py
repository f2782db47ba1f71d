"""Who of a programme's partnerships answered a round: ``partnership_rounds`` and its side table.

What belongs here: the follow-up list of one round, built from the round's core table, the
partnership registry and the round's questionnaire. The programme of a survey is every partnership
the registry lists for it plus every code of the questionnaire's partnership question (``A1``), so a
partnership the questionnaire offers but the registry lacks is still followed up, and the reverse.
What does not: sentences or tables of the report (``publish``).

``partnership_rounds`` has one row per partnership x round with fixed columns. How many options a
partnership ticked per multiple-choice question goes to a long side table,
``partnership_selections`` (one row per answered partnership x round x question), rather than a
column per question: the two questionnaires ask different questions, and a questionnaire may change
from round to round, so a wide table would change its columns with every questionnaire.
"""

from __future__ import annotations

import pandas as pd

from escp_pipeline.catalogue.derive import empty_frame
from escp_pipeline.catalogue.tables import columns
from escp_pipeline.catalogue.vocabularies import (
    ANSWERED,
    INCOMPLETE_ONLY,
    NOT_ANSWERED,
    PARTNERSHIP_STATUSES,
)
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.registry import PartnershipRegistry

STATUSES: tuple[str, ...] = PARTNERSHIP_STATUSES

PARTNERSHIP_ROUNDS_COLUMNS: tuple[str, ...] = columns("partnership_rounds")
SELECTIONS_COLUMNS: tuple[str, ...] = columns("partnership_selections")


def programme(survey: str, codebook: Codebook, registry: PartnershipRegistry) -> pd.DataFrame:
    """The partnerships of a survey's programme.

    The partnerships of a survey's programme: code, name, in_registry, in_questionnaire,
    registry_strand; registry order, then codes only the questionnaire has.

    A partnership the round's questionnaire offers is named as ``respondents`` names it: the
    registry's name where the questionnaire's label is that name or an alias, else the label.
    """
    from escp_pipeline.validation.partnership_names import partnership_names

    offered = {option.code: option.label for option in codebook.partnership_question.answers}
    names = partnership_names(codebook, registry) if offered else {}
    rows = []
    for partnership in registry.partnerships:
        if partnership.programme == survey or partnership.code in offered:
            rows.append(
                {
                    "partnership_code": partnership.code,
                    "partnership": names.get(partnership.code, partnership.name),
                    "in_registry": partnership.programme == survey,
                    "in_questionnaire": partnership.code in offered,
                    "registry_strand": partnership.strand,
                }
            )
    known = {row["partnership_code"] for row in rows}
    for code, label in offered.items():
        if code not in known:
            rows.append(
                {
                    "partnership_code": code,
                    "partnership": names.get(code, label.strip()),
                    "in_registry": False,
                    "in_questionnaire": True,
                    "registry_strand": None,
                }
            )
    return pd.DataFrame.from_records(
        rows,
        columns=[
            "partnership_code",
            "partnership",
            "in_registry",
            "in_questionnaire",
            "registry_strand",
        ],
    )


def partnership_rounds(
    core: pd.DataFrame,
    codebook: Codebook,
    registry: PartnershipRegistry,
    survey: str,
    round_: str,
) -> pd.DataFrame:
    """One row per partnership of the programme for one round of ``core``.

    ``status`` is ``answered`` (a complete answer counts), ``incomplete_only`` (only responses left
    before submitting) or ``not_answered`` (no response at all); ``strand``, ``response_id`` and
    ``agreements`` are those of the counted answer (null otherwise; ``agreements`` also null when
    the answer states no number); ``responses`` counts every response of the partnership in the
    export, superseded and incomplete ones included. Empty for a survey without a partnership
    question (``has_partnership_question``): it has no programme.
    """
    if not has_partnership_question(codebook):
        return empty_frame("partnership_rounds")
    table = programme(survey, codebook, registry)
    table.insert(0, "round", round_)
    table.insert(0, "survey", survey)
    codes = core["partnership_code"].astype("str")
    counted = core[core["status"] == "complete"].set_index(codes[core["status"] == "complete"])
    responses = codes.value_counts()
    agreements_column = codebook.agreements_question.code
    has_counted = table["partnership_code"].isin(counted.index)
    has_any = table["partnership_code"].isin(responses.index)
    table["status"] = [
        ANSWERED if counted_ else INCOMPLETE_ONLY if any_ else NOT_ANSWERED
        for counted_, any_ in zip(has_counted, has_any, strict=True)
    ]
    by_code = table["partnership_code"]
    table["strand"] = by_code.map(counted["strand"]) if len(counted) else None
    table["response_id"] = by_code.map(counted["response_id"]) if len(counted) else None
    table["responses"] = by_code.map(responses).fillna(0)
    table["agreements"] = by_code.map(counted[agreements_column]) if len(counted) else None
    return typed_partnership_rounds(table)


def typed_partnership_rounds(table: pd.DataFrame) -> pd.DataFrame:
    """The columns of ``partnership_rounds`` in order, with their promised types."""
    table = table.loc[:, list(PARTNERSHIP_ROUNDS_COLUMNS)].copy()
    for column in ("survey", "round", "partnership_code", "partnership", "status"):
        table[column] = table[column].astype("str")
    for column in ("registry_strand", "strand"):
        table[column] = table[column].astype("str").where(table[column].notna())
        table[column] = table[column].astype("str")
    for column in ("in_registry", "in_questionnaire"):
        table[column] = table[column].astype(bool)
    table["response_id"] = pd.to_numeric(table["response_id"]).astype("Int64")
    table["responses"] = table["responses"].astype("int64")
    agreements = pd.to_numeric(table["agreements"], errors="coerce").round()
    table["agreements"] = agreements.astype("Int64")
    return table.reset_index(drop=True)


def partnership_selections(core: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """How many options each counted answer ticked per multiple-choice question.

    One row per counted (complete) answer x multiple-choice question of the codebook; ``selected``
    counts the ticked options plus one for a non-empty "Other" text (as ``option_counts`` does), 0
    where the answer ticked nothing. Empty for a survey without a partnership question.
    """
    if not has_partnership_question(codebook):
        return empty_frame("partnership_selections")
    counted = core[core["status"] == "complete"]
    parts = []
    for question in codebook.multiple_choice_questions:
        ticked = pd.Series(0, index=counted.index, dtype="int64")
        for column in question.choice_columns().values():
            if column in counted:
                ticked += counted[column].fillna(False).astype(bool).astype("int64")
        other = f"{question.code}[other]"
        if question.other and other in counted:
            text = counted[other].astype("str").str.strip()
            ticked += (text.notna() & (text != "")).astype("int64")
        parts.append(
            pd.DataFrame(
                {
                    "survey": counted["survey"],
                    "round": counted["round"],
                    "partnership_code": counted["partnership_code"],
                    "partnership": counted["partnership"],
                    "response_id": counted["response_id"],
                    "question": question.code,
                    "selected": ticked,
                }
            )
        )
    if not parts or counted.empty:
        table = empty_frame("partnership_selections")
    else:
        table = pd.concat(parts, ignore_index=True)
    for column in ("survey", "round", "partnership_code", "partnership", "question"):
        table[column] = table[column].astype("str")
    table["response_id"] = table["response_id"].astype("int64")
    table["selected"] = table["selected"].astype("int64")
    order = {q.code: i for i, q in enumerate(codebook.multiple_choice_questions)}
    table = table.assign(_order=table["question"].map(order))
    table = table.sort_values(["partnership_code", "_order"], kind="stable")
    return table.drop(columns="_order").loc[:, list(SELECTIONS_COLUMNS)].reset_index(drop=True)


def has_partnership_question(codebook: Codebook) -> bool:
    """A survey the project does not ship may ask no partnership question (no profile)."""
    try:
        _ = codebook.partnership_question
    except KeyError:
        return False
    return True
