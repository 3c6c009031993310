"""Per-document time limit: a damaged or pathological file must not hang a run.

Two ways to stop work, because they fail differently:

- `run_with_timeout` runs the call in a forked child process and kills it (SIGKILL)
  when time is up. It stops anything, including a PDF parser stuck inside C code that
  never returns to Python; the result comes back pickled. This is what the CLI uses.
- `time_limit` is a context manager around `signal.setitimer` on the main thread. It is
  cheap (no fork, no pickling) and fits a worker process that already runs one file at
  a time (e.g. batch workers), but it only fires between Python bytecodes: a single C
  call that runs for minutes is stopped when it returns, not before.

Both raise `errors.ProcessingTimeout("<label>: stopped after S s (timeout)")`.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from .errors import ProcessingTimeout, UsageError

T = TypeVar("T")


def timeout_message(label: str, seconds: float) -> str:
    return f"{label}: stopped after {seconds:g} s (timeout)"


def check_timeout(seconds: float | None) -> None:
    """A usage error for a zero or negative limit (None means no limit)."""
    if seconds is not None and not seconds > 0:
        raise UsageError(f"--timeout must be a positive number of seconds, not {seconds:g}")


@contextmanager
def time_limit(seconds: float | None, label: str) -> Iterator[None]:
    """Raise ProcessingTimeout in the body after `seconds` (main thread only; None: no limit).

    Off the main thread signals cannot be used, so the body runs without a limit there;
    callers that need a hard limit anywhere use `run_with_timeout`.
    """
    check_timeout(seconds)
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise ProcessingTimeout(timeout_message(label, seconds))

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class ChildCrash(RuntimeError):
    """The child raised something that is not a BulletinError (a bug); carries its traceback."""


def _child(conn: Any, func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    # Ctrl-C in a terminal reaches the whole process group; the parent decides what
    # happens (it kills us), so the child must not die half-way through a send.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result: tuple[str, Any] = ("ok", func(*args, **kwargs))
    except BaseException as err:  # report everything; the parent re-raises it
        result = ("error", err)
        try:
            import pickle

            pickle.dumps(err)
        except Exception:
            result = ("error", ChildCrash("".join(traceback.format_exception(err)).strip()))
    try:
        conn.send(result)
    finally:
        conn.close()


def run_with_timeout(
    func: Callable[..., T], /, *args: Any, seconds: float | None, label: str, **kwargs: Any
) -> T:
    """func(*args, **kwargs) in a child process, killed after `seconds` (None: run here).

    Exceptions raised by func (BulletinError and others) are re-raised in the caller.
    KeyboardInterrupt in the caller kills the child first, so nothing keeps running.
    Without fork (not POSIX), falls back to `time_limit` in this process.
    """
    check_timeout(seconds)
    if seconds is None:
        return func(*args, **kwargs)
    if "fork" not in multiprocessing.get_all_start_methods():
        with time_limit(seconds, label):
            return func(*args, **kwargs)
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(sender, func, args, kwargs), daemon=True)
    proc.start()
    sender.close()
    try:
        # the child sends exactly once; no message by the deadline means it is stuck
        if not receiver.poll(seconds):
            raise ProcessingTimeout(timeout_message(label, seconds))
        try:
            status, value = receiver.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            raise ChildCrash(f"{label}: worker process died (exit code {proc.exitcode})") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        receiver.close()
    if status == "error":
        raise value
    return value  # type: ignore[no-any-return]
