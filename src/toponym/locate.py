"""Where a point is: the district outline that contains it (and so its governorate), and the places
nearest to it. The build uses it to give every Syrian place its P-codes; ``Gazetteer.reverse`` to
answer "which district is this point in, and what is the village here called?".

**Containment** is asked of OCHA's district polygons (``toponym.packs.outlines``) through shapely: a
point is looked up in a grid of cells first; a cell that lies wholly inside one district answers at
once (most of the country); a cell a border crosses is cut into small cells the same way, and only a
small cell a border crosses asks shapely of the two or three districts it touches. The governorate is the district's P-code's first four characters (SY0705 → SY07): OCHA's
codes nest, and the two levels share their borders.

**Nearest places** are found in a ``toponym.geo.Grid`` of their points, ring by ring outwards, and
measured with ``toponym.geo.haversine_km``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

import shapely
from shapely import STRtree

from toponym.geo import KM_PER_DEGREE, haversine_km

T = TypeVar("T")

# Cells of the containment grid, in degrees (about 5.5 km): small enough that a border crosses few
# of them, large enough that the grid is made in a tenth of a second. A cell a border crosses is cut
# into 5 x 5 small cells the first time a point falls in it, so that shapely is asked only where a
# border crosses a small cell too.
_CELL_DEGREES = 0.05
_FINE_PER_CELL = 5
_FINE_DEGREES = _CELL_DEGREES / _FINE_PER_CELL


class Outline(Protocol):
    """An administrative unit's polygon as the locator needs it (``toponym.packs.outlines.Outline``
    is one): said here, so that this low module needs nothing from the build layer."""

    @property
    def pcode(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def geometry(self) -> shapely.Geometry: ...


class OutlineLocator:
    """The district outline containing a point (``district_at``), and its governorate's."""

    def __init__(self, outlines: Iterable[Outline]) -> None:
        outlines = list(outlines)
        self._districts: list[Outline] = [o for o in outlines if o.level == "district"]
        self._governorates: dict[str, Outline] = {o.pcode: o for o in outlines if o.level == "governorate"}
        geometries = [o.geometry for o in self._districts]
        shapely.prepare(geometries)
        self._geometries = geometries
        self._tree = STRtree(geometries)
        self._cells: dict[tuple[int, int], int | tuple[int, ...]] = {}
        self._fine_cells: dict[tuple[int, int], int | tuple[int, ...]] = {}
        if geometries:
            min_lon, min_lat, max_lon, max_lat = shapely.total_bounds(geometries)
            rows = range(math.floor(min_lat / _CELL_DEGREES), math.floor(max_lat / _CELL_DEGREES) + 1)
            columns = range(math.floor(min_lon / _CELL_DEGREES), math.floor(max_lon / _CELL_DEGREES) + 1)
            self._cells = _cells(self._tree, rows, columns, _CELL_DEGREES)

    def __bool__(self) -> bool:
        return bool(self._districts)

    def district_at(self, lat: float, lon: float) -> Outline | None:
        """The district whose polygon contains the point, or None (outside every district)."""
        key = (math.floor(lat / _CELL_DEGREES), math.floor(lon / _CELL_DEGREES))
        found = self._cells.get(key)
        if found is None:
            return None
        if isinstance(found, tuple):  # a border crosses the cell: its small cells say where
            # the small cell within this cell (floating point may put lat / 0.01 a hair outside it)
            per = _FINE_PER_CELL
            fine = (
                min(max(math.floor(lat / _FINE_DEGREES), key[0] * per), key[0] * per + per - 1),
                min(max(math.floor(lon / _FINE_DEGREES), key[1] * per), key[1] * per + per - 1),
            )
            if fine not in self._fine_cells:
                self._refine(key)
            found = self._fine_cells[fine]
        if isinstance(found, int):
            return self._districts[found]
        for index in found:
            if shapely.contains_xy(self._geometries[index], lon, lat):
                return self._districts[index]
        return None

    def _refine(self, key: tuple[int, int]) -> None:
        """Classify the small cells of a cell a border crosses, the first time a point falls in it:
        each against the few districts the cell touches, not the whole tree."""
        row, column = key
        per = _FINE_PER_CELL
        touching = self._cells[key]
        assert isinstance(touching, tuple)
        keys = [
            (r, c) for r in range(row * per, (row + 1) * per) for c in range(column * per, (column + 1) * per)
        ]
        boxes = _boxes(keys, _FINE_DEGREES)
        inside: list[int | None] = [None] * len(keys)
        touched: list[list[int]] = [[] for _ in keys]
        for district in touching:
            geometry = self._geometries[district]
            for at in shapely.intersects(geometry, boxes).nonzero()[0]:
                touched[at].append(district)
            for at in shapely.contains_properly(geometry, boxes).nonzero()[0]:
                inside[at] = district
        for at, fine in enumerate(keys):
            # a small cell no district touches (outside the country) holds nothing
            self._fine_cells[fine] = inside[at] if inside[at] is not None else tuple(touched[at])

    def nearest_district(self, lat: float, lon: float, within_km: float) -> Outline | None:
        """The district containing the point or, failing that, the nearest one within ``within_km``
        (a source's point a little off the simplified coast or border)."""
        found = self.district_at(lat, lon)
        if found is not None or within_km <= 0:
            return found
        # Degrees of latitude: a slightly longer reach east-west, which for a kilometre or two is moot.
        nearest = self._tree.query_nearest(shapely.Point(lon, lat), max_distance=within_km / KM_PER_DEGREE)
        return self._districts[int(nearest[0])] if len(nearest) else None

    def governorate_of(self, district: Outline) -> Outline | None:
        return self._governorates.get(district.pcode[:4])


