"""The batch's workers (toolkit/parallel/workers.py): a value a task leaves under its key is found by a
later pinned task on that key, in the process that left it or in the one it was handed to when that one
ran out of its own tasks; a task's exception reaches the caller; a worker
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
def test_pinned_tasks_find_the_value_their_key_left(pool):
    workers = Inline() if pool == "inline" else Workers(2)
    try:
        keys = list(range(20))
        first = dict(workers.run(_leave, [(k, (k,)) for k in keys]))
        pids = {keys[position]: pid for position, pid in first.items()}
        calls = [(k, (1,)) for k in reversed(keys)]
        second = {calls[position][0]: answer for position, answer in workers.run(_take, calls, pinned=True)}
        assert {k: value for k, (_, value) in second.items()} == {k: k * 10 + 1 for k in keys}  # k·10 left, +1 here
        moved = [k for k in keys if second[k][0] != pids[k]]  # handed to the other worker when it ran out of its own
        assert len(moved) < len(keys) // 2  # most ran where their value was left
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


def _slow_peek(key, extra):
    import time

    time.sleep(0.02)  # long enough that the other worker runs dry while this one still has several
    return os.getpid(), HELD[key] + extra


def test_a_worker_out_of_its_own_tasks_takes_another_s_with_its_held_value():
    workers = Workers(2)
    try:
        keys = list(range(24))
        pids = {keys[position]: pid for position, pid in workers.run(_leave, [(k, (k,)) for k in keys])}
        first = pids[0]
        mine = [k for k in keys if pids[k] == first]  # the pinned pass has tasks of one worker only
        calls = [(k, (1,)) for k in mine]
        second = {calls[position][0]: answer for position, answer in workers.run(_slow_peek, calls, pinned=True)}
        assert {k: value for k, (_, value) in second.items()} == {k: k * 10 + 1 for k in mine}  # k·10 left, +1 here
        assert any(pid != first for pid, _ in second.values())  # the other worker ran some, with the values handed to it
        calls = [(k, (2,)) for k in mine]
        third = {calls[position][0]: answer for position, answer in workers.run(_take, calls, pinned=True)}
        # each value found again, in whichever worker now holds it (a worker that lacked it would raise KeyError)
        assert {k: value for k, (_, value) in third.items()} == {k: k * 10 + 2 for k in mine}
    finally:
        workers.close()
