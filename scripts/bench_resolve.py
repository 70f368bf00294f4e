"""Benchmark ``Gazetteer.resolve``: speed only, each measurement in a fresh process, beside its baselines.

    python scripts/bench_resolve.py [--gazetteer PACK|embedded] [--cache DIR] [--rebuild] [--shared DIR]
                                    [--queries TSV] [--limit N] [--baseline-queries 200] [--repeat 3] [--json]

The pack: --gazetteer, else the full pack without OCHA (WOF + OpenSyria + curated + world) in --cache,
built when missing (as scripts/evaluate.py builds it). The queries: the 1,539 OCHA spellings of
../shared/eval/crosswalk_dev.tsv with their governorate (on a pack with OCHA, such as the embedded
default, they mostly hit exactly: the figures are then a best case).

Each of these runs in its own fresh Python process, so that no cache is warm, and reports wall time,
CPU time (``time.process_time``) and its peak memory (VmHWM):

- load:     ``import toponym``, ``toponym.load(pack)``, then the first resolve (which reads the names
            core the pack stores); also the whole process's wall time, Python start-up included;
- no hint:  load, one resolve of a name not among the queries (reads the names core), then the first
            pass over the queries without a hint — the headline figure — and a second pass ("warm":
            decoded readings and memoised keys are cached by then, and the matcher keeps the
            rankings of the last ``RANK_CACHE_SIZE`` names it was asked, so a repeated query is a
            cache hit: what a table that repeats its values gets);
- admin1:   the same, first pass with the governorate hint;
- floor:    the exact-hit floor — ``normalize`` + one dict lookup per query, the dict of every name of
            the pack built outside the timing: what no matcher can beat;
- baseline: the naive matcher — unidecode + rapidfuzz ``process.extractOne(..., scorer=fuzz.WRatio)``
            over every Latin name, the choices made outside the timing — on --baseline-queries queries
            spread over the set.

Resolves/s are the queries over the pass's time; p50/p99 per query. The probes run --repeat rounds,
interleaved; each ratio (ours/baseline, ours/floor) is taken within one round, and the median and the
min–max over rounds are printed: the machines are shared and noisy, so only ratios from the same run
mean anything.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
WARMUP = "Aleppo"  # the resolve that reads the names core before a timed pass (no crosswalk query)
PROBES = ("load", "none", "admin1", "floor", "baseline")
TARGET_PER_SECOND = 5000
TARGET_P99_MS = 2.0


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.probe:
        print(json.dumps(_PROBE[args.probe](args.gazetteer, _read_queries(args.queries_json), args)))
        return 0
    shared = Path(args.shared).resolve()
    gazetteer = args.gazetteer or str(_default_pack(shared, Path(args.cache), rebuild=args.rebuild))
    queries = _queries(Path(args.queries or shared / "eval" / "crosswalk_dev.tsv"), args.limit)
    with tempfile.TemporaryDirectory(prefix="toponym-bench-") as scratch:
        queries_json = Path(scratch) / "queries.json"
        queries_json.write_text(json.dumps(queries), encoding="utf-8")
        rounds = []
        for number in range(args.repeat):
            print(f"round {number + 1} of {args.repeat} ...", file=sys.stderr)
            rounds.append({p: _child(p, gazetteer, queries_json, args) for p in PROBES})
    report = {"gazetteer": gazetteer, "queries": len(queries), "rounds": rounds, "summary": _summary(rounds)}
    if args.json:
        json.dump(report, sys.stdout, indent=1)
        print()
    else:
        _print(report)
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--gazetteer", help="a pack path, or 'embedded' (default: the full pack without OCHA)"
    )
    parser.add_argument("--shared", default=os.environ.get("TOPONYM_SHARED", REPO.parent / "shared"))
    parser.add_argument("--cache", default=Path(tempfile.gettempdir()) / "toponym-evaluate")
    parser.add_argument("--rebuild", action="store_true", help="build the default pack even if cached")
    parser.add_argument("--queries", help="a TSV with query and admin1 columns (default: the crosswalk)")
    parser.add_argument("--limit", type=int, default=0, help="the first N queries only (0: all)")
    parser.add_argument(
        "--baseline-queries", type=int, default=200, help="queries the naive baseline is timed on"
    )
    parser.add_argument("--repeat", type=int, default=3, help="rounds of every probe, interleaved")
    parser.add_argument("--json", action="store_true", help="print every round's figures as JSON")
    parser.add_argument("--probe", choices=PROBES, help=argparse.SUPPRESS)  # in the child process
    parser.add_argument("--queries-json", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def _default_pack(shared: Path, cache: Path, *, rebuild: bool) -> Path:
    from evaluate import ensure_packs

    return ensure_packs(shared / "data", cache, ["full"], rebuild=rebuild)["full"]


def _queries(path: Path, limit: int) -> list[list[str]]:
    from evaluate import read_table

    rows = [[r["query"], r.get("admin1", "")] for r in read_table(path)]
    return rows[:limit] if limit else rows


def _read_queries(path: str) -> list[list[str]]:
    queries: list[list[str]] = json.loads(Path(path).read_text(encoding="utf-8"))
    return queries


def _child(probe: str, gazetteer: str, queries_json: Path, args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--probe",
        probe,
        "--gazetteer",
        gazetteer,
        "--queries-json",
        str(queries_json),
        "--baseline-queries",
        str(args.baseline_queries),
    ]
    started = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    measured: dict[str, Any] = json.loads(done.stdout)
    measured["process_s"] = time.perf_counter() - started  # the whole child, Python start-up included
    return measured


# -- the probes (each in a fresh process) ---------------------------------------------------------


def _peak_mb() -> float | None:
    """This process's peak resident memory (VmHWM; getrusage's ru_maxrss survives exec on Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def timed_pass(call: Callable[[str, str], object], queries: Sequence[Sequence[str]]) -> dict[str, Any]:
    """One pass of ``call(query, admin1)`` over the queries: wall and CPU rates, and p50/p99 latency
    per query in wall time and in CPU time (the CPU one is what the machine's other load does not
    stretch; the two clocks cost about half a microsecond a query)."""
    walls, cpus = [], []
    clock, cpu = time.perf_counter, time.process_time
    cpu_started = cpu()
    started = clock()
    for query, admin1 in queries:
        before, cpu_before = clock(), cpu()
        call(query, admin1)
        cpus.append(cpu() - cpu_before)
        walls.append(clock() - before)
    wall = clock() - started
    cpu_seconds = cpu() - cpu_started
    return {
        "n": len(walls),
        "wall_s": wall,
        "cpu_s": cpu_seconds,
        "per_second": len(walls) / wall,
        "per_cpu_second": len(walls) / cpu_seconds if cpu_seconds else None,
        **_percentiles(walls, ""),
        **_percentiles(cpus, "cpu_"),
    }


