"""The Dask path: the same batch on a real scheduler and worker on 127.0.0.1 gives the
same outputs and manifest as the local run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bulletin_extract.batch import BatchOptions, process_archive
from bulletin_extract.batch.manifest import read_manifest

distributed = pytest.importorskip("distributed")

from test_batch import BAD, build_archive  # noqa: E402  (same archive recipe)

#: Per-run fields that legitimately differ between executors.
VOLATILE = {"seconds"}


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, worker_dashboard_address=None,
    ) as local_cluster:
        yield local_cluster


def _manifest(out: Path) -> dict[str, dict[str, object]]:
    return {
        rel: {k: v for k, v in vars(e).items() if k not in VOLATILE} for rel, e in read_manifest(out).items()
    }


def test_dask_run_matches_the_local_run(cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # both runs must see one rules_version even if a data file is edited meanwhile
    monkeypatch.setattr("bulletin_extract.batch.archive.rules_version", lambda *a, **k: "pinned-for-tests")
    root = tmp_path / "archive"
    good = build_archive(root, copies=4, pdf_copies=1)
    local = process_archive(BatchOptions(root, tmp_path / "local", workers=1, use_ner=False, quiet=True))
    dask = process_archive(
        BatchOptions(root, tmp_path / "dask", use_ner=False, quiet=True, scheduler=cluster.scheduler_address)
    )
    assert dask.counts == local.counts == {"ok": len(good), "failed": len(BAD)}
    assert _manifest(tmp_path / "dask") == _manifest(tmp_path / "local")
    for name in ("bulletins.jsonl", "projects.csv", "events.csv", "mentions.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    for rel in good:
        dask_json = json.loads((tmp_path / "dask" / f"{rel}.json").read_text("utf-8"))
        local_json = json.loads((tmp_path / "local" / f"{rel}.json").read_text("utf-8"))
        assert dask_json == local_json, rel
    # and a re-run on the cluster skips what is done
    again = process_archive(
        BatchOptions(root, tmp_path / "dask", use_ner=False, quiet=True, scheduler=cluster.scheduler_address)
    )
    assert again.counts == {"skipped": len(good), "failed": len(BAD)}


def test_unreachable_scheduler_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    monkeypatch.setattr("bulletin_extract.batch.dask_runner.CONNECT_TIMEOUT", "1s")
    from bulletin_extract.cli import main

    root = tmp_path / "archive"
    (root).mkdir()
    (root / "a.txt").write_text("Бюлетин\n", "utf-8")
    result = CliRunner().invoke(
        main, ["batch", str(root), "-o", str(tmp_path / "out"), "--no-ner", "-q", "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler" in result.output
