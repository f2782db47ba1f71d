"""``country_mentions``: the countries each question's free text names, one round at a time."""

import dagster as dg
import pandas as pd

from escp_pipeline.analysis import countries
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.defs.analyse.common import table_metadata
from escp_pipeline.defs.table_assets import table_asset


@table_asset()
def country_mentions(
    core_responses: pd.DataFrame, questionnaire: Codebook
) -> dg.Output[pd.DataFrame]:
    """How many complete answers name each country in each question's free text.

    Free text is every comment, "Other" text, short and long text, multiple short text (such as the
    Country field of the cooperation cases) and array text (such as event locations) of a question.
    Countries are ISO 3166-1 alpha-2 codes, recognised from pycountry's names plus common short
    forms (USA, US, U.S., the States, UK, Britain, PRC, South Korea, Russia, ...); acronyms only in
    capitals, so the pronoun "us" is not the USA; continents and the EU are not countries. An answer
    naming a country several times counts once per question. The questions are those of the round's
    own questionnaire (the ``questionnaire`` asset). Written to
    ``warehouse/tables/country_mentions.parquet`` (every processed round in one file).
    """
    table = countries.country_mentions(core_responses, questionnaire)
    return dg.Output(
        table,
        metadata=table_metadata(
            "country_mentions", table, table, countries=int(table["country"].nunique())
        ),
    )
