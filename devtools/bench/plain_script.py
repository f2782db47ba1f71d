"""The demo build's fair yardstick: the pipeline's outputs from the same drops, without Dagster.

A plain script calls the project's pure functions in one process, round after round, and writes what
a build writes, in the same layout under ``<out>/warehouse/``: the core tables, every analyst table
(Parquet), every figure in PNG and SVG (``publish.catalog``, as the figure assets draw them), the
HTML report and the Excel workbook. What it leaves out is what the pipeline adds: Dagster (runs,
steps, events, IO managers), the pandera and Great Expectations checks, and asset metadata. The
demo-build ratio therefore measures what orchestration and validation cost.

Usage: ``python -m devtools.bench.plain_script DATA_DIR OUT_DIR`` (the drops are read from
``DATA_DIR/incoming``, as the build reads them).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from escp_pipeline.analysis import agreements, claims, collaborations, comparisons, countries
from escp_pipeline.analysis.option_counts import option_counts
from escp_pipeline.analysis.respondents import respondents_table
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.drops import SurveyRound, list_drops, round_sort_key
from escp_pipeline.contract.export_reader import read_export
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.validation.clean import build_core_table

#: the analyst tables computed per round, then joined over every round.
ROUND_TABLES = (
    "respondents",
    "option_counts",
    "cooperation_agreements",
    "escp_collaborations",
    "country_mentions",
)
REPORT_FILE = "escp-progress-report.html"
WORKBOOK_FILE = "escp-analyst-tables.xlsx"


def analyst_tables(data_dir: Path) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """Read, clean and count every round in ``data_dir/incoming``: (analyst tables, core tables)."""
    drops, _ = list_drops(data_dir / "incoming")
    registry = load_registry()
    per_round: dict[str, list[pd.DataFrame]] = {name: [] for name in ROUND_TABLES}
    cores: dict[str, list[pd.DataFrame]] = {}
    ordered = sorted(
        drops,
        key=lambda key: (
            SurveyRound.from_partition_key(key).survey,
            round_sort_key(SurveyRound.from_partition_key(key).round),
        ),
    )
    for key in ordered:
        survey_round = SurveyRound.from_partition_key(key)
        codebook = load_codebook(survey_round.survey)
        export = read_export(drops[key].path, codebook)
        core = build_core_table(export, codebook, registry, survey_round).responses
        cores.setdefault(survey_round.survey, []).append(core)
        per_round["respondents"].append(respondents_table(core))
        per_round["option_counts"].append(option_counts(core, codebook))
        per_round["cooperation_agreements"].append(
            agreements.cooperation_agreements(core, codebook)
        )
        per_round["escp_collaborations"].append(
            collaborations.escp_collaborations(core, codebook, registry)
        )
        per_round["country_mentions"].append(countries.country_mentions(core, codebook))
    tables = {name: pd.concat(frames, ignore_index=True) for name, frames in per_round.items()}
    tables["agreements_by_round"] = agreements.agreements_by_round(tables["cooperation_agreements"])
    core_tables = {survey: pd.concat(frames, ignore_index=True) for survey, frames in cores.items()}
    every_core = pd.concat(core_tables.values(), ignore_index=True)
    tables["round_comparison"] = comparisons.round_comparison(tables["option_counts"], every_core)
    tables["report_claims"] = claims.report_claims(
        claims.load_report_facts(None),
        claims.ClaimTables(
            option_counts=tables["option_counts"],
            cooperation_agreements=tables["cooperation_agreements"],
            escp_collaborations=tables["escp_collaborations"],
            country_mentions=tables["country_mentions"],
            core_responses=every_core,
        ),
    )
    return tables, core_tables


def build_plain(data_dir: Path, out: Path) -> dict[str, int]:
    """Write every output of a build of ``data_dir``'s drops under ``out/warehouse``."""
    from escp_pipeline.publish import catalog
    from escp_pipeline.publish.data import AnalystTables
    from escp_pipeline.publish.figure_refresh import question_figure_catalogue
    from escp_pipeline.publish.report import build_report
    from escp_pipeline.publish.report_model import write_report
    from escp_pipeline.publish.workbook import write_workbook

    warehouse = out / "warehouse"
    tables, core_tables = analyst_tables(data_dir)
    for name, table in tables.items():
        (warehouse / "tables").mkdir(parents=True, exist_ok=True)
        table.to_parquet(warehouse / "tables" / f"{name}.parquet", index=False)
    for survey, core in core_tables.items():
        (warehouse / "core" / "core_responses").mkdir(parents=True, exist_ok=True)
        core.to_parquet(warehouse / "core" / "core_responses" / f"{survey}.parquet", index=False)
    publish = AnalystTables(**tables)
    store = catalog.FigureStore(warehouse / "figures")
    keys = question_figure_catalogue(publish)
    keys += catalog.agreements_keys(publish)
    keys += catalog.network_keys(publish)
    keys += catalog.countries_keys(publish)
    keys += catalog.country_map_keys(publish)
    drawn = sum(store.save(key, publish).drawn for key in keys)
    report = build_report(publish, store.png_for)
    write_report(report, warehouse / "report" / REPORT_FILE)
    write_workbook(tables, warehouse / "report" / WORKBOOK_FILE)
    return {"figures": len(keys), "figures_drawn": drawn, "tables": len(tables)}


def main(argv: list[str] | None = None) -> None:
    """Build the outputs of the drops of DATA_DIR into OUT_DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="the data dir whose incoming/ holds the drops")
    parser.add_argument("out", type=Path, help="where to write warehouse/")
    args = parser.parse_args(argv)
    build_plain(args.data_dir, args.out)


if __name__ == "__main__":
    main()
