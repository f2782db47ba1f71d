"""Small helpers that turn frames into Dagster metadata the UI shows well."""

import dagster as dg
import pandas as pd

_TYPE_NAMES = {"b": "bool", "i": "int", "u": "int", "f": "float", "M": "timestamp"}


def table_schema(frame: pd.DataFrame) -> dg.TableSchema:
    """The column schema of a frame, for ``dagster/column_schema``."""
    columns = []
    for name, dtype in frame.dtypes.items():
        kind = getattr(dtype, "kind", "O")
        type_name = (
            "string"
            if str(dtype) in ("str", "string", "object")
            else _TYPE_NAMES.get(kind, str(dtype))
        )
        if str(dtype) == "boolean":
            type_name = "bool"
        columns.append(dg.TableColumn(name=str(name), type=type_name))
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
