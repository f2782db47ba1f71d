"""Every table the project writes, described once: the catalogue the schemas and docs come from.

One ``Table`` per table: what it is, its layer (``core``: validated responses, personal data
dropped; ``analyst``: the Parquet files of ``warehouse/tables/``), whether it is materialized per
survey round, its primary key, its fields in column order and its named table-level rules. The
schema check of every table asset, the empty frames of ``analysis``, the Dagster column schemas, the
workbook's ``about`` sheet and docs/tables.md are derived from these entries (``derive``).
"""

from __future__ import annotations

from escp_pipeline.analysis.statistics import CONFIDENCE_LEVEL, MIN_PAIRS, SIGNIFICANCE_LEVEL
from escp_pipeline.catalogue import rules
from escp_pipeline.catalogue import vocabularies as vocab
from escp_pipeline.catalogue.fields import FIELDS, Field
from escp_pipeline.catalogue.table import SurveyRules, Table
from escp_pipeline.contract.questionnaire_diff import CHANGES

F = FIELDS


_COUNT = {"ge": 0}
_SHA256 = {"pattern": vocab.SHA256_PATTERN}
_NOT_EMPTY = {"min_length": 1}
_OPTIONAL = {"nullable": True}

CORE_RESPONSES = Table(
    name="core_responses",
    description="Validated responses of every round of a survey: one typed row per response, "
    "personal data dropped, free-text contact data masked.",
    one_row_per="response in an export",
    layer="core",
    partitioned=True,
    primary_key=("survey", "round", "response_id"),
    fields=(
        F["survey"],
        F["round"],
        F["response_id"].but(dtype="Int64"),
        F["status"],
        F["submitted_at"],
        Field("started_at", "datetime", "Start date.", nullable=True),
        Field("last_page", "Int64", "Last page seen.", nullable=True, ge=0),
        Field("start_language", "str", "Questionnaire language.", nullable=True),
        F["partnership_code"].but(nullable=True),
        F["partnership"].but(nullable=True),
        F["strand"],
    ),
    unique_rows="response ids are unique within a round",
    rules=rules.CORE_RULES,
    ordered=False,
    per_survey={
        "escp-4i": SurveyRules(rules=(rules.STRAND_STATED,)),
        "escp-s3": SurveyRules(isin={"strand": ()}),
    },
    generated_columns="one typed column per codebook column that is not personal data",
)

RESPONDENTS = Table(
    name="respondents",
    description="Who answered each round, and how: every response of an export with its status.",
    one_row_per="response in an export (complete, incomplete or superseded)",
    layer="analyst",
    partitioned=True,
    primary_key=("survey", "round", "response_id"),
    fields=(
        F["survey"],
        F["round"],
        F["response_id"],
        F["partnership"].but(nullable=True),
        F["partnership_code"].but(nullable=True),
        F["strand"],
        F["status"],
        F["submitted_at"],
    ),
    unique_rows="one row per response of a round",
    in_report=True,
)

OPTION_COUNTS = Table(
    name="option_counts",
    description="How many complete answers chose each option of every multiple-choice question, "
    "per strand, with the share's Wilson interval.",
    one_row_per="survey x round x multiple-choice question x option x strand; share_low and "
    f"share_high: the share's {CONFIDENCE_LEVEL:.0%} Wilson interval",
    layer="analyst",
    partitioned=True,
    primary_key=("survey", "round", "question", "option", "strand"),
    fields=(
        F["survey"],
        F["round"],
        F["question"],
        F["option"],
        F["label"],
        F["strand"].but(
            nullable=False,
            isin=vocab.COUNT_STRANDS,
            description="`strand-1`, `strand-2` or `all` (ESCP-S3 only `all`).",
        ),
        F["respondents"],
        F["selected"],
        F["share"],
        F["share_low"],
        F["share_high"],
    ),
    unique_rows="one row per round, question, option and strand",
    rules=rules.OPTION_COUNTS_RULES,
    in_report=True,
)

