"""`make loadtest`: a bounded load test of `bulletin-extract serve`, on 127.0.0.1 only.

    .venv/bin/python bench/loadtest.py [-n 200] [-c 8] [--file samples/issue8.pdf] [--no-ner]

Starts the service on a free loopback port (or uses --url, which must be a loopback
address: this tool never loads someone else's server), sends N requests with C in flight,
and reports requests/s, p50/p95 latency, failed requests and the memory (RSS of the
server and its workers) after a warm-up and at the end: flat memory means the end is
not much above the warm-up. The test suite runs a small version (tests/test_service.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlparse

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class LoadReport:
    requests: int
    concurrency: int
    failed: int
    seconds: float
    requests_per_s: float
    p50_ms: float
    p95_ms: float
    rss_warm_mb: float
    rss_end_mb: float

    def lines(self) -> str:
        return (f"{self.requests} requests, {self.concurrency} concurrent, {self.failed} failed, "
                f"{self.seconds:.1f} s: {self.requests_per_s:.2f} requests/s, "
                f"p50 {self.p50_ms:.0f} ms, p95 {self.p95_ms:.0f} ms; "
                f"memory (server + workers) {self.rss_warm_mb:.0f} MB after warm-up, {self.rss_end_mb:.0f} MB at the end")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen([sys.executable, "-m", "bulletin_extract.cli", "serve", "--port", str(port), *args],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_ready(url: str, workers: int, seconds: float = 180) -> None:
    """Until /health says every worker has loaded the pipeline."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            health = httpx.get(f"{url}/health", timeout=2).json()
            if health.get("workers_ready", 0) >= workers:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url}: workers not ready after {seconds:g} s")


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the workers and the fork server)."""
    proc = psutil.Process(pid)
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


async def _hammer(url: str, data: bytes, name: str, params: dict[str, str], n: int, c: int
                  ) -> tuple[list[float], int]:
    latencies: list[float] = []
    failed = 0
    todo = iter(range(n))

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal failed
        for _ in todo:
            started = time.perf_counter()
            try:
                r = await client.post(f"{url}/v1/extract", params=params, files={"file": (name, data)})
                ok = r.status_code == 200 and r.json()["source"]["path"] == name
            except (httpx.HTTPError, ValueError, KeyError):
                ok = False
            latencies.append(time.perf_counter() - started)
            failed += not ok

    async with httpx.AsyncClient(timeout=300) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(c)))
    return latencies, failed


def run_load(url: str, server_pid: int, file: Path, *, requests: int, concurrency: int, ner: bool,
             warmup: int | None = None) -> LoadReport:
    host = urlparse(url).hostname or ""
    if host not in LOOPBACK:
        raise SystemExit(f"loadtest: {url} is not a loopback address; this tool only loads 127.0.0.1")
    params = {"ner": "true" if ner else "false"}
    data = file.read_bytes()
    asyncio.run(_hammer(url, data, file.name, params, warmup or concurrency, concurrency))
    warm = rss_mb(server_pid)
    started = time.perf_counter()
    latencies, failed = asyncio.run(_hammer(url, data, file.name, params, requests, concurrency))
    seconds = time.perf_counter() - started
    ms = sorted(x * 1000 for x in latencies)
    return LoadReport(
        requests=requests, concurrency=concurrency, failed=failed, seconds=round(seconds, 2),
        requests_per_s=round(requests / seconds, 2), p50_ms=round(statistics.median(ms), 1),
        p95_ms=round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1),
        rss_warm_mb=round(warm, 1), rss_end_mb=round(rss_mb(server_pid), 1),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--requests", type=int, default=200)
    parser.add_argument("-c", "--concurrency", type=int, default=8)
    parser.add_argument("--file", type=Path, default=ROOT / "samples" / "issue8.pdf")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--no-ner", action="store_true", help="requests with ner=false (server without NER)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    port = free_port()
    extra = ["--workers", str(args.workers), "--max-queue", str(args.concurrency)]
    server = start_server(port, *extra, *(["--no-ner"] if args.no_ner else []))
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, args.workers)
        report = run_load(url, server.pid, args.file, requests=args.requests, concurrency=args.concurrency,
                          ner=not args.no_ner)
    finally:
        server.terminate()
        server.wait(30)
    print(f"loadtest {args.file.name} (workers {args.workers}, NER {'off' if args.no_ner else 'on'}): {report.lines()}")
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
    sys.exit(1 if report.failed else 0)


if __name__ == "__main__":
    main()
