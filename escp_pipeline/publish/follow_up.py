"""The report's follow-up parts: who answered, the per-partnership annex and what respondents wrote.

What belongs here: report sections built from ``partnership_rounds``, ``free_text_answers``,
``escp_collaborations`` and ``round_sources`` — the data-quality section on how many of each
programme's partnerships answered each round (and why that may differ from the seed report's count),
the annex table of every partnership across rounds and the annex of free text grouped by question
and option. ``report.build_report`` adds them; the sections are the report's own ``Section`` and
``HtmlTable`` objects, so they render, number and list like every other part. The footer's
provenance lines are ``sources.source_lines``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from escp_pipeline.contract.codebook import Codebook, load_codebook
from escp_pipeline.contract.drops import round_sort_key
from escp_pipeline.publish.data import (
    AnalystTables,
    has_strands,
    rounds_of,
    rows_of,
    survey_name,
    surveys_in,
)
from escp_pipeline.publish.narrative_words import join_words
from escp_pipeline.publish.report_model import HtmlTable, Section, plain_text, strand_text

Caption = Callable[[str], str]
DASH = "–"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# --- who answered (data quality) ----------------------------------------------------------------


def seed_rounds() -> dict[tuple[str, str], dict[str, Any]]:
    """The seed report's rounds (``report-facts.yaml``): invited partnerships, complete answers."""
    from escp_pipeline.analysis.claims import load_report_facts

    rounds = load_report_facts().get("rounds") or []
    return {(str(r["survey"]), str(r["round"])): r for r in rounds if "survey" in r}


def answered_sentence(group: pd.DataFrame) -> str:
    """``ESCP-4i round 2019-r2: 19 of the programme's 25 partnerships answered; …``."""
    survey, round_ = str(group["survey"].iloc[0]), str(group["round"].iloc[0])
    answered = int((group["status"] == "answered").sum())
    head = (
        f"{survey_name(survey)} round {round_}: {answered} of the programme's "
        f"{_plural(len(group), 'partnership', 'partnerships')} answered"
    )
    missing = []
    for status, words in (
        ("incomplete_only", "started but did not submit"),
        ("not_answered", "did not answer"),
    ):
        names = sorted(group.loc[group["status"] == status, "partnership"].astype(str))
        if names:
            missing.append(f"{join_words(names)} {words}")
    if not missing:
        return f"{head}, that is all of them."
    return f"{head}; {'; '.join(missing)}."


def seed_comparison(group: pd.DataFrame, seed: dict[str, Any] | None) -> str | None:
    """Whether this round's count matches the seed report's ``C of I``, and why not.

    None: the seed report gives no number of invited partnerships for the round.
    """
    if not seed or "invited" not in seed:
        return None
    invited = int(seed["invited"])
    stated = (seed.get("complete") or {}).get("all")
    answered = int((group["status"] == "answered").sum())
    programme = len(group)
    survey, round_ = survey_name(str(group["survey"].iloc[0])), str(group["round"].iloc[0])
    if stated is not None and (int(stated), invited) == (answered, programme):
        return (
            f"This agrees with the seed report's {stated} of {invited} for {survey} round {round_}."
        )
    reasons = []
    if programme != invited:
        registry = int(group["in_registry"].sum())
        questionnaire = int(group["in_questionnaire"].sum())
        listed = (
            f"the partnership registry and the round's questionnaire both list {registry}"
            if registry == questionnaire == programme
            else f"the partnership registry lists {registry} and the round's questionnaire offers "
            f"{questionnaire} ({programme} partnerships in all)"
        )
        more = "more" if programme > invited else "fewer"
        reasons.append(
            f"{listed} {survey} partnerships, {abs(programme - invited)} {more} than the "
            f"{invited} the seed report invited"
        )
    if stated is not None and int(stated) != answered:
        incomplete = sorted(group.loc[group["status"] == "incomplete_only", "partnership"])
        started = (
            f" ({join_words([str(n) for n in incomplete])} started without submitting)"
            if incomplete
            else ""
        )
        reasons.append(
            f"the export holds {answered} complete answers where the seed report counted "
            f"{stated}{started}"
        )
    if stated is None:
        return (
            f"The seed report invited {invited} {survey} partnerships to round {round_}; here the "
            f"programme has {programme}: {'; '.join(reasons) or 'the same number'}."
        )
    return (
        f"The seed report gives {stated} of {invited} for {survey} round {round_}; here it is "
        f"{answered} of {programme}: {'; '.join(reasons)}."
    )


