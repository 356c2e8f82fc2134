"""Load generators for benchmarks/decisions.py: the HTTP API under uvicorn, and Redis.

Both are driven from this process over loopback, with the same bounded request loop: a
pool of threads, each with its own keep-alive connection, taking requests from a shared
counter until the total is reached. Latencies are per request, client side.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    latencies: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, share: float) -> float:
        return float(np.percentile(self.latencies, share)) * 1000  # milliseconds


def drive(total: int, threads: int, make: Callable[[], Callable[[int], None]]) -> Load:
    """Run ``total`` calls over ``threads`` workers; ``make`` builds one worker's call."""
    counter = iter(range(total))
    lock = threading.Lock()
    latencies: list[float] = []
    calls = [make() for _ in range(threads)]

    def work(call: Callable[[int], None]) -> None:
        mine = []
        while True:
            with lock:
                number = next(counter, None)
            if number is None:
                break
            started = time.perf_counter()
            call(number)
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=work, args=(call,)) for call in calls]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return Load(total, time.perf_counter() - started, latencies)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Server:
    base: str
    pid: int


@contextmanager
def server(database_url: str, environ: dict[str, str]) -> Iterator[Server]:
    """``dataward serve`` (one uvicorn worker) on a free loopback port."""
    port = free_port()
    command = [sys.executable, "-c", "from dataward.cli.main import main; main()"]
    env = os.environ | environ | {"DATAWARD_DATABASE_URL": database_url}
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{base}/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        yield Server(base, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


def http_decisions(
    base: str, token: str, recipients: Sequence[str], total: int, threads: int
) -> Load:
    headers = {"Authorization": f"Bearer {token}"}

    def make() -> Callable[[int], None]:
        client = httpx.Client(base_url=base, headers=headers, timeout=30)

        def call(number: int) -> None:
            body = {
                "purpose": "subscriber_marketing",
                "identity": recipients[number % len(recipients)],
            }
            response = client.post("/api/v1/decisions", json=body)
            if response.status_code != 200:
                raise RuntimeError(response.text)

        return call

    return drive(total, threads, make)


def redis_round_trips(url: str, key: str, hashes: np.ndarray, total: int, threads: int) -> Load:
    """One SISMEMBER per call, not pipelined: the latency a sender sees per message."""
    import redis

    def make() -> Callable[[int], None]:
        connection = redis.Redis.from_url(url)

        def call(number: int) -> None:
            connection.sismember(key, hashes[number % len(hashes)].tobytes())

        return call

    return drive(total, threads, make)
