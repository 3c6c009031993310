"""The cluster executor: the same tasks on an existing dask.distributed scheduler.

Files travel as bytes inside the task and results come back as JSON text, so the
workers need the package installed but no access to the archive or OUT_DIR. Each
Dask worker process keeps the spaCy pipeline in `load_pipeline`'s per-process cache.

Per-file timeout: a Dask task cannot be stopped from outside, so on timeout the
task is cancelled and the worker process running it is restarted through its nanny
(`Client.restart_workers`); Dask moves that worker's other tasks elsewhere. Only
as many tasks as there are worker threads are in flight, so a task starts about
when it is submitted and the timeout clock (started at submission) is fair.
Recycling after N files is the cluster's business: start workers with
`--lifetime` / `--lifetime-restart` (see docs/batch.md).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from ..errors import UsageError
from .runner import Work
from .work import Outcome, Task, process_file

#: How long to wait for the scheduler before calling the address a usage error.
CONNECT_TIMEOUT = "10s"  # a module constant so tests can shorten it


def run_dask(
    tasks: Iterator[Task], *, scheduler: str, timeout: float | None = None, work: Work = process_file
) -> Iterator[Outcome]:
    try:
        from distributed import Client, wait
    except ImportError as err:
        raise UsageError("--scheduler needs dask.distributed: pip install 'bulletin-extract[dask]'") from err
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise UsageError(f"{scheduler}: cannot reach the Dask scheduler: {err}") from err
    try:
        with client.as_current():  # distributed.wait looks for "the current client"
            yield from _run(client, wait, tasks, timeout, work)
    finally:
        client.close()


def _slots(client: object) -> int:
    info = client.scheduler_info()  # type: ignore[attr-defined]
    return max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))


def _run(client, wait, tasks: Iterator[Task], timeout: float | None, work: Work) -> Iterator[Outcome]:  # type: ignore[no-untyped-def]
    inflight: dict[object, tuple[Task, float]] = {}
    exhausted = False
    while True:
        while not exhausted and len(inflight) < _slots(client):
            task = next(tasks, None)
            if task is None:
                exhausted = True
                break
            # pure=False: two identical files are still two results with their own paths
            future = client.submit(work, task, pure=False, retries=0)
            inflight[future] = (task, time.monotonic())
        if not inflight:
            return
        deadlines = [started + timeout for _, started in inflight.values()] if timeout else []
        wait_for = max(0.05, min(deadlines) - time.monotonic()) if deadlines else 1.0
        try:
            done, _ = wait(list(inflight), timeout=wait_for, return_when="FIRST_COMPLETED")
        except TimeoutError:  # distributed raises instead of returning an empty set
            done = set()
        for future in done:
            task, _ = inflight.pop(future)
            yield _result(future, task)
        if timeout:
            now = time.monotonic()
            for future, (task, started) in list(inflight.items()):
                if now - started > timeout:
                    inflight.pop(future)
                    _kill(client, future)
                    yield Outcome(
                        task.rel, "failed", "timeout",
                        f"no result after {timeout:g} s; Dask worker restarted", None,
                    )


def _result(future, task: Task) -> Outcome:  # type: ignore[no-untyped-def]
    try:
        return future.result()
    except Exception as err:  # a worker lost mid-task (KilledWorker), a pickling error
        return Outcome(task.rel, "failed", "crash", f"{type(err).__name__}: {err}"[:300], None)


def _kill(client, future) -> None:  # type: ignore[no-untyped-def]
    """Cancel the task and restart the worker process that is running it."""
    key = future.key
    running_on = [addr for addr, keys in client.processing().items() if key in keys]
    client.cancel(future)
    if running_on:
        try:
            client.restart_workers(running_on, timeout=60, raise_for_error=False)
        except Exception:  # an old distributed or no nanny: the task is at least cancelled
            pass
