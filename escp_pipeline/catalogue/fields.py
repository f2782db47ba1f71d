"""The columns of the project's tables: one ``Field`` per column name, shared by every table.

A column that several tables share (``survey``, ``round``, ``strand``, ``share``...) is declared
here once, with its type, meaning and allowed values; a table that gives it another meaning or rule
says so with ``FIELDS[name].but(...)`` in ``tables``. Types are pandas dtype names: ``str``,
``int64`` and ``Int64`` (nullable), ``float64``, ``bool`` and ``boolean`` (nullable), ``datetime``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from escp_pipeline.catalogue import vocabularies as vocab

DTYPES: tuple[str, ...] = ("str", "int64", "Int64", "float64", "bool", "boolean", "datetime")


@dataclass(frozen=True)
class Field:
    """One column: type, meaning, and the value checks its schema derives.

    ``isin`` lists the allowed values (``codes`` names a lazily loaded list instead, such as the ISO
    country codes), ``pattern`` a regular expression every value matches, ``ge``/``gt``/``le``
    bounds, ``min_length`` the shortest text; ``element_checks`` name extra value checks of
    ``rules.COLUMN_RULES``.
    """

    name: str
    dtype: str
    description: str
    nullable: bool = False
    unique: bool = False
    isin: tuple[str, ...] | None = None
    pattern: str | None = None
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    min_length: int | None = None
    element_checks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise ValueError(f"field {self.name!r}: dtype {self.dtype!r} is not one of {DTYPES}")

    def but(self, **changes: Any) -> Field:
        """This field with some attributes changed (a table's own description or rule)."""
        return dataclasses.replace(self, **changes)

    @property
    def allowed(self) -> str:
        """The value rule in words, for the docs: ``(strand-1, strand-2, all)``, ``>= 0``."""
        parts = []
        if self.isin is not None:
            parts.append(", ".join(f"`{v}`" for v in self.isin) or "always empty")
        if self.pattern is not None:
            parts.append(f"matches `{self.pattern}`")
        for sign, bound in ((">=", self.ge), (">", self.gt), ("<=", self.le)):
            if bound is not None:
                parts.append(f"{sign} {bound:g}")
        if self.min_length is not None:
            parts.append("not empty")
        if self.unique:
            parts.append("unique")
        return "; ".join(parts)


def _fields(*fields: Field) -> dict[str, Field]:
    return {field.name: field for field in fields}


SHARE_RANGE = {"ge": 0, "le": 1}

FIELDS: dict[str, Field] = _fields(
    Field("survey", "str", "Survey code.", pattern=vocab.SURVEY_NAME_PATTERN),
    Field("round", "str", "Survey round, `<year>-r<n>`.", pattern=vocab.ROUND_PATTERN),
    Field(
        "previous_round",
        "str",
        "The survey's latest earlier round.",
        pattern=vocab.ROUND_PATTERN,
    ),
    Field("response_id", "int64", "LimeSurvey response `id`.", gt=0),
    Field(
        "partnership_code",
        "str",
        "Code of the partnership question's answer.",
        pattern=vocab.PARTNERSHIP_CODE_PATTERN,
    ),
    Field("partnership", "str", "Canonical partnership name of the registry."),
    Field(
        "strand",
        "str",
        "Strand of the answer (empty in ESCP-S3 or where unknown).",
        nullable=True,
        isin=vocab.STRANDS,
    ),
    Field("question", "str", "Question code of the codebook (`B1`)."),
    Field("option", "str", "Subquestion code (`SQ009`) or `other`."),
    Field("label", "str", "The option's text in the round's questionnaire."),
    Field("respondents", "int64", "Complete answers in the strand.", ge=0),
    Field("selected", "int64", "How many of them chose the option.", ge=0),
    Field(
        "share",
        "float64",
        "`selected / respondents`; empty without respondents.",
        nullable=True,
        **SHARE_RANGE,
    ),
    Field(
        "share_low",
        "float64",
        "Lower bound of the share's Wilson score interval.",
        nullable=True,
        **SHARE_RANGE,
    ),
    Field(
        "share_high",
        "float64",
        "Upper bound of the share's Wilson score interval.",
        nullable=True,
        **SHARE_RANGE,
    ),
    Field("agreements", "int64", "Cooperation agreements or MoUs stated (`D3`).", ge=0),
    Field("text", "str", "The text as written (trimmed)."),
    Field("status", "str", "Status of the response.", isin=vocab.RESPONSE_STATUSES),
    Field(
        "submitted_at",
        "datetime",
        "Submit date; empty when incomplete or anonymised.",
        nullable=True,
    ),
    Field("source", "str", "Where the row comes from."),
)
