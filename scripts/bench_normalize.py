"""Benchmark `toponym normalize` against a plain csv-module copy of the same messy file, in one run.

    python scripts/bench_normalize.py [--rows 200000] [--gazetteer PACK] [--repeat 3]

Makes an event table like our users' (a BOM, quoted notes with commas, embedded newlines and Arabic,
ragged rows, blank and junk locations, every spelling of the gazetteer's names with Zipf-like
frequencies), then times, as real subprocesses with Python start-up included:
  - copy:      csv.reader -> csv.writer (writerows), utf-8-sig in, utf-8 out;
  - normalize: `python -m toponym normalize FILE -c location --admin1-column admin1 -o OUT --quiet`.
Each is run --repeat times, interleaved; the ratio of the medians is the figure (the machines are
shared and noisy, so only ratios from the same run mean anything). Peak memory (max RSS) is measured
at a quarter of the rows and at all of them: streaming means it must not grow with the row count.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

COPY_CODE = """
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as source, \\
        open(sys.argv[2], "w", encoding="utf-8", newline="") as sink:
    csv.writer(sink).writerows(csv.reader(source))
"""
# An event table laid out like the conflict-event exports our users work with (ACLED-style columns).
HEADER = [
    "event_id",
    "event_date",
    "year",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "source",
    "notes",
    "fatalities",
]
EVENT_TYPES = [
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Battles", "Armed clash"),
    ("Protests", "Peaceful protest"),
    ("Violence against civilians", "Attack"),
    ("Strategic developments", "Looting/property destruction"),
]
ACTORS = [
    "Military Forces of Syria (2000-)",
    "SDF: Syrian Democratic Forces",
    "HTS: Hayat Tahrir al Sham",
    "Unidentified Armed Group (Syria)",
    "Military Forces of Russia (2000-)",
    "Military Forces of Turkey (2016-)",
    "",
]
SOURCES = ["SANA", "SOHR", "Enab Baladi", "North Press Agency", "Local source; SOHR", "Step News Agency"]
NOTES = [
    "On {d}, regime forces shelled {p} and its surroundings with heavy artillery and rocket launchers. "
    "No casualties were reported. [size=no report]",
    'On {d}, clashes erupted near {p} between two armed groups, "heavy" according to local sources; '
    "two fighters were reportedly killed and several injured.",
    "في {d}، قصف مدفعي على {p} وأطرافها من قبل قوات النظام، دون ورود أنباء عن إصابات.",
    "On {d}, an IED exploded on the road out of {p}. Reported by two sources.\n"
    "One says the market was hit, the other says the school; fatalities unknown.",
    "On {d}, around 50 people demonstrated in {p}, demanding the release of detainees and better services.",
]
JUNK = ["unknown", "N/A", "near the border", "?", "various locations", "Syria"]


@dataclass(frozen=True)
class Timing:
    seconds: list[float]
    peak_rss_mb: float

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--gazetteer", type=Path, help="pack to use (default: toponym's default gazetteer)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--keep", type=Path, help="write the files here instead of a temporary directory")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.keep or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        full, quarter, tiny = (
            workdir / "events.csv",
            workdir / "events_quarter.csv",
            workdir / "events_tiny.csv",
        )
        # Generated in a child process: this one must stay small, because a child's peak RSS counts
        # the memory of the parent it was forked from.
        spawn = multiprocessing.get_context("spawn")
        with spawn.Pool(1) as pool:
            spellings, places = pool.apply(
                write_inputs,
                (args.gazetteer, args.seed, [(full, args.rows), (quarter, args.rows // 4), (tiny, 10)]),
            )
        print(
            f"input: {args.rows:,} rows, {full.stat().st_size / 1e6:.1f} MB, {len(HEADER)} columns, "
            f"{spellings:,} location spellings; gazetteer: {places:,} places"
        )
        toponym = [sys.executable, "-m", "toponym", "normalize", "--quiet"]
        toponym += ["--gazetteer", str(args.gazetteer)] if args.gazetteer else []
        normalize = [*toponym, "-c", "location", "--admin1-column", "admin1"]
        copy = [sys.executable, "-c", COPY_CODE]

        out = workdir / "out.csv"
        copy_runs, normalize_runs = [], []
        for _ in range(args.repeat):
            copy_runs.append(run([*copy, str(full), str(out)]))
            normalize_runs.append(run([*normalize, str(full), "-o", str(out)]))
        check_rows(full, out)
        summary = run([*normalize, str(full), "-o", str(out), "--report", str(workdir / "report.csv")])[0]
        distinct = count_records(workdir / "report.csv", "utf-8") - 1
        startup = run([*normalize, str(tiny), "-o", str(out)])[0]
        # The same stream with one distinct value (the country column): start-up + streaming, no matching.
        one_value = run([*toponym, "-c", "country", str(full), "-o", str(out)])[0]
        quarter_rss = run([*normalize, str(quarter), "-o", str(out)])[1]
        copy_timing = Timing([s for s, _ in copy_runs], max(m for _, m in copy_runs))
        normalize_timing = Timing([s for s, _ in normalize_runs], max(m for _, m in normalize_runs))

    ratio = normalize_timing.median / copy_timing.median
    print(f"copy (csv module):    median {copy_timing.median:6.2f}s  runs {fmt(copy_timing.seconds)}")
    print(
        f"toponym normalize:    median {normalize_timing.median:6.2f}s  runs {fmt(normalize_timing.seconds)}"
    )
    print(f"ratio normalize/copy: {ratio:.2f}x (goal <= 2x at 200,000 rows, <= 1.3x at 2,000,000)")
    print(f"where the time goes (single runs, {distinct:,} distinct (value, admin1) in the report):")
    print(f"  start-up: Python, gazetteer load, name index (10-row file)  {startup:6.2f}s")
    print(f"  streaming {args.rows:,} rows: one-value column minus start-up  {one_value - startup:6.2f}s")
    print(f"  resolving the distinct values: location run minus one-value run  {summary - one_value:6.2f}s")
    print(
        f"peak RSS: normalize {quarter_rss:.0f} MB at {args.rows // 4:,} rows, "
        f"{normalize_timing.peak_rss_mb:.0f} MB at {args.rows:,} rows; copy {copy_timing.peak_rss_mb:.0f} MB"
    )


def write_inputs(pack: Path | None, seed: int, files: list[tuple[Path, int]]) -> tuple[int, int]:
    """Write each (path, rows) event file from the gazetteer's names; (spellings, places) for the record."""
    import toponym

    gazetteer = toponym.load(pack)
    spellings = messy_spellings(gazetteer, random.Random(seed))
    for path, rows in files:
        write_events(path, rows, spellings, random.Random(seed))
    return len(spellings), len(gazetteer)


