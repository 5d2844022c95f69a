"""A small HTTP load generator for the benchmark: sequential or concurrent requests against a local
server, one connection per request (gunicorn's sync workers close after each response), timed from
connect to the last byte."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    # A function of the request's sequence number returning the body (each intake is a new complaint).
    body: Callable[[int], bytes] | None = None


@dataclass
class Result:
    timings_ms: list[float]
    seconds: float
    statuses: dict[int, int]
    errors: int = 0

    @property
    def p50(self) -> float:
        return statistics.median(self.timings_ms) if self.timings_ms else float("nan")

    @property
    def p95(self) -> float:
        if not self.timings_ms:
            return float("nan")
        ordered = sorted(self.timings_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def rate(self) -> float:
        return len(self.timings_ms) / self.seconds if self.seconds else float("nan")


def _one(host: str, port: int, request: Request, n: int) -> tuple[float, int]:
    body = request.body(n) if request.body else None
    began = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=120)
    try:
        connection.request(request.method, request.path, body=body, headers=request.headers)
        response = connection.getresponse()
        response.read()
        status = response.status
    finally:
        connection.close()
    return (time.perf_counter() - began) * 1000, status


def run(host: str, port: int, request: Request, *, count: int, concurrency: int = 1) -> Result:
    """`count` requests, `concurrency` at a time; every response is read to the end."""
    timings: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    lock = threading.Lock()
    numbers = iter(range(count))

    def worker() -> None:
        nonlocal errors
        while True:
            with lock:
                n = next(numbers, None)
            if n is None:
                return
            try:
                ms, status = _one(host, port, request, n)
            except OSError:
                with lock:
                    errors += 1
                continue
            with lock:
                timings.append(ms)
                statuses[status] = statuses.get(status, 0) + 1

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(timings, time.perf_counter() - began, statuses, errors)


def wait_until_up(host: str, port: int, path: str = "/healthz", seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if _one(host, port, Request("GET", path), 0)[1] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"The server on port {port} did not answer {path} in {seconds:.0f} s")
        time.sleep(0.3)
