"""toponym.locate on the default's real points and OCHA's real outlines, against loops over all of them."""

from __future__ import annotations

import random

import pytest
import shapely

from toponym.geo import haversine_km
from toponym.locate import NearestPoints, OutlineLocator


@pytest.fixture(scope="module")
def settlements(default_gazetteer) -> list[tuple[float, float, str]]:
    return [(p.lat, p.lon, p.id) for p in default_gazetteer if p.country == "SY" and p.lat is not None]


@pytest.fixture(scope="module")
def points() -> list[tuple[float, float]]:
    rng = random.Random(11)
    return [(rng.uniform(32.0, 37.6), rng.uniform(35.4, 42.6)) for _ in range(100)]


def _expected(settlements, lat: float, lon: float, count: int, within_km: float) -> list[float]:
    distances = sorted(haversine_km(lat, lon, s_lat, s_lon) for s_lat, s_lon, _ in settlements)
    return [km for km in distances[:count] if km <= within_km]


@pytest.mark.parametrize(("count", "within_km"), [(1, 100.0), (3, 100.0), (2, 3.0), (1, 1.5)])
def test_the_nearest_are_those_a_loop_over_every_point_finds(settlements, points, count, within_km) -> None:
    index = NearestPoints(settlements)
    for lat, lon in points:
        expected = _expected(settlements, lat, lon, count, within_km)
        for _ in range(3):  # the first time a cell is asked, the second (its candidates made), the third
            found = [near.km for near in index.nearest(lat, lon, count, within_km=within_km)]
            # two items can swap places where their distances differ by less than 0.1% (the ring
            # search compares equirectangular distances); the distances found are the right ones
            assert found == pytest.approx(expected, rel=2e-3), (lat, lon)


def test_an_empty_index_finds_nothing() -> None:
    assert NearestPoints([]).nearest(35.0, 38.0, 3) == []


def test_the_district_found_is_the_one_whose_polygon_contains_the_point(default_gazetteer, points) -> None:
    outlines = [o for o in default_gazetteer.outlines() if o.level == "district"]
    locator = OutlineLocator(default_gazetteer.outlines())
    rng = random.Random(5)
    many = points + [(rng.uniform(32.3, 37.4), rng.uniform(35.6, 42.4)) for _ in range(2000)]
    for lat, lon in many:
        containing = [o.pcode for o in outlines if shapely.contains_xy(o.geometry, lon, lat)]
        found = locator.district_at(lat, lon)
        assert (found.pcode if found else None) == (containing[0] if containing else None), (lat, lon)
        if found is not None:
            assert locator.governorate_of(found).pcode == found.pcode[:4]
    assert locator.nearest_district(32.6, 42.0, 1.0) is None  # in Iraq, far from the border


def test_points_on_the_grid_lines_are_found_like_any_other(default_gazetteer) -> None:
    # lat / 0.01 and lat / 0.05 round differently on cell edges: the small cell must be the cell's own
    outlines = [o for o in default_gazetteer.outlines() if o.level == "district"]
    locator = OutlineLocator(default_gazetteer.outlines())
    for row in range(660, 745, 7):
        for column in range(720, 850, 9):
            for lat, lon in ((row * 0.05, column * 0.05), (row * 0.05 + 0.03, column * 0.05 - 1e-12)):
                containing = [o.pcode for o in outlines if shapely.contains_xy(o.geometry, lon, lat)]
                found = locator.district_at(lat, lon)
                assert (found.pcode if found else None) == (containing[0] if containing else None), (lat, lon)
