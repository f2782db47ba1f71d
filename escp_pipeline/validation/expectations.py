"""Great Expectations suites for the core and analyst tables: data expectations, not schemas.

What belongs here: building a suite of expectations for one table (pure: frames in, a ``Suite`` out,
nothing imported from Great Expectations), and running a suite in an ephemeral GX context
(``run_suite``), returning one ``Outcome`` per expectation. What does not belong here: anything that
knows Dagster (``defs/validate/expectations.py`` turns results into asset checks), and what the
pandera schemas already say.

**pandera vs GX.** pandera (schemas derived from the table catalogue, ``catalogue/tables.py``, plus
the codebook's columns) owns the *shape* of one table: columns, types, allowed codes, the codebook's
minimum of a number, arithmetic within a row (``share = selected / respondents``, ``selected <=
respondents``, shares in [0, 1]), unique keys and the status rules (one counted answer per
partnership). GX owns *data* expectations: agreement between tables (``option_counts`` respondents
equal the complete answers of ``respondents``; agreements, links and mentions only for counted
answers), completeness against the codebook (every option has a row), plausibility bounds
(agreements at most 200, submit dates in the round's year) and knowledge from outside the file (the
partnership registry). No rule is stated in both.

**Blocking vs warning.** An expectation *blocks* (its check fails with severity ERROR, and the check
is ``blocking=True``, so downstream assets of that round do not materialize) when a failure means a
number in the report would be wrong:

- a round without a single complete answer (every share would be 0/0, the round an empty column);
- agreements that are not whole or beyond any plausible count (``MAX_AGREEMENTS``: a ``1e9`` would
  dominate Table 1's totals; the report's largest is 10);
- a partnership code that is not a partnership of the survey's programme in the registry;
- ``option_counts`` whose respondents disagree with the complete answers of ``respondents``, a
  codebook option without a row (a 0 that is really "not counted"), a row for an unknown option, or
  strands that do not add up to ``all``;
- an agreement, a collaboration or a country mention counted for an answer that does not count, a
  registry flag that is wrong, more mentions of a country than answers;
- a round compared with a round that is not earlier.

An expectation only *warns* (severity WARN; the round goes on) when the numbers stay right but a
person should look: submit dates outside the round's year (the date enters no count, and a round
that closes in January has answers from the year before); more incomplete than submitted responses
(an export taken before the round closed?); more than ``USUAL_MAX_AGREEMENTS`` agreements (unusual,
possible); a complete answer whose strand differs from the registry's (a finding for the report); a
partnership naming itself as a partner; a share of a coded option moving by more than
``LARGE_SHARE_CHANGE`` between rounds (a reworded option compared by its code?).

GX takes seconds to import: it is imported by ``run_suite`` only, once per process, with usage
statistics off (``GX_ANALYTICS_ENABLED=False`` set before the import), no network and no progress
bars. Only the columns an expectation names reach GX, and none of them holds personal data (a suite
that would is refused).
"""

from __future__ import annotations

import functools
import math
import os
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from escp_pipeline.catalogue.vocabularies import PERSONAL_METADATA, STRANDS
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.drops import SurveyRound, round_sort_key
from escp_pipeline.contract.registry import PartnershipRegistry

Severity = Literal["block", "warn"]

#: Agreements beyond this are not a plausible count (the report's largest is 10): blocking.
MAX_AGREEMENTS = 200
#: Agreements beyond this are possible but unusual: a warning.
USUAL_MAX_AGREEMENTS = 50
#: Columns that hold personal data in a raw export; never handed to GX.
PERSONAL_COLUMNS: frozenset[str] = frozenset(PERSONAL_METADATA)
#: Shares are compared after rounding to this many decimals (Parquet round trips, float sums).
SHARE_DECIMALS = 9
EXAMPLES = 5

_FIX_EXPORT = "correct the answer in LimeSurvey and export the round again"
_FIX_ANALYSIS = (
    "the analysis computed an impossible table from validated data: report it as a bug in "
    "escp_pipeline/analysis with this round's key"
)


