"""The ``country_mentions`` analyst table: which countries the free text of each question names.

What belongs here: recognising countries in free text (pycountry's names, official and common names,
plus the short forms people write: USA, US, U.S., the States, UK, Britain, PRC, South Korea, Russia,
...) and counting, per question, how many complete answers name each country. What does not: any
other reading of free text.

Rules:
    - a name counts only as a whole word or phrase ("Oman" is not found in "Romania", "India" not in
      "Indiana"); "New Mexico" and "New Jersey" are US states, not Mexico or Jersey.
    - acronyms (US, USA, U.S., UK, PRC, UAE, DPRK, DRC) and "the States" are matched with their
      capitals only, so the pronoun "us" is not the United States; full names match in any case.
    - continents, regions and unions (Europe, EU, Africa, Latin America, Antarctica) are not
      countries.
    - one answer naming a country several times, in one or several fields of the question, counts
      once.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

from escp_pipeline.analysis.option_counts import COMPLETE, survey_rounds_in
from escp_pipeline.catalogue.derive import empty_frame
from escp_pipeline.catalogue.tables import columns
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.validation.contact_answers import without_contact_answers

COUNTRY_MENTIONS_COLUMNS: tuple[str, ...] = columns("country_mentions")

#: ISO 3166-1 entries that are not countries in this sense (Antarctica is a continent).
NOT_COUNTRIES: frozenset[str] = frozenset({"AQ"})

#: short forms matched in any case, beside pycountry's names.
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "US": ("United States", "United States of America"),
    "GB": ("Britain", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland"),
    "CN": ("Mainland China", "People's Republic of China", "PR China", "P.R. China"),
    "KR": ("South Korea", "Korea", "Republic of Korea"),
    "KP": ("North Korea",),
    "RU": ("Russia",),
    "TR": ("Turkey", "Turkiye"),
    "CZ": ("Czech Republic",),
    "NL": ("The Netherlands", "Holland"),
    "VN": ("Vietnam",),
    "IR": ("Iran",),
    "SY": ("Syria",),
    "LA": ("Laos",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "MD": ("Moldova",),
    "MK": ("Macedonia", "FYROM"),
    "CI": ("Ivory Coast", "Cote d'Ivoire"),
    "CV": ("Cape Verde",),
    "SZ": ("Swaziland",),
    "MM": ("Burma",),
    "TL": ("East Timor",),
    "VA": ("Vatican", "Vatican City"),
    "BN": ("Brunei",),
    "PS": ("Palestine",),
    "FM": ("Micronesia",),
    "CD": ("DR Congo", "Democratic Republic of the Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville", "Republic of the Congo"),
    "AE": ("Emirates",),
    "TW": ("Taiwan",),
    "MO": ("Macau",),
}
#: short forms matched only as written (capitals), so that "us" stays a pronoun.
CASE_SENSITIVE_FORMS: dict[str, tuple[str, ...]] = {
    "US": ("US", "USA", "U.S.", "U.S.A.", "U.S.A", "the States", "The States"),
    "GB": ("UK", "U.K."),
    "CN": ("PRC", "P.R.C."),
    "AE": ("UAE", "U.A.E."),
    "KP": ("DPRK",),
    "CD": ("DRC",),
}


def _fold(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


def _as_pattern(name: str) -> str:
    escaped = re.escape(name)
    escaped = escaped.replace(r"\ ", r"\s+").replace("'", "['’]")
    return escaped


@functools.cache
def country_names() -> tuple[dict[str, str], dict[str, str]]:
    """(folded name -> alpha-2, exact short form -> alpha-2) for every country recognised."""
    import pycountry

    any_case: dict[str, str] = {}
    for country in pycountry.countries:
        if country.alpha_2 in NOT_COUNTRIES:
            continue
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                any_case.setdefault(_fold(name), country.alpha_2)
    for code, names in SHORT_FORMS.items():
        for name in names:
            any_case.setdefault(_fold(name), code)
    exact = {name: code for code, names in CASE_SENSITIVE_FORMS.items() for name in names}
    return any_case, exact


@functools.cache
def country_pattern() -> re.Pattern[str]:
    """One regular expression that finds every recognised country name as a whole word."""
    any_case, exact = country_names()
    # the longest names first, so "Papua New Guinea" wins over "Guinea" and "Niger" never cuts
    # "Nigeria" (the word boundaries would also stop that)
    folded = sorted(any_case, key=len, reverse=True)
    exact_names = sorted(exact, key=len, reverse=True)
    insensitive = "|".join(_as_pattern(name) for name in folded)
    sensitive = "|".join(_as_pattern(name) for name in exact_names)
    return re.compile(rf"(?<![\w.])(?<![Nn]ew\s)(?P<name>(?i:{insensitive})|{sensitive})(?![\w])")


def country_code(match: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a matched name."""
    any_case, exact = country_names()
    normalised = " ".join(match.replace("’", "'").split())
    return exact.get(normalised) or any_case.get(_fold(match))


