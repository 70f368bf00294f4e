"""What a worker process keeps between tasks: the gazetteers it opened, by pack path, and counts.

Only the pack path travels in the task graph. A loaded gazetteer (tens of MB of places and a name
index) pickled into every task would cost more than the work; opened here, once per worker process
under a lock, it serves every task and every thread of that worker.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from dataclasses import dataclass

import toponym
from toponym.errors import PackError, ToponymError
from toponym.gazetteer import Gazetteer
from toponym.tabular import CachedResolver

# The default choice of toponym.load() ($TOPONYM_GAZETTEER, a fetched pack, the embedded default),
# made by each worker for itself.
DEFAULT_PACK = ""

# How many distinct (value, admin1, admin2) a worker keeps resolved for the partitions to come (each
# takes a few hundred bytes); past it, it starts afresh, so memory stays bounded whatever the values.
RESOLVED_LIMIT = 200_000

_lock = threading.Lock()
_opened: dict[str, Gazetteer] = {}
_resolvers: dict[tuple[str, str | None], CachedResolver] = {}
_loads: Counter[str] = Counter()
_partitions: Counter[str] = Counter()


class PackNotPath(ToponymError, TypeError):
    """``gazetteer=`` was not a pack path: the workers must open the pack themselves."""


@dataclass(frozen=True, slots=True)
class WorkerStats:
    """What one process did: how often it opened each pack ("" = the default), how many partitions
    it processed, by kind ("normalize", "extract"), and how many distinct values it holds resolved."""

    pid: int
    loads: dict[str, int]
    partitions: dict[str, int]
    resolved: int  # distinct (value, admin1, admin2) it holds resolved


def pack_argument(gazetteer: object) -> str:
    """The pack path as it travels in the graph ("" for the default), or ``PackNotPath``."""
    if gazetteer is None:
        return DEFAULT_PACK
    if isinstance(gazetteer, (str, os.PathLike)):
        path = os.fspath(gazetteer)
        if isinstance(path, str) and path.strip():
            return path
    if isinstance(gazetteer, Gazetteer):
        hint = (
            f"gazetteer={str(gazetteer.path)!r}"
            if gazetteer.path
            else "the path of the pack it was loaded from"
        )
        raise PackNotPath(
            "gazetteer= takes a pack path, not a loaded Gazetteer: a loaded one would be copied into every "
            f"task; pass {hint} and each worker opens the pack once"
        )
    raise PackNotPath(f"gazetteer= takes a pack path (str or Path) or None, not {gazetteer!r}")


def gazetteer_for(pack: str) -> Gazetteer:
    """The gazetteer of ``pack`` ("" = the default), opened on first use in this process."""
    gazetteer = _opened.get(pack)
    if gazetteer is None:
        with _lock:
            gazetteer = _opened.get(pack)
            if gazetteer is None:
                gazetteer = toponym.load(pack or None)
                _opened[pack] = gazetteer
                _loads[pack] += 1
    return gazetteer


def resolver_for(pack: str, country: str | None) -> CachedResolver:
    """This process's resolver for ``pack`` and ``country``: a value met in an earlier partition is
    not resolved again, as ``toponym normalize`` resolves each distinct value once per run."""
    gazetteer = gazetteer_for(pack)  # outside the lock, which it takes itself
    with _lock:
        resolver = _resolvers.get((pack, country))
        if resolver is None or len(resolver) > RESOLVED_LIMIT:
            resolver = _resolvers[pack, country] = CachedResolver(gazetteer, country=country)
        return resolver


def count_partition(kind: str) -> None:
    with _lock:
        _partitions[kind] += 1


def worker_stats() -> WorkerStats:
    """This process's counts: run it on every worker with ``client.run(toponym.dask.worker_stats)``."""
    with _lock:
        resolved = sum(len(resolver) for resolver in _resolvers.values())
        return WorkerStats(os.getpid(), dict(_loads), dict(_partitions), resolved)


def open_here(pack: str) -> str | None:
    """Open ``pack`` in this process: None if it opens, else why not (sent back to the client)."""
    try:
        gazetteer_for(pack)
    except (ToponymError, OSError) as error:
        return str(error) or type(error).__name__
    return None


def check_pack(pack: str) -> None:
    """Raise ``PackError`` naming ``pack`` unless every worker can open it, before any task runs.

    With a dask.distributed client, each of its workers opens the pack (which it keeps for the tasks
    to come); with a local scheduler, this process does. A worker that joins later opens the pack
    with its first task and fails there if it cannot.
    """
    shown = repr(pack) if pack else "the default gazetteer (toponym.load() on each worker)"
    failures = _run_on_workers(pack)
    if failures:
        where, why = next(iter(failures.items()))
        more = f" (and on {len(failures) - 1} other workers)" if len(failures) > 1 else ""
        raise PackError(f"the workers cannot open the gazetteer pack {shown}: on {where}{more}: {why}")


def _run_on_workers(pack: str) -> dict[str, str]:
    try:
        from distributed import default_client

        client = default_client()
    except (ImportError, ValueError):  # no distributed client: the tasks run in this process
        why = open_here(pack)
        return {} if why is None else {"this process": why}
    answers = client.run(open_here, pack)
    return {worker: why for worker, why in answers.items() if why is not None}
