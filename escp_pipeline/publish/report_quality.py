"""The report's chapter 6, "Data quality": what was counted and what the data says about itself.

Responses counted, incomplete and superseded per round; strands answered against the registry;
partnership names written as free text; the seed report's claims against the data. The sections that
other modules add to the chapter (questionnaire changes, the registry) are appended by
``report.build_report``.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from escp_pipeline.publish.data import STRANDS, AnalystTables, survey_name
from escp_pipeline.publish.narrative_words import join_words
from escp_pipeline.publish.report_model import HtmlTable, Section


def data_quality(tables: AnalystTables, table_caption: Callable[[str], str]) -> Section:
    """Chapter 6: responses counted, strands against the registry, free-text names, claims."""
    section = Section("6", "Data quality", level=1)
    section.children.append(responses(tables, table_caption))
    section.children.append(strands(tables, table_caption))
    section.children.append(names(tables, table_caption))
    section.children.append(claims(tables, table_caption))
    return section


def responses(tables: AnalystTables, table_caption: Callable[[str], str]) -> Section:
    section = Section("6.1", "Responses counted, incomplete and superseded", level=2)
    respondents = tables.respondents
    if respondents.empty:
        section.paragraphs.append(["The respondents table is not available."])
        return section
    rows, sentences = [], []
    for (survey, round_), group in respondents.groupby(["survey", "round"], sort=False):
        counts = group["status"].value_counts()
        complete = int(counts.get("complete", 0))
        incomplete = int(counts.get("incomplete", 0))
        superseded = int(counts.get("superseded", 0))
        rows.append(
            [
                survey_name(str(survey)),
                str(round_),
                str(len(group)),
                str(complete),
                str(incomplete),
                str(superseded),
            ]
        )
        sentences.append(
            responses_sentence(str(survey), str(round_), group, complete, incomplete, superseded)
        )
    order = sorted(range(len(rows)), key=lambda i: (rows[i][0], rows[i][1]))
    section.paragraphs += [[sentences[i]] for i in order]
    section.tables.append(
        HtmlTable(
            caption=table_caption("Responses per survey round"),
            header=[
                "Survey",
                "Round",
                "Responses",
                "Complete (counted)",
                "Incomplete",
                "Superseded",
            ],
            rows=[rows[i] for i in order],
            note="Only complete answers that are not superseded enter the counts, tables and "
            "figures of this report.",
            numeric=(2, 3, 4, 5),
        )
    )
    return section


def strands(tables: AnalystTables, table_caption: Callable[[str], str]) -> Section:
    section = Section("6.2", "Strand answered against the registry", level=2)
    section.paragraphs.append(strand_sentences(tables.respondents))
    return section


def names(tables: AnalystTables, table_caption: Callable[[str], str]) -> Section:
    section = Section("6.3", "Partnership names written as free text", level=2)
    section.paragraphs.append(name_sentences(tables.escp_collaborations))
    return section


def claims(tables: AnalystTables, table_caption: Callable[[str], str]) -> Section:
    section = Section("6.4", "The seed report's numbers against the data", level=2)
    claims = tables.report_claims
    if claims.empty or "reproduced" not in claims:
        section.paragraphs.append(["The check of the report's claims is not available."])
        return section
    every_claim = claims
    # claims about rounds this data dir does not hold are not checked (not a failure)
    if "applicable" in claims:
        claims = claims[claims["applicable"].astype(bool)]
    not_applicable = len(every_claim) - len(claims)
    reproduced = claims["reproduced"].astype(bool)
    failed = claims[~reproduced]
    total = len(claims)
    lead = (
        f"Of the {total} numbered claims of the seed report, {int(reproduced.sum())} "
        f"{'is' if int(reproduced.sum()) == 1 else 'are'} reproduced by the data"
    )
    if not_applicable:
        lead = (
            f"{not_applicable} claim(s) of the seed report are about rounds not processed here "
            f"and are not checked. {lead}"
        )
    if claims.empty:
        section.paragraphs.append(
            [
                f"None of the seed report's {not_applicable} claims is about a round processed "
                "here, so none was checked."
            ]
        )
    elif failed.empty:
        section.paragraphs.append([f"{lead}, that is all of them."])
    else:
        explained = failed["conflict"].fillna("").astype(str).str.strip() != ""
        unexplained = int((~explained).sum())
        why = (
            "the report contradicts itself there, as its conflict note explains"
            if unexplained == 0
            else f"{unexplained} of them without a note explaining why: check the data"
        )
        section.paragraphs.append(
            [f"{lead}; {len(failed)} {'is' if len(failed) == 1 else 'are'} not ({why})."]
        )
        section.tables.append(
            HtmlTable(
                caption=table_caption("Claims of the seed report the data does not reproduce"),
                header=[
                    "Claim",
                    "Section",
                    "What the report says",
                    "Expected",
                    "In the data",
                    "Why",
                ],
                rows=[
                    [
                        str(row["id"]),
                        str(row["source"]),
                        str(row["text"]),
                        str(row["expected"]),
                        str(row["actual"]),
                        str(row["conflict"])
                        if isinstance(row["conflict"], str) and row["conflict"].strip()
                        else "not explained: check the data",
                    ]
                    for _, row in failed.iterrows()
                ],
            )
        )
    section.details = HtmlTable(
        caption="Every claim",
        header=["Claim", "Section", "Reproduced", "Expected", "In the data"],
        rows=[
            [
                str(row["id"]),
                str(row["source"]),
                "yes" if bool(row["reproduced"]) else "no",
                str(row["expected"]),
                str(row["actual"]),
            ]
            for _, row in every_claim.iterrows()
        ],
    )
    return section


def responses_sentence(
    survey: str, round_: str, group: pd.DataFrame, complete: int, incomplete: int, superseded: int
) -> str:
    total = len(group)
    head = (
        f"{survey_name(survey)} round {round_}: {total} "
        f"{'response' if total == 1 else 'responses'}, "
        f"{complete} complete {'answer' if complete == 1 else 'answers'} counted"
    )
    notes = []
    if incomplete:
        notes.append(
            f"{incomplete} incomplete {'response' if incomplete == 1 else 'responses'} "
            "(left before submitting)"
        )
    if superseded:
        names = sorted(set(group.loc[group["status"] == "superseded", "partnership"].astype(str)))
        notes.append(
            f"{superseded} superseded {'answer' if superseded == 1 else 'answers'} (an earlier "
            f"complete answer of a partnership that answered again: {join_words(names)})"
        )
    if not notes:
        return head + "; none incomplete or superseded."
    verb = "is" if incomplete + superseded == 1 else "are"
    return f"{head}; {join_words(notes)} {verb} not counted."


def strand_sentences(respondents: pd.DataFrame) -> list[str]:
    """Partnerships whose answered strand differs from the strand the registry gives."""
    from escp_pipeline.contract.registry import load_registry

    if respondents.empty:
        return ["The respondents table is not available."]
    registry = load_registry()
    complete = respondents[(respondents["status"] == "complete")]
    found = []
    for _, row in complete.iterrows():
        answered = row["strand"] if isinstance(row["strand"], str) else None
        if answered not in STRANDS:
            continue
        partnership = registry.lookup(str(row["partnership"]))
        if partnership is None or partnership.strand is None or partnership.strand == answered:
            continue
        found.append(
            f"{row['partnership']} answered {answered} in {survey_name(str(row['survey']))} round "
            f"{row['round']}, while the report gives {partnership.strand}"
        )
    if not found:
        return [
            "Every complete ESCP-4i answer states the strand the report gives for its partnership "
            "(where the report gives one)."
        ]
    count = len(found)
    return [
        f"{count} complete {'answer states' if count == 1 else 'answers state'} a strand other "
        f"than the report's: {'; '.join(found)}. The counts use the strand as answered."
    ]


def name_sentences(links: pd.DataFrame) -> list[str]:
    """Partners outside the registry and, where the table records it, names matched by spelling."""
    if links.empty:
        return ["No collaboration links to check."]
    out = []
    outside = links[~links["target_in_registry"].astype(bool)]
    if outside.empty:
        out.append("Every partner named in the collaboration questions is in the registry.")
    else:
        groups = []
        for (survey, round_), group in outside.groupby(["survey", "round"]):
            names = join_words(sorted(set(group["target"].astype(str))))
            groups.append(f"{survey_name(str(survey))} round {round_}: {names}")
        out.append(
            "Partners named as free text that are in neither survey list are kept as written and "
            f"marked * in Table 2 and the network: {'; '.join(groups)}."
        )
    if {"target_as_written", "target_match"} <= set(links.columns):
        fuzzy = links[links["target_match"].astype(str) == "fuzzy"]
        if fuzzy.empty:
            out.append("No partnership name needed matching by close spelling.")
        else:
            pairs = sorted(
                {
                    f"“{w}” as {t}"
                    for w, t in zip(fuzzy["target_as_written"], fuzzy["target"], strict=True)
                }
            )
            out.append(f"Read by close spelling (fuzzy matching): {join_words(pairs)}.")
    else:
        out.append(
            "Free-text names are resolved to the registry by code, name, alias and close "
            "spelling; the collaborations table does not record which names needed the close-"
            "spelling match, so they cannot be listed here."
        )
    return out
