"""``free_text_answers``: every text a counted answer wrote, by question and option."""

import dagster as dg
import pandas as pd

from escp_pipeline.analysis.free_text import free_text_answers as texts_of
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.defs.analyse.common import counts_by, table_metadata
from escp_pipeline.defs.table_assets import table_asset


@table_asset()
def free_text_answers(
    core_responses: pd.DataFrame, questionnaire: Codebook
) -> dg.Output[pd.DataFrame]:
    """The free text of one round, ready to quote: one row per non-empty text of a counted answer.

    Comments on an option, "Other" texts, short and long text answers, multiple short texts and
    array texts, with the partnership, strand, question, option (code; ``other``; ``<row>_<column>``
    for an array text; empty for a text question), ``kind`` (``comment``, ``other``, ``text``) and
    the option's label. The contact questions are not here (dropped in the core table), and any
    e-mail address or phone number typed into an answer was replaced by ``[email]`` or ``[phone]``
    when the core table was built (its metadata counts them). Incomplete and superseded answers are
    left out. Questions and labels are those of the round's own questionnaire (the ``questionnaire``
    asset). Written to ``warehouse/tables/free_text_answers.parquet`` (every processed round).
    """
    table = texts_of(core_responses, questionnaire)
    # the preview shows where the texts are, not what they say
    where = table.groupby(["question", "kind"], sort=False).size().rename("texts").reset_index()
    return dg.Output(
        table,
        metadata=table_metadata(
            "free_text_answers",
            table,
            where,
            texts_by_partnership=counts_by(table, ["partnership"], "texts"),
            masked_texts=int(table["text"].str.contains(r"\[(?:email|phone)\]", regex=True).sum())
            if len(table)
            else 0,
        ),
    )
