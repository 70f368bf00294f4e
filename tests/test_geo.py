"""One distance and one grid (toponym.geo), held against geopy and against brute force."""

from __future__ import annotations

import math

from geopy.distance import EARTH_RADIUS, geodesic, great_circle
from hypothesis import given
from hypothesis import strategies as st

from toponym.geo import EARTH_RADIUS_KM, Grid, beyond_km, distance_km, haversine_km, spread_km, within_km
from toponym.index.places import Spot

latitudes = st.floats(min_value=29.0, max_value=40.0)
longitudes = st.floats(min_value=33.0, max_value=45.0)


def test_one_radius_geopys() -> None:
    assert EARTH_RADIUS_KM == EARTH_RADIUS


@given(latitudes, longitudes, latitudes, longitudes)
def test_distance_is_geopys_great_circle_and_near_the_geodesic(lat1, lon1, lat2, lon2) -> None:
    ours = haversine_km(lat1, lon1, lat2, lon2)
    assert math.isclose(ours, great_circle((lat1, lon1), (lat2, lon2)).km, rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(ours, geodesic((lat1, lon1), (lat2, lon2)).km, rel_tol=0.006, abs_tol=1e-6)


def test_missing_points_are_infinitely_far_but_never_known_to_be_beyond() -> None:
    here, nowhere = Spot(35.0, 36.0), Spot(None, None)
    assert distance_km(here, nowhere) == math.inf
    assert not within_km(here, nowhere, 1e9)
    assert not beyond_km(here, nowhere, 1.0)
    assert beyond_km(here, Spot(36.0, 36.0), 100.0)
    assert within_km(here, Spot(35.01, 36.0), 2.0)


def test_spread_is_the_diagonal_of_the_bounding_box() -> None:
    points = [Spot(35.0, 36.0), Spot(35.5, 36.5), Spot(35.2, 36.1), Spot(None, None)]
    assert math.isclose(spread_km(points), haversine_km(35.0, 36.0, 35.5, 36.5))
    assert spread_km([Spot(35.0, 36.0)]) == 0.0


@given(st.lists(st.tuples(latitudes, longitudes), min_size=1, max_size=40), latitudes, longitudes)
def test_grid_finds_every_point_within_a_cell(points, lat, lon) -> None:
    grid: Grid[int] = Grid(0.5)
    for i, (plat, plon) in enumerate(points):
        grid.add(plat, plon, i)
    near = set(grid.around(lat, lon))
    for i, (plat, plon) in enumerate(points):
        if abs(plat - lat) < 0.5 and abs(plon - lon) < 0.5:
            assert i in near
