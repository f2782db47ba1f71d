"""The three demo survey rounds: synthetic LimeSurvey exports that reproduce the seed report.

What belongs here: the code that turns the hand-built answers of ``escp-4i/2018-r1``,
``escp-4i/2019-r2`` and ``escp-s3/2019-r1`` into exports, and the command that writes them to
``data/incoming``. The answers themselves (which partnership answered, in which strand, what it
ticked and wrote) are data in ``devtools/demo_answers/``: one YAML file per round, the comment pools
per survey, and ``partnerships.yaml`` for what every round knows about a partnership; each file's
header says what its keys mean. The few answers that exist to exercise one case (a superseded
answer, incomplete responses, an ``[other]`` text) stay in the round's function below. Every number
of ``report-facts.yaml`` holds on the complete, not superseded answers, except where the report
contradicts itself (``demo_answers/conflicts.yaml``). What does not belong here: the export format
(``escp_pipeline.synthetic.limesurvey_export``) or random data (``random_rounds``).

The answers are fictitious. Organisations named in the report keep their names; every person is a
role placeholder ("Contact person, AdPack2"), every email address is on a reserved example domain
and every IP address is in a documentation range. Everything is deterministic (fixed seeds, fixed
dates, ``random.Random`` rather than numpy, whose streams may change between versions), so running
the command twice writes byte-identical files; ``make demo-data`` must reproduce the committed drops
byte for byte.

Usage: ``python -m devtools.demo_rounds [--out DIR]`` (default ``data/incoming``), from the
repository root.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import yaml

from escp_pipeline.contract.codebook import Codebook, load_codebook
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.synthetic.limesurvey_export import METADATA_COLUMNS, write_export

_Item = TypeVar("_Item", str, tuple[str, str, str, str])

#: separator between several partnership names typed in one ``[other]`` field (G2, E2).
OTHER_NAMES_SEPARATOR = "; "

DEMO_ROUNDS: tuple[tuple[str, str], ...] = (
    ("escp-4i", "2018-r1"),
    ("escp-4i", "2019-r2"),
    ("escp-s3", "2019-r1"),
)

S1, S2 = "S1", "S2"

# --------------------------------------------------------------------------------------------
# The answers, read from devtools/demo_answers/ (each file's header says what its keys mean)
# --------------------------------------------------------------------------------------------

#: where the hand-built answers live: one file per round, comment pools per survey, and what
#: every round knows about a partnership (sector, cooperation cases, events, SME examples).
ANSWERS_DIR = Path(__file__).resolve().with_name("demo_answers")

Targets = dict[str, int | tuple[int, int]]
Comments = dict[tuple[str, str, str], str]
Links = list[tuple[str, str, str]]


def load_answers(relative: str) -> Any:
    """One YAML file of ``demo_answers/``, e.g. ``escp-4i/2019-r2.yaml``."""
    return yaml.safe_load((ANSWERS_DIR / relative).read_text(encoding="utf-8"))


def _targets(ticks: dict[str, int | list[int]]) -> Targets:
    """Option -> count for everyone, or a (strand-1, strand-2) pair (a YAML list)."""
    return {
        option: (int(count[0]), int(count[1])) if isinstance(count, list) else int(count)
        for option, count in ticks.items()
    }


def _comments(nested: dict[str, dict[str, dict[str, str]]] | None) -> Comments:
    """Nested ``partnership -> question -> option -> text`` keyed by the triple instead."""
    return {
        (name, question, option): text
        for name, questions in (nested or {}).items()
        for question, options in questions.items()
        for option, text in options.items()
    }


def _links(collaborations: dict[str, list[dict[str, str]]] | None) -> dict[str, Links]:
    """``{tick: NAME}`` / ``{text: NAME}``, optional ``purpose``, as ``(how, name, purpose)``."""
    links: dict[str, Links] = {}
    for name, named in (collaborations or {}).items():
        links[name] = []
        for link in named:
            (how,) = {"tick", "text"} & set(link)
            links[name].append((how, link[how], link.get("purpose", "")))
    return links


def _pools(pools: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, tuple[str, ...]]]:
    return {q: {o: tuple(texts) for o, texts in options.items()} for q, options in pools.items()}


def _events(events: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    return [(e["name"], e["location"], e["date"], e["topic"]) for e in events]


_ROUND_2018 = load_answers("escp-4i/2018-r1.yaml")
_ROUND_2019 = load_answers("escp-4i/2019-r2.yaml")
_ROUND_S3 = load_answers("escp-s3/2019-r1.yaml")
_PARTNERSHIPS = load_answers("partnerships.yaml")

#: which side the demo data takes where the report contradicts itself (claim id -> side).
CONFLICTS: dict[str, str] = load_answers("conflicts.yaml")

#: ESCP-4i 2019-r2: the 19 complete, final answers (12 strand-1, 7 strand-2).
RESPONDENTS_2019: dict[str, str] = dict(_ROUND_2019["respondents"])
#: ESCP-4i 2018-r1: 20 complete answers (12 strand-1, 8 strand-2).
RESPONDENTS_2018: dict[str, str] = dict(_ROUND_2018["respondents"])
#: ESCP-S3 2019-r1: 8 complete answers; CYBER SECURE LIGHT leaves before submitting.
RESPONDENTS_S3: tuple[str, ...] = tuple(_ROUND_S3["respondents"])

#: Table 1: cooperation agreements (D3) per partnership, first and second survey.
AGREEMENTS: dict[str, dict[str, int]] = {
    "2018-r1": dict(_ROUND_2018["agreements"]),
    "2019-r2": dict(_ROUND_2019["agreements"]),
}

SECTORS: dict[str, str] = dict(_PARTNERSHIPS["sectors"])
SECTOR_WORDS: dict[str, str] = dict(_PARTNERSHIPS["sector_words"])

#: exact tick counts per question and option, per strand (pairs) or for everyone.
TICKS_2019: dict[str, Targets] = {q: _targets(t) for q, t in _ROUND_2019["ticks"].items()}
TICKS_2018: dict[str, Targets] = {q: _targets(t) for q, t in _ROUND_2018["ticks"].items()}
TICKS_S3: dict[str, Targets] = {q: _targets(t) for q, t in _ROUND_S3["ticks"].items()}

#: hand-written comments; a comment keyed (partnership, question, option) also forces the option.
#: B1 free text of 2019-r2 names exactly the report's target countries (section 2.1), no other.
COMMENTS_2019: Comments = _comments(_ROUND_2019["comments"])
COMMENTS_2018: Comments = _comments(_ROUND_2018["comments"])
COMMENTS_S3: Comments = _comments(_ROUND_S3["comments"])

#: Generic comments per question and option; picked at random for other ticked options.
POOLS_4I = _pools(load_answers("escp-4i/comment-pools.yaml"))
POOLS_S3 = _pools(load_answers("escp-s3/comment-pools.yaml"))

#: Table 2: who names whom in G2 (E2 for ESCP-S3), and how. ``("tick", target, purpose)`` ticks
#: the target's code; ``("text", written, purpose)`` types the name in the ``[other]`` field.
COLLABORATIONS_2019: dict[str, Links] = _links(_ROUND_2019["collaborations"])
COLLABORATIONS_2018: dict[str, Links] = _links(_ROUND_2018["collaborations"])
COLLABORATIONS_S3: dict[str, Links] = _links(_ROUND_S3["collaborations"])

#: Cooperation cases (D4) per partnership: type, organisation, country, sector, description.
#: The first survey reported the first ``AGREEMENTS["2018-r1"]`` of them.
CASES: dict[str, list[tuple[str, str, str, str, str]]] = {
    name: [
        (c["type"], c["organisation"], c["country"], c["sector"], c["description"]) for c in cases
    ]
    for name, cases in _PARTNERSHIPS["cases"].items()
}

#: European (H1) and beyond-Europe (H2) events per sector: name, location, month, topic.
EVENTS_EUROPE = {s: _events(e) for s, e in _PARTNERSHIPS["events_europe"].items()}
EVENTS_COMMON = _events(_PARTNERSHIPS["events_common"])
EVENTS_BEYOND = {s: _events(e) for s, e in _PARTNERSHIPS["events_beyond"].items()}

SME_EXAMPLES: tuple[tuple[str, tuple[str, ...], str], ...] = tuple(
    (e["name"], tuple(e["benefits"]), e["description"]) for e in _PARTNERSHIPS["sme_examples"]
)


# --------------------------------------------------------------------------------------------
# Building a round
# --------------------------------------------------------------------------------------------


@dataclass
class _Answer:
    """One response: its partnership, strand and cells, and when it was started and submitted."""

    partnership: str
    strand: str | None
    cells: dict[str, str] = field(default_factory=dict)
    complete: bool = True
    lastpage: int = 0
    started: dt.datetime | None = None
    submitted: dt.datetime | None = None


class _RoundBuilder:
    """Hand-built answers of one round, turned into an export frame."""

    def __init__(
        self,
        codebook: Codebook,
        seed: int,
        opened: dt.date,
        closed: dt.date,
        pools: dict[str, dict[str, tuple[str, ...]]],
        comment_share: float = 0.6,
    ) -> None:
        self.codebook = codebook
        self.rng = random.Random(seed)
        self.opened = opened
        self.closed = closed
        self.pools = pools
        self.comment_share = comment_share
        self.registry = load_registry()
        self.answers: list[_Answer] = []
        self.pages = self._pages()
        self._decks: dict[tuple[str, str], list[str]] = {}

    # -- respondents -------------------------------------------------------------------------

    def add(self, partnership: str, strand: str | None = None) -> _Answer:
        answer = _Answer(partnership, strand)
        code = self.code(partnership)
        answer.cells["A1"] = code
        self.answers.append(answer)
        return answer

    def code(self, partnership: str) -> str:
        found = self.registry.lookup(partnership)
        if found is None:
            raise KeyError(f"{partnership} is not in the registry")
        return found.code

    def _pages(self) -> dict[str, int]:
        letters: list[str] = []
        pages = {}
        for question in self.codebook.questions:
            if question.code[0] not in letters:
                letters.append(question.code[0])
            pages[question.code] = len(letters)
        return pages

    @property
    def page_count(self) -> int:
        return max(self.pages.values())

    # -- random helpers (random.Random only: stable across Python versions) ------------------

    def sample(self, population: Sequence[_Item], k: int) -> list[_Item]:
        """``k`` items drawn without replacement, in sorted order."""
        keyed = sorted((self.rng.random(), item) for item in population)
        return sorted(item for _, item in keyed[:k])

    def pick(self, options: Sequence[str]) -> str:
        return options[int(self.rng.random() * len(options))]

    # -- multiple choice ---------------------------------------------------------------------

    def allocate(
        self,
        question: str,
        answers: list[_Answer],
        targets: dict[str, int | tuple[int, int]],
        comments: dict[tuple[str, str, str], str],
        *,
        excluded: Iterable[str] = (),
    ) -> None:
        """Tick each option for exactly its target number of answers (per strand for pairs).

        An answer with a comment in ``comments`` for the option is always among them; the others are
        drawn at random. ``excluded`` partnerships tick nothing here (they tick ``None``).
        """
        excluded = set(excluded)
        for option, target in targets.items():
            if isinstance(target, tuple):
                groups = [
                    ([a for a in answers if a.strand == strand], count)
                    for strand, count in zip((S1, S2), target, strict=True)
                ]
            else:
                groups = [(answers, target)]
            for group, count in groups:
                names = [a.partnership for a in group if a.partnership not in excluded]
                forced = [n for n in names if (n, question, option) in comments]
                if len(forced) > count:
                    raise ValueError(f"{question}[{option}]: {len(forced)} comments, {count} ticks")
                free = [n for n in names if n not in forced]
                chosen = set(forced) | set(self.sample(free, count - len(forced)))
                for answer in group:
                    if answer.partnership in chosen:
                        answer.cells[f"{question}[{option}]"] = "Y"

    def ensure_one(
        self,
        question: str,
        answers: list[_Answer],
        options: Sequence[str],
        comments: dict[tuple[str, str, str], str],
    ) -> None:
        """Every answer ticks at least one option, without changing any option's count.

        An answer with nothing takes over an option from an answer of the same strand that has at
        least two and no comment forcing it.
        """

        def ticked(answer: _Answer) -> list[str]:
            return [o for o in options if answer.cells.get(f"{question}[{o}]") == "Y"]

        for answer in answers:
            if ticked(answer):
                continue
            for option in options:
                donors = [
                    other
                    for other in answers
                    if other.strand == answer.strand
                    and len(ticked(other)) >= 2
                    and option in ticked(other)
                    and (other.partnership, question, option) not in comments
                ]
                if donors:
                    donor = donors[0]
                    del donor.cells[f"{question}[{option}]"]
                    answer.cells[f"{question}[{option}]"] = "Y"
                    break
            else:
                raise ValueError(f"{question}: cannot give {answer.partnership} an option")

    def write_comments(
        self,
        question: str,
        answers: list[_Answer],
        comments: dict[tuple[str, str, str], str],
    ) -> None:
        """A comment for ticked options: the hand-written one, else often one from the pool."""
        pool = self.pools.get(question, {})
        for answer in answers:
            for option in self.codebook.question(question).subquestions:
                if answer.cells.get(f"{question}[{option.code}]") != "Y":
                    continue
                key = (answer.partnership, question, option.code)
                column = f"{question}[{option.code}comment]"
                if key in comments:
                    answer.cells[column] = comments[key]
                elif option.code in pool and self.rng.random() < self.comment_share:
                    answer.cells[column] = self.draw((question, option.code), pool[option.code])

    def draw(self, key: tuple[str, str], pool: Sequence[str]) -> str:
        """The next text of a shuffled deck per option: no repeats until the pool is used up."""
        deck = self._decks.get(key)
        if not deck:
            deck = self._decks[key] = self.sample(pool, len(pool))
            self.rng.shuffle(deck)
        return deck.pop()

    def collaborations(
        self,
        question: str,
        answer: _Answer,
        links: list[tuple[str, str, str]],
        *,
        with_comments: bool = True,
    ) -> None:
        """Tick or type the partnerships ``answer`` names in the "other ESCPs" question."""
        typed: list[tuple[str, str]] = []
        for how, target, purpose in links:
            if how == "tick":
                code = self.code(target)
                answer.cells[f"{question}[{code}]"] = "Y"
                if purpose and with_comments:
                    answer.cells[f"{question}[{code}comment]"] = purpose
            else:
                typed.append((target, purpose))
        if typed:
            answer.cells[f"{question}[other]"] = OTHER_NAMES_SEPARATOR.join(n for n, _ in typed)
            purposes = [f"{name}: {purpose}" for name, purpose in typed if purpose]
            if purposes and with_comments:
                answer.cells[f"{question}[othercomment]"] = OTHER_NAMES_SEPARATOR.join(purposes)

    # -- metadata ----------------------------------------------------------------------------

    def _timestamp(self, earliest: dt.datetime, latest: dt.datetime) -> dt.datetime:
        span = int((latest - earliest).total_seconds())
        return earliest + dt.timedelta(seconds=int(self.rng.random() * span))

    def schedule(self) -> None:
        """Start and submit times in office hours of the round's days; ids follow start order."""
        days = (self.closed - self.opened).days
        last = dt.datetime.combine(self.closed, dt.time(17, 45))
        for answer in self.answers:
            if answer.started is None:
                day = self.opened + dt.timedelta(days=int(self.rng.random() * days))
                seconds = 8 * 3600 + int(self.rng.random() * 10 * 3600)
                answer.started = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)
            if answer.complete and answer.submitted is None:
                minutes = 12 + int(self.rng.random() ** 3 * 60 * 26)
                answer.submitted = min(answer.started + dt.timedelta(minutes=minutes), last)
        self.answers.sort(key=lambda a: a.started or last)

    def frame(self) -> pd.DataFrame:
        """The export frame: metadata columns then every codebook column, as text."""
        self.schedule()
        rows = []
        for number, answer in enumerate(self.answers, start=1):
            ip_net = "192.0.2" if number % 3 else "198.51.100"
            token = "".join(
                self.pick("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                for _ in range(15)
            )
            started = answer.started
            assert started is not None
            stamp = (
                answer.submitted
                if answer.complete
                else (started + dt.timedelta(minutes=3 + int(self.rng.random() * 40)))
            )
            row = {
                "id": str(number),
                "submitdate": _format(answer.submitted) if answer.complete else "",
                "lastpage": str(self.page_count if answer.complete else answer.lastpage),
                "startlanguage": "en",
                "seed": str(100_000_000 + int(self.rng.random() * 1_900_000_000)),
                "token": token,
                "startdate": _format(started),
                "datestamp": _format(stamp),
                "ipaddr": f"{ip_net}.{10 + int(self.rng.random() * 240)}",
                "refurl": "",
            }
            cells = answer.cells
            if not answer.complete:
                # An incomplete response holds only what was saved on the pages it got through.
                cells = {
                    column: value
                    for column, value in cells.items()
                    if self.pages[_question_code(column)] <= max(answer.lastpage, 1)
                }
            row.update(cells)
            rows.append(row)
        columns = [*METADATA_COLUMNS, *self.codebook.export_columns()]
        unknown = {c for row in rows for c in row} - set(columns)
        if unknown:
            raise ValueError(f"cells for columns the codebook does not have: {sorted(unknown)}")
        frame = pd.DataFrame(rows, columns=columns, dtype="str")
        return frame.replace("", pd.NA)


def _format(moment: dt.datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S")


def _question_code(column: str) -> str:
    return column.split("[", 1)[0]


# --------------------------------------------------------------------------------------------
# Shared ESCP-4i content
# --------------------------------------------------------------------------------------------


def _identity_4i(builder: _RoundBuilder, answer: _Answer, number: int) -> None:
    name = answer.partnership
    code = builder.code(name)
    sector = SECTOR_WORDS[SECTORS[name]]
    if answer.strand:
        answer.cells["A2"] = answer.strand
    answer.cells["A3"] = builder.pick(
        (
            f"Coordinating cluster organisation of {name} ({sector})",
            f"Cluster association for {sector}, partnership coordinator",
            f"{sector.capitalize()} cluster, member of the {name} consortium",
        )
    )
    roles = ("Contact person", "Cluster manager", "Project coordinator")
    answer.cells["A4"] = f"{roles[number % 3]}, {name}"
    domain = ("example.org", "example.com", "example.net")[number % 3]
    answer.cells["A5"] = f"escp-{code.lower()}@{domain}"
    answer.cells["A6"] = "Y" if builder.rng.random() < 0.7 else "N"


def _agreements_4i(builder: _RoundBuilder, answer: _Answer, count: int | None) -> None:
    """D2, D3 and the cooperation cases D4 (one per agreement, at most ten)."""
    if count is None:
        answer.cells["D2"] = "N"
        return
    answer.cells["D2"] = "Y" if count > 0 else "N"
    answer.cells["D3"] = str(count)
    for case, (kind, name, country, sector, text) in enumerate(
        CASES.get(answer.partnership, [])[: min(count, 10)], start=1
    ):
        answer.cells[f"D4T{case}"] = kind
        if kind == "-oth-":
            answer.cells[f"D4T{case}[other]"] = "Chamber of commerce"
        answer.cells[f"D4O{case}[SQ001]"] = name
        answer.cells[f"D4O{case}[SQ002]"] = country
        answer.cells[f"D4O{case}[SQ003]"] = sector
        answer.cells[f"D4D{case}"] = text


def _later_sections_4i(builder: _RoundBuilder, answer: _Answer, year: int) -> None:
    """SME agreements and examples (E2-F3), the forum (G3-G4) and planned events (H1-H4)."""
    rng = builder.rng
    cells = answer.cells
    sme_agreements = int(rng.random() * 4)
    cells["E2"] = "Y" if sme_agreements else "N"
    if sme_agreements:
        cells["E3"] = str(sme_agreements)
    examples = int(rng.random() * 3)
    for number in range(1, examples + 1):
        name, benefits, text = SME_EXAMPLES[int(rng.random() * len(SME_EXAMPLES))]
        cells[f"F{number}N"] = name
        for benefit in benefits:
            cells[f"F{number}B[{benefit}]"] = "Y"
        cells[f"F{number}D"] = text
    cells["G3"] = "Y" if rng.random() < 0.4 else "N"
    if cells["G3"] == "Y":
        cells["G4"] = builder.pick(
            (
                "Useful to find other partnerships and share documents.",
                "Easy way to announce our events to the other ESCP-4i.",
                "Some advantages, but few partnerships post there.",
            )
        )
    sector = SECTORS[answer.partnership]
    fill = {"year": str(year), "next": str(year + 1)}
    european = EVENTS_EUROPE[sector] + builder.sample(EVENTS_COMMON, int(rng.random() * 3))
    for row, event in enumerate(european, start=1):
        for column, value in zip(("NAME", "LOC", "DATE", "TOPIC"), event, strict=True):
            cells[f"H1[SQ00{row}_{column}]"] = value.format(**fill)
    if rng.random() < 0.75:
        for column, value in zip(
            ("NAME", "LOC", "DATE", "TOPIC"), EVENTS_BEYOND[sector][0], strict=True
        ):
            cells[f"H2[SQ001_{column}]"] = value.format(**fill)
    cells["H3"] = builder.pick(("Y", "Y", "Y", "N", "NA"))
    if cells["H3"] == "Y":
        cells["H4"] = builder.pick(
            (
                "SMEs will join the missions and the B2B meetings.",
                "A call for SMEs will be published; travel costs are partly covered.",
                "SMEs are invited to the matchmaking sessions and webinars.",
            )
        )


def _fill_choices_4i(
    builder: _RoundBuilder,
    answers: list[_Answer],
    targets: dict[str, dict[str, int | tuple[int, int]]],
    comments: dict[tuple[str, str, str], str],
) -> None:
    for question, question_targets in targets.items():
        builder.allocate(question, answers, question_targets, comments)
        builder.ensure_one(question, answers, list(question_targets), comments)
        builder.write_comments(question, answers, comments)


# --------------------------------------------------------------------------------------------
# The rounds
# --------------------------------------------------------------------------------------------


def escp_4i_2019_r2() -> pd.DataFrame:
    """ESCP-4i second survey: 19 final answers, GCA's earlier superseded one, 2 incomplete."""
    codebook = load_codebook("escp-4i")
    builder = _RoundBuilder(
        codebook,
        seed=2019_2,
        opened=dt.date(2019, 5, 13),
        closed=dt.date(2019, 6, 5),
        pools=POOLS_4I,
    )
    answers = [builder.add(name, strand) for name, strand in RESPONDENTS_2019.items()]
    for number, answer in enumerate(answers):
        _identity_4i(builder, answer, number)
    _fill_choices_4i(
        builder,
        answers,
        TICKS_2019,
        COMMENTS_2019,
    )
    by_name = {a.partnership: a for a in answers}
    by_name["PERES"].cells["B1[other]"] = "Webinars on the long-term sustainability of ESCPs"
    by_name["PERES"].cells["B1[othercomment]"] = "Three webinars, open to the other ESCP-4i."
    by_name["SpaceWave"].cells["B1[other]"] = "Joint presentation at a space industry event"
    by_name["GIVE"].cells["C1[other]"] = "Visa issues for SME delegations"
    by_name["GIVE"].cells["C1[othercomment]"] = "Visa costs and delays discourage SMEs."
    by_name["LASER-GO GLOBAL"].cells["D1[other]"] = "Joint application to an INNOSUP call"
    by_name["ELBE"].cells["E1[other]"] = "Invitations to tenders"
    by_name["ELBE"].cells["E1[othercomment]"] = "6 invitations to tenders for SME members."
    for answer in answers:
        _agreements_4i(builder, answer, AGREEMENTS["2019-r2"].get(answer.partnership))
        links = COLLABORATIONS_2019.get(answer.partnership)
        answer.cells["G1"] = "Y" if links else "N"
        if links:
            builder.collaborations("G2", answer, links)
        _later_sections_4i(builder, answer, 2019)

    # GCA answered twice: the earlier complete submission is superseded by the later one.
    gca = by_name["GCA"]
    earlier = _Answer("GCA", S1, dict(gca.cells))
    for column in [c for c in earlier.cells if c.startswith(("B1[", "D4", "G2["))]:
        del earlier.cells[column]
    earlier.cells.update(
        {
            "B1[SQ002]": "Y",
            "B1[SQ002comment]": "Chile selected as target market.",
            "B1[SQ009]": "Y",
            "D2": "Y",
            "D3": "2",
            "G2[P18]": "Y",
            "G2[P10]": "Y",
            "G2[P10comment]": "Exchange on food sector contacts",
        }
    )
    earlier.cells["D4T1"], earlier.cells["D4O1[SQ001]"] = "T1", "Business network"
    earlier.cells["D4O1[SQ002]"], earlier.cells["D4D1"] = "Chile", "MoU on joint events."
    earlier.started = dt.datetime(2019, 5, 15, 9, 12, 40)
    earlier.submitted = dt.datetime(2019, 5, 15, 10, 2, 5)
    gca.started = dt.datetime(2019, 5, 28, 14, 3, 11)
    gca.submitted = dt.datetime(2019, 5, 28, 15, 20, 47)
    builder.answers.append(earlier)

    # DIA (strand-2) left after the barriers page; ALLIANCE after the first page.
    dia = builder.add("DIA", S2)
    _identity_4i(builder, dia, 20)
    dia.complete, dia.lastpage = False, 3
    dia.cells.update(
        {
            "B1[SQ009]": "Y",
            "B1[SQ009comment]": (
                "Six events: workshops, matchmaking events and working group meetings. Three "
                "regional events with clusters, universities and SMEs, one aligned with the "
                "INNOSUP-01 project 'IoT4Industry'; three international events on digital "
                "industries."
            ),
            "B1[SQ004]": "Y",
            "B1[SQ007]": "Y",
            "C1[SQ007]": "Y",
        }
    )
    alliance = builder.add("ALLIANCE", None)
    _identity_4i(builder, alliance, 21)
    alliance.complete, alliance.lastpage = False, 1
    return builder.frame()


def escp_4i_2018_r1() -> pd.DataFrame:
    """ESCP-4i first survey: 20 complete answers and 2 incomplete ones."""
    codebook = load_codebook("escp-4i")
    builder = _RoundBuilder(
        codebook,
        seed=2018_1,
        opened=dt.date(2018, 10, 8),
        closed=dt.date(2018, 10, 31),
        pools=POOLS_4I,
        comment_share=0.45,
    )
    answers = [builder.add(name, strand) for name, strand in RESPONDENTS_2018.items()]
    for number, answer in enumerate(answers):
        _identity_4i(builder, answer, number)
    _fill_choices_4i(
        builder,
        answers,
        TICKS_2018,
        COMMENTS_2018,
    )
    for answer in answers:
        _agreements_4i(builder, answer, AGREEMENTS["2018-r1"].get(answer.partnership))
        links = COLLABORATIONS_2018.get(answer.partnership)
        answer.cells["G1"] = "Y" if links else "N"
        if links:
            builder.collaborations("G2", answer, links)
        _later_sections_4i(builder, answer, 2018)
    for number, (name, lastpage) in enumerate(
        (("EU KETs4Dual-Use", 2), ("ESCT Go Global", 1)), start=30
    ):
        answer = builder.add(name, None)
        _identity_4i(builder, answer, number)
        answer.complete, answer.lastpage = False, lastpage
        if lastpage >= 2:
            answer.cells["B1[SQ001]"] = "Y"
            answer.cells["B1[SQ005]"] = "Y"
    return builder.frame()


def escp_s3_2019_r1() -> pd.DataFrame:
    """ESCP-S3 first survey: 8 complete answers, CYBER SECURE LIGHT incomplete."""
    codebook = load_codebook("escp-s3")
    builder = _RoundBuilder(
        codebook,
        seed=2019_31,
        opened=dt.date(2019, 5, 13),
        closed=dt.date(2019, 5, 28),
        pools=POOLS_S3,
    )
    answers = [builder.add(name) for name in RESPONDENTS_S3]
    by_name = {a.partnership: a for a in answers}
    for number, answer in enumerate(answers):
        name = answer.partnership
        sector = SECTOR_WORDS[SECTORS[name]]
        answer.cells["A2"] = builder.pick(
            (
                f"Lead cluster organisation of {name} ({sector})",
                f"Regional {sector} cluster, coordinator of {name}",
            )
        )
        answer.cells["A3"] = f"{('Contact person', 'Cluster manager')[number % 2]}, {name}"
        answer.cells["A4"] = f"escp-{builder.code(name).lower()}@example.org"
        answer.cells["A5"] = "Y" if number % 4 else "N"

    # B1: every answer has a strategic analysis, so nobody ticks None.
    builder.allocate("B1", answers, TICKS_S3["B1"], COMMENTS_S3)
    builder.write_comments("B1", answers, COMMENTS_S3)
    # B2, B3: one answer each has nothing yet and ticks None alone.
    for question, targets, none_code, nobody in (
        ("B2", TICKS_S3["B2"], "SQ011", "TRACK"),
        ("B3", TICKS_S3["B3"], "SQ006", "EACP-EUROSME"),
    ):
        builder.allocate(question, answers, targets, COMMENTS_S3, excluded=[nobody])
        by_name[nobody].cells[f"{question}[{none_code}]"] = "Y"
        others = [a for a in answers if a.partnership != nobody]
        builder.ensure_one(question, others, list(targets), COMMENTS_S3)
        builder.write_comments(question, answers, COMMENTS_S3)
    # C1: the one answer with cluster-collaboration and funding-information barriers is TRACK's.
    builder.allocate("C1", answers, TICKS_S3["C1"], COMMENTS_S3)
    builder.ensure_one("C1", answers, list(TICKS_S3["C1"]), COMMENTS_S3)
    builder.write_comments("C1", answers, COMMENTS_S3)
    by_name["EACP-EUROSME"].cells["C1[other]"] = (
        "Financial struggles to implement the activities, engage SMEs and run the partnership"
    )
    by_name["EACP-EUROSME"].cells["C1[othercomment]"] = (
        'Travel vouchers for SMEs would help to engage more of them ("SME vouchers").'
    )
    suggestions = (
        "Providing counselling or inter-cluster mediation.",
        "Facilitating contact with other relevant European projects.",
        "Making financial and other resources available to support SMEs in joining the "
        "ESCP-S3 activities.",
        "Developing potential future business opportunities for SMEs.",
        "Promoting initiatives in favour of SMEs, advertising the opportunities identified and "
        "the upcoming events organised by the partnerships.",
        "Travel vouchers for SMEs, to engage more SMEs in the activities.",
    )
    for answer, suggestion in zip(answers[:6], suggestions, strict=True):
        answer.cells["C2"] = suggestion
    # D1: five answers have no result yet (None alone); three report results.
    achievers = ["AI4DIAG", "S3martMed", "DIGICLUSTERS"]
    builder.allocate(
        "D1",
        [a for a in answers if a.partnership in achievers],
        TICKS_S3["D1"],
        COMMENTS_S3,
    )
    builder.write_comments("D1", answers, COMMENTS_S3)
    for answer in answers:
        if answer.partnership not in achievers:
            answer.cells["D1[SQ009]"] = "Y"
    for name, count in (("EACP-EUROSME", 3), ("S3martMed", 1)):
        by_name[name].cells["D2"], by_name[name].cells["D3"] = "Y", str(count)
    for answer in answers:
        answer.cells.setdefault("D2", "N")
    by_name["S3martMed"].cells["D4"] = (
        "The common mapping of SMEs and research centres: one template, filled in by every "
        "cluster, already shows where each region is specialised."
    )
    by_name["AI4DIAG"].cells["D4"] = "A boot camp for members with <b>12 SMEs</b> from 4 regions."
    # E: dialogue with other ESCPs.
    for answer in answers:
        links = COLLABORATIONS_S3.get(answer.partnership)
        answer.cells["E1"] = "Y" if links else "N"
        if links:
            builder.collaborations("E2", answer, links, with_comments=False)
            for number, (_, target, purpose) in enumerate(links, start=1):
                answer.cells[f"E3[SQ00{number}]"] = f"{target}: {purpose}"
    # F: smart specialisation; G: next 12 months.
    platforms = {
        "EACP-EUROSME": ("SQ008", "SQ018"),
        "AI4DIAG": ("SQ003", "SQ011"),
        "TEX4IM": ("SQ016",),
        "DIGICLUSTERS": ("SQ018",),
        "Connsensys": ("SQ003", "SQ018"),
        "EACN": ("SQ017",),
        "S3martMed": ("SQ011", "SQ014"),
        "TRACK": (),
    }
    for answer in answers:
        name = answer.partnership
        sector = SECTOR_WORDS[SECTORS[name]]
        answer.cells["F1"] = f"Industrial modernisation in {sector}; related regional priorities."
        chosen = platforms[name]
        answer.cells["F2"] = "Y" if chosen else "N"
        for option in chosen:
            answer.cells[f"F3[{option}]"] = "Y"
        if chosen:
            answer.cells["F4"] = builder.pick(
                (
                    "Participation in the working groups of the partnership.",
                    "Joint events with the partnership and exchange of project ideas.",
                    "Members take part in the investment project pipeline of the platform.",
                )
            )
            answer.cells["F5"] = builder.pick(
                (
                    "Access to regional policy makers and investment projects.",
                    "Visibility, and partners for interregional investment projects.",
                    "Knowledge of the other regions' priorities.",
                )
            )
        answer.cells["F6"] = "Y" if name == "TRACK" else "N"
        if name == "TRACK":
            answer.cells["F7"] = "A new thematic area on rail supply chains; partners being found."
        answer.cells["G1"] = builder.pick(
            (
                "Two matchmaking events, a study visit and the first investment workshop.",
                "Boot camp for SMEs, webinars and a joint stand at a European fair.",
                "Workshops with the regions and a B2B event with SMEs.",
            )
        )
        event = EVENTS_EUROPE[SECTORS[name]][0]
        for column, value in zip(("NAME", "LOC", "DATE"), event[:3], strict=True):
            answer.cells[f"G2[SQ001_{column}]"] = value.format(year="2019", next="2020")
    incomplete = builder.add("CYBER SECURE LIGHT")
    incomplete.complete, incomplete.lastpage = False, 2
    incomplete.cells.update(
        {
            "A2": "Cybersecurity cluster, coordinator of CYBER SECURE LIGHT",
            "A3": "Contact person, CYBER SECURE LIGHT",
            "A4": "escp-p34@example.org",
            "A5": "Y",
            "B1[SQ001]": "Y",
            "B1[SQ002]": "Y",
        }
    )
    return builder.frame()


BUILDERS = {
    ("escp-4i", "2018-r1"): escp_4i_2018_r1,
    ("escp-4i", "2019-r2"): escp_4i_2019_r2,
    ("escp-s3", "2019-r1"): escp_s3_2019_r1,
}


def demo_round(survey: str, round_: str) -> pd.DataFrame:
    """The response frame of one demo round (``survey``, ``round_`` one of DEMO_ROUNDS)."""
    return BUILDERS[(survey, round_)]()


def write_demo_rounds(out_dir: Path) -> list[Path]:
    """Write the three demo rounds as LimeSurvey CSV exports under ``out_dir/<survey>/``."""
    paths = []
    for survey, round_ in DEMO_ROUNDS:
        frame = demo_round(survey, round_)
        path = Path(out_dir) / survey / f"{round_}.csv"
        paths.append(write_export(frame, load_codebook(survey), path))
    return paths


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: write the demo rounds to ``--out`` (default ``data/incoming``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("data/incoming"))
    arguments = parser.parse_args(argv)
    for path in write_demo_rounds(arguments.out):
        print(path)


if __name__ == "__main__":
    main()