@dataclass(frozen=True)
class Expectation:
    """One expectation of a suite, described without importing Great Expectations.

    Attributes:
        name: What is expected, as a sentence the UI shows (``shares are within [0, 1]``).
        gx_type: The GX expectation class (``ExpectColumnValuesToBeBetween``).
        kwargs: Its arguments (``column``, ``min_value``, ...).
        severity: ``block`` (the report would be wrong) or ``warn`` (a person should look).
        fix: What to do when it fails.
        identify_by: Columns that say which row an unexpected value is in (``response_id``).
        show: Further columns shown beside an unexpected value (the number behind a flag).
        where: Only rows where this column equals this value are checked.
    """

    name: str
    gx_type: str
    kwargs: Mapping[str, Any]
    severity: Severity
    fix: str
    identify_by: tuple[str, ...] = ()
    show: tuple[str, ...] = ()
    where: tuple[str, object] | None = None

    @property
    def checked_columns(self) -> tuple[str, ...]:
        """The columns whose values are checked."""
        named = [self.kwargs.get(key) for key in ("column", "column_A", "column_B")]
        return tuple(c for c in [*named, *self.kwargs.get("column_list", ())] if c)

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column this expectation reads or shows."""
        condition = [self.where[0]] if self.where else []
        return (*self.checked_columns, *condition, *self.identify_by, *self.show)


@dataclass(frozen=True)
class Suite:
    """A table (the frame GX validates) and the expectations on it."""

    name: str
    frame: pd.DataFrame
    expectations: tuple[Expectation, ...]

    def only(self, severity: Severity) -> Suite:
        """The same suite with only the expectations of one severity."""
        kept = tuple(e for e in self.expectations if e.severity == severity)
        return Suite(self.name, self.frame, kept)


@dataclass(frozen=True)
class Outcome:
    """What one expectation found.

    Attributes:
        expectation: The expectation.
        success: Whether it held.
        observed: The observed value, in words (``2 of 40 rows``, ``missing: B1/SQ003/all``).
        unexpected_count: How many rows broke it, where GX counts rows.
        examples: The first unexpected values, each with the row it is in where known.
        error: GX's message when the expectation could not be evaluated (counts as failed).
    """

    expectation: Expectation
    success: bool
    observed: str
    unexpected_count: int | None = None
    examples: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class SuiteResult:
    """The outcome of every expectation of a suite, and how long GX took."""

    suite: str
    rows: int
    outcomes: tuple[Outcome, ...]
    seconds: float
    failures: tuple[Outcome, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "failures", tuple(o for o in self.outcomes if not o.success))

    @property
    def success(self) -> bool:
        return not self.failures


# --- building suites (pure) -----------------------------------------------------------------------


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with numpy-friendly dtypes: GX's pandas metrics choke on ``pd.NA``."""
    converted: dict[str, pd.Series] = {}
    for column, dtype in frame.dtypes.items():
        values = frame[column]
        if isinstance(dtype, pd.BooleanDtype):
            converted[str(column)] = values.astype(object).where(values.notna(), None)
        elif pd.api.types.is_extension_array_dtype(dtype) and pd.api.types.is_numeric_dtype(dtype):
            converted[str(column)] = values.astype("float64")
    return frame.assign(**converted).reset_index(drop=True)


def _expect(
    name: str,
    gx_type: str,
    severity: Severity,
    fix: str,
    *,
    identify_by: Iterable[str] = (),
    show: Iterable[str] = (),
    where: tuple[str, object] | None = None,
    **kwargs: Any,
) -> Expectation:
    return Expectation(name, gx_type, kwargs, severity, fix, tuple(identify_by), tuple(show), where)


def _in_set(
    name: str, severity: Severity, fix: str, column: str, values: Iterable[object], **options: Any
) -> Expectation:
    return _expect(
        name,
        "ExpectColumnValuesToBeInSet",
        severity,
        fix,
        column=column,
        value_set=list(values),
        **options,
    )


def _whole(values: pd.Series) -> pd.Series:
    """True where a number is whole, None where it is missing (GX skips missing values)."""
    whole = (values % 1 == 0).astype(object)
    return whole.where(values.notna(), None)


