"""``escp_collaborations``: directed links between partnerships, one round at a time."""

import dagster as dg
import pandas as pd

from escp_pipeline.analysis import collaborations
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.defs.analyse.common import table_metadata
from escp_pipeline.defs.table_assets import table_asset


@table_asset()
def escp_collaborations(
    core_responses: pd.DataFrame, questionnaire: Codebook
) -> dg.Output[pd.DataFrame]:
    """Which other partnerships each responding partnership says it collaborates with.

    One row per directed link source -> target from the "other ESCPs" question (ESCP-4i ``G2``,
    ESCP-S3 ``E2``) of complete answers. A ticked box names a listed partnership; the "Other" field
    may name several (separated by ``;``, ``,``, ``/``, "and" or line breaks), each resolved to the
    registry by code, name, alias or a close spelling, and otherwise kept as written with
    ``target_in_registry`` false. ``purpose`` is the respondent's comment; ``reciprocal`` says the
    target names the source too in the same round. The question and its listed partnerships are
    those of the round's own questionnaire (the ``questionnaire`` asset). Written to
    ``warehouse/tables/escp_collaborations.parquet`` (every processed round in one file).
    """
    table = collaborations.escp_collaborations(core_responses, questionnaire, load_registry())
    # the purpose is free text: kept in the table, left out of the UI preview
    preview = table.drop(columns="purpose")
    outside = sorted(table.loc[~table["target_in_registry"], "target"].unique())
    return dg.Output(
        table,
        metadata=table_metadata(
            "escp_collaborations",
            table,
            preview,
            sources=int(table["source"].nunique()),
            reciprocal_links=int(table["reciprocal"].sum()),
            targets_outside_registry=", ".join(outside) or "none",
        ),
    )
