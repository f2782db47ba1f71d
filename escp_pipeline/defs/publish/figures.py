"""Figure assets: questions, round comparisons, Table 1, the network and the countries.

One per multiple-choice question of each codebook, one per round comparison, Table 1, the
collaboration network and the targeted third countries.

The per-question assets are generated from the codebooks (``question_figure_asset``), so a question
added to a codebook gets its figure without code. Each asset is unpartitioned: it reads every
processed round of its analyst tables and draws the figure for each round (files
``warehouse/figures/<survey>/<round>/<question>.png|.svg``), so an analyst can materialize one
figure alone, and it shows the newest round in the UI.
"""

from __future__ import annotations

import dagster as dg
import pandas as pd

from escp_pipeline.contract.codebook import SURVEYS, Question, load_codebook
from escp_pipeline.defs.automation import CROSS_ROUND_REFRESH
from escp_pipeline.defs.publish.common import FIGURE_KINDS, GROUP, figure_metadata, figure_store
from escp_pipeline.publish import catalog
from escp_pipeline.publish.data import AnalystTables, survey_name
from escp_pipeline.resources import DataDir


def asset_name(survey: str, question: str, suffix: str = "") -> str:
    """``figure_escp_4i_b1`` (and ``figure_escp_4i_b1_change`` for the round comparison)."""
    base = f"figure_{survey.replace('-', '_')}_{question.lower()}"
    return f"{base}_{suffix}" if suffix else base


def question_figure_asset(survey: str, question: Question) -> dg.AssetsDefinition:
    """The figure asset of one multiple-choice question: its counts in every round of its survey."""
    name = survey_name(survey)

    @dg.asset(
        name=asset_name(survey, question.code),
        group_name=GROUP,
        kinds=FIGURE_KINDS,
        automation_condition=CROSS_ROUND_REFRESH,
        description=(
            f"{name} {question.code} as a bar chart, one per processed round: “{question.text}” "
            "Options with their full labels, most chosen first, counts per strand side by side "
            "(ESCP-4i) or in total (ESCP-S3), n per strand in the legend. Files: "
            f"warehouse/figures/{survey}/<round>/{question.code}.png and .svg; the UI shows the "
            "newest round."
        ),
        tags={"survey": survey, "question": question.code},
    )
    def _figure(data_dir: DataDir, option_counts: pd.DataFrame) -> dg.MaterializeResult:
        tables = AnalystTables(option_counts=option_counts)
        store = figure_store(data_dir)
        saved = [
            store.save(key, tables) for key in catalog.question_keys(tables, survey, question.code)
        ]
        return dg.MaterializeResult(
            metadata=figure_metadata(saved, f"No {name} round has been processed yet.")
        )

    return _figure


def comparison_figure_asset(survey: str, question: Question) -> dg.AssetsDefinition:
    """The round-comparison asset of one question: every round against the one before it."""
    name = survey_name(survey)

    @dg.asset(
        name=asset_name(survey, question.code, "change"),
        group_name=GROUP,
        kinds=FIGURE_KINDS,
        automation_condition=CROSS_ROUND_REFRESH,
        description=(
            f"How the answers to {name} {question.code} changed from one round to the next: per "
            "option and strand, the share of respondents in the earlier round (hollow) and the "
            "later round (filled), with the counts. One figure per round that has an earlier "
            f"round; files warehouse/figures/{survey}/<round>/{question.code}-change-from-"
            "<earlier round>.png and .svg."
        ),
        tags={"survey": survey, "question": question.code},
    )
    def _figure(
        data_dir: DataDir, option_counts: pd.DataFrame, round_comparison: pd.DataFrame
    ) -> dg.MaterializeResult:
        tables = AnalystTables(option_counts=option_counts, round_comparison=round_comparison)
        store = figure_store(data_dir)
        saved = [
            store.save(key, tables)
            for key in catalog.comparison_keys(tables, survey, question.code)
        ]
        return dg.MaterializeResult(
            metadata=figure_metadata(
                saved, f"{name} {question.code} has been asked in one round only so far."
            )
        )

    return _figure


question_figures = [
    question_figure_asset(survey, question)
    for survey in SURVEYS
    for question in load_codebook(survey).multiple_choice_questions
]
comparison_figures = [
    comparison_figure_asset(survey, question)
    for survey in SURVEYS
    for question in load_codebook(survey).multiple_choice_questions
]


@dg.asset(group_name=GROUP, kinds=FIGURE_KINDS, automation_condition=CROSS_ROUND_REFRESH)
def figure_agreements_by_round(
    data_dir: DataDir, agreements_by_round: pd.DataFrame, cooperation_agreements: pd.DataFrame
) -> dg.MaterializeResult:
    """Table 1 as a chart: cooperation agreements per partnership, one bar per round.

    One figure per survey (``warehouse/figures/<survey>/agreements.png`` and ``.svg``), partnerships
    sorted by their latest count, strand in the label, round totals in the title; a dash marks a
    round in which the partnership stated no number.
    """
    tables = AnalystTables(
        agreements_by_round=agreements_by_round, cooperation_agreements=cooperation_agreements
    )
    store = figure_store(data_dir)
    saved = [store.save(key, tables) for key in catalog.agreements_keys(tables)]
    return dg.MaterializeResult(
        metadata=figure_metadata(saved, "No partnership has stated a number of agreements yet.")
    )


@dg.asset(group_name=GROUP, kinds=FIGURE_KINDS, automation_condition=CROSS_ROUND_REFRESH)
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


@dg.asset(group_name=GROUP, kinds=FIGURE_KINDS, automation_condition=CROSS_ROUND_REFRESH)
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
    """The keys of every figure asset of this module (the report reads their files)."""
    names = [
        asset_name(survey, question.code, suffix)
        for suffix in ("", "change")
        for survey in SURVEYS
        for question in load_codebook(survey).multiple_choice_questions
    ]
    names += [
        "figure_agreements_by_round",
        "figure_collaboration_network",
        "figure_target_countries",
        "figure_target_countries_map",
    ]
    return [dg.AssetKey(name) for name in names]
