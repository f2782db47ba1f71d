"""Small LimeSurvey exports written for tests, in the contract's format."""

from pathlib import Path

import pandas as pd

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.synthetic.limesurvey_export import write_export

#: A tiny ESCP-4i round: one incomplete response, one superseded answer, personal data everywhere.
SMALL_4I_ROUND = {
    "id": ["1", "2", "3", "4", "5"],
    "submitdate": [
        "2019-05-20 10:00:00",
        "",
        "2019-05-21 10:00:00",
        "2019-05-22 11:00:00",
        "1980-01-01 00:00:00",
    ],
    "lastpage": ["9", "2", "9", "9", "9"],
    "startlanguage": ["en"] * 5,
    "seed": ["11", "12", "13", "14", "15"],
    "token": ["tokAAA111", "tokBBB222", "tokCCC333", "tokDDD444", "tokEEE555"],
    "startdate": ["2019-05-20 09:00:00"] * 5,
    "datestamp": ["2019-05-20 10:00:00"] * 5,
    "ipaddr": ["192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.14", "192.0.2.15"],
    "A1": ["P07", "P10", "P12", "P12", "P01"],
    "A2": ["S1", "S1", "S1", "S1", "S2"],
    "A4": [
        "Contact person, ELBE",
        "Contact person, FoodNet",
        "Contact person, GCA",
        "Contact person, GCA",
        "Contact person, AdPack2",
    ],
    "A5": [
        "escp-p07@example.org",
        "escp-p10@example.org",
        "escp-p12@example.org",
        "escp-p12@example.org",
        "escp-p01@example.org",
    ],
    "A6": ["Y", "N", "Y", "Y", "N"],
    "B1[SQ009]": ["Y", "", "Y", "", "Y"],
    "B1[SQ009comment]": ["Missions to China", "", "USA", "", "=1+1"],
    "D2": ["Y", "", "Y", "Y", "N"],
    "D3": ["3", "", "2", "4", ""],
}


def write_round(
    path: Path, columns: dict[str, list[str]] | None = None, survey: str = "escp-4i"
) -> Path:
    """Write an export of ``columns`` (default: the small ESCP-4i round) to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame(columns or SMALL_4I_ROUND, dtype="str")
    return write_export(frame, load_codebook(survey), path)