def messy_spellings(gazetteer: object, rng: random.Random) -> list[tuple[str, str]]:
    """(location, admin1) pairs as people type them: names of the gazetteer's places, mangled."""
    places = [p for p in gazetteer if p.country in (None, "SY")] or list(gazetteer)  # type: ignore[attr-defined]
    rng.shuffle(places)
    spellings = []
    for place in places[:1500]:
        names = [n.text for n in place.names] or [place.name]
        for text in rng.sample(names, min(3, len(names))):
            spellings.append((mangle(text, rng), place.admin1 or "" if rng.random() < 0.7 else ""))
    spellings += [(junk, "") for junk in JUNK]
    rng.shuffle(spellings)
    return spellings


def mangle(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.15:
        return text.upper()
    if roll < 0.25:
        return f"  {text} "
    if roll < 0.35:
        return text.replace("-", " ").replace("al ", "al-")
    if roll < 0.45 and len(text) > 4:
        cut = rng.randrange(1, len(text) - 1)
        return text[:cut] + text[cut + 1 :]  # a typo: one letter dropped
    return text


def write_events(path: Path, rows: int, spellings: list[tuple[str, str]], rng: random.Random) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:  # with a BOM, as Excel saves it
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(event_rows(rows, spellings, rng))


def event_rows(rows: int, spellings: list[tuple[str, str]], rng: random.Random) -> Iterator[list[str]]:
    """``rows`` event rows under HEADER: Zipf-distributed spellings, 4% blank locations, a few ragged rows."""
    weights = [1 / (rank + 1) for rank in range(len(spellings))]  # Zipf: a few places dominate
    chosen = rng.choices(spellings, weights=weights, k=rows)
    for number, (location, admin1) in enumerate(chosen, start=1):
        if rng.random() < 0.04:
            location = ""
        date = f"2017-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        event_type, sub_event_type = rng.choice(EVENT_TYPES)
        row = [
            f"SYR{number}",
            date,
            "2017",
            event_type,
            sub_event_type,
            rng.choice(ACTORS),
            rng.choice(ACTORS),
            "Syria",
            admin1,
            "",
            location,
            "",
            "",
            rng.choice(SOURCES),
            rng.choice(NOTES).format(d=date, p=location.strip() or "the area"),
            str(rng.choice((0, 0, 0, 1, 2, 5))),
        ]
        if rng.random() < 0.001:
            row = row[:12]  # ragged: a truncated export line
        yield row


def run(command: list[str]) -> tuple[float, float]:
    """Wall-clock seconds and peak RSS (MB) of one subprocess."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def check_rows(source: Path, output: Path) -> None:
    if count_records(source, "utf-8-sig") != count_records(output, "utf-8"):
        raise SystemExit("the output does not have as many rows as the input")


def count_records(path: Path, encoding: str) -> int:
    with open(path, encoding=encoding, newline="") as handle:
        return sum(1 for _ in csv.reader(handle))


def fmt(values: list[float]) -> str:
    return " ".join(f"{value:.2f}" for value in values)


if __name__ == "__main__":
    main()
