"""Governorates and districts: which one a spelling names, and which one each place lies in.

The one service every part of toponym asks about administrative areas: lookup hints ("Idleb",
"Rural Damascus", "Deir-ez-Zor"), extraction's document context, seats of areas.

- ``resolve(text, level)``: the governorate (or district) place a spelling names, scored against the
  names of the gazetteer's own governorate (district) places, as any query is
  (``ADMIN_RESOLVE_THRESHOLD``), so no table of OCHA or BGN spellings is needed.
- ``governorate_of(position)`` / ``district_of(position)``: the area a place lies in, from its own
  ``admin1``/``admin2`` resolved the same way, else its nearest neighbour's within ``NEIGHBOUR_KM``
  (WOF's localities often carry no admin names). Computed when the index is built, stored with it.
- ``near_border(position, area, level)``: whether a place outside an area lies within ``BORDER_KM``
  of one of its places. A hint is evidence, not a fence: tables file border villages under the
  neighbouring governorate, and the Rural Damascus suburbs under "Damascus".
- ``surrounding(area)``: the governorate that surrounds a governorate on every side (Rural Damascus
  around Damascus): a table that writes the inner one often means the whole area around it ("DAMASCUS"
  for Beit Jinn, 40 km out), so every place of the outer one counts as near the border.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

from toponym.geo import KM_PER_DEGREE, Grid, distance_km, haversine_km
from toponym.index.names import NameIndex
from toponym.index.places import PlaceTable
from toponym.lazy import lazy
from toponym.text.keys import name_keys

ADMIN_RESOLVE_THRESHOLD = 70.0  # how sure we must be that "Idleb" is a governorate before using it
# How sure we must be that a part of a query names an area ("Saraqib, Idlib"): the caller did not say the
# part is one, so it must name one as surely as a sure answer names its place.
NAMED_AREA_SCORE = 95.0
NAMED_CACHE_SIZE = 4096
NEIGHBOUR_KM = 10.0  # a place with no known governorate takes its nearest neighbour's, this close
BORDER_KM = 15.0  # a place this close to a place of another area lies near that area's border
# A governorate is surrounded by another when, seen from the centre of its places, the nearest place
# of another governorate in each of ``_SECTORS`` directions (within its radius and this margin) lies in
# one and the same governorate: Damascus in Rural Damascus. (Tried on districts too, it also "found"
# districts whose places are spread far and wide by stray admin names: governorates only.)
SURROUNDING_MARGIN_KM = 30.0
_SECTORS = 8
_MIN_SURROUNDED_PLACES = 3
_NEIGHBOUR_CELL_DEGREES = 0.1  # at least NEIGHBOUR_KM in both axes
_BORDER_CELL_DEGREES = 0.15  # at least BORDER_KM in both axes
GOVERNORATE, DISTRICT, COUNTRY = "governorate", "district", "country"
_ADMIN_KINDS = frozenset({"country", "governorate", "district", "subdistrict"})
NONE = -1  # in the position arrays: no area


class _Level:
    """The areas of one level (governorates, or districts) and a small name index of theirs alone."""

    def __init__(self, table: PlaceTable, members: Sequence[int]) -> None:
        self._table = table
        self.members = members  # positions of the areas in the whole table

    @lazy
    def _index(self) -> NameIndex:
        return NameIndex.build(PlaceTable.build([self._table.place(p) for p in self.members]))

    def resolve(self, text: str, threshold: float = ADMIN_RESOLVE_THRESHOLD) -> int:
        """The position of the area ``text`` names with a score of ``threshold`` or more, or NONE."""
        scores = self._index.scores(name_keys(text))
        if not scores:
            return NONE
        member, (score, _) = max(scores.items(), key=lambda item: item[1][0])
        return self.members[member] if score >= threshold else NONE


class Areas:
    """The administrative areas of a place table (see the module docstring)."""

    def __init__(
        self,
        table: PlaceTable,
        governorate_of: Sequence[int],
        district_of: Sequence[int],
        borders: Mapping[str, frozenset[tuple[int, int]] | bytes] | None = None,
        surrounding: Mapping[int, int] | None = None,
    ) -> None:
        self._table = table
        self._levels = {
            level: _Level(table, [p for p in range(len(table)) if table.kinds[p] == level])
            # countries too: only their names are asked of them, as a part of a query ("Beirut, Lebanon")
            for level in (GOVERNORATE, DISTRICT, COUNTRY)
        }
        self._of = {GOVERNORATE: governorate_of, DISTRICT: district_of}
        self._borders: dict[str, frozenset[tuple[int, int]] | bytes] = dict(
            borders or {GOVERNORATE: frozenset(), DISTRICT: frozenset()}
        )
        self._resolved: dict[tuple[str, str], int] = {}
        # parts of queries are as many as a table has rows: the answers are kept for the recent ones
        self._named = lru_cache(maxsize=NAMED_CACHE_SIZE)(self._names_surely)
        # governorate -> the governorate around it, for those that have one: worked out when the
        # index is built, stored with it
        self._surrounding: dict[int, int] = dict(surrounding or {})

    @classmethod
    def build(cls, table: PlaceTable) -> Areas:
        """Work out the governorate and district of every place (once, when an index is built)."""
        areas = cls(table, (), ())
        areas._of = {
            GOVERNORATE: areas._assign(GOVERNORATE, lambda p: table.place(p).admin1),
            DISTRICT: areas._assign(DISTRICT, lambda p: table.place(p).admin2),
        }
        areas._borders = {level: areas._near_borders(level) for level in (GOVERNORATE, DISTRICT)}
        for governorate in areas._levels[GOVERNORATE].members:
            around = areas._find_surrounding(governorate)
            if around != NONE:
                areas._surrounding[governorate] = around
        return areas

    def resolve(self, text: str | None, level: str) -> int:
        """The position of the governorate (``level="governorate"``) or district a spelling names,
        or NONE when none is close enough."""
        if not text:
            return NONE
        key = (text, level)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self._levels[level].resolve(text)
        return found

    def named(self, text: str, level: str) -> bool:
        """Whether ``text`` surely names a governorate (``level="governorate"``) or district
        (``NAMED_AREA_SCORE``): a part of a query read as its area, "Idlib" in "Saraqib, Idlib"."""
        return self._named(text, level) != NONE

    def country_named(self, text: str) -> str | None:
        """The ISO 3166-1 alpha-2 code of the country ``text`` surely names ("Syria", "سوريا",
        "Lebanon"), or None."""
        position = self._named(text, COUNTRY)
        return (self._table.countries[position] or None) if position != NONE else None

    def _names_surely(self, text: str, level: str) -> int:
        return self._levels[level].resolve(text, NAMED_AREA_SCORE)

    def governorate_of(self, position: int) -> int:
        return self._of[GOVERNORATE][position]

    def district_of(self, position: int) -> int:
        return self._of[DISTRICT][position]

    def area_of(self, position: int, level: str) -> int:
        return self._of[level][position]

    def near_border(self, position: int, area: int, level: str) -> bool:
        """Whether the place lies outside ``area`` but within ``BORDER_KM`` of one of its places."""
        borders = self._borders[level]
        if isinstance(borders, bytes):  # read back from a pack: the pairs are made on first use
            flat = array("i")
            flat.frombytes(borders)
            borders = self._borders[level] = frozenset(zip(flat[::2], flat[1::2], strict=True))
        return (position, area) in borders

    def surrounding(self, area: int) -> int:
        """The governorate that surrounds the governorate at ``area`` on every side, or NONE."""
        return self._surrounding.get(area, NONE)

    def _find_surrounding(self, area: int) -> int:
        table, of = self._table, self._of[GOVERNORATE]
        lats, lons, kinds = table.lats, table.lons, table.kinds

        def counted(p: int) -> bool:  # a place with a point and a governorate, not an area itself
            return of[p] != NONE and kinds[p] not in _ADMIN_KINDS and not math.isnan(lats[p])

        members = [p for p in range(len(table)) if of[p] == area and counted(p)]
        if len(members) < _MIN_SURROUNDED_PLACES:
            return NONE
        lat = sum(lats[p] for p in members) / len(members)
        lon = sum(lons[p] for p in members) / len(members)
        reach = max(haversine_km(lat, lon, lats[p], lons[p]) for p in members) + SURROUNDING_MARGIN_KM
        shrink = math.cos(math.radians(lat))  # east-west degrees are shorter
        reach_degrees = reach / KM_PER_DEGREE
        nearest: dict[int, tuple[float, int]] = {}
        for p in range(len(table)):
            if abs(lats[p] - lat) > reach_degrees or of[p] == area or not counted(p):
                continue  # (NaN compares False: a place without a point is left to counted)
            km = haversine_km(lat, lon, lats[p], lons[p])
            if km > reach:
                continue
            angle = math.atan2(lats[p] - lat, (lons[p] - lon) * shrink)
            sector = int((angle + math.pi) / (2 * math.pi) * _SECTORS) % _SECTORS
            if sector not in nearest or km < nearest[sector][0]:
                nearest[sector] = (km, of[p])
        around = {owner for _, owner in nearest.values()}
        return around.pop() if len(nearest) == _SECTORS and len(around) == 1 else NONE

    def _near_borders(self, level: str) -> frozenset[tuple[int, int]]:
        """The (place, other area) pairs of the places that lie within ``BORDER_KM`` of a place of
        another area of ``level``."""
        table, of = self._table, self._of[level]
        grid: Grid[int] = Grid(_BORDER_CELL_DEGREES)
        located = []
        for p in range(len(table)):
            spot = table.spot(p)
            if (
                of[p] != NONE
                and spot.lat is not None
                and spot.lon is not None
                and table.kinds[p] not in _ADMIN_KINDS
            ):
                grid.add(spot.lat, spot.lon, p)
                located.append((p, spot))
        pairs: set[tuple[int, int]] = set()
        for p, spot in located:
            for q in grid.around(spot.lat, spot.lon):  # type: ignore[arg-type]
                if (
                    of[q] != of[p]
                    and (p, of[q]) not in pairs
                    and distance_km(spot, table.spot(q)) <= BORDER_KM
                ):
                    pairs.add((p, of[q]))
        return frozenset(pairs)

    def _assign(self, level: str, admin_name: Callable[[int], str | None]) -> array[int]:
        """Each place's area: the place itself for an area of this level, else its admin name resolved,
        else the nearest place's (within ``NEIGHBOUR_KM``) whose admin name did resolve."""
        table = self._table
        found = array(
            "i",
            (p if table.kinds[p] == level else self.resolve(admin_name(p), level) for p in range(len(table))),
        )
        grid: Grid[int] = Grid(_NEIGHBOUR_CELL_DEGREES)
        for p in range(len(table)):
            spot = table.spot(p)
            if found[p] != NONE and spot.lat is not None and spot.lon is not None:
                grid.add(spot.lat, spot.lon, p)
        for p in range(len(table)):
            spot = table.spot(p)
            if found[p] != NONE or spot.lat is None or spot.lon is None or table.kinds[p] in _ADMIN_KINDS:
                continue
            neighbours = list(grid.around(spot.lat, spot.lon))
            if neighbours:
                nearest = min(neighbours, key=lambda q: distance_km(spot, table.spot(q)))
                if distance_km(spot, table.spot(nearest)) <= NEIGHBOUR_KM:
                    found[p] = found[nearest]
        return found

    # -- storage --------------------------------------------------------------------------------
    def to_blobs(self) -> dict[str, bytes]:
        return {
            "areas.governorate_of": array("i", self._of[GOVERNORATE]).tobytes(),
            "areas.district_of": array("i", self._of[DISTRICT]).tobytes(),
            **{
                f"areas.{level}_borders": pairs
                if isinstance(pairs, bytes)
                else array("i", [p for pair in sorted(pairs) for p in pair]).tobytes()
                for level, pairs in self._borders.items()
            },
            "areas.surrounding": array(
                "i", [p for pair in sorted(self._surrounding.items()) for p in pair]
            ).tobytes(),
        }

    @classmethod
    def from_blobs(cls, table: PlaceTable, blobs: Mapping[str, bytes]) -> Areas:
        governorate_of, district_of = array("i"), array("i")
        governorate_of.frombytes(blobs["areas.governorate_of"])
        district_of.frombytes(blobs["areas.district_of"])
        borders = {level: blobs[f"areas.{level}_borders"] for level in (GOVERNORATE, DISTRICT)}
        pairs = array("i")
        pairs.frombytes(blobs["areas.surrounding"])
        surrounding = dict(zip(pairs[::2], pairs[1::2], strict=True))
        return cls(table, governorate_of, district_of, borders, surrounding)
