"""Load benchmark of the HTTP API: p50/p95 latency and throughput at N concurrent clients.

Starts ``stimsafe serve`` (uvicorn, one worker) on a free 127.0.0.1 port in a subprocess, warms it up, then
runs ``--clients`` concurrent httpx clients that each POST the same body in a loop for ``--seconds``. Latency
is measured per request on the client side (wall clock, includes the loopback network and JSON parsing).

Run:  .venv/bin/python benchmarks/bench_web.py                  (POST /api/assess, 50 clients, 20 s)
      .venv/bin/python benchmarks/bench_web.py --path /api/triage --body '{"signs": ["face_droop"]}'
Results go to docs/benchmarks.md by hand, with the machine and the command.
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


async def client(url: str, body: bytes, until: float, latencies: list[float], errors: list[int]) -> None:
    headers = {"content-type": "application/json"}
    async with httpx.AsyncClient(timeout=30) as http:
        while time.perf_counter() < until:
            t0 = time.perf_counter()
            response = await http.post(url, content=body, headers=headers)
            latencies.append(time.perf_counter() - t0)
            if response.status_code != 200:
                errors.append(response.status_code)


async def run(url: str, body: bytes, clients: int, seconds: float) -> tuple[list[float], list[int], float]:
    latencies: list[float] = []
    errors: list[int] = []
    t0 = time.perf_counter()
    until = t0 + seconds
    await asyncio.gather(*(client(url, body, until, latencies, errors) for _ in range(clients)))
    return latencies, errors, time.perf_counter() - t0


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/api/assess")
    parser.add_argument("--body", default=json.dumps(ASSESS_BODY))
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        proc = start_server(port, data_dir)
        try:
            url = f"http://127.0.0.1:{port}{args.path}"
            body = args.body.encode()
            check = httpx.post(url, content=body, headers={"content-type": "application/json"}, timeout=30)
            if check.status_code != 200:
                raise SystemExit(f"{args.path} answered {check.status_code}: {check.text[:300]}")
            asyncio.run(run(url, body, 5, 2.0))  # warm-up
            latencies, errors, wall_s = asyncio.run(run(url, body, args.clients, args.seconds))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    ms = [x * 1000 for x in latencies]
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print("server: stimsafe serve (uvicorn, 1 worker); load generator in the same machine")
    print(f"POST {args.path}: {args.clients} clients, {wall_s:.1f} s, {len(ms)} requests, {len(errors)} non-200")
    print(f"p50 {percentile(ms, 50):.1f} ms | p95 {percentile(ms, 95):.1f} ms | max {max(ms):.1f} ms")
    print(f"throughput {len(ms) / wall_s:.1f} requests/s")


if __name__ == "__main__":
    main()
