"""pandera schemas of the analyst tables of OUTPUTS.md, run as asset checks in ``defs/analyse``.

Each schema states what OUTPUTS.md promises and nothing more: exactly the promised columns, in the
promised order, with their types, allowed codes and the arithmetic that ties columns together
(``share`` in [0, 1] and equal to ``selected / respondents``, ``selected <= respondents``). Data
expectations (for example, that a round has respondents) belong to the data-quality suites, not
here.

Import this module only inside functions: pandera takes about a second to import.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from escp_pipeline.contract.codebook import SURVEYS
from escp_pipeline.contract.questionnaire_diff import CHANGES as QUESTIONNAIRE_CHANGE_KINDS

ROUND_PATTERN = r"^\d{4}-r[1-9]\d*$"
#: a survey folder's name (``contract.round_questionnaire.SURVEY_NAME``): surveys the project does
#: not ship have questionnaires too
SURVEY_NAME_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
STRAND_VALUES = ["strand-1", "strand-2"]
COUNT_STRANDS = [*STRAND_VALUES, "all"]
SHARE_TOLERANCE = 1e-9


class _Table(pa.DataFrameModel):
    class Config:
        strict = True
        ordered = True
        coerce = False


class OptionCounts(_Table):
    """``option_counts``: survey x round x multiple-choice question x option x strand."""

    survey: Series[str] = pa.Field(isin=list(SURVEYS))
    round: Series[str] = pa.Field(str_matches=ROUND_PATTERN)
    question: Series[str]
    option: Series[str]
    label: Series[str]
    strand: Series[str] = pa.Field(isin=COUNT_STRANDS)
    respondents: Series[np.int64] = pa.Field(ge=0)
    selected: Series[np.int64] = pa.Field(ge=0)
    share: Series[np.float64] = pa.Field(ge=0, le=1, nullable=True)
    share_low: Series[np.float64] = pa.Field(ge=0, le=1, nullable=True)
    share_high: Series[np.float64] = pa.Field(ge=0, le=1, nullable=True)

    @pa.dataframe_check(name="selected <= respondents")
    def selected_at_most_respondents(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["selected"] <= frame["respondents"]

    @pa.dataframe_check(name="share = selected / respondents, NaN without respondents")
    def share_is_selected_over_respondents(cls, frame: pd.DataFrame) -> pd.Series:
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = frame["selected"] / frame["respondents"].where(frame["respondents"] > 0)
        same = (frame["share"] - expected).abs() <= SHARE_TOLERANCE
        return same | (expected.isna() & frame["share"].isna())

    @pa.dataframe_check(name="share_low <= share <= share_high, all NaN without respondents")
    def interval_holds_share(cls, frame: pd.DataFrame) -> pd.Series:
        inside = (frame["share_low"] <= frame["share"] + SHARE_TOLERANCE) & (
            frame["share"] <= frame["share_high"] + SHARE_TOLERANCE
        )
        missing = frame["share"].isna() & frame["share_low"].isna() & frame["share_high"].isna()
        return inside | missing

    @pa.dataframe_check(name="ESCP-S3 is counted for 'all' only")
    def s3_has_no_strands(cls, frame: pd.DataFrame) -> pd.Series:
        return (frame["survey"] != "escp-s3") | (frame["strand"] == "all")

    @pa.dataframe_check(name="one row per round, question, option and strand")
    def unique_rows(cls, frame: pd.DataFrame) -> pd.Series:
        keys = ["survey", "round", "question", "option", "strand"]
        return ~frame.duplicated(keys, keep=False)


class CooperationAgreements(_Table):
    """``cooperation_agreements``: complete answer that states a number of agreements."""

    survey: Series[str] = pa.Field(isin=list(SURVEYS))
    round: Series[str] = pa.Field(str_matches=ROUND_PATTERN)
    partnership: Series[str]
    strand: Series[str] = pa.Field(isin=STRAND_VALUES, nullable=True)
    agreements: Series[np.int64] = pa.Field(ge=0)

    @pa.dataframe_check(name="one number per partnership and round")
    def one_row_per_partnership(cls, frame: pd.DataFrame) -> pd.Series:
        return ~frame.duplicated(["survey", "round", "partnership"], keep=False)


class AgreementsByRound(_Table):
    """``agreements_by_round``: Table 1, survey x partnership x round, with the round total."""

    survey: Series[str] = pa.Field(isin=list(SURVEYS))
    partnership: Series[str]
    round: Series[str] = pa.Field(str_matches=ROUND_PATTERN)
    agreements: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    round_total: Series[np.int64] = pa.Field(ge=0)

    @pa.dataframe_check(name="round_total is the sum of the round's agreements")
    def totals_add_up(cls, frame: pd.DataFrame) -> pd.Series:
        sums = frame.groupby(["survey", "round"])["agreements"].transform("sum")
        return sums.astype("int64") == frame["round_total"]


class EscpCollaborations(_Table):
    """``escp_collaborations``: directed "we collaborate with" link."""

    survey: Series[str] = pa.Field(isin=list(SURVEYS))
    round: Series[str] = pa.Field(str_matches=ROUND_PATTERN)
    source: Series[str]
    target: Series[str]
    purpose: Series[str] = pa.Field(nullable=True)
    reciprocal: Series[bool]
    target_in_registry: Series[bool]

    @pa.dataframe_check(name="one link per source and target in a round")
    def unique_links(cls, frame: pd.DataFrame) -> pd.Series:
        return ~frame.duplicated(["survey", "round", "source", "target"], keep=False)

    @pa.dataframe_check(name="reciprocal means the target names the source in the same round")
    def reciprocal_is_mutual(cls, frame: pd.DataFrame) -> pd.Series:
        forward = pd.MultiIndex.from_frame(frame[["survey", "round", "source", "target"]])
        backward = pd.MultiIndex.from_arrays(
            [frame["survey"], frame["round"], frame["target"], frame["source"]]
        )
        return pd.Series(backward.isin(forward), index=frame.index) == frame["reciprocal"]


@functools.cache
def _alpha_2_codes() -> list[str]:
    import pycountry

    return sorted(country.alpha_2 for country in pycountry.countries)


class CountryMentions(_Table):
    """``country_mentions``: survey x round x question x country."""

    survey: Series[str] = pa.Field(isin=list(SURVEYS))
    round: Series[str] = pa.Field(str_matches=ROUND_PATTERN)
    question: Series[str]
    country: Series[str] = pa.Field(str_matches=r"^[A-Z]{2}$")
    mentions: Series[np.int64] = pa.Field(gt=0)

    @pa.check("country", name="an ISO 3166-1 alpha-2 code")
    def iso_alpha_2(cls, country: pd.Series) -> pd.Series:
        return country.isin(_alpha_2_codes())

    @pa.dataframe_check(name="one row per round, question and country")
    def unique_rows(cls, frame: pd.DataFrame) -> pd.Series:
        return ~frame.duplicated(["survey", "round", "question", "country"], keep=False)


class RoundComparison(_Table):
    """``round_comparison``: survey x question x option x strand x round with an earlier round."""

    survey: Series[str] = pa.Field(isin=list(SURVEYS))
    question: Series[str]
    option: Series[str]
    label: Series[str]
    strand: Series[str] = pa.Field(isin=COUNT_STRANDS)
    round: Series[str] = pa.Field(str_matches=ROUND_PATTERN)
    previous_round: Series[str] = pa.Field(str_matches=ROUND_PATTERN)
    selected: Series[np.int64] = pa.Field(ge=0)
    previous_selected: Series[np.int64] = pa.Field(ge=0)
    share: Series[np.float64] = pa.Field(ge=0, le=1, nullable=True)
    previous_share: Series[np.float64] = pa.Field(ge=0, le=1, nullable=True)
    share_change: Series[np.float64] = pa.Field(ge=-1, le=1, nullable=True)
    p_value: Series[np.float64] = pa.Field(ge=0, le=1, nullable=True)
    q_value: Series[np.float64] = pa.Field(ge=0, le=1, nullable=True)
    change_is_significant: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    paired_respondents: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    paired_p_value: Series[np.float64] = pa.Field(ge=0, le=1, nullable=True)

    @pa.dataframe_check(name="q_value >= p_value, both empty where no test could run")
    def q_at_least_p(cls, frame: pd.DataFrame) -> pd.Series:
        both_missing = frame["p_value"].isna() & frame["q_value"].isna()
        return both_missing | (frame["q_value"] >= frame["p_value"] - SHARE_TOLERANCE)

    @pa.dataframe_check(name="change_is_significant is q_value < the significance level")
    def significance_follows_q(cls, frame: pd.DataFrame) -> pd.Series:
        from escp_pipeline.analysis.statistics import SIGNIFICANCE_LEVEL

        expected = frame["q_value"] < SIGNIFICANCE_LEVEL
        flagged = frame["change_is_significant"]
        return (frame["q_value"].isna() & flagged.isna()) | (flagged.fillna(False) == expected)

    @pa.dataframe_check(name="paired_p_value exactly where paired_respondents is given")
    def paired_together(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["paired_respondents"].isna() == frame["paired_p_value"].isna()

    @pa.dataframe_check(name="share_change = share - previous_share")
    def change_is_difference(cls, frame: pd.DataFrame) -> pd.Series:
        expected = frame["share"] - frame["previous_share"]
        same = (frame["share_change"] - expected).abs() <= SHARE_TOLERANCE
        return same | (expected.isna() & frame["share_change"].isna())

    @pa.dataframe_check(name="previous_round is a different round")
    def previous_round_differs(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["previous_round"] != frame["round"]


class QuestionnaireChanges(_Table):
    """``questionnaire_changes``: one row per difference from the survey's previous round."""

    survey: Series[str] = pa.Field(str_matches=SURVEY_NAME_PATTERN)
    round: Series[str] = pa.Field(str_matches=ROUND_PATTERN)
    previous_round: Series[str] = pa.Field(str_matches=ROUND_PATTERN)
    question: Series[str] = pa.Field(str_length={"min_value": 1})
    option: Series[str]
    change: Series[str] = pa.Field(isin=list(QUESTIONNAIRE_CHANGE_KINDS))
    previous_text: Series[str]
    text: Series[str]

    @pa.dataframe_check(name="previous_round is a different round")
    def previous_round_differs(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["previous_round"] != frame["round"]

    @pa.dataframe_check(name="option is empty exactly for changes of the question itself")
    def option_matches_change(cls, frame: pd.DataFrame) -> pd.Series:
        return (frame["option"] == "") == frame["change"].str.startswith("question_")

    @pa.dataframe_check(name="one row per round, question, option and change")
    def unique_rows(cls, frame: pd.DataFrame) -> pd.Series:
        keys = ["survey", "round", "question", "option", "change"]
        return ~frame.duplicated(keys, keep=False)


class ReportClaims(_Table):
    """``report_claims``: one row per claim of the facts file."""

    id: Series[str] = pa.Field(unique=True)
    source: Series[str]
    kind: Series[str]
    text: Series[str]
    reproduced: Series[bool]
    applicable: Series[bool]
    expected: Series[str]
    actual: Series[str]
    conflict: Series[str] = pa.Field(nullable=True)


class PartnershipRounds(_Table):
    """``partnership_rounds``: partnership of the survey's programme x round."""

    survey: Series[str] = pa.Field(isin=list(SURVEYS))
    round: Series[str] = pa.Field(str_matches=ROUND_PATTERN)
    partnership_code: Series[str] = pa.Field(str_matches=r"^P\d{2,}$")
    partnership: Series[str]
    in_registry: Series[bool]
    in_questionnaire: Series[bool]
    registry_strand: Series[str] = pa.Field(isin=STRAND_VALUES, nullable=True)
    status: Series[str] = pa.Field(isin=["answered", "incomplete_only", "not_answered"])
    strand: Series[str] = pa.Field(isin=STRAND_VALUES, nullable=True)
    response_id: Series[pd.Int64Dtype] = pa.Field(gt=0, nullable=True)
    responses: Series[np.int64] = pa.Field(ge=0)
    agreements: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)

    @pa.dataframe_check(name="a counted response id exactly where the status is answered")
    def answered_has_response(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["response_id"].notna() == (frame["status"] == "answered")

    @pa.dataframe_check(name="not_answered means no response at all, others at least one")
    def responses_match_status(cls, frame: pd.DataFrame) -> pd.Series:
        return (frame["responses"] == 0) == (frame["status"] == "not_answered")

    @pa.dataframe_check(name="strand and agreements only for a counted answer")
    def answer_fields_need_answer(cls, frame: pd.DataFrame) -> pd.Series:
        answered = frame["status"] == "answered"
        return answered | (frame["strand"].isna() & frame["agreements"].isna())

    @pa.dataframe_check(name="one row per partnership and round")
    def unique_rows(cls, frame: pd.DataFrame) -> pd.Series:
        return ~frame.duplicated(["survey", "round", "partnership_code"], keep=False)


class PartnershipSelections(_Table):
    """``partnership_selections``: counted answer x multiple-choice question."""

    survey: Series[str] = pa.Field(isin=list(SURVEYS))
    round: Series[str] = pa.Field(str_matches=ROUND_PATTERN)
    partnership_code: Series[str] = pa.Field(str_matches=r"^P\d{2,}$")
    partnership: Series[str]
    response_id: Series[np.int64] = pa.Field(gt=0)
    question: Series[str]
    selected: Series[np.int64] = pa.Field(ge=0)

    @pa.dataframe_check(name="one row per partnership, round and question")
    def unique_rows(cls, frame: pd.DataFrame) -> pd.Series:
        return ~frame.duplicated(["survey", "round", "partnership_code", "question"], keep=False)


class FreeTextAnswers(_Table):
    """``free_text_answers``: non-empty free text of a counted answer."""

    survey: Series[str] = pa.Field(isin=list(SURVEYS))
    round: Series[str] = pa.Field(str_matches=ROUND_PATTERN)
    response_id: Series[np.int64] = pa.Field(gt=0)
    partnership: Series[str]
    strand: Series[str] = pa.Field(isin=STRAND_VALUES, nullable=True)
    question: Series[str]
    option: Series[str]
    kind: Series[str] = pa.Field(isin=["comment", "other", "text"])
    label: Series[str]
    text: Series[str] = pa.Field(str_length={"min_value": 1})

    @pa.check("text", name="no e-mail address left in the text")
    def no_email(cls, text: pd.Series) -> pd.Series:
        return ~text.str.contains(r"[\w.+-]+@[\w-]+\.[\w.-]+", regex=True)

    @pa.dataframe_check(name="one text per response, question, option and kind")
    def unique_rows(cls, frame: pd.DataFrame) -> pd.Series:
        keys = ["survey", "round", "response_id", "question", "option", "kind"]
        return ~frame.duplicated(keys, keep=False)


class RoundSources(_Table):
    """``round_sources``: survey x round, where its numbers came from."""

    survey: Series[str] = pa.Field(isin=list(SURVEYS))
    round: Series[str] = pa.Field(str_matches=ROUND_PATTERN)
    file: Series[str] = pa.Field(str_length={"min_value": 1})
    sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    size_bytes: Series[np.int64] = pa.Field(ge=0)
    rows_read: Series[np.int64] = pa.Field(ge=0)
    rows_counted: Series[np.int64] = pa.Field(ge=0)
    questionnaire: Series[str] = pa.Field(str_length={"min_value": 1})
    questionnaire_sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    run_id: Series[str] = pa.Field(str_length={"min_value": 1})
    built_at: Series[pd.Timestamp]

    @pa.dataframe_check(name="rows_counted <= rows_read")
    def counted_at_most_read(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["rows_counted"] <= frame["rows_read"]

    @pa.dataframe_check(name="one row per round")
    def unique_rows(cls, frame: pd.DataFrame) -> pd.Series:
        return ~frame.duplicated(["survey", "round"], keep=False)


SCHEMAS: dict[str, type[_Table]] = {
    "option_counts": OptionCounts,
    "cooperation_agreements": CooperationAgreements,
    "agreements_by_round": AgreementsByRound,
    "escp_collaborations": EscpCollaborations,
    "country_mentions": CountryMentions,
    "round_comparison": RoundComparison,
    "questionnaire_changes": QuestionnaireChanges,
    "report_claims": ReportClaims,
    "partnership_rounds": PartnershipRounds,
    "partnership_selections": PartnershipSelections,
    "free_text_answers": FreeTextAnswers,
    "round_sources": RoundSources,
}


@functools.cache
def analyst_schema(table: str) -> pa.DataFrameSchema:
    """The pandera schema of one analyst table, by table name."""
    return SCHEMAS[table].to_schema()
