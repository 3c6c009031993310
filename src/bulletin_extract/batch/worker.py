"""One worker process with its own pipe: it loads the pipeline once, then runs one item at a time.

Both executors that must be able to kill a stuck extraction use it: the batch runner
(`runner.py`, one file per item) and the HTTP service (`service/pool.py`, one request
per item). Why not `concurrent.futures.ProcessPoolExecutor`: a timed-out item must be
stopped by killing the process that runs it (a PDF parser stuck in C code ignores
anything gentler), and killing one process of an executor breaks the whole pool and
every item in flight. A process of its own per worker lets the parent kill and replace
exactly that one.

The protocol on the pipe: the worker sends ("ready", info) once the pipeline is loaded,
then answers every item with ("done", result); `None` asks it to exit.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .work import warm_up

#: How a worker describes itself once loaded (the service reports the NER model): (use_ner, model_path) -> info.
Describe = Callable[[bool, str | None], str | None]


def process_context(preload: list[str]) -> Any:
    """forkserver where available (fast, safe restarts), else spawn; never plain fork,
    which would copy the parent's threads and open files into every worker.

    `preload`: modules the fork server imports once, so a (re)started worker begins
    with spaCy loaded.

    Each worker is one extraction on one core: the NER model multiplies through
    numpy's OpenBLAS (`ner_inference.use_numpy_matmul`), which would otherwise start a thread per
    core in every worker, N workers x N threads fighting for N cores. The limit is set
    in the environment the fork server (or a spawned worker) starts with, because
    OpenBLAS reads it once when it loads; a limit the user set is kept.
    """
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(preload)
        return ctx
    return mp.get_context("spawn")


def worker_main(conn: Connection, use_ner: bool, model_path: str | None, work: Callable[[Any], Any],
                describe: Describe | None = None) -> None:
    """The worker's whole life: warm up, say ready, answer items until told to stop."""
    # Ctrl-C reaches the whole process group; only the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    info: str | None = None
    try:
        warm_up(use_ner, model_path)
        if describe is not None:
            info = describe(use_ner, model_path)
    except Exception:  # the first item will report the real error with its stage
        pass
    conn.send(("ready", info))
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if item is None:
            return
        conn.send(("done", work(item)))


class WorkerProcess:
    """The parent's handle on one worker: its pipe and its process."""

    def __init__(self, ctx: Any, use_ner: bool, model_path: str | None, work: Callable[[Any], Any],
                 describe: Describe | None = None) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(
            target=worker_main, args=(child, use_ner, model_path, work, describe), daemon=True
        )
        self.proc.start()
        child.close()

    def kill(self) -> None:
        """SIGKILL: a worker stuck in C code (a PDF parser) may never see a gentler signal."""
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def retire(self, grace: float = 5.0) -> None:
        """Ask the worker to exit, wait up to `grace` seconds, then make sure it is gone."""
        try:
            self.conn.send(None)
            self.proc.join(grace)
        except OSError:
            pass
        self.kill()