_P_VALUE = {"dtype": "float64", "nullable": True, "ge": 0, "le": 1}
ROUND_COMPARISON = Table(
    name="round_comparison",
    description="Each option's selections and share in a round next to the survey's previous "
    "round, with Fisher's exact test, Benjamini-Hochberg q-values and a paired McNemar test.",
    one_row_per="survey x question x option x strand x round that has an earlier round; "
    "p_value: Fisher exact test of the change, q_value: Benjamini-Hochberg over the survey, round "
    f"and strand, change_is_significant: q < {SIGNIFICANCE_LEVEL:g}, paired_respondents and "
    "paired_p_value: exact McNemar test of the partnerships that answered both rounds (at least "
    f"{MIN_PAIRS})",
    layer="analyst",
    partitioned=False,
    primary_key=("survey", "question", "option", "strand", "round"),
    fields=(
        F["survey"],
        F["question"],
        F["option"],
        F["label"].but(description="The option's text in the later round."),
        OPTION_COUNTS.field("strand"),
        F["round"],
        F["previous_round"],
        F["selected"],
        F["selected"].but(name="previous_selected", description="`selected` in previous_round."),
        F["share"],
        F["share"].but(name="previous_share", description="`share` in previous_round."),
        Field("share_change", "float64", "share - previous_share.", nullable=True, ge=-1, le=1),
        Field("p_value", description="Two-sided Fisher exact test of the change.", **_P_VALUE),
        Field("q_value", description="Benjamini-Hochberg adjusted p_value.", **_P_VALUE),
        Field(
            "change_is_significant",
            "boolean",
            f"q_value < {SIGNIFICANCE_LEVEL:g}.",
            nullable=True,
        ),
        Field(
            "paired_respondents",
            "Int64",
            f"Partnerships that answered both rounds (at least {MIN_PAIRS}).",
            nullable=True,
            ge=0,
        ),
        Field("paired_p_value", description="Exact McNemar test of their answers.", **_P_VALUE),
    ),
    unique_rows="one row per survey, question, option, strand and round",
    rules=rules.ROUND_COMPARISON_RULES,
    in_report=True,
)

QUESTIONNAIRE_CHANGES = Table(
    name="questionnaire_changes",
    description="What changed in a round's questionnaire since the survey's previous round.",
    one_row_per="difference between a round's questionnaire and the previous round's",
    layer="analyst",
    partitioned=True,
    primary_key=("survey", "round", "question", "option", "change"),
    fields=(
        F["survey"].but(isin=None, pattern=vocab.SURVEY_NAME_PATTERN),
        F["round"],
        F["previous_round"],
        F["question"].but(**_NOT_EMPTY),
        F["option"].but(description="Option code, `other`, or empty for the question itself."),
        Field("change", "str", "What changed.", isin=tuple(CHANGES)),
        F["text"].but(name="previous_text", description="The previous round's text."),
        F["text"].but(description="This round's text (plain text)."),
    ),
    unique_rows="one row per round, question, option and change",
    rules=(rules.PREVIOUS_ROUND_DIFFERS, rules.OPTION_MATCHES_CHANGE),
    in_report=True,
)

COOPERATION_AGREEMENTS = Table(
    name="cooperation_agreements",
    description="The number of cooperation agreements or MoUs each partnership states.",
    one_row_per="complete answer that states a number of agreements",
    layer="analyst",
    partitioned=True,
    primary_key=("survey", "round", "partnership"),
    fields=(F["survey"], F["round"], F["partnership"], F["strand"], F["agreements"]),
    unique_rows="one number per partnership and round",
    in_report=True,
)

AGREEMENTS_BY_ROUND = Table(
    name="agreements_by_round",
    description="Table 1 of the report: agreements per partnership in each round, with totals.",
    one_row_per="survey x partnership x round (Table 1), with the round total",
    layer="analyst",
    partitioned=False,
    primary_key=("survey", "partnership", "round"),
    fields=(
        F["survey"],
        F["partnership"],
        F["round"],
        F["agreements"].but(
            dtype="Int64", nullable=True, description="Agreements stated; empty where none."
        ),
        Field("round_total", "int64", "Sum over the survey's partnerships in the round.", ge=0),
    ),
    unique_rows="one row per partnership and round",
    rules=(rules.TOTALS_ADD_UP,),
    in_report=True,
)

