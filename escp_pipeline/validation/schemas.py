"""The pandera schema of a survey's core table: the catalogue's entry plus the codebook's columns.

``catalogue.tables.CORE_RESPONSES`` declares what every survey's core table shares (metadata, status
rules) and each survey's own rules; ``core_schema`` extends it with one typed column per codebook
column, generated from the codebook the way PUDL generates checks from its metadata. The schema is
strict: a column it does not know (for example a personal-data column that slipped through) fails
validation.

Import this module only inside functions: pandera takes about a second to import.
"""

from __future__ import annotations

import functools

import pandas as pd
import pandera.pandas as pa

from escp_pipeline.catalogue.derive import pandera_schema
from escp_pipeline.contract.codebook import Codebook, load_codebook


def _question_columns(codebook: Codebook) -> dict[str, pa.Column]:
    columns: dict[str, pa.Column] = {}
    for question in codebook.questions:
        if question.personal_data:
            continue
        for name in question.export_columns():
            is_checkbox = question.is_multiple_choice and not name.endswith(("comment]", "[other]"))
            if is_checkbox:
                columns[name] = pa.Column(bool, nullable=False)
            elif question.kind == "yes_no":
                columns[name] = pa.Column(pd.BooleanDtype(), nullable=True)
            elif question.kind == "numeric":
                checks = []
                if question.min is not None:
                    checks.append(pa.Check.ge(question.min))
                if question.max is not None:
                    checks.append(pa.Check.le(question.max))
                columns[name] = pa.Column(pd.Float64Dtype(), checks=checks, nullable=True)
            elif question.kind == "single_choice" and name == question.code:
                codes = [option.code for option in question.answers]
                if question.other:
                    codes.append("-oth-")
                columns[name] = pa.Column(str, pa.Check.isin(codes), nullable=True)
            else:
                columns[name] = pa.Column(str, nullable=True)
    return columns


@functools.cache
def core_schema(survey: str) -> pa.DataFrameSchema:
    """The full strict schema of a survey's core table with the shipped codebook's columns."""
    return core_schema_for(survey, load_codebook(survey))


def core_schema_for(survey: str, codebook: Codebook) -> pa.DataFrameSchema:
    """The full strict schema of one round's core table.

    The catalogue's columns plus the columns of the round's own questionnaire (``codebook``).
    """
    return core_base_schema(survey).add_columns(_question_columns(codebook))


def core_base_schema(survey: str) -> pa.DataFrameSchema:
    """The catalogue's part of a survey's core schema: the columns every round has."""
    return pandera_schema("core_responses", survey)
