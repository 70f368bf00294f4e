"""The Gazetteer's front door on values of every type and on context it cannot use
(tests/cases/library_inputs.tsv, tests/cases/context_values.tsv)."""

from __future__ import annotations

import ast
import math
import warnings

import pytest
from tables import read_table

import toponym
from toponym import InvalidOption, PlaceNotFound, UnknownContextWarning
from toponym.models import PLACE_KINDS
from toponym.resolve.context import validated_context

ALEPPO = "geonames:170063"
BLANK = {"resolve": None, "candidates": [], "get": None, "extract": []}


def literal(text: str) -> object:
    return math.nan if text == "nan" else ast.literal_eval(text)


def call(gazetteer: toponym.Gazetteer, method: str, argument: str, value: object) -> object:
    if argument in ("name", "place_id", "text"):
        return getattr(gazetteer, method)(value)
    if argument == "limit":
        return gazetteer.candidates("Aleppo", limit=value)
    return gazetteer.resolve("Aleppo", **{argument: value})


@pytest.mark.parametrize(
    "case",
    read_table("library_inputs.tsv"),
    ids=lambda c: f"{c['method']}-{c['argument']}={c['value']}",
)
def test_library_inputs(default_gazetteer: toponym.Gazetteer, case: dict[str, str]) -> None:
    method, argument, value = case["method"], case["argument"], literal(case["value"])
    expected = case["expected"]
    errors = {"TypeError": TypeError, "ValueError": ValueError, "PlaceNotFound": PlaceNotFound}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no library's warning (unidecode's on lone surrogates) either
        if expected in errors:
            with pytest.raises(errors[expected]) as raised:
                call(default_gazetteer, method, argument, value)
            assert case["names"] in str(raised.value)
            return
        result = call(default_gazetteer, method, argument, value)
    if expected == "blank":
        assert result == BLANK[method]
    else:
        found = result.place if isinstance(result, toponym.Match) else result
        assert found is not None and found.id == expected


@pytest.mark.parametrize(
    "case", read_table("context_values.tsv"), ids=lambda c: f"{c['field']}={c['value'].strip()}"
)
def test_context_values(case: dict[str, str]) -> None:
    field, value, expected = case["field"], case["value"], case["expected"]
    if expected == "error":
        with pytest.raises(InvalidOption) as raised:
            validated_context(**{field: value})
        assert repr(value) in str(raised.value)  # the message names the value
        assert isinstance(raised.value, ValueError)
        if field == "kind":
            assert all(kind in str(raised.value) for kind in PLACE_KINDS)  # and lists the kinds
    else:
        assert getattr(validated_context(**{field: value}), field) == expected


def test_an_alpha3_country_finds_what_alpha2_finds(default_gazetteer: toponym.Gazetteer) -> None:
    by_alpha2 = default_gazetteer.resolve("Lattakia", country="SY")
    assert by_alpha2 is not None
    for country in ("SYR", "Syria", "syr"):
        match = default_gazetteer.resolve("Lattakia", country=country)
        assert match is not None and match.place.id == by_alpha2.place.id


def test_an_unknown_kind_raises_instead_of_lowering_scores(default_gazetteer: toponym.Gazetteer) -> None:
    with pytest.raises(ValueError, match="unknown kind 'bogus'"):
        default_gazetteer.resolve("Aleppo", kind="bogus")
    with pytest.raises(ValueError, match="unknown kind"):
        default_gazetteer.candidates("Aleppo", kind="bogus")


def test_an_admin_naming_nothing_warns_once_per_value(default_gazetteer: toponym.Gazetteer) -> None:
    gazetteer = toponym.Gazetteer(list(default_gazetteer))  # a fresh one: warnings are per gazetteer
    with pytest.warns(UnknownContextWarning, match="admin1='Narnia'") as caught:
        first = gazetteer.resolve("Sawda", admin1="Narnia")
        gazetteer.resolve("Sawda", admin1="Narnia")
        gazetteer.candidates("Aleppo", admin1="Narnia")
    assert len([w for w in caught if issubclass(w.category, UnknownContextWarning)]) == 1
    assert caught[0].filename == __file__  # it points at the caller's line
    assert first == gazetteer.resolve("Sawda")  # ignored: the same answer as without it
    with pytest.warns(UnknownContextWarning, match="admin2='Atlantis' names no district"):
        gazetteer.resolve("Sawda", admin2="Atlantis")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gazetteer.resolve("Sawda", admin1="Idleb")  # a governorate in any spelling: no warning
        gazetteer.resolve("Sawda", admin1="  ")  # blank: not given


def test_area_tells_how_a_context_value_is_read(default_gazetteer: toponym.Gazetteer) -> None:
    idlib = default_gazetteer.area("Idleb", "admin1")
    assert idlib is not None and idlib.kind == "governorate" and idlib.name == "Idlib"
    assert default_gazetteer.area("Narnia", "admin1") is None
    assert default_gazetteer.area(None, "admin2") is None
    with pytest.raises(ValueError, match="level"):
        default_gazetteer.area("Idleb", "admin3")  # type: ignore[arg-type]
