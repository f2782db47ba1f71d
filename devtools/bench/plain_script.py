"""The demo build's fair yardstick: the pipeline's outputs from the same drops, without Dagster.

A plain script calls the project's pure functions in one process, round after round, with the
arguments the assets give them, and writes what a build writes, in the same layout under
``<out>/warehouse/``: each round's own questionnaire (``questionnaires/<survey>/<round>.yaml``,
chosen as the ``questionnaire`` asset chooses it: the round's ``.lss``, else an earlier one, else
the shipped codebook), the core tables, all 13 analyst tables (Parquet; the rounds of each table in
the order the warehouse keeps them), every figure in PNG and SVG (as the figure assets draw them),
the HTML report, the Word document and the Excel workbook. What it leaves out is what the pipeline
adds: Dagster (runs, steps, events, IO managers), the pandera and Great Expectations checks, and
asset metadata. The demo-build ratio therefore measures what orchestration and validation cost.

Where the pipeline names its Dagster run (``round_sources.run_id``, the report's footer, the
workbook's ``sources`` sheet), this script writes ``PLAIN_RUN_ID``; ``round_sources.built_at`` is
the time of this run.

Usage: ``python -m devtools.bench.plain_script DATA_DIR OUT_DIR`` (the drops are read from
``DATA_DIR/incoming``, as the build reads them).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from escp_pipeline.analysis import (
    agreements,
    claims,
    collaborations,
    comparisons,
    countries,
    partnership_rounds,
)
from escp_pipeline.analysis.claim_evaluation import ClaimTables
from escp_pipeline.analysis.free_text import free_text_answers
from escp_pipeline.analysis.option_counts import option_counts
from escp_pipeline.analysis.provenance import Questionnaire, display_path, round_source
from escp_pipeline.analysis.questionnaire_rounds import changes_since_previous_round, codebook_yaml
from escp_pipeline.analysis.respondents import respondents_table
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.drops import SurveyRound, list_drops, round_sort_key
from escp_pipeline.contract.export_reader import read_export
from escp_pipeline.contract.registry import PartnershipRegistry, load_registry
from escp_pipeline.contract.round_questionnaire import questionnaire_for_round
from escp_pipeline.publish import catalog
from escp_pipeline.publish.catalog import FigureKey
from escp_pipeline.publish.data import AnalystTables, questionnaires_by_round
from escp_pipeline.storage.warehouse import ROUND_COLUMNS
from escp_pipeline.validation.clean import build_core_table
from escp_pipeline.validation.contact_answers import contact_answer_questions

#: the analyst tables computed per round (the round-partitioned assets), joined over every round.
ROUND_TABLES = (
    "respondents",
    "option_counts",
    "cooperation_agreements",
    "escp_collaborations",
    "country_mentions",
    "free_text_answers",
    "partnership_rounds",
    "partnership_selections",
    "round_sources",
    "questionnaire_changes",
)
#: the analyst tables computed from every round at once (the cross-round assets).
CROSS_ROUND_TABLES = ("agreements_by_round", "round_comparison", "report_claims")
#: what the plain script writes where the pipeline names its Dagster run.
PLAIN_RUN_ID = "plain-script"
#: the warehouse's folders and files, as the pipeline's resources and assets name them
#: (``storage/resources.py DataDir``, ``defs/ingest/questionnaire_io.py``,
#: ``defs/publish/report.py``).
QUESTIONNAIRES_FOLDER = "questionnaires"
REPORT_FILE = "escp-progress-report.html"
DOCX_FILE = "escp-progress-report.docx"
WORKBOOK_FILE = "escp-analyst-tables.xlsx"


@dataclass
class PlainBuild:
    """What the plain script computed: analyst tables, core tables per survey, questionnaires."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    cores: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: partition key (``survey/round``) -> the round's own questionnaire
    questionnaires: dict[str, Codebook] = field(default_factory=dict)


def _in_warehouse_order(table: pd.DataFrame) -> pd.DataFrame:
    """Rows by survey and round, each round's rows as computed (``warehouse.write_round_rows``)."""
    return table.sort_values(list(ROUND_COLUMNS), kind="stable").reset_index(drop=True)


