"""Writing a file so that a crash never leaves it half-written."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from ..errors import WriteFailed

__all__ = ["atomic_write"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes) -> None:
    """Write next to the target and rename over it: a crash or a kill leaves the old file whole."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # what open() would give a new file; mkstemp's 0600 would hide it from colleagues
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~lkjip-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise WriteFailed("folder", path=path, folder=directory, alasan=exc.strerror) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise WriteFailed("berkas-terbuka" if isinstance(exc, PermissionError) else "menyimpan", path=path,
                          nama=path.name, alasan=exc.strerror or exc) from exc
