"""The table catalogue: its entries are consistent, and what is derived from it agrees with it."""

from __future__ import annotations

import pandas as pd
import pytest

from escp_pipeline.catalogue import docs
from escp_pipeline.catalogue.derive import empty_frame, pandera_schema
from escp_pipeline.catalogue.tables import ANALYST_TABLES, TABLES


@pytest.mark.parametrize("name", list(TABLES))
def test_every_entry_is_complete(name: str) -> None:
    table = TABLES[name]
    assert table.description and table.one_row_per
    assert set(table.primary_key) <= set(table.columns), "the key is made of the table's columns"
    assert len(set(table.columns)) == len(table.columns), "no column twice"
    assert all(f.description for f in table.fields)
    names = [rule.name for rule in table.all_rules]
    assert len(set(names)) == len(names), "rule names tell failures apart"


@pytest.mark.parametrize("name", ANALYST_TABLES)
def test_empty_frame_has_the_columns_and_passes_the_schema(name: str) -> None:
    frame = empty_frame(name)
    assert tuple(frame.columns) == TABLES[name].columns
    pandera_schema(name).validate(frame)


def test_schema_names_the_failed_value_check_and_rule() -> None:
    import pandera.errors

    frame = pd.DataFrame(
        {
            "survey": ["escp-4i", "escp-4i"],
            "round": ["2019-r2", "2019-r2"],
            "partnership": ["A", "A"],
            "strand": ["strand-3", "strand-1"],
            "agreements": [1, 2],
        }
    ).astype({"survey": "str", "round": "str", "partnership": "str", "strand": "str"})
    with pytest.raises(pandera.errors.SchemaErrors) as raised:
        pandera_schema("cooperation_agreements").validate(frame, lazy=True)
    checks = set(raised.value.failure_cases["check"].astype(str))
    assert "isin(['strand-1', 'strand-2'])" in checks
    assert "one number per partnership and round" in checks


def test_a_survey_variant_adds_its_rules() -> None:
    four_i = {c.name for c in pandera_schema("core_responses", "escp-4i").checks}
    s3 = pandera_schema("core_responses", "escp-s3")
    assert "every complete ESCP-4i answer states its strand" in four_i
    assert "every complete ESCP-4i answer states its strand" not in {c.name for c in s3.checks}
    assert [c.statistics for c in s3.columns["strand"].checks] == [{"allowed_values": []}]


def test_dagster_column_schema_carries_the_catalogue_descriptions() -> None:
    from escp_pipeline.defs.metadata import table_schema

    schema = table_schema(empty_frame("option_counts"), "option_counts")
    strand = next(c for c in schema.columns if c.name == "strand")
    assert strand.type == "string"
    assert strand.description == TABLES["option_counts"].field("strand").description
    assert "`all`" in strand.constraints.other[0]
    assert not strand.constraints.nullable


def test_committed_docs_are_what_the_catalogue_generates() -> None:
    catalogue = (docs.DOCS / "catalogue.md").read_text(encoding="utf-8")
    tables = (docs.DOCS / "tables.md").read_text(encoding="utf-8")
    hint = "run: python -m escp_pipeline.catalogue.docs"
    assert catalogue == docs.catalogue_markdown(), hint
    assert tables == docs.with_table_list(tables), hint
    assert docs.table_list() in tables
