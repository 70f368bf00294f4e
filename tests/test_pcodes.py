"""P-codes on the embedded default: OCHA's own for its communities and units, found from OCHA's
district polygons for every other Syrian place, a subdistrict only where the nearest communities agree;
bare P-codes are ids; lookup and extract emit them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from toponym.geo import haversine_km
from toponym.models import PCodes
from toponym.packs.pcodes import BORDER_KM, NEIGHBOUR_KM, NEIGHBOURS


@pytest.fixture(scope="module")
def ocha_features(shared_data: Path) -> list[dict]:
    path = shared_data / "ocha-cod-syria-2015" / "syr_admin4_point.geojson"
    text = path.read_bytes().decode("utf-8", errors="replace")
    return json.loads(text)["features"]


@pytest.fixture(scope="module")
def district_polygons(shared_data: Path) -> dict:
    collection = json.loads(
        (shared_data / "ocha-cod-syria-2015" / "syr_admin2.geojson").read_text("utf-8-sig")
    )
    return {f["properties"]["PCODE"]: shape(f["geometry"]) for f in collection["features"]}


def test_every_ocha_community_carries_the_chain_ocha_gives_it(default_gazetteer, ocha_features) -> None:
    checked = 0
    for feature in ocha_features:
        p = feature["properties"]
        place = default_gazetteer.get(f"ocha:{p['PCODE']}")
        assert place is not None, p["PCODE"]
        assert place.pcodes == PCodes(p["ADMIN1_COD"], p["ADMIN2_COD"], p["ADMIN3_COD"], p["PCODE"]), p[
            "PCODE"
        ]
        checked += 1
    assert checked > 5000


def test_bare_pcodes_are_ids_at_every_level(default_gazetteer) -> None:
    district = default_gazetteer.get("SY0705")
    assert district is not None and district.kind == "district" and district.pcode == "SY0705"
    assert district is default_gazetteer.get("ocha:SY0705")
    assert default_gazetteer.get(" sy07 ").kind == "governorate"
    assert default_gazetteer.get("SY070500").kind == "subdistrict"
    community = default_gazetteer.get("C4268")
    assert community.pcodes == PCodes("SY07", "SY0705", "SY070500", "C4268")
    assert default_gazetteer.get("SY99") is None and default_gazetteer.get("C1") is None


def test_other_syrian_places_take_the_district_their_point_lies_in(
    default_gazetteer, district_polygons
) -> None:
    """Checked against OCHA's original (unsimplified) polygons: the point lies in the district its
    code names, or within BORDER_KM of it."""
    from_outline = [
        p
        for p in default_gazetteer
        if p.country == "SY" and p.pcodes is not None and p.pcodes.community is None
    ]
    from_outline = [p for p in from_outline if p.kind not in {"governorate", "district", "subdistrict"}]
    assert len(from_outline) > 7000
    for place in from_outline:
        codes = place.pcodes
        assert codes.admin2.startswith(codes.admin1) and len(codes.admin2) == 6
        polygon = district_polygons[codes.admin2]
        gap_km = polygon.distance(Point(place.lon, place.lat)) * 111.2
        assert gap_km <= BORDER_KM + 0.2, (place.id, place.name, codes.admin2, gap_km)


def test_a_subdistrict_is_derived_only_where_the_nearest_communities_agree(default_gazetteer) -> None:
    communities = [
        p
        for p in default_gazetteer
        if p.pcodes
        and p.pcodes.community
        and p.pcodes.community.startswith("C")
        and p.pcodes.admin3
        and p.lat is not None
    ]
    derived = [p for p in default_gazetteer if p.pcodes and p.pcodes.admin3_derived]
    assert len(derived) > 3000
    for place in derived[::25]:  # a sample, each checked by a loop over every community
        nearest = sorted(communities, key=lambda c: haversine_km(place.lat, place.lon, c.lat, c.lon))[
            :NEIGHBOURS
        ]
        assert all(haversine_km(place.lat, place.lon, c.lat, c.lon) <= NEIGHBOUR_KM for c in nearest)
        assert {c.pcodes.admin3 for c in nearest} == {place.pcodes.admin3}
        assert place.pcodes.admin3.startswith(place.pcodes.admin2)


def test_areas_and_lines_get_none_and_the_provenance_counts_how(default_gazetteer) -> None:
    assert default_gazetteer.resolve("Eastern Ghouta").place.pcodes is None
    assert default_gazetteer.resolve("Euphrates", kind="river").place.pcodes is None
    counts = default_gazetteer.provenance["pcodes"]
    assert counts["from_ocha"] > 5000 and counts["from_outline"] > 7000 and counts["outside"] < 20


def test_places_without_a_district_name_take_the_polygons_units_names(default_gazetteer) -> None:
    # Who's On First gives most villages no district: the polygon's district is named as the
    # gazetteer's own district place.
    districts = {p.pcode: p.name for p in default_gazetteer if p.kind == "district" and p.pcode}
    filled = [p for p in default_gazetteer if p.pcodes and p.pcodes.community is None and p.admin2]
    agreeing = sum(districts.get(p.pcodes.admin2) == p.admin2 for p in filled)
    assert agreeing / len(filled) > 0.9


def _toponym(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toponym", *args], capture_output=True, text=True, check=False
    )


def test_lookup_json_and_extract_geojson_carry_the_pcodes() -> None:
    looked_up = _toponym("lookup", "--json", "Kinsibba", "SY0705")
    assert looked_up.returncode == 0, looked_up.stderr
    kinsabba, ariha = json.loads(looked_up.stdout)
    assert kinsabba["pcodes"]["admin1"] == "SY06" and kinsabba["pcode"] == "C3750"
    assert ariha["kind"] == "district" and ariha["pcode"] == "SY0705"
    extracted = subprocess.run(
        [sys.executable, "-m", "toponym", "extract", "--geojson", "-"],
        input="Shelling hit Kinsabba and Ariha on Monday.",
        capture_output=True,
        text=True,
        check=False,
    )
    assert extracted.returncode == 0, extracted.stderr
    properties = {f["properties"]["text"]: f["properties"] for f in json.loads(extracted.stdout)["features"]}
    assert properties["Kinsabba"]["admin1_pcode"] == "SY06" and properties["Kinsabba"]["pcode"] == "C3750"
    assert properties["Ariha"]["admin2_pcode"] == "SY0705"


def test_the_service_chain_follows_the_pcodes(default_gazetteer) -> None:
    from toponym.serve.admin import AdminChain

    chain = AdminChain(default_gazetteer)
    village = next(
        p
        for p in default_gazetteer
        if p.country == "SY" and p.kind == "village" and p.pcodes and not p.pcodes.community
    )
    units = chain.of(village)
    assert units.governorate.pcode == village.pcodes.admin1 and units.district.pcode == village.pcodes.admin2
    assert chain.of(default_gazetteer.get("SY0705")).district is None  # a district is not in a district
