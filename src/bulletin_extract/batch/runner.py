"""The local executor: N worker processes, each loading the spaCy pipeline once.

Why not `concurrent.futures.ProcessPoolExecutor`: a per-file timeout must kill the
process that runs the file (a stuck PDF parser holds the CPU and its memory), and
killing one process of an executor breaks the whole pool and every file in flight.
So each worker here has its own pipe and runs one file at a time; the parent knows
which file each worker holds since when, and can kill and replace exactly that one.
The same design gives failure isolation (a worker that dies takes one file with it,
status "failed", stage "crash") and recycling (`max_tasks`: a worker exits after N
files and a fresh one takes its place, so a slow leak in a library cannot grow).
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import signal
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from .work import Outcome, Task, process_file, warm_up

Work = Callable[[Task], Outcome]

#: Modules the fork server imports once, so a (re)started worker begins with spaCy loaded.
PRELOAD = ["bulletin_extract.batch.work", "bulletin_extract.pipeline"]

#: A worker that cannot even start this many times in a row means a broken install.
MAX_START_FAILURES = 3


def _context() -> Any:
    """forkserver where available (fast, safe restarts), else spawn; never plain fork,
    which would copy the parent's threads and open files into every worker."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return mp.get_context("spawn")


def _worker_main(conn: Connection, use_ner: bool, model_path: str | None, work: Work) -> None:
    # Ctrl-C reaches the whole process group; only the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        warm_up(use_ner, model_path)
    except Exception:  # the first file will report the real error with its stage
        pass
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        conn.send(("done", work(task)))


class _Worker:
    def __init__(self, ctx: Any, use_ner: bool, model_path: str | None, work: Work) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(
            target=_worker_main, args=(child, use_ner, model_path, work), daemon=True
        )
        self.proc.start()
        child.close()
        self.ready = False
        self.task: Task | None = None
        self.started = 0.0
        self.done = 0

    def send(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def kill(self) -> None:
        """SIGKILL: a worker stuck in C code (a PDF parser) may never see a gentler signal."""
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def retire(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(5)
        self.kill()


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
    ctx = _context()

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
