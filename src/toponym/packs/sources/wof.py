"""Who's On First: the ``whosonfirst-data-admin-xx`` repository, as a GitHub ``.tar.gz`` or unpacked.

Each record is one GeoJSON file. We keep regions (governorates), counties (districts), localities and
neighbourhoods; skip alternate geometries (``*-alt-*.geojson``), the country, campuses, and records
that are superseded or deprecated. WOF keeps several records for some big places (a GeoNames import,
a Natural Earth one, a Quattroshapes one); they carry the same GeoNames id or name, and
``toponym.packs.merge`` joins them.
"""

from __future__ import annotations

import json
import re
import tarfile
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toponym.errors import SourceError
from toponym.models import Name, NameStatus, Place
from toponym.packs.sources import SourceRecords, count_places, usable_places
from toponym.packs.sources._upstream import (
    coordinate,
    first_arabic,
    make_name,
    positive_int,
    settlement_kind,
    unique_names,
)
from toponym.packs.sources.geonames import LESSER_SETTLEMENT_CODES

SOURCE = "wof"

_KEPT_PLACETYPES = frozenset({"region", "county", "locality", "neighbourhood"})
# ``name:ara_x_preferred`` → ("ara", "preferred"); "zho_cn" and "eng_gb" keep their language.
_NAME_KEY = re.compile(r"^name:([a-z]{3})[a-z_]*?_x_([a-z]+)$")
_NAME_STATUS: dict[str, NameStatus] = {
    "preferred": "preferred",
    "variant": "variant",
    "colloquial": "variant",
    "historical": "historic",
}
# On a locality these are names of the governorate around it, which some imports copied onto the
# city ("مُحافظة اللاذقية" and "Latakia Governate" on a Quattroshapes "Latakia"): not its names.
_ADMIN_UNIT_WORDS = re.compile(r"محافظ|governorate|governate|muhafaz", re.IGNORECASE)
_MARKS = re.compile(r"[\u0300-\u036f\u064b-\u065f\u0670]")  # Latin accents, Arabic harakat


@dataclass(frozen=True, slots=True)
class _Unit:
    """What a locality needs to know about a region or county it lies in."""

    placetype: str
    name: str


def read_wof(path: Path) -> SourceRecords:
    """Read a Who's On First admin repository: the GitHub ``.tar.gz`` or a directory of GeoJSON."""
    path = Path(path)
    if not path.exists():
        raise SourceError(f"Who's On First source not found: {path}")
    stats: Counter[str] = Counter()
    records: list[dict[str, Any]] = []
    for filename, properties in _geojson_properties(path):
        stats["records"] += 1
        if "-alt-" in filename:
            stats["skipped_alternate_geometry"] += 1
            continue
        if properties is None:
            stats["skipped_unreadable"] += 1
            continue
        records.append(properties)
    if not stats["records"]:
        raise SourceError(f"no Who's On First *.geojson records in {path}")

    units = {
        p["wof:id"]: _Unit(p["wof:placetype"], p.get("wof:name") or "")
        for p in records
        if p.get("wof:placetype") in ("region", "county") and not _skip_reason(p)
    }
    regions_by_admin1_code = _regions_by_admin1_code(records)
    places: list[Place] = []
    for properties in records:
        reason = _skip_reason(properties)
        if reason:
            stats[f"skipped_{reason}"] += 1
            continue
        place, dropped = _place(properties, units, regions_by_admin1_code)
        stats["admin_unit_names_dropped"] += dropped
        places.append(place)
    places = usable_places(places, stats, path)
    count_places(stats, places)
    warnings = []
    if stats["skipped_unreadable"]:
        warnings.append(f"{stats['skipped_unreadable']} WOF files were not valid GeoJSON: skipped")
    return SourceRecords(SOURCE, path, places, dict(stats), warnings)


def _geojson_properties(path: Path) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """(file name, properties) of every ``*.geojson`` in the archive or directory, streaming."""
    if path.is_dir():
        for file in sorted(path.rglob("*.geojson")):
            yield file.name, _properties(file.read_bytes())
        return
    try:
        with tarfile.open(path, mode="r|*") as archive:  # streaming: nothing written to disk
            for member in archive:
                if member.isfile() and member.name.endswith(".geojson"):
                    handle = archive.extractfile(member)
                    if handle is not None:
                        yield member.name.rsplit("/", 1)[-1], _properties(handle.read())
    except (tarfile.TarError, OSError, EOFError) as error:
        raise SourceError(f"{path} is not a readable .tar.gz archive of WOF records: {error}") from error


def _properties(raw: bytes) -> dict[str, Any] | None:
    try:
        feature = json.loads(raw)
    except ValueError:
        return None
    properties = feature.get("properties") if isinstance(feature, dict) else None
    return properties if isinstance(properties, dict) and properties.get("wof:id") else None


def _skip_reason(properties: dict[str, Any]) -> str | None:
    if properties.get("wof:placetype") not in _KEPT_PLACETYPES:
        return "placetype"
    if properties.get("wof:superseded_by"):
        return "superseded"
    if properties.get("edtf:deprecated") not in (None, "", "uuuu"):
        return "deprecated"
    return None


