"""Approximate locations of places the gazetteer lacks (``Mention.near``): gaps, placement, output."""

from __future__ import annotations

import json

import pytest
from tables import place_from_row, read_table

from toponym.extract import extract, to_geojson
from toponym.extract.gaps import read_gap
from toponym.extract.placement import NearMatch
from toponym.gazetteer import Gazetteer

NEAR_CASES = read_table("extract_near.tsv")
GAP_CASES = read_table("extract_gaps.tsv")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(place_from_row(row) for row in read_table("extract_places.tsv"))


@pytest.mark.parametrize("case", GAP_CASES, ids=[case["id"] for case in GAP_CASES])
def test_gap(case: dict[str, str]) -> None:
    gap = case["gap"]
    assert gap.startswith("|") and gap.endswith("|")
    assert (read_gap(gap[1:-1]).kind or "-") == case["link"]


@pytest.mark.parametrize("case", NEAR_CASES, ids=[case["id"] for case in NEAR_CASES])
def test_near(gazetteer: Gazetteer, case: dict[str, str]) -> None:
    found = [mention for mention in extract(gazetteer, case["text"]) if mention.text == case["mention"]]
    assert len(found) >= int(case["occurrence"]), f"{case['mention']!r} not found"
    mention = found[int(case["occurrence"]) - 1]
    assert mention.match is None  # the gazetteer does not know the place: near never makes it known
    if case["near"] == "-":
        assert mention.near is None
        return
    near = mention.near
    assert isinstance(near, NearMatch)
    assert (near.place.id, near.relation, near.precision) == (
        case["near"],
        case["relation"],
        case["precision"],
    )
    assert near.query == mention.text
    if near.anchor_start is not None:  # the anchor is a mention of the same text, written as matched
        assert case["text"][near.anchor_start : near.anchor_end] == near.matched_name


def test_resolved_mentions_have_no_near(gazetteer: Gazetteer) -> None:
    mentions = extract(
        gazetteer, "Troops took the villages of Umm Anaksh, Salehiyah and Tell Soumeah near Aleppo."
    )
    assert [m.near is not None for m in mentions] == [True, False, True, False]


def test_json_has_near_with_its_derivation(gazetteer: Gazetteer) -> None:
    (ramouseh, aleppo) = extract(gazetteer, "Troops entered the Ramouseh neighborhood of Aleppo.")
    data = json.loads(json.dumps(ramouseh.to_dict()))
    assert data["match"] is None
    near = data["near"]
    assert (near["id"], near["relation"], near["precision"]) == ("city:aleppo", "part_of", "local")
    assert (near["anchor_start"], near["anchor_end"]) == (aleppo.start, aleppo.end)
    assert (near["lat"], near["lon"]) == (36.2037, 37.1726)
    assert json.loads(json.dumps(aleppo.to_dict()))["near"] is None


def test_geojson_points_of_resolved_and_approximate_mentions(gazetteer: Gazetteer) -> None:
    mentions = extract(
        gazetteer, "The villages of Umm Anaksh and Qaryatain near Homs. The village of Tal Bazo fell."
    )
    collection = to_geojson(mentions)
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    # Tal Bazo: unknown, and nothing in the text locates it: no point
    assert [f["properties"]["text"] for f in features] == ["Umm Anaksh", "Qaryatain", "Homs"]
    approximate, qaryatain, homs = (f["properties"] for f in features)
    assert (
        features[0]["geometry"]
        == features[1]["geometry"]
        == {"type": "Point", "coordinates": [37.2407, 34.2296]}
    )
    assert approximate["approximate"] is True
    assert (approximate["near_id"], approximate["relation"], approximate["precision"]) == (
        "town:qaryatayn",
        "listed",
        "local",
    )
    assert approximate["id"] is None and approximate["score"] is None
    assert homs["approximate"] is False and homs["near_id"] is None
    assert (homs["id"], homs["start"], homs["end"]) == ("city:homs", 46, 50)
    assert features[2]["geometry"] == {"type": "Point", "coordinates": [36.6854, 34.7315]}
    assert all(f["properties"].keys() == qaryatain.keys() for f in features)  # one schema for every point


def test_a_huge_list_of_unknowns_is_placed_in_linear_time(gazetteer: Gazetteer) -> None:
    mentions = extract(gazetteer, "the villages of " + "Tal Bazo, " * 5000 + "and Kinsibba near Latakia")
    unknown = [m for m in mentions if m.match is None]
    assert len(unknown) == 5000
    assert {m.near.place.id for m in unknown if m.near} == {"village:kinnsibba"}
    assert all(m.near is not None for m in unknown)
