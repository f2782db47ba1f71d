"""``report_claims``: the report's published numbers checked against the analyst tables."""

from pathlib import Path

import dagster as dg
import pandas as pd
from pydantic import Field

from escp_pipeline.analysis import claims
from escp_pipeline.analysis.claim_evaluation import ClaimTables
from escp_pipeline.defs.analyse.common import table_metadata
from escp_pipeline.defs.metadata import markdown_table
from escp_pipeline.defs.table_assets import table_asset


class ReportClaimsConfig(dg.Config):
    """Which facts file to check; the default is the project's copy of the seed report's facts."""

    facts_file: str = Field(
        default="",
        description="Path of a report-facts YAML file; empty: "
        "escp_pipeline/contract/reference/report-facts.yaml",
    )


def _claims_markdown(table: pd.DataFrame) -> str:
    shown = table.assign(
        reproduced=table["reproduced"]
        .map({True: "✓", False: "✗"})
        .where(table["applicable"], "n/a"),
        conflict=table["conflict"].fillna(""),
    ).loc[:, ["id", "reproduced", "expected", "actual", "conflict"]]
    return markdown_table(shown, max_rows=len(shown) or 1)


@table_asset()
def report_claims(
    config: ReportClaimsConfig,
    option_counts: pd.DataFrame,
    cooperation_agreements: pd.DataFrame,
    escp_collaborations: pd.DataFrame,
    country_mentions: pd.DataFrame,
    core_responses: pd.DataFrame,
) -> dg.Output[pd.DataFrame]:
    """Every number the report states about its survey data, and whether the data reproduces it.

    Reads the facts file (``contract/reference/report-facts.yaml``) claim by claim: option counts,
    shares and ranks, "every respondent selected one of", agreements per partnership (Table 1),
    collaborations and reciprocal pairs (Table 2), country mentions, improvement between rounds, and
    the complete answers per round. Per claim the table shows the expected and actual figures
    (mismatches marked ✗) and the report's own conflict note where it contradicts itself: such a
    claim may be impossible to reproduce in full, and the note says why. A claim about a round that
    has not been processed is not applicable (``applicable`` false, counted in ``not_applicable``).
    The check ``report_claims_reproduced`` fails when an applicable claim fails without such a note.
    """
    facts = claims.load_report_facts(Path(config.facts_file) if config.facts_file else None)
    tables = ClaimTables(
        option_counts=option_counts,
        cooperation_agreements=cooperation_agreements,
        escp_collaborations=escp_collaborations,
        country_mentions=country_mentions,
        core_responses=core_responses,
    )
    table = claims.report_claims(facts, tables)
    unexplained = claims.unexplained_failures(table)
    return dg.Output(
        table,
        metadata=table_metadata(
            "report_claims",
            table,
            _claims_markdown(table),
            claims=len(table),
            reproduced=int(table["reproduced"].sum()),
            failing_with_conflict_note=int(
                (table["applicable"] & ~table["reproduced"] & table["conflict"].notna()).sum()
            ),
            failing_unexplained=len(unexplained),
            not_applicable=int((~table["applicable"]).sum()),
        ),
    )


@dg.asset_check(
    asset=report_claims,
    description="Every claim of the report about a processed round is reproduced by the data, or "
    "its conflict note says why it cannot be; claims about other rounds are not applicable.",
)
def report_claims_reproduced(report_claims: pd.DataFrame) -> dg.AssetCheckResult:
    """Fails when an applicable claim is not reproduced and has no conflict note explaining it.

    Claims about rounds that have not been processed are not applicable: counted, never failed.
    """
    unexplained = claims.unexplained_failures(report_claims)
    applicable = report_claims["applicable"]
    explained = report_claims[
        applicable & ~report_claims["reproduced"] & report_claims["conflict"].notna()
    ]
    return dg.AssetCheckResult(
        passed=unexplained.empty,
        metadata={
            "unexplained_failures": dg.MetadataValue.md(
                markdown_table(unexplained.loc[:, ["id", "expected", "actual"]])
            ),
            "explained_by_conflict_note": dg.MetadataValue.md(
                markdown_table(explained.loc[:, ["id", "actual", "conflict"]])
            ),
            "reproduced": int(report_claims["reproduced"].sum()),
            "not_applicable": int((~applicable).sum()),
            "claims": len(report_claims),
        },
    )
