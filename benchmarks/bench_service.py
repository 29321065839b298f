"""The scoring service under load: POST /score of the Bình Thuận 2019 form over loopback.

Run by hand: ``.venv/bin/python benchmarks/bench_service.py``. Starts ``itcriteria serve --workers 2``
on a free loopback port, then prints side by side, from one run: ``regime.score`` in process, the
whole response in process (scoring, the scorecard's data, JSON encoded by Litestar's msgspec encoder as
the app encodes it), and POST /score over HTTP at
concurrency 1, 8 and 32, each with p50/p99 latency, requests per second, errors and lost requests,
then the cost of ``?explain=true``. Rounds are interleaved (every setting once per round, several
rounds) and each setting is bounded in requests and in seconds. The client runs on the same 2-core
machine as the server, so the HTTP figures include its own CPU.

Targets (issue 13): at concurrency 1 the service adds at most 3× to the in-process cost of one
scorecard; at concurrency 32 no request is lost and none gives an error.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from litestar.serialization import encode_json

import itcriteria
from itcriteria.service import Service

ROOT = Path(__file__).resolve().parents[1]
FORM: dict[str, Any] = json.loads(
    (ROOT / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-forms.json").read_text("utf-8")
)[0]
ROUNDS = 3
REQUESTS = 300  # per setting and round
SECONDS = 20.0  # per setting and round, whichever comes first
IN_PROCESS_CALLS = 2000
CONCURRENCY = (1, 8, 32)
TARGET_RATIO = 3.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def in_process(work: Callable[[], object]) -> list[float]:
    """Seconds of each of IN_PROCESS_CALLS calls (bounded by SECONDS too)."""
    times = []
    deadline = time.perf_counter() + SECONDS
    for _ in range(IN_PROCESS_CALLS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
        if time.perf_counter() > deadline:
            break
    return times


async def over_http(url: str, concurrency: int, explain: bool) -> tuple[list[float], int, int, float]:
    """Latencies, errors, lost requests and wall seconds of REQUESTS POSTs at ``concurrency``."""
    body = json.dumps(FORM).encode()
    path = "/v1/regimes/binhthuan-2019/score" + ("?explain=true" if explain else "")
    latencies: list[float] = []
    errors = lost = 0
    sent = 0
    deadline = time.perf_counter() + SECONDS
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal sent, errors, lost
            while sent < REQUESTS and time.perf_counter() < deadline:
                sent += 1
                start = time.perf_counter()
                try:
                    response = await client.post(
                        path, content=body, headers={"content-type": "application/json"}
                    )
                except httpx.HTTPError:
                    lost += 1
                    continue
                latencies.append(time.perf_counter() - start)
                if response.status_code != 200:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return latencies, errors, lost, wall


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-m", "itcriteria", "serve", "--port", str(port), "--workers", "2"]
    command += ["--plugins", "binhthuan", "--log-level", "warning"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("itcriteria serve did not start within 90 s")


def main() -> int:
    regime = itcriteria.get_regime("binhthuan-2019")
    service = Service(itcriteria.load_plugins(["binhthuan"]))
    body = json.dumps(FORM).encode()
    regime.score(FORM)  # build the scoring plan once, as a warm server has

    def whole_response() -> bytes:  # encoded as the app encodes what a handler returns (msgspec)
        return encode_json(service.score(regime.id, json.loads(body), "vi"))

    process, url = start_server()
    rows: dict[str, list[float]] = {}
    stats: dict[str, list[tuple[int, int, float, int]]] = {}
    cpu_start = os.times()
    try:
        for _ in range(ROUNDS):
            rows.setdefault("in process: regime.score", []).extend(in_process(lambda: regime.score(FORM)))
            rows.setdefault("in process: the whole response", []).extend(in_process(whole_response))
            for concurrency in CONCURRENCY:
                for explain in (False, True) if concurrency == 1 else (False,):
                    name = f"HTTP c={concurrency}" + (" ?explain=true" if explain else "")
                    latencies, errors, lost, wall = asyncio.run(over_http(url, concurrency, explain))
                    rows.setdefault(name, []).extend(latencies)
                    stats.setdefault(name, []).append((errors, lost, wall, len(latencies)))
    finally:
        process.terminate()
        process.wait(timeout=30)
    cpu = os.times()
    base = statistics.median(rows["in process: regime.score"])
    print(f"POST /score, Bình Thuận 2019 form ({FORM['unit']['id']}), 2 workers, {ROUNDS} interleaved rounds")
    header = ("setting", "p50 ms", "p99 ms", "req/s", "× in-process", "errors", "lost")
    print("{:<34} {:>8} {:>8} {:>8} {:>13} {:>7} {:>5}".format(*header))
    for name, latencies in rows.items():
        p50, p99 = statistics.median(latencies), percentile(latencies, 0.99)
        if name in stats:
            done = sum(s[3] for s in stats[name])
            rate = done / sum(s[2] for s in stats[name])
            errors, lost = sum(s[0] for s in stats[name]), sum(s[1] for s in stats[name])
        else:
            rate, errors, lost = 1 / p50, 0, 0
        times = f"{p50 * 1000:>8.2f} {p99 * 1000:>8.2f} {rate:>8.0f} {p50 / base:>12.1f}×"
        print(f"{name:<34} {times} {errors:>7} {lost:>5}")
    explain_cost = statistics.median(rows["HTTP c=1 ?explain=true"]) / statistics.median(rows["HTTP c=1"])
    ratio = statistics.median(rows["HTTP c=1"]) / base
    c32 = stats["HTTP c=32"]
    print(f"?explain=true costs {explain_cost:.1f}× a plain POST /score at concurrency 1")
    print(f"client CPU {cpu.user - cpu_start.user + cpu.system - cpu_start.system:.1f} s (same machine)")
    print(
        f"target: HTTP c=1 at most {TARGET_RATIO:.0f}× in-process regime.score: {ratio:.1f}× "
        f"({'met' if ratio <= TARGET_RATIO else 'missed'}); c=32 errors and lost: "
        f"{sum(s[0] + s[1] for s in c32)} ({'met' if not sum(s[0] + s[1] for s in c32) else 'missed'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