def core_responses_suite(
    core: pd.DataFrame, codebook: Codebook, survey_round: SurveyRound
) -> Suite:
    """Expectations on one round's core table (pandera has checked its schema).

    Blocking: the round has at least one complete answer; agreements of complete answers are whole
    numbers and at most ``MAX_AGREEMENTS`` (pandera checks the codebook's minimum, 0). Warning:
    agreements above ``USUAL_MAX_AGREEMENTS``; submit dates outside the round's year.
    """
    # a survey the project does not ship may have no agreements question: no agreements checks
    asks_agreements = any(question.code == "D3" for question in codebook.questions)
    code = codebook.agreements_question.code if asks_agreements else "D3"
    view = core.loc[:, ["response_id", "status", "submitted_at"]]
    view["agreements"] = core[code] if asks_agreements else pd.Series(pd.NA, index=core.index)
    view = _plain(view)
    view["agreements_whole"] = _whole(view["agreements"])
    year = survey_round.year
    complete = ("status", "complete")
    by_id = ("response_id",)
    genuine = f"if the count is genuine, raise MAX_AGREEMENTS in {__name__}"
    suite = Suite(
        f"core_responses {survey_round.partition_key}",
        view,
        (
            _expect(
                "the round has at least one complete answer",
                "ExpectColumnDistinctValuesToContainSet",
                "block",
                "the export holds no submitted response: export the round again (completion "
                "state 'All') once answers are in, or remove the file",
                column="status",
                value_set=["complete"],
            ),
            _in_set(
                f"agreements ({code}) of complete answers are whole numbers",
                "block",
                f"{_FIX_EXPORT} with a whole number in {code}",
                "agreements_whole",
                [True],
                identify_by=by_id,
                show=("agreements",),
                where=complete,
            ),
            _expect(
                f"agreements ({code}) of complete answers are at most {MAX_AGREEMENTS}",
                "ExpectColumnValuesToBeBetween",
                "block",
                f"{_FIX_EXPORT}; {genuine}",
                identify_by=by_id,
                where=complete,
                column="agreements",
                max_value=MAX_AGREEMENTS,
            ),
            _expect(
                f"agreements ({code}) of complete answers are at most {USUAL_MAX_AGREEMENTS}",
                "ExpectColumnValuesToBeBetween",
                "warn",
                "check the number with the partnership; nothing to do if it is right",
                identify_by=by_id,
                where=complete,
                column="agreements",
                max_value=USUAL_MAX_AGREEMENTS,
            ),
            _expect(
                f"submit dates fall in the round's year ({year})",
                "ExpectColumnValuesToBeBetween",
                "warn",
                "check that the file is named for the right round (incoming/<survey>/<year>-r<n>"
                ".csv, the year the round closed); nothing to do if it is",
                identify_by=by_id,
                column="submitted_at",
                min_value=pd.Timestamp(year, 1, 1),
                max_value=pd.Timestamp(year, 12, 31, 23, 59, 59, 999999),
            ),
        ),
    )
    if asks_agreements:
        return suite
    kept = tuple(e for e in suite.expectations if not e.name.startswith("agreements"))
    return Suite(suite.name, suite.frame, kept)


def new_partnership_codes(codebook: Codebook | None, registry: PartnershipRegistry) -> set[str]:
    """Codes of the questionnaire's partnership question that the registry lacks."""
    if codebook is None:
        return set()
    try:
        answers = codebook.partnership_question.answers
    except KeyError:
        return set()
    return {option.code for option in answers if registry.get(option.code) is None}


