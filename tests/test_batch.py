"""Archive batch processing: outputs, statuses, skip/force/resume, worker isolation.

The archive is built per session from samples/issue8.txt (and samples/issue8.pdf
when it exists): copies in nested folders, variants (cp1251, BOM, halves), and the
broken files every real archive has. Runs use --no-ner for speed.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from bulletin_extract.batch import BatchOptions, process_archive
from bulletin_extract.batch.discover import discover, glob_regex
from bulletin_extract.batch.manifest import read_manifest
from bulletin_extract.batch.runner import run_local
from bulletin_extract.batch.work import Outcome, Task
from bulletin_extract.cli import main
from bulletin_extract.pipeline import extract
from bulletin_extract.versioning import model_meta_path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SAMPLE_TXT = SAMPLES / "issue8.txt"
SAMPLE_PDF = SAMPLES / "issue8.pdf"
BAD = {  # file -> (stage, a word the reason must contain, or None)
    "broken/empty.txt": ("ingest", "empty"),
    "broken/blank.md": ("ingest", "empty"),
    "broken/random-bytes.pdf": ("ingest", None),
    "broken/truncated.pdf": ("ingest", None),
}


def _small_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(3):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 10, "Bulletin page. " * 40)
    return bytes(pdf.output())


def build_archive(root: Path, copies: int = 20, pdf_copies: int = 2) -> dict[str, bytes]:
    """Write the test archive; returns the good files (relative path -> bytes)."""
    text = SAMPLE_TXT.read_text("utf-8")
    half = len(text) // 2
    good: dict[str, bytes] = {}
    for i in range(copies):
        folder = f"{2016 + i % 4}/q{i % 3 + 1}"
        suffix = ".md" if i % 5 == 4 else ".txt"
        good[f"{folder}/бюлетин-{i}{suffix}"] = text.encode("utf-8")
    good["variants/cp1251.txt"] = text.encode("cp1251", errors="replace")
    good["variants/bom.txt"] = b"\xef\xbb\xbf" + text.encode("utf-8")
    good["variants/first-half.txt"] = text[:half].encode("utf-8")
    good["variants/second-half.txt"] = text[half:].encode("utf-8")
    good["variants/crlf.txt"] = text.replace("\n", "\r\n").encode("utf-8")
    if SAMPLE_PDF.is_file():
        for i in range(pdf_copies):
            good[f"pdf/issue8-{i}.pdf"] = SAMPLE_PDF.read_bytes()
    bad = {
        "broken/empty.txt": b"",
        "broken/blank.md": b"   \n\n  \n",
        "broken/random-bytes.pdf": os.urandom(4096),
        # cut inside the page tree, before any page: unreadable with or without Ghostscript
        # (from a longer head Ghostscript recovers page 1, and the file is rightly read)
        "broken/truncated.pdf": _small_pdf()[:200],
    }
    ignored = {"notes/readme.xlsx": b"PK\x03\x04", "2016/.~lock.swp.txt": b"x"}
    for rel, data in {**good, **bad, **ignored}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return good


@pytest.fixture(autouse=True, scope="module")
def _stable_rules_version():  # type: ignore[no-untyped-def]
    """Pin rules_version: other engineers edit the data files while these tests run, and
    a changed version rightly makes a re-run redo everything. Tested on its own below."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("bulletin_extract.batch.archive.rules_version", lambda *a, **k: "pinned-for-tests")
        yield


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("archive")
    return root, build_archive(root)


@pytest.fixture(scope="module")
def first_run(archive, tmp_path_factory):  # type: ignore[no-untyped-def]
    root, _ = archive
    out = tmp_path_factory.mktemp("out")
    summary = process_archive(BatchOptions(root, out, workers=2, use_ner=False, quiet=True))
    # the single-file result now, not later: the rules are being edited while we run
    single = json.loads(extract(SAMPLE_TXT, use_ner=False).model_dump_json())
    return out, summary, single


def _run(root: Path, out: Path, **kw: object):  # type: ignore[no-untyped-def]
    return process_archive(BatchOptions(root, out, workers=kw.pop("workers", 2), use_ner=False, quiet=True, **kw))  # type: ignore[arg-type]


