"""The local executor: N worker processes, each loading the spaCy pipeline once.

Each worker (`worker.WorkerProcess`: its own process and pipe, killable alone) runs
one file at a time; the parent knows which file each worker holds since when, and
can kill and replace exactly that one. The same design gives failure isolation (a
worker that dies takes one file with it, status "failed", stage "crash") and
recycling (`max_tasks`: a worker exits after N files and a fresh one takes its place,
so a slow leak in a library cannot grow).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import wait
from typing import Any

from .work import Outcome, Task, process_file
from .worker import WorkerProcess, process_context

Work = Callable[[Task], Outcome]

#: Modules the fork server imports once, so a (re)started worker begins with spaCy loaded.
PRELOAD = ["bulletin_extract.batch.work", "bulletin_extract.pipeline"]

#: A worker that cannot even start this many times in a row means a broken install.
MAX_START_FAILURES = 3


class _Worker(WorkerProcess):
    """A worker plus the runner's bookkeeping: loaded yet, which file since when, how many done."""

    def __init__(self, ctx: Any, use_ner: bool, model_path: str | None, work: Work) -> None:
        super().__init__(ctx, use_ner, model_path, work)
        self.ready = False
        self.task: Task | None = None
        self.started = 0.0
        self.done = 0

    def send(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)


def run_local(
    tasks: Iterator[Task],
    *,
    workers: int,
    timeout: float | None = None,
    max_tasks: int | None = None,
    use_ner: bool = False,
    model_path: str | None = None,
    work: Work = process_file,
) -> Iterator[Outcome]:
    """Yield one Outcome per task, in completion order; tasks are pulled only when a
    worker is free, so neither the inputs nor the results pile up in memory."""
    ctx = process_context(PRELOAD)

    def start() -> _Worker:
        return _Worker(ctx, use_ner, model_path, work)

    first = next(tasks, None)
    if first is None:
        return  # everything skipped: no worker needs to load spaCy
    tasks = itertools.chain([first], tasks)
    pool = [start() for _ in range(max(1, workers))]
    exhausted = False
    start_failures = 0
    try:
        while True:
            for w in pool:
                if w.ready and w.task is None and not exhausted:
                    task = next(tasks, None)
                    if task is None:
                        exhausted = True
                    else:
                        w.send(task)
            if exhausted and all(w.task is None for w in pool):
                return
            deadlines = [w.started + timeout for w in pool if w.task is not None and timeout]
            wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            wait([obj for w in pool for obj in (w.conn, w.proc.sentinel)], timeout=wait_for)
            for i, w in enumerate(pool):
                outcome, replace = _check(w, timeout, max_tasks)
                if outcome is not None:
                    yield outcome
                if replace:
                    if not w.ready:
                        start_failures += 1
                        if start_failures >= MAX_START_FAILURES:
                            raise RuntimeError(f"worker processes cannot start (exit code {w.proc.exitcode})")
                    else:
                        start_failures = 0
                    pool[i] = start()
    finally:
        for w in pool:
            w.retire() if w.task is None else w.kill()


def _check(w: _Worker, timeout: float | None, max_tasks: int | None) -> tuple[Outcome | None, bool]:
    """(an outcome to report, whether the worker must be replaced)."""
    if w.conn.poll():
        try:
            kind, outcome = w.conn.recv()
        except (EOFError, OSError):
            return _lost(w, "crash", f"worker process died (exit code {_exitcode(w)})"), True
        if kind == "ready":
            w.ready = True
            return None, False
        w.task = None
        w.done += 1
        if max_tasks and w.done >= max_tasks:
            w.retire()
            return outcome, True
        return outcome, False
    if not w.proc.is_alive():
        return _lost(w, "crash", f"worker process died (exit code {_exitcode(w)})"), True
    if w.task is not None and timeout and time.monotonic() - w.started > timeout:
        w.kill()
        return _lost(w, "timeout", f"no result after {timeout:g} s; worker killed and replaced"), True
    return None, False


def _exitcode(w: _Worker) -> int | None:
    w.proc.join(1)
    return w.proc.exitcode


def _lost(w: _Worker, stage: str, reason: str) -> Outcome | None:
    task = w.task
    w.task = None
    w.kill()
    if task is None:
        return None
    return Outcome(task.rel, "failed", stage, reason, None, worker=f"pid {w.proc.pid}")
