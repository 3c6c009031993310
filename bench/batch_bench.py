"""Batch throughput: files/s and pages/s with 1 and 2 workers on one archive, peak memory.

    .venv/bin/python bench/batch_bench.py [--copies 16] [--pdf-copies 8] [--workers 1 2]

Builds an archive of copies of samples/issue8.txt and samples/issue8.pdf in a temp
folder, runs the batch (--no-ner, --force) once per worker count, and prints one
JSON object. Peak memory is the largest sum of RSS over the parent and all its
children (workers), sampled every 50 ms with psutil. The time includes starting the
workers and loading spaCy in each, as a user's run does.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import psutil

from bulletin_extract.batch import BatchOptions, process_archive

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def build_archive(root: Path, copies: int, pdf_copies: int) -> None:
    text = (SAMPLES / "issue8.txt").read_text("utf-8")
    for i in range(copies):
        path = root / f"{2016 + i % 4}" / f"issue-{i}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Брой {i}\n\n{text}", "utf-8")  # distinct bytes, same work
    pdf = SAMPLES / "issue8.pdf"
    if pdf.is_file():
        for i in range(pdf_copies):
            target = root / "pdf" / f"issue-{i}.pdf"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pdf, target)


class PeakMemory:
    """Largest RSS of this process plus its children (recursive), in MiB."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def measure(archive: Path, workers: int) -> dict[str, float]:
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    try:
        with PeakMemory() as mem:
            started = time.perf_counter()
            summary = process_archive(
                BatchOptions(archive, out, workers=workers, use_ner=False, force=True, quiet=True)
            )
            seconds = time.perf_counter() - started
        files = summary.counts["ok"] + summary.counts["partial"] + summary.counts["failed"]
        return {
            "workers": workers,
            "files": files,
            "failed": summary.counts["failed"],
            "pages": summary.pages,
            "seconds": round(seconds, 2),
            "files_per_s": round(files / seconds, 2),
            "pages_per_s": round(summary.pages / seconds, 2),
            "peak_rss_mib": round(mem.peak / 2**20, 1),
        }
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=16)
    parser.add_argument("--pdf-copies", type=int, default=8)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-archive-") as tmp:
        archive = Path(tmp)
        build_archive(archive, args.copies, args.pdf_copies)
        runs = [measure(archive, n) for n in args.workers]
    base = runs[0]["files_per_s"]
    report = {
        "cpus": os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "runs": runs,
        "speedup": {str(r["workers"]): round(r["files_per_s"] / base, 2) for r in runs},
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
