"""Benchmark `toponym normalize` on the same event table as CSV, .xlsx and Parquet, in one run.

    python scripts/bench_formats.py [--rows 100000] [--formats csv,xlsx,parquet] [--gazetteer PACK] [--repeat 3]

The table is bench_normalize.py's (ACLED-like columns, Zipf-distributed messy spellings), written once
as CSV, then as a one-sheet workbook (openpyxl) and as a Parquet file (pyarrow, row groups of 16,384
rows). Each format is normalised --repeat times as a real subprocess, interleaved, and the figure is
the median's ratio to CSV's, measured in the same run (the machines are shared and noisy). Peak memory
(max RSS) of the Parquet run is measured at a quarter of the rows and at all of them: it streams by
batch, so it must not grow with the row count; a workbook is loaded whole by openpyxl, so it does.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import statistics
import sys
import tempfile
from pathlib import Path

from bench_normalize import run, write_inputs

FORMATS = ("csv", "xlsx", "parquet")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--gazetteer", type=Path, help="pack to use (default: toponym's default gazetteer)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="which of csv,xlsx,parquet (csv always)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    chosen = ["csv", *(name for name in args.formats.split(",") if name in FORMATS and name != "csv")]

    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        full, quarter = workdir / "events.csv", workdir / "events_quarter.csv"
        # Generated and converted in a child process: a child's peak RSS counts its parent's memory.
        spawn = multiprocessing.get_context("spawn")
        with spawn.Pool(1) as pool:
            pool.apply(
                write_inputs, (args.gazetteer, args.seed, [(full, args.rows), (quarter, args.rows // 4)])
            )
            for source in (full, quarter):
                pool.apply(convert, (source, chosen))
        toponym = [sys.executable, "-m", "toponym", "normalize", "--quiet"]
        toponym += ["--gazetteer", str(args.gazetteer)] if args.gazetteer else []
        normalize = [*toponym, "-c", "location", "--admin1-column", "admin1"]
        seconds: dict[str, list[float]] = {name: [] for name in FORMATS}
        peak: dict[str, float] = {}
        for _ in range(args.repeat):
            for name in chosen:
                elapsed, rss = run(
                    [*normalize, str(full.with_suffix(f".{name}")), "-o", str(workdir / f"out.{name}")]
                )
                seconds[name].append(elapsed)
                peak[name] = max(peak.get(name, 0.0), rss)
        # Peak memory at a quarter of the rows, to compare with the full runs' above.
        quarter_peak = {
            name: run([*normalize, str(quarter.with_suffix(f".{name}")), "-o", str(workdir / f"q.{name}")])[1]
            for name in chosen
            if name != "xlsx"
        }
        sizes = {name: full.with_suffix(f".{name}").stat().st_size / 1e6 for name in chosen}

    csv_median = statistics.median(seconds["csv"])
    print(f"{args.rows:,} rows; medians of {args.repeat} interleaved runs, start-up included")
    print("format    size MB   median s   rows/s    ratio to csv   peak RSS MB")
    for name in chosen:
        median = statistics.median(seconds[name])
        print(
            f"{name:<8} {sizes[name]:8.1f} {median:10.2f} {args.rows / median:9,.0f} "
            f"{median / csv_median:13.2f}x {peak[name]:12.0f}"
        )
    for name, rss in quarter_peak.items():
        print(
            f"{name} peak RSS: {rss:.0f} MB at {args.rows // 4:,} rows, {peak[name]:.0f} MB at {args.rows:,}"
        )


def convert(source: Path, formats: list[str]) -> None:
    """Write ``source`` (a CSV with a BOM) again as .xlsx (if in ``formats``) and .parquet beside it,
    every cell as text."""
    import openpyxl
    import pyarrow as pa
    import pyarrow.parquet as pq

    with open(source, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    if "xlsx" in formats:
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("events")
        for row in rows:
            sheet.append(row)
        book.save(source.with_suffix(".xlsx"))
    width = len(header)
    columns = {name: [row[at] if at < len(row) else None for row in body] for at, name in enumerate(header)}
    assert len(columns) == width
    pq.write_table(pa.table(columns), source.with_suffix(".parquet"), row_group_size=16_384)


if __name__ == "__main__":
    main()
