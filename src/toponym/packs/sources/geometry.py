"""The one piece of geometry the importers need: where a GeoJSON polygon's area is centred.

Upstream files give some places only as polygons (OCHA's Damascus neighbourhoods). A place needs one
point; the area centroid (shoelace formula, holes subtracted) is it. Coordinates are treated as
planar: over a neighbourhood or a district the error is far below a gazetteer point's precision, so
a geometry library (and its GEOS dependency) would buy nothing here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_MIN_AREA = 1e-12  # in square degrees: smaller is a degenerate (zero-area) ring


def area_centroid(geometry: Any) -> tuple[float, float] | None:
    """(lat, lon) of a GeoJSON Polygon's or MultiPolygon's area centroid, rounded to 5 decimals
    (about a metre); None for another geometry type, malformed coordinates or no area."""
    if not isinstance(geometry, dict):
        return None
    coordinates = geometry.get("coordinates")
    if geometry.get("type") == "Polygon":
        polygons = [coordinates]
    elif geometry.get("type") == "MultiPolygon" and isinstance(coordinates, list):
        polygons = coordinates
    else:
        return None
    area = moment_lon = moment_lat = 0.0
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return None
        for number, ring in enumerate(polygon):
            ring_terms = _ring_terms(ring)
            if ring_terms is None:
                return None
            ring_area, ring_lon, ring_lat = ring_terms
            sign = 1.0 if number == 0 else -1.0  # the first ring is the outline, the others holes
            # orientation varies between files: the outline counts positive, its holes negative
            direction = sign if ring_area >= 0 else -sign
            area += direction * ring_area
            moment_lon += direction * ring_lon
            moment_lat += direction * ring_lat
    if abs(area) < _MIN_AREA:
        return None
    return round(moment_lat / (3.0 * area), 5), round(moment_lon / (3.0 * area), 5)


def _ring_terms(ring: Any) -> tuple[float, float, float] | None:
    """The signed area of a ring and its first moments (halved shoelace sums), or None if malformed."""
    points = _points(ring)
    if points is None or len(points) < 3:
        return None
    twice_area = moment_lon = moment_lat = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        twice_area += cross
        moment_lon += (x0 + x1) * cross
        moment_lat += (y0 + y1) * cross
    # halved, so that the centroid is moment / (3 * area) whether one ring or several are summed
    return twice_area / 2.0, moment_lon / 2.0, moment_lat / 2.0


def _points(ring: Any) -> list[tuple[float, float]] | None:
    """A ring's (lon, lat) points without the closing repeat, or None if any is not a number pair."""
    if not isinstance(ring, list):
        return None
    points: list[tuple[float, float]] = []
    for point in ring:
        if not _is_position(point):
            return None
        points.append((float(point[0]), float(point[1])))
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points


def _is_position(point: Any) -> bool:
    return (
        isinstance(point, Sequence)
        and not isinstance(point, str)
        and len(point) >= 2
        and all(isinstance(c, (int, float)) and not isinstance(c, bool) and c == c for c in point[:2])
    )
