"""Writing output files whole or not at all, readable by the team.

Every file the pipeline publishes (analyst tables, core tables, figures, the report, the workbook)
is written under a unique temporary name next to its target and renamed over it, so a reader never
sees half a file and two writers never share a temporary file. The temporary file is created with
mode 0666 minus the process umask, as any ordinary program's files are (0644 under umask 022, 0664
under the umask 002 of a shared group folder); ``tempfile.mkstemp`` would make it 0600, readable by
the writing account only.

A write that fails (full disk, read-only or foreign-owned warehouse) removes its temporary file and
raises :class:`OutputWriteError`, whose message names the file and what to do.

What does not belong here: what goes into the files (tables, figures, report), or locking (see
``escp_pipeline.storage.warehouse``).
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path

_ADVICE = {
    errno.ENOSPC: "the disk is full: free space on it, then run again",
    errno.EDQUOT: "the disk quota is exhausted: free space or raise the quota, then run again",
    errno.EROFS: "the file system is mounted read-only: mount it writable, then run again",
    errno.EACCES: "this account may not write there: fix the folder's owner or permissions",
    errno.EPERM: "this account may not write there: fix the folder's owner or permissions",
}


class OutputWriteError(OSError):
    """An output file could not be written; nothing was left behind in its place.

    The message names the file and the operating system's reason (no data from the file), so it is
    safe to log.
    """

    def __init__(self, path: Path, cause: OSError) -> None:
        reason = cause.strerror or str(cause)
        advice = _ADVICE.get(cause.errno or 0, "check the disk and the folder's permissions")
        super().__init__(cause.errno, f"cannot write {path}: {reason}; {advice}")
        self.path = path

    def __str__(self) -> str:
        return str(self.strerror)


def _new_temporary(path: Path) -> Path:
    """Create an empty, unique, hidden file next to ``path`` with the umask's permissions."""
    for _ in range(100):
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            handle = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(handle)
        return candidate
    raise FileExistsError(errno.EEXIST, f"no free temporary name next to {path}")


def write_atomically(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(temporary)`` and rename the temporary file over ``path``.

    Args:
        path: the file to replace (its folder is created).
        write: writes the whole content to the path it is given (``frame.to_parquet``,
            ``workbook.save``, ...); the file exists, empty, when it is called.

    Returns:
        ``path``.

    Raises:
        OutputWriteError: the folder, the temporary file or the rename failed (disk full, read-only,
            permissions); the temporary file is gone.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _new_temporary(path)
    except OSError as error:
        raise OutputWriteError(path, error) from error
    try:
        write(temporary)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputWriteError(path, error) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def write_bytes_atomically(path: Path, content: bytes) -> Path:
    """Replace ``path`` with ``content`` (see :func:`write_atomically`)."""
    return write_atomically(path, lambda temporary: temporary.write_bytes(content))


def write_text_atomically(path: Path, text: str) -> Path:
    """Replace ``path`` with ``text`` in UTF-8 (see :func:`write_atomically`)."""
    return write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
