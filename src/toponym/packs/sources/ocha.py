"""OCHA Common Operational Dataset for Syria: the admin4 community points (``syr_admin4_point.geojson``)
and, when it lies beside them, the Damascus neighbourhood polygons (``syr_admin5.geojson``).

Each feature is a community with a P-code (``C4268``), an English and an Arabic name and its admin
chain (``ADMIN1_COD`` SY07 … ``ADMIN3_COD`` SY070500, with names in both scripts). The chain's units
become governorate / district / subdistrict records of their own (ids ``ocha:SY07`` …, placed at the
mean point of their communities): they merge with OpenSyria's through the same P-codes and bring
OCHA's spellings along.

Each neighbourhood (``HAY_PCODE`` C10011010, an English name only) becomes a "neighbourhood" place in
its city, at its polygon's area centroid (``toponym.packs.sources.geometry``); the one named "Unknown" is
skipped.

The delivered points file is not valid UTF-8 everywhere: a few Arabic names were cut in the middle of a
character. Each string is decoded on its own; a damaged one keeps its text up to the cut (the broken
bytes are dropped), becomes a variant name only (never the place's ``name_ar``) and is counted in
``stats["damaged_names"]``.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from toponym.errors import SourceError
from toponym.models import Name, PCodes, Place
from toponym.packs.sources import SourceRecords, count_places, usable_places
from toponym.packs.sources._upstream import coordinate, make_name, unique_names
from toponym.packs.sources.geometry import area_centroid

SOURCE = "ocha"
FILENAME = "syr_admin4_point.geojson"
NEIGHBOURHOODS_FILENAME = "syr_admin5.geojson"
_UNNAMED = frozenset({"unknown", ""})  # OCHA's placeholder for a polygon with no name

# Bytes that are not UTF-8 come back from "surrogateescape" as lone surrogates U+DC80–U+DCFF.
_UNDECODABLE = re.compile("[\udc80-\udcff]+")
# OCHA's capital levels: 0 the national capital, 1 governorate centres, 2 district, 3 subdistrict.
_CAPITAL_KINDS = {0: "city", 1: "city", 2: "town", 3: "town"}
# The admin chain: (code field, English, Arabic, kind), from the largest unit down.
_CHAIN = (
    ("ADMIN1_COD", "ADMIN1_EN", "ADMIN1_ARA", "governorate"),
    ("ADMIN2_COD", "ADMIN2_EN", "ADMIN2_ARA", "district"),
    ("ADMIN3_COD", "ADMIN3_EN", "ADMIN3_ARA", "subdistrict"),
)


def read_ocha(path: Path) -> SourceRecords:
    """Read OCHA's admin4 community points: the GeoJSON file, or a directory holding it."""
    file = _locate(Path(path))
    features = _features(file)
    stats: Counter[str] = Counter()
    warnings: list[str] = []
    damaged_pcodes: list[str] = []
    communities: list[Place] = []
    units: dict[str, Place] = {}
    unit_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for feature in features:
        stats["records"] += 1
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict) or not _clean(properties.get("PCODE"))[0]:
            stats["skipped_no_pcode"] += 1
            continue
        place, damaged = _community(properties)
        if damaged:
            damaged_pcodes.append(place.id)
            stats["damaged_names"] += damaged
        communities.append(place)
        for unit, unit_damaged in _chain_units(properties):
            if unit.id not in units:
                units[unit.id] = unit
                stats["damaged_names"] += unit_damaged
            if place.lat is not None and place.lon is not None:
                unit_points[unit.id].append((place.lat, place.lon))
    if damaged_pcodes:
        warnings.append(
            f"{stats['damaged_names']} OCHA names are not valid UTF-8 (cut mid-character); "
            f"kept up to the damage as variant names: {', '.join(damaged_pcodes)}"
        )
    stats["communities"] = len(communities)
    for kind in ("governorate", "district", "subdistrict"):
        stats[f"{kind}s"] = sum(1 for u in units.values() if u.kind == kind)
    places = communities + [_at_mean_point(u, unit_points[i]) for i, u in sorted(units.items())]
    also_read: list[Path] = []
    neighbourhoods_file = file.parent / NEIGHBOURHOODS_FILENAME
    if neighbourhoods_file.is_file():
        neighbourhoods, skipped = _neighbourhoods(neighbourhoods_file)
        places += neighbourhoods
        also_read.append(neighbourhoods_file)
        stats["neighbourhoods"] = len(neighbourhoods)
        stats["skipped_neighbourhoods"] = skipped
    places = usable_places(places, stats, file)
    count_places(stats, places)
    stats.setdefault("damaged_names", 0)
    return SourceRecords(SOURCE, file, places, dict(stats), warnings, also_read)


def _locate(path: Path) -> Path:
    if path.is_dir():
        found = sorted(path.rglob(FILENAME))
        if not found:
            raise SourceError(f"no {FILENAME} in {path}: point --ocha at OCHA's admin4 point file")
        return found[0]
    if not path.is_file():
        raise SourceError(f"OCHA source not found: {path}")
    return path


def _features(file: Path) -> list[Any]:
    # Decode leniently, so that a damaged name spoils only itself; JSON syntax is plain ASCII.
    text = file.read_bytes().decode("utf-8", errors="surrogateescape").lstrip("\ufeff")
    try:
        collection = json.loads(text)
    except ValueError as error:
        raise SourceError(f"{file} is not GeoJSON: {error}") from error
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise SourceError(f"{file} is not a GeoJSON FeatureCollection")
    return features


