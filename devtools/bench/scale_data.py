"""Generated ESCP exports for the scale benchmark, written once into a cache folder.

A million responses of the ESCP-4i codebook make a CSV of a few GB that takes minutes to write, so
each file is generated once and reused: its name carries the survey, the size, the seed and a hash
of the generator's source, so a change to the generator (or to the codebook) makes a new file. The
cache lives outside the repository (``$ESCP_BENCH_CACHE``, else ``$XDG_CACHE_HOME`` or ``~/.cache``,
then ``escp-pipeline-bench``).

Large files are generated in chunks of ``CHUNK_RESPONSES`` with
``devtools.random_rounds.generate_round`` (another seed per chunk) and written with
``escp_pipeline.synthetic.limesurvey_export.write_export``; the chunks are joined into one export
with one header and response ids renumbered to stay unique, so memory stays that of one chunk.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

CHUNK_RESPONSES = 100_000
CACHE_VARIABLE = "ESCP_BENCH_CACHE"
#: what the generated file depends on: the generator, the writer and the codebooks.
_SOURCES = (
    "devtools/random_rounds.py",
    "escp_pipeline/synthetic/limesurvey_export.py",
    "escp_pipeline/contract/reference/escp-4i.codebook.yaml",
    "escp_pipeline/contract/reference/escp-s3.codebook.yaml",
)


def cache_dir() -> Path:
    """Where generated exports are kept between runs (never inside the repository)."""
    configured = os.environ.get(CACHE_VARIABLE)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "escp-pipeline-bench"


def generator_fingerprint() -> str:
    """A short hash of the generator's, writer's and codebooks' source."""
    repo_root = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for relative in _SOURCES:
        source = repo_root / relative
        digest.update(relative.encode())
        digest.update(source.read_bytes() if source.exists() else b"missing")
    return digest.hexdigest()[:12]


def export_path(directory: Path, survey: str, n_responses: int, seed: int) -> Path:
    """The cached file of one generated export (a round name the drop convention accepts)."""
    return (
        directory / f"{survey}-{n_responses}-seed{seed}-{generator_fingerprint()}" / "2019-r1.csv"
    )


def remove_stale_exports(directory: Path, survey: str, n_responses: int, seed: int) -> list[Path]:
    """Delete cached exports of the same size made by an earlier generator (they are GBs)."""
    current = export_path(directory, survey, n_responses, seed).parent
    stale = [
        folder
        for folder in directory.glob(f"{survey}-{n_responses}-seed{seed}-*")
        if folder.is_dir() and folder != current
    ]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale


def generate_export(survey: str, n_responses: int, seed: int, path: Path) -> Path:
    """Generate one export of ``n_responses`` random but valid responses at ``path``.

    Writes to a temporary name first and renames at the end, so an interrupted run never leaves a
    truncated file that a later run would take for a finished one.
    """
    import pandas as pd

    from devtools.random_rounds import generate_round
    from escp_pipeline.contract.codebook import load_codebook
    from escp_pipeline.synthetic.limesurvey_export import write_export

    codebook = load_codebook(survey)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    chunk_file = path.with_name(path.name + ".chunk")
    with partial.open("wb") as target:
        for index, first in enumerate(range(0, n_responses, CHUNK_RESPONSES)):
            size = min(CHUNK_RESPONSES, n_responses - first)
            frame = generate_round(codebook, n_responses=size, seed=seed + index)
            if first:
                ids = pd.RangeIndex(first + 1, first + size + 1).astype("str")
                frame["id"] = pd.Series(ids, index=frame.index, dtype="str")
            write_export(frame, codebook, chunk_file)
            del frame
            with chunk_file.open("rb") as chunk:
                if first:
                    chunk.readline()  # the header row, already written with the first chunk
                shutil.copyfileobj(chunk, target, 16 << 20)
        # written to disk now: otherwise the kernel writes the gigabytes back while the first
        # timed reads of the file run, and the side that reads first pays for it
        target.flush()
        os.fsync(target.fileno())
    chunk_file.unlink()
    partial.replace(path)
    return path
