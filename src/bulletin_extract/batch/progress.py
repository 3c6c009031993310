"""What the user sees: a live bar on a terminal, a summary table at the end.

The bar goes to stderr and only when stderr is a terminal (a cron job's log must
not fill with redraws); `-q` silences both the bar and the summary.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable
from typing import IO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .manifest import Entry

#: At most this many failed files are listed under the summary (all are in the manifest).
LIST_FAILED = 10


class BatchProgress:
    def __init__(self, total: int, *, quiet: bool = False, stream: IO[str] | None = None) -> None:
        stream = stream or sys.stderr
        self.console = Console(file=stream, stderr=stream is sys.stderr)
        self.quiet = quiet
        self.live = not quiet and stream.isatty()
        self.total = total
        self.counts: Counter[str] = Counter()
        self.pages = 0
        self.started = time.monotonic()
        self._bar: Progress | None = None
        if self.live:
            self._bar = Progress(
                TextColumn("[bold]batch"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} pages/s"),
                TextColumn("[red]{task.fields[failed]} failed"),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._task = self._bar.add_task("files", total=total, rate="0.0", failed=0)
            self._bar.start()

    def update(self, entry: Entry) -> None:
        self.counts[entry.status] += 1
        if entry.status != "skipped":
            self.pages += entry.pages
        if self._bar is not None:
            self._bar.update(
                self._task, advance=1, rate=f"{self.pages_per_second:.1f}", failed=self.counts["failed"]
            )

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.elapsed if self.elapsed > 0 else 0.0

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def summary(self, entries: Iterable[Entry]) -> None:
        """A table of statuses and throughput, then the failed files with stage and reason."""
        self.close()
        if self.quiet:
            return
        processed = sum(self.counts[s] for s in ("ok", "partial", "failed"))
        table = Table(title="bulletin-extract batch", show_header=True)
        table.add_column("status")
        table.add_column("files", justify="right")
        for status in ("ok", "partial", "failed", "skipped"):
            table.add_row(status, str(self.counts[status]))
        table.add_row("total", str(sum(self.counts.values())))
        table.add_section()
        table.add_row("pages", str(self.pages))
        table.add_row("seconds", f"{self.elapsed:.1f}")
        table.add_row("files/s", f"{processed / self.elapsed if self.elapsed else 0:.2f}")
        table.add_row("pages/s", f"{self.pages_per_second:.2f}")
        self.console.print(table)
        failed = [e for e in entries if e.status == "failed"]
        for e in failed[:LIST_FAILED]:
            self.console.print(f"failed: {e.path} [{e.stage}] {e.reason}", markup=False, highlight=False)
        if len(failed) > LIST_FAILED:
            self.console.print(f"... and {len(failed) - LIST_FAILED} more failed (see manifest.jsonl)")
