"""Where the real LimeSurvey 6.4.2 exports of the demo rounds are (tests only).

They are facts from outside, never regenerated: ``shared/limesurvey-6.4.2`` beside the repository
(as CI checks it out), or beside the folder holding a git worktree of it. ``None`` when absent.
"""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def _find() -> Path | None:
    for folder in (PROJECT.parent, PROJECT.parent.parent):
        candidate = folder / "shared" / "limesurvey-6.4.2"
        if candidate.is_dir():
            return candidate
    return None


LIMESURVEY_DIR: Path | None = _find()
#: Every export file of the demo rounds: ``demo/<survey>/<round>.<route>-<doctype>-...``.
REAL_EXPORTS: list[Path] = (
    sorted(path for path in (LIMESURVEY_DIR / "demo").glob("*/*") if path.is_file())
    if LIMESURVEY_DIR is not None
    else []
)
#: Routes per round LimeSurvey 6.4.2 offers, as exported (README of shared/limesurvey-6.4.2).
FILES_PER_ROUND = 23


def reference_export(survey: str, round_: str) -> Path:
    """The round's export with the contract's settings (admin UI, question codes, answer codes)."""
    assert LIMESURVEY_DIR is not None
    return LIMESURVEY_DIR / "demo" / survey / f"{round_}.ui-csv-code-short.csv"
