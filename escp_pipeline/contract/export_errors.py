"""The reader's error: which file, row and column is wrong, and what to do about it.

What belongs here: ``ExportError`` (raised by every part of the export reader, and by ``headings``)
and the advice its messages share (``FIX_*``). What does not: deciding that a file is bad (the
reader's modules ``export_bytes``, ``export_header``, ``export_csv``, ``export_values``).
"""

from __future__ import annotations

from pathlib import Path

FIX_EXPORT_AGAIN = (
    "export the round again from LimeSurvey (Responses > Export: Headings 'Question code', "
    "Responses 'Answer codes', completion state 'All', all columns) and replace the file."
)
FIX_HEADINGS = "in LimeSurvey Responses > Export, set Headings to 'Question code' and export again."
FIX_ANSWER_CODES = (
    "in LimeSurvey Responses > Export, set Responses to 'Answer codes' and export again."
)


class ExportError(ValueError):
    """Bad export: names the file, the row and/or column, the problem and what to do.

    Attributes:
        file: The export file, as the caller named it.
        problem: What is wrong, in one sentence.
        fix: What to do about it.
        row: The row as a spreadsheet program numbers it (the header is row 1, the first response
            row 2), or None when the problem is not in one row.
        column: The column concerned, or None.
        response_id: The LimeSurvey ``id`` of the row concerned, when known.
    """

    def __init__(
        self,
        file: Path | str,
        problem: str,
        fix: str,
        *,
        row: int | None = None,
        column: str | None = None,
        response_id: str | None = None,
    ) -> None:
        self.file = file
        self.problem = problem
        self.fix = fix
        self.row = row
        self.column = column
        self.response_id = response_id
        super().__init__(self._message())

    def _message(self) -> str:
        where = [str(self.file)]
        if self.row is not None:
            id_part = f" (id {self.response_id})" if self.response_id is not None else ""
            where.append(f"row {self.row}{id_part}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        problem = self.problem if self.problem.endswith((".", "?", "!")) else f"{self.problem}."
        return f"{', '.join(where)}: {problem} What to do: {self.fix}"

    def __str__(self) -> str:
        return self._message()

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments do not survive the default exception pickling (multiprocess runs).
        return (
            _rebuild_export_error,
            (self.file, self.problem, self.fix, self.row, self.column, self.response_id),
        )


def _rebuild_export_error(
    file: Path | str,
    problem: str,
    fix: str,
    row: int | None,
    column: str | None,
    response_id: str | None,
) -> ExportError:
    return ExportError(file, problem, fix, row=row, column=column, response_id=response_id)
