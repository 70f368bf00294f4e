"""The result fields a normalised table can get, one row of a table per field (data, not code).

``FIELDS`` says, for each field a result column can hold, what it means, how it is read from a
``Resolution``, whether it is a number (float, NaN where unknown; fixed decimals in CSV) or text, and
the HXL hashtag its column gets in a table with a hashtag row. One table serves every output: CSV
cells (``text_cells``), typed cells of workbooks and Parquet files (``typed_cells``), pandas
columns (``result_columns``, also used by the Dask helper) and HXL tags.
``check_fields`` validates a choice of fields.

HXL tags: the core-schema hashtag and attributes of what the column holds (``#geo+lat``, ``#adm1+code``),
plus the attribute ``+matched`` (HXL lets a dataset add its own), so that an appended column never
has the very tag of an input column: the table's own ``#loc+name`` and ``#adm1+name`` still select the
columns they did, and ``#loc+name+matched`` selects ours; ``#adm1+code`` still matches both, as
libhxl's patterns match any column with more attributes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toponym.models import Place
from toponym.tabular.errors import InvalidOption
from toponym.tabular.resolution import Resolution

if TYPE_CHECKING:
    import numpy
    import pandas


@dataclass(frozen=True, slots=True)
class ResultField:
    """One result column: its field name, what it holds, how a resolution gives it, its HXL tag."""

    name: str
    meaning: str  # a few words, for --help
    value: Callable[
        [Any], object
    ]  # of a Resolution (a point's fields: a PointResolution); None where unknown
    hxl: str
    decimals: int | None = None  # a number (float64, NaN where unknown), written with these decimals

    @property
    def numeric(self) -> bool:
        return self.decimals is not None

    def cell(self, resolution: Any) -> str:
        """The field as a CSV cell: "" where unknown, numbers in fixed point (never 1e-05)."""
        value = self.value(resolution)
        if value is None:
            return ""
        return f"{value:.{self.decimals}f}" if self.decimals is not None else str(value)


def _of_place(read: Callable[[Place], object]) -> Callable[[Resolution], object]:
    return lambda resolution: None if resolution.match is None else read(resolution.match.place)


def _pcode(level: str) -> Callable[[Resolution], object]:
    return _of_place(lambda place: None if place.pcodes is None else getattr(place.pcodes, level))


def _admin3_source(place: Place) -> str | None:
    """Where the subdistrict P-code comes from: ``ocha`` (OCHA lists the place in it) or ``derived``
    (the nearest OCHA communities agree on it; ``toponym.packs.pcodes``)."""
    codes = place.pcodes
    if codes is None or codes.admin3 is None:
        return None
    return "derived" if codes.admin3_derived else "ocha"


FIELDS: dict[str, ResultField] = {
    field.name: field
    for field in (
        ResultField(
            "id", "its id (geonames:173576, ocha:C3480)", _of_place(lambda p: p.id), "#loc+code+matched"
        ),
        ResultField("name", "its preferred Latin name", _of_place(lambda p: p.name), "#loc+name+matched"),
        ResultField("lat", "its latitude (WGS84)", _of_place(lambda p: p.lat), "#geo+lat+matched", 6),
        ResultField("lon", "its longitude", _of_place(lambda p: p.lon), "#geo+lon+matched", 6),
        ResultField(
            "score",
            "0-100; 100 if reviewed",
            lambda r: None if r.match is None else r.match.score,
            "#meta+score+matched",
            1,
        ),
        ResultField(
            "status",
            "matched, ambiguous, reviewed, …",
            lambda r: r.status,
            "#meta+status+matched",
        ),
        ResultField("admin1", "its governorate", _of_place(lambda p: p.admin1), "#adm1+name+matched"),
        ResultField("admin2", "its district", _of_place(lambda p: p.admin2), "#adm2+name+matched"),
        ResultField("admin1_pcode", "governorate P-code (SY07)", _pcode("admin1"), "#adm1+code+matched"),
        ResultField("admin2_pcode", "district P-code (SY0705)", _pcode("admin2"), "#adm2+code+matched"),
        ResultField("admin3_pcode", "subdistrict P-code", _pcode("admin3"), "#adm3+code+matched"),
        ResultField(
            "admin3_source",
            "ocha, or derived from neighbours",
            _of_place(lambda p: _admin3_source(p)),
            "#adm3+code+source+matched",
        ),
        ResultField(
            "pcode",
            "its own P-code (C4268, SY0705)",
            _of_place(lambda p: p.pcode),
            "#loc+code+v_pcode+matched",
        ),
        ResultField("name_ar", "its Arabic name", _of_place(lambda p: p.name_ar), "#loc+name+i_ar+matched"),
        ResultField("kind", "city, town, village, …", _of_place(lambda p: p.kind), "#loc+type+matched"),
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


def text_cells(fields: Sequence[str] = DEFAULT_FIELDS) -> Callable[[Resolution], tuple[str, ...]]:
    """A function giving a resolution's ``fields`` as CSV cells (called once per distinct value of a
    table, not once per row)."""
    chosen = [FIELDS[name] for name in check_fields(fields)]
    return lambda resolution: tuple(field.cell(resolution) for field in chosen)


def typed_cells(fields: Sequence[str] = DEFAULT_FIELDS) -> Callable[[Resolution], tuple[object, ...]]:
    """A function giving a resolution's ``fields`` as values of their own type (a float, a str; None
    where unknown), unrounded as in ``result_columns``: the cells of a workbook or Parquet file."""
    chosen = [FIELDS[name].value for name in check_fields(fields)]
    return lambda resolution: tuple(value(resolution) for value in chosen)


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
    """The columns ``{prefix}_{field}`` in the order of ``fields``, on ``index``. Needs pandas.

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