def round_tables(
    incoming: Path,
    key: str,
    export_path: Path,
    rounds_of_survey: list[str],
    registry: PartnershipRegistry,
    built_at: datetime,
) -> tuple[Codebook, pd.DataFrame, dict[str, pd.DataFrame]]:
    """One round as its assets compute it: (questionnaire, core table, round analyst tables)."""
    survey_round = SurveyRound.from_partition_key(key)
    survey, round_ = survey_round.survey, survey_round.round
    survey_dir = incoming / survey
    codebook = questionnaire_for_round(survey_dir, round_).codebook
    export = read_export(export_path, codebook)
    core = build_core_table(export, codebook, registry, survey_round).responses
    _, changes = changes_since_previous_round(survey_dir, round_, rounds_of_survey, codebook)
    tables = {
        "respondents": respondents_table(core),
        "option_counts": option_counts(core, codebook),
        "cooperation_agreements": agreements.cooperation_agreements(core, codebook),
        "escp_collaborations": collaborations.escp_collaborations(core, codebook, registry),
        "country_mentions": countries.country_mentions(core, codebook),
        "free_text_answers": free_text_answers(core, codebook),
        "partnership_rounds": partnership_rounds.partnership_rounds(
            core, codebook, registry, survey, round_
        ),
        "partnership_selections": partnership_rounds.partnership_selections(core, codebook),
        "round_sources": round_source(
            survey=survey,
            round_=round_,
            file=display_path(export.source.path, incoming),
            sha256=export.source.sha256,
            size_bytes=export.source.size_bytes,
            core=core,
            questionnaire=Questionnaire.of_round(survey_dir, round_, incoming),
            run_id=PLAIN_RUN_ID,
            built_at=built_at,
            withheld=contact_answer_questions(core, codebook),
        ),
        "questionnaire_changes": changes,
    }
    return codebook, core, tables


def analyst_tables(data_dir: Path) -> PlainBuild:
    """Read, clean and count every round in ``data_dir/incoming``, then the cross-round tables."""
    incoming = data_dir / "incoming"
    drops, _ = list_drops(incoming)
    registry = load_registry()
    built_at = datetime.now(UTC)
    by_key = {key: SurveyRound.from_partition_key(key) for key in drops}
    ordered = sorted(drops, key=lambda key: (by_key[key].survey, round_sort_key(by_key[key].round)))
    build = PlainBuild()
    per_round: dict[str, list[pd.DataFrame]] = {name: [] for name in ROUND_TABLES}
    cores: dict[str, list[pd.DataFrame]] = {}
    for key in ordered:
        survey = by_key[key].survey
        rounds_of_survey = [r.round for r in by_key.values() if r.survey == survey]
        codebook, core, tables = round_tables(
            incoming, key, drops[key].path, rounds_of_survey, registry, built_at
        )
        build.questionnaires[key] = codebook
        cores.setdefault(survey, []).append(core)
        for name, table in tables.items():
            per_round[name].append(table)
    build.tables = {
        name: _in_warehouse_order(pd.concat(frames, ignore_index=True))
        for name, frames in per_round.items()
    }
    build.cores = {
        survey: _in_warehouse_order(pd.concat(frames, ignore_index=True))
        for survey, frames in sorted(cores.items())
    }
    # a cross-round asset loads core_responses of every survey, one after the other by name
    every_core = pd.concat(build.cores.values(), ignore_index=True)
    tables = build.tables
    tables["agreements_by_round"] = agreements.agreements_by_round(tables["cooperation_agreements"])
    tables["round_comparison"] = comparisons.round_comparison(
        tables["option_counts"], every_core, tables["questionnaire_changes"]
    )
    tables["report_claims"] = claims.report_claims(
        claims.load_report_facts(None),
        ClaimTables(
            option_counts=tables["option_counts"],
            cooperation_agreements=tables["cooperation_agreements"],
            escp_collaborations=tables["escp_collaborations"],
            country_mentions=tables["country_mentions"],
            core_responses=every_core,
        ),
    )
    return build


def _refresh_part(root: Path, tables: AnalystTables, keys: list[FigureKey]) -> int:
    """Bring the files of ``keys`` up to date (in a worker process); the number drawn."""
    from escp_pipeline.publish.figure_refresh import refresh

    return sum(outcome.drawn for outcome in refresh(catalog.FigureStore(root), tables, keys))