def answered_section(tables: AnalystTables, number: str, caption: Caption) -> Section:
    """Data quality: per round, how many of the programme's partnerships answered, and who not."""
    section = Section(number, "Partnerships that answered each round", level=2)
    table = tables.partnership_rounds
    if table.empty:
        section.paragraphs.append(["The partnership_rounds table is not available."])
        return section
    seeds = seed_rounds()
    rows, paragraphs = [], []
    groups = table.groupby(["survey", "round"], sort=False)
    ordered = sorted(groups, key=lambda item: (item[0][0], round_sort_key(str(item[0][1]))))
    for (survey, round_), group in ordered:
        sentences = [answered_sentence(group)]
        comparison = seed_comparison(group, seeds.get((str(survey), str(round_))))
        if comparison:
            sentences.append(comparison)
        paragraphs.append(sentences)
        counts = group["status"].value_counts()
        rows.append(
            [
                survey_name(str(survey)),
                str(round_),
                str(len(group)),
                str(int(counts.get("answered", 0))),
                str(int(counts.get("incomplete_only", 0))),
                str(int(counts.get("not_answered", 0))),
            ]
        )
    section.lead = (
        "A survey's programme is every partnership the registry lists for it and every "
        "partnership its questionnaire offers; a partnership answered when a complete answer of "
        "it counts."
    )
    section.paragraphs += paragraphs
    section.tables.append(
        HtmlTable(
            caption=caption("Partnerships of each programme that answered, per round"),
            header=["Survey", "Round", "Partnerships", "Answered", "Incomplete only", "No answer"],
            rows=rows,
            note="The names of those that did not answer are in the sentences above; the annex "
            "“Partnerships across rounds” has every partnership.",
            numeric=(2, 3, 4, 5),
        )
    )
    return section


# --- annex: every partnership across rounds ------------------------------------------------------


def _cell_count(value: object) -> str:
    return DASH if value is None or pd.isna(value) else str(int(value))  # type: ignore[arg-type,call-overload]


def partnership_annex_table(tables: AnalystTables, survey: str, caption: Caption) -> Any:
    """One row per partnership of ``survey``'s programme, with what it answered.

    Rounds answered, strand, agreements per round and the partners it named in the latest round it
    answered.
    """
    table = rows_of(tables.partnership_rounds, survey=survey)
    rounds = rounds_of(table, survey)
    links = rows_of(tables.escp_collaborations, survey=survey)
    rows = []
    order = table.drop_duplicates("partnership_code")[["partnership_code", "partnership"]]
    order = order.sort_values("partnership", key=lambda s: s.str.casefold())
    for code, name in order.itertuples(index=False):
        own = table[table["partnership_code"] == code].set_index("round")
        answered = [r for r in rounds if r in own.index and own.loc[r, "status"] == "answered"]
        strands = [
            str(own.loc[r, "strand"]) for r in answered if isinstance(own.loc[r, "strand"], str)
        ]
        registry_strand = own["registry_strand"].dropna()
        strand = (
            strands[-1] if strands else (registry_strand.iloc[0] if len(registry_strand) else None)
        )
        agreements = [
            _cell_count(own.loc[r, "agreements"]) if r in answered else DASH for r in rounds
        ]
        named = DASH
        if answered and not links.empty:
            latest = answered[-1]
            targets = links[(links["source"] == name) & (links["round"] == latest)]["target"]
            if len(targets):
                named = f"{latest}: {', '.join(sorted(set(targets.astype(str)), key=str.casefold))}"
        rows.append(
            [
                str(name),
                strand_text(strand),
                f"{len(answered)} of {len(rounds)}"
                + (f" ({', '.join(answered)})" if answered else ""),
                *agreements,
                named,
            ]
        )
    header = [
        survey_name(survey),
        "Strand",
        "Rounds answered",
        *[f"Agreements {r}" for r in rounds],
        "Collaborations named (latest round answered)",
    ]
    note = "– : not answered that round, or no number of agreements stated."
    first_number = 3
    if not has_strands(survey):
        header, rows = _without_column(header, rows, 1)
        first_number = 2
    else:
        note = f"Strand as answered in the latest round answered, else the registry's. {note}"
    return HtmlTable(
        caption=caption(f"{survey_name(survey)} partnerships across rounds"),
        header=header,
        rows=rows,
        note=note,
        numeric=tuple(range(first_number, first_number + len(rounds))),
    )


def _without_column(
    header: list[str], rows: list[list[str]], index: int
) -> tuple[list[str], list[list[str]]]:
    """A table without one column (the strand of a survey that has none)."""
    kept = [[cell for i, cell in enumerate(cells) if i != index] for cells in (header, *rows)]
    return kept[0], kept[1:]