def _copy_out(first_run, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    shutil.copytree(first_run[0], out)
    return out


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# ----------------------------------------------------------------------- discovery


def test_archive_has_at_least_30_supported_files(archive) -> None:  # type: ignore[no-untyped-def]
    root, good = archive
    found = discover(root)
    assert len(found) >= 30
    assert len(found) == len(good) + len(BAD)
    assert "notes/readme.xlsx" not in found and "2016/.~lock.swp.txt" not in found


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("2018/**", "2018/q1/бюлетин-3.pdf", True),
        ("2018/*.pdf", "2018/q1/бюлетин-3.pdf", False),
        ("**/бюлетин-*.txt", "2018/q1/бюлетин-3.txt", True),
        ("*.pdf", "2018/q1/бюлетин-3.pdf", True),  # a bare name pattern matches in any folder
    ],
)
def test_glob_matches_relative_paths(pattern: str, path: str, matches: bool) -> None:
    from pathlib import PurePosixPath

    from bulletin_extract.batch.discover import _matches

    assert _matches(PurePosixPath(path), pattern) is matches
    if "/" in pattern:
        assert (glob_regex(pattern).fullmatch(path) is not None) is matches


# ---------------------------------------------------------------------- first run


def test_every_good_file_has_a_json_mirroring_its_path(archive, first_run) -> None:  # type: ignore[no-untyped-def]
    root, good = archive
    out, _, _ = first_run
    for rel, data in good.items():
        record = json.loads((out / f"{rel}.json").read_text("utf-8"))
        assert record["source"]["sha256"] == hashlib.sha256(data).hexdigest()
        assert record["source"]["path"] == str(root / rel)
        assert record["sections"], rel


def test_a_copy_gives_the_same_records_as_single_file_extract(archive, first_run) -> None:  # type: ignore[no-untyped-def]
    out, _, expected = first_run
    got = json.loads((out / "2016/q1/бюлетин-0.txt.json").read_text("utf-8"))
    for key in ("sections", "mentions", "projects", "events", "timeline"):
        assert got[key] == expected[key], key


def test_cp1251_copy_is_decoded_to_the_same_projects(first_run) -> None:  # type: ignore[no-untyped-def]
    out, _, _ = first_run
    cp = json.loads((out / "variants/cp1251.txt.json").read_text("utf-8"))
    utf = json.loads((out / "2016/q1/бюлетин-0.txt.json").read_text("utf-8"))
    assert cp["source"]["encoding"].replace("_", "").lower() in ("cp1251", "windows1251")
    assert [p["title"] for p in cp["projects"]] == [p["title"] for p in utf["projects"]]
    assert [s["title"] for s in cp["sections"]] == [s["title"] for s in utf["sections"]]


@pytest.mark.parametrize(("rel", "expected"), list(BAD.items()))
def test_bad_file_fails_with_its_stage_and_reason(first_run, rel: str, expected: tuple[str, str | None]) -> None:  # type: ignore[no-untyped-def]
    out, _, _ = first_run
    entry = read_manifest(out)[rel]
    stage, word = expected
    assert (entry.status, entry.stage) == ("failed", stage)
    assert entry.reason and "\n" not in entry.reason
    if word:
        assert word in entry.reason
    assert not (out / f"{rel}.json").exists()


