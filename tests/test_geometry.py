"""Area centroids of GeoJSON polygons (toponym.packs.sources.geometry), on shapes whose centroid is known."""

from __future__ import annotations

from typing import Any

import pytest

from toponym.packs.sources.geometry import area_centroid

RECTANGLE = [[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]  # lon 0–4, lat 0–2: centre (lat 1, lon 2)


def polygon(*rings: list[list[float]]) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": list(rings)}


def test_rectangle_either_way_round() -> None:
    assert area_centroid(polygon(RECTANGLE)) == (1.0, 2.0)
    assert area_centroid(polygon(RECTANGLE[::-1])) == (1.0, 2.0)


def test_unclosed_ring_is_closed() -> None:
    assert area_centroid(polygon(RECTANGLE[:-1])) == (1.0, 2.0)


@pytest.mark.parametrize("reverse_hole", [False, True])
def test_hole_is_subtracted(reverse_hole: bool) -> None:
    square = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    right_half = [[2, 0], [4, 0], [4, 4], [2, 4], [2, 0]]  # cut out: the left half remains
    hole = right_half[::-1] if reverse_hole else right_half
    assert area_centroid(polygon(square, hole)) == (2.0, 1.0)


def test_l_shape_weighs_by_area_not_by_vertices() -> None:
    # many vertices along one edge would pull a vertex mean towards it; the area centroid stays put
    dense_edge = [[x / 10, 0] for x in range(41)] + [[4, 2], [0, 2]]
    assert area_centroid(polygon(dense_edge)) == (1.0, 2.0)


def test_multipolygon_weighs_its_parts_by_area() -> None:
    small = [[[0, 0], [1, 0], [1, 1], [0, 1]]]  # area 1, centre (0.5, 0.5)
    large = [[[10, 0], [13, 0], [13, 1], [10, 1]]]  # area 3, centre (0.5, 11.5)
    assert area_centroid({"type": "MultiPolygon", "coordinates": [small, large]}) == (0.5, 8.75)


@pytest.mark.parametrize(
    "geometry",
    [
        None,
        "POLYGON((0 0, 1 0, 1 1))",
        {"type": "Point", "coordinates": [36.3, 33.5]},
        {"type": "Polygon"},
        polygon([[0, 0], [1, 1], [2, 2], [0, 0]]),  # no area
        polygon([[0, 0], [1, 0]]),  # too few points
        polygon([[0, 0], ["1", 0], [1, 1]]),  # not a number
        polygon([[0, 0], [1, 0], [float("nan"), 1]]),
        polygon([[0, 0], [True, 0], [1, 1]]),
        {"type": "MultiPolygon", "coordinates": [[]]},
    ],
)
def test_what_has_no_centroid(geometry: Any) -> None:
    assert area_centroid(geometry) is None