def respondents_suite(
    respondents: pd.DataFrame,
    registry: PartnershipRegistry,
    survey_round: SurveyRound,
    codebook: Codebook | None = None,
) -> Suite:
    """Expectations on one round of ``respondents``.

    Blocking: every partnership code is a partnership of this survey's programme in the registry, or
    a new partnership: a code of the round questionnaire's (``codebook``) partnership question that
    the registry lacks (listed by the WARN check ``partnerships_are_in_the_registry``). Warning: at
    least half the responses are submitted; complete answers state the strand the registry gives
    (where it gives one). One counted answer per partnership is pandera's, on ``core_responses``.
    """
    programme = survey_round.survey
    codes = sorted(
        {p.code for p in registry.partnerships if p.programme == programme}
        | new_partnership_codes(codebook, registry)
    )
    view = _plain(respondents.loc[:, ["response_id", "partnership_code", "status", "strand"]])
    stated = view["partnership_code"].map({p.code: p.strand for p in registry.partnerships})
    checked = (view["status"] == "complete") & stated.notna() & view["strand"].notna()
    agrees = (view["strand"] == stated).astype(object)
    view["strand_as_registry"] = agrees.where(checked, None)
    view["registry_strand"] = stated.astype(object)
    return Suite(
        f"respondents {survey_round.partition_key}",
        view,
        (
            _in_set(
                f"every partnership code is an {programme} partnership of the registry",
                "block",
                "add the partnership to escp_pipeline/contract/reference/partnerships.yaml, "
                "or correct the answer in LimeSurvey and export again",
                "partnership_code",
                codes,
                identify_by=("response_id",),
            ),
            _in_set(
                "at least half of the responses are submitted",
                "warn",
                "an export taken before the round closed? Export it again when it has",
                "status",
                ["complete", "superseded"],
                mostly=0.5,
            ),
            _in_set(
                "complete answers state the strand partnerships.yaml gives",
                "warn",
                "a data-quality finding for the report: check the strand with the partnership, "
                "and correct partnerships.yaml or the answer",
                "strand_as_registry",
                [True],
                identify_by=("response_id", "partnership_code"),
                show=("strand", "registry_strand"),
            ),
        ),
    )


def complete_answers(respondents: pd.DataFrame) -> pd.DataFrame:
    """Complete answers per survey, round and strand, with ``all`` for the whole round."""
    complete = respondents[respondents["status"] == "complete"]
    keys = ["survey", "round"]
    by_strand = complete.dropna(subset=["strand"]).groupby([*keys, "strand"]).size()
    overall = complete.groupby(keys).size().rename("answers").reset_index().assign(strand="all")
    table = pd.concat([by_strand.rename("answers").reset_index(), overall], ignore_index=True)
    return table.astype({"survey": "str", "round": "str", "strand": "str", "answers": "int64"})


def _complete_answers_of(rows: pd.DataFrame, respondents: pd.DataFrame) -> pd.Series:
    """For each row (survey, round, strand), the complete answers of ``respondents``."""
    keys = ["survey", "round", "strand"]
    merged = rows[keys].astype("str").merge(complete_answers(respondents), on=keys, how="left")
    return merged["answers"].fillna(0).astype("float64").set_axis(rows.index)


def _cells(codebook: Codebook, strands: Iterable[str]) -> list[str]:
    cells = []
    for question in codebook.multiple_choice_questions:
        options = [option.code for option in question.subquestions]
        if question.other:
            options.append("other")
        cells += [f"{question.code}/{option}/{strand}" for option in options for strand in strands]
    return sorted(cells)


def option_counts_suite(
    option_counts: pd.DataFrame,
    respondents: pd.DataFrame,
    codebook: Codebook,
    survey_round: SurveyRound,
) -> Suite:
    """Expectations on one round of ``option_counts``; all blocking (each is a number's truth).

    ``respondents`` equal the complete answers of the ``respondents`` table per strand; a row for
    every option of every multiple-choice question of the codebook and strand, none for an option
    the codebook lacks; the strands add up to ``all``. Share bounds and arithmetic, ``selected <=
    respondents`` and unique rows are pandera's (``catalogue/tables.py``).
    """
    frame = option_counts.reset_index(drop=True)
    view = _plain(frame.loc[:, ["question", "option", "strand", "respondents", "selected"]])
    view["cell"] = view["question"] + "/" + view["option"] + "/" + view["strand"]
    view["complete_answers"] = _complete_answers_of(frame, respondents).to_numpy()
    strands = list(STRANDS) if codebook.strand_question is not None else []
    by_strand = view[view["strand"].isin(strands)].groupby(["question", "option"])["selected"]
    view["strands_selected"] = (
        view[["question", "option"]]
        .merge(by_strand.sum().rename("total").reset_index(), how="left")["total"]
        .to_numpy()
    )
    view.loc[view["strand"] != "all", "strands_selected"] = float("nan")
    if not strands:
        view["strands_selected"] = view["selected"].where(view["strand"] == "all")
    cells = _cells(codebook, ["all", *strands])
    cell = ("cell",)
    return Suite(
        f"option_counts {survey_round.partition_key}",
        view,
        (
            _expect(
                "respondents per strand equal the complete answers in respondents",
                "ExpectColumnPairValuesToBeEqual",
                "block",
                _FIX_ANALYSIS,
                identify_by=cell,
                column_A="respondents",
                column_B="complete_answers",
            ),
            _expect(
                "every option of the codebook has a row per strand (question/option/strand)",
                "ExpectColumnDistinctValuesToContainSet",
                "block",
                _FIX_ANALYSIS,
                column="cell",
                value_set=cells,
            ),
            _in_set(
                "every row is an option of the codebook",
                "block",
                "update the codebook if the questionnaire gained an option; else " + _FIX_ANALYSIS,
                "cell",
                cells,
            ),
            _expect(
                "selected in strand-1 and strand-2 add up to selected in all",
                "ExpectColumnPairValuesToBeEqual",
                "block",
                _FIX_ANALYSIS,
                identify_by=cell,
                column_A="selected",
                column_B="strands_selected",
                ignore_row_if="either_value_is_missing",
            ),
        ),
    )


