"""P-codes for every Syrian place: OCHA's where OCHA gives them, else found from where the place is.

OCHA's communities and admin units carry their chain (``toponym.packs.sources.ocha``) and the merge
keeps it on the place they join. Every other Syrian place with a point (a GeoNames or Who's On First
village OCHA does not list, a curated crossing) gets:

- its **district and governorate** from OCHA's district polygon that contains its point
  (``toponym.locate.OutlineLocator``; a point a little off the simplified border or coast takes the
  district within ``BORDER_KM``); the governorate is the district code's first four characters;
- its **subdistrict** from the OCHA communities nearest to it, only when the ``NEIGHBOURS`` nearest
  within ``NEIGHBOUR_KM`` all lie in one subdistrict of that same district; it is marked
  ``admin3_derived`` (OCHA has no subdistrict polygons to test the point against).

A place no source put in a governorate or district (most of Who's On First's villages have no district)
gets the names of the units its P-codes found, spelled as the gazetteer's own governorate and district
places are named; a name a source gave is kept, even where the polygons say otherwise (616 places of the
default: the sources' own word, which hints are read against, is left as they wrote it).

Areas and lines (a region, a river, a governorate a source gives without OCHA's code) get none: a
point in one polygon says nothing of an area that spans several.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from toponym.locate import NearestPoints, OutlineLocator
from toponym.models import COARSE_KINDS, PCodes, Place
from toponym.packs.outlines import Outline

BORDER_KM = 2.0  # a source's point this far outside every district still takes the nearest one
NEIGHBOUR_KM = 10.0  # communities farther than this say nothing about a place's subdistrict
NEIGHBOURS = 3  # how many of the nearest communities must agree on the subdistrict


def with_pcodes(places: Sequence[Place], outlines: Sequence[Outline]) -> tuple[list[Place], dict[str, int]]:
    """The places, each Syrian one with what P-codes can be found for it, and counts of how."""
    counts = dict.fromkeys(("from_ocha", "from_outline", "admin3_derived", "outside", "none"), 0)
    locator = OutlineLocator(outlines)
    communities = NearestPoints(
        (place.lat, place.lon, place.pcodes)
        for place in places
        if place.pcodes is not None
        and place.pcodes.community is not None
        and place.pcodes.admin3 is not None
        and place.lat is not None
        and place.lon is not None
    )
    unit_names = _unit_names(places)
    result: list[Place] = []
    for place in places:
        found = _pcodes(place, locator, communities)
        if place.country == "SY":
            counts[_how(place, found)] += 1
        if found is not place.pcodes and found is not None:
            counts["admin3_derived"] += found.admin3_derived
            place = replace(
                place,
                pcodes=found,
                admin1=place.admin1 or unit_names.get(found.admin1 or ""),
                admin2=place.admin2 or unit_names.get(found.admin2 or ""),
            )
        result.append(place)
    return result, counts


def _unit_names(places: Sequence[Place]) -> dict[str, str]:
    """Each governorate's and district's P-code → the name of the gazetteer's place for it."""
    names: dict[str, str] = {}
    for place in places:
        code = place.pcodes.admin1 if place.kind == "governorate" and place.pcodes else None
        if place.kind == "district" and place.pcodes:
            code = place.pcodes.admin2
        if code and place.country == "SY":
            names.setdefault(code, place.name)
    return names


def _how(place: Place, found: PCodes | None) -> str:
    if found is None:
        return "none" if place.kind in COARSE_KINDS or place.lat is None else "outside"
    return "from_ocha" if found is place.pcodes else "from_outline"


def _pcodes(place: Place, locator: OutlineLocator, communities: NearestPoints[PCodes]) -> PCodes | None:
    given = place.pcodes
    if place.country != "SY" or not locator or (given is not None and given.admin1 is not None):
        return given
    if place.kind in COARSE_KINDS or place.lat is None or place.lon is None:
        return given
    district = locator.nearest_district(place.lat, place.lon, BORDER_KM)
    if district is None:
        return given
    admin3 = _agreed_subdistrict(place, district.pcode, communities)
    return PCodes(
        admin1=district.pcode[:4],
        admin2=district.pcode,
        admin3=admin3,
        community=given.community if given else None,  # a Damascus neighbourhood's own code
        admin3_derived=admin3 is not None,
    )


def _agreed_subdistrict(place: Place, district: str, communities: NearestPoints[PCodes]) -> str | None:
    assert place.lat is not None and place.lon is not None
    nearest = communities.nearest(place.lat, place.lon, NEIGHBOURS, within_km=NEIGHBOUR_KM)
    subdistricts = {near.item.admin3 for near in nearest}
    if len(nearest) < NEIGHBOURS or len(subdistricts) != 1:
        return None
    (subdistrict,) = subdistricts
    return subdistrict if subdistrict is not None and subdistrict.startswith(district) else None
