"""A/B two versions of the package on the same PDFs, alternating in time.

    .venv/bin/python bench/ab_compare.py OLD_SRC NEW_SRC [PDF ...] [--rounds 4]

OLD_SRC and NEW_SRC are `src` folders (e.g. of a `git worktree add /tmp/old REV`). Each
round runs one fresh pinned process per version, in turn: it loads the pipeline, then
extracts each PDF twice (`pipeline.extract`, NER on) and reports the better CPU time.
On this kind of machine the speed of the same code drifts by 20-50% over minutes
(bench/README.md), so two `make bench` runs compare the machine's phases as much as the
code. Alternating the versions puts both in the same phases: compare the pairs and the
best against best, printed at the end.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench import pinned  # noqa: E402  (one core, one BLAS thread: as make bench measures)

DEFAULT_PDFS = [ROOT / "bench" / "corpus" / "issue8-80p.pdf",
                ROOT / "bench" / "corpus" / "issue8-libreoffice-2col-80p.pdf"]

CHILD = """
import json, sys, time
from bulletin_extract import pipeline
from bulletin_extract.nlp import load_pipeline
load_pipeline(use_ner=True)
out = []
for pdf in sys.argv[1:]:
    best = float("inf")
    for _ in range(2):
        c = time.process_time()
        pipeline.extract(pdf, use_ner=True, pdf_engine="pdfium")
        best = min(best, time.process_time() - c)
    out.append(best)
print(json.dumps(out))
"""


def run(src: Path, pdfs: list[Path]) -> list[float]:
    cmd, env = pinned([sys.executable, "-c", CHILD, *map(str, pdfs)])
    env = {**env, "PYTHONPATH": str(src)}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, cwd="/")
    return [float(x) for x in json.loads(done.stdout.strip().splitlines()[-1])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="src folder of version A")
    parser.add_argument("new", type=Path, help="src folder of version B")
    parser.add_argument("pdfs", type=Path, nargs="*", help="PDFs (default: the bench's two 80-page PDFs)")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_intermixed_args()
    pdfs = [p.resolve() for p in args.pdfs] or DEFAULT_PDFS
    missing = [p for p in pdfs if not p.exists()]
    if missing:
        sys.exit(f"ab_compare: {missing[0]}: no such file (run make bench once to build bench/corpus)")
    times: dict[str, list[list[float]]] = {"A": [], "B": []}
    for i in range(args.rounds):
        for name, src in (("A", args.old), ("B", args.new)):
            times[name].append(run(src.resolve(), pdfs))
            print(f"round {i + 1} {name}: " + "  ".join(f"{t:.3f}" for t in times[name][-1]), flush=True)
    for j, pdf in enumerate(pdfs):
        a = [r[j] for r in times["A"]]
        b = [r[j] for r in times["B"]]
        pairs = "  ".join(f"{(y - x) / x:+.0%}" for x, y in zip(a, b, strict=True))
        print(f"{pdf.name}: best A {min(a):.3f} s, B {min(b):.3f} s ({(min(b) - min(a)) / min(a):+.1%}); "
              f"B vs A pair by pair: {pairs}")


if __name__ == "__main__":
    main()