def _percentiles(seconds: list[float], prefix: str) -> dict[str, float]:
    ordered = sorted(seconds)
    n = len(ordered)
    return {
        f"{prefix}p50_ms": 1000 * statistics.median(ordered),
        f"{prefix}p99_ms": 1000 * ordered[min(n - 1, int(0.99 * n))],
        f"{prefix}max_ms": 1000 * ordered[-1],
    }


def _load_probe(gazetteer: str, queries: list[list[str]], args: argparse.Namespace) -> dict[str, Any]:
    started, cpu_started = time.perf_counter(), time.process_time()
    import toponym

    loaded_gazetteer = toponym.load(gazetteer)
    loaded = time.perf_counter()
    loaded_gazetteer.resolve(WARMUP)
    resolved = time.perf_counter()
    return {
        "load_s": loaded - started,
        "first_resolve_s": resolved - loaded,
        "total_s": resolved - started,
        "total_cpu_s": time.process_time() - cpu_started,
        "places": len(loaded_gazetteer),
        "peak_mb": _peak_mb(),
    }


def _resolve_probe(hint: str) -> Callable[[str, list[list[str]], argparse.Namespace], dict[str, Any]]:
    def probe(gazetteer: str, queries: list[list[str]], args: argparse.Namespace) -> dict[str, Any]:
        import toponym

        loaded = toponym.load(gazetteer)
        started = time.perf_counter()
        loaded.resolve(WARMUP)
        core_s = time.perf_counter() - started
        if hint == "admin1":
            result = {"first": timed_pass(lambda q, a: loaded.resolve(q, admin1=a), queries)}
        else:
            result = {
                "first": timed_pass(lambda q, a: loaded.resolve(q), queries),
                "warm": timed_pass(lambda q, a: loaded.resolve(q), queries),
            }
        return {**result, "core_read_s": core_s, "peak_mb": _peak_mb()}

    return probe


