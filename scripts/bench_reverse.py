"""Benchmark ``Gazetteer.reverse`` (coordinates to governorate, district and nearest settlement) against
a naive loop over every settlement and every district polygon, in one run, on one core.

    python scripts/bench_reverse.py [--gazetteer PACK|embedded] [--shared DIR] [--points 100000]
                                    [--naive-points 300] [--repeat 3] [--json]

The points are what a 4W table holds: OCHA's community coordinates (``../shared/data/ocha-cod-syria-
2015/syr_admin4_point.geojson``), each moved by up to 0.02 degrees (2 km) at random, and one in twenty
drawn anywhere in Syria's bounding box (the desert, the neighbours), seeded, cycled to --points.

- first:  the first reverse of a fresh gazetteer: reading the outlines and making the grids;
- first pass: ``gaz.reverse(lat, lon)`` (limit 1) over the points, on a gazetteer that has answered
          one reverse only (each round makes a fresh one): every small cell is new;
- warm:   the same points again (the nearest settlement comes from each cell's candidates by then);
- naive:  for each of --naive-points points, the nearest settlement by a haversine to every one and the
          district by shapely's ``contains_xy`` against every district polygon (prepared): what a
          script without an index does.

Lookups/s are CPU time (``time.process_time``: the machine is shared); the ratio ours/naive is taken
within one round and the median over --repeat rounds printed. Goal: >= 50,000 lookups/s (first pass).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

import shapely

import toponym
from toponym.gazetteer import Gazetteer
from toponym.geo import haversine_km
from toponym.reverse import SETTLEMENT_KINDS

REPO = Path(__file__).resolve().parent.parent
TARGET_PER_SECOND = 50_000
_BOX = ((32.3, 37.4), (35.6, 42.4))  # Syria's bounding box, lat and lon


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gazetteer", default="embedded")
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--naive-points", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    points = _points(Path(args.shared), args.points)
    started = time.process_time()
    gazetteer = toponym.load(args.gazetteer)
    gazetteer.reverse(*points[0])
    first_s = time.process_time() - started
    settlements = [
        (p.lat, p.lon)
        for p in gazetteer
        if p.country == "SY" and p.kind in SETTLEMENT_KINDS and p.lat is not None
    ]
    districts = [o.geometry for o in gazetteer.outlines() if o.level == "district"]
    shapely.prepare(districts)

    rounds = []
    for _ in range(args.repeat):
        fresh = Gazetteer(core=gazetteer.core, path=gazetteer.path)  # its own reverse geocoder
        fresh.reverse(*points[0])
        started = time.process_time()
        statuses = [fresh.reverse(lat, lon).status for lat, lon in points]
        ours = len(points) / (time.process_time() - started)
        started = time.process_time()
        for lat, lon in points:
            fresh.reverse(lat, lon)
        warm = len(points) / (time.process_time() - started)
        naive_points = points[:: max(1, len(points) // args.naive_points)][: args.naive_points]
        started = time.process_time()
        for lat, lon in naive_points:
            min(haversine_km(lat, lon, s_lat, s_lon) for s_lat, s_lon in settlements)
            next((i for i, d in enumerate(districts) if shapely.contains_xy(d, lon, lat)), None)
        naive = len(naive_points) / (time.process_time() - started)
        rounds.append({"ours_per_s": ours, "warm_per_s": warm, "naive_per_s": naive, "ratio": ours / naive})
    figures = {
        "points": len(points),
        "inside": statuses.count("inside"),
        "outside": statuses.count("outside"),
        "swapped": statuses.count("swapped"),
        "settlements": len(settlements),
        "districts": len(districts),
        "first_reverse_s": round(first_s, 3),
        "ours_per_s": round(statistics.median(r["ours_per_s"] for r in rounds)),
        "ours_per_s_range": [
            round(min(r["ours_per_s"] for r in rounds)),
            round(max(r["ours_per_s"] for r in rounds)),
        ],
        "warm_per_s": round(statistics.median(r["warm_per_s"] for r in rounds)),
        "naive_per_s": round(statistics.median(r["naive_per_s"] for r in rounds)),
        "ratio": round(statistics.median(r["ratio"] for r in rounds), 1),
        "target_per_s": TARGET_PER_SECOND,
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(
            f"{figures['points']:,} points ({figures['inside']:,} inside, {figures['outside']:,} outside, "
            f"{figures['swapped']:,} swapped); {figures['settlements']:,} settlements, {figures['districts']} districts\n"
            f"first reverse (outlines read, grids made): {figures['first_reverse_s']:.2f} s CPU\n"
            f"first pass: {figures['ours_per_s']:,} lookups/s (range {figures['ours_per_s_range'][0]:,}-"
            f"{figures['ours_per_s_range'][1]:,} over {args.repeat} rounds); warm: {figures['warm_per_s']:,}/s\n"
            f"naive: {figures['naive_per_s']:,} lookups/s; first pass/naive {figures['ratio']}x\n"
            f"goal >= {TARGET_PER_SECOND:,}/s: {'met' if figures['ours_per_s'] >= TARGET_PER_SECOND else 'not met'}"
        )
    return 0


def _points(shared: Path, count: int) -> list[tuple[float, float]]:
    path = shared / "data" / "ocha-cod-syria-2015" / "syr_admin4_point.geojson"
    features = json.loads(path.read_bytes().decode("utf-8", errors="replace"))["features"]
    rng = random.Random(2026)
    points = []
    for feature in features:
        p = feature["properties"]
        points.append((p["LATITUDE"] + rng.uniform(-0.02, 0.02), p["LONGITUDE"] + rng.uniform(-0.02, 0.02)))
        if rng.random() < 1 / 19:
            points.append((rng.uniform(*_BOX[0]), rng.uniform(*_BOX[1])))
    rng.shuffle(points)
    return [points[i % len(points)] for i in range(count)]


if __name__ == "__main__":
    sys.exit(main())
