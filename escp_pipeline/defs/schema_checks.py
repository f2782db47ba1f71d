"""One blocking pandera check per table asset, generated from the table catalogue in one loop.

PUDL's way (``asset_check_from_schema`` over every asset key): no check is declared by hand, so no
table can slip out of its check. A table the catalogue marks ``partitioned`` is checked one survey
round at a time, with its survey's variant of the schema; the others as a whole. The core table's
check also takes a failed round out of the shared core file (``withdraw_round``).
"""

from typing import Any

import dagster as dg
import pandas as pd

from escp_pipeline.catalogue.table import Table
from escp_pipeline.catalogue.tables import TABLES
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline.defs.validate.checks import (
    FIX_CORE,
    FIX_TABLE,
    pandera_check_result,
    round_and_file,
    withdrawn,
)


def check_name(table: str) -> str:
    """The schema check's name: ``<table>_match_schema``."""
    return f"{table}_match_schema"


def _schema(table: Table, survey: str | None) -> object:
    """The table's pandera schema (pandera is imported only when a check runs)."""
    if table.layer == "core":
        from escp_pipeline.validation.schemas import core_schema

        return core_schema(survey)
    from escp_pipeline.catalogue.derive import pandera_schema

    return pandera_schema(table.name, survey if table.per_survey else None)


def _description(table: Table) -> str:
    scope = "each round matches its survey's schema" if table.partitioned else "matches its schema"
    rules = "; ".join(rule.name for rule in table.all_rules)
    generated = f", plus {table.generated_columns}" if table.generated_columns else ""
    return (
        f"pandera: {table.name} {scope}: exactly the catalogue's columns{generated}, their types "
        f"and allowed values (escp_pipeline/catalogue/tables.py), and the rules: {rules}."
    )


def schema_check(table: Table) -> dg.AssetChecksDefinition:
    """The blocking schema check of one catalogue table."""
    key = dg.AssetKey(table.name)
    fix = FIX_CORE if table.layer == "core" else FIX_TABLE

    if not table.partitioned:

        @dg.asset_check(
            asset=key, name=check_name(table.name), blocking=True, description=_description(table)
        )
        def _whole(frame: pd.DataFrame) -> dg.AssetCheckResult:
            return pandera_check_result(
                _schema(table, None), frame, f"{table.name} (every round)", fix
            )

        return _whole

    if table.layer == "core":
        return _core_check(table, key)

    @dg.asset_check(**_per_round_check(table, key), description=_description(table))
    def _per_round(
        context: dg.AssetCheckExecutionContext, frame: pd.DataFrame
    ) -> dg.AssetCheckResult:
        survey_round = SurveyRound.from_partition_key(context.partition_key)
        result = pandera_check_result(
            _schema(table, survey_round.survey), frame, round_and_file(context), fix
        )
        return result

    return _per_round


def _per_round_check(table: Table, key: dg.AssetKey) -> dict[str, Any]:
    """What every per-round schema check is: blocking, one partition per survey round."""
    return {
        "asset": key,
        "name": check_name(table.name),
        "blocking": True,
        "partitions_def": survey_rounds,
        "required_resource_keys": {"data_dir"},
    }


def _core_check(table: Table, key: dg.AssetKey) -> dg.AssetChecksDefinition:
    """The core table's check, on the round's own questionnaire.

    The schema of the round's own questionnaire; a failed round is withdrawn from the shared core
    file.
    """

    @dg.asset_check(
        **_per_round_check(table, key),
        additional_ins={"questionnaire": dg.AssetIn(key=dg.AssetKey("questionnaire"))},
        description=_description(table).replace(
            "its survey's schema", "the schema of the round's own questionnaire"
        ),
    )
    def _core(
        context: dg.AssetCheckExecutionContext, frame: pd.DataFrame, questionnaire: Codebook
    ) -> dg.AssetCheckResult:
        # The survey's core file holds every round; columns only other rounds' questionnaires
        # have are empty in this round's rows and left out before validating.
        from escp_pipeline.validation.round_columns import round_rows
        from escp_pipeline.validation.schemas import core_base_schema, core_schema_for

        survey_round = SurveyRound.from_partition_key(context.partition_key)
        fixed = set(core_base_schema(survey_round.survey).columns)
        rows = round_rows(frame, questionnaire, fixed)
        schema = core_schema_for(survey_round.survey, questionnaire)
        result = pandera_check_result(schema, rows, round_and_file(context), FIX_CORE)
        if not result.passed:
            result = withdrawn(context, key, survey_round, frame, result, "validation")
        return result

    return _core


#: Every table's schema check, by table name.
SCHEMA_CHECKS: dict[str, dg.AssetChecksDefinition] = {
    name: schema_check(table) for name, table in TABLES.items()
}
#: The list the code location loads.
schema_checks: list[dg.AssetChecksDefinition] = list(SCHEMA_CHECKS.values())