def _clean(value: object) -> tuple[str, bool]:
    """The text of a string value without its undecodable bytes, and whether it had any."""
    if not isinstance(value, str):
        return ("" if value is None else str(value)).strip(), False
    cleaned = _UNDECODABLE.sub("", value)
    return " ".join(cleaned.split()), cleaned != value


def _community(p: dict[str, Any]) -> tuple[Place, int]:
    """The community's provisional Place, and how many of its names were damaged."""
    pcode, _ = _clean(p.get("PCODE"))
    english, english_damaged = _clean(p.get("NAME_EN"))
    reference, reference_damaged = _clean(p.get("NAM_EN_REF"))
    arabic, arabic_damaged = _clean(p.get("NAME_ARA"))
    names: list[Name | None] = [
        make_name(english, "eng", SOURCE, "variant" if english_damaged else "preferred"),
        make_name(reference, "eng", SOURCE, "variant") if reference != english else None,
        make_name(arabic, "ara", SOURCE, "variant" if arabic_damaged else "preferred"),
    ]
    place = Place(
        id=f"ocha:{pcode}",
        name=english or reference or pcode,
        kind=_kind(p.get("CAPIT_LVL")),
        lat=coordinate(p.get("LATITUDE")),
        lon=coordinate(p.get("LONGITUDE")),
        name_ar=None if arabic_damaged else (arabic or None),
        country="SY",
        admin1=_clean(p.get("ADMIN1_EN"))[0] or None,
        admin2=_clean(p.get("ADMIN2_EN"))[0] or None,
        ids=(f"ocha:{pcode}",),
        names=unique_names(names),
        sources=(SOURCE,),
        pcodes=PCodes(
            admin1=_clean(p.get("ADMIN1_COD"))[0] or None,
            admin2=_clean(p.get("ADMIN2_COD"))[0] or None,
            admin3=_clean(p.get("ADMIN3_COD"))[0] or None,
            community=pcode,
        ),
    )
    return place, english_damaged + reference_damaged + arabic_damaged


def _neighbourhoods(file: Path) -> tuple[list[Place], int]:
    """The named neighbourhood polygons of the admin5 file as places, and how many were skipped
    (unnamed, or with no usable polygon)."""
    places: list[Place] = []
    skipped = 0
    for feature in _features(file):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            skipped += 1
            continue
        pcode, _ = _clean(properties.get("HAY_PCODE"))
        name, damaged = _clean(properties.get("HAY_EN"))
        point = area_centroid(feature.get("geometry"))
        if not pcode or name.casefold() in _UNNAMED or point is None:
            skipped += 1
            continue
        city = _clean(properties.get("CITY_NAME"))[0] or None
        places.append(
            Place(
                id=f"ocha:{pcode}",
                name=name,
                kind="neighbourhood",
                lat=point[0],
                lon=point[1],
                country="SY",
                admin1=city,  # the one city OCHA divides is Damascus, a governorate and district too
                admin2=city,
                ids=(f"ocha:{pcode}",),
                names=unique_names([make_name(name, "eng", SOURCE, "variant" if damaged else "preferred")]),
                sources=(SOURCE,),
                # its own code; the admin chain comes from the outlines (toponym.packs.pcodes)
                pcodes=PCodes(community=pcode),
            )
        )
    return places, skipped


def _kind(capital_level: object) -> str:
    if isinstance(capital_level, (int, float)) and not isinstance(capital_level, bool):
        return _CAPITAL_KINDS.get(int(capital_level), "village")
    return "village"


def _at_mean_point(unit: Place, points: list[tuple[float, float]]) -> Place:
    """The unit placed at the mean point of its communities: near its middle, good enough to tell
    it from a homonymous unit elsewhere (OpenSyria's centroids come first in the merge)."""
    if not points:
        return unit
    lat = sum(p[0] for p in points) / len(points)
    lon = sum(p[1] for p in points) / len(points)
    return replace(unit, lat=round(lat, 5), lon=round(lon, 5))


def _chain_units(p: dict[str, Any]) -> list[tuple[Place, int]]:
    """The governorate, district and subdistrict records named in a community's admin chain, each
    with its count of damaged names."""
    units: list[tuple[Place, int]] = []
    above: list[str | None] = []
    codes: list[str | None] = []
    for code_field, english_field, arabic_field, kind in _CHAIN:
        code, _ = _clean(p.get(code_field))
        english, english_damaged = _clean(p.get(english_field))
        arabic, arabic_damaged = _clean(p.get(arabic_field))
        if code:
            names = unique_names(
                [
                    make_name(english, "eng", SOURCE, "variant" if english_damaged else "preferred"),
                    make_name(arabic, "ara", SOURCE, "variant" if arabic_damaged else "preferred"),
                ]
            )
            unit = Place(
                id=f"ocha:{code}",
                name=english or code,
                kind=kind,
                lat=None,  # set by _at_mean_point: OCHA gives units as polygons, in other files
                lon=None,
                name_ar=None if arabic_damaged else (arabic or None),
                country="SY",
                admin1=above[0] if above else None,
                admin2=above[1] if len(above) > 1 else None,
                ids=(f"ocha:{code}",),
                names=names,
                sources=(SOURCE,),
                pcodes=PCodes(*codes, code),  # the unit's own code at its level, the larger units' above
            )
            units.append((unit, english_damaged + arabic_damaged))
        above.append(english or None)
        codes.append(code or None)
    return units
