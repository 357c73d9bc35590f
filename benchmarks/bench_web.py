"""Load benchmark of the HTTP API: p50/p95 latency and throughput at N concurrent clients, in one run on one server.

Starts ``stimsafe serve`` (uvicorn, one worker) on a free 127.0.0.1 port in a subprocess and, on that one server:
1. ``GET /api/health`` with ``--clients`` concurrent httpx clients for ``--seconds`` (the baseline);
2. ``POST /api/assess`` (or ``--path``/``--body``) the same way, after a short warm-up;
3. ``GET /signals`` (the dashboard page) and ``GET /api/signals``, one client, ``--signals-requests`` times, after
   one warm-up request (the "warm" latency: the report is cached per store state).
Latency is measured per request on the client side (wall clock, includes the loopback network and parsing).
The last lines are the Markdown rows for docs/benchmarks.md and the two targets: assess p95 / health p95 <= 2
and /signals warm p95 < 300 ms.

Run:  .venv/bin/python benchmarks/bench_web.py                  (50 clients, 20 s per load phase)
      .venv/bin/python benchmarks/bench_web.py --path /api/triage --body '{"signs": ["face_droop"]}'
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

# The server computes afresh: no answer from an on-disk threshold memo.
os.environ["STIMSAFE_THRESHOLD_CACHE"] = "off"

ASSESS_BODY = {
    "device": "nuface-trinity",
    "profile": {"age": 34, "conditions": {"pregnancy": "yes"}},
    "plan": {"zones": ["cheek", "forehead", "jawline"], "level": 1},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, data_dir: str) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("stimsafe")
    cmd = [str(exe), "serve", "--port", str(port), "--data-dir", data_dir]
    env = {**os.environ, "STIMSAFE_WEB_SECRET_KEY": "bench-secret-key-0123456789"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


async def client(
    method: str, url: str, body: bytes | None, until: float, latencies: list[float], errors: list[int]
) -> None:
    headers = {"content-type": "application/json"}
    async with httpx.AsyncClient(timeout=60) as http:
        while time.perf_counter() < until:
            t0 = time.perf_counter()
            response = await http.request(method, url, content=body, headers=headers if body else None)
            latencies.append(time.perf_counter() - t0)
            if response.status_code != 200:
                errors.append(response.status_code)


async def load(
    method: str, url: str, body: bytes | None, clients: int, seconds: float
) -> tuple[list[float], list[int], float]:
    latencies: list[float] = []
    errors: list[int] = []
    t0 = time.perf_counter()
    until = t0 + seconds
    await asyncio.gather(*(client(method, url, body, until, latencies, errors) for _ in range(clients)))
    return latencies, errors, time.perf_counter() - t0


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def row(name: str, clients: int, ms: list[float], errors: list[int], wall_s: float) -> dict[str, float | str]:
    return {
        "name": name,
        "clients": clients,
        "requests": len(ms),
        "wall_s": wall_s,
        "errors": len(errors),
        "p50": percentile(ms, 50),
        "p95": percentile(ms, 95),
        "max": max(ms),
        "rps": len(ms) / wall_s,
    }


def sequential(url: str, n: int) -> tuple[list[float], list[int], float]:
    """``n`` GETs one after another (after one warm-up request); latencies in ms."""
    with httpx.Client(timeout=120) as http:
        first = http.get(url)
        if first.status_code != 200:
            raise SystemExit(f"{url} answered {first.status_code}: {first.text[:300]}")
        ms, errors = [], []
        t0 = time.perf_counter()
        for _ in range(n):
            t = time.perf_counter()
            response = http.get(url)
            ms.append((time.perf_counter() - t) * 1000)
            if response.status_code != 200:
                errors.append(response.status_code)
        return ms, errors, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/api/assess")
    parser.add_argument("--body", default=json.dumps(ASSESS_BODY))
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--signals-requests", type=int, default=20)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    rows = []
    with tempfile.TemporaryDirectory() as data_dir:
        proc = start_server(port, data_dir)
        try:
            body = args.body.encode()
            check = httpx.post(base + args.path, content=body, headers={"content-type": "application/json"}, timeout=60)
            if check.status_code != 200:
                raise SystemExit(f"{args.path} answered {check.status_code}: {check.text[:300]}")
            for method, path, payload in (("GET", "/api/health", None), ("POST", args.path, body)):
                asyncio.run(load(method, base + path, payload, 5, 2.0))  # warm-up
                latencies, errors, wall_s = asyncio.run(load(method, base + path, payload, args.clients, args.seconds))
                rows.append(row(f"{method} {path}", args.clients, [x * 1000 for x in latencies], errors, wall_s))
            for path in ("/signals", "/api/signals"):
                ms, errors, wall_s = sequential(base + path, args.signals_requests)
                rows.append(row(f"GET {path} (warm)", 1, ms, errors, wall_s))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print("server: stimsafe serve (uvicorn, 1 worker); load generator on the same machine")
    print("| endpoint | clients | requests | non-200 | p50 | p95 | max | throughput |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['name']} | {r['clients']} | {r['requests']:,} in {r['wall_s']:.1f} s | {r['errors']} | "
            f"{r['p50']:.1f} ms | {r['p95']:.1f} ms | {r['max']:.1f} ms | {r['rps']:.1f} req/s |"
        )
    health, assess, page = rows[0], rows[1], rows[2]
    ratio = float(assess["p95"]) / float(health["p95"])
    print(f"{assess['name']} p95 / GET /api/health p95 = {ratio:.2f} (target <= 2)")
    print(f"GET /signals warm p95 = {float(page['p95']):.1f} ms (target < 300 ms)")


if __name__ == "__main__":
    main()
