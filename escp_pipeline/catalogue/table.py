"""What a catalogue entry is: a ``Table`` (and a survey's own ``SurveyRules`` for it).

The entries themselves are in ``tables``; ``derive`` and ``docs`` turn them into schemas, empty
frames, Dagster column schemas and pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from escp_pipeline.catalogue import rules
from escp_pipeline.catalogue.fields import Field


@dataclass(frozen=True)
class SurveyRules:
    """What one survey adds to a table's rules: other allowed values, more rules."""

    isin: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    rules: tuple[rules.Rule, ...] = ()


@dataclass(frozen=True)
class Table:
    """One table: description, layer, partitioning, primary key, fields and rules.

    ``unique_rows`` names the rule that no two rows share the primary key (the sentence a failed
    check shows); ``ordered`` says the columns must come in the catalogue's order; ``per_survey``
    holds a survey's own rules; ``generated_columns`` says which further columns the schema adds
    (the core table's codebook columns).
    """

    name: str
    description: str
    one_row_per: str
    layer: Literal["core", "analyst"]
    partitioned: bool
    primary_key: tuple[str, ...]
    fields: tuple[Field, ...]
    unique_rows: str | None = None
    rules: tuple[rules.Rule, ...] = ()
    ordered: bool = True
    per_survey: Mapping[str, SurveyRules] = field(default_factory=dict)
    generated_columns: str = ""
    in_report: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names in order."""
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        """The field called ``name``."""
        return next(f for f in self.fields if f.name == name)

    @property
    def all_rules(self) -> tuple[rules.Rule, ...]:
        """The table-level rules, the primary key's uniqueness last."""
        if self.unique_rows is None:
            return self.rules
        return (*self.rules, rules.unique_rows(self.unique_rows, self.primary_key))
