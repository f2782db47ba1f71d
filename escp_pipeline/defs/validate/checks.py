"""How a pandera schema check reports: readable failures, the round's file, the quarantine.

The checks themselves are generated from the table catalogue, one per table asset, in
``defs/schema_checks.py``; this module turns a validation into an ``AssetCheckResult`` whose
description names the file, round, column, check, response ids and what to do. pandera is imported
when a check runs, not when the code location loads.
"""

import dagster as dg
import pandas as pd

from escp_pipeline.contract.drops import SurveyRound, list_drops
from escp_pipeline.defs.metadata import markdown_table
from escp_pipeline.storage.resources import DataDir

FIX_CORE = (
    "correct the answers in LimeSurvey and export the round again; if the questionnaire changed, "
    "put the round's survey structure export beside it as <round>.lss (Display/Export > Survey "
    "structure (.lss))"
)
FIX_TABLE = "the analysis broke the table's promise (OUTPUTS.md): report it as a bug with the round"


def pandera_check_result(
    schema: object, frame: pd.DataFrame, where: str | None = None, fix: str = FIX_CORE
) -> dg.AssetCheckResult:
    """Validate ``frame`` against a pandera schema, lazily, and describe every failure.

    The metadata lists, per column and check, how many rows fail and the first failing values, so
    the UI says what is wrong without opening a log; the description says it in a sentence: where
    (``where``, the file and round), which column and check, which response ids, and ``fix``.
    """
    import pandera.errors

    try:
        schema.validate(frame, lazy=True)  # type: ignore[attr-defined]
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        summary = (
            cases.assign(failure_case=cases["failure_case"].astype(str))
            .groupby(["column", "check"], dropna=False, sort=False)
            .agg(
                failing_rows=("failure_case", "size"),
                failing_values=("failure_case", lambda v: ", ".join(v.unique()[:5])),
            )
            .reset_index()
        )
        return dg.AssetCheckResult(
            passed=False,
            description=_describe_failures(cases, frame, where, fix),
            metadata={
                "failures": dg.MetadataValue.md(markdown_table(summary)),
                "failing_checks": len(summary),
                "rows": len(frame),
            },
        )
    return dg.AssetCheckResult(passed=True, metadata={"rows": len(frame)})


def _describe_failures(
    cases: pd.DataFrame, frame: pd.DataFrame, where: str | None, fix: str
) -> str:
    """One sentence per failing column and check, naming response ids where the table has them."""
    parts = []
    for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=False):
        rows = pd.to_numeric(group["index"], errors="coerce").dropna().astype(int)
        rows = rows[rows.isin(frame.index)]
        ids = (
            [str(i) for i in frame.loc[rows.unique()[:3], "response_id"]]
            if "response_id" in frame and len(rows)
            else []
        )
        values = ", ".join(group["failure_case"].astype(str).unique()[:3])
        at = f" at response id {', '.join(ids)}" if ids else ""
        name = "the table" if pd.isna(column) else f"column {column!r}"
        parts.append(f"{name} fails {check} for {len(group)} value(s) ({values}{at})")
        if len(parts) == 5:
            break
    return f"{where or 'the table'}: {'; '.join(parts)}. What to do: {fix}."


def round_and_file(context: dg.AssetCheckExecutionContext) -> str:
    """The round a check runs for and its current export file (``every round`` unpartitioned)."""
    if not context.has_partition_key:
        return "every round"
    key = context.partition_key
    drop = list_drops(context.resources.data_dir.incoming)[0].get(key)
    return f"{drop.path} ({key})" if drop is not None else key


def withdraw_round(
    data_dir: DataDir, asset_key: dg.AssetKey, survey_round: SurveyRound, frame: pd.DataFrame
) -> None:
    """Take a round that failed validation out of its survey's core table (quarantine).

    Dagster stores an asset's output before its checks run; a blocking check stops the round's own
    downstream assets, but cross-round assets read the core table of every round, so the failed
    round's rows must not stay there.
    """
    from escp_pipeline.storage.warehouse import write_round_rows

    path = data_dir.core / asset_key.path[-1] / f"{survey_round.survey}.parquet"
    if path.exists():
        write_round_rows(frame.iloc[0:0], path, [(survey_round.survey, survey_round.round)])


def withdrawn(
    context: dg.AssetCheckExecutionContext,
    asset_key: dg.AssetKey,
    survey_round: SurveyRound,
    frame: pd.DataFrame,
    result: dg.AssetCheckResult,
    failed: str,
) -> dg.AssetCheckResult:
    """Withdraw the round from the core table and say so in the failed result's metadata."""
    withdraw_round(context.resources.data_dir, asset_key, survey_round, frame)
    return result._replace(
        metadata={
            **result.metadata,
            "withdrawn": "this round's rows were taken out of the core table, so no "
            f"cross-round asset reads data that failed {failed}",
        }
    )
