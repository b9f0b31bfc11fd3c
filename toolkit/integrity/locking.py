"""An exclusive lock on `NAME.lock` while a file is read, scored and renamed (run.py), without a package.

The `filelock` package did this until issue 15; its 4.x releases import logging, secrets and a dozen
modules of their own, 7–17 ms of every `score` start for one OS call. This is the same mechanism:
`flock` on POSIX (so it excludes a `filelock.FileLock` on the same path too), `msvcrt.locking` on
Windows, polled until a timeout. The holder removes the lock file before it lets go, and a waiter
that then gets the removed file's lock sees it is no longer at the path and tries again on a new one,
so two runs never both hold «the» lock (removing it after letting go, as run.py did, left a window).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator

POLL = 0.05  # seconds between attempts


class LockTimeout(Exception):
    """Another run held the lock longer than the timeout."""


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _release(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _release(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _current(fd: int, path: str) -> bool:
    """Whether the file we locked is still the one at `path` (its holder may have removed it)."""
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


@contextlib.contextmanager
def file_lock(path: str, timeout: float) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if missing) for the block; `LockTimeout` after
    `timeout` seconds of another holder. An OSError opening it (no folder, no permission) propagates."""
    deadline = time.monotonic() + timeout
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _try(fd)
        except OSError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockTimeout(path) from None
            time.sleep(POLL)
            continue
        if _current(fd, path):
            break
        _release(fd)  # locked a file its holder removed meanwhile: lock the one there now
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):  # Windows keeps an open file; it is then left behind, harmlessly
            os.unlink(path)
        _release(fd)
        os.close(fd)
