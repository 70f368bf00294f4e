"""Benchmark toponym.dask on a LocalCluster against the single-process path, on one Parquet table, in one run.

    python scripts/bench_dask.py [--rows 20000000] [--partitions 40] [--workers 2] [--gazetteer PACK]

Writes the event table of bench_normalize.py (the same messy spellings with Zipf frequencies, blank
and junk locations, Arabic notes; every cell text, as read from a CSV export) as --partitions Parquet
files, then runs, each path reading and writing the same files:
  - single:  one process, file by file: pandas.read_parquet -> normalize_dataframe -> to_parquet;
  - dask, 1: the toponym.dask code in one process (scheduler="sync"), which tells the cost of that
             code from the cluster's parallelism;
  - cluster: a LocalCluster of --workers processes of one thread each: dd.read_parquet ->
             toponym.dask.normalize -> to_parquet;
  - copy:    the same read -> to_parquet without normalising, in one process and on the cluster: the
             I/O every path pays.
Each timing includes opening the gazetteer (once per process); the cluster's start-up is reported
apart. The single-process paths run in spawned children, so that their peak memory is their own; CPU
seconds (user + system, summed over the processes doing the work) and "cores" (CPU seconds per
second) show how much of the machine each path had, since the machines are shared: a cluster of 2
that gets less than 2 cores was competing with other work (the load averages are printed too).
Peak memory per worker is also measured on a fresh cluster over a quarter of the files: it must not
grow with the row count. Task overhead is the time per task of a graph of as many no-op tasks. The
single process's and the cluster's outputs are compared.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench_normalize import HEADER, event_rows, messy_spellings

COLUMN, ADMIN1 = "location", "admin1"
RESULTS = [f"{COLUMN}_{suffix}" for suffix in ("id", "name", "lat", "lon", "score", "status")]


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system, summed over the processes that did the work
    peak_rss_mb: tuple[float, ...]  # per process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--partitions", type=int, default=40, help="Parquet files, one partition each")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the LocalCluster")
    parser.add_argument("--gazetteer", type=Path, help="pack to use (default: toponym's default gazetteer)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--keep", type=Path, help="write the files here instead of a temporary directory")
    args = parser.parse_args()
    pack = str(args.gazetteer.resolve()) if args.gazetteer else None

    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.keep or Path(scratch)
        inputs = workdir / "events"
        inputs.mkdir(parents=True)
        # Derived files (the embedded default kept as a pack) in a cache of our own, inherited by every
        # child and worker: a toponym of other code on the machine replaces the shared cache's pack.
        os.environ["TOPONYM_CACHE_DIR"] = str(workdir / "cache")
        started = time.perf_counter()
        spellings = write_table(inputs, args.rows, args.partitions, args.workers, pack, args.seed)
        megabytes = sum(path.stat().st_size for path in inputs.iterdir()) / 1e6
        print(
            f"input: {args.rows:,} rows in {args.partitions} Parquet files, {megabytes:,.0f} MB, "
            f"{len(HEADER)} columns, {spellings:,} location spellings; written in "
            f"{time.perf_counter() - started:.0f}s; load average {load()}"
        )
        files = sorted(inputs.iterdir(), key=lambda path: int(path.stem.split(".")[1]))

        single = in_child(run_single, files, workdir / "single", pack, True)
        copy_single = in_child(run_single, files, workdir / "copy", pack, False)
        shutil.rmtree(workdir / "copy")
        dask_one = in_child(run_dask_in_process, inputs, workdir / "dask_one", pack)
        shutil.rmtree(workdir / "dask_one")
        print(f"single-process runs done; load average {load()}")
        cluster = run_cluster(args.workers, inputs, workdir, pack, quarter=False)
        print(f"cluster runs done; load average {load()}")
        quarter = run_cluster(args.workers, inputs, workdir, pack, quarter=True)
        compare(files, workdir / "single", workdir / "cluster")

    rows = args.rows
    print(f"{'path':44} {'seconds':>8} {'rows/s':>10} {'CPU s':>7} {'cores':>5}  peak RSS MB")
    report("single process, normalize_dataframe", single, rows)
    report("single process, toponym.dask code (sync)", dask_one, rows)
    report("single process, copy (read + write)", copy_single, rows)
    report(f"cluster of {args.workers}, toponym.dask", cluster["normalize"], rows)
    report(f"cluster of {args.workers}, copy (read + write)", cluster["copy"], rows)
    seconds = cluster["normalize"].seconds
    print(
        f"ratio cluster / single process (normalize_dataframe): {single.seconds / seconds:.2f}x (goal >= 1.6x)"
    )
    print(f"ratio cluster / single process (same toponym.dask code): {dask_one.seconds / seconds:.2f}x")
    print(
        f"cluster start-up {cluster['startup']:.1f}s (not in the timings); task overhead "
        f"{cluster['overhead_ms']:.1f} ms per task ({args.partitions} no-op tasks); checking and opening "
        f"the gazetteer on the workers {cluster['check']:.1f}s (in the timing)"
    )
    print(
        f"peak RSS per worker: {fmt(quarter['normalize'].peak_rss_mb)} MB over a quarter of the rows "
        f"({rows // 4:,}), {fmt(cluster['normalize'].peak_rss_mb)} MB over all {rows:,}"
    )
    print("the single-process and cluster results are identical")


def write_table(folder: Path, rows: int, partitions: int, processes: int, pack: str | None, seed: int) -> int:
    """The event table as ``partitions`` Parquet files, written in parallel; the number of spellings."""
    sizes = [rows // partitions] * partitions
    sizes[-1] += rows - sum(sizes)
    jobs = [(folder / f"part.{i}.parquet", pack, seed, i, sum(sizes[:i]), n) for i, n in enumerate(sizes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        return pool.starmap(write_partition, jobs)[0]


def write_partition(path: Path, pack: str | None, seed: int, number: int, first: int, rows: int) -> int:
    """One Parquet file of ``rows`` events, numbered from ``first``; the number of spellings drawn from."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    import toponym

    spellings = messy_spellings(toponym.load(pack), random.Random(seed))
    columns: list[list[str | None]] = [[] for _ in HEADER]
    for row in event_rows(rows, spellings, random.Random(f"{seed}-{number}")):
        for column, cell in zip(columns, row, strict=False):
            column.append(cell)
        for column in columns[len(row) :]:  # a ragged row: its missing cells are missing
            column.append(None)
    columns[0] = [f"SYR{first + i + 1}" for i in range(rows)]  # event ids unique across the files
    arrays = {name: pa.array(cells, type=pa.string()) for name, cells in zip(HEADER, columns, strict=True)}
    pq.write_table(pa.table(arrays), path)
    return len(spellings)


