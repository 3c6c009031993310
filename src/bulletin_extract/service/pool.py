"""Worker processes for the service: each loads the pipeline once and runs one job at a time.

The worker process is the batch runner's (`batch/worker.py`: its own pipe, so exactly
a stuck one is killed and a fresh one takes its place); what runs in it is `job.run_job`.

The event loop never waits on a pipe: sending a job, waiting for its answer (with the
deadline) and reading the answer run in a thread per in-flight job (`_threads`, one per
worker), and the loop awaits that thread.
"""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from ..batch.worker import WorkerProcess, process_context
from .job import Job, JobResult, model_description, run_job

#: Imported once by the fork server, so a (re)started worker begins with spaCy loaded.
PRELOAD = ["bulletin_extract.service.job", "bulletin_extract.pipeline"]

#: Seconds a new worker may take to load the pipeline before it counts as broken.
START_TIMEOUT = 300.0

#: Seconds a worker gets to finish on shutdown before it is killed.
RETIRE_GRACE = 2.0


class QueueFull(Exception):
    """More jobs waiting than --max-queue allows (503)."""


@dataclass
class WorkerLost(Exception):
    """The worker died (timeout kill, crash, out of memory); it has been replaced."""

    timed_out: bool
    exitcode: int | None


class _Worker(WorkerProcess):
    """A worker answering one job at a time, through blocking calls made from a thread."""

    def __init__(self, ctx: Any, use_ner: bool, model_path: str | None) -> None:
        super().__init__(ctx, use_ner, model_path, run_job, describe=model_description)

    def wait_ready(self) -> str | None:
        """Block until the worker has loaded the pipeline; its model description."""
        if not self.conn.poll(START_TIMEOUT):
            raise WorkerLost(False, None)
        _, model = self.conn.recv()
        return model  # type: ignore[no-any-return]

    def call(self, job: Job, timeout: float | None) -> JobResult:
        """Run a job; WorkerLost when it does not answer in time or dies (it is then dead)."""
        try:
            self.conn.send(job)
            if not self.conn.poll(timeout):
                self.kill()
                raise WorkerLost(True, None)
            _, result = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise WorkerLost(False, self.proc.exitcode) from None
        return result  # type: ignore[no-any-return]


class WorkerPool:
    """`size` workers; at most `size + max_queue` jobs admitted at once, the rest get QueueFull."""

    def __init__(self, size: int, *, use_ner: bool, model_path: str | None, max_queue: int) -> None:
        self.size, self.use_ner, self.model_path, self.max_queue = size, use_ner, model_path, max_queue
        self._ctx = process_context(PRELOAD)
        self._threads = ThreadPoolExecutor(max_workers=size + 1, thread_name_prefix="bulletin-worker")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._admitted = 0
        self._ready = 0
        self._closing = False
        self._starting: set[asyncio.Task[None]] = set()
        self.model: str | None = None
        self.replaced = 0

    @property
    def ready(self) -> int:
        """Workers that have loaded the pipeline (idle or busy)."""
        return self._ready

    @property
    def busy(self) -> int:
        return self._ready - self._idle.qsize()

    @property
    def full(self) -> bool:
        return self._admitted >= self.size + self.max_queue

    @property
    def waiting(self) -> int:
        """Admitted jobs that wait for a free worker."""
        return max(0, self._admitted - self.busy)

    def start(self) -> None:
        for _ in range(self.size):
            self._spawn()

    def _spawn(self) -> None:
        if self._closing:
            return
        task = asyncio.get_running_loop().create_task(self._start_worker())
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def _start_worker(self) -> None:
        loop = asyncio.get_running_loop()
        worker = await loop.run_in_executor(self._threads, _Worker, self._ctx, self.use_ner, self.model_path)
        self._all.add(worker)
        try:
            model = await loop.run_in_executor(self._threads, worker.wait_ready)
        except (WorkerLost, EOFError, OSError):
            self._all.discard(worker)
            worker.kill()
            await asyncio.sleep(1)  # a broken install must not spin
            self._spawn()
            return
        self.model = self.model or model
        self._ready += 1
        self._idle.put_nowait(worker)

    async def run(self, job: Job, timeout: float | None) -> JobResult:
        """The job's result; QueueFull when too many wait, WorkerLost on timeout or crash."""
        if self.full:
            raise QueueFull
        self._admitted += 1
        try:
            worker = await self._idle.get()
        except BaseException:
            self._admitted -= 1
            raise
        future = asyncio.get_running_loop().run_in_executor(self._threads, worker.call, job, timeout)
        future.add_done_callback(functools.partial(self._job_done, worker))
        # shielded: a client that hangs up does not orphan the worker; the job finishes
        # (or times out) and the callback hands the worker back
        return await asyncio.shield(future)

    def _job_done(self, worker: _Worker, future: asyncio.Future[JobResult]) -> None:
        self._admitted -= 1
        if not future.cancelled() and future.exception() is None:
            self._idle.put_nowait(worker)
            return
        self._ready -= 1
        self._all.discard(worker)
        self.replaced += 1
        worker.kill()
        self._spawn()

    async def close(self) -> None:
        self._closing = True
        for task in list(self._starting):
            task.cancel()
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self._threads, w.retire, RETIRE_GRACE) for w in self._all),
                             return_exceptions=True)
        self._threads.shutdown(wait=False, cancel_futures=True)
