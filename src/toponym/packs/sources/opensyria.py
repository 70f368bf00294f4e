"""OpenSyria geography: ``governorates.json``, ``districts.json`` and ``subdistricts.json``.

Each unit has English and Arabic names, aliases (formal, alternate spellings, transliterations) with
their language, a centroid, a population and external ids (GeoNames, Wikidata, OCHA P-code,
ISO 3166-2), which is how its records meet the same units from the other sources in the merge.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from toponym.errors import SourceError
from toponym.models import Name, Place
from toponym.packs.sources import SourceRecords, count_places, usable_places
from toponym.packs.sources._upstream import coordinate, iso639_3, make_name, positive_int, unique_names

SOURCE = "opensyria"

# (file, kind), from the largest unit down; a district names its governorateId, a subdistrict also
# its districtId.
_FILES = (
    ("governorates.json", "governorate"),
    ("districts.json", "district"),
    ("subdistricts.json", "subdistrict"),
)
# externalIds key → our id scheme
_ID_SCHEMES = {"geonames": "geonames", "wikidata": "wikidata", "ochaPcode": "ocha"}


def read_opensyria(path: Path) -> SourceRecords:
    """Read the OpenSyria geography directory (or one of its JSON files: its directory is read)."""
    path = Path(path)
    directory = path.parent if path.is_file() else path
    if not (directory / _FILES[0][0]).is_file():
        raise SourceError(f"no {_FILES[0][0]} in {directory}: point --opensyria at its directory")
    stats: Counter[str] = Counter()
    warnings: list[str] = []
    english_names: dict[str, str] = {}  # OpenSyria id → English name, for the units below it
    places: list[Place] = []
    for filename, kind in _FILES:
        file = directory / filename
        if not file.is_file():
            warnings.append(f"{file} is missing: no {kind}s from OpenSyria")
            continue
        for unit in _units(file):
            stats["records"] += 1
            place = _place(unit, kind, english_names)
            if place is None:
                stats["skipped_no_id"] += 1
                continue
            english_names[place.id] = place.name
            places.append(place)
            stats[f"{kind}s"] += 1
    places = usable_places(places, stats, directory)
    count_places(stats, places)
    return SourceRecords(SOURCE, directory, places, dict(stats), warnings)


def _units(file: Path) -> list[dict[str, Any]]:
    try:
        units = json.loads(file.read_text(encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as error:
        raise SourceError(f"{file} is not OpenSyria JSON: {error}") from error
    if not isinstance(units, list):
        raise SourceError(f"{file} is not OpenSyria JSON: expected a list of units")
    return [u for u in units if isinstance(u, dict)]


def _place(unit: dict[str, Any], kind: str, english_names: dict[str, str]) -> Place | None:
    if not unit.get("id"):
        return None
    own_id = f"{SOURCE}:{unit['id']}"
    name = unit.get("name") if isinstance(unit.get("name"), dict) else {}
    names: list[Name | None] = [
        make_name(name.get("en"), "eng", SOURCE, "preferred"),
        make_name(name.get("ar"), "ara", SOURCE, "preferred"),
    ]
    for alias in unit.get("aliases") or []:
        if isinstance(alias, dict):
            names.append(make_name(alias.get("value"), iso639_3(alias.get("language")), SOURCE))
    kept = unique_names(names)
    centroid = unit.get("centroid") if isinstance(unit.get("centroid"), dict) else {}
    population = unit.get("population")
    governorate = english_names.get(f"{SOURCE}:{unit.get('governorateId')}")
    district = english_names.get(f"{SOURCE}:{unit.get('districtId')}")
    return Place(
        id=own_id,
        name=next((n.text for n in kept if n.script == "Latn"), str(unit["id"])),
        kind=kind,
        lat=coordinate(centroid.get("latitude")),
        lon=coordinate(centroid.get("longitude")),
        name_ar=name.get("ar") or None,
        country="SY",
        admin1=governorate,
        admin2=district,
        population=positive_int(population.get("value")) if isinstance(population, dict) else None,
        ids=_ids(own_id, unit),
        names=kept,
        sources=(SOURCE,),
    )


def _ids(own_id: str, unit: dict[str, Any]) -> tuple[str, ...]:
    ids = [own_id]
    external = unit.get("externalIds") if isinstance(unit.get("externalIds"), dict) else {}
    for key, scheme in _ID_SCHEMES.items():
        if external.get(key):
            ids.append(f"{scheme}:{external[key]}")
    if unit.get("iso31662"):
        ids.append(f"iso:{unit['iso31662']}")
    return tuple(ids)
