"""`make torture`: run the CLI over every PDF of a folder and say how each one ended.

Each file runs in its own process (`bulletin-extract FILE --no-ner -q`) with a wall
clock limit and an address-space limit, so a hang or a memory blow-up is a result,
not a stuck run. A file passes when it ends in one of the two documented ways:

- ``ok``: exit 0 and stdout is one JSON object;
- ``clean``: exit 1, 2 or 3 and stderr is exactly one line (``bulletin-extract: error: ...``).

Anything else (a traceback, several stderr lines, a signal, the time or memory limit)
is a ``failure``. A one-line ``internal error in STAGE`` is counted apart as
``internal``: it is a clean ending for the user but a bug for us, so it fails the run too. Prints the counts, then every failure with its first and last
stderr lines. Exit 0 only when nothing failed.

    python fuzz/torture.py [FOLDER ...] [--every N] [--jobs J] [--timeout S] [--memory MB]
                           [--pdf-engine auto|pdfium|pdfplumber]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

DEFAULT_FOLDER = Path(__file__).resolve().parents[1] / ".." / "shared" / "pdf-corpora"
TIMEOUT_S = 60.0
MEMORY_MB = 500
CLEAN_EXIT_CODES = (1, 2, 3)


@dataclass(frozen=True)
class Outcome:
    path: Path
    result: str  # "ok" | "clean" | "internal" | "failure"
    detail: str  # the error line, or why it failed
    seconds: float = 0.0


def pdf_files(folders: list[Path], every: int = 1) -> list[Path]:
    """Every PDF under the folders, sorted by path; with every=N, each Nth (deterministic sample)."""
    found = sorted(p for folder in folders for p in folder.rglob("*") if p.suffix.lower() == ".pdf")
    return found[::every]


def classify(returncode: int, stdout: str, stderr: str) -> tuple[str, str]:
    """(result, detail) of one finished run; see the module docstring for the rules."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if not line.startswith("bulletin-extract: warning:")]
    if returncode == 0:
        try:
            ok = isinstance(json.loads(stdout), dict)
        except ValueError:
            ok = False
        if ok and not errors:
            return "ok", ""
        return "failure", "exit 0 without one JSON object" if not ok else f"exit 0 with stderr: {errors[0]}"
    if returncode in CLEAN_EXIT_CODES and len(lines) == 1 and lines[0].startswith("bulletin-extract: error:"):
        return ("internal" if "error: internal error in " in lines[0] else "clean"), lines[0]
    if returncode < 0:
        return "failure", f"killed by signal {-returncode} (memory limit?)"
    shown = f"{lines[0]} ... {lines[-1]}" if len(lines) > 1 else (lines[0] if lines else "no message")
    return "failure", f"exit {returncode}, {len(lines)} stderr lines: {shown}"


def _limit_memory(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_one(path: Path, timeout: float = TIMEOUT_S, memory_mb: int = MEMORY_MB, engine: str = "auto") -> Outcome:
    """One CLI run on `path` in a child process with the time and memory limits."""
    cmd = [sys.executable, "-m", "bulletin_extract", str(path), "--no-ner", "-q", "--indent", "0",
           "--pdf-engine", engine]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env,
                              errors="replace", preexec_fn=lambda: _limit_memory(memory_mb))
    except subprocess.TimeoutExpired:
        return Outcome(path, "failure", f"no result after {timeout:g} s", timeout)
    result, detail = classify(proc.returncode, proc.stdout, proc.stderr)
    return Outcome(path, result, detail, round(time.perf_counter() - started, 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=[DEFAULT_FOLDER])
    parser.add_argument("--every", type=int, default=1, help="take every Nth file, sorted (default: all)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds per file")
    parser.add_argument("--memory", type=int, default=MEMORY_MB, help="address-space limit per file, MB")
    parser.add_argument("--pdf-engine", default="auto", choices=["auto", "pdfium", "pdfplumber"])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every file's result")
    args = parser.parse_args(argv)
    missing = [str(f) for f in args.folders if not f.is_dir()]
    if missing:
        print(f"torture: no such folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    files = pdf_files(args.folders, args.every)
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = list(pool.map(lambda p: run_one(p, args.timeout, args.memory, args.pdf_engine), files))
    counts = Counter(o.result for o in outcomes)
    for o in outcomes:
        if o.result in ("failure", "internal") or args.verbose:
            print(f"{o.result:8} {o.seconds:5.1f}s {o.path}: {o.detail}")
    print(f"torture: {len(files)} PDFs: {counts['ok']} exit 0 with JSON, "
          f"{counts['clean']} clean error line, {counts['internal']} internal errors, "
          f"{counts['failure']} failures")
    return 1 if counts["failure"] or counts["internal"] else 0


if __name__ == "__main__":
    sys.exit(main())