def write_figures(
    warehouse: Path,
    tables: dict[str, pd.DataFrame],
    questionnaires: dict[str, Codebook],
    jobs: int = 1,
) -> int:
    """Every figure, as the figure assets draw them from the same tables; the number drawn.

    ``jobs`` > 1 draws the question figures in that many processes: only for setting up a
    benchmark's many rounds (untimed), never for the timed baseline, which draws in one process as
    the pipeline does.
    """
    from concurrent.futures import ProcessPoolExecutor

    from escp_pipeline.publish.figure_refresh import question_figure_catalogue

    store = catalog.FigureStore(warehouse / "figures")
    question_tables = AnalystTables(
        option_counts=tables["option_counts"],
        round_comparison=tables["round_comparison"],
        questionnaires=questionnaires_by_round(questionnaires),
    )
    keys = question_figure_catalogue(question_tables)
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            parts = [keys[index::jobs] for index in range(jobs)]
            drawn = sum(
                pool.map(_refresh_part, [store.root] * jobs, [question_tables] * jobs, parts)
            )
    else:
        drawn = _refresh_part(store.root, question_tables, keys)
    agreement_tables = AnalystTables(
        agreements_by_round=tables["agreements_by_round"],
        cooperation_agreements=tables["cooperation_agreements"],
    )
    network_tables = AnalystTables(
        escp_collaborations=tables["escp_collaborations"], respondents=tables["respondents"]
    )
    country_tables = AnalystTables(
        country_mentions=tables["country_mentions"], respondents=tables["respondents"]
    )
    for keys, figure_tables in (
        (catalog.agreements_keys(agreement_tables), agreement_tables),
        (catalog.network_keys(network_tables), network_tables),
        (catalog.countries_keys(country_tables), country_tables),
        (catalog.country_map_keys(country_tables), country_tables),
    ):
        drawn += sum(store.save(key, figure_tables).drawn for key in keys)
    return drawn


def write_publications(
    warehouse: Path, tables: dict[str, pd.DataFrame], questionnaires: dict[str, Codebook]
) -> None:
    """The progress report (HTML and Word, built once) and the workbook, as their assets do."""
    from escp_pipeline.publish.render_docx import write_docx
    from escp_pipeline.publish.report import build_report
    from escp_pipeline.publish.report_model import write_report
    from escp_pipeline.publish.workbook import workbook_sheets, write_workbook

    # every table the report reads (the progress_report asset's inputs), and the questionnaires
    report_tables = AnalystTables(
        **{f.name: tables[f.name] for f in fields(AnalystTables) if f.name in tables},
        questionnaires=questionnaires_by_round(questionnaires),
    )
    store = catalog.FigureStore(warehouse / "figures")
    report = build_report(report_tables, store.png_for, run_id=PLAIN_RUN_ID)
    write_report(report, warehouse / "report" / REPORT_FILE)
    write_docx(report, warehouse / "report" / DOCX_FILE)
    write_workbook(workbook_sheets(tables, PLAIN_RUN_ID), warehouse / "report" / WORKBOOK_FILE)


def build_plain(data_dir: Path, out: Path, jobs: int = 1) -> dict[str, int]:
    """Write every output of a build of ``data_dir``'s drops under ``out/warehouse``.

    ``jobs``: processes drawing the question figures (``write_figures``); 1 for the baseline.
    """
    warehouse = out / "warehouse"
    build = analyst_tables(data_dir)
    for key, codebook in build.questionnaires.items():
        survey_round = SurveyRound.from_partition_key(key)
        folder = warehouse / QUESTIONNAIRES_FOLDER / survey_round.survey
        path = folder / f"{survey_round.round}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(codebook_yaml(codebook), encoding="utf-8")
    (warehouse / "tables").mkdir(parents=True, exist_ok=True)
    for name, table in build.tables.items():
        table.to_parquet(warehouse / "tables" / f"{name}.parquet", index=False)
    (warehouse / "core" / "core_responses").mkdir(parents=True, exist_ok=True)
    for survey, core in build.cores.items():
        core.to_parquet(warehouse / "core" / "core_responses" / f"{survey}.parquet", index=False)
    drawn = write_figures(warehouse, build.tables, build.questionnaires, jobs)
    write_publications(warehouse, build.tables, build.questionnaires)
    return {"figures_drawn": drawn, "tables": len(build.tables)}


def main(argv: list[str] | None = None) -> None:
    """Build the outputs of the drops of DATA_DIR into OUT_DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="the data dir whose incoming/ holds the drops")
    parser.add_argument("out", type=Path, help="where to write warehouse/")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="processes drawing the question figures (default 1: the timed baseline; more only "
        "to set up many rounds)",
    )
    args = parser.parse_args(argv)
    build_plain(args.data_dir, args.out, args.jobs)


if __name__ == "__main__":
    main()