ESCP_COLLABORATIONS = Table(
    name="escp_collaborations",
    description='Directed "we collaborate with" links between partnerships.',
    one_row_per='directed "we collaborate with" link',
    layer="analyst",
    partitioned=True,
    primary_key=("survey", "round", "source", "target"),
    fields=(
        F["survey"],
        F["round"],
        F["partnership"].but(name="source", description="The partnership that answered."),
        F["partnership"].but(name="target", description="The partnership it names."),
        Field("purpose", "str", "The respondent's comment (free text).", nullable=True),
        Field("reciprocal", "bool", "The target names the source in the same round."),
        Field("target_in_registry", "bool", "The target is a partnership of the registry."),
    ),
    unique_rows="one link per source and target in a round",
    rules=(rules.RECIPROCAL_IS_MUTUAL,),
    in_report=True,
)

COUNTRY_MENTIONS = Table(
    name="country_mentions",
    description="How many complete answers name each country in each question's free text.",
    one_row_per="survey x round x question x country named in free text",
    layer="analyst",
    partitioned=True,
    primary_key=("survey", "round", "question", "country"),
    fields=(
        F["survey"],
        F["round"],
        F["question"],
        Field(
            "country",
            "str",
            "ISO 3166-1 alpha-2 code.",
            pattern=vocab.COUNTRY_CODE_PATTERN,
            element_checks=("iso_alpha_2",),
        ),
        Field("mentions", "int64", "Complete answers naming the country.", gt=0),
    ),
    unique_rows="one row per round, question and country",
    in_report=True,
)

REPORT_CLAIMS = Table(
    name="report_claims",
    description="Every number the seed report states, and whether the data reproduces it.",
    one_row_per="claim of the seed report, reproduced by the data or not",
    layer="analyst",
    partitioned=False,
    primary_key=("id",),
    fields=(
        Field("id", "str", "Claim id of the facts file.", unique=True),
        F["source"].but(description="Where in the report the claim is."),
        Field("kind", "str", "What kind of number the claim states."),
        F["text"].but(description="The claim in the report's words."),
        Field("reproduced", "bool", "The data gives the expected figure."),
        Field("applicable", "bool", "The claim's round has been processed."),
        Field("expected", "str", "The report's figure."),
        Field("actual", "str", "The data's figure."),
        Field("conflict", "str", "The report's own conflict note.", nullable=True),
    ),
    in_report=True,
)

PARTNERSHIP_ROUNDS = Table(
    name="partnership_rounds",
    description="Every partnership of the survey's programme in each round: answered, or whom "
    "to follow up.",
    one_row_per="partnership of the survey's programme x round (answered or not)",
    layer="analyst",
    partitioned=True,
    primary_key=("survey", "round", "partnership_code"),
    fields=(
        F["survey"],
        F["round"],
        F["partnership_code"],
        F["partnership"],
        Field("in_registry", "bool", "The registry lists the partnership for the survey."),
        Field("in_questionnaire", "bool", "The round's partnership question offers it."),
        F["strand"].but(name="registry_strand", description="The strand the registry gives."),
        F["status"].but(isin=vocab.PARTNERSHIP_STATUSES, description="Did it answer."),
        F["strand"].but(description="The strand of the counted answer."),
        F["response_id"].but(dtype="Int64", nullable=True, description="The answer counted."),
        Field("responses", "int64", "Every response of the partnership in the export.", ge=0),
        F["agreements"].but(dtype="Int64", nullable=True),
    ),
    unique_rows="one row per partnership and round",
    rules=rules.PARTNERSHIP_ROUNDS_RULES,
    in_report=True,
)

