"""Measure the matcher: accuracy on real crosswalk spellings, false matches, speed, load time, memory.

    python scripts/evaluate.py [--shared DIR] [--cache DIR] [--rebuild] [--crosswalk TSV]
                               [--baseline-limit N] [--json]

1. Builds two packs from ../shared/data **without the OCHA source** (the crosswalk queries are OCHA
   spellings: with OCHA in the pack they would match trivially) into --cache (reused when present):
   "bare" = Who's On First + OpenSyria; "full" = the same + the curated layer + the world layer.
2. Crosswalk (../shared/eval/crosswalk_dev.tsv: an OCHA spelling, its governorate and district as
   OCHA writes them, and the gold point): every query through ``Gazetteer.resolve`` with no hint,
   with the governorate (admin1) hint, and with governorate + district. A resolve is right when it
   lands within 3 km of the gold point; wrong when it lands farther; it abstains when it answers
   None. Also: the share marked ambiguous, the share wrong *and not* marked ambiguous ("silent": a
   confident wrong answer, with no warning to the user), resolves/second and p50/p99 latency (no result cache), and
   how often each score band was right (what a score means). Without a hint: the queries whose best
   score several places share, one of them right, and how many of them a random pick among the tied
   places and our tie-breaks get right (what the name alone cannot decide).
3. The naive baseline on the same pack and queries: unidecode + rapidfuzz WRatio, process.extractOne
   over every Latin name. Its accuracy and speed, and our ratios to it.
4. tests/cases/non_places.tsv (organisations, people, common words, demonyms, foreign cities with
   country="SY"): the share that resolves to anything (false matches), on the embedded default and on
   the packs.
5. tests/cases/journalistic.tsv (well-known towns as journalists, French maps and Arabic script write
   them): accuracy within each row's tolerance, on the embedded default and on the packs.
6. Load: a fresh process per pack times ``toponym.load`` and the first resolve (which reads the names
   core the pack stores) and reads its peak memory.

The machines are shared and noisy: compare ratios measured in one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geopy.distance import geodesic

import toponym
from toponym.build.pipeline import build_pack
from toponym.gazetteer import Gazetteer
from toponym.models import Match
from toponym.resolve.ranking import RESOLVE_THRESHOLD

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases"
RIGHT_KM = 3.0
TIE_LIMIT = 60  # candidates looked at for ties without a hint (the largest dev tie has 36 places)
SCORE_BANDS = ((100.0, 101.0), (95.0, 100.0), (90.0, 95.0), (85.0, 90.0), (80.0, 85.0), (0.0, 80.0))

# Peak memory from /proc (VmHWM): getrusage's ru_maxrss survives exec on Linux, so a child started
# from this (large) process would report our peak, not its own.
LOAD_PROBE = """
import json, resource, sys, time
started = time.perf_counter()
import toponym
gazetteer = toponym.load(sys.argv[1])
loaded = time.perf_counter()
gazetteer.resolve("Aleppo")
indexed = time.perf_counter()
try:
    status = open("/proc/self/status").read().split("VmHWM:")[1]
    peak_mb = int(status.split()[0]) / 1024
