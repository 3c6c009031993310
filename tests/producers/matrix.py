"""`make matrix`: build the producer matrix, run the tool on it, print the table.

    python tests/producers/matrix.py [--no-build] [--source S ...] [--recipe R ...]
                                     [--json bench/producers.json]

For every PDF (each source printed by each recipe) the tool runs as a user runs it,
``bulletin-extract PDF --no-ner --include-text``, in a child process: the exit status
and whether stderr holds a traceback are what a user sees. Its mentions are compared
with the text run of the same source (facts recall per kind) and its text with the
source's (reading-order score, see score.py), beside the same score for pdfminer's
``extract_text`` of the same PDF. Without --no-build the PDFs are first made (cached)
with the installed producers and the committed copies refreshed where a key changed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from producers.build import FIXTURES, ROOT, build_all, load_manifest, refresh_fixtures, sources
from producers.score import FACT_KINDS, order_score, recall

SHORT = {"money": "money", "programme_code": "code", "count": "count", "date": "date"}
THRESHOLD = 0.97


def cli() -> list[str]:
    exe = Path(sys.executable).parent / "bulletin-extract"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "bulletin_extract.cli"]


def run_tool(path: Path) -> dict[str, Any]:
    """One run as a user runs it: exit status, last stderr line, traceback or not, output."""
    with tempfile.TemporaryDirectory(prefix="matrix-run-") as tmp:
        out = Path(tmp) / "out.json"
        t0 = time.perf_counter()
        proc = subprocess.run([*cli(), str(path), "--no-ner", "--include-text", "-q", "-o", str(out)],
                              capture_output=True, text=True, timeout=600)
        seconds = time.perf_counter() - t0
        data = json.loads(out.read_text(encoding="utf-8")) if proc.returncode == 0 and out.exists() else None
    err_lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    return {
        "exit": proc.returncode,
        "traceback": "Traceback (most recent call last)" in proc.stderr,
        "stderr": err_lines[-1] if err_lines else "",
        "seconds": round(seconds, 2),
        "data": data,
    }


def facts(data: dict[str, Any], kind: str) -> list[str]:
    return [json.dumps(m["value"], sort_keys=True) for m in data["mentions"] if m["kind"] == kind]


def missed(reference: dict[str, Any], data: dict[str, Any], kind: str) -> list[str]:
    """The source's words of each fact of ``kind`` the PDF run did not find (for reading)."""
    found = Counter(facts(data, kind))
    out = []
    for m in reference["mentions"]:
        key = json.dumps(m["value"], sort_keys=True)
        if m["kind"] == kind:
            if found[key] > 0:
                found[key] -= 1
            else:
                out.append(m["text"])
    return out


def pdfminer_text(pdf: Path) -> str:
    from pdfminer.high_level import extract_text

    try:
        return str(extract_text(str(pdf)))
    except Exception as err:  # a reference only: its failure is a row note, not a crash
        return f"(pdfminer failed: {err})"


def measure(pdf: Path, reference: dict[str, Any]) -> dict[str, Any]:
    run = run_tool(pdf)
    row: dict[str, Any] = {k: run[k] for k in ("exit", "traceback", "stderr", "seconds")}
    data = run["data"]
    ref_text = reference["text"]
    row["recall"] = {k: (recall(facts(reference, k), facts(data, k)) if data else 0.0) for k in FACT_KINDS}
    row["expected"] = {k: len(facts(reference, k)) for k in FACT_KINDS}
    row["missed"] = {k: missed(reference, data, k) for k in FACT_KINDS} if data else {}
    row["order"] = order_score(ref_text, data["text"]) if data else 0.0
    row["pdfminer_order"] = order_score(ref_text, pdfminer_text(pdf))
    row["warnings"] = sorted({w["code"] for w in data["warnings"]}) if data else []
    row["pages"] = data["source"]["pages"] if data else None
    row["pass"] = bool(data) and min(row["recall"].values()) >= THRESHOLD and row["order"] >= row["pdfminer_order"]
    return row


def exit_label(row: dict[str, Any]) -> str:
    if row["traceback"]:
        return "TRACEBACK"
    return "0" if row["exit"] == 0 else f"{row['exit']} (clean)"


def table(rows: list[dict[str, Any]]) -> str:
    head = ("| source | producer recipe | exit | " + " | ".join(SHORT[k] for k in FACT_KINDS)
            + " | order (ours) | order (pdfminer) | meets issue 10 |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        rec = " | ".join(f"{r['recall'][k]:.2f}" for k in FACT_KINDS)
        lines.append(f"| {r['source']} | {r['recipe']} | {exit_label(r)} | {rec} | {r['order']:.3f} | "
                     f"{r['pdfminer_order']:.3f} | {'yes' if r['pass'] else 'no'} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-build", action="store_true", help="measure the committed PDFs only")
    ap.add_argument("--source", action="append", help="only this source (repeatable)")
    ap.add_argument("--recipe", action="append", help="only this recipe (repeatable)")
    ap.add_argument("--json", default=str(ROOT / "bench" / "producers.json"), help="where to save the rows")
    args = ap.parse_args()
    only_s, only_r = set(args.source or ()), set(args.recipe or ())
    if not args.no_build:
        missing = [t for t in ("pandoc", "soffice", "chromium") if shutil.which(t) is None]
        if missing:
            print(f"note: not installed: {', '.join(missing)}; their committed PDFs are measured as they are")
        print("building (cached):")
        refresh_fixtures(build_all(only_s or None, only_r or None))
    manifest = load_manifest()
    src = sources()
    references: dict[str, dict[str, Any]] = {}
    rows = []
    for name, entry in manifest.items():
        if (only_s and entry["source"] not in only_s) or (only_r and entry["recipe"] not in only_r):
            continue
        if entry["source"] not in references:
            ref = run_tool(src[entry["source"]])
            if ref["data"] is None:
                print(f"text run of {entry['source']} failed: {ref['stderr']}", file=sys.stderr)
                return 1
            references[entry["source"]] = ref["data"]
        row = {"source": entry["source"], "recipe": entry["recipe"], "file": name,
               "producers": entry["producers"], **measure(FIXTURES / name, references[entry["source"]])}
        rows.append(row)
        print(f"  measured {name}: exit {exit_label(row)}, order {row['order']:.3f}", flush=True)
    rows.sort(key=lambda r: (r["recipe"], r["source"]))
    print()
    print(table(rows))
    tracebacks = sum(r["traceback"] for r in rows)
    print(f"\n{len(rows)} PDFs: {sum(r['exit'] == 0 for r in rows)} exit 0, "
          f"{sum(r['exit'] != 0 and not r['traceback'] for r in rows)} clean exit 1, {tracebacks} tracebacks; "
          f"{sum(r['pass'] for r in rows)} meet the issue-10 thresholds")
    saved = Path(args.json)
    if (only_s or only_r) and saved.exists():  # a partial run updates its rows, keeps the others
        keep = [r for r in json.loads(saved.read_text(encoding="utf-8"))
                if (r["source"], r["recipe"]) not in {(x["source"], x["recipe"]) for x in rows}]
        rows = sorted([*keep, *rows], key=lambda r: (r["recipe"], r["source"]))
    saved.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"saved {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