def countries_named(texts: pd.Series) -> pd.DataFrame:
    """Every (row label, country) pair where the text of that row names the country, once each."""
    found = texts.astype("str").str.extractall(country_pattern())
    if found.empty:
        return pd.DataFrame({"row": pd.Series(dtype=object), "country": pd.Series(dtype="str")})
    codes = found["name"].map(country_code)
    rows = found.index.droplevel(-1)  # the text's own label (may itself be a tuple)
    pairs = pd.DataFrame({"row": list(rows), "country": codes.to_numpy()}).dropna()
    return pairs.drop_duplicates().reset_index(drop=True)


def question_texts(core: pd.DataFrame, columns: list[str]) -> pd.Series:
    """All free text of one question per response, its fields joined by line breaks."""
    present = [column for column in columns if column in core.columns]
    if not present:
        return pd.Series(pd.NA, index=core.index, dtype="str")
    first = core[present[0]].astype("str")
    if len(present) == 1:
        return first
    others = [core[column].astype("str") for column in present[1:]]
    joined = first.str.cat(others, sep="\n", na_rep="")
    return joined.where(joined.str.strip().str.len() > 0)


def country_mentions(core: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """How many complete answers name each country anywhere in each question's free text.

    Free text is every comment, ``[other]`` text, short and long text, multiple short text and array
    text of the question (``Question.free_text_columns``). Questions without mentions have no rows;
    nor has a text question of a survey the project does not ship whose answers held contact data
    (``validation.contact_answers``).

    Returns:
        The ``country_mentions`` columns of OUTPUTS.md, per round sorted by question (codebook
        order), then most mentions first, then country code.
    """
    codebook = without_contact_answers(core, codebook)
    complete = core["status"].eq(COMPLETE).to_numpy(dtype=bool, na_value=False)
    order = {question.code: index for index, question in enumerate(codebook.questions)}
    frames = []
    for survey, round_, rows in survey_rounds_in(core):
        answers = core.loc[rows & complete]
        if answers.empty:
            continue
        # every question's text per answer, stacked, so one regular-expression pass finds them all
        texts = []
        for question in codebook.questions:
            columns = question.free_text_columns()
            if question.personal_data or not columns:
                continue
            text = question_texts(answers, columns).dropna()
            if len(text):
                texts.append(
                    text.set_axis(pd.MultiIndex.from_product([[question.code], text.index]), axis=0)
                )
        if not texts:
            continue
        pairs = countries_named(pd.concat(texts))
        if pairs.empty:
            continue
        pairs["question"] = [row[0] for row in pairs["row"]]
        counts = pairs.groupby(["question", "country"]).size().rename("mentions").reset_index()
        frames.append(counts.assign(survey=survey, round=round_))
    if not frames:
        return empty_frame("country_mentions")
    table = pd.concat(frames, ignore_index=True).loc[:, list(COUNTRY_MENTIONS_COLUMNS)]
    table = table.assign(_order=table["question"].map(order)).sort_values(
        ["survey", "round", "_order", "mentions", "country"],
        ascending=[True, True, True, False, True],
    )
    table = table.drop(columns="_order").reset_index(drop=True)
    for column in ("survey", "round", "question", "country"):
        table[column] = table[column].astype("str")
    table["mentions"] = table["mentions"].astype("int64")
    return table