def _floor_probe(gazetteer: str, queries: list[list[str]], args: argparse.Namespace) -> dict[str, Any]:
    import toponym

    loaded = toponym.load(gazetteer)
    exact: dict[str, list[str]] = {}
    for place in loaded:
        for name in place.names:
            exact.setdefault(toponym.normalize(name.text), []).append(place.id)
    normalize, get = toponym.normalize, exact.get
    # the rates from a bare loop (per-query clocks would cost a fifth of a lookup), then the latencies
    texts = [q for q, _ in queries]
    cpu_started, started = time.process_time(), time.perf_counter()
    for text in texts:
        get(normalize(text))
    wall, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    measured = timed_pass(lambda q, a: get(normalize(q)), queries)
    measured.update(
        wall_s=wall,
        cpu_s=cpu_seconds,
        per_second=len(texts) / wall,
        per_cpu_second=len(texts) / cpu_seconds if cpu_seconds else None,
    )
    hits = sum(get(normalize(text)) is not None for text in texts)
    return {"first": measured, "keys": len(exact), "hit_share": hits / len(texts), "peak_mb": _peak_mb()}


def _baseline_probe(gazetteer: str, queries: list[list[str]], args: argparse.Namespace) -> dict[str, Any]:
    from evaluate import baseline_choices, baseline_match

    import toponym

    loaded = toponym.load(gazetteer)
    choices, owners = baseline_choices(loaded)
    step = max(1, len(queries) // max(1, args.baseline_queries))
    sample = queries[::step][: args.baseline_queries]
    measured = timed_pass(lambda q, a: baseline_match(q, choices, owners), sample)
    return {"first": measured, "names": len(choices), "peak_mb": _peak_mb()}


_PROBE: dict[str, Callable[[str, list[list[str]], argparse.Namespace], dict[str, Any]]] = {
    "load": _load_probe,
    "none": _resolve_probe("none"),
    "admin1": _resolve_probe("admin1"),
    "floor": _floor_probe,
    "baseline": _baseline_probe,
}


# -- summary and output ---------------------------------------------------------------------------


def _spread(values: Sequence[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def _summary(rounds: Sequence[dict[str, Any]]) -> dict[str, Any]:
    def over(get: Callable[[dict[str, Any]], float]) -> dict[str, float]:
        return _spread([get(r) for r in rounds])

    lines: dict[str, Any] = {}
    passes = {
        "no hint, first pass": lambda r: r["none"]["first"],
        "admin1, first pass": lambda r: r["admin1"]["first"],
        "no hint, warm (2nd) pass": lambda r: r["none"]["warm"],
        "exact-hit floor": lambda r: r["floor"]["first"],
        "naive baseline": lambda r: r["baseline"]["first"],
    }
    for label, get in passes.items():
        lines[label] = {
            field: over(lambda r, g=get, f=field: g(r)[f] or 0.0)
            for field in ("per_second", "per_cpu_second", "p50_ms", "p99_ms", "cpu_p50_ms", "cpu_p99_ms", "n")
        }
    ours = passes["no hint, first pass"]
    hinted = passes["admin1, first pass"]
    ratios = {
        "no hint / baseline (wall)": lambda r: ours(r)["per_second"] / r["baseline"]["first"]["per_second"],
        "no hint / baseline (CPU)": lambda r: _cpu_rate(ours(r)) / _cpu_rate(r["baseline"]["first"]),
        "admin1 / baseline (wall)": lambda r: hinted(r)["per_second"] / r["baseline"]["first"]["per_second"],
        "no hint / floor (wall)": lambda r: ours(r)["per_second"] / r["floor"]["first"]["per_second"],
        "no hint / floor (CPU)": lambda r: _cpu_rate(ours(r)) / _cpu_rate(r["floor"]["first"]),
        "admin1 / floor (wall)": lambda r: hinted(r)["per_second"] / r["floor"]["first"]["per_second"],
        "admin1 / no hint (wall)": lambda r: hinted(r)["per_second"] / ours(r)["per_second"],
        "warm / first no hint (wall)": lambda r: r["none"]["warm"]["per_second"] / ours(r)["per_second"],
    }
    load = {
        "load_s": over(lambda r: r["load"]["load_s"]),
        "first_resolve_s": over(lambda r: r["load"]["first_resolve_s"]),
        "total_s": over(lambda r: r["load"]["total_s"]),
        "total_cpu_s": over(lambda r: r["load"]["total_cpu_s"]),
        "process_s": over(lambda r: r["load"]["process_s"]),
        "peak_mb": over(lambda r: r["load"]["peak_mb"] or 0.0),
        "after_passes_peak_mb": over(lambda r: r["none"]["peak_mb"] or 0.0),
        "places": rounds[0]["load"]["places"],
    }
    extra = {
        "floor_keys": rounds[0]["floor"]["keys"],
        "floor_hit_share": rounds[0]["floor"]["hit_share"],
        "baseline_names": rounds[0]["baseline"]["names"],
    }
    return {"passes": lines, "ratios": {k: over(f) for k, f in ratios.items()}, "load": load, **extra}


def _cpu_rate(measured: dict[str, Any]) -> float:
    return float(measured["per_cpu_second"] or measured["per_second"])


def _fmt(spread: dict[str, float], pattern: str) -> str:
    return f"{pattern.format(spread['median'])} ({pattern.format(spread['min'])}–{pattern.format(spread['max'])})"


def _print(report: dict[str, Any]) -> None:
    s = report["summary"]
    rounds = len(report["rounds"])
    load = s["load"]
    print(
        f"gazetteer {report['gazetteer']} ({load['places']:,} places); {report['queries']:,} queries; "
        f"median (min–max) of {rounds} round(s), each figure from a fresh process"
    )
    print(
        f"  {'pass':24} {'n':>5} {'resolves/s wall':>25} {'resolves/s CPU':>25} {'p50 ms wall':>20} "
        f"{'p99 ms wall':>20} {'p99 ms CPU':>20}"
    )
    for label, m in s["passes"].items():
        print(
            f"  {label:24} {m['n']['median']:5.0f} {_fmt(m['per_second'], '{:,.0f}'):>25} "
            f"{_fmt(m['per_cpu_second'], '{:,.0f}'):>25} {_fmt(m['p50_ms'], '{:.3f}'):>20} "
            f"{_fmt(m['p99_ms'], '{:.2f}'):>20} {_fmt(m['cpu_p99_ms'], '{:.2f}'):>20}"
        )
    print(
        f"  floor: {s['floor_keys']:,} distinct normalised names, {s['floor_hit_share']:.3f} of the queries "
        f"hit exactly; baseline: extractOne over {s['baseline_names']:,} Latin names"
    )
    print("ratios, each within one round:")
    for label, spread in s["ratios"].items():
        print(f"  {label:30} {_fmt(spread, '{:.3g}')}")
    print(
        f"load (fresh process): import + load {_fmt(load['load_s'], '{:.2f}')} s + first resolve "
        f"{_fmt(load['first_resolve_s'], '{:.2f}')} s = {_fmt(load['total_s'], '{:.2f}')} s wall, "
        f"{_fmt(load['total_cpu_s'], '{:.2f}')} s CPU; the whole process (Python start-up and exit included) "
        f"{_fmt(load['process_s'], '{:.2f}')} s; peak memory {_fmt(load['peak_mb'], '{:.0f}')} MB, "
        f"{_fmt(load['after_passes_peak_mb'], '{:.0f}')} MB after two no-hint passes"
    )
    first = s["passes"]["no hint, first pass"]
    hinted = s["passes"]["admin1, first pass"]
    verdict = []
    for label, m in (("no hint", first), ("admin1", hinted)):
        rate, p99, cpu_rate, cpu_p99 = (
            m[f]["median"] for f in ("per_second", "p99_ms", "per_cpu_second", "cpu_p99_ms")
        )
        met = rate >= TARGET_PER_SECOND and p99 <= TARGET_P99_MS
        verdict.append(
            f"{label} {'met' if met else 'NOT met'} ({rate:,.0f}/s, p99 {p99:.2f} ms; "
            f"in CPU time {cpu_rate:,.0f}/s, p99 {cpu_p99:.2f} ms)"
        )
    print(
        f"target (first pass, >= {TARGET_PER_SECOND:,} resolves/s wall, p99 <= {TARGET_P99_MS:g} ms, medians): "
        + "; ".join(verdict)
    )


if __name__ == "__main__":
    raise SystemExit(main())
