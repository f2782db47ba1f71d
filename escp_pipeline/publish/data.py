"""Selections of the analyst tables that the figures, the sentences and the report share.

Everything here reads the tables of ``OUTPUTS.md`` (and the codebooks for question texts and option
kinds) and returns plain frames and values: which rounds exist, one question of one round as a wide
frame with a column per strand, the order options are shown in, ranks with ties, country names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from escp_pipeline.catalogue.vocabularies import ALL_STRANDS, OTHER, STRANDS
from escp_pipeline.contract.codebook import Codebook, CodebookError, Question, load_codebook
from escp_pipeline.contract.drops import SurveyRound, round_sort_key

ALL = ALL_STRANDS
SURVEY_NAMES: dict[str, str] = {"escp-4i": "ESCP-4i", "escp-s3": "ESCP-S3"}
ORDINALS: tuple[str, ...] = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)


def survey_name(survey: str) -> str:
    """``escp-4i`` -> ``ESCP-4i``."""
    return SURVEY_NAMES.get(survey, survey.upper())


def round_number(round_: str) -> int:
    """The number ``n`` of a round ``<year>-r<n>``: the how-manieth monitoring exercise it is."""
    return round_sort_key(round_)[0]


def survey_round_name(round_: str) -> str:
    """``2019-r2`` -> ``the second survey (2019-r2)``."""
    number = round_number(round_)
    ordinal = ORDINALS[number - 1] if number <= len(ORDINALS) else f"{number}th"
    return f"the {ordinal} survey ({round_})"


def rounds_of(table: pd.DataFrame, survey: str) -> list[str]:
    """The rounds of ``survey`` present in an analyst table, in chronological order."""
    if table.empty or "survey" not in table:
        return []
    rounds = table.loc[table["survey"] == survey, "round"].dropna().astype(str).unique()
    return sorted(rounds, key=round_sort_key)


def surveys_in(table: pd.DataFrame) -> list[str]:
    """The surveys of an analyst table: those the project ships first, in order, then by name."""
    present = {str(s) for s in table["survey"].dropna()} if "survey" in table else set()
    shipped = [survey for survey in SURVEY_NAMES if survey in present]
    return shipped + sorted(present - set(SURVEY_NAMES))


def latest_round(table: pd.DataFrame, survey: str) -> str | None:
    rounds = rounds_of(table, survey)
    return rounds[-1] if rounds else None


def previous_round(table: pd.DataFrame, survey: str, round_: str) -> str | None:
    """The round of ``survey`` just before ``round_`` in the table, or None."""
    rounds = [r for r in rounds_of(table, survey) if round_sort_key(r) < round_sort_key(round_)]
    return rounds[-1] if rounds else None


def shipped_codebook(survey: str) -> Codebook | None:
    """The codebook the project ships for ``survey``; None for a survey it does not ship."""
    try:
        return load_codebook(survey)
    except CodebookError:
        return None


def has_strands(survey: str) -> bool:
    """ESCP-4i answers by strand; ESCP-S3 and surveys the project does not ship have none."""
    codebook = shipped_codebook(survey)
    return codebook is not None and codebook.strand_question is not None


def question_of(survey: str, question: str, codebook: Codebook | None = None) -> Question | None:
    """Question ``question`` of ``codebook`` (default: the survey's shipped codebook), or None."""
    codebook = codebook or shipped_codebook(survey)
    if codebook is None:
        return None
    try:
        return codebook.question(question)
    except KeyError:
        return None


def is_none_option(question: Question | None, option: str, label: str) -> bool:
    """The exclusive "None" answer: counted and shown, never ranked among the real options."""
    if question is not None:
        try:
            if question.option(option).exclusive:
                return True
        except KeyError:
            pass
    return label.strip().casefold() == "none"


@dataclass(frozen=True)
class QuestionCounts:
    """One multiple-choice question of one round, one row per option.

    ``table`` columns: ``option``, ``label``, ``kind`` (``option``, ``none``, ``other``), ``order``
    (codebook position), ``rank`` (competition rank by the ``all`` count among kind ``option``, ties
    sharing the better rank; null for none/other), then one ``selected`` column per strand name
    (``strand-1``, ``strand-2``, ``all``). Rows are in display order: options by total, descending,
    ties in codebook order; then None; then Other.
    """

    survey: str
    round: str
    question: str
    text: str
    table: pd.DataFrame
    respondents: dict[str, int]
    strands: tuple[str, ...]
    missing_strands: tuple[str, ...]

    @property
    def total_respondents(self) -> int:
        return self.respondents.get(ALL, 0)

    @property
    def ranked(self) -> pd.DataFrame:
        return self.table[self.table["kind"] == "option"]


def question_counts(
    option_counts: pd.DataFrame,
    survey: str,
    round_: str,
    question: str,
    questionnaire: Codebook | None = None,
) -> QuestionCounts:
    """Select one question of one round from ``option_counts`` and shape it for figures and text.

    The question's text, option order and "None" answer are those of ``questionnaire``, the round's
    own (default: the survey's shipped codebook; the code stands for the text of a question neither
    has). A question has a few dozen rows at most, so they are shaped in plain Python: much faster
    than a pivot for the hundred or so calls one report makes.
    """
    rows = rows_of(option_counts, survey=survey, round=round_, question=question)
    codebook_question = question_of(survey, question, questionnaire)
    text = codebook_question.text if codebook_question else question
    expected = STRANDS if has_strands(survey) else ()
    if rows.empty:
        empty = pd.DataFrame(columns=["option", "label", "kind", "order", *STRANDS, ALL, "rank"])
        return QuestionCounts(survey, round_, question, text, empty, {}, (), expected)
    respondents: dict[str, int] = {}
    selected: dict[str, dict[str, int]] = {}
    labels: dict[str, str] = {}
    for option, label, strand, n, chosen in zip(
        rows["option"].astype(str),
        rows["label"].astype(str),
        rows["strand"].astype(str),
        rows["respondents"],
        rows["selected"],
        strict=True,
    ):
        respondents[strand] = max(respondents.get(strand, 0), int(n))
        per_strand = selected.setdefault(option, {})
        per_strand[strand] = per_strand.get(strand, 0) + int(chosen)
        labels.setdefault(option, label)
    strands = tuple(s for s in expected if respondents.get(s, 0) > 0)
    missing = tuple(s for s in expected if respondents.get(s, 0) == 0)
    codes = [option.code for option in codebook_question.options] if codebook_question else []
    records = []
    for index, (option, per_strand) in enumerate(selected.items()):
        label = labels[option]
        kind = (
            OTHER
            if option == OTHER
            else "none"
            if is_none_option(codebook_question, option, label)
            else "option"
        )
        order = codes.index(option) if option in codes else len(codes) + index
        counts = {strand: per_strand.get(strand, 0) for strand in (*STRANDS, ALL)}
        records.append({"option": option, "label": label, "kind": kind, "order": order, **counts})
    kind_order = {"option": 0, "none": 1, OTHER: 2}
    records.sort(key=lambda r: (kind_order[r["kind"]], -r[ALL], r["order"]))
    totals = [r[ALL] for r in records if r["kind"] == "option"]
    for record in records:
        # competition ranking: 1 + how many listed options were chosen more often
        record["rank"] = (
            1 + sum(total > record[ALL] for total in totals) if record["kind"] == "option" else None
        )
    table = pd.DataFrame.from_records(records)
    for strand in (*STRANDS, ALL):
        table[strand] = table[strand].astype("int64")
    table["rank"] = table["rank"].astype("Int64")
    return QuestionCounts(
        survey=survey,
        round=round_,
        question=question,
        text=text,
        table=table,
        respondents=respondents,
        strands=strands,
        missing_strands=missing,
    )


def multiple_choice_questions(survey: str) -> list[Question]:
    """The codebook's multiple-choice questions of ``survey``, in questionnaire order."""
    return load_codebook(survey).multiple_choice_questions


# --- countries -----------------------------------------------------------------------------------

#: Short forms where ISO's name is long or formal; the rest comes from pycountry's common name.
COUNTRY_SHORT_NAMES: dict[str, str] = {
    "US": "USA",
    "GB": "United Kingdom",
    "RU": "Russia",
    "KR": "South Korea",
    "KP": "North Korea",
    "CD": "DR Congo",
    "CZ": "Czechia",
    "VN": "Vietnam",
    "TW": "Taiwan",
    "IR": "Iran",
}
#: Names read with "the" in a sentence.
COUNTRY_ARTICLE: frozenset[str] = frozenset({"US", "GB", "NL", "PH", "AE", "CD", "DO", "BS", "GM"})
#: EU member states (EU-27), plus the United Kingdom for rounds before its exit on 1 February 2020:
#: a "third country" is one outside the EU.
EU_MEMBERS: frozenset[str] = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "IE", "IT",
        "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "HU",
    }
)  # fmt: skip