def partnership_annex(tables: AnalystTables, number: str, caption: Caption) -> Section:
    """Annex: every partnership of each programme across the processed rounds."""
    section = Section(number, "Partnerships across rounds", level=1)
    section.lead = (
        "The follow-up list: every partnership of each programme, the rounds it answered, the "
        "cooperation agreements it stated and the partnerships it named as collaborators."
    )
    for survey in ("escp-4i", "escp-s3"):
        if rows_of(tables.partnership_rounds, survey=survey).empty:
            continue
        section.tables.append(partnership_annex_table(tables, survey, caption))
    if not section.tables:
        section.paragraphs.append(["The partnership_rounds table is not available."])
    return section


# --- annex: what respondents wrote ---------------------------------------------------------------


def _option_name(question: Any, option: str, kind: str, label: str) -> str:
    if option == "":
        return "(text answer)"
    if option == "other":
        return "Other: comment" if kind == "comment" else "Other (as written)"
    return label or option


def free_text_section(
    texts: pd.DataFrame,
    survey: str,
    round_: str,
    number: str,
    caption: Caption,
    questionnaire: Codebook | None = None,
) -> Any:
    """One survey round's texts: a sub-section per question, a table grouped by option.

    Questions and options in the order of ``questionnaire``, the round's own (default: the survey's
    shipped codebook).
    """
    codebook = questionnaire or load_codebook(survey)
    section = Section(number, f"{survey_name(survey)}, round {round_}", level=2)
    order = {q.code: i for i, q in enumerate(codebook.questions)}
    questions = sorted(texts["question"].astype(str).unique(), key=lambda q: order.get(q, 10**6))
    section.lead = (
        f"{_plural(len(texts), 'text', 'texts')} from "
        f"{_plural(texts['response_id'].nunique(), 'counted answer', 'counted answers')}."
    )
    for index, code in enumerate(questions, start=1):
        try:
            question = codebook.question(code)
            title = question.text if len(question.text) <= 90 else question.text[:87] + "…"
        except KeyError:
            question, title = None, code
        rows_in = texts[texts["question"] == code]
        option_order = (
            {o.code: i for i, o in enumerate(question.options)} if question is not None else {}
        )
        rows_in = rows_in.assign(
            _option=rows_in["option"].map(option_order).fillna(len(option_order)),
            _name=rows_in["partnership"].str.casefold(),
        ).sort_values(["_option", "option", "kind", "_name"], kind="stable")
        child = Section(f"{number}.{index}", f"{code}: {title}", level=3)
        rows, previous = [], None
        for row in rows_in.itertuples(index=False):
            name = _option_name(question, str(row.option), str(row.kind), str(row.label))
            rows.append(
                [
                    name if name != previous else "",
                    str(row.partnership),
                    strand_text(row.strand),
                    plain_text(str(row.text)),
                ]
            )
            previous = name
        header = ["Option", survey_name(survey), "Strand", "Text (as written)"]
        if not has_strands(survey):
            header, rows = _without_column(header, rows, 2)
        child.tables.append(
            HtmlTable(
                caption=caption(f"What respondents wrote, {survey_name(survey)} {code}, {round_}"),
                header=header,
                rows=rows,
            )
        )
        section.children.append(child)
    return section


def free_text_annex(tables: AnalystTables, number: str, caption: Caption) -> Section:
    """Annex: what respondents wrote in the latest round of each survey, to quote from."""
    section = Section(number, "What respondents wrote", level=1)
    texts = tables.free_text_answers
    section.lead = (
        "Every comment, “Other” text and text answer of the counted answers of the latest round "
        "of each survey, grouped by question and option, with the partnership that wrote it. "
        "E-mail addresses and phone numbers are shown as [email] and [phone]; every round is in "
        "the free_text_answers table and the workbook."
    )
    for survey in surveys_in(texts):
        rounds = rounds_of(texts, survey)
        if not rounds:
            continue
        part = rows_of(texts, survey=survey, round=rounds[-1])
        number_ = f"{number}.{len(section.children) + 1}"
        questionnaire = tables.questionnaire(survey, rounds[-1])
        section.children.append(
            free_text_section(part, survey, rounds[-1], number_, caption, questionnaire)
        )
    if not section.children:
        section.paragraphs.append(["No free text was written, or the table is not available."])
    return section


# --- where the parts go ------------------------------------------------------------------------

DATA_QUALITY_TITLE = "Data quality"


def add_sections(chapters: list[Any], tables: AnalystTables, caption: Caption) -> None:
    """Add who answered to the data-quality chapter and append the two annexes, in place."""
    for chapter in chapters:
        if chapter.title == DATA_QUALITY_TITLE:
            number = f"{chapter.number}.{len(chapter.children) + 1}"
            chapter.children.append(answered_section(tables, number, caption))
            break
    chapters.append(partnership_annex(tables, "B", caption))
    chapters.append(free_text_annex(tables, "C", caption))
