"""`make fuzz`: run the ingest fuzzer for N inputs in bounded time and say what happened.

libFuzzer exits the process itself (no Python atexit), so this driver runs the target
as a child, reads libFuzzer's "Done N runs in S second(s)" line and the crash files, and
prints one summary line. Exit 0 only when N inputs ran and nothing crashed.

    python fuzz/run.py [--runs 12000] [--max-time 280]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from seeds import write_seeds  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=12_000)
    parser.add_argument("--max-time", type=int, default=280, help="seconds for the whole run")
    parser.add_argument("--seed", type=int, default=5, help="libFuzzer seed (reproducible runs)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        write_seeds(corpus)
        cmd = [
            sys.executable, str(HERE / "fuzz_ingest.py"),
            f"-runs={args.runs}", f"-max_total_time={args.max_time}", f"-seed={args.seed}",
            "-timeout=30",  # one input running 30 s counts as a hang (a crash)
            "-rss_limit_mb=2048", f"-artifact_prefix={work}/", "-print_final_stats=1", str(corpus),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        log = proc.stdout + proc.stderr
        done = re.search(r"Done (\d+) runs in (\d+) second", log)
        stats = re.search(r"stat::number_of_executed_units:\s*(\d+)", log)
        runs = int(done.group(1)) if done else int(stats.group(1)) if stats else 0
        crashes = sorted(p.name for p in work.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
        if crashes or proc.returncode != 0:
            keep = HERE / "artifacts"
            keep.mkdir(exist_ok=True)
            for name in crashes:
                (keep / name).write_bytes((work / name).read_bytes())
            print(log[-4000:], file=sys.stderr)
            print(f"fuzz: {runs} inputs tried, {max(len(crashes), 1)} crash(es): {crashes} "
                  f"(inputs saved in fuzz/artifacts/; replay: python fuzz/fuzz_ingest.py FILE)")
            return 1
        seconds = done.group(2) if done else "?"
        print(f"fuzz: {runs} inputs tried in {seconds} s (pdfium, pdfplumber and text readers each), "
              f"0 crashes, {len(list(corpus.iterdir()))} corpus inputs")
        if runs < args.runs:
            print(f"fuzz: only {runs} of {args.runs} inputs ran within {args.max_time} s", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
