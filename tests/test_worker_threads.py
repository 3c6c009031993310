"""Workers run one extraction per core: BLAS thread pools are limited before they start."""

from __future__ import annotations

import os

import pytest

from bulletin_extract.batch.worker import process_context


@pytest.mark.parametrize("variable", ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"])
def test_workers_start_with_one_blas_thread(monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    monkeypatch.delenv(variable, raising=False)
    process_context([])
    assert os.environ[variable] == "1"


def test_a_limit_the_user_set_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    process_context([])
    assert os.environ["OPENBLAS_NUM_THREADS"] == "3"
