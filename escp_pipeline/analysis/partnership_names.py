"""Partnership names written as free text, resolved to the registry where they can be.

What belongs here: splitting a free-text field into the names it lists and resolving each name by
code, canonical name, alias (``PartnershipRegistry.lookup``) and then close spelling (rapidfuzz).
What does not: building the collaboration table (``collaborations``) or any exact-match rules, which
belong to the registry.

Why the fuzzy threshold is 85 (``fuzz.ratio`` on folded names, 0-100):
    Names are folded first (case, spaces, dashes and markup removed, ``normalise_name``), so what is
    left are typing slips. ``fuzz.ratio`` is ``100 * (1 - edits / (len(a) + len(b)))``, an insertion
    or deletion costing 1 and a substitution 2. At 85 one missing or extra letter is accepted in any
    name of five letters or more and one wrong letter in a name of seven or more:
    "Cosmetic4Wellbeing" -> Cosmetics4Wellbeing (97), "SpaceWaves" -> SpaceWave (95), "LASER-GO
    GLOBEL" -> LASER-GO GLOBAL (92), "SENTINAL" -> SENTINEL (87.5). The registry's own names are far
    apart (no two partnerships score above 72), and names that merely share a word with a
    partnership stay below: "SmartCity Tech" 55 against S3martMed, "BioXclusters" and
    "WBioXclusters" 75 and 72 against DIGICLUSTERS, "Space Wave Tech" 82 against SpaceWave, "Cyber
    Secure" 81.5 against CYBER SECURE LIGHT. So the threshold sits in the gap between slips (85 and
    up) and different names (82 and down). Acronyms of fewer than :data:`MIN_FUZZY_LENGTH` folded
    letters are matched exactly only ("ECCA" is not EACN, "DIAS" is not DIA), and a spelling equally
    close to two partnerships is left unresolved rather than guessed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from escp_pipeline.contract.registry import Partnership, PartnershipRegistry, normalise_name

#: fuzz.ratio (0-100) a folded name must reach to count as a spelling of a registry name.
FUZZY_THRESHOLD = 85.0
#: folded names shorter than this are acronyms: exact matches only.
MIN_FUZZY_LENGTH = 5
#: separators between names in one field: ``;``, ``,``, ``/``, line breaks and the word "and".
NAME_SEPARATORS = re.compile(r"\s*(?:[;,/\r\n]+|\s+and\s+|\s*&\s*)\s*", re.IGNORECASE)
#: what a respondent writes when there is nothing to say; not a partner.
PLACEHOLDERS = frozenset({"", "-", "--", "n/a", "na", "none", "no", "nil", "nothing", "."})
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class ResolvedName:
    """One partnership name from free text: as written, and the registry entry it resolves to."""

    written: str
    partnership: Partnership | None
    how: str  # "exact", "fuzzy" or "outside"

    @property
    def name(self) -> str:
        """The canonical name, or the name as written (trimmed) when outside the registry."""
        return self.partnership.name if self.partnership is not None else self.written

    @property
    def in_registry(self) -> bool:
        return self.partnership is not None


def split_names(text: str | None) -> list[str]:
    """The names a free-text field lists, trimmed, in order, without placeholders or repeats.

    Names may be separated by ``;``, ``,``, ``/``, ``&``, line breaks (also ``<br>``) or " and ";
    other HTML markup is removed first ("AdPack <sup>2</sup>" is one name).
    """
    if text is None or not isinstance(text, str):
        return []
    text = _TAG.sub("", _LINE_BREAK_TAG.sub("\n", text))
    names: list[str] = []
    for part in NAME_SEPARATORS.split(text):
        name = " ".join(part.split()).strip(" .:-")
        if name.casefold() in PLACEHOLDERS or name in names:
            continue
        names.append(name)
    return names


@functools.cache
def _fuzzy_index(registry: PartnershipRegistry) -> tuple[list[str], list[Partnership]]:
    spellings: list[str] = []
    owners: list[Partnership] = []
    for partnership in registry.partnerships:
        for spelling in partnership.spellings:
            folded = normalise_name(spelling)
            if folded not in spellings:
                spellings.append(folded)
                owners.append(partnership)
    return spellings, owners


def resolve_name(written: str, registry: PartnershipRegistry) -> ResolvedName:
    """Resolve one name: code, canonical name or alias, else a close spelling, else outside.

    See the module docstring for why a close spelling needs ``fuzz.ratio >= 85``.
    """
    from rapidfuzz import fuzz, process

    written = " ".join(written.split())
    exact = registry.lookup(written)
    if exact is not None:
        return ResolvedName(written, exact, "exact")
    folded = normalise_name(written)
    if len(folded) >= MIN_FUZZY_LENGTH:
        spellings, owners = _fuzzy_index(registry)
        matches = process.extract(
            folded, spellings, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=None
        )
        if matches:
            best = max(score for _, score, _ in matches)
            candidates = {owners[index].code for _, score, index in matches if score == best}
            if len(candidates) == 1:
                index = next(index for _, score, index in matches if score == best)
                return ResolvedName(written, owners[index], "fuzzy")
    return ResolvedName(written, None, "outside")


def resolve_names(text: str | None, registry: PartnershipRegistry) -> list[ResolvedName]:
    """Split a free-text field into names and resolve each one (see :func:`resolve_name`)."""
    return [resolve_name(name, registry) for name in split_names(text)]
