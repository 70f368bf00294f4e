"""Normalising place-name columns and extracting place mentions on Dask, past one machine.

``pip install 'toponym[dask]'``. The same results as ``toponym.tabular.normalize_dataframe`` and
``Gazetteer.extract``, computed partition by partition on a dask cluster (a laptop's LocalCluster,
dask-jobqueue, Kubernetes, a cloud)::

    import dask.dataframe as dd
    import toponym.dask

    events = dd.read_parquet("events/")
    geo = toponym.dask.normalize(events, "location", admin1_column="admin1", gazetteer="/shared/syria.db")
    geo.to_parquet("events_geo/")
    bodies = dd.read_parquet("articles/").set_index("article_id")["body"]
    toponym.dask.extract(bodies, gazetteer="/shared/syria.db").to_parquet("mentions/")

Only the pack path travels in the task graph: each worker process opens the pack once and keeps it
for all its tasks, so ``gazetteer=`` is a path every worker can open (shared storage, or a pack
shipped with the workers' environment), never a loaded ``Gazetteer``. Each partition resolves each
distinct (value, admin1, admin2) once. The modules: ``_tables`` (``normalize``), ``_texts``
(``extract``), ``_workers`` (the per-process gazetteers, the pack check and
``worker_stats``).
"""

from __future__ import annotations

try:
    import dask.bag
    import dask.dataframe  # noqa: F401
except ImportError as error:  # an optional extra: say how to get it
    raise ImportError("toponym.dask needs dask: pip install 'toponym[dask]'") from error

from toponym.dask._tables import normalize
from toponym.dask._texts import MENTION_COLUMNS, MentionStatus, extract
from toponym.dask._workers import PackNotPath, WorkerStats, worker_stats

__all__ = [
    "MENTION_COLUMNS",
    "MentionStatus",
    "PackNotPath",
    "WorkerStats",
    "extract",
    "normalize",
    "worker_stats",
]
