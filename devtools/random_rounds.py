"""Random but valid survey rounds for any codebook: test and benchmark input, not demo data.

``generate_round`` builds a response frame (metadata columns and every codebook column, pandas
``str`` dtype, missing = NA) whose cells are all legal for the codebook: only known answer codes,
``Y`` or nothing in checkboxes, an exclusive option (``None``) never checked with another option of
its question, numbers at or above the question's minimum, free text with commas, quotes, line
breaks, markup, non-ASCII letters and country names. Some responses are incomplete (no
``submitdate``, later questions empty) and a partnership may answer more than once.

Columns are built whole with numpy and Arrow (an index into a small pool of values per column), so a
million responses of a few hundred columns take seconds, not a loop per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from escp_pipeline.contract.codebook import Codebook, Question
from escp_pipeline.synthetic.limesurvey_export import METADATA_COLUMNS

_STRING = pa.large_string()
_STR_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)
# IPv4 ranges reserved for documentation (RFC 5737): never a real respondent's address.
_TOKEN_ALPHABET = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_DOCUMENTATION_NETS = ("192.0.2", "198.51.100", "203.0.113")

COMMENTS: tuple[str, ...] = (
    "Two matchmaking events with cluster members and invited SMEs.",
    "Mission to China in spring, 14 SMEs took part.",
    "Joint webinar series on market access in the USA and Canada.",
    'Partners agreed a common "go global" communication plan.',
    "Desk research on Japan, Brazil and India; results shared with members.",
    "Survey of members, 37 replies so far.",
    "Regular calls between the partner clusters\nand a shared online workspace.",
    "Workshop on <b>funding opportunities</b> for SMEs.",
    "Study visit to Lyon, organised with the host cluster's café-style networking format.",
    "Information exchange with the Düsseldorf trade fair organisers.",
    "Ongoing, results expected next year.",
    "=same as reported in the previous survey",
    "Contacts with business associations in Mexico and Chile.",
    "B2B meetings at a trade fair, follow-up in progress.",
    "Exploratory talks, no concrete action yet.",
    "Focus groups with members from all four partner clusters.",
    "Shared intelligence reports on target markets (Singapore, South Korea).",
    "Soft-landing packages offered by partners in Canada.",
)
OTHER_TEXTS: tuple[str, ...] = (
    "Webinars for members",
    "Participation in a European trade fair",
    "Joint position paper",
    "Visa support for SME delegations",
    "Financial constraints of the partners",
    "Training on export regulations",
)
SHORT_TEXTS: tuple[str, ...] = (
    "Regional cluster association",
    "Business network for advanced manufacturing",
    "Innovation agency",
    "Technology cluster, coordinator",
    "Chamber of commerce",
)
LONG_TEXTS: tuple[str, ...] = (
    "The partnership will organise two missions and a matchmaking event.",
    "SMEs will be invited to the B2B sessions and supported with market information.",
    "The forum is useful to share documents, although few partnerships use it.",
    "Members take part in the working groups; a dedicated SME survey is planned.",
    'Activities follow the "roadmap" adopted at the kick-off meeting.',
    "Cooperation with partners in Vietnam and Indonesia is being explored.",
)
PLACE_TEXTS: tuple[str, ...] = (
    "Brussels, Belgium",
    "Hannover, Germany",
    "Lyon, France",
    "Milan, Italy",
    "Boston, USA",
    "Shanghai, China",
    "Montréal, Canada",
    "Online",
)
DATE_TEXTS: tuple[str, ...] = ("March 2020", "2019-10-15", "Q1 2020", "11-13 November 2019")
EVENT_TEXTS: tuple[str, ...] = (
    "EU Industry Days",
    "European Cluster Conference",
    "Hannover Messe",
    "Matchmaking event for SMEs",
    "Trade mission",
)
COLLABORATION_TEXTS: tuple[str, ...] = (
    "SmartCity Tech",
    "BioXclusters",
    "ECCA",
    "C4W",
    "AdPack 2",
    "MobiGoIn Action",
    "SmartCity Tech; WBioXclusters",
)


def _pool_column(pool: Sequence[str], index: np.ndarray) -> pd.Series:
    """A str column taking ``pool[index]``, NA where the index is negative."""
    arrow_pool = pa.array(list(pool), type=_STRING)
    indices = pa.array(index.astype(np.int32), mask=index < 0)
    return pd.Series(arrow_pool.take(indices), dtype=_STR_DTYPE)


def _pick(rng: np.random.Generator, where: np.ndarray, share: float, pool_size: int) -> np.ndarray:
    """Indices into a pool: each cell where ``where`` holds gets a value with probability ``share``.

    Random numbers are drawn only for the cells in ``where`` (a comment only for a ticked box).
    """
    index = np.full(len(where), -1, dtype=np.int64)
    positions = np.flatnonzero(where)
    chosen = positions[rng.random(len(positions)) < share]
    index[chosen] = rng.integers(0, pool_size, len(chosen))
    return index


def _timestamps(seconds: np.ndarray, valid: np.ndarray) -> pd.Series:
    """LimeSurvey timestamps (``YYYY-MM-DD HH:MM:SS``) from epoch seconds, NA where not valid.

    Formatted with integer arithmetic on whole arrays (civil date from day number, H. Hinnant's
    algorithm): string formatting per element would dominate the run time of a large round.
    """
    seconds = seconds.astype(np.int64)
    days, rest = np.divmod(seconds, 86_400)
    shifted = days + 719_468
    era = np.floor_divide(shifted, 146_097)
    day_of_era = shifted - era * 146_097
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36_524 - day_of_era // 146_096
    ) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    month_index = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * month_index + 2) // 5 + 1
    month = np.where(month_index < 10, month_index + 3, month_index - 9)
    year = year_of_era + era * 400 + (month <= 2)
    fields = [
        (year, 4),
        (None, "-"),
        (month, 2),
        (None, "-"),
        (day, 2),
        (None, " "),
        (rest // 3600, 2),
        (None, ":"),
        (rest % 3600 // 60, 2),
        (None, ":"),
        (rest % 60, 2),
    ]
    text = np.empty((len(seconds), 19), dtype=np.uint8)
    position = 0
    for number, width in fields:
        if number is None:
            text[:, position] = ord(width)
            position += 1
            continue
        for digit in range(width):
            text[:, position + digit] = 48 + number // 10 ** (width - 1 - digit) % 10
        position += width
    stamps = np.frombuffer(text.tobytes(), dtype="S19")
    arrow = pa.array(stamps, mask=~valid).cast(_STRING)
    return pd.Series(arrow, dtype=_STR_DTYPE)


def _pages(codebook: Codebook) -> dict[str, int]:
    """Question code -> 1-based page: LimeSurvey shows one question group (letter) per page."""
    pages: dict[str, int] = {}
    letters: list[str] = []
    for question in codebook.questions:
        if question.code[0] not in letters:
            letters.append(question.code[0])
        pages[question.code] = len(letters)
    return pages


def _is_partnership_question(question: Question) -> bool:
    return all(code.startswith("P") and code[1:].isdigit() for code in _codes(question))


def _codes(question: Question) -> list[str]:
    return [option.code for option in question.options]


def generate_round(
    codebook: Codebook,
    *,
    n_responses: int,
    seed: int,
    partnerships: list[str] | None = None,
    year: int = 2019,
    opened: dt.date | None = None,
    closed: dt.date | None = None,
    incomplete_share: float = 0.05,
    comment_share: float = 0.3,
    selection_share: tuple[float, float] = (0.15, 0.5),
    collaboration_share: float = 0.06,
    text_share: float = 0.6,
) -> pd.DataFrame:
    """A random response frame that is valid for ``codebook``.

    Args:
        codebook: Any questionnaire (other partnership codes, other questions).
        n_responses: Number of rows (responses).
        seed: Seed of the numpy Generator: the same arguments give the same frame.
        partnerships: Partnership codes that answer (drawn with replacement, so one may answer
            several times); default every answer of the codebook's partnership question.
        year: Year of the round; the round is open from 13 May to 5 June unless given.
        opened: First day responses are started.
        closed: Last day responses are submitted.
        incomplete_share: Share of responses without ``submitdate``, empty after some question.
        comment_share: Share of checked options (and ``[other]`` answers) with a comment.
        selection_share: Range of the per-question probability that an option is checked.
        collaboration_share: Probability that an "other ESCPs" option is checked.
        text_share: Share of complete responses that fill a free-text question.

    Returns:
        The metadata columns then every codebook column in export order, pandas ``str`` dtype,
        missing values NA.
    """
    rng = np.random.default_rng(seed)
    n = int(n_responses)
    opened = opened or dt.date(year, 5, 13)
    closed = closed or dt.date(year, 6, 5)
    partnership_question = codebook.partnership_question
    codes = partnerships or _codes(partnership_question)
    unknown = sorted(set(codes) - set(_codes(partnership_question)))
    if unknown:
        raise ValueError(f"partnerships {unknown} are not answers of {partnership_question.code}")

    columns: dict[str, pd.Series] = {}
    respondent = rng.integers(0, len(codes), n)
    pages = _pages(codebook)
    questions = list(codebook.questions)
    incomplete = rng.random(n) < incomplete_share
    # An incomplete response stops before a random question (never before the partnership one).
    stop_at = np.where(incomplete, rng.integers(1, max(len(questions), 2), n), len(questions))
    last_page = max(pages.values())

    # Metadata: ids in the order responses were started, as LimeSurvey numbers them.
    start_epoch = int(dt.datetime.combine(opened, dt.time(8), tzinfo=dt.UTC).timestamp())
    end_epoch = int(dt.datetime.combine(closed, dt.time(18), tzinfo=dt.UTC).timestamp())
    started = np.sort(rng.integers(start_epoch, end_epoch, n))
    duration = rng.integers(300, 3 * 86_400, n)
    submitted = np.minimum(started + duration, end_epoch)
    complete = ~incomplete
    columns["id"] = pd.Series(pa.array(np.arange(1, n + 1)).cast(_STRING), dtype=_STR_DTYPE)
    columns["submitdate"] = _timestamps(submitted, complete)
    stop_page = np.array([pages[q.code] for q in questions] + [last_page])[stop_at]
    lastpage = np.where(complete, last_page, np.maximum(stop_page - 1, 0))
    columns["lastpage"] = pd.Series(pa.array(lastpage).cast(_STRING), dtype=_STR_DTYPE)
    columns["startlanguage"] = _pool_column(["en"], np.zeros(n, dtype=np.int64))
    seeds = rng.integers(100_000_000, 2_000_000_000, n)
    columns["seed"] = pd.Series(pa.array(seeds).cast(_STRING), dtype=_STR_DTYPE)
    alphabet = np.frombuffer(
        b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "u1"
    )
    letters = alphabet[rng.integers(0, len(alphabet), (n, 15))]
    tokens = np.frombuffer(np.ascontiguousarray(letters).tobytes(), dtype="S15")
    columns["token"] = pd.Series(pa.array(tokens).cast(_STRING), dtype=_STR_DTYPE)
    columns["startdate"] = _timestamps(started, np.ones(n, dtype=bool))
    stamped = np.where(complete, submitted, np.minimum(started + duration // 20, end_epoch))
    columns["datestamp"] = _timestamps(stamped, np.ones(n, dtype=bool))
    addresses = [f"{net}.{host}" for net in _DOCUMENTATION_NETS for host in range(1, 255)]
    columns["ipaddr"] = _pool_column(addresses, rng.integers(0, len(addresses), n))
    columns["refurl"] = _pool_column([""], np.full(n, -1))

    strand = codebook.strand_question
    strand_of = rng.integers(0, len(strand.answers), len(codes)) if strand else None
    for position, question in enumerate(questions):
        shown = position < stop_at
        for column, series in _question_columns(
            question,
            rng=rng,
            n=n,
            shown=shown,
            answered=shown & (complete | (rng.random(n) < 0.8)),
            respondent=respondent,
            codes=codes,
            strand_of=strand_of if strand is not None and question.code == strand.code else None,
            comment_share=comment_share,
            selection_share=selection_share,
            collaboration_share=collaboration_share,
            text_share=text_share,
        ).items():
            columns[column] = series
    frame = pd.DataFrame(columns, copy=False)
    return frame[[*METADATA_COLUMNS, *codebook.export_columns()]]


def _question_columns(
    question: Question,
    *,
    rng: np.random.Generator,
    n: int,
    shown: np.ndarray,
    answered: np.ndarray,
    respondent: np.ndarray,
    codes: list[str],
    strand_of: np.ndarray | None,
    comment_share: float,
    selection_share: tuple[float, float],
    collaboration_share: float,
    text_share: float,
) -> dict[str, pd.Series]:
    """The export columns of one question for every response."""
    kind = question.kind
    code = question.code
    out: dict[str, pd.Series] = {}

    def text(pool: Sequence[str], share: float) -> pd.Series:
        return _pool_column(pool, _pick(rng, answered, share, len(pool)))

    if question.personal_data:
        label = "Email" if "mail" in question.text.lower() else "Contact person"
        if label == "Email":
            pool = [f"escp-{c.lower()}@example.org" for c in codes]
        else:
            pool = [f"{label}, {c}" for c in codes]
        index = np.where(shown, respondent, -1)
        return {column: _pool_column(pool, index) for column in question.export_columns()}

    if kind == "single_choice":
        answer_codes = _codes(question)
        if _is_partnership_question(question) and set(codes) <= set(answer_codes):
            index = respondent.copy()
            out[code] = _pool_column(codes, index)
            return out
        if strand_of is not None:
            index = np.where(answered, strand_of[respondent], -1)
            out[code] = _pool_column(answer_codes, index)
            return out
        index = rng.integers(0, len(answer_codes), n)
        other = question.other & (rng.random(n) < 0.05)
        index = np.where(other, len(answer_codes), index)
        index[~answered] = -1
        out[code] = _pool_column([*answer_codes, "-oth-"], index)
        if question.other:
            other_index = np.where(other & answered, rng.integers(0, len(OTHER_TEXTS), n), -1)
            out[f"{code}[other]"] = _pool_column(OTHER_TEXTS, other_index)
        return out

    if kind in ("multiple_choice", "multiple_choice_comments"):
        collaboration = _is_partnership_question(question)
        share = collaboration_share if collaboration else rng.uniform(*selection_share)
        options = question.subquestions
        checked = {o.code: (rng.random(n) < share) & answered for o in options if not o.exclusive}
        exclusive = [o.code for o in options if o.exclusive]
        if exclusive:
            nothing = np.ones(n, dtype=bool)
            for mask in checked.values():
                nothing &= ~mask
            choice = rng.integers(0, len(exclusive), n)
            alone = nothing & answered & (rng.random(n) < 0.7)
            for number, option_code in enumerate(exclusive):
                checked[option_code] = alone & (choice == number)
        for option in options:
            mask = checked[option.code]
            out[f"{code}[{option.code}]"] = _pool_column(["Y"], np.where(mask, 0, -1))
            if kind == "multiple_choice_comments":
                index = _pick(rng, mask, comment_share, len(COMMENTS))
                out[f"{code}[{option.code}comment]"] = _pool_column(COMMENTS, index)
        if question.other:
            pool = COLLABORATION_TEXTS if collaboration else OTHER_TEXTS
            other = _pick(rng, answered, 0.08 if collaboration else 0.05, len(pool))
            out[f"{code}[other]"] = _pool_column(pool, other)
            if kind == "multiple_choice_comments":
                index = _pick(rng, other >= 0, comment_share, len(COMMENTS))
                out[f"{code}[othercomment]"] = _pool_column(COMMENTS, index)
        return out

    if kind == "yes_no":
        index = np.where(rng.random(n) < 0.5, 0, 1)
        index[~answered] = -1
        out[code] = _pool_column(["Y", "N"], index)
        return out

    if kind == "numeric":
        low = int(np.ceil(question.min)) if question.min is not None else 0
        high = int(np.floor(question.max)) if question.max is not None else low + 30
        values = np.minimum(low + rng.poisson(3, n), high)
        index = np.where(answered & (rng.random(n) < 0.8), values - low, -1)
        out[code] = _pool_column([str(v) for v in range(low, high + 1)], index)
        return out

    if kind == "short_text":
        out[code] = text(SHORT_TEXTS, text_share)
        return out
    if kind == "long_text":
        out[code] = text(LONG_TEXTS, text_share)
        return out
    if kind == "multiple_short_text":
        for number, column in enumerate(question.export_columns()):
            pool = PLACE_TEXTS if number % 3 == 1 else SHORT_TEXTS
            out[column] = text(pool, text_share / (1 + number // 3))
        return out
    if kind == "array_texts":
        for row_number, row in enumerate(question.rows):
            filled = answered & (rng.random(n) < text_share / (1 + row_number))
            for column_axis in question.columns:
                name = column_axis.code.upper()
                if "LOC" in name:
                    pool = PLACE_TEXTS
                elif "DATE" in name:
                    pool = DATE_TEXTS
                elif "NAME" in name:
                    pool = EVENT_TEXTS
                else:
                    pool = SHORT_TEXTS
                index = np.where(filled, rng.integers(0, len(pool), n), -1)
                out[f"{code}[{row.code}_{column_axis.code}]"] = _pool_column(pool, index)
        return out
    raise ValueError(f"question {code}: kind {kind} is not generated")