def country_name(code: str, *, article: bool = False) -> str:
    """A readable short name of an ISO 3166-1 alpha-2 code (``US`` -> ``USA``)."""
    import pycountry

    name = COUNTRY_SHORT_NAMES.get(code)
    if name is None:
        country = pycountry.countries.get(alpha_2=code)
        name = (getattr(country, "common_name", None) or country.name) if country else code
    return f"the {name}" if article and code in COUNTRY_ARTICLE else name


def is_eu_member(code: str, round_: str) -> bool:
    """Whether ``code`` was an EU member state when ``round_`` closed."""
    year = int(round_[:4])
    return code in EU_MEMBERS or (code == "GB" and year < 2020)


def third_country_mentions(
    country_mentions: pd.DataFrame, survey: str, round_: str, question: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Countries named in one question's free text: (third countries, EU member states).

    Both frames have ``country``, ``name``, ``mentions``, sorted by mentions (descending) then name.
    """
    rows = country_mentions[
        (country_mentions["survey"] == survey)
        & (country_mentions["round"] == round_)
        & (country_mentions["question"] == question)
        & (country_mentions["mentions"] > 0)
    ]
    frame = pd.DataFrame(
        {
            "country": rows["country"].astype(str).to_numpy(),
            "mentions": rows["mentions"].astype("int64").to_numpy(),
        }
    )
    frame["name"] = [country_name(code) for code in frame["country"]]
    frame = frame.sort_values(["mentions", "name"], ascending=[False, True]).reset_index(drop=True)
    eu = frame["country"].map(lambda code: is_eu_member(code, round_)).astype(bool)
    return frame[~eu].reset_index(drop=True), frame[eu].reset_index(drop=True)


# --- the tables a publication reads --------------------------------------------------------------


@dataclass
class AnalystTables:
    """The analyst tables the publications read; a table not (yet) available is an empty frame."""

    option_counts: pd.DataFrame = field(default_factory=pd.DataFrame)
    round_comparison: pd.DataFrame = field(default_factory=pd.DataFrame)
    cooperation_agreements: pd.DataFrame = field(default_factory=pd.DataFrame)
    agreements_by_round: pd.DataFrame = field(default_factory=pd.DataFrame)
    escp_collaborations: pd.DataFrame = field(default_factory=pd.DataFrame)
    country_mentions: pd.DataFrame = field(default_factory=pd.DataFrame)
    respondents: pd.DataFrame = field(default_factory=pd.DataFrame)
    report_claims: pd.DataFrame = field(default_factory=pd.DataFrame)
    partnership_rounds: pd.DataFrame = field(default_factory=pd.DataFrame)
    free_text_answers: pd.DataFrame = field(default_factory=pd.DataFrame)
    round_sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    questionnaire_changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: each processed round's own questionnaire, by (survey, round) (the ``questionnaire`` asset)
    questionnaires: dict[tuple[str, str], Codebook] = field(default_factory=dict)

    def surveys(self) -> list[str]:
        """Surveys with at least one processed round (in ``option_counts``).

        The surveys the project ships first, in their order, then any other survey by name.
        """
        return surveys_in(self.option_counts)

    def questionnaire(self, survey: str, round_: str) -> Codebook | None:
        """The round's own questionnaire; else the survey's shipped codebook; else None."""
        return self.questionnaires.get((survey, round_)) or shipped_codebook(survey)

    def question_counts(self, survey: str, round_: str, question: str) -> QuestionCounts:
        """``question_counts`` of one question of one round, with the round's own questionnaire."""
        return question_counts(
            self.option_counts, survey, round_, question, self.questionnaire(survey, round_)
        )

    def processed_rounds(self, survey: str) -> list[str]:
        """Rounds of ``survey`` found in ``option_counts`` or ``respondents``, in order."""
        rounds = set(rounds_of(self.option_counts, survey)) | set(
            rounds_of(self.respondents, survey)
        )
        return sorted(rounds, key=round_sort_key)


def questionnaires_by_round(loaded: Mapping[str, Codebook]) -> dict[tuple[str, str], Codebook]:
    """The ``questionnaire`` asset's ``{partition key: Codebook}`` keyed by (survey, round)."""
    by_round: dict[tuple[str, str], Codebook] = {}
    for key, codebook in loaded.items():
        survey_round = SurveyRound.from_partition_key(key)
        by_round[(survey_round.survey, survey_round.round)] = codebook
    return by_round


def rows_of(frame: pd.DataFrame, **equals: str) -> pd.DataFrame:
    """The rows of ``frame`` whose columns equal the given values (empty if a column is missing)."""
    if frame.empty or any(column not in frame for column in equals):
        return frame.iloc[0:0]
    mask = pd.Series(True, index=frame.index)
    for column, value in equals.items():
        mask &= frame[column] == value
    return frame[mask]


def partnership_strands(
    respondents: pd.DataFrame, survey: str, round_: str
) -> dict[str, str | None]:
    """Partnership -> strand: as answered in that round (complete answers), else the registry's."""
    from escp_pipeline.contract.registry import load_registry

    strands: dict[str, str | None] = {p.name: p.strand for p in load_registry().partnerships}
    answered = rows_of(respondents, survey=survey, round=round_)
    if len(answered):
        answered = answered[answered["status"] == "complete"]
        for name, strand in zip(answered["partnership"], answered["strand"], strict=True):
            strands[str(name)] = strand if isinstance(strand, str) and strand in STRANDS else None
    return strands


def table_one(tables: AnalystTables, survey: str) -> tuple[pd.DataFrame, list[str], dict[str, int]]:
    """Table 1 of the report from ``agreements_by_round``: partnerships down, rounds across.

    Returns:
        The wide frame (``partnership``, ``strand``, one column per round: agreements, null where
        the partnership stated no number that round), the rounds in order, and each round's total
        (``round_total``).
    """
    rows = rows_of(tables.agreements_by_round, survey=survey)
    if rows.empty:
        return pd.DataFrame(columns=["partnership", "strand"]), [], {}
    rounds = sorted(rows["round"].astype(str).unique(), key=round_sort_key)
    wide = rows.pivot(index="partnership", columns="round", values="agreements")
    wide = wide.reindex(columns=rounds).reset_index().rename_axis(columns=None)
    totals = {
        str(r): int(t) for r, t in rows.drop_duplicates("round")[["round", "round_total"]].values
    }
    stated = rows_of(tables.cooperation_agreements, survey=survey)
    strand_by_name: dict[str, str | None] = {}
    if len(stated):
        ordered = stated.assign(_order=stated["round"].map(round_sort_key)).sort_values("_order")
        for name, strand in zip(ordered["partnership"], ordered["strand"], strict=True):
            if isinstance(strand, str) and strand in STRANDS:
                strand_by_name[str(name)] = strand
    registry = partnership_strands(pd.DataFrame(), survey, rounds[-1])
    wide.insert(
        1,
        "strand",
        [strand_by_name.get(p) or registry.get(p) for p in wide["partnership"].astype(str)],
    )
    return wide, rounds, totals
