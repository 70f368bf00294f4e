"""normalize_polars on real polars DataFrames: the same results as the pandas helper and as
`resolve`, typed columns, every input column unchanged, and the errors of a bad call."""

from __future__ import annotations

import sys

import pandas as pd
import polars as pl
import pytest

from toponym.errors import MissingExtra
from toponym.gazetteer import Gazetteer
from toponym.tabular import ColumnNotFound, InvalidOption, normalize_dataframe, normalize_polars

NONSENSE = "Qwxzplk Vbnmtr"
LOCATIONS = ["Aleppo", "حلب", None, NONSENSE, "  aleppo ", "", "Homs", "Aleppo", "Deir ez-Zor"]
GOVERNORATES = ["Aleppo", None, None, None, "Aleppo", None, "Homs", None, "Deir-ez-Zor"]
RESULTS = ["id", "name", "lat", "lon", "score", "status"]


@pytest.fixture
def frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "event": list(range(len(LOCATIONS))),
            "location": LOCATIONS,
            "governorate": GOVERNORATES,
            "fatalities": [1.5, None, 3.0, 0.0, 2.0, None, 7.0, 1.0, 4.0],
        }
    )


def test_same_results_as_the_pandas_helper(frame: pl.DataFrame, default_gazetteer: Gazetteer) -> None:
    found = normalize_polars(frame, "location", admin1_column="governorate", gazetteer=default_gazetteer)
    reference = normalize_dataframe(
        frame.to_pandas(), "location", admin1_column="governorate", gazetteer=default_gazetteer
    )
    assert found.select(frame.columns).equals(frame)  # the input columns, unchanged
    assert found.columns == [*frame.columns, *(f"location_{name}" for name in RESULTS)]
    for name in RESULTS:
        column = f"location_{name}"
        assert found.schema[column] == (pl.Float64 if name in ("lat", "lon", "score") else pl.Utf8)
        wanted = [None if pd.isna(value) else value for value in reference[column]]
        assert found.get_column(column).to_list() == wanted, column
    statuses = found.get_column("location_status").to_list()
    assert statuses[2] == statuses[5] == "empty" and statuses[3] == "unmatched"


def test_results_equal_resolve(frame: pl.DataFrame, default_gazetteer: Gazetteer) -> None:
    found = normalize_polars(
        frame, "location", gazetteer=default_gazetteer, prefix="place", fields=("id", "score")
    )
    assert found.columns == [*frame.columns, "place_id", "place_score"]
    for value, place_id, score in zip(LOCATIONS, found["place_id"], found["place_score"], strict=True):
        match = default_gazetteer.resolve(value) if value and value.strip() else None
        assert place_id == (match.place.id if match else None), value
        assert score == (pytest.approx(match.score) if match else None)


def test_numbers_are_read_as_their_text(default_gazetteer: Gazetteer) -> None:
    frame = pl.DataFrame({"code": [1, None, 1]})
    found = normalize_polars(frame, "code", gazetteer=default_gazetteer, fields=("status",))
    assert found["code_status"].to_list()[1] == "empty"
    assert found["code_status"][0] == found["code_status"][2]


def test_existing_result_columns_are_replaced(frame: pl.DataFrame, default_gazetteer: Gazetteer) -> None:
    once = normalize_polars(frame, "location", gazetteer=default_gazetteer)
    twice = normalize_polars(once, "location", gazetteer=default_gazetteer)
    assert twice.equals(once)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        pytest.param(
            lambda f: normalize_polars(f, "place"),
            ColumnNotFound,
            "column 'place' not found; columns are: event, location",
            id="column",
        ),
        pytest.param(
            lambda f: normalize_polars(f, "location", admin2_column="district"),
            ColumnNotFound,
            "'district' not found",
            id="context",
        ),
        pytest.param(
            lambda f: normalize_polars(f, "location", fields=("id", "elevation")),
            InvalidOption,
            "unknown field 'elevation'",
            id="field",
        ),
        pytest.param(
            lambda f: normalize_polars(f.to_pandas(), "location"),
            TypeError,
            "takes a polars DataFrame, not DataFrame",
            id="pandas",
        ),
        pytest.param(lambda f: normalize_polars(f.lazy(), "location"), TypeError, "not LazyFrame", id="lazy"),
    ],
)
def test_bad_calls(frame: pl.DataFrame, call, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call(frame)


def test_a_missing_polars_names_the_extra(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(MissingExtra, match=r"pip install 'toponym\[polars\]'"):
        normalize_polars(object(), "location")  # type: ignore[arg-type]
