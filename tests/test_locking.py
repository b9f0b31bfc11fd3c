"""The lock a scoring run holds on NAME.lock (toolkit/integrity/locking.py, issue 15: replaces the filelock package)."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from toolkit.integrity.locking import LockTimeout, file_lock


def _hold(path: str, seconds: float, ready) -> None:
    with file_lock(path, timeout=5):
        ready.set()
        time.sleep(seconds)


def test_a_second_holder_waits_then_times_out(tmp_path):
    lock = str(tmp_path / "r.xlsx.lock")
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold, args=(lock, 1.0, ready))
    holder.start()
    try:
        assert ready.wait(10)
        start = time.monotonic()
        with pytest.raises(LockTimeout):
            with file_lock(lock, timeout=0.2):
                pass
        assert 0.2 <= time.monotonic() - start < 0.9  # waited the timeout, not the holder's whole second
        with file_lock(lock, timeout=10):  # and gets it once the holder is done
            pass
    finally:
        holder.join(10)


def test_the_lock_file_goes_with_its_holder(tmp_path):
    lock = tmp_path / "r.xlsx.lock"
    with file_lock(str(lock), timeout=1):
        assert lock.exists()
    assert not lock.exists()
    with file_lock(str(lock), timeout=1):  # and the next run takes it again
        pass


def _count(path: str, counter: str, rounds: int) -> None:
    """Read-modify-write of a counter file under the lock: a lost update means two holders at once."""
    for _ in range(rounds):
        with file_lock(path, timeout=30):
            value = int(Path(counter).read_text())
            time.sleep(0.001)
            Path(counter).write_text(str(value + 1))


def test_never_two_holders_even_as_the_lock_file_is_removed_and_made_again(tmp_path):
    """Each holder removes the lock file before letting go; a waiter that then gets the removed file
    must not count as holding the lock while a third run holds the new file. 3 processes × 40 rounds
    of +1 give exactly 120 only if no two ever held the lock together."""
    lock, counter = str(tmp_path / "r.lock"), tmp_path / "n"
    counter.write_text("0")
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_count, args=(lock, str(counter), 40)) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    assert counter.read_text() == "120"


def test_an_unwritable_folder_is_an_oserror(tmp_path):
    with pytest.raises(OSError):
        with file_lock(str(tmp_path / "missing" / "r.lock"), timeout=0.1):
            pass
