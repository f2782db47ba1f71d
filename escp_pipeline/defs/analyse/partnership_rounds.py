"""``partnership_rounds`` and ``partnership_selections``: who of a programme answered each round."""

import dagster as dg
import pandas as pd

from escp_pipeline.analysis import partnership_rounds as follow_up
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.defs.analyse.common import counts_by, table_metadata
from escp_pipeline.defs.table_assets import table_asset


@table_asset()
def partnership_rounds(
    context: dg.AssetExecutionContext, core_responses: pd.DataFrame, questionnaire: Codebook
) -> dg.Output[pd.DataFrame]:
    """Every partnership of the survey's programme in one round: answered, or whom to follow up.

    The programme is every partnership the registry lists for the survey plus every code of the
    round's questionnaire partnership question (``A1``); ``in_registry`` and ``in_questionnaire``
    say where each comes from. ``status`` is ``answered`` (a complete answer counts),
    ``incomplete_only`` (left before submitting) or ``not_answered``; the counted answer's strand,
    response id and stated agreements (``D3``) follow; ``responses`` counts every response of the
    partnership in the export. How many options each answer ticked per multiple-choice question is
    in ``partnership_selections``. Written to ``warehouse/tables/partnership_rounds.parquet`` (every
    processed round; this round's rows replaced).
    """
    survey_round = SurveyRound.from_partition_key(context.partition_key)
    table = follow_up.partnership_rounds(
        core_responses, questionnaire, load_registry(), survey_round.survey, survey_round.round
    )
    statuses = table["status"].value_counts()
    missing = table.loc[table["status"] != follow_up.ANSWERED, ["partnership", "status"]]
    return dg.Output(
        table,
        metadata=table_metadata(
            "partnership_rounds",
            table,
            missing if len(missing) else "every partnership of the programme answered",
            programme_partnerships=len(table),
            **{status: int(statuses.get(status, 0)) for status in follow_up.STATUSES},
        ),
    )


@table_asset()
def partnership_selections(
    core_responses: pd.DataFrame, questionnaire: Codebook
) -> dg.Output[pd.DataFrame]:
    """How many options each counted answer ticked, per multiple-choice question of the round.

    One row per partnership that answered (complete, not superseded) x multiple-choice question:
    ``selected`` is the number of options ticked, plus one for a non-empty "Other" text (as
    ``option_counts`` counts it); 0 where the answer ticked nothing. The side table of
    ``partnership_rounds``, long rather than a column per question because the questionnaires differ
    (the questions are the round's own questionnaire's). Written to
    ``warehouse/tables/partnership_selections.parquet`` (every processed round).
    """
    table = follow_up.partnership_selections(core_responses, questionnaire)
    per_question = table.groupby("question", sort=False)["selected"]
    means = per_question.mean().round(2).rename("mean_selected").reset_index()
    return dg.Output(
        table,
        metadata=table_metadata(
            "partnership_selections",
            table,
            means,
            answers_per_question=counts_by(table, ["question"], "answers"),
        ),
    )
