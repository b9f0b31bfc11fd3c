"""Worker processes that keep what a task leaves behind for a later task on the same key (issue 15).

A batch checks and scores every file in a first pass, but some files must wait for the whole batch
(the peer averages of rule 1.5, their body's other files for the block) before they are written.
Shipping a waiting file's checked inputs and scores to the parent and back (tens of kilobytes of
pickled dataclasses an openness report, hundreds for a long «Акт сверки») cost a quarter of the
batch, and the parent's unpickling competes with the workers for the cores. Here a task may leave a
value in `HELD` of the process it ran in; a later pass sends the tasks on that key to that same
process (`pinned`), so only small summaries travel. `Inline` runs the same tasks in this process,
for `--jobs 1` and a single file.

Each worker has one task at a time: the parent sends the next one only when the last answer has
arrived, so neither side can block on a full pipe while the other writes to it too. The first pass
hands each task to whichever worker is free (the caller orders them largest first, so the pass does
not end on one long file); a pinned pass queues each task behind its worker's others.
"""

from __future__ import annotations

import pickle
from collections import deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

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
        import multiprocessing

        context = multiprocessing.get_context()
        self.conns: list[Connection] = []
        self.processes = []
        self.owner: dict[Hashable, int] = {}
        for _ in range(count):
            mine, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, initializer), daemon=True)
            process.start()
            theirs.close()
            self.conns.append(mine)
            self.processes.append(process)

    def run(self, fn: Callable[..., Any], calls: Sequence[Call], pinned: bool = False) -> Iterator[tuple[int, Any]]:
        """Yield (position in `calls`, answer) as the answers arrive. Not pinned: each task goes to the next
        free worker, which then holds its key; pinned: to the worker holding its key."""
        from multiprocessing.connection import wait

        shared: deque[int] = deque(range(len(calls)))
        queues = [deque[int]() for _ in self.conns]
        if pinned:
            for position, (key, _) in enumerate(calls):
                queues[self.owner[key]].append(position)
        busy: dict[int, int] = {}  # worker → position of its task

        def feed(worker: int) -> None:
            queue = queues[worker] if pinned else shared
            if not queue:
                return
            position = queue.popleft()
            key, args = calls[position]
            self.owner[key] = worker
            self.conns[worker].send_bytes(pickle.dumps((fn, key, args), pickle.HIGHEST_PROTOCOL))
            busy[worker] = position

        for worker in range(len(self.conns)):
            feed(worker)
        while busy:
            for conn in wait([self.conns[w] for w in busy]):
                worker = self.conns.index(conn)  # type: ignore[arg-type]
                try:
                    data = conn.recv_bytes()  # type: ignore[union-attr]
                except (EOFError, OSError) as exc:
                    raise WorkerDied(f"worker {self.processes[worker].pid} ended without answering") from exc
                position = busy.pop(worker)
                feed(worker)  # before unpickling the answer: the worker starts on its next task meanwhile
                ok, value = pickle.loads(data)
                if not ok:
                    raise value
                yield position, value

    def close(self) -> None:
        """Stop the workers: asked to, then made to if they do not (a task still running after an error)."""
        for conn in self.conns:
            try:
                conn.send_bytes(b"")
            except OSError:
                pass
        for process in self.processes:
            process.join(timeout=2)
            if process.is_alive():
                process.terminate()
                process.join()
        for conn in self.conns:
            conn.close()


def _serve(conn: Connection, initializer: Callable[[], None] | None) -> None:
    """A worker's loop: run each task sent, answer (True, value) or (False, the exception)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it then stops us
    if initializer is not None:
        initializer()
    while True:
        try:
            data = conn.recv_bytes()
        except (EOFError, OSError):
            return
        if not data:
            return
        fn, key, args = pickle.loads(data)
        try:
            answer = pickle.dumps((True, fn(key, *args)), pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # the parent raises it, as concurrent.futures would
            try:
                answer = pickle.dumps((False, exc), pickle.HIGHEST_PROTOCOL)
            except Exception:  # an exception that does not pickle
                answer = pickle.dumps((False, RuntimeError(repr(exc))), pickle.HIGHEST_PROTOCOL)
        conn.send_bytes(answer)