def cooperation_agreements_suite(
    agreements: pd.DataFrame, respondents: pd.DataFrame, survey_round: SurveyRound
) -> Suite:
    """Expectations on one round of ``cooperation_agreements``; blocking.

    Every partnership with a number has a counted (complete) answer in ``respondents``. The
    plausible range of the numbers is checked where they enter, on ``core_responses``; types,
    minimum and one row per partnership are pandera's.
    """
    counted = respondents.loc[respondents["status"] == "complete", "partnership"].dropna()
    view = _plain(agreements.loc[:, ["partnership", "agreements"]])
    return Suite(
        f"cooperation_agreements {survey_round.partition_key}",
        view,
        (
            _in_set(
                "every partnership has a counted answer in respondents",
                "block",
                _FIX_ANALYSIS,
                "partnership",
                sorted(set(counted)),
                identify_by=("partnership",),
                show=("agreements",),
            ),
        ),
    )


def escp_collaborations_suite(
    collaborations: pd.DataFrame,
    respondents: pd.DataFrame,
    registry: PartnershipRegistry,
    survey_round: SurveyRound,
) -> Suite:
    """Expectations on one round of ``escp_collaborations``.

    Blocking: every source has a counted answer in ``respondents``; a target flagged
    ``target_in_registry`` is a registry name. Warning: a partnership naming itself. Unique links
    and reciprocity are pandera's. Targets outside the registry are no warning: the report names
    such partners (SmartCity Tech), and ``target_in_registry`` already shows them.
    """
    names = sorted(p.name for p in registry.partnerships)
    counted = respondents.loc[respondents["status"] == "complete", "partnership"].dropna()
    view = _plain(collaborations.loc[:, ["source", "target", "target_in_registry"]])
    view["target_in_registry"] = view["target_in_registry"].astype(bool)
    view["names_another"] = view["source"] != view["target"]
    link = ("source", "target")
    return Suite(
        f"escp_collaborations {survey_round.partition_key}",
        view,
        (
            _in_set(
                "every source has a counted answer in respondents",
                "block",
                _FIX_ANALYSIS,
                "source",
                sorted(set(counted)),
            ),
            _in_set(
                "targets flagged target_in_registry are names of the registry",
                "block",
                _FIX_ANALYSIS,
                "target",
                names,
                where=("target_in_registry", True),
            ),
            _in_set(
                "no partnership names itself as a partner",
                "warn",
                "check the answer with the partnership",
                "names_another",
                [True],
                identify_by=link,
            ),
        ),
    )


