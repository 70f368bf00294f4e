"""The result columns a normalised table gets, one row of a table per field (data, not code).

``FIELDS`` says, for each field a result column can hold, whether it is a number (float, NaN where
unknown) or text (pandas' string dtype, missing where unknown) and how it is read from a
``Resolution``. ``result_columns`` builds the ``{prefix}_{field}`` columns of a pandas DataFrame from
resolutions (it needs pandas); ``typed_cells`` gives the fields of one resolution as typed values, for
the files that keep types (xlsx, Parquet); ``check_fields`` validates a choice of fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toponym.tabular.errors import InvalidOption
from toponym.tabular.values import Resolution

if TYPE_CHECKING:
    import numpy
    import pandas


@dataclass(frozen=True, slots=True)
class ResultField:
    """One result column: its field name, whether it holds numbers, and how a resolution gives it."""

    name: str
    numeric: bool  # float64, NaN where unknown; else text, missing where unknown
    value: Callable[[Resolution], object]


def _of_place(attribute: str) -> Callable[[Resolution], object]:
    return lambda resolution: None if resolution.match is None else getattr(resolution.match.place, attribute)


FIELDS: dict[str, ResultField] = {
    field.name: field
    for field in (
        ResultField("id", False, _of_place("id")),
        ResultField("name", False, _of_place("name")),
        ResultField("lat", True, _of_place("lat")),
        ResultField("lon", True, _of_place("lon")),
        ResultField("score", True, lambda r: None if r.match is None else r.match.score),
        ResultField("status", False, lambda r: r.status),
        ResultField("name_ar", False, _of_place("name_ar")),
        ResultField("kind", False, _of_place("kind")),
        ResultField("admin1", False, _of_place("admin1")),
        ResultField("admin2", False, _of_place("admin2")),
    )
}
DEFAULT_FIELDS: tuple[str, ...] = ("id", "name", "lat", "lon", "score", "status")


def check_fields(fields: Iterable[str]) -> tuple[str, ...]:
    """``fields`` as a tuple, or ``InvalidOption`` naming what is wrong and the fields there are."""
    if isinstance(fields, str):  # a str is iterable too: "id" would be ("i", "d")
        raise InvalidOption(
            f"fields is a sequence of field names, not the string {fields!r}: e.g. ('id', 'lat')"
        )
    chosen = tuple(fields)
    known = ", ".join(FIELDS)
    unknown = [name for name in chosen if name not in FIELDS]
    if unknown:
        raise InvalidOption(f"unknown field {unknown[0]!r}; fields are: {known}")
    if not chosen:
        raise InvalidOption(f"give at least one field; fields are: {known}")
    if len(set(chosen)) != len(chosen):
        raise InvalidOption(f"a field is given twice: {', '.join(chosen)}")
    return chosen


def typed_cells(fields: Sequence[str] = DEFAULT_FIELDS) -> Callable[[Resolution], tuple[object, ...]]:
    """A function giving a resolution's ``fields`` as values of their own type (float or str; None where
    unknown): the result cells of a workbook or Parquet file, where CSV has text."""
    getters = [FIELDS[name].value for name in check_fields(fields)]
    return lambda resolution: tuple(get(resolution) for get in getters)


def text_dtype() -> object:
    """The dtype pandas gives a column of strings: ``str`` on pandas 3, object before. Text results
    always have it, even where every value is missing, so that every partition of a table agrees."""
    import pandas as pd

    return pd.Series([""]).dtype


def result_columns(
    resolutions: Sequence[Resolution],
    *,
    prefix: str,
    fields: Sequence[str],
    index: pandas.Index,
    codes: numpy.ndarray | None = None,
) -> dict[str, pandas.Series]:
    """The columns ``{prefix}_{field}`` in the order of ``fields``, on ``index``.

    Row ``i`` gets ``resolutions[codes[i]]``; without ``codes`` there is one row per resolution. Each
    field is read once per resolution, not once per row, which is what makes repeated values cheap.
    """
    import pandas as pd

    text = text_dtype()
    columns = {}
    for name in fields:
        field = FIELDS[name]
        values = pd.Series([field.value(r) for r in resolutions], dtype="float64" if field.numeric else text)
        taken = values.array if codes is None else values.array.take(codes)
        columns[f"{prefix}_{name}"] = pd.Series(taken, index=index, copy=False)
    return columns
