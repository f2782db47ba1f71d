"""Where the real LimeSurvey 6.4.2 exports of the demo rounds are (tests only).

They are facts from outside, never regenerated: ``shared/limesurvey-6.4.2`` beside the repository
(as CI checks it out), or beside the folder holding a git worktree of it. ``None`` when absent.
"""

from __future__ import annotations

import shutil
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


#: Real exports filed as surveys the project does not know, as a user running another survey on the
#: same LimeSurvey would drop them: (survey exported, round, route) -> the folder it is filed under.
#: Two rounds in the export form's defaults (full question texts, full answers), one in the
#: contract's setting; each with the ``.lss`` of the survey it was exported from.
REAL_AS_UNKNOWN = {
    ("escp-s3", "2019-r1", "ui-csv-full-long.csv"): "cluster-survey",
    ("escp-4i", "2018-r1", "ui-csv-code-short.csv"): "partnership-survey",
    ("escp-4i", "2019-r2", "ui-csv-full-long.csv"): "partnership-survey",
}


def copy_real_as_unknown(folder: Path) -> list[Path]:
    """Copy ``REAL_AS_UNKNOWN`` to ``folder/<survey>/<round>.csv`` and ``.lss``; the copies.

    Each round's ``.lss`` comes before its export in the list, so that moving the files in that
    order never shows a round of an unknown survey without its questionnaire.
    """
    assert LIMESURVEY_DIR is not None
    copies = []
    for (survey, round_, route), unknown in REAL_AS_UNKNOWN.items():
        target = folder / unknown
        target.mkdir(parents=True, exist_ok=True)
        structure = LIMESURVEY_DIR / "structure" / f"{survey}.survey-structure.lss"
        copies.append(Path(shutil.copy2(structure, target / f"{round_}.lss")))
        export = LIMESURVEY_DIR / "demo" / survey / f"{round_}.{route}"
        copies.append(Path(shutil.copy2(export, target / f"{round_}.csv")))
    return copies