def country_mentions_suite(
    mentions: pd.DataFrame,
    respondents: pd.DataFrame,
    codebook: Codebook,
    survey_round: SurveyRound,
) -> Suite:
    """Expectations on one round of ``country_mentions``; blocking.

    Mentions are at most the complete answers of the round (one answer counts once); every question
    is a codebook question with free text. ISO codes, ``mentions > 0`` and unique rows are
    pandera's.
    """
    free_text = sorted(q.code for q in codebook.questions if q.free_text_columns())
    view = _plain(mentions.loc[:, ["survey", "round", "question", "country", "mentions"]])
    view["complete_answers"] = _complete_answers_of(view.assign(strand="all"), respondents)
    view = view.drop(columns=["survey", "round"])
    by_country = ("question", "country")
    return Suite(
        f"country_mentions {survey_round.partition_key}",
        view,
        (
            _expect(
                "mentions are at most the complete answers of the round",
                "ExpectColumnPairValuesAToBeGreaterThanB",
                "block",
                _FIX_ANALYSIS,
                identify_by=by_country,
                column_A="complete_answers",
                column_B="mentions",
                or_equal=True,
            ),
            _in_set(
                "every question is a free-text question of the codebook",
                "block",
                _FIX_ANALYSIS,
                "question",
                free_text,
            ),
        ),
    )


#: A share that moves more than this between rounds is worth a look (a reworded option?).
LARGE_SHARE_CHANGE = 0.5


def round_comparison_suite(comparison: pd.DataFrame) -> Suite:
    """Expectations on ``round_comparison`` (every round).

    Blocking: the previous round is an earlier round of the same survey. Warning: shares of coded
    options (not ``other``) that move by more than ``LARGE_SHARE_CHANGE``. Share bounds and
    ``share_change`` arithmetic are pandera's.
    """
    keys = ["survey", "question", "option", "strand", "round", "previous_round"]
    view = _plain(comparison.loc[:, [*keys, "share_change"]])
    # "other" counts free text, which has no wording to change: its swings are no warning.
    view["coded_change"] = view["share_change"].where(view["option"] != "other")
    view["previous_is_earlier"] = [
        _round_order(previous) < _round_order(current)
        for previous, current in zip(view["previous_round"], view["round"], strict=True)
    ]
    cell = ("survey", "round", "question", "option", "strand")
    return Suite(
        "round_comparison",
        view,
        (
            _in_set(
                "the previous round is an earlier round",
                "block",
                _FIX_ANALYSIS,
                "previous_is_earlier",
                [True],
                identify_by=cell,
                show=("previous_round",),
            ),
            _expect(
                f"shares of coded options move by at most {LARGE_SHARE_CHANGE:.0%} between rounds",
                "ExpectColumnValuesToBeBetween",
                "warn",
                "check that the option means the same in both rounds (label_variants in the "
                "codebook); nothing to do if it does",
                identify_by=cell,
                column="coded_change",
                min_value=-LARGE_SHARE_CHANGE,
                max_value=LARGE_SHARE_CHANGE,
            ),
        ),
    )


def _round_order(round_: object) -> tuple[float, float]:
    try:
        return tuple(float(part) for part in round_sort_key(str(round_)))  # type: ignore[return-value]
    except ValueError:
        return (math.nan, math.nan)


# --- running suites -------------------------------------------------------------------------------


_GX_LOCK = threading.Lock()


@functools.cache
def _gx() -> tuple[Any, Any]:
    """Great Expectations and a batch definition for whole data frames, created once per process."""
    os.environ["GX_ANALYTICS_ENABLED"] = "False"  # read by GX at import: no usage statistics
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_pandas("escp_pipeline")
    batch_definition = source.add_dataframe_asset("table").add_batch_definition_whole_dataframe(
        "whole table"
    )
    return gx, batch_definition


def _gx_expectation(gx: Any, expectation: Expectation, position: int) -> Any:
    from great_expectations.expectations.row_conditions import Column

    kwargs = {**expectation.kwargs, "meta": {"position": position}}
    if expectation.where is not None:
        column, value = expectation.where
        kwargs["row_condition"] = Column(column) == value
    return getattr(gx.expectations, expectation.gx_type)(description=expectation.name, **kwargs)


