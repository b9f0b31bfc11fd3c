"""Worker processes that keep what a task leaves behind for a later task on the same key (issue 15).

A batch checks and scores every file in a first pass, but some files must wait for the whole batch
(the peer averages of rule 1.5, their body's other files for the block) before they are written.
Shipping a waiting file's checked inputs and scores to the parent and back (tens of kilobytes of
pickled dataclasses an openness report, hundreds for a long «Акт сверки») cost a quarter of the
batch, and the parent's unpickling competes with the workers for the cores. Here a task may leave a
value in `HELD` of the process it ran in; a later pass sends the tasks on that key to that same
process (`pinned`), so only small summaries travel. `Inline` runs the same tasks in this process,
for `--jobs 1` and a single file.

Each worker has two tasks sent at a time (the next one waits in its pipe while it works, so it never
waits for a busy parent to be scheduled); a thread of the parent sends them, so the parent is always
free to read answers and neither side blocks on a full pipe while the other writes too. The parent
freezes what it holds before it forks (gc.freeze), so a worker's collector never touches, and copies,
those pages. The first pass hands each task to whichever worker is free (the caller orders them largest first, so the pass does
not end on one long file); a pinned pass queues each task behind its worker's others, and a worker
that has run out of its own takes the last task of another's queue, the value held for it sent from
that worker through the parent (unread there). The held files are the same count a worker but not the
same work: the worker that read the large files in the first pass holds fewer, and at 50 files the
last pass ended ~0.1 s later on one worker than on the other.
"""

from __future__ import annotations

import pickle
from collections import deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from toolkit.compiled import dumps  # our data classes pickled compactly: most of what a result cost to send

if TYPE_CHECKING:  # multiprocessing is imported only when a run has several workers (start-up time)
    from multiprocessing.connection import Connection

HELD: dict[Hashable, Any] = {}  # this process's waiting values, by key
Call = tuple[Hashable, tuple[Any, ...]]  # (key, further arguments): a task is fn(key, *arguments)


class WorkerDied(RuntimeError):
    """A worker process ended without answering (killed, out of memory)."""


class Inline:
    """The tasks run here, one after the other, in the order given."""

    def run(self, fn: Callable[..., Any], calls: Sequence[Call], pinned: bool = False) -> Iterator[tuple[int, Any]]:
        for position, (key, args) in enumerate(calls):
            yield position, fn(key, *args)

    def close(self) -> None:
        HELD.clear()


