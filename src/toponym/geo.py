"""Where places are: one distance, one radius, one grid.

``distance_km`` is the great-circle (haversine) distance on geopy's mean Earth radius, the same as
``geopy.distance.great_circle`` (a test holds the two together) without its cost per call: the
matcher, the merge and extraction ask it in their inner loops. At the distances toponym decides on
(2 to 60 km) it is within 0.5% of the geodesic one, far less than the sources' own disagreement.

``Grid`` files points in square cells of a given size in degrees, so that the places near a point
are found among its cell and the eight around it, never by comparing every pair.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar

# geopy's mean Earth radius (``geopy.distance.EARTH_RADIUS``; tests/test_geo.py holds the two together),
# written here rather than imported: importing geopy costs a twentieth of a second at every start.
EARTH_RADIUS_KM = 6371.009
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180  # of latitude, and of longitude at the equator

T = TypeVar("T")


class Located(Protocol):
    """Anything with a point: a Place, a Match's place, a reverse-geocoding query."""

    @property
    def lat(self) -> float | None: ...
    @property
    def lon(self) -> float | None: ...


def distance_km(a: Located, b: Located) -> float:
    """Great-circle distance in km; infinite when either has no point."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def within_km(a: Located, b: Located, km: float) -> bool:
    """Whether two points are closer than ``km`` (False when either has none). A quick bounding test
    first: most pairs asked about are far apart."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    if abs(a.lat - b.lat) * KM_PER_DEGREE > km:
        return False
    return haversine_km(a.lat, a.lon, b.lat, b.lon) < km


def beyond_km(a: Located, b: Located, km: float) -> bool:
    """Whether two points are known to be farther apart than ``km`` (False when either has none)."""
    distance = distance_km(a, b)
    return not math.isinf(distance) and distance > km


def spread_km(points: Iterable[Located]) -> float:
    """The diagonal of the points' bounding box, in km (0 for one point or none with coordinates)."""
    located = [(p.lat, p.lon) for p in points if p.lat is not None and p.lon is not None]
    if len(located) < 2:
        return 0.0
    lats = [lat for lat, _ in located]
    lons = [lon for _, lon in located]
    return haversine_km(min(lats), min(lons), max(lats), max(lons))


class Grid(Generic[T]):
    """Items filed by their point in square cells of ``cell_degrees``: ``around`` gives the items in a
    point's cell and the eight around it, so a search within ``cell_degrees`` misses nothing."""

    def __init__(self, cell_degrees: float) -> None:
        self.cell_degrees = cell_degrees
        self._cells: defaultdict[tuple[int, int], list[T]] = defaultdict(list)

    def cell(self, lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / self.cell_degrees), math.floor(lon / self.cell_degrees))

    def add(self, lat: float, lon: float, item: T) -> None:
        self._cells[self.cell(lat, lon)].append(item)

    def around(self, lat: float, lon: float) -> Iterator[T]:
        row, column = self.cell(lat, lon)
        cells = self._cells
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                found = cells.get((row + dr, column + dc))
                if found:
                    yield from found
