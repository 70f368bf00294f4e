"""Coordinates to admin units: ``Gazetteer.reverse`` and ``toponym reverse``, checked against OCHA's
real community points and a loop over every settlement."""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from pathlib import Path

import pytest

from toponym.gazetteer import Gazetteer
from toponym.geo import haversine_km
from toponym.reverse import NEAREST_WITHIN_KM, SETTLEMENT_KINDS


@pytest.fixture(scope="module")
def communities(shared_data: Path) -> list[dict]:
    path = shared_data / "ocha-cod-syria-2015" / "syr_admin4_point.geojson"
    features = json.loads(path.read_bytes().decode("utf-8", errors="replace"))["features"]
    return [f["properties"] for f in features]


def test_each_community_point_is_in_the_district_ocha_gives_it(default_gazetteer, communities) -> None:
    sample = communities[::7]
    agreeing = found_itself = 0
    for p in sample:
        location = default_gazetteer.reverse(p["LATITUDE"], p["LONGITUDE"], limit=3)
        assert location.status == "inside", p["PCODE"]
        agreeing += location.district.pcode == p["ADMIN2_COD"]
        assert location.governorate.pcode == location.district.pcode[:4]
        # the community itself (at GeoNames' point where the two merged, a few hundred metres off)
        found_itself += default_gazetteer.get(f"ocha:{p['PCODE']}") in [n.place for n in location.nearest]
    assert agreeing / len(sample) > 0.99  # OCHA's points sit a few metres over its own borders, rarely
    assert found_itself / len(sample) > 0.95


def test_the_nearest_settlements_are_those_a_loop_over_all_of_them_finds(default_gazetteer) -> None:
    settlements = [
        p for p in default_gazetteer if p.country == "SY" and p.kind in SETTLEMENT_KINDS and p.lat is not None
    ]
    rng = random.Random(7)
    for _ in range(60):
        lat, lon = rng.uniform(32.4, 37.3), rng.uniform(35.7, 42.4)
        location = default_gazetteer.reverse(lat, lon, limit=3)
        lat, lon, found = location.lat, location.lon, location.nearest  # swapped, if it was
        expected = sorted(haversine_km(lat, lon, p.lat, p.lon) for p in settlements)[:3]
        expected = [km for km in expected if km <= NEAREST_WITHIN_KM]
        assert [round(n.km, 1) for n in found] == pytest.approx([round(km, 1) for km in expected], abs=0.15)
        assert [n.km for n in found] == sorted(n.km for n in found)


def test_swapped_and_outside_points_say_so(default_gazetteer) -> None:
    swapped = default_gazetteer.reverse(36.63, 35.93)
    assert swapped.status == "swapped" and (swapped.lat, swapped.lon) == (35.93, 36.63)
    assert swapped.district.pcode == "SY0700"
    paris = default_gazetteer.reverse(48.85, 2.35)
    assert paris.status == "outside" and paris.governorate is None and paris.district is None
    assert paris.nearest == ()
    beirut = default_gazetteer.reverse(33.89, 35.50)  # outside, but Syrian villages lie within 100 km
    assert beirut.status == "outside" and beirut.nearest and beirut.district is None


@pytest.mark.parametrize(
    ("lat", "lon", "error"),
    [
        (math.nan, 36.0, ValueError),
        (95.0, 36.0, ValueError),
        (35.0, -181.0, ValueError),
        ("35", 36.0, TypeError),
        (None, 36.0, TypeError),
    ],
)
def test_a_point_that_is_no_point_raises(default_gazetteer, lat, lon, error) -> None:
    with pytest.raises(error):
        default_gazetteer.reverse(lat, lon)


def test_a_pack_without_outlines_answers_from_the_nearest_settlement(default_gazetteer) -> None:
    places = [p for p in default_gazetteer if p.country == "SY" and p.admin1 in {"Idlib", None}]
    without_outlines = Gazetteer(places)
    location = without_outlines.reverse(35.93, 36.63)
    assert (location.by, location.status) == ("nearest", "unknown")
    assert location.governorate.pcode == "SY07" and location.nearest[0].place.name == "Idlib"


def _reverse(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toponym", "reverse", *args], capture_output=True, text=True, check=False
    )


def test_the_command_prints_units_and_settlements_and_exits_by_convention() -> None:
    inside = _reverse("35.93", "36.63")
    assert inside.returncode == 0, inside.stderr
    assert "SY07" in inside.stdout and "SY0700" in inside.stdout and "Idlib" in inside.stdout
    as_json = _reverse("35.7441", "36.164", "--json", "--limit", "2")
    location = json.loads(as_json.stdout)
    assert location["district"]["pcode"] == "SY0603" and len(location["nearest"]) == 2
    assert location["nearest"][0]["name"] == "Kinsabba"
    swapped = _reverse("36.63", "35.93")
    assert swapped.returncode == 0 and "read as 35.93, 36.63" in swapped.stderr
    outside = _reverse("-33.9", "18.4")  # a negative number is a coordinate, not an option
    assert outside.returncode == 1 and "outside Syria" in outside.stderr
    no_point = _reverse("95", "36")
    assert no_point.returncode == 2 and "between -90 and 90" in no_point.stderr
