"""Small helpers that turn frames into Dagster metadata the UI shows well."""

import dagster as dg
import pandas as pd

_TYPE_NAMES = {"b": "bool", "i": "int", "u": "int", "f": "float", "M": "timestamp"}


def _type_name(dtype: object) -> str:
    if str(dtype) == "boolean":
        return "bool"
    if str(dtype) in ("str", "string", "object"):
        return "string"
    kind = getattr(dtype, "kind", "O")
    return _TYPE_NAMES.get(kind, str(dtype))


def table_schema(frame: pd.DataFrame, table: str | None = None) -> dg.TableSchema:
    """The column schema of a frame, for ``dagster/column_schema``.

    With ``table``, each column the catalogue knows gets its description and constraints (nullable,
    unique, allowed values); other columns (the core table's codebook columns) get their type only.
    """
    from escp_pipeline.catalogue.tables import TABLES

    fields = {f.name: f for f in TABLES[table].fields} if table is not None else {}
    columns = []
    for name, dtype in frame.dtypes.items():
        field = fields.get(str(name))
        if field is None:
            columns.append(dg.TableColumn(name=str(name), type=_type_name(dtype)))
            continue
        constraints = dg.TableColumnConstraints(
            nullable=field.nullable,
            unique=field.unique,
            other=[field.allowed] if field.allowed else [],
        )
        columns.append(
            dg.TableColumn(
                name=field.name,
                type=_type_name(dtype),
                description=field.description,
                constraints=constraints,
            )
        )
    return dg.TableSchema(columns=columns)


def markdown_table(frame: pd.DataFrame, max_rows: int = 30) -> str:
    """A markdown table of the first rows of a frame ('none' when empty)."""
    if frame.empty:
        return "none"
    shown = frame.head(max_rows).astype(object).where(frame.head(max_rows).notna(), "")
    header = "| " + " | ".join(str(c) for c in shown.columns) + " |"
    rule = "| " + " | ".join("---" for _ in shown.columns) + " |"
    rows = [
        "| " + " | ".join(str(v).replace("|", "\\|").replace("\n", " ") for v in row) + " |"
        for row in shown.itertuples(index=False)
    ]
    more = [f"\n… and {len(frame) - max_rows} more rows"] if len(frame) > max_rows else []
    return "\n".join([header, rule, *rows, *more])