except (OSError, IndexError):
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({
    "load_s": loaded - started,
    "first_resolve_s": indexed - loaded,
    "total_s": indexed - started,
    "peak_rss_mb": peak_mb,
}))
"""


@dataclass(frozen=True)
class Row:
    query: str
    admin1: str
    admin2: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Outcome:
    match: Match | None
    seconds: float


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    shared = Path(args.shared).resolve()
    crosswalk = [_row(r) for r in _table(Path(args.crosswalk or shared / "eval" / "crosswalk_dev.tsv"))]
    packs = _packs(shared / "data", Path(args.cache), rebuild=args.rebuild)
    report: dict[str, Any] = {"queries": len(crosswalk), "packs": {}}
    for label, path in packs.items():
        gazetteer = toponym.load(path)
        report["packs"][label] = {
            "places": len(gazetteer),
            "crosswalk": _crosswalk(gazetteer, crosswalk),
            "load": _load(path),
        }
    bare = toponym.load(packs["bare"])
    report["baseline"] = _baseline(bare, crosswalk[: args.baseline_limit or None])
    gazetteers = {"embedded": toponym.load("embedded")} | {k: toponym.load(v) for k, v in packs.items()}
    report["non_places"] = {k: _non_places(g) for k, g in gazetteers.items()}
    report["journalistic"] = {k: _journalistic(g) for k, g in gazetteers.items()}
    if args.json:
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        _print(report)
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", default=os.environ.get("TOPONYM_SHARED", REPO.parent / "shared"))
    parser.add_argument("--cache", default=Path(tempfile.gettempdir()) / "toponym-evaluate")
    parser.add_argument("--rebuild", action="store_true", help="build the packs even if cached")
    parser.add_argument("--crosswalk", help="another crosswalk TSV of the same layout")
    parser.add_argument("--baseline-limit", type=int, default=0, help="score the baseline on N queries")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser.parse_args(argv)


# -- inputs -------------------------------------------------------------------------------------


def _table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


def _row(raw: dict[str, str]) -> Row:
    return Row(raw["query"], raw["admin1"], raw["admin2"], float(raw["gold_lat"]), float(raw["gold_lon"]))


def _packs(data: Path, cache: Path, *, rebuild: bool) -> dict[str, Path]:
    """Build (or reuse) the two packs without OCHA."""
    sources = {
        "wof": data / "whosonfirst-data-admin-sy-master.tar.gz",
        "opensyria": data / "opensyria-data-geography",
    }
    packs = {"bare": cache / "wof-opensyria.db", "full": cache / "wof-opensyria-curated-world.db"}
    for label, path in packs.items():
        if rebuild or not path.exists():
            full = label == "full"
            print(f"building the {label} pack (no OCHA) at {path} ...", file=sys.stderr)
            build_pack(output=path, curated=full, world=full, **sources)
    return packs


# -- measures -----------------------------------------------------------------------------------


def _km(match: Match, lat: float, lon: float) -> float:
    if match.place.lat is None or match.place.lon is None:
        return float("inf")
    return geodesic((match.place.lat, match.place.lon), (lat, lon)).km


def _timed(resolve: Callable[[], Match | None]) -> Outcome:
    started = time.perf_counter()
    found = resolve()
    return Outcome(found, time.perf_counter() - started)


def _crosswalk(gazetteer: Gazetteer, rows: list[Row]) -> dict[str, Any]:
    hints: dict[str, Callable[[Row], dict[str, str]]] = {
        "no_hint": lambda r: {},
        "admin1": lambda r: {"admin1": r.admin1},
        "admin1_admin2": lambda r: {"admin1": r.admin1, "admin2": r.admin2},
    }
    out: dict[str, Any] = {}
    for label, hint in hints.items():
        outcomes = [_timed(lambda r=r, h=hint: gazetteer.resolve(r.query, **h(r))) for r in rows]
        out[label] = _scored(outcomes, rows)
        if label == "admin1":
            out["score_bands"] = _bands(gazetteer, rows)
    out["ties"] = _ties(gazetteer, rows)
    return out


def _scored(outcomes: list[Outcome], rows: list[Row]) -> dict[str, Any]:
    right = wrong = abstain = ambiguous = silent = 0
    for outcome, row in zip(outcomes, rows, strict=True):
        if outcome.match is None:
            abstain += 1
            continue
        ambiguous += outcome.match.ambiguous
        if _km(outcome.match, row.lat, row.lon) <= RIGHT_KM:
            right += 1
        else:
            wrong += 1
            silent += not outcome.match.ambiguous
    latencies = sorted(o.seconds for o in outcomes)
    n = len(rows)
    return {
        "accuracy": right / n,
        "wrong": wrong / n,
        "abstain": abstain / n,
        "ambiguous": ambiguous / n,
        "silent_wrong": silent / n,
        "per_second": n / sum(latencies),
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(n - 1, int(0.99 * n))],
    }


def _bands(gazetteer: Gazetteer, rows: list[Row]) -> list[dict[str, Any]]:
    """How often the best candidate (with the admin1 hint) was right, by its score."""
    tallies = {band: [0, 0] for band in SCORE_BANDS}
    for row in rows:
        ranked = gazetteer.candidates(row.query, limit=1, admin1=row.admin1)
        if not ranked:
            continue
        best = ranked[0]
        band = next(b for b in SCORE_BANDS if b[0] <= best.score < b[1])
        tallies[band][0] += 1
        tallies[band][1] += _km(best, row.lat, row.lon) <= RIGHT_KM
    return [
        {"from": low, "to": min(high, 100.0), "count": n, "right": right / n if n else None}
        for (low, high), (n, right) in tallies.items()
    ]


def _ties(gazetteer: Gazetteer, rows: list[Row]) -> dict[str, Any]:
    """Without a hint, the queries whose best score is shared by several places, one of them right:
    how many, how many a random pick among the tied places would get right (expected), how many our
    tie-breaks get right. What no tie-break on the name alone can recover shows here."""
    queries = 0
    expected = 0.0
    ours = 0
    for row in rows:
        ranked = gazetteer.candidates(row.query, limit=TIE_LIMIT)
        if not ranked or ranked[0].score < RESOLVE_THRESHOLD:
            continue
        tied = [m for m in ranked if m.score == ranked[0].score]
        right = [_km(m, row.lat, row.lon) <= RIGHT_KM for m in tied]
        if len(tied) < 2 or not any(right):
            continue
        queries += 1
        expected += sum(right) / len(tied)
        ours += right[0]
    return {"queries": queries, "random_right": expected, "right": ours}


def _baseline(gazetteer: Gazetteer, rows: list[Row]) -> dict[str, Any]:
    """unidecode + rapidfuzz WRatio over every Latin name: process.extractOne, no hint."""
    from rapidfuzz import fuzz, process
    from unidecode import unidecode

    choices: list[str] = []
    owners = []
    for place in gazetteer:
        for name in place.names:
            if name.script == "Latn":
                choices.append(unidecode(name.text).lower())
                owners.append(place)
    outcomes = []
    for row in rows:
        started = time.perf_counter()
        best = process.extractOne(unidecode(row.query).lower(), choices, scorer=fuzz.WRatio)
        found = Match(place=owners[best[2]], score=best[1], matched_name=best[0]) if best else None
        outcomes.append(Outcome(found, time.perf_counter() - started))
    scored = _scored(outcomes, rows)
    scored["names"] = len(choices)
    scored["queries"] = len(rows)
    return scored


def _non_places(gazetteer: Gazetteer) -> dict[str, Any]:
    rows = _table(CASES / "non_places.tsv")
    matched = [
        (r["query"], m.place.name, m.matched_name, round(m.score, 1))
        for r in rows
        if (m := gazetteer.resolve(r["query"], country=r["country"] or None)) is not None
    ]
    return {"strings": len(rows), "false_match_rate": len(matched) / len(rows), "false_matches": matched}


def _journalistic(gazetteer: Gazetteer) -> dict[str, Any]:
    rows = _table(CASES / "journalistic.tsv")
    missed = []
    for r in rows:
        found = gazetteer.resolve(r["query"])
        if found is None or _km(found, float(r["lat"]), float(r["lon"])) > float(r["tol_km"]):
            missed.append((r["query"], found.place.name if found else None))
    return {"queries": len(rows), "accuracy": 1 - len(missed) / len(rows), "missed": missed}


def _load(path: Path) -> dict[str, Any]:
    """A fresh process: open the pack and resolve once (which reads the stored names core)."""
    probe = subprocess.run(
        [sys.executable, "-c", LOAD_PROBE, str(path)], check=True, capture_output=True, text=True
    )
    measured: dict[str, Any] = json.loads(probe.stdout)
    return measured


# -- output -------------------------------------------------------------------------------------


def _print(report: dict[str, Any]) -> None:
    print(f"crosswalk: {report['queries']} OCHA spellings, right = within {RIGHT_KM:g} km of the gold point")
    header = f"{'pack':6} {'hint':14} {'right':>6} {'wrong':>6} {'abstain':>7} {'ambig.':>6} {'silent':>6} {'res/s':>7} {'p50 ms':>7} {'p99 ms':>7}"
    print(header)
    for label, pack in report["packs"].items():
        for hint in ("no_hint", "admin1", "admin1_admin2"):
            m = pack["crosswalk"][hint]
            print(
                f"{label:6} {hint:14} {m['accuracy']:6.3f} {m['wrong']:6.3f} {m['abstain']:7.3f} "
                f"{m['ambiguous']:6.3f} {m['silent_wrong']:6.3f} {m['per_second']:7.0f} {m['p50_ms']:7.2f} {m['p99_ms']:7.2f}"
            )
    base = report["baseline"]
    ours = report["packs"]["bare"]["crosswalk"]["no_hint"]
    print(
        f"baseline (unidecode + WRatio extractOne over {base['names']:,} Latin names, bare pack, no hint, "
        f"{base['queries']} queries): right {base['accuracy']:.3f}, {base['per_second']:.0f} res/s; "
        f"ours/baseline: accuracy x{ours['accuracy'] / max(base['accuracy'], 1e-9):.2f}, "
        f"speed x{ours['per_second'] / base['per_second']:.0f}"
    )
    print(
        "score bands (bare pack, admin1 hint): "
        + _bands_line(report["packs"]["bare"]["crosswalk"]["score_bands"])
    )
    for label, pack in report["packs"].items():
        ties = pack["crosswalk"]["ties"]
        print(
            f"no-hint ties ({label}): {ties['queries']} queries end in a tie that includes the right place; "
            f"a random pick would get {ties['random_right']:.0f} right, our tie-breaks get {ties['right']}"
        )
    print("load (fresh process: open the pack + first resolve, which reads its names core; peak memory):")
    for label, pack in report["packs"].items():
        load = pack["load"]
        print(
            f"  {label:6} {pack['places']:6,} places: open {load['load_s']:.2f} s + first resolve "
            f"{load['first_resolve_s']:.2f} s = {load['total_s']:.2f} s, peak {load['peak_rss_mb']:.0f} MB"
        )
    print("non-places (false match = any answer):")
    for label, result in report["non_places"].items():
        shown = ", ".join(f"{q} -> {n}" for q, n, _, _ in result["false_matches"][:8])
        print(f"  {label:9} {result['false_match_rate']:.3f} of {result['strings']}  {shown}")
    print("journalistic spellings of well-known towns:")
    for label, result in report["journalistic"].items():
        shown = ", ".join(f"{q} -> {n}" for q, n in result["missed"][:8])
        print(f"  {label:9} {result['accuracy']:.3f} of {result['queries']}  {shown}")


def _bands_line(bands: Iterable[dict[str, Any]]) -> str:
    return "; ".join(
        f"{b['from']:g}-{b['to']:g}: {b['right']:.2f} of {b['count']}"
        if b["count"]
        else f"{b['from']:g}-{b['to']:g}: -"
        for b in bands
    )


if __name__ == "__main__":
    raise SystemExit(main())