def run_suite(suite: Suite, forbidden_columns: Iterable[str] = ()) -> SuiteResult:
    """Validate ``suite.frame`` against its expectations in an ephemeral GX context.

    Args:
        suite: The table and its expectations.
        forbidden_columns: Columns that must never reach GX (personal data), besides
            ``PERSONAL_COLUMNS``.

    Returns:
        One outcome per expectation, in suite order. An expectation GX cannot evaluate is an outcome
        with ``success=False`` and ``error`` set, never an exception.

    Raises:
        ValueError: An expectation names a personal-data column or a column the frame lacks.
    """
    forbidden = PERSONAL_COLUMNS | set(forbidden_columns)
    for expectation in suite.expectations:
        bad = forbidden.intersection(expectation.columns)
        if bad:
            raise ValueError(f"{suite.name}: expectation on personal data {sorted(bad)} refused")
        absent = set(expectation.columns) - set(suite.frame.columns)
        if absent:
            raise ValueError(f"{suite.name}: {expectation.name!r} names no column {sorted(absent)}")
    if not suite.expectations:
        return SuiteResult(suite.name, len(suite.frame), (), 0.0)
    with _GX_LOCK:
        started = time.perf_counter()
        gx, batch_definition = _gx()
        gx_suite = gx.ExpectationSuite(name=suite.name)
        for position, expectation in enumerate(suite.expectations):
            gx_suite.add_expectation(_gx_expectation(gx, expectation, position))
        batch = batch_definition.get_batch(batch_parameters={"dataframe": suite.frame})
        result = batch.validate(
            gx_suite, result_format={"result_format": "SUMMARY", "partial_unexpected_count": 20}
        )
        seconds = time.perf_counter() - started
    # GX orders results its own way: each is matched to its expectation by position.
    items = {int(item.expectation_config.meta["position"]): item for item in result.results}
    outcomes = tuple(
        _outcome(expectation, items[position], suite.frame)
        for position, expectation in enumerate(suite.expectations)
    )
    return SuiteResult(suite.name, len(suite.frame), outcomes, seconds)


def _outcome(expectation: Expectation, item: Any, frame: pd.DataFrame) -> Outcome:
    info = item.exception_info or {}
    if info.get("raised_exception"):
        message = str(info.get("exception_message") or "GX could not evaluate the expectation")
        return Outcome(expectation, False, "not evaluated", error=message.splitlines()[0][:200])
    result = dict(item.result or {})
    count = result.get("unexpected_count")
    if "observed_value" in result and result["observed_value"] is not None:
        observed = _short(result["observed_value"])
    elif "missing_count" in result and count is None:
        missing = result.get("missing_count") or 0
        observed = f"{missing} expected value(s) missing" if missing else "all present"
    elif count is not None:
        checked = int(result.get("element_count", len(frame))) - int(result.get("missing_count", 0))
        observed = f"{count} of {checked} checked rows unexpected"
    else:
        observed = "held" if item.success else "failed"
    examples = _examples(expectation, result, frame)
    return Outcome(expectation, bool(item.success), observed, count, examples)


def _examples(
    expectation: Expectation, result: dict[str, Any], frame: pd.DataFrame
) -> tuple[str, ...]:
    """The first unexpected values, each with the row it is in where the suite says how."""
    missing = result.get("partial_missing_list") or []
    if missing:
        return tuple(f"missing {_short(value)}" for value in missing[:EXAMPLES])
    indexes = result.get("partial_unexpected_index_list") or []
    shown = expectation.show or tuple(
        c for c in expectation.checked_columns if c not in expectation.identify_by
    )
    if indexes and (expectation.identify_by or expectation.show):
        texts = []
        for index in indexes:
            row = frame.loc[index]
            label = ", ".join(f"{c} {_short(row[c])}" for c in expectation.identify_by)
            value = ", ".join(f"{c}={_short(row[c])}" for c in shown)
            texts.append(f"{label}: {value}" if label and value else label or value)
        return tuple(dict.fromkeys(texts))[:EXAMPLES]
    values = [_short(value) for value in result.get("partial_unexpected_list") or []]
    return tuple(dict.fromkeys(values))[:EXAMPLES]


def _short(value: object) -> str:
    """A value as metadata shows it: numbers plainly, text quoted and cut, one line."""
    if isinstance(value, dict):
        return ", ".join(f"{k}={_short(v)}" for k, v in value.items())
    if isinstance(value, tuple | list | set | frozenset):
        return "(" + ", ".join(_short(v) for v in value) + ")"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if hasattr(value, "item") and not isinstance(value, str):
        try:
            return _short(value.item())
        except (ValueError, TypeError):
            pass
    if isinstance(value, pd.Timestamp):
        return str(value)
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:37] + "..."
