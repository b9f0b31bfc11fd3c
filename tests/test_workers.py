"""The batch's workers (toolkit/parallel/workers.py): a value a task leaves under its key is found by a
later pinned task on that key, in the same process; a task's exception reaches the caller; a worker
that dies is reported, not waited for; what they send is what was sent."""

from __future__ import annotations

import os
import pickle
import signal
from dataclasses import FrozenInstanceError, dataclass
from fractions import Fraction

import pytest

from toolkit.parallel.workers import HELD, Inline, WorkerDied, Workers, dumps


def _leave(key, value):
    HELD[key] = value * 10
    return os.getpid()


def _take(key, extra):
    return os.getpid(), HELD.pop(key) + extra


def _fail(key):
    raise ValueError(f"task {key} failed")


def _die(key):
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize("pool", ["inline", "workers"])
def test_pinned_tasks_run_where_their_key_was_left(pool):
    workers = Inline() if pool == "inline" else Workers(2)
    try:
        keys = list(range(20))
        first = dict(workers.run(_leave, [(k, (k,)) for k in keys]))
        pids = {keys[position]: pid for position, pid in first.items()}
        calls = [(k, (1,)) for k in reversed(keys)]
        second = {calls[position][0]: answer for position, answer in workers.run(_take, calls, pinned=True)}
        assert second == {k: (pids[k], k * 10 + 1) for k in keys}  # k·10 left in pass one, +1 here
        if pool == "workers":
            assert len(set(pids.values())) == 2  # both workers had some (20 tasks, two in flight each)
    finally:
        workers.close()


def test_a_task_exception_reaches_the_caller():
    workers = Workers(2)
    try:
        with pytest.raises(ValueError, match="task 3 failed"):
            list(workers.run(_fail, [(3, ())]))
    finally:
        workers.close()


def test_a_dead_worker_is_reported():
    workers = Workers(1)
    try:
        with pytest.raises(WorkerDied):
            list(workers.run(_die, [(1, ())]))
    finally:
        workers.close()


@dataclass(frozen=True, slots=True)
class _Point:
    """A frozen, slotted data class, as our results are."""

    x: int
    label: str = ""
    inner: tuple = ()


@dataclass(frozen=True, slots=True)
class _Own:
    """A data class with its own __reduce__: the workers' pickler must leave it to it."""

    value: int

    def __reduce__(self):
        return _Own, (self.value + 1,)


def test_frozen_data_classes_pickle_to_equal_objects():
    point = _Point(1, "а", (_Point(2), Fraction(1, 3), _Own(5)))
    back = pickle.loads(dumps(point))
    assert back == _Point(1, "а", (_Point(2), Fraction(1, 3), _Own(6)))  # _Own's own reduce ran: 5 + 1
    with pytest.raises(FrozenInstanceError):
        back.x = 3