def test_manifest_has_one_line_per_file_and_good_files_are_ok(archive, first_run) -> None:  # type: ignore[no-untyped-def]
    _, good = archive
    out, summary, _ = first_run
    lines = (out / "manifest.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == len(good) + len(BAD)
    entries = read_manifest(out)
    assert {rel for rel, e in entries.items() if e.status in ("ok", "partial")} == set(good)
    assert summary.counts["failed"] == len(BAD)
    assert summary.exit_code == 1


def test_jsonl_has_one_record_per_good_file(archive, first_run) -> None:  # type: ignore[no-untyped-def]
    _, good = archive
    out, summary, _ = first_run
    lines = (out / "bulletins.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == len(good) == summary.tables["bulletins.jsonl"]
    assert {json.loads(line)["source"]["sha256"] for line in lines} == {
        hashlib.sha256(d).hexdigest() for d in good.values()
    }


@pytest.mark.parametrize("table", ["projects", "events", "mentions"])
def test_csv_has_one_row_per_record_with_its_source_file(archive, first_run, table: str) -> None:  # type: ignore[no-untyped-def]
    _, good = archive
    out, summary, _ = first_run
    rows = _csv_rows(out / f"{table}.csv")
    per_file = {rel: len(json.loads((out / f"{rel}.json").read_text("utf-8"))[table]) for rel in good}
    assert len(rows) == sum(per_file.values()) == summary.tables[f"{table}.csv"]
    assert {r["source_file"] for r in rows} == {rel for rel, n in per_file.items() if n}


def test_projects_csv_carries_the_budget_amounts_of_the_json(first_run) -> None:  # type: ignore[no-untyped-def]
    out, _, _ = first_run
    rel = "2016/q1/бюлетин-0.txt"
    projects = json.loads((out / f"{rel}.json").read_text("utf-8"))["projects"]
    rows = [r for r in _csv_rows(out / "projects.csv") if r["source_file"] == rel]
    assert [r["title"] for r in rows] == [p["title"] for p in projects]
    assert [r["budget.amount_eur"] for r in rows] == [
        str(p["budget"]["amount_eur"]) if p["budget"] else "" for p in projects
    ]


@pytest.mark.parametrize("table", ["bulletins.jsonl", "projects.csv"])
def test_tables_get_the_permissions_of_the_per_file_json(first_run, table: str) -> None:  # type: ignore[no-untyped-def]
    out = first_run[0]
    one_json = next(out.rglob("*.txt.json"))
    assert (out / table).stat().st_mode == one_json.stat().st_mode


def test_no_temp_files_are_left(first_run) -> None:  # type: ignore[no-untyped-def]
    out, _, _ = first_run
    assert not list(out.rglob("*.tmp"))


# --------------------------------------------------------------------- re-runs


def test_rerun_skips_unchanged_files_and_retries_failed_ones(archive, first_run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root, good = archive
    out = _copy_out(first_run, tmp_path)
    before = {rel: (out / f"{rel}.json").stat().st_mtime_ns for rel in good}
    summary = _run(root, out, workers=1)
    assert summary.counts == {"skipped": len(good), "failed": len(BAD)}
    assert {rel: (out / f"{rel}.json").stat().st_mtime_ns for rel in good} == before
    entries = read_manifest(out)
    assert all(entries[rel].result in ("ok", "partial") for rel in good)
    assert len((out / "bulletins.jsonl").read_text("utf-8").splitlines()) == len(good)


def test_changed_file_is_redone_and_the_others_skipped(archive, first_run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    src, good = archive
    root = tmp_path / "archive"
    shutil.copytree(src, root)
    out = _copy_out(first_run, tmp_path)
    changed = "variants/first-half.txt"
    (root / changed).write_bytes(good["variants/second-half.txt"])
    summary = _run(root, out, globs=("variants/**",))
    assert summary.counts == {"ok": 1, "skipped": 4}
    assert read_manifest(out)[changed].status == "ok"


def test_force_redoes_every_file_and_excel_adds_a_bom(archive, first_run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root, good = archive
    out = _copy_out(first_run, tmp_path)
    summary = _run(root, out, force=True, bom=True)
    assert summary.counts["skipped"] == 0
    assert [(e.path, e.reason) for e in summary.entries if e.status == "failed"] == [
        (rel, read_manifest(out)[rel].reason) for rel in sorted(BAD)
    ]
    assert summary.counts["ok"] + summary.counts["partial"] == len(good)
    for table in ("projects", "events", "mentions"):  # --excel / --bom
        assert (out / f"{table}.csv").read_bytes().startswith(b"\xef\xbb\xbfsource_file,")


def test_glob_limits_the_run_but_keeps_other_entries(archive, first_run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root, good = archive
    out = _copy_out(first_run, tmp_path)
    summary = _run(root, out, globs=("2017/**",), force=True)
    assert sum(summary.counts.values()) == sum(rel.startswith("2017/") for rel in good)
    assert summary.exit_code == 0
    assert len(read_manifest(out)) == len(good) + len(BAD)


def test_missing_ner_model_gives_partial_rules_only_output(archive, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root, _ = archive
    summary = process_archive(
        BatchOptions(root, tmp_path / "out", globs=("variants/*half.txt",), workers=1, use_ner=True, quiet=True)
    )
    entries = read_manifest(tmp_path / "out")
    if model_meta_path() is None:
        assert {(e.status, e.stage) for e in entries.values()} == {("partial", "ner")}
        assert all("rules only" in (e.reason or "") for e in entries.values())
    assert summary.exit_code == 0


# ---------------------------------------------------------------- interruption


def test_killed_run_leaves_whole_files_and_resumes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bulletin_extract import versioning

    # the killed run is a real CLI process: the resume must use the real rules_version too
    monkeypatch.setattr("bulletin_extract.batch.archive.rules_version", versioning.rules_version)
    root = tmp_path / "archive"
    text = SAMPLE_TXT.read_text("utf-8")
    for i in range(30):  # bigger files, so the run is still busy when it is killed
        path = root / f"{i % 3}" / f"b{i:02}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Брой {i}\n\n" + text, "utf-8")
    out = tmp_path / "out"
    cli = Path(sys.executable).with_name("bulletin-extract")
    proc = subprocess.Popen(
        [str(cli), "batch", str(root), "-o", str(out), "--no-ner", "--workers", "1", "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    manifest = out / "manifest.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.is_file() and manifest.read_text("utf-8").count("\n") >= 3:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be killed"
    children = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    psutil.wait_procs(children, timeout=10)  # workers exit on their own when the parent is gone
    done = read_manifest(out)
    assert 3 <= len(done) < 30
    for json_file in out.rglob("*.json"):
        json.loads(json_file.read_text("utf-8"))  # every JSON on disk is whole
    summary = _run(root, out, workers=2)
    assert summary.counts["skipped"] == len(done)
    assert summary.counts["ok"] + summary.counts["skipped"] == 30
    assert len((out / "bulletins.jsonl").read_text("utf-8").splitlines()) == 30
    assert len((out / "manifest.jsonl").read_text("utf-8").splitlines()) == 30
    assert not list(out.rglob("*.tmp"))


# ------------------------------------------------------------- worker isolation


def slow_on_sleep(task: Task) -> Outcome:
    """A stand-in worker function: hangs on files named 'sleep', reports its pid."""
    if "sleep" in task.rel:
        time.sleep(60)
    return Outcome(task.rel, "ok", None, str(os.getpid()), None)


def crash_on_crash(task: Task) -> Outcome:
    if "crash" in task.rel:
        os._exit(3)
    return Outcome(task.rel, "ok", None, str(os.getpid()), None)


def _tasks(*names: str) -> list[Task]:
    return [Task(name, name, "0" * 64) for name in names]


def test_timeout_kills_the_worker_and_the_next_file_runs_on_a_fresh_one() -> None:
    started = time.monotonic()
    outcomes = {
        o.rel: o
        for o in run_local(iter(_tasks("a", "sleep", "b", "c")), workers=1, timeout=1.5, work=slow_on_sleep)
    }
    assert time.monotonic() - started < 30
    hung = outcomes["sleep"]
    assert (hung.status, hung.stage) == ("failed", "timeout")
    killed_pid = int(hung.worker.split()[-1])
    assert not psutil.pid_exists(killed_pid) or psutil.Process(killed_pid).status() == psutil.STATUS_ZOMBIE
    assert outcomes["a"].reason == str(killed_pid)  # ran on the worker that was killed later
    assert outcomes["b"].status == outcomes["c"].status == "ok"
    assert outcomes["b"].reason != str(killed_pid)


def test_worker_crash_fails_only_its_own_file() -> None:
    outcomes = {o.rel: o for o in run_local(iter(_tasks("a", "crash", "b")), workers=1, work=crash_on_crash)}
    assert (outcomes["crash"].status, outcomes["crash"].stage) == ("failed", "crash")
    assert "exit code 3" in (outcomes["crash"].reason or "")
    assert outcomes["a"].status == outcomes["b"].status == "ok"


def test_worker_is_replaced_after_max_tasks() -> None:
    outcomes = list(run_local(iter(_tasks(*"abcdef")), workers=1, max_tasks=2, work=slow_on_sleep))
    pids = [o.reason for o in outcomes]
    assert len(outcomes) == 6
    assert len(set(pids)) == 3
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4] == pids[5]


def describe_by_pid(use_ner: bool, model_path: str | None) -> str:
    """A stand-in for the service's model description: names the worker process."""
    return f"pid {os.getpid()}"


def test_worker_says_ready_with_its_description() -> None:
    from bulletin_extract.batch.runner import PRELOAD
    from bulletin_extract.batch.worker import WorkerProcess, process_context

    worker = WorkerProcess(process_context(PRELOAD), False, None, slow_on_sleep, describe=describe_by_pid)
    try:
        assert worker.conn.poll(120)
        assert worker.conn.recv() == ("ready", f"pid {worker.proc.pid}")
    finally:
        worker.retire()


# ------------------------------------------------------------------- the CLI


def test_cli_exit_code_0_when_all_ok_and_1_when_some_failed(archive, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root, _ = archive
    runner = CliRunner()
    ok = runner.invoke(main, ["batch", str(root), "-o", str(tmp_path / "a"), "--no-ner", "--glob", "variants/*",
                              "--workers", "1", "-q"])
    assert ok.exit_code == 0, ok.output
    some = runner.invoke(main, ["batch", str(root), "-o", str(tmp_path / "b"), "--no-ner", "--glob", "broken/*",
                                "--glob", "variants/bom.txt", "--workers", "1"])
    assert some.exit_code == 1
    assert "failed" in some.output  # the summary table (stderr is mixed in by CliRunner)


def _scan(path: Path) -> None:
    """A blank one-page 'scan': an image file, which has no text layer."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("L", (200, 100), 255).save(path)


def test_cli_ocr_never_refuses_an_image_as_the_single_file_command_does(tmp_path: Path) -> None:
    _scan(tmp_path / "archive" / "scan.png")
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "archive"), "-o", str(tmp_path / "out"),
                                       "--no-ner", "--ocr", "never", "--workers", "1", "-q"])
    entry = read_manifest(tmp_path / "out")["scan.png"]
    assert (result.exit_code, entry.status, entry.stage) == (1, "failed", "ingest")
    assert entry.reason == f"{tmp_path / 'archive' / 'scan.png'}: an image has no text layer (use --ocr auto to read it by OCR)"


def test_another_ocr_mode_redoes_a_file_instead_of_skipping_it(tmp_path: Path) -> None:
    root, out = tmp_path / "archive", tmp_path / "out"
    root.mkdir()
    (root / "note.txt").write_text("Среща на членовете в Габрово на 12 май 2024 г.\n", "utf-8")
    _run(root, out, workers=1)
    again = _run(root, out, workers=1, ocr="never")
    assert (again.counts["ok"], again.counts["skipped"]) == (1, 0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["batch", "{tmp}/missing", "-o", "{tmp}/out"], "no such folder"),
        (["batch", "{archive}", "-o", "{tmp}/out", "--glob", "*.nothing"], "no bulletin files"),
        (["batch", "{archive}", "-o", "{tmp}/out", "--workers", "0"], "--workers"),
        (["batch", "{archive}", "-o", "{tmp}/no/such/parent/out"], "does not exist"),
    ],
)
def test_cli_usage_errors_exit_2(archive, tmp_path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    root, _ = archive
    argv = [a.format(tmp=tmp_path, archive=root) for a in args]
    result = CliRunner().invoke(main, [*argv, "--no-ner", "-q"])
    assert result.exit_code == 2
    assert message in result.output


# ------------------------------------------------------------------ versions


def test_rules_version_changes_with_the_model_meta(tmp_path: Path) -> None:
    from bulletin_extract.versioning import rules_version

    model = tmp_path / "ner-bg"
    model.mkdir()
    (model / "meta.json").write_text('{"name": "ner-bg", "version": "1.0.0"}', "utf-8")
    v1 = rules_version(True, str(model))
    (model / "meta.json").write_text('{"name": "ner-bg", "version": "1.0.1"}', "utf-8")
    assert rules_version(True, str(model)) != v1
    assert rules_version(False, str(model)) == rules_version(False, None)  # no NER, no model in it
