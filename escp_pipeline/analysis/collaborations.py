"""The ``escp_collaborations`` analyst table: directed "we collaborate with" links between ESCPs.

What belongs here: turning the "other ESCPs" question (ESCP-4i ``G2``, ESCP-S3 ``E2``) of complete
answers into one row per (source, target) link, with the purpose the respondent wrote and whether
the target names the source too in the same survey and round. What does not: resolving free-text
names (``partnership_names``).

Rules:
    - source is the responding partnership's canonical name; a ticked box names the partnership
      whose code is the subquestion code; ``[other]`` free text may name several partnerships, each
      resolved to the registry where it can be, else kept as written (``target_in_registry`` false).
    - purpose is the comment of the ticked box (``[othercomment]`` for free-text names); empty where
      the question has no comments (ESCP-S3 ``E2``).
    - a target named twice by one source (a ticked box and again in the free text) is one link,
      whose purpose is the first non-empty one; a partnership naming itself is not a link.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from escp_pipeline.analysis.option_counts import COMPLETE
from escp_pipeline.analysis.partnership_names import resolve_names
from escp_pipeline.catalogue.derive import empty_frame
from escp_pipeline.catalogue.tables import columns
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.registry import PartnershipRegistry

COLLABORATIONS_COLUMNS: tuple[str, ...] = columns("escp_collaborations")


def _clean_text(values: pd.Series) -> pd.Series:
    stripped = values.astype("str").str.strip()
    return stripped.where(stripped.str.len() > 0)


def escp_collaborations(
    core: pd.DataFrame, codebook: Codebook, registry: PartnershipRegistry
) -> pd.DataFrame:
    """Every directed collaboration link that complete answers state, per survey and round.

    Args:
        core: a core table (one or more rounds of ``codebook``'s survey).
        codebook: the survey's codebook; its ``collaboration_question`` is the question read.
        registry: the partnership registry, for names of ticked codes and free text.

    Returns:
        The ``escp_collaborations`` columns of OUTPUTS.md, sorted by survey, round, source, target.
    """
    question = codebook.collaboration_question
    complete = core["status"].eq(COMPLETE).to_numpy(dtype=bool, na_value=False)
    if question is None or not complete.any():
        return empty_frame("escp_collaborations")
    answers = core.loc[complete]
    links = []
    has_comments = question.kind == "multiple_choice_comments"
    for option in question.subquestions:
        ticked = answers[f"{question.code}[{option.code}]"].to_numpy(dtype=bool, na_value=False)
        if not ticked.any():
            continue
        chosen = answers.loc[ticked]
        comment = f"{question.code}[{option.code}comment]"
        purpose = (
            _clean_text(chosen[comment])
            if has_comments and comment in chosen
            else pd.Series(pd.NA, index=chosen.index, dtype="str")
        )
        links.append(
            pd.DataFrame(
                {
                    "survey": chosen["survey"].astype("str"),
                    "round": chosen["round"].astype("str"),
                    "source": chosen["partnership"].astype("str"),
                    "target": registry.name_of(option.code),
                    "purpose": purpose.astype("str"),
                    "target_in_registry": True,
                    "_order": 0,
                }
            )
        )
    other = f"{question.code}[other]"
    if question.other and other in answers:
        texts = _clean_text(answers[other])
        written = answers.loc[texts.notna()]
        comments = (
            _clean_text(written[f"{question.code}[othercomment]"])
            if has_comments and f"{question.code}[othercomment]" in written
            else pd.Series(pd.NA, index=written.index, dtype="str")
        )
        rows = [
            (survey, round_, source, name.name, purpose, name.in_registry)
            for survey, round_, source, text, purpose in zip(
                written["survey"],
                written["round"],
                written["partnership"],
                texts.loc[written.index],
                comments,
                strict=True,
            )
            for name in resolve_names(text, registry)
        ]
        if rows:
            frame = pd.DataFrame(rows, columns=[*COLLABORATIONS_COLUMNS[:5], "target_in_registry"])
            links.append(frame.assign(_order=1))
    if not links:
        return empty_frame("escp_collaborations")
    table = pd.concat(links, ignore_index=True)
    table = table[table["source"].notna() & (table["source"] != table["target"])]
    # one link per source and target: the ticked box first, its purpose or else the free text's
    table = table.sort_values(["_order"], kind="stable")
    purposes = table.groupby(["survey", "round", "source", "target"], sort=False)["purpose"].first()
    table = table.drop_duplicates(["survey", "round", "source", "target"]).drop(columns="purpose")
    table = table.merge(purposes.reset_index(), on=["survey", "round", "source", "target"])
    table["reciprocal"] = reciprocal(table)
    table = table.sort_values(["survey", "round", "source", "target"]).reset_index(drop=True)
    return _typed(table)


def reciprocal(links: pd.DataFrame) -> np.ndarray:
    """Per link, whether its target names its source too, in the same survey and round."""
    forward = pd.MultiIndex.from_frame(links[["survey", "round", "source", "target"]])
    backward = pd.MultiIndex.from_frame(
        links[["survey", "round", "target", "source"]].set_axis(
            ["survey", "round", "source", "target"], axis=1
        )
    )
    return np.asarray(forward.isin(backward), dtype=bool)


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    typed = table.loc[:, list(COLLABORATIONS_COLUMNS)].copy()
    for column in ("survey", "round", "source", "target", "purpose"):
        typed[column] = typed[column].astype("str")
    typed["reciprocal"] = typed["reciprocal"].astype(bool)
    typed["target_in_registry"] = typed["target_in_registry"].astype(bool)
    return typed