class Workers:
    """`count` processes started now (forked where the platform forks, so they share what the parent
    has loaded), each running `initializer` first."""

    def __init__(self, count: int, initializer: Callable[[], None] | None = None):
        import gc
        import multiprocessing
        import queue
        import threading

        context = multiprocessing.get_context()
        self.conns: list[Connection] = []
        self.processes = []
        self.outboxes: list[queue.SimpleQueue[bytes | None]] = []
        self.owner: dict[Hashable, int] = {}
        frozen = gc.isenabled()
        if frozen:  # what the parent holds now is never collected in a worker: its pages stay shared
            gc.disable()
            gc.freeze()
        try:
            for _ in range(count):
                mine, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs, initializer), daemon=True)
                process.start()
                theirs.close()
                self.conns.append(mine)
                self.processes.append(process)
        finally:
            if frozen:
                gc.unfreeze()
                gc.enable()
        for conn in self.conns:  # a thread sends each worker its tasks, so this one is always free to read
            outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
            threading.Thread(target=_send, args=(conn, outbox), daemon=True).start()
            self.outboxes.append(outbox)

    def run(self, fn: Callable[..., Any], calls: Sequence[Call], pinned: bool = False) -> Iterator[tuple[int, Any]]:
        """Yield (position in `calls`, answer) as the answers arrive. Not pinned: each task goes to the next
        free worker, which then holds its key; pinned: to the worker holding its key, and a worker that has
        run out of its own takes the last of another's that still has two or more waiting, with the value
        held for it (`_export`, `_adopt`). A worker has `DEPTH` tasks sent at a time, so it never waits for
        the parent between two."""
        from multiprocessing.connection import wait

        count = len(self.conns)
        shared: deque[int] = deque(range(len(calls)))
        queues = [deque[int]() for _ in self.conns]
        if pinned:
            for position, (key, _) in enumerate(calls):
                queues[self.owner[key]].append(position)
        # each worker's messages in the order it answers them: (position, None) for a task, (position,
        # thief) for a held value it gives up for another worker to run the task at `position`
        sent: list[deque[tuple[int, int | None]]] = [deque() for _ in self.conns]
        stealing = [False] * count  # a worker waiting for the value of a task it took from another

        def feed(worker: int) -> None:
            todo = queues[worker] if pinned else shared
            while todo and len(sent[worker]) < DEPTH:
                position = todo.popleft()
                key, args = calls[position]
                self.owner[key] = worker
                self.outboxes[worker].put(dumps((fn, key, args)))
                sent[worker].append((position, None))
            if pinned and not todo and not stealing[worker] and len(sent[worker]) < DEPTH:
                victim = max(range(count), key=lambda w: len(queues[w]))
                if len(queues[victim]) >= 2:  # it would still have one to do after those it was sent
                    position = queues[victim].pop()  # its last: the smallest, in a pass ordered largest first
                    self.outboxes[victim].put(dumps((_export, calls[position][0], ())))
                    sent[victim].append((position, worker))
                    stealing[worker] = True

        for worker in range(count):
            feed(worker)
        while any(sent):
            for conn in wait([self.conns[w] for w in range(count) if sent[w]]):
                worker = self.conns.index(conn)  # type: ignore[arg-type]
                try:
                    data = conn.recv_bytes()  # type: ignore[union-attr]
                except (EOFError, OSError) as exc:
                    raise WorkerDied(f"worker {self.processes[worker].pid} ended without answering") from exc
                position, thief = sent[worker].popleft()
                if thief is not None:  # a held value given up: passed on as it came, unread
                    key, args = calls[position]
                    self.owner[key] = thief
                    self.outboxes[thief].put(dumps((_adopt, key, (data, fn, args))))
                    sent[thief].append((position, None))
                    stealing[thief] = False
                    feed(worker)
                    feed(thief)
                    continue
                feed(worker)
                ok, value = pickle.loads(data)
                if not ok:
                    raise value
                yield position, value

    def close(self) -> None:
        """Stop the workers: asked to, then made to if they do not (a task still running after an error)."""
        for outbox in self.outboxes:
            outbox.put(b"")
            outbox.put(None)
        for process in self.processes:
            process.join(timeout=2)
            if process.is_alive():
                process.terminate()
                process.join()
        for conn in self.conns:
            conn.close()


DEPTH = 2  # tasks sent to a worker before its first answer


def _export(key: Hashable) -> Any:
    """Give up the value held under `key`, for another worker to run the key's task (`_adopt`)."""
    return HELD.pop(key)


def _adopt(key: Hashable, packed: bytes, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    """Hold the value another worker gave up (`packed` is its answer to `_export`), then run the task."""
    ok, value = pickle.loads(packed)
    if not ok:
        raise value
    HELD[key] = value
    return fn(key, *args)


def _send(conn: Connection, outbox: Any) -> None:
    """A thread sending what is put in its outbox, until None: the parent's to a worker, a worker's answers."""
    while (data := outbox.get()) is not None:
        try:
            conn.send_bytes(data)
        except OSError:  # the other end is gone: the reading side reports it
            return


def _serve(conn: Connection, initializer: Callable[[], None] | None) -> None:
    """A worker's loop: run each task sent, answer (True, value) or (False, the exception). A thread sends
    the answers, so the worker goes on to its next task at once: an answer larger than the pipe's buffer
    (an openness result is ~85 KB, the pipe holds 64) would otherwise keep it waiting until the parent
    is scheduled and reads it (0.8 s a worker over 500 files on a loaded machine; issue 15)."""
    import queue
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it then stops us
    if initializer is not None:
        initializer()
    outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    sender = threading.Thread(target=_send, args=(conn, outbox), daemon=True)
    sender.start()
    try:
        while True:
            try:
                data = conn.recv_bytes()
            except (EOFError, OSError):
                return
            if not data:
                return
            fn, key, args = pickle.loads(data)
            try:
                answer = dumps((True, fn(key, *args)))
            except Exception as exc:  # the parent raises it, as concurrent.futures would
                try:
                    answer = dumps((False, exc))
                except Exception:  # an exception that does not pickle
                    answer = dumps((False, RuntimeError(repr(exc))))
            outbox.put(answer)
    finally:
        outbox.put(None)
        sender.join()
