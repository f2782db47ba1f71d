"""The incoming folder by ``stat`` and by streamed read: what the drop sensor sees of the files.

What belongs here: listing every file below ``incoming/`` by ``stat`` only (``scan_folder``) and
hashing one file in chunks (``hash_file``), with the hash length the cursor and run keys keep. What
does not: deciding what changed or what to run (``ingest.watch``), or reading an export's content
(``contract.export_reader``).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

#: Hashes kept in the cursor and in run keys: 128 bits of SHA-256 tell exports apart and keep the
#: cursor (stored with every tick) small.
HASH_CHARS = 32
_READ_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileStat:
    """A file below ``incoming/`` as ``stat`` sees it; ``path`` is relative, with ``/``."""

    path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class FileHash:
    """The content hash of a file, the bytes read for it, and its size and mtime after the read."""

    sha256: str
    bytes_read: int
    size: int
    mtime_ns: int


def scan_folder(incoming: Path) -> list[FileStat]:
    """Every file below ``incoming`` (any depth), by ``stat`` only: no file is opened.

    Hidden folders are not entered (their files are temporary by name anyway). A missing folder has
    no files.
    """
    found: list[FileStat] = []
    stack = [(incoming, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue
        for entry in entries:
            relative = f"{prefix}{entry.name}"
            try:
                if entry.is_dir():
                    if not entry.name.startswith("."):
                        stack.append((Path(entry.path), relative + "/"))
                    continue
                if not entry.is_file():
                    continue
                stat = entry.stat()
            except OSError:  # vanished between listing and stat: next tick sees the truth
                continue
            found.append(FileStat(relative, stat.st_size, stat.st_mtime_ns))
    return sorted(found, key=lambda item: item.path)


def hash_file(path: Path) -> FileHash:
    """Stream a file through SHA-256; report what was read and the file's stat after reading."""
    digest = hashlib.sha256()
    read = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_READ_CHUNK):
            digest.update(chunk)
            read += len(chunk)
        stat = os.fstat(handle.fileno())
    return FileHash(digest.hexdigest()[:HASH_CHARS], read, stat.st_size, stat.st_mtime_ns)
