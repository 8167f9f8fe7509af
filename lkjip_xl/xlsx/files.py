"""Writing a file so that nothing is ever lost: never half-written, never over an input, never unasked.

- :func:`atomic_write` writes beside the target and renames over it, so a crash or a kill leaves the old file
  whole. It writes through a symbolic link to the file it names (replacing the link would leave the real
  workbook stale) and refuses a read-only file (its owner made it so on purpose).
- A run killed mid-write leaves its temporary file behind; the next write into that folder removes the
  leftovers of runs that are no longer alive, and only those: the temporary name carries the writer's process id.
- :func:`refuse_existing` and :func:`refuse_inputs` are the commands' rules for outputs: an existing file is
  replaced only when the user said so (``--timpa``), and an input never.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from ..errors import WriteFailed

__all__ = ["atomic_write", "refuse_existing", "refuse_inputs", "TEMP_PREFIX"]

TEMP_PREFIX = ".~lkjip-"
_OURS = re.compile(r"\.~lkjip-(?:(\d+)-)?.*\.tmp\Z", re.DOTALL)
_ORPHAN_AGE = 3600
"""Seconds after which a temporary file without a process id (written by lkjip_xl 0.2) counts as left over."""


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _through_links(path: Path) -> Path:
    """The file a write to ``path`` should change: the target of a symbolic link, else ``path`` itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill would end the process there; leave such files to the age rule
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, run by someone else
    return True


def _remove_leftovers(directory: Path) -> None:
    """Remove the temporary files of our writes that died in ``directory`` (never a live run's, never another
    program's file)."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    now = time.time()
    for e in entries:
        if not e.name.startswith(TEMP_PREFIX):
            continue
        m = _OURS.fullmatch(e.name)
        if m is None:
            continue
        try:
            if not e.is_file(follow_symlinks=False):
                continue
            dead = (not _alive(int(m.group(1)))) if m.group(1) else now - e.stat().st_mtime > _ORPHAN_AGE
            if dead:
                os.unlink(e.path)
        except (OSError, ValueError):
            pass


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see the module's rules); :class:`WriteFailed` says why not."""
    target = _through_links(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        st = os.stat(target)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # what open() would give a new file; mkstemp's 0600 would hide it from colleagues
    else:
        mode = stat.S_IMODE(st.st_mode)
        if not mode & 0o222:  # read-only for everyone, root included: its owner meant it
            raise WriteFailed("hanya-baca", path=path, nama=path.name)
    _remove_leftovers(directory)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise WriteFailed("folder", path=path, folder=directory, alasan=exc.strerror) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise WriteFailed("berkas-terbuka" if isinstance(exc, PermissionError) else "menyimpan", path=path,
                          nama=path.name, alasan=exc.strerror or exc) from exc


def refuse_existing(paths: Iterable[Path]) -> None:
    """Raise :class:`WriteFailed` for the first of ``paths`` that exists (a command about to write them was not
    told to replace files)."""
    for p in paths:
        if os.path.lexists(p):
            raise WriteFailed("sudah-ada", path=p, berkas=p)


def refuse_inputs(outputs: Iterable[Path | None], inputs: Iterable[Path]) -> None:
    """Raise :class:`WriteFailed` when an output is one of the inputs (by the file it names, links followed)."""
    seen = {os.path.realpath(p) for p in inputs}
    for out in outputs:
        if out is not None and os.path.realpath(out) in seen:
            raise WriteFailed("menimpa-masukan", path=out, berkas=out)
