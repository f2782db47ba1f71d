"""pandera schemas run as blocking asset checks, with failures shown as readable metadata.

Modelled on PUDL's ``asset_check_from_schema``: the schema is declared once
(``validation.schemas``) and
the check is generated from it. pandera is imported when a check runs, not when the code location
loads.
"""

from collections.abc import Callable

import dagster as dg
import pandas as pd

from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.defs.metadata import markdown_table
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline.defs.validate.assets import core_responses


def pandera_check_result(schema: object, frame: pd.DataFrame) -> dg.AssetCheckResult:
    """Validate ``frame`` against a pandera schema, lazily, and describe every failure.

    The metadata lists, per column and check, how many rows fail and the first failing values, so
    the
    UI says what is wrong without opening a log.
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
            metadata={
                "failures": dg.MetadataValue.md(markdown_table(summary)),
                "failing_checks": len(summary),
                "rows": len(frame),
            },
        )
    return dg.AssetCheckResult(passed=True, metadata={"rows": len(frame)})


def _core_schema(survey: str) -> object:
    from escp_pipeline.validation.schemas import core_schema

    return core_schema(survey)


def asset_check_from_schema(
    asset: dg.AssetsDefinition, schema_for_survey: Callable[[str], object], name: str
) -> dg.AssetChecksDefinition:
    """A blocking, partitioned asset check that validates one round against its survey's schema."""

    @dg.asset_check(
        asset=asset,
        name=name,
        blocking=True,
        partitions_def=survey_rounds,
        description=f"pandera: {asset.key.to_user_string()} matches its survey's schema "
        "(types, allowed codes, no unknown or personal-data columns, status rules).",
    )
    def _check(context: dg.AssetCheckExecutionContext, frame: pd.DataFrame) -> dg.AssetCheckResult:
        survey = SurveyRound.from_partition_key(context.partition_key).survey
        return pandera_check_result(schema_for_survey(survey), frame)

    return _check


core_responses_match_schema = asset_check_from_schema(
    core_responses, _core_schema, "core_responses_match_schema"
)