def in_child(function: Callable[..., Run], *args: Any) -> Run:
    """Run in a fresh spawned process: its peak memory is its own, not this one's."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def run_single(files: list[Path], output: Path, pack: str | None, normalize: bool) -> Run:
    """File by file in this process: read, normalize_dataframe (or nothing), write."""
    import pandas as pd

    import toponym
    from toponym.tabular import normalize_dataframe

    output.mkdir()
    started, cpu = time.perf_counter(), cpu_seconds()
    gazetteer = toponym.load(pack) if normalize else None
    for path in files:
        frame = pd.read_parquet(path)
        if gazetteer is not None:
            frame = normalize_dataframe(frame, COLUMN, admin1_column=ADMIN1, gazetteer=gazetteer)
        frame.to_parquet(output / path.name, index=False)
    return Run(time.perf_counter() - started, cpu_seconds() - cpu, (peak_rss_mb(),))


def run_dask_in_process(inputs: Path, output: Path, pack: str | None) -> Run:
    import dask.dataframe as dd

    import toponym.dask

    started, cpu = time.perf_counter(), cpu_seconds()
    events = dd.read_parquet(inputs)
    result = toponym.dask.normalize(events, COLUMN, admin1_column=ADMIN1, gazetteer=pack)
    result.to_parquet(output, write_index=False, compute_kwargs={"scheduler": "sync"})
    return Run(time.perf_counter() - started, cpu_seconds() - cpu, (peak_rss_mb(),))


def run_cluster(workers: int, inputs: Path, workdir: Path, pack: str | None, *, quarter: bool) -> dict:
    """On a fresh LocalCluster: start-up, a copy, normalize (peak RSS per worker), task overhead."""
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    import toponym.dask

    started = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        results: dict[str, Any] = {"startup": time.perf_counter() - started}
        events = dd.read_parquet(inputs)
        if quarter:
            events = events.partitions[: max(1, events.npartitions // 4)]
        else:
            results["copy"] = on_cluster(
                client, lambda: events.to_parquet(workdir / "copy", write_index=False)
            )
            shutil.rmtree(workdir / "copy")

        def normalize() -> None:
            checked = time.perf_counter()
            result = toponym.dask.normalize(events, COLUMN, admin1_column=ADMIN1, gazetteer=pack)
            results["check"] = time.perf_counter() - checked
            result.to_parquet(workdir / ("quarter" if quarter else "cluster"), write_index=False)

        results["normalize"] = on_cluster(client, normalize)
        started = time.perf_counter()
        client.gather(client.map(no_op, range(events.npartitions), pure=False))
        results["overhead_ms"] = (time.perf_counter() - started) / events.npartitions * 1000
    return results


def on_cluster(client: Any, work: Callable[[], None]) -> Run:
    """Wall time of ``work``, the CPU it took on the workers and this process (the scheduler), and the
    workers' peak RSS."""
    before = sum(client.run(cpu_seconds).values()) + cpu_seconds()
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    cpu = sum(client.run(cpu_seconds).values()) + cpu_seconds() - before
    return Run(seconds, cpu, tuple(sorted(client.run(peak_rss_mb).values())))


def compare(files: list[Path], single: Path, cluster: Path) -> None:
    """The result columns of both outputs, file by file (dask names its files part.N, as we do)."""
    import pandas as pd

    for path in files:
        ours = pd.read_parquet(single / path.name, columns=RESULTS)
        theirs = pd.read_parquet(cluster / path.name, columns=RESULTS)
        pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)


def report(label: str, run: Run, rows: int) -> None:
    print(
        f"{label:44} {run.seconds:8.1f} {rows / run.seconds:10,.0f} {run.cpu_seconds:7.1f} "
        f"{run.cpu_seconds / run.seconds:5.2f}  {fmt(run.peak_rss_mb)}"
    )


def no_op(number: int) -> int:
    return number


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def fmt(values: tuple[float, ...]) -> str:
    return " / ".join(f"{value:.0f}" for value in values)


if __name__ == "__main__":
    main()
