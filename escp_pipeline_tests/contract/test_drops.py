"""Drop names map to survey rounds; anything else is skipped with a message saying what to
rename."""

import os
from pathlib import Path

import pytest

from escp_pipeline.contract.drops import (
    DropNameError,
    SurveyRound,
    is_temporary_name,
    list_drops,
    parse_drop_path,
    round_sort_key,
)


def test_parse_drop_path(tmp_path: Path) -> None:
    drop = parse_drop_path(tmp_path / "escp-4i" / "2019-r2.csv", tmp_path)
    assert drop.survey_round == SurveyRound("escp-4i", "2019-r2")
    assert drop.partition_key == "escp-4i/2019-r2"
    assert parse_drop_path(tmp_path / "escp-s3" / "2021-r3.XLSX", tmp_path).partition_key == (
        "escp-s3/2021-r3"
    )
    # LimeSurvey's API also exports JSON; the reader reads it like the CSV of the same settings.
    assert parse_drop_path(tmp_path / "escp-4i" / "2019-r2.json", tmp_path).partition_key == (
        "escp-4i/2019-r2"
    )


@pytest.mark.parametrize(
    ("relative", "message"),
    [
        ("ESCP_9x/2019-r2.csv", "not a survey name"),
        ("escp-4i/2019-r2.txt", "extension"),
        ("escp-4i/round2.csv", "not a round name"),
        ("escp-4i/2019-r0.csv", "not a round name"),
        ("2019-r2.csv", "one folder deep"),
        ("escp-4i/old/2019-r2.csv", "one folder deep"),
    ],
)
def test_bad_names_say_what_to_rename(tmp_path: Path, relative: str, message: str) -> None:
    with pytest.raises(DropNameError, match=message) as error:
        parse_drop_path(tmp_path / relative, tmp_path)
    assert "rename it to incoming/<survey>/<year>-r<n>.csv" in str(error.value)


@pytest.mark.parametrize(
    ("name", "temporary"),
    [
        (".2019-r2.csv", True),
        ("~$2019-r2.xlsx", True),
        ("2019-r2.csv.part", True),
        ("2019-r2.csv.tmp", True),
        ("2019-r2.csv", False),
        ("2019-r2.xlsx", False),
    ],
)
def test_temporary_names(name: str, temporary: bool) -> None:
    assert is_temporary_name(name) is temporary


def test_rounds_sort_by_number() -> None:
    rounds = ["2020-r3", "2019-r2", "2018-r1", "2021-r10"]
    assert sorted(rounds, key=round_sort_key) == ["2018-r1", "2019-r2", "2020-r3", "2021-r10"]


def test_partition_key_round_trip() -> None:
    assert SurveyRound.from_partition_key("escp-s3/2019-r1") == SurveyRound("escp-s3", "2019-r1")
    with pytest.raises(DropNameError):
        SurveyRound.from_partition_key("escp-s3-2019-r1")
    # a survey the project does not ship is a partition like any other
    assert SurveyRound.from_partition_key("pilot-survey/2024-r1") == SurveyRound(
        "pilot-survey", "2024-r1"
    )
    with pytest.raises(DropNameError, match="lower case letters, digits and dashes"):
        SurveyRound.from_partition_key("Pilot_Survey/2024-r1")


def test_a_new_survey_needs_a_questionnaire_for_its_round(tmp_path: Path) -> None:
    """A round of an unknown survey is a drop once it or an earlier round has a ``.lss``."""
    folder = tmp_path / "pilot-survey"
    folder.mkdir()
    (folder / "2024-r1.csv").write_text("a")
    drops, problems = list_drops(tmp_path)
    assert drops == {}
    assert len(problems) == 1
    assert problems[0].startswith("pilot-survey/2024-r1.csv: survey 'pilot-survey'")
    assert (
        "add LimeSurvey's survey structure export beside it as pilot-survey/2024-r1.lss"
        in (problems[0])
    )
    (folder / "2024-r1.lss").write_text("<document/>")
    (folder / "2025-r2.csv").write_text("b")  # uses the earlier round's questionnaire
    (folder / "survey.yaml").write_text("{}")
    drops, problems = list_drops(tmp_path)
    assert problems == []
    assert sorted(drops) == ["pilot-survey/2024-r1", "pilot-survey/2025-r2"]
    assert drops["pilot-survey/2024-r1"].survey_round == SurveyRound("pilot-survey", "2024-r1")
    # a later .lss does not serve an earlier round
    other = tmp_path / "other-survey"
    other.mkdir()
    (other / "2024-r1.csv").write_text("a")
    (other / "2025-r2.lss").write_text("<document/>")
    drops, problems = list_drops(tmp_path)
    assert "other-survey/2024-r1" not in drops
    assert [p.split(":")[0] for p in problems] == ["other-survey/2024-r1.csv"]


def test_list_drops_takes_newest_file_and_reports_bad_names(tmp_path: Path) -> None:
    folder = tmp_path / "escp-4i"
    folder.mkdir()
    csv, xlsx = folder / "2019-r2.csv", folder / "2019-r2.xlsx"
    csv.write_text("a")
    xlsx.write_text("b")
    os.utime(csv, (1_000, 1_000))
    os.utime(xlsx, (2_000, 2_000))
    (folder / "notes.txt").write_text("x")
    (folder / "~$2019-r2.xlsx").write_text("lock")
    drops, problems = list_drops(tmp_path)
    assert drops["escp-4i/2019-r2"].path == xlsx
    assert len(problems) == 1 and "notes.txt" in problems[0]
    assert csv.exists() and xlsx.exists()
