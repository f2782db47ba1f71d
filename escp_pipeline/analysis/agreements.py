"""Cooperation agreements: ``cooperation_agreements`` per round and Table 1 across rounds.

What belongs here: the number of cooperation agreements or MoUs each partnership states (``D3`` in
both surveys, the codebook's ``agreements_question``), and the report's Table 1 that sets the rounds
of a survey side by side. What does not: checks of the report's figures (``claims``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from escp_pipeline.analysis.option_counts import COMPLETE
from escp_pipeline.catalogue.derive import empty_frame
from escp_pipeline.catalogue.tables import columns
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.drops import round_sort_key

AGREEMENTS_COLUMNS: tuple[str, ...] = columns("cooperation_agreements")
AGREEMENTS_BY_ROUND_COLUMNS: tuple[str, ...] = columns("agreements_by_round")


class AgreementsError(ValueError):
    """A stated number of agreements that is not a whole number."""


def cooperation_agreements(core: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """One row per complete answer that states a number of agreements (0 is a number).

    Empty for a questionnaire that does not ask ``D3``.

    Raises:
        AgreementsError: a stated number is not whole; the message names the partnership, round and
            value so the answer can be corrected in LimeSurvey.
    """
    if not any(question.code == "D3" for question in codebook.questions):
        return empty_frame("cooperation_agreements")  # a survey without the question
    column = codebook.agreements_question.code
    stated = core["status"].eq(COMPLETE).to_numpy(dtype=bool, na_value=False) & core[
        column
    ].notna().to_numpy(dtype=bool)
    answers = core.loc[stated]
    if answers.empty:
        return empty_frame("cooperation_agreements")
    numbers = answers[column].astype("float64").to_numpy()
    fractional = numbers != np.round(numbers)
    if fractional.any():
        first = answers.loc[fractional].iloc[0]
        raise AgreementsError(
            f"{first['partnership']} ({first['survey']} {first['round']}, response "
            f"{first['response_id']}) states {numbers[fractional][0]} agreements in {column}: "
            "a number of agreements must be whole; correct the answer and export again"
        )
    table = pd.DataFrame(
        {
            "survey": answers["survey"].astype("str"),
            "round": answers["round"].astype("str"),
            "partnership": answers["partnership"].astype("str"),
            "strand": answers["strand"].astype("str"),
            "agreements": numbers.astype(np.int64),
        }
    )
    return table.sort_values(["survey", "round", "partnership"]).reset_index(drop=True)


def agreements_by_round(agreements: pd.DataFrame) -> pd.DataFrame:
    """Table 1 of the report: agreements per partnership in every round of its survey, with totals.

    One row per survey x partnership x round, for every partnership that stated a number in at least
    one round of the survey and every round of that survey in ``agreements``. ``agreements`` is null
    where the partnership stated no number in that round; ``round_total`` is the sum over all
    partnerships of the survey in that round (the report's "Total" row).

    Args:
        agreements: the ``cooperation_agreements`` table, any rounds.
    """
    if agreements.empty:
        return empty_frame("agreements_by_round")
    stated = agreements.groupby(["survey", "partnership", "round"], as_index=False)[
        "agreements"
    ].sum()
    frames = []
    for survey, rows in stated.groupby("survey", sort=True):
        rounds = sorted(rows["round"].unique(), key=round_sort_key)
        partnerships = sorted(rows["partnership"].unique(), key=str.casefold)
        grid = pd.MultiIndex.from_product(
            [[survey], partnerships, rounds], names=["survey", "partnership", "round"]
        )
        values = rows.set_index(["survey", "partnership", "round"])["agreements"].reindex(grid)
        frame = values.astype("Int64").reset_index()
        totals = rows.groupby("round")["agreements"].sum()
        frame["round_total"] = frame["round"].map(totals).astype(np.int64)
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    for column in ("survey", "partnership", "round"):
        table[column] = table[column].astype("str")
    return table.loc[:, list(AGREEMENTS_BY_ROUND_COLUMNS)]


def table_one(by_round: pd.DataFrame, survey: str) -> pd.DataFrame:
    """Table 1 as the report prints it: partnerships down, rounds across, a ``Total`` row last."""
    rows = by_round[by_round["survey"] == survey]
    if rows.empty:
        return pd.DataFrame()
    rounds = sorted(rows["round"].unique(), key=round_sort_key)
    wide = rows.pivot(index="partnership", columns="round", values="agreements")
    wide = wide.reindex(columns=rounds)
    totals = rows.drop_duplicates("round").set_index("round")["round_total"].reindex(rounds)
    wide.loc["Total"] = totals.astype("Int64").to_numpy()
    wide = wide.reset_index().rename_axis(columns=None)
    return wide