def _regions_by_admin1_code(records: list[dict[str, Any]]) -> dict[str, str]:
    """GeoNames admin1 code ("13") → region name, from the regions' FIPS concordances ("SY13")."""
    codes: dict[str, str] = {}
    for p in records:
        if p.get("wof:placetype") != "region" or _skip_reason(p):
            continue
        fips = str(p.get("wof:concordances", {}).get("fips:code") or "")
        if len(fips) == 4 and fips[2:].isdigit():
            codes[fips[2:]] = p.get("wof:name") or ""
    return codes


def _place(
    p: dict[str, Any], units: dict[int, _Unit], regions_by_admin1_code: dict[str, str]
) -> tuple[Place, int]:
    """The provisional Place of one record, and how many governorate names were dropped from it."""
    placetype = p["wof:placetype"]
    names, dropped = _names(p, placetype)
    english = [n.text for n in names if n.lang == "eng" and n.status == "preferred"]
    population = positive_int(p.get("gn:population")) or positive_int(p.get("wof:population"))
    admin1, admin2 = _admin_names(p, units, regions_by_admin1_code)
    place = Place(
        id=f"wof:{p['wof:id']}",
        name=english[0] if english else (p.get("wof:name") or _first_latin(names, p["wof:id"])),
        kind=_kind(p, placetype, population),
        lat=_coordinate(p, "latitude"),
        lon=_coordinate(p, "longitude"),
        name_ar=first_arabic(names),
        country=p.get("iso:country") or p.get("wof:country") or "SY",
        admin1=admin1 if placetype != "region" else None,
        admin2=admin2 if placetype not in ("region", "county") else None,
        population=population,
        ids=_ids(p),
        names=names,
        sources=(SOURCE,),
    )
    return place, dropped


def _names(p: dict[str, Any], placetype: str) -> tuple[tuple[Name, ...], int]:
    names: list[Name | None] = [
        make_name(p.get("wof:name"), "und", SOURCE, "preferred"),
        make_name(p.get("gn:name"), "und", SOURCE, "preferred"),
        make_name(p.get("gn:asciiname"), "und", SOURCE, "variant"),
    ]
    for key, values in p.items():
        match = _NAME_KEY.match(key) if key.startswith("name:") else None
        if match and isinstance(values, list):
            status = _NAME_STATUS.get(match.group(2), "variant")
            names.extend(make_name(v, match.group(1), SOURCE, status) for v in values)
    kept = unique_names(names)
    if placetype in ("locality", "neighbourhood"):
        own = tuple(n for n in kept if not _is_admin_unit_name(n.text))
        return own, len(kept) - len(own)
    return kept, 0


def _first_latin(names: tuple[Name, ...], wof_id: object) -> str:
    latin = [n.text for n in names if n.script == "Latn"]
    return latin[0] if latin else f"WOF {wof_id}"


def _is_admin_unit_name(text: str) -> bool:
    return bool(_ADMIN_UNIT_WORDS.search(_MARKS.sub("", unicodedata.normalize("NFD", text))))


def _kind(p: dict[str, Any], placetype: str, population: int | None) -> str:
    if placetype == "region":
        # Governorates carry an ISO 3166-2 code; the other "regions" (the UNDOF zone) are not one.
        concordances = p.get("wof:concordances") or {}
        return "governorate" if concordances.get("iso:id") or concordances.get("iso:code") else "region"
    if placetype == "county":
        return "district"
    if placetype == "neighbourhood":
        return "neighbourhood"
    feature_code = p.get("gn:feature_code") or p.get("gn:fcode") or p.get("qs:gn_fcode")
    if feature_code in LESSER_SETTLEMENT_CODES:
        return "locality"  # abandoned, historical...: see geonames.LESSER_SETTLEMENT_CODES
    return settlement_kind(feature_code, population)


def _coordinate(p: dict[str, Any], axis: str) -> float | None:
    for prefix in ("gn", "lbl", "geom"):
        value = coordinate(p.get(f"{prefix}:{axis}"))
        if value is not None:
            return value
    return None


def _ids(p: dict[str, Any]) -> tuple[str, ...]:
    concordances = p.get("wof:concordances") or {}
    ids = [f"wof:{p['wof:id']}"]
    for value in (
        p.get("gn:geonameid"),
        concordances.get("gn:id"),
        p.get("ne:GEONAMEID"),
        p.get("qs:gn_id"),
        p.get("qs_pg:gn_id"),
    ):
        geonameid = positive_int(value)
        if geonameid:
            ids.append(f"geonames:{geonameid}")
    if concordances.get("wd:id"):
        ids.append(f"wikidata:{concordances['wd:id']}")
    iso = concordances.get("iso:id") or concordances.get("iso:code")
    if isinstance(iso, str) and re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", iso):
        ids.append(f"iso:{iso}")
    return tuple(dict.fromkeys(ids))


def _admin_names(
    p: dict[str, Any], units: dict[int, _Unit], regions_by_admin1_code: dict[str, str]
) -> tuple[str | None, str | None]:
    """Names of the region and county the record lies in, from its hierarchy (the first that
    resolves in this archive), else the region from its GeoNames admin1 code."""
    region = county = None
    for hierarchy in p.get("wof:hierarchy") or []:
        region_unit = units.get(hierarchy.get("region_id"))
        county_unit = units.get(hierarchy.get("county_id"))
        region = region or (region_unit.name if region_unit else None)
        county = county or (county_unit.name if county_unit else None)
    if region is None:
        code = str(positive_int(p.get("gn:admin1_code")) or "").zfill(2)
        region = regions_by_admin1_code.get(code)
    return region, county
