"""``normalize``: a dask DataFrame with the result columns appended, each partition on its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toponym.dask._workers import check_pack, count_partition, pack_argument, resolver_for
from toponym.tabular import ColumnNotFound
from toponym.tabular.columns import DEFAULT_FIELDS, check_fields, result_columns

if TYPE_CHECKING:
    from os import PathLike

    import dask.dataframe
    import numpy
    import pandas


@dataclass(frozen=True, slots=True)
class _Plan:
    """Everything a partition task needs, small enough to travel in the graph: names, never data."""

    column: str
    admin1_column: str | None
    admin2_column: str | None
    country: str | None
    pack: str
    fields: tuple[str, ...]
    prefix: str


def normalize(
    ddf: dask.dataframe.DataFrame,
    column: str,
    *,
    admin1_column: str | None = None,
    admin2_column: str | None = None,
    country: str | None = None,
    fields: Sequence[str] = DEFAULT_FIELDS,
    gazetteer: str | PathLike[str] | None = None,
    prefix: str | None = None,
) -> dask.dataframe.DataFrame:
    """``ddf`` with ``{prefix}_id, _name, _lat, _lon, _score, _status`` (or the chosen ``fields``)
    appended, as ``toponym.tabular.normalize_dataframe`` appends them; every input column unchanged.

    Lazy, like every dask operation: nothing is resolved until the result is computed or written.
    ``gazetteer`` is a pack path every worker can open (or None: ``toponym.load()``'s choice, made on
    each worker); it is checked on the workers now, so a bad path fails before any partition runs.
    """
    import dask.dataframe as dd
    import numpy as np

    if not isinstance(ddf, dd.DataFrame):
        raise TypeError(f"normalize takes a dask DataFrame, not {type(ddf).__name__}")
    for name in (column, admin1_column, admin2_column):
        if name is not None and name not in ddf.columns:
            raise ColumnNotFound(
                f"column {name!r} not found; columns are: {', '.join(map(str, ddf.columns))}"
            )
    plan = _Plan(
        column=column,
        admin1_column=admin1_column,
        admin2_column=admin2_column,
        country=country,
        pack=pack_argument(gazetteer),
        fields=check_fields(fields),
        prefix=column if prefix is None else prefix,
    )
    check_pack(plan.pack)
    # The result's schema, written out: dask must never guess it by running the function on fake rows.
    empty = result_columns(
        [], prefix=plan.prefix, fields=plan.fields, index=ddf._meta.index, codes=np.empty(0, dtype=np.intp)
    )
    return ddf.map_partitions(_normalize_partition, plan, meta=ddf._meta.assign(**empty))


def _normalize_partition(partition: pandas.DataFrame, plan: _Plan) -> pandas.DataFrame:
    """One partition: each distinct (value, admin1, admin2) looked up once in the worker's resolver
    (resolved there unless an earlier partition met it), its result spread to its rows."""
    context = [name for name in (plan.column, plan.admin1_column, plan.admin2_column) if name is not None]
    codes, firsts = _distinct_rows(partition, context)
    distinct = partition.iloc[firsts]
    resolver = resolver_for(plan.pack, plan.country)
    no_context = [None] * len(distinct)
    resolutions = [
        resolver.resolve(value, admin1, admin2)
        for value, admin1, admin2 in zip(
            _cells(distinct, plan.column) or [],
            _cells(distinct, plan.admin1_column) or no_context,
            _cells(distinct, plan.admin2_column) or no_context,
            strict=True,
        )
    ]
    columns = result_columns(
        resolutions, prefix=plan.prefix, fields=plan.fields, index=partition.index, codes=codes
    )
    count_partition("normalize")
    return partition.assign(**columns)


def _distinct_rows(frame: pandas.DataFrame, names: list[str]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """For each row, the number of its distinct combination of the ``names`` columns, numbered in the
    order of first appearance; and the position of each combination's first row.

    Vectorised (pandas.factorize) so that the per-row cost stays in C; the resolver then sees the
    distinct combinations in the order the rows give them, so results equal a row-by-row pass.
    """
    import numpy as np
    import pandas as pd

    combined = np.zeros(len(frame), dtype=np.intp)
    for name in names:
        codes, uniques = pd.factorize(_as_text(frame[name]), use_na_sentinel=False)
        # Renumbered after each column, so the product stays below rows² and never overflows.
        combined, _ = pd.factorize(combined * (len(uniques) + 1) + codes)
    return combined, np.unique(combined, return_index=True)[1]


def _as_text(column: pandas.Series) -> pandas.Series:
    # Grouped as text, as the resolver reads them: 1, 1.0 and True are equal to pandas but not as text.
    import pandas as pd

    return column if isinstance(column.dtype, pd.StringDtype) else column.astype("string")


def _cells(frame: pandas.DataFrame, name: str | None) -> list[object] | None:
    # As normalize_dataframe cleans them: pd.NA and NaT cannot be compared, so every missing value is None.
    return None if name is None else frame[name].astype(object).where(frame[name].notna(), None).tolist()
