"""Mask e-mail addresses and phone numbers inside free-text answers, before anything stores them.

What belongs here: finding personal contact data inside a respondent's text and replacing it with
``[email]`` or ``[phone]``, and counting the replacements. The contact-person and e-mail questions
themselves are dropped whole by ``clean``; this module is for the same data typed into a comment, an
"other" text or a text answer. Nothing here logs or returns a masked value, only counts.

E-mail addresses are found with a regular expression (``local@domain.tld``, also written with
``(at)`` / ``[at]`` for ``@``). Phone numbers are found with Google's libphonenumber
(``phonenumbers.PhoneNumberMatcher``), which knows every country's numbering plan, and then kept
only when they look like a phone number written for someone to call, so that years ("2019-2020"),
dates, amounts ("EUR 200 000") and counts are never masked:

- a number in international form (``+33 1 23 45 67 89``, ``0044 20 7946 0958``) that libphonenumber
  accepts as possible; or
- a number that is valid in one of the European numbering plans (``REGIONS``), has at least
  ``MIN_NATIONAL_DIGITS`` digits, is not shaped like a date or a year range, and either starts with
  the trunk prefix ``0`` or follows a word such as "tel", "phone" or "mobile".

Only texts with something that starts like a phone number ("+" or "00", a trunk "0", or a word such
as "tel" before a run of digits) are handed to libphonenumber, which keeps a million-response round
fast: dates and amounts never reach it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"
#: Numbering plans a national number (no country code) is checked against: the EU, EEA, the UK
#: and Switzerland, where the partnerships' clusters are.
REGIONS: tuple[str, ...] = (
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "HU", "GB", "NO", "CH",
    "IS",
)  # fmt: skip
MIN_NATIONAL_DIGITS = 9
MIN_INTERNATIONAL_DIGITS = 8

_AT = r"(?:@|\s?[\[(]\s?at\s?[\])]\s?)"
_EMAIL = re.compile(
    rf"(?i)(?:mailto:)?[a-z0-9!#$%&'*+/=?^_`{{|}}~.-]+{_AT}"
    r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}\b"
)
_PHONE_WORDS = (
    r"(?:\b(?:tel|tél|phone|telephone|téléphone|telefon|telefono|teléfono|mobile|mob|cell|gsm|"
    r"fax|call|ring|whatsapp|contact)\b\.?|\(\s*m\s*\))"
)
_PHONE_WORD = re.compile(rf"(?i){_PHONE_WORDS}[^\d+]{{0,12}}$")
_SEPARATED = r"(?:[\s().\/-]{0,3}\d)"
#: What a phone number written for someone to call starts like; only texts with one of these are
#: handed to libphonenumber: "+" or "00" and 8 digits (international), a trunk "0" and 9 digits,
#: or a word such as "tel" and 9 digits (national).
_INTERNATIONAL = re.compile(rf"(?:\+|\b00)\s?\d{_SEPARATED}{{6,}}")
_NATIONAL = re.compile(
    rf"(?i)(?:\(?\b0\d{_SEPARATED}{{7,}})|(?:{_PHONE_WORDS}[^\d+]{{0,12}}\d{_SEPARATED}{{8,}})"
)
_CANDIDATE = re.compile(f"{_INTERNATIONAL.pattern}|{_NATIONAL.pattern[4:]}", re.IGNORECASE)
_DATE_OR_YEARS = re.compile(
    r"^(?:\d{4}\s*[-–/.]\s*\d{1,4}(?:\s*[-–/.]\s*\d{1,4})?|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$"
)


@dataclass(frozen=True)
class MaskCounts:
    """How many e-mail addresses and phone numbers were masked (never what they were)."""

    emails: int = 0
    phones: int = 0

    def __add__(self, other: MaskCounts) -> MaskCounts:
        return MaskCounts(self.emails + other.emails, self.phones + other.phones)


def _digits(text: str) -> int:
    return sum(character.isdigit() for character in text)


def _keeps(text: str, start: int, raw: str, *, international: bool) -> bool:
    """Whether a number libphonenumber found is written as a phone number (not a year, a date)."""
    if international:
        return _digits(raw) >= MIN_INTERNATIONAL_DIGITS
    if raw.startswith(("+", "00")):
        return _digits(raw) >= MIN_INTERNATIONAL_DIGITS
    if _digits(raw) < MIN_NATIONAL_DIGITS or _DATE_OR_YEARS.match(raw.strip()):
        return False
    preceded = _PHONE_WORD.search(text[max(0, start - 30) : start]) is not None
    return raw.lstrip("(").startswith("0") or preceded


def phone_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every phone number in ``text``, merged where they overlap."""
    international = _INTERNATIONAL.search(text) is not None
    national = _NATIONAL.search(text) is not None
    if not (international or national):
        return []
    import phonenumbers

    # "+..." parses without a region; "00..." needs one that dials out with 00 (all of REGIONS)
    regions: tuple[str | None, ...] = (None, "DE") if international else ()
    if national:
        regions = (None, *REGIONS)
    spans = []
    for region in regions:
        leniency = phonenumbers.Leniency.POSSIBLE if region is None else phonenumbers.Leniency.VALID
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=leniency):
            if _keeps(text, match.start, match.raw_string, international=region is None):
                spans.append((match.start, match.end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mask_text(text: str) -> tuple[str, MaskCounts]:
    """``text`` with e-mail addresses and phone numbers replaced, and how many of each."""
    masked, emails = _EMAIL.subn(EMAIL_MASK, text)
    spans = phone_spans(masked)
    for start, end in reversed(spans):
        masked = masked[:start] + PHONE_MASK + masked[end:]
    return masked, MaskCounts(emails, len(spans))


#: A first, vectorised sieve (Arrow's RE2, one pass per column): an "@", an "(at)", or a run of
#: digits; the texts it keeps are then tested with the exact patterns in Python.
_SIEVE = r"@|[Aa][Tt]\s?[\])]|[0-9][0-9 ().\/-]{6,}[0-9]"


def _suspect_texts(values: pd.Series) -> list[str]:
    """The distinct texts of ``values`` that could hold an e-mail address or a phone number.

    Each distinct text is tested once: missing values are dropped and repeated texts (a column of a
    million responses repeats its answers) are reduced to one before Arrow's RE2 sieve runs, whose
    cost is per text, and before the exact patterns run in Python on what the sieve kept.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    distinct = pc.unique(pc.drop_null(pa.array(values, from_pandas=True)))
    sieved = pc.filter(distinct, pc.match_substring_regex(distinct, _SIEVE)).to_pylist()
    return [
        text
        for text in sieved
        if _EMAIL.search(text) is not None or _CANDIDATE.search(text) is not None
    ]


def might_hold_contact_data(values: pd.Series) -> pd.Series:
    """True where a text could hold an e-mail address or a phone number (cheap, vectorised)."""
    suspects = _suspect_texts(values)
    if not suspects:
        return pd.Series(False, index=values.index, dtype=bool)
    return values.isin(suspects).fillna(False).astype(bool)


def mask_column(values: pd.Series) -> tuple[pd.Series, MaskCounts]:
    """Mask every text of a column; missing values stay missing. Returns the column and counts.

    Each distinct suspect text is masked once; the counts are those of every row that holds it.
    """
    replacements: dict[str, str] = {}
    found: dict[str, MaskCounts] = {}
    for text in _suspect_texts(values):
        masked, counts = mask_text(text)
        if counts.emails or counts.phones:
            replacements[text], found[text] = masked, counts
    if not replacements:
        return values, MaskCounts()
    hit = values.isin(list(replacements)).fillna(False).to_numpy(dtype=bool)
    rows = values[hit].value_counts()
    total = MaskCounts()
    for text, times in rows.items():
        counts = found[str(text)]
        total = total + MaskCounts(counts.emails * int(times), counts.phones * int(times))
    out = values.copy()
    out.loc[hit] = [replacements[str(text)] for text in values[hit]]
    return out, total


def mask_columns(columns: Mapping[str, pd.Series]) -> tuple[dict[str, pd.Series], MaskCounts]:
    """Masked copies of the text ``columns`` (only those that changed), and the total counts."""
    changed: dict[str, pd.Series] = {}
    total = MaskCounts()
    for name, values in columns.items():
        masked, counts = mask_column(values)
        if counts.emails or counts.phones:
            changed[name] = masked
        total = total + counts
    return changed, total
