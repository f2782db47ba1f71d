"""Personal data never leaves the validation layer: the whole pipeline on the demo drops, searched.

The demo drops carry fake contact names, emails, ``token`` and ``ipaddr`` values. After a full build
(every round, then the cross-round tables, figures, report and workbook) on a copy of them, with
``DAGSTER_HOME`` set to a temporary folder, every output file (Parquet tables decoded to text,
figures, HTML, workbooks unzipped, anything else as bytes), the Dagster folders (home, and the
instance's storage of step outputs), the whole event log (messages, metadata, errors) and what the
build printed or logged are searched for each of those values: none may appear. The consent answer
survives only as a yes/no. (The error paths are searched by the bad-input catalogue, whose broken
drops carry fake personal data too.)

Before the build, an e-mail address and a phone number are planted inside a free-text comment of a
counted answer (in the copy of a drop, never in ``data/incoming``): the core table masks them, so
they too must appear nowhere, while the core table's metadata counts the masks.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from escp_pipeline.catalogue.vocabularies import PERSONAL_METADATA
from escp_pipeline.cli.build import build
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.drops import list_drops
from escp_pipeline.contract.export_reader import read_export
from escp_pipeline.synthetic.limesurvey_export import write_export
from escp_pipeline_tests.leaks import event_log_texts, file_texts, files_below, find_leaks

DEMO_DROPS = Path(__file__).parents[1] / "data" / "incoming"


def personal_values(incoming: Path, keys: list[str] | None = None) -> list[str]:
    """Every personal-data value of the drops (all, or those of ``keys``), read with the reader."""
    values: set[str] = set()
    drops = list_drops(incoming)[0]
    for key in keys or list(drops):
        drop = drops[key]
        codebook = load_codebook(drop.survey_round.survey)
        responses = read_export(drop.path, codebook).responses
        columns = [*PERSONAL_METADATA, *codebook.personal_data_columns]
        for column in (c for c in columns if c in responses):
            values.update(v.strip() for v in responses[column].dropna() if v.strip())
    return sorted(values)


#: planted inside a free-text answer; each piece must vanish with the whole
PLANTED_EMAIL = "planted.person@leak-test.example"
PLANTED_PHONE = "+33 6 12 34 56 78"
PLANTED_PIECES = ("planted.person", "leak-test.example", "6 12 34 56 78", "33612345678")
PLANTED_ROUND = "escp-4i/2019-r2"


def plant_contact_data(drop: Path, column: str = "B1[SQ009comment]") -> int:
    """Append an e-mail address and a phone number to the first complete answer's comment in
    ``column`` of the drop at ``drop`` (a copy), rewritten as LimeSurvey writes it. Returns the
    response id planted in."""
    codebook = load_codebook(drop.parent.name)
    responses = read_export(drop, codebook).responses.copy()
    candidates = responses["submitdate"].notna() & responses[column].notna()
    row = candidates.idxmax()
    assert candidates[row], f"no complete answer with a comment in {column} of {drop}"
    responses.loc[row, column] = (
        f"{responses.loc[row, column]} Contact {PLANTED_EMAIL} or tel. {PLANTED_PHONE}."
    )
    write_export(responses, codebook, drop)
    return int(responses.loc[row, "id"])


def masks_counted(instance: dg.DagsterInstance, partition: str) -> tuple[int, int]:
    """``masked_emails`` and ``masked_phones`` of the round's latest core_responses event."""
    records = instance.fetch_materializations(
        dg.AssetRecordsFilter(
            asset_key=dg.AssetKey("core_responses"), asset_partitions=[partition]
        ),
        limit=1,
    ).records
    metadata = records[0].asset_materialization.metadata  # type: ignore[union-attr]
    return int(metadata["masked_emails"].value), int(metadata["masked_phones"].value)


@pytest.mark.e2e
def test_no_personal_data_in_any_output_or_event(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    if not any(DEMO_DROPS.rglob("*.csv")):
        pytest.fail(f"no demo drops in {DEMO_DROPS}: run `make demo-data`")
    data_dir, dagster_home = tmp_path / "data", tmp_path / "dagster_home"
    shutil.copytree(DEMO_DROPS, data_dir / "incoming")
    dagster_home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(dagster_home))
    personal = personal_values(data_dir / "incoming")
    assert len(personal) >= 100  # contact names, emails, tokens and addresses of every response
    plant_contact_data(data_dir / "incoming" / f"{PLANTED_ROUND}.csv")
    personal += [PLANTED_EMAIL, PLANTED_PHONE, *PLANTED_PIECES]
    lines: list[str] = []

    caplog.set_level(logging.DEBUG)
    # Ephemeral (in-memory event log, searched through the API) is a third faster than SQLite;
    # whatever it writes to disk goes to its storage folder, which is searched too.
    with dg.DagsterInstance.ephemeral() as instance:
        report = build(data_dir, instance, progress=lines.append)
        events = list(event_log_texts(instance))
        masks = masks_counted(instance, PLANTED_ROUND)
        storage = files_below(Path(instance.storage_directory()))
        stored = list(file_texts(storage))
    captured = capfd.readouterr()

    assert set(report.succeeded) == set(list_drops(DEMO_DROPS)[0]), report.failed
    assert report.cross_round_succeeded, report.cross_round_error
    outputs = files_below(data_dir, skip=["incoming"])
    assert {".parquet", ".png", ".html", ".xlsx"} <= {path.suffix for path in outputs}
    texts = [
        *file_texts(outputs),
        *file_texts(files_below(dagster_home)),
        *stored,
        *events,
        ("build progress", "\n".join(lines)),
        ("logs", caplog.text),
        ("stdout", captured.out),
        ("stderr", captured.err),
    ]
    assert find_leaks(personal, texts) == []
    assert masks == (1, 1)  # counted in the metadata, shown nowhere
    free_text = pd.read_parquet(data_dir / "warehouse" / "tables" / "free_text_answers.parquet")
    assert free_text["text"].str.contains("[email] or tel. [phone]", regex=False).sum() == 1
    assert sum(len(text) for _, text in events) > 10_000  # the event log was really searched

    # The consent answer is kept, as a yes/no only.
    core_dir = data_dir / "warehouse" / "core" / "core_responses"
    for survey in ("escp-4i", "escp-s3"):
        core = pd.read_parquet(core_dir / f"{survey}.parquet")
        consent = load_codebook(survey).consent_question
        assert consent is not None
        assert core[consent.code].dtype == "boolean"
        assert core[consent.code].notna().any()