def _cells(
    tree: STRtree, rows: range, columns: range, size: float
) -> dict[tuple[int, int], int | tuple[int, ...]]:
    """Each cell (of ``size`` degrees, in ``rows`` x ``columns``) a district touches → the one district
    it lies wholly in, or the districts it touches (a border crosses it)."""
    keys = [(row, column) for row in rows for column in columns]
    boxes = _boxes(keys, size)
    touching: dict[int, list[int]] = {}
    for box, district in zip(*tree.query(boxes, predicate="intersects"), strict=True):
        touching.setdefault(int(box), []).append(int(district))
    inside = {
        int(box): int(district) for box, district in zip(*tree.query(boxes, predicate="within"), strict=True)
    }
    cells: dict[tuple[int, int], int | tuple[int, ...]] = {}
    for box, districts in touching.items():
        cells[keys[box]] = inside[box] if box in inside else tuple(sorted(districts))
    return cells


def _boxes(keys: Sequence[tuple[int, int]], size: float) -> shapely.lib.Geometry:
    """The cells (row, column) of ``size`` degrees as shapely boxes (lon, lat)."""
    return shapely.box(
        [c * size for _, c in keys],
        [r * size for r, _ in keys],
        [(c + 1) * size for _, c in keys],
        [(r + 1) * size for r, _ in keys],
    )


@dataclass(frozen=True, slots=True)
class Near(Generic[T]):
    """An item and how far it is from the point asked about."""

    item: T
    km: float


