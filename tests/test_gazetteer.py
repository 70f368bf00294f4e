"""The embedded default gazetteer: lookups by id, resolution of the names the issue promises."""

from __future__ import annotations

from pathlib import Path

import pytest
from geopy.distance import geodesic
from tables import read_table

import toponym
from toponym import PlaceNotFound, ToponymError


@pytest.mark.parametrize("case", read_table("resolve_default.tsv"), ids=lambda case: case["query"])
def test_default_resolves(default_gazetteer: toponym.Gazetteer, case: dict[str, str]) -> None:
    match = default_gazetteer.resolve(case["query"], admin1=case["admin1"] or None)
    assert match is not None, f"{case['query']!r} did not resolve"
    distance = geodesic((match.place.lat, match.place.lon), (float(case["lat"]), float(case["lon"]))).km
    assert distance <= float(case["tol_km"]), f"{case['query']!r} -> {match.place} ({distance:.0f} km off)"


def test_lattakia_is_latakia_city(default_gazetteer: toponym.Gazetteer) -> None:
    match = default_gazetteer.resolve("Lattakia")
    assert match is not None
    assert match.place.id == "geonames:173576"
    assert match.place.name_ar
    assert 0 < match.score <= 100


def test_get_by_any_external_id(default_gazetteer: toponym.Gazetteer) -> None:
    place = default_gazetteer.get("geonames:173576")
    assert place is not None
    assert all(default_gazetteer.get(external_id) == place for external_id in place.ids)


def test_lookup_raises_lookup_error_naming_the_id(default_gazetteer: toponym.Gazetteer) -> None:
    assert default_gazetteer.get("geonames:0") is None
    with pytest.raises(PlaceNotFound, match="geonames:0") as caught:
        default_gazetteer.lookup("geonames:0")
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, ToponymError)


def test_default_has_the_governorates_and_a_world_layer(default_gazetteer: toponym.Gazetteer) -> None:
    kinds = [place.kind for place in default_gazetteer]
    assert kinds.count("governorate") == 14
    assert kinds.count("country") > 200


def test_candidates_are_ranked(default_gazetteer: toponym.Gazetteer) -> None:
    ranked = default_gazetteer.candidates("Lattakia", limit=5)
    assert 1 <= len(ranked) <= 5
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)


def test_load_is_cached_and_env_selects_a_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert toponym.load("embedded") is toponym.load("embedded")
    monkeypatch.setenv("TOPONYM_GAZETTEER", str(tmp_path / "missing.db"))
    with pytest.raises(toponym.PackError, match="not found"):
        toponym.load()


def test_normalize_is_exported() -> None:
    assert toponym.normalize("Al-Lādhiqīyah") == toponym.normalize("al ladhiqiyah")
