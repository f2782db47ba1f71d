"""Figure assets: every survey round's figures, Table 1, the network and the countries.

Figure assets: ``figures`` (every question figure and round comparison of every survey round found
in the analyst tables), Table 1, the collaboration network and the targeted third countries.

``figures`` is one unpartitioned asset, not one asset per codebook question (which needed a restart
and a code change for a new survey or question, and slowed the code-location load) and not one
partition per round. Why unpartitioned: the figure list is derived at run time from
``option_counts`` and ``round_comparison`` (``publish.figure_refresh``), so a survey or question the
project has never seen gets its figures with no code change; a new round triggers one run of one
asset (a round-partitioned figures asset downstream of the cross-round ``round_comparison`` would be
re-requested for every round each time, 40 runs for 40 rounds); and each figure's fingerprint is
read from its PNG, so a run redraws only the figures whose rows changed and keeps the rest: the
drawing cost of one new round is the same with 3 rounds built as with 40. The metadata lists every
figure with its state (drawn or unchanged).
"""

from __future__ import annotations

import dagster as dg
import pandas as pd

from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.defs.publish.common import (
    catalogue_metadata,
    figure_asset,
    figure_metadata,
    figure_store,
)
from escp_pipeline.publish import catalog
from escp_pipeline.publish.data import AnalystTables, questionnaires_by_round
from escp_pipeline.storage.resources import DataDir

#: Every figure asset (the report reads their files).
FIGURE_ASSETS = (
    "figures",
    "figure_agreements_by_round",
    "figure_collaboration_network",
    "figure_target_countries",
    "figure_target_countries_map",
)


@figure_asset()
def figures(
    data_dir: DataDir,
    option_counts: pd.DataFrame,
    round_comparison: pd.DataFrame,
    questionnaire: dict[str, Codebook],
) -> dg.MaterializeResult:
    """Every question and round-comparison figure of every processed survey round.

    Every multiple-choice question of every processed survey round as a bar chart, and every round
    comparison, for each survey found in the analyst tables (a new survey or question needs no code
    change). Titles give each question's text as the round's own questionnaire words it.

    Question figures: options with their full labels, most chosen first, counts per strand side by
    side (or in total for a survey without strands), n per strand in the legend; files
    ``warehouse/figures/<survey>/<round>/<question>.png`` and ``.svg``. Round comparisons: per
    option and strand, the share in the earlier round (hollow) and the later round (filled); files
    ``<question>-change-from-<earlier round>.png`` and ``.svg``.

    Only figures whose rows changed are drawn (each PNG keeps the fingerprint of the rows it was
    drawn from); the metadata lists every figure as drawn or unchanged, with the counts, and shows
    the newest figures.
    """
    from escp_pipeline.publish.figure_refresh import refresh

    tables = AnalystTables(
        option_counts=option_counts,
        round_comparison=round_comparison,
        questionnaires=questionnaires_by_round(questionnaire),
    )
    outcomes = refresh(figure_store(data_dir), tables)
    return dg.MaterializeResult(metadata=catalogue_metadata(outcomes, data_dir.figures))


@figure_asset()
def figure_agreements_by_round(
    data_dir: DataDir, agreements_by_round: pd.DataFrame, cooperation_agreements: pd.DataFrame
) -> dg.MaterializeResult:
    """Table 1 as a chart: cooperation agreements per partnership, one bar per round.

    One figure per survey (``warehouse/figures/<survey>/agreements.png`` and ``.svg``), partnerships
    sorted by their latest count, strand in the label, round totals in the title; a dash marks a
    round in which the partnership stated no number. At most the latest 6 rounds are drawn (the
    title says how many earlier ones Table 1 holds); the figure's data table has every round.
    """
    tables = AnalystTables(
        agreements_by_round=agreements_by_round, cooperation_agreements=cooperation_agreements
    )
    store = figure_store(data_dir)
    saved = [store.save(key, tables) for key in catalog.agreements_keys(tables)]
    return dg.MaterializeResult(
        metadata=figure_metadata(saved, "No partnership has stated a number of agreements yet.")
    )


@figure_asset()
def figure_collaboration_network(
    data_dir: DataDir, escp_collaborations: pd.DataFrame, respondents: pd.DataFrame
) -> dg.MaterializeResult:
    """The collaboration network of Table 2, one per survey round.

    Partnerships on a circle, grouped by strand (as answered that round); an arrow from the
    partnership that reported a collaboration to the partner it named, a thick double-headed line
    where both named each other, hollow starred markers for partners outside the registry. Files
    ``warehouse/figures/<survey>/<round>/collaborations.png`` and ``.svg``.
    """
    tables = AnalystTables(escp_collaborations=escp_collaborations, respondents=respondents)
    store = figure_store(data_dir)
    saved = [store.save(key, tables) for key in catalog.network_keys(tables)]
    return dg.MaterializeResult(metadata=figure_metadata(saved, "No round processed yet."))


@figure_asset()
def figure_target_countries(
    data_dir: DataDir, country_mentions: pd.DataFrame, respondents: pd.DataFrame
) -> dg.MaterializeResult:
    """Targeted third countries: countries named in the ESCP-4i activity comments (B1), per round.

    One bar per country (ISO 3166-1, named once per respondent), most named first; EU member states
    are left out, since the report's question is about third countries. Files
    ``warehouse/figures/escp-4i/<round>/countries-B1.png`` and ``.svg``.
    """
    tables = AnalystTables(country_mentions=country_mentions, respondents=respondents)
    store = figure_store(data_dir)
    saved = [store.save(key, tables) for key in catalog.countries_keys(tables)]
    return dg.MaterializeResult(metadata=figure_metadata(saved, "No ESCP-4i round processed yet."))


def figure_asset_keys() -> list[dg.AssetKey]:
    """The keys of every figure asset of the project (the report reads their files)."""
    return [dg.AssetKey(name) for name in FIGURE_ASSETS]
