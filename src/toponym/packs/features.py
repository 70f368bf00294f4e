"""Placing the curated features (data/curated/areas.tsv) by the places that define them.

A region, a river, a crossing or a base is written down as places the sources do have: its members
(the towns of Eastern Ghouta, the towns on the Euphrates' banks) and where its point is (the mean of
the members, one place's point, or a stated coordinate), with an offset when the evidence gives one.
Once every source is merged, each member and point id is looked up among the merged places (any id
scheme finds its place); a feature gets the mean or named point, moved by its offset, and an
``Extent``: the bounding box of its point and its members' points. A member the pack lacks (a pack
built without OCHA, say) is left out with a warning; a feature left without a point is dropped with
a warning.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace

from toponym.geo import EARTH_RADIUS_KM
from toponym.models import Extent, Place
from toponym.packs.sources.curated import FeatureSpec


def place_features(features: Sequence[FeatureSpec], places: Iterable[Place]) -> tuple[list[Place], list[str]]:
    """The features with their point and extent, and warnings for what could not be placed."""
    by_id: dict[str, Place] = {}
    for place in places:
        for place_id in (place.id, *place.ids):
            by_id.setdefault(place_id, place)
    placed: list[Place] = []
    warnings: list[str] = []
    for feature in features:
        members = []
        for member_id in feature.members:
            member = by_id.get(member_id)
            if member is None or member.lat is None or member.lon is None:
                warnings.append(f"{feature.line}: member {member_id} is not in this pack (left out)")
            else:
                members.append(member)
        point = _point(feature, members, by_id)
        if point is None:
            warnings.append(f"{feature.line}: {feature.place.name} has no point in this pack (dropped)")
            continue
        lat, lon = _moved(point, feature.offset) if feature.offset else point
        lats = [lat, *(m.lat for m in members if m.lat is not None)]
        lons = [lon, *(m.lon for m in members if m.lon is not None)]
        extent = Extent(min(lats), min(lons), max(lats), max(lons))
        placed.append(replace(feature.place, lat=round(lat, 5), lon=round(lon, 5), extent=extent))
    return placed, warnings


def _point(feature: FeatureSpec, members: list[Place], by_id: dict[str, Place]) -> tuple[float, float] | None:
    if feature.point == "members":
        if not members:
            return None
        return (
            sum(m.lat for m in members if m.lat is not None) / len(members),
            sum(m.lon for m in members if m.lon is not None) / len(members),
        )
    if feature.point.startswith("of:"):
        anchor = by_id.get(feature.point[3:])
        if anchor is None or anchor.lat is None or anchor.lon is None:
            return None
        return anchor.lat, anchor.lon
    lat, lon = (float(v) for v in feature.point.split(","))
    return lat, lon


def _moved(point: tuple[float, float], offset: tuple[float, float]) -> tuple[float, float]:
    """The point moved ``km`` along a bearing (a spherical destination: exact enough over a few km)."""
    km, bearing = offset
    lat, lon = map(math.radians, point)
    angle, heading = km / EARTH_RADIUS_KM, math.radians(bearing)
    new_lat = math.asin(math.sin(lat) * math.cos(angle) + math.cos(lat) * math.sin(angle) * math.cos(heading))
    new_lon = lon + math.atan2(
        math.sin(heading) * math.sin(angle) * math.cos(lat),
        math.cos(angle) - math.sin(lat) * math.sin(new_lat),
    )
    return math.degrees(new_lat), math.degrees(new_lon)