PARTNERSHIP_SELECTIONS = Table(
    name="partnership_selections",
    description="How many options each counted answer ticked, per multiple-choice question.",
    one_row_per="counted answer x multiple-choice question (options ticked)",
    layer="analyst",
    partitioned=True,
    primary_key=("survey", "round", "partnership_code", "question"),
    fields=(
        F["survey"],
        F["round"],
        F["partnership_code"],
        F["partnership"],
        F["response_id"],
        F["question"],
        F["selected"].but(description="Options ticked, plus one for a non-empty Other text."),
    ),
    unique_rows="one row per partnership, round and question",
)

FREE_TEXT_ANSWERS = Table(
    name="free_text_answers",
    description="The free text of the counted answers, ready to quote (contact data masked).",
    one_row_per="non-empty free text of a counted answer (comment, other, text)",
    layer="analyst",
    partitioned=True,
    primary_key=("survey", "round", "response_id", "question", "option", "kind"),
    fields=(
        F["survey"],
        F["round"],
        F["response_id"],
        F["partnership"].but(nullable=True),  # empty for a survey without partnerships
        F["strand"],
        F["question"],
        F["option"].but(description="Option code, `other`, `<row>_<column>` or empty."),
        Field("kind", "str", "What the text is.", isin=vocab.FREE_TEXT_KINDS),
        F["label"].but(description="The option in words."),
        F["text"].but(element_checks=("no_email",), **_NOT_EMPTY),
    ),
    unique_rows="one text per response, question, option and kind",
    in_report=True,
)

ROUND_SOURCES = Table(
    name="round_sources",
    description="Where each round's numbers came from: export file, questionnaire and run.",
    one_row_per="survey round: input file, SHA-256, rows read and counted, questionnaire, run",
    layer="analyst",
    partitioned=True,
    primary_key=("survey", "round"),
    fields=(
        F["survey"],
        F["round"],
        Field("file", "str", "The drop's path below `incoming/`.", **_NOT_EMPTY),
        Field("sha256", "str", "SHA-256 of the file.", **_SHA256),
        Field("size_bytes", "int64", "Size of the file.", **_COUNT),
        Field("rows_read", "int64", "Responses in the export.", **_COUNT),
        Field("rows_counted", "int64", "Complete, not superseded answers.", **_COUNT),
        Field("questionnaire", "str", "The questionnaire the round was read with.", **_NOT_EMPTY),
        Field("questionnaire_sha256", "str", "SHA-256 of the questionnaire.", **_SHA256),
        Field(
            "withheld_questions",
            "str",
            "Text questions left out as personal data because their answers hold e-mail "
            "addresses or phone numbers (codes, comma-separated; empty when none). Only for a "
            "survey the project does not ship.",
        ),
        Field("run_id", "str", "The Dagster run that built the round.", **_NOT_EMPTY),
        Field("built_at", "datetime", "When the round was built (UTC)."),
    ),
    unique_rows="one row per round",
    rules=(rules.COUNTED_AT_MOST_READ,),
    in_report=True,
)

#: Every table, in the order the docs and the workbook list them.
TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        CORE_RESPONSES,
        RESPONDENTS,
        OPTION_COUNTS,
        ROUND_COMPARISON,
        QUESTIONNAIRE_CHANGES,
        COOPERATION_AGREEMENTS,
        AGREEMENTS_BY_ROUND,
        ESCP_COLLABORATIONS,
        COUNTRY_MENTIONS,
        REPORT_CLAIMS,
        PARTNERSHIP_ROUNDS,
        PARTNERSHIP_SELECTIONS,
        FREE_TEXT_ANSWERS,
        ROUND_SOURCES,
    )
}
ANALYST_TABLES: tuple[str, ...] = tuple(n for n, t in TABLES.items() if t.layer == "analyst")
#: The analyst tables the progress report is written from.
REPORT_TABLES: tuple[str, ...] = tuple(n for n, t in TABLES.items() if t.in_report)


def columns(table: str) -> tuple[str, ...]:
    """The column names of a table, in order."""
    return TABLES[table].columns
