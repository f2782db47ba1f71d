"""``country_mentions``: the countries each question's free text names, one round at a time."""

import dagster as dg
import pandas as pd

from escp_pipeline.analysis import countries
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.defs.analyse.common import table_metadata
from escp_pipeline.defs.table_assets import table_asset


@table_asset()
def country_mentions(
    context: dg.AssetExecutionContext, core_responses: pd.DataFrame
) -> dg.Output[pd.DataFrame]:
    """How many complete answers name each country in each question's free text.

    Free text is every comment, "Other" text, short and long text, multiple short text (such as the
    Country field of the cooperation cases) and array text (such as event locations) of a question.
    Countries are ISO 3166-1 alpha-2 codes, recognised from pycountry's names plus common short
    forms (USA, US, U.S., the States, UK, Britain, PRC, South Korea, Russia, ...); acronyms only in
    capitals, so the pronoun "us" is not the USA; continents and the EU are not countries. An answer
    naming a country several times counts once per question. Written to
    ``warehouse/tables/country_mentions.parquet`` (every processed round in one file).
    """
    survey_round = SurveyRound.from_partition_key(context.partition_key)
    table = countries.country_mentions(core_responses, load_codebook(survey_round.survey))
    return dg.Output(
        table,
        metadata=table_metadata(
            "country_mentions", table, table, countries=int(table["country"].nunique())
        ),
    )
