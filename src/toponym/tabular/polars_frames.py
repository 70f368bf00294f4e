"""The Polars helper (``normalize_polars``): a Polars DataFrame with the result columns appended, as
``normalize_dataframe`` appends them to a pandas one, each distinct (value, admin1, admin2) resolved
once. The columns' types come from the table of result fields (``columns.FIELDS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from toponym.gazetteer import Gazetteer
from toponym.tabular.columns import DEFAULT_FIELDS, FIELDS, check_fields
from toponym.tabular.decisions import DecisionsSource
from toponym.tabular.extras import optional_import
from toponym.tabular.resolution import Resolution
from toponym.tabular.values import CachedResolver, require_columns

if TYPE_CHECKING:
    import polars


def normalize_polars(
    frame: polars.DataFrame,
    column: str,
    *,
    admin1_column: str | None = None,
    admin2_column: str | None = None,
    country: str | None = None,
    gazetteer: Gazetteer | None = None,
    prefix: str | None = None,
    fields: Sequence[str] = DEFAULT_FIELDS,
    decisions: DecisionsSource | None = None,
) -> polars.DataFrame:
    """``frame`` with ``{prefix}_id, _name, _lat, _lon, _score, _status`` (or the chosen ``fields``)
    appended (``prefix`` defaults to ``column``; existing columns of those names are replaced).
    ``decisions`` as for ``normalize_dataframe``.

    Needs polars (``pip install 'toponym[polars]'``). Numbers (lat, lon, score) are Float64, the other
    fields Utf8; null where unknown. Cells are read as text (a number as its digits); null is blank.
    """
    pl = optional_import("polars", needed_for="normalize_polars")
    if not isinstance(frame, pl.DataFrame):
        raise TypeError(f"normalize_polars takes a polars DataFrame, not {type(frame).__name__}")
    chosen = check_fields(fields)
    require_columns(frame.columns, column, admin1_column, admin2_column)

    def cells(name: str | None) -> list[str | None]:
        if name is None:
            return [None] * frame.height
        return frame.get_column(name).cast(pl.Utf8).to_list()

    # Each distinct raw (value, admin1, admin2) numbered in order of first appearance and resolved
    # once; every row then takes its number's resolution.
    resolver = CachedResolver(gazetteer, country=country, decisions=decisions)
    numbers: dict[tuple[str | None, str | None, str | None], int] = {}
    resolutions: list[Resolution] = []
    codes: list[int] = []
    for key in zip(cells(column), cells(admin1_column), cells(admin2_column), strict=True):
        number = numbers.get(key)
        if number is None:
            number = numbers[key] = len(resolutions)
            resolutions.append(resolver.resolve(*key, column=column))
        codes.append(number)

    rows = pl.Series(codes, dtype=pl.UInt32)
    prefix = column if prefix is None else prefix
    appended = []
    for name in chosen:
        field = FIELDS[name]
        distinct = pl.Series(
            f"{prefix}_{name}",
            [field.value(resolution) for resolution in resolutions],
            dtype=pl.Float64 if field.numeric else pl.Utf8,
        )
        appended.append(distinct.gather(rows))
    return frame.with_columns(appended)