class NearestPoints(Generic[T]):
    """Items by their point; ``nearest`` gives the closest to a point, closest first.

    The points are filed in grids of five cell sizes. A search walks rings of cells outwards in the
    finest grid, where a village's neighbours are a cell or two away; where a few rings hold nothing
    near enough (the desert, a point outside the country) it starts again in a coarser grid, rather
    than walk hundreds of empty small cells. Every grid gives the exact answer; the sizes only say how
    soon it is found.

    The nearest one alone (the common question, asked of every row of a table) is answered from the
    few *candidates* of the point's small cell, found the second time a point falls in it (a table's
    points repeat, a village's rows over and over): every item that can be nearest to some point of
    the cell, and only those (see ``_candidates_of``)."""

    _CELL_SIZES = (0.02, 0.08, 0.32, 1.28, 5.12)  # degrees: about 2 km, 9 km, 35 km, 140 km, 570 km
    _RINGS_BEFORE_COARSER = 4

    def __init__(self, located: Iterable[tuple[float, float, T]]) -> None:
        points = list(located)
        self._grids = [_PointGrid(points, size) for size in self._CELL_SIZES]
        self._count = len(points)
        self._candidates: dict[tuple[int, int], list[tuple[float, float, T]]] = {}
        self._asked: set[tuple[int, int]] = set()

    def __len__(self) -> int:
        return self._count

    def nearest(
        self, lat: float, lon: float, count: int = 1, *, within_km: float = math.inf
    ) -> list[Near[T]]:
        """Up to ``count`` items closest to the point (great-circle), closest first, none farther
        than ``within_km``."""
        if count == 1:
            return self._nearest_one(lat, lon, within_km)
        return self._ring_search(lat, lon, count, within_km)

    def _ring_search(self, lat: float, lon: float, count: int, within_km: float) -> list[Near[T]]:
        last = len(self._grids) - 1
        for level, grid in enumerate(self._grids):
            found = grid.nearest(
                lat, lon, count, within_km, None if level == last else self._RINGS_BEFORE_COARSER
            )
            if found is not None:
                return [Near(item, km) for km, item in found]
        return []

    def _nearest_one(self, lat: float, lon: float, within_km: float) -> list[Near[T]]:
        cell = _CANDIDATE_CELL
        key = (math.floor(lat / cell), math.floor(lon / cell))
        candidates = self._candidates.get(key)
        if candidates is None:
            # A cell asked about once is searched ring by ring; its candidates pay off from the second.
            if key not in self._asked:
                self._asked.add(key)
                return self._ring_search(lat, lon, 1, within_km)
            candidates = self._candidates[key] = self._candidates_of(*key)
        # The equirectangular distance ranks them (a fraction of the great circle's cost); only when
        # the runner-up is within 1% of the best, which its 0.1% error could reorder, does the great
        # circle decide among them all.
        shrink = math.cos(math.radians(lat))
        best = None
        best_squared = second_squared = math.inf
        for candidate in candidates:
            dy = candidate[0] - lat
            dx = (candidate[1] - lon) * shrink
            squared = dx * dx + dy * dy
            if squared < best_squared:
                best, best_squared, second_squared = candidate, squared, best_squared
            elif squared < second_squared:
                second_squared = squared
        if best is None:
            return []
        if second_squared <= best_squared * 1.0201:  # (1.01 km per km) squared
            best = min(candidates, key=lambda c: haversine_km(lat, lon, c[0], c[1]))
        best_km = haversine_km(lat, lon, best[0], best[1])
        return [Near(best[2], best_km)] if best_km <= within_km else []

    def _candidates_of(self, row: int, column: int) -> list[tuple[float, float, T]]:
        """Every item that can be nearest to a point of the small cell (row, column).

        With c the cell's centre, d the distance from c to its nearest item and h half the cell's
        diagonal, a point of the cell is at most h + d from that item; an item farther than d + 2h
        from c is farther than d + h from every point of the cell, so never nearest to one."""
        cell = _CANDIDATE_CELL
        centre_lat, centre_lon = (row + 0.5) * cell, (column + 0.5) * cell
        nearest = self._ring_search(centre_lat, centre_lon, 1, math.inf)
        if not nearest:
            return []
        half_diagonal = haversine_km(row * cell, column * cell, centre_lat, centre_lon)
        half_diagonal = max(
            half_diagonal, haversine_km((row + 1) * cell, column * cell, centre_lat, centre_lon)
        )
        reach = nearest[0].km + 2 * half_diagonal + 0.001  # a metre for rounding
        grid = next((g for g in self._grids if g.cell_km * 3 >= reach), self._grids[-1])  # <= 7 x 7 cells
        return grid.within(centre_lat, centre_lon, reach)


# The small cells whose candidates are kept (degrees; about 1 km): a few items each where villages are
# dense, a cell of the candidates made in tens of microseconds the first time a point falls in it.
_CANDIDATE_CELL = 0.01


