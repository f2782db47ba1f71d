"""pandera schemas of the validated core tables, declared once and run as blocking asset checks.

``CoreResponses`` declares what every survey's core table shares (metadata, status rules); the
per-survey
models add the survey's own rules, and ``core_schema`` extends them with one typed column per
codebook
column, generated from the codebook the way PUDL generates checks from its metadata. The schema is
strict:
a column it does not know (for example a personal-data column that slipped through) fails
validation.

Import this module only inside functions: pandera takes about a second to import.
"""

from __future__ import annotations

import functools

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from escp_pipeline.contract.codebook import SURVEYS, Codebook, load_codebook
from escp_pipeline.validation.clean import STATUSES

ROUND_PATTERN = r"^\d{4}-r[1-9]\d*$"


class CoreResponses(pa.DataFrameModel):
    """One row per response of one survey round, typed, without personal data."""

    survey: Series[str] = pa.Field(isin=list(SURVEYS))
    round: Series[str] = pa.Field(str_matches=ROUND_PATTERN)
    response_id: Series[pd.Int64Dtype] = pa.Field(gt=0)
    status: Series[str] = pa.Field(isin=list(STATUSES))
    submitted_at: Series[pa.DateTime] = pa.Field(nullable=True)
    started_at: Series[pa.DateTime] = pa.Field(nullable=True)
    last_page: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    start_language: Series[str] = pa.Field(nullable=True)
    partnership_code: Series[str] = pa.Field(nullable=True, str_matches=r"^P\d{2,}$")
    partnership: Series[str] = pa.Field(nullable=True)
    strand: Series[str] = pa.Field(nullable=True, isin=["strand-1", "strand-2"])

    class Config:
        strict = True
        ordered = False
        coerce = False

    # ignore_na=False: pandera would otherwise test every row of the whole frame for being all
    # missing after each check (a full-frame ``isna`` per check: minutes at a million responses);
    # no row of a core table is all missing (survey, round, response_id and status are required).
    @pa.dataframe_check(ignore_na=False, name="response ids are unique within a round")
    def response_ids_unique_per_round(cls, frame: pd.DataFrame) -> pd.Series:
        return ~frame[["survey", "round", "response_id"]].duplicated(keep=False)

    @pa.dataframe_check(ignore_na=False, name="every complete answer names its partnership")
    def complete_answers_name_a_partnership(cls, frame: pd.DataFrame) -> pd.Series:
        return (frame["status"] == "incomplete") | frame["partnership_code"].notna()

    @pa.dataframe_check(
        ignore_na=False, name="at most one counted answer per partnership and round"
    )
    def one_counted_answer_per_partnership(cls, frame: pd.DataFrame) -> pd.Series:
        counted = frame["status"] == "complete"
        keys = frame.loc[counted, ["survey", "round", "partnership_code"]]
        duplicated = keys.duplicated(keep=False)
        return ~duplicated.reindex(frame.index, fill_value=False)

    @pa.dataframe_check(ignore_na=False, name="incomplete answers have no submit date")
    def incomplete_answers_have_no_submit_date(cls, frame: pd.DataFrame) -> pd.Series:
        return (frame["status"] != "incomplete") | frame["submitted_at"].isna()


class Escp4iResponses(CoreResponses):
    """ESCP-4i: every complete answer states its strand; agreements are counts."""

    @pa.dataframe_check(ignore_na=False, name="every complete ESCP-4i answer states its strand")
    def complete_answers_state_strand(cls, frame: pd.DataFrame) -> pd.Series:
        return (frame["status"] == "incomplete") | frame["strand"].notna()


class EscpS3Responses(CoreResponses):
    """ESCP-S3: the programme has no strands."""

    strand: Series[str] = pa.Field(nullable=True, isin=[])


MODELS: dict[str, type[CoreResponses]] = {"escp-4i": Escp4iResponses, "escp-s3": EscpS3Responses}


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
    """The full strict schema of one round's core table: model columns plus the columns of the
    round's own questionnaire (``codebook``)."""
    schema = MODELS[survey].to_schema()
    return schema.add_columns(_question_columns(codebook))
