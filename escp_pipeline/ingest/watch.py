"""The drop sensor's logic without Dagster: which files in ``incoming/`` changed, and what to run.

What belongs here: the cursor the sensor keeps between ticks (JSON) and the decision of one tick.
What does not: listing the incoming folder by ``stat`` and hashing a file (``ingest.files``),
Dagster objects (the sensor in ``defs/ingest/sensors.py`` wraps this), reading an export's content
(``contract.export_reader``).

A tick compares every file's size and modification time with the cursor before it reads anything:

- an unchanged file (same size and mtime as last tick, content hash known) is not read at all;
- a new or changed file is only remembered; it is hashed on a later tick once its size and mtime
  held still between two ticks (a file still being copied keeps changing), and only if it still has
  the same size and mtime after it was read;
- a round whose current file (the most recently modified one, as ``contract.drops.list_drops``
  picks) has a content hash other than the one last run is requested again, under a new *generation*
  of that round. A round's content is its export's hash, together with the hashes of the survey's
  ``.lss`` files up to that round (its questionnaire is its own or the latest earlier one, and its
  changes compare it with the previous round's) and of the survey's ``survey.yaml`` where there are
  any: a new or changed questionnaire reruns its round and the later ones, a ``.lss`` alone (no
  responses) runs nothing. The run key is ``<round>#<generation>:<hash>``: a repeated tick (same
  cursor) makes the same key, so Dagster never launches it twice; a re-export that goes back to
  earlier content (A, B, A) gets a new generation and therefore runs.

Hashing is bounded per tick (files and bytes), so a folder of thousands of new files is taken up
over a few ticks rather than in one tick that outlasts the sensor's time limit.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from escp_pipeline.contract.drops import (
    DropNameError,
    SideFile,
    SurveyRound,
    is_temporary_name,
    missing_questionnaire,
    parse_drop_path,
    parse_side_file,
    round_sort_key,
)
from escp_pipeline.ingest.files import HASH_CHARS, FileHash, FileStat, hash_file, scan_folder

CURSOR_VERSION = 1
MAX_HASH_FILES_PER_TICK = 100
MAX_HASH_BYTES_PER_TICK = 512 * 1024 * 1024
SENSOR_INTERVAL_VARIABLE = "ESCP_SENSOR_INTERVAL_SECONDS"
DEFAULT_SENSOR_INTERVAL_SECONDS = 30


def sensor_interval_seconds() -> int:
    """Seconds between sensor ticks: ``$ESCP_SENSOR_INTERVAL_SECONDS`` (tests, demos), else 30."""
    value = os.environ.get(SENSOR_INTERVAL_VARIABLE, "")
    return (
        int(value)
        if value.strip().isdigit() and int(value) > 0
        else (DEFAULT_SENSOR_INTERVAL_SECONDS)
    )


# --- the cursor ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileState:
    """What the sensor knows of one drop file: size, mtime, and its hash once it was read."""

    size: int
    mtime_ns: int
    sha256: str | None = None

    def same_stat(self, stat: FileStat) -> bool:
        return self.size == stat.size and self.mtime_ns == stat.mtime_ns


@dataclass(frozen=True)
class RoundState:
    """The content a round was last requested for, from which file, and in which generation."""

    sha256: str
    file: str
    generation: int


@dataclass
class DropCursor:
    """The sensor's memory between ticks, serialised as JSON into the Dagster cursor.

    ``files`` maps each valid drop file to its state; ``rounds`` maps each partition key to the
    content last requested; ``skipped`` maps each badly named file to the ``(size, mtime)`` at which
    it was reported, so it is logged once, not on every tick.
    """

    files: dict[str, FileState] = field(default_factory=dict)
    rounds: dict[str, RoundState] = field(default_factory=dict)
    skipped: dict[str, tuple[int, int]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": CURSOR_VERSION,
                "files": {p: [s.size, s.mtime_ns, s.sha256] for p, s in sorted(self.files.items())},
                "rounds": {
                    k: [r.sha256, r.file, r.generation] for k, r in sorted(self.rounds.items())
                },
                "skipped": {p: list(s) for p, s in sorted(self.skipped.items())},
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str | None) -> DropCursor:
        """Read a cursor; ``None`` or empty is a fresh start.

        Raises:
            ValueError: the text is not a cursor of this version.
        """
        if not text:
            return cls()
        try:
            data = json.loads(text)
            if data.get("version") != CURSOR_VERSION:
                raise ValueError(f"cursor version {data.get('version')!r}, not {CURSOR_VERSION}")
            return cls(
                files={p: FileState(int(s), int(m), h) for p, (s, m, h) in data["files"].items()},
                rounds={
                    k: RoundState(str(h), str(f), int(g)) for k, (h, f, g) in data["rounds"].items()
                },
                skipped={p: (int(s), int(m)) for p, (s, m) in data["skipped"].items()},
            )
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as error:
            raise ValueError(f"not a drop sensor cursor: {error}") from error


# --- one tick ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundRequest:
    """A run to request: one survey round, for the content of one file."""

    partition_key: str
    file: str
    sha256: str
    generation: int

    @property
    def run_key(self) -> str:
        """Unique per round and generation; the hash is there for the reader of the UI."""
        return f"{self.partition_key}#{self.generation}:{self.sha256[:12]}"

    @property
    def is_new_round(self) -> bool:
        return self.generation == 1


@dataclass(frozen=True)
class SkippedFile:
    """A file that is not a drop by its name, and what to rename it to."""

    path: str
    reason: str


@dataclass
class TickOutcome:
    """What one tick decided, and what it cost."""

    cursor: DropCursor
    requests: list[RoundRequest] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    newly_skipped: list[SkippedFile] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    files_listed: int = 0
    files_hashed: int = 0
    bytes_read: int = 0

    def summary(self) -> str:
        """One line for the tick log."""
        return (
            f"{self.files_listed} files listed, {self.files_hashed} hashed "
            f"({self.bytes_read} bytes read), {len(self.requests)} round(s) requested, "
            f"{len(self.waiting)} waiting to hold still, {len(self.deferred)} deferred to the next "
            f"tick, {len(self.skipped)} skipped by name"
        )


Hasher = Callable[[str], FileHash]


def evaluate_tick(
    listing: Iterable[FileStat],
    cursor: DropCursor,
    hasher: Hasher,
    incoming: Path,
    *,
    max_hash_files: int = MAX_HASH_FILES_PER_TICK,
    max_hash_bytes: int = MAX_HASH_BYTES_PER_TICK,
) -> TickOutcome:
    """Decide one tick of the drop sensor.

    Args:
        listing: every file below ``incoming/`` with its size and mtime (``scan_folder``).
        cursor: the state after the previous tick (not modified).
        hasher: reads one file (path relative to ``incoming``) and returns its hash.
        incoming: the incoming folder (for naming-convention messages).
        max_hash_files: at most this many files are read in one tick ...
        max_hash_bytes: ... and no more bytes than this, except that one file is always read.

    Returns:
        The new cursor, the rounds to run, the files skipped by name, and the tick's cost.
    """
    outcome = TickOutcome(cursor=DropCursor())
    files: dict[str, FileState] = {}
    round_of: dict[str, SurveyRound] = {}
    side_of: dict[str, SideFile] = {}
    ready: list[FileStat] = []

    for stat in sorted(listing, key=lambda item: item.path):
        outcome.files_listed += 1
        if any(is_temporary_name(part) for part in stat.path.split("/")):
            continue
        side = parse_side_file(incoming / stat.path, incoming)
        if side is not None:
            side_of[stat.path] = side
        else:
            try:
                drop = parse_drop_path(incoming / stat.path, incoming)
            except DropNameError as error:
                skipped = SkippedFile(stat.path, str(error))
                outcome.skipped.append(skipped)
                outcome.cursor.skipped[stat.path] = (stat.size, stat.mtime_ns)
                if cursor.skipped.get(stat.path) != (stat.size, stat.mtime_ns):
                    outcome.newly_skipped.append(skipped)
                continue
            round_of[stat.path] = drop.survey_round
        known = cursor.files.get(stat.path)
        if known is not None and known.same_stat(stat):
            files[stat.path] = known
            if known.sha256 is None:  # held still since the last tick: ready to be read
                ready.append(stat)
        else:  # new, or changed since the last tick: wait until it holds still
            files[stat.path] = FileState(stat.size, stat.mtime_ns)
            outcome.waiting.append(stat.path)

    for stat in ready:
        over_budget = outcome.files_hashed >= max_hash_files or (
            outcome.files_hashed and outcome.bytes_read + stat.size > max_hash_bytes
        )
        if over_budget:
            outcome.deferred.append(stat.path)
            continue
        try:
            hashed = hasher(stat.path)
        except OSError:  # vanished or unreadable: forget it; the next listing decides again
            outcome.unreadable.append(stat.path)
            del files[stat.path]
            continue
        outcome.files_hashed += 1
        outcome.bytes_read += hashed.bytes_read
        if hashed.size == stat.size and hashed.mtime_ns == stat.mtime_ns:
            files[stat.path] = FileState(stat.size, stat.mtime_ns, hashed.sha256)
        else:  # written to while it was read: wait again
            files[stat.path] = FileState(hashed.size, hashed.mtime_ns)
            outcome.waiting.append(stat.path)

    outcome.cursor.files = files
    outcome.cursor.rounds = dict(cursor.rounds)
    by_round: dict[SurveyRound, list[str]] = {}
    for path in files:  # sorted by path, as listed
        if path in round_of:
            by_round.setdefault(round_of[path], []).append(path)
    side_files = {path: side_of[path] for path in files if path in side_of}
    for survey_round, paths in sorted(by_round.items()):
        partition_key = survey_round.partition_key
        # The current export of a round is its most recently modified file; on a tie the first
        # by name (the rule of contract.drops.list_drops, which the ingest asset reads by).
        current = paths[0]
        for path in paths[1:]:
            if files[path].mtime_ns > files[current].mtime_ns:
                current = path
        questionnaire_files = _questionnaire_files(survey_round, side_files)
        lss_rounds = [str(side_files[p].round) for p in questionnaire_files if side_files[p].round]
        missing = missing_questionnaire(survey_round, current, lss_rounds)
        if missing is not None:  # a survey the project does not ship, without its .lss: wait
            skipped = SkippedFile(current, missing)
            outcome.skipped.append(skipped)
            state = (files[current].size, files[current].mtime_ns)
            outcome.cursor.skipped[current] = state
            if cursor.skipped.get(current) != state:
                outcome.newly_skipped.append(skipped)
            continue
        parts = [files[current].sha256]
        parts += [files[p].sha256 for p in questionnaire_files]
        if any(part is None for part in parts):  # a part of the round is not read yet: wait
            continue
        sha256 = round_fingerprint(*(str(part) for part in parts))
        last = cursor.rounds.get(partition_key)
        if last is not None and last.sha256 == sha256:
            if last.file != current:  # same content under another name: nothing to run
                outcome.cursor.rounds[partition_key] = RoundState(sha256, current, last.generation)
            continue
        generation = (last.generation if last else 0) + 1
        outcome.cursor.rounds[partition_key] = RoundState(sha256, current, generation)
        outcome.requests.append(RoundRequest(partition_key, current, sha256, generation))
    return outcome


def _questionnaire_files(survey_round: SurveyRound, side_files: dict[str, SideFile]) -> list[str]:
    """The side files a round's questionnaire and its changes depend on, in round order.

    Every ``.lss`` of the survey up to this round: the round's questionnaire is its own ``.lss`` or
    the latest earlier one (``contract.round_questionnaire.lss_for_round``), and its
    ``questionnaire_changes`` compare it with the previous round's, so a new or changed ``.lss``
    reruns its round and the later rounds. Then the survey's ``survey.yaml``. A ``.lss`` alone,
    without responses, belongs to no round here.
    """
    this = round_sort_key(survey_round.round)
    own = {path: side for path, side in side_files.items() if side.survey == survey_round.survey}
    rounds = {path: str(side.round) for path, side in own.items() if side.round is not None}
    questionnaires = sorted(
        (path for path, round_ in rounds.items() if round_sort_key(round_) <= this),
        key=lambda path: round_sort_key(rounds[path]),
    )
    return questionnaires + [path for path, side in own.items() if side.is_profile]


def round_fingerprint(responses: str, *questionnaire: str) -> str:
    """The content of a round: its responses' hash alone, or with its questionnaire files' hashes.

    A round without ``.lss`` or ``survey.yaml`` keeps the hash of its export, so cursors and run
    keys from before questionnaires were watched stay valid.
    """
    if not questionnaire:
        return responses
    joined = "\n".join((responses, *questionnaire)).encode()
    return hashlib.sha256(joined).hexdigest()[:HASH_CHARS]


@dataclass(frozen=True)
class LocalDropFolder:
    """The incoming folder on a local (or mounted) file system."""

    incoming: Path

    def scan(self) -> list[FileStat]:
        return scan_folder(self.incoming)

    def hash(self, relative: str) -> FileHash:
        return hash_file(self.incoming / relative)

    def tick(self, cursor: DropCursor, **budget: int) -> TickOutcome:
        """List, compare and hash as one sensor tick does."""
        return evaluate_tick(self.scan(), cursor, self.hash, self.incoming, **budget)
