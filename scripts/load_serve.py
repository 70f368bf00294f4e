"""Load test of `toponym serve`: concurrent OpenRefine-like clients sending reconciliation batches.

    python scripts/load_serve.py --gazetteer syria.db                      # 50 clients × 60 s
    python scripts/load_serve.py --gazetteer syria.db --soak 300           # then 5 minutes more, RSS sampled
    python scripts/load_serve.py --gazetteer syria.db --rate 2000 --warmup 30   # paced at 2,000 queries/s
    python scripts/load_serve.py --url http://127.0.0.1:8000 --pid 1234    # a server already running

Each client POSTs form-encoded batches of ``--batch`` queries (real spellings from
``../shared/eval/ucdp_dev.tsv``, read at run time, half of them with their governorate as a property)
as fast as the server answers, like OpenRefine reconciling a column. Reported: queries/s, the p50 and
p99 latency of a batch, errors (any status but 200, any failed connection), and the server's resident
memory before the load, after it and after the soak (from /proc/PID/status).

``--rate`` paces the clients (queries/s for all of them together) instead of sending as fast as the
server answers: with 50 clients always waiting, a batch's latency is the queue's length over the
throughput, whatever the server does; at a fixed rate it is the service time under that load.

Safety: only loopback addresses are ever targeted; the run stops by itself after ``--warmup`` (at most
120 s), ``--seconds`` (at most 600) and ``--soak`` (at most 900), and after ``--max-requests`` batches
per phase, whichever comes first. The
clients run on the same machine as the server, so they take CPU from it: the figures are a lower bound.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import ipaddress
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from urllib.request import urlopen

SHARED = Path(os.environ.get("TOPONYM_SHARED", Path(__file__).resolve().parent.parent.parent / "shared"))
SPELLINGS = SHARED / "eval" / "ucdp_dev.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gazetteer", type=Path, help="pack for a server this script starts itself")
    parser.add_argument("--url", help="a server already running on this machine (with --pid for memory)")
    parser.add_argument("--pid", type=int, help="the process id of the server given by --url")
    parser.add_argument("--cache-size", type=int, help="`toponym serve --cache-size` of the server started")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--soak", type=float, default=0.0, help="seconds of further load, memory sampled")
    parser.add_argument(
        "--warmup", type=float, default=0.0, help="seconds of load before measuring (at most 120)"
    )
    parser.add_argument("--max-requests", type=int, default=2_000_000)
    parser.add_argument(
        "--rate",
        type=float,
        default=0.0,
        help="queries/s all clients send together, paced (0: as fast as answered)",
    )
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 1 <= args.batch <= 50:
        parser.error("--clients must be 1–200 and --batch 1–50")
    if not 0 < args.seconds <= 600 or not 0 <= args.soak <= 900 or not 0 <= args.warmup <= 120:
        parser.error("--seconds must be in (0, 600], --soak in [0, 900] and --warmup in [0, 120]")

    server = None
    if args.url is None:
        port = _free_port()
        command = [sys.executable, "-m", "toponym", "serve", "--port", str(port)]
        if args.gazetteer is not None:
            command += ["--gazetteer", str(args.gazetteer)]
        if args.cache_size is not None:
            command += ["--cache-size", str(args.cache_size)]
        server = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        args.url, args.pid = f"http://127.0.0.1:{port}", server.pid
    _require_loopback(args.url)
    try:
        _wait_until_up(args.url, server)
        report = asyncio.run(_run(args, _spellings()))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    print(json.dumps(report, indent=2))


async def _run(args: argparse.Namespace, spellings: list[tuple[str, str]]) -> dict[str, object]:
    rng = random.Random(args.seed)
    if args.warmup:  # the same load, unmeasured: the server's answer cache fills as in a long run
        await _load(args, spellings, rng, args.warmup)
    memory = {"rss_mb_before": _rss_mb(args.pid)}
    load = await _load(args, spellings, rng, args.seconds)
    memory["rss_mb_after_load"] = _rss_mb(args.pid)
    report: dict[str, object] = {"url": args.url, "clients": args.clients, "batch": args.batch, "load": load}
    if args.soak:
        samples: list[float | None] = []
        soak = await _load(args, spellings, rng, args.soak, sample=lambda: samples.append(_rss_mb(args.pid)))
        memory["rss_mb_after_soak"] = _rss_mb(args.pid)
        report["soak"] = {**soak, "rss_mb_every_30s": samples}
    report["memory"] = memory
    return report


async def _load(args, spellings, rng, seconds: float, sample=None) -> dict[str, object]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    deadline = time.perf_counter() + seconds
    budget = [args.max_requests]
    interval = args.clients * args.batch / args.rate if args.rate else 0.0  # one client's pace
    url = urlsplit(args.url)

    async def client(number: int) -> None:
        connection = None
        next_send = time.perf_counter() + (interval * number / args.clients)
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            if interval:
                await asyncio.sleep(max(0.0, next_send - time.perf_counter()))
                next_send += interval
            body = urlencode({"queries": json.dumps(_batch(spellings, rng, args.batch))}).encode()
            started = time.perf_counter()
            try:
                connection = connection or await asyncio.open_connection(url.hostname, url.port)
                status, answer = await _post(connection, url.hostname, body)
                if status != 200 or len(json.loads(answer)) != args.batch:
                    errors[str(status)] = errors.get(str(status), 0) + 1
                    continue
            except (OSError, ValueError, asyncio.IncompleteReadError) as error:
                errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                connection = None
                continue
            latencies.append(time.perf_counter() - started)
        if connection is not None:
            connection[1].close()

    async def sampler() -> None:
        while sample is not None and time.perf_counter() < deadline:
            sample()
            await asyncio.sleep(30)

    started = time.perf_counter()
    await asyncio.gather(sampler(), *(client(number) for number in range(args.clients)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "seconds": round(elapsed, 1),
        "batches": len(latencies),
        "queries_per_s": round(len(latencies) * args.batch / elapsed),
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(1000 * latencies[int(0.99 * (len(latencies) - 1))], 1) if latencies else None,
        "errors": errors,
    }


async def _post(connection, host: str, body: bytes) -> tuple[int, bytes]:
    """One POST /reconcile on a kept-alive HTTP/1.1 connection: (status, body). Plain asyncio streams:
    an HTTP client library costs more CPU per request than the server, on the same two cores."""
    reader, writer = connection
    writer.write(
        b"POST /reconcile HTTP/1.1\r\nHost: " + host.encode() + b"\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return status, await reader.readexactly(length)


def _batch(spellings: list[tuple[str, str]], rng: random.Random, size: int) -> dict[str, dict]:
    batch = {}
    for number in range(size):
        query, governorate = rng.choice(spellings)
        entry: dict[str, object] = {"query": query, "type": "settlement"}
        if rng.random() < 0.5:
            entry["properties"] = [{"pid": "governorate", "v": governorate}]
        batch[f"q{number}"] = entry
    return batch


def _spellings() -> list[tuple[str, str]]:
    with SPELLINGS.open(encoding="utf-8", newline="") as handle:
        return [(row["query"], row["admin1"]) for row in csv.DictReader(handle, delimiter="\t")]


def _rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def _require_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        sys.exit(f"refusing to load {url}: only loopback addresses (127.0.0.0/8, ::1, localhost)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen | None, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            sys.exit(f"the server exited with code {server.returncode}")
        try:
            with urlopen(f"{url}/reconcile", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"no answer from {url} within {timeout:.0f} s")


if __name__ == "__main__":
    main()
