"""The docs' table list and field reference, written from the catalogue.

``docs/catalogue.md`` is generated whole; ``docs/tables.md`` keeps its prose and has its table list
between two markers. Run ``python -m escp_pipeline.catalogue.docs`` after changing the catalogue; a
test fails while the committed files differ from what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from escp_pipeline.catalogue.table import Table
from escp_pipeline.catalogue.tables import TABLES

DOCS = Path(__file__).resolve().parents[2] / "docs"
START = "<!-- table list: generated from escp_pipeline/catalogue, do not edit -->"
END = "<!-- end of table list -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table_list(page: str = "catalogue.md") -> str:
    """A markdown table with one line per table: layer, partitioning, one row per, key."""
    lines = [
        "| table | layer | materialized | one row per | primary key |",
        "| --- | --- | --- | --- | --- |",
    ]
    for table in TABLES.values():
        lines.append(
            f"| [`{table.name}`]({page}#{table.name}) | {table.layer} | "
            f"{'per round' if table.partitioned else 'across rounds'} | "
            f"{_cell(table.one_row_per)} | {', '.join(f'`{k}`' for k in table.primary_key)} |"
        )
    return "\n".join(lines)


def _table_section(table: Table) -> str:
    lines = [
        f"## {table.name}",
        "",
        table.description,
        "",
        f"- layer: {table.layer}; materialized "
        f"{'one survey round at a time' if table.partitioned else 'across rounds'}",
        f"- one row per: {table.one_row_per}",
        f"- primary key: {', '.join(f'`{k}`' for k in table.primary_key)}",
        f"- schema check: `{table.name}_match_schema` (blocking)",
    ]
    if table.generated_columns:
        lines.append(f"- further columns: {table.generated_columns}")
    lines += [
        "",
        "| column | type | null | allowed | description |",
        "| --- | --- | --- | --- | --- |",
    ]
    for field in table.fields:
        lines.append(
            f"| `{field.name}` | {field.dtype} | {'yes' if field.nullable else 'no'} | "
            f"{_cell(field.allowed)} | {_cell(field.description)} |"
        )
    rules = [rule.name for rule in table.all_rules]
    for survey, own in table.per_survey.items():
        rules += [f"{survey}: {rule.name}" for rule in own.rules]
        rules += [
            f"{survey}: `{column}` allowed {', '.join(values) or 'nothing (always empty)'}"
            for column, values in own.isin.items()
        ]
    if rules:
        lines += ["", "Table rules:", "", *(f"- {rule}" for rule in rules)]
    return "\n".join(lines)


def catalogue_markdown() -> str:
    """The whole of ``docs/catalogue.md``."""
    head = (
        "# Table catalogue\n\n"
        "Generated from `escp_pipeline/catalogue/` by `python -m escp_pipeline.catalogue.docs`; "
        "do not edit. Every table the pipeline writes, its columns and the rules its blocking "
        "pandera check enforces. Analyst tables are Parquet files in "
        "`<data dir>/warehouse/tables/<name>.parquet`; the core table is "
        "`<data dir>/warehouse/core/core_responses/<survey>.parquet`.\n\n"
        f"{table_list(page='')}\n"
    )
    return head + "".join(f"\n{_table_section(t)}\n" for t in TABLES.values())


def with_table_list(text: str) -> str:
    """``text`` (docs/tables.md) with the generated table list between its markers."""
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    return f"{before}{START}\n{table_list()}\n{END}{after}"


def write(docs: Path = DOCS) -> list[Path]:
    """Write docs/catalogue.md and the table list of docs/tables.md; returns the files changed."""
    changed = []
    tables = docs / "tables.md"
    for path, text in (
        (docs / "catalogue.md", catalogue_markdown()),
        (tables, with_table_list(tables.read_text(encoding="utf-8"))),
    ):
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS):
        print(f"wrote {path}")