class _PointGrid(Generic[T]):
    """Points in square cells of one size, searched ring by ring."""

    def __init__(self, points: Sequence[tuple[float, float, T]], cell: float) -> None:
        self._cell = cell
        self._cells: dict[tuple[int, int], list[tuple[float, float, T]]] = {}
        for lat, lon, item in points:
            self._cells.setdefault((math.floor(lat / cell), math.floor(lon / cell)), []).append(
                (lat, lon, item)
            )
        rows = [r for r, _ in self._cells] or [0]
        columns = [c for _, c in self._cells] or [0]
        self._bounds = (min(rows), max(rows), min(columns), max(columns))
        self._widest_lat = max((abs(lat) for lat, _, _ in points), default=0.0) + cell
        # the narrowest a cell is, east-west, where points are filed
        self.cell_km = cell * KM_PER_DEGREE * math.cos(math.radians(min(89.0, self._widest_lat)))

    def within(self, lat: float, lon: float, km: float) -> list[tuple[float, float, T]]:
        """Every filed point within ``km`` (great-circle) of the point."""
        row, column = math.floor(lat / self._cell), math.floor(lon / self._cell)
        rings = math.ceil(km / self.cell_km)  # r rings around a point's cell reach r cells from it
        found = []
        cells = self._cells
        # a point farther than this in latitude, or (shrunk) in longitude, is farther than km
        reach_lat = km / KM_PER_DEGREE
        reach_lon = reach_lat / max(0.01, math.cos(math.radians(min(89.0, abs(lat) + reach_lat))))
        for ring in range(rings + 1):
            for key in _ring(row, column, ring):
                for located in cells.get(key, ()):
                    if (
                        abs(located[0] - lat) <= reach_lat
                        and abs(located[1] - lon) <= reach_lon
                        and haversine_km(lat, lon, located[0], located[1]) <= km
                    ):
                        found.append(located)
        return found

    def nearest(
        self, lat: float, lon: float, count: int, within_km: float, max_rings: int | None
    ) -> list[tuple[float, T]] | None:
        """The ``count`` nearest as (km, item), or None when ``max_rings`` rings did not settle it.

        Candidates are compared by the equirectangular distance, in degrees of latitude (longitude
        shrunk by the cosine of the point's latitude): within 0.1% of the great circle at the tens of
        km asked about, at a tenth of its cost; the answers' distances are great-circle km."""
        cell = self._cell
        row_at, column_at = lat / cell, lon / cell
        row, column = math.floor(row_at), math.floor(column_at)
        low_row, high_row, low_column, high_column = self._bounds
        # From the first ring that reaches a filed cell to the last one there is.
        first = max(0, low_row - row, row - high_row, low_column - column, column - high_column)
        last = max(
            abs(row - low_row), abs(row - high_row), abs(column - low_column), abs(column - high_column)
        )
        capped = max_rings is not None and last > first + max_rings
        if capped:
            last = first + max_rings  # type: ignore[operator]
        shrink = math.cos(math.radians(lat))
        # How far the point is from its own cell's nearest edge, across and along (in cells): nothing
        # in ring r is nearer than r - 1 cells plus that, north-south or (shrunk) east-west.
        edge_across = min(row_at - row, row + 1 - row_at)
        edge_along = min(column_at - column, column + 1 - column_at)
        reach_limit = within_km / KM_PER_DEGREE
        squared_limit = reach_limit * reach_limit
        found: list[tuple[float, T, float, float]] = []
        cells = self._cells
        for ring in range(first, last + 1):
            if ring:
                gap = cell * min(ring - 1 + edge_across, (ring - 1 + edge_along) * shrink)
                if gap > reach_limit or (len(found) >= count and _kth(found, count) <= gap * gap):
                    return _closest(found, count, lat, lon, within_km)
            for key in _ring(row, column, ring):
                items = cells.get(key)
                if items:
                    for item_lat, item_lon, item in items:
                        dy = item_lat - lat
                        dx = (item_lon - lon) * shrink
                        squared = dx * dx + dy * dy
                        if squared <= squared_limit:
                            found.append((squared, item, item_lat, item_lon))
        # Every ring was walked, or the next one holds nothing nearer than what was found: settled.
        gap = cell * min(last + edge_across, (last + edge_along) * shrink)
        if not capped or gap > reach_limit or (len(found) >= count and _kth(found, count) <= gap * gap):
            return _closest(found, count, lat, lon, within_km)
        return None


def _kth(found: list[tuple[float, T, float, float]], count: int) -> float:
    """The ``count``-th smallest squared distance found."""
    if count == 1:
        return min(found, key=_first)[0]
    found.sort(key=_first)
    return found[count - 1][0]


def _closest(
    found: list[tuple[float, T, float, float]], count: int, lat: float, lon: float, within_km: float
) -> list[tuple[float, T]]:
    chosen = [min(found, key=_first)] if count == 1 and found else sorted(found, key=_first)[:count]
    measured = [(haversine_km(lat, lon, item_lat, item_lon), item) for _, item, item_lat, item_lon in chosen]
    return [(km, item) for km, item in measured if km <= within_km]


def _first(entry: tuple[float, object, float, float]) -> float:
    return entry[0]


_RINGS = 12  # the offsets of this many rings are made once


def _ring(row: int, column: int, ring: int) -> Iterable[tuple[int, int]]:
    """The cells exactly ``ring`` steps from (row, column) (the cell itself for ring 0)."""
    offsets = _OFFSETS[ring] if ring < _RINGS else _offsets(ring)
    return [(row + dr, column + dc) for dr, dc in offsets]


def _offsets(ring: int) -> tuple[tuple[int, int], ...]:
    if ring == 0:
        return ((0, 0),)
    sides = [(dr, dc) for dr in (-ring, ring) for dc in range(-ring, ring + 1)]
    sides += [(dr, dc) for dc in (-ring, ring) for dr in range(-ring + 1, ring)]
    return tuple(sides)


_OFFSETS = [_offsets(ring) for ring in range(_RINGS)]
