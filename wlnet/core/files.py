"""Writing files so that a crash never leaves a torn one.

Every file wlnet writes (Export in every format, net files, training checkpoints, progress
files) goes through ``atomic_write``: the bytes go to a temporary file in the target's own
folder (a rename across file systems is not atomic), are flushed and fsynced, and the temporary
file is then renamed over the target.  A process killed at any moment leaves either the old file
or the complete new one; a stray ``.<name>.<random>.tmp`` file may remain, never a broken target.
"""

from __future__ import annotations

import os
import tempfile

from wlnet.core.parallel import is_leader

__all__ = ["atomic_write"]


def atomic_write(path, data: bytes | str, encoding: str = "utf-8") -> None:
    """Write ``data`` (bytes, or text encoded with ``encoding``; what the encoding cannot
    hold, such as a lone surrogate, written ``\\:d800``) to ``path`` atomically.

    Raises OSError when the file cannot be written; the target is then left as it was.
    In a multi-process run (torchrun) only the leader writes: every process runs the same
    script, and one copy of each file is what it means (``wlnet.core.parallel``)."""
    if not is_leader():
        return
    if isinstance(data, str):
        from wlnet.core.text import ESCAPE_ERRORS
        data = data.encode(encoding, ESCAPE_ERRORS)
    path = os.fspath(path)
    folder, name = os.path.split(os.path.abspath(path))
    handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _keep_mode(path, temp)
        os.replace(temp, path)
    except BaseException:                    # KeyboardInterrupt too: no temp file left behind
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    _sync_folder(folder)


def _keep_mode(path: str, temp: str) -> None:
    """Give the new file the old one's permissions, or the usual ones (mkstemp makes 0600)."""
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp, mode)


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (where the system allows fsync on a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
