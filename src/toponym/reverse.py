"""Coordinates to places (``Gazetteer.reverse``): the governorate and district a point lies in, with
their P-codes, and the Syrian settlements nearest to it.

The units come from OCHA's district polygons in the pack (``toponym.locate.OutlineLocator``); a pack
built without them answers with the nearest settlement's units instead (``Location.by``). A point in
no district (farther than ``BORDER_KM`` from every one) is ``outside``; one that is outside as given but inside with latitude and longitude
exchanged is ``swapped`` and answered for the exchanged point (a column pair entered the wrong way
round is the commonest coordinate mistake in real tables).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from toponym.index.places import PlaceTable
from toponym.locate import NearestPoints, Outline, OutlineLocator
from toponym.models import Location, Nearby, Place, PointStatus

# What "settlement" means here: where people live and a table's rows happen (not a region's point).
SETTLEMENT_KINDS = frozenset({"city", "town", "village", "neighbourhood", "locality", "camp"})
NEAREST_WITHIN_KM = 100.0  # a settlement farther than this from the point is no answer to "what is here"
# A point this close outside every district is in the nearest one: the outlines are simplified by about
# 100 m, and OCHA's own community points sit a few metres over its borders.
BORDER_KM = 1.0


class ReverseGeocoder:
    """Answers ``locate(lat, lon)`` from a gazetteer's place table and outlines (built once)."""

    def __init__(
        self, table: PlaceTable, outlines: Sequence[Outline], unit: Callable[[str], Place | None]
    ) -> None:
        self._table = table
        self._find_unit = unit  # a unit's P-code → the gazetteer's place for it
        self._units: dict[str, Place | None] = {}
        self._units_of: dict[str, tuple[Place | None, Place | None]] = {}  # a district's code → its units
        self._outlines = OutlineLocator(outlines)
        kinds, countries, lats, lons = table.kinds, table.countries, table.lats, table.lons
        self._settlements: NearestPoints[int] = NearestPoints(
            (lats[i], lons[i], i)
            for i in range(len(table))
            if countries[i] == "SY" and kinds[i] in SETTLEMENT_KINDS and not math.isnan(lats[i])
        )

    def locate(self, lat: float, lon: float, limit: int = 1) -> Location:
        status: PointStatus = "inside"
        district = self._district(lat, lon)
        if district is None and self._outlines:
            if self._district(lon, lat) is not None:
                status, (lat, lon) = "swapped", (lon, lat)
                district = self._district(lat, lon)
            else:
                status = "outside"
        place = self._table.place
        found = self._settlements.nearest(lat, lon, limit, within_km=NEAREST_WITHIN_KM)
        if len(found) == 1:  # the common question: no generator for one
            nearest: tuple[Nearby, ...] = (Nearby(place(found[0].item), found[0].km),)
        else:
            nearest = tuple(Nearby(place(near.item), near.km) for near in found)
        if district is not None:
            units = self._units_of.get(district.pcode)
            if units is None:
                units = self._units_of[district.pcode] = (
                    self._unit(district.pcode[:4]),
                    self._unit(district.pcode),
                )
            return Location(lat, lon, status, units[0], units[1], nearest)
        if self._outlines or not nearest or nearest[0].place.pcodes is None:
            return Location(lat, lon, status if self._outlines else "unknown", None, None, nearest, by="none")
        codes = nearest[0].place.pcodes  # no outlines in this pack: the nearest settlement's units
        governorate = self._unit(codes.admin1) if codes.admin1 else None
        district_place = self._unit(codes.admin2) if codes.admin2 else None
        return Location(lat, lon, "unknown", governorate, district_place, nearest, by="nearest")

    def _unit(self, pcode: str) -> Place | None:
        if pcode not in self._units:
            self._units[pcode] = self._find_unit(pcode)
        return self._units[pcode]

    def _district(self, lat: float, lon: float) -> Outline | None:
        if not self._outlines or not (-90.0 <= lat <= 90.0):
            return None
        return self._outlines.nearest_district(lat, lon, BORDER_KM)
