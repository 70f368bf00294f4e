"""Importer for the curated layer: reviewed TSV files we write ourselves (places and variant spellings).

The packaged files (``data/curated/places.tsv`` and ``variants.tsv``, described in ``data/README.md``)
make ``toponym.load()`` useful without any pack; a user can pass TSV files in the same format.
Reading is strict: the layer is small and hand-written, so every mistake is an error that names the
file and the line, never a row silently dropped.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from toponym.errors import SourceError
from toponym.models import PLACE_KINDS, Name, NameStatus, Place
from toponym.packs.sources import SourceRecords
from toponym.text.normalize import script_of

SOURCE = "curated"
PLACES_FILE = "places.tsv"
VARIANTS_FILE = "variants.tsv"
AREAS_FILE = "areas.tsv"

PLACE_COLUMNS = (
    "ref",
    "name",
    "name_ar",
    "kind",
    "lat",
    "lon",
    "admin1",
    "admin2",
    "population",
    "ids",
    "note",
)
PLACE_OPTIONAL_COLUMNS = ("country",)
VARIANT_COLUMNS = ("ref", "variant", "lang", "status", "kind", "note")
AREA_COLUMNS = ("ref", "name", "name_ar", "kind", "point", "offset", "members", "admin1", "evidence", "note")
AREA_OPTIONAL_COLUMNS = ("country",)  # a feature abroad that Syrian news names (the Zaatari camp in Jordan)
AREA_KINDS = frozenset(
    {"region", "river", "lake", "dam", "crossing", "camp", "airbase", "highway", "neighbourhood", "plain"}
)
COMPASS = {"N": 0.0, "NE": 45.0, "E": 90.0, "SE": 135.0, "S": 180.0, "SW": 225.0, "W": 270.0, "NW": 315.0}

# What a variant spelling is; documented in data/README.md.
VARIANT_KINDS = frozenset(
    {
        "journalistic",  # how news writes it (Lattakia, Deir Ezzor, Qaryateen)
        "french",  # Mandate-era French transcription (Lattaquié, Djisr ech Choghour)
        "exonym",  # an English name that is not a transcription (Rural Damascus)
        "historic",  # a former or ancient name (Laodicea, Emesa, Bostra)
        "romanisation",  # a systematic transcription (Dimashq, Dayr az-Zawr)
        "arabic",  # another Arabic-script form
        "official",  # an official long or administrative form
        "kurdish",
        "turkish",
    }
)
VARIANT_STATUSES: frozenset[NameStatus] = frozenset({"variant", "historic"})

# The canonical id is the first of these schemes the row carries (as in the rest of toponym).
ID_PRIORITY = ("geonames", "ocha", "wof", "opensyria")

DEFAULT_COUNTRY = "SY"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ID = re.compile(r"^[a-z][a-z0-9_]*:[^\s:][^\s]*$")
_LANG = re.compile(r"^[a-z]{3}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """A curated feature (areas.tsv) before the other sources' places give it a point and an extent:
    ``point`` is "members", "of:<id>" or "lat,lon"; ``offset`` (km, bearing in degrees) moves it;
    ``members`` are the ids of the places that define its extent."""

    place: Place  # without a point or an extent yet
    point: str
    offset: tuple[float, float] | None
    members: tuple[str, ...]
    line: str  # file:line, for warnings


@dataclass(frozen=True, slots=True)
class _Row:
    """One data line of a TSV file: its 1-based line number and its fields by column name."""

    line: int
    fields: dict[str, str]


def curated_hash() -> str:
    """SHA-256 of the packaged curated files (names and contents, in name order): what a pack built
    with the curated layer records, so that a stale embedded default is noticed."""
    digest = hashlib.sha256()
    folder = files("toponym") / "data" / "curated"
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if item.is_file():
            digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return digest.hexdigest()


def read_curated(path: Path | None = None, *, variants: Path | None = None) -> SourceRecords:
    """Read a curated layer: the packaged one by default.

    ``path`` is a places TSV, or a directory holding ``places.tsv`` and optionally ``variants.tsv``
    and ``areas.tsv``; ``variants`` names a variants TSV explicitly. The features of areas.tsv come
    back as ``features``, placed later by the places of the other sources
    (:func:`toponym.packs.features.place_features`). Raises :class:`SourceError` (file and line in
    the message) on an unknown column or kind, a bad coordinate, id, point, offset or population, a
    duplicate ref, or a variant for a ref the files do not have.
    """
    areas_text: str | None
    if path is None:
        folder = files("toponym") / "data" / "curated"
        places_text = (folder / PLACES_FILE).read_text(encoding="utf-8")
        places_label = f"toponym/data/curated/{PLACES_FILE}"
        variants_text = (folder / VARIANTS_FILE).read_text(encoding="utf-8")
        variants_label: str | None = f"toponym/data/curated/{VARIANTS_FILE}"
        areas_file = folder / AREAS_FILE
        areas_text = areas_file.read_text(encoding="utf-8") if areas_file.is_file() else None
        areas_label = f"toponym/data/curated/{AREAS_FILE}"
    else:
        places_path, variants_path = _resolve_paths(Path(path), variants)
        places_text, places_label = _read_text(places_path), str(places_path)
        variants_text = _read_text(variants_path) if variants_path else None
        variants_label = str(variants_path) if variants_path else None
        areas_path = places_path.with_name(AREAS_FILE)
        areas_text = _read_text(areas_path) if areas_path.is_file() else None
        areas_label = str(areas_path)

    rows = _parse_places(places_text, places_label)
    area_rows = _parse_areas(areas_text, areas_label, rows) if areas_text else []
    extra_names = _parse_variants(variants_text, variants_label, rows + area_rows) if variants_text else {}
    places = [_place(row, extra_names.get(row.fields["ref"], [])) for row in rows]
    features = [_feature(row, extra_names.get(row.fields["ref"], []), areas_label) for row in area_rows]
    variant_count = sum(len(v) for v in extra_names.values())
    return SourceRecords(
        source=SOURCE,
        path=None if path is None else Path(path),
        places=places,
        stats={
            "records": len(places),
            "features": len(features),
            "variants": variant_count,
            "names": sum(len(p.names) for p in places) + sum(len(f.place.names) for f in features),
        },
        features=features,
    )


def _resolve_paths(path: Path, variants: Path | None) -> tuple[Path, Path | None]:
    if path.is_dir():
        default_variants = path / VARIANTS_FILE
        return path / PLACES_FILE, variants or (default_variants if default_variants.exists() else None)
    return path, variants


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SourceError(f"{path}: curated file not found") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from None


def _rows(text: str, label: str, required: tuple[str, ...], optional: tuple[str, ...]) -> Iterator[_Row]:
    """The data lines of a TSV: ``#`` comment lines and blank lines skipped, the first other line is
    the header. Trailing empty fields may be missing (editors strip trailing tabs)."""
    header: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        values = raw.split("\t")
        if header is None:
            header = [v.strip() for v in values]
            _check_header(header, label, number, required, optional)
            continue
        if len(values) > len(header):
            raise SourceError(f"{label}:{number}: {len(values)} fields, the header has {len(header)}")
        values += [""] * (len(header) - len(values))
        yield _Row(number, {col: val.strip() for col, val in zip(header, values, strict=True)})
    if header is None:
        raise SourceError(f"{label}: no header line (expected columns: {', '.join(required)})")


def _check_header(
    header: list[str], label: str, line: int, required: tuple[str, ...], optional: tuple[str, ...]
) -> None:
    unknown = [c for c in header if c not in required and c not in optional]
    if unknown:
        raise SourceError(
            f"{label}:{line}: unknown column {unknown[0]!r}; columns are: {', '.join(required + optional)}"
        )
    missing = [c for c in required if c not in header]
    if missing:
        raise SourceError(f"{label}:{line}: missing column {missing[0]!r}")
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise SourceError(f"{label}:{line}: column {duplicated[0]!r} appears twice")


def _parse_places(text: str, label: str) -> list[_Row]:
    rows: list[_Row] = []
    refs: dict[str, int] = {}
    id_lines: dict[str, int] = {}
    for row in _rows(text, label, PLACE_COLUMNS, PLACE_OPTIONAL_COLUMNS):
        f, where = row.fields, f"{label}:{row.line}"
        _identity(f, where, refs, row.line, "first on line")
        if f["kind"] not in PLACE_KINDS:
            raise SourceError(f"{where}: unknown kind {f['kind']!r}; kinds are: {', '.join(PLACE_KINDS)}")
        _coordinates(f, where)
        _population(f, where)
        country = f.get("country", "")
        if country and not _COUNTRY.match(country):
            raise SourceError(f"{where}: country {country!r} is not an ISO 3166-1 alpha-2 code")
        for ext_id in f["ids"].split():
            if not _ID.match(ext_id):
                raise SourceError(f"{where}: id {ext_id!r} is not scheme:value")
            if ext_id in id_lines:
                raise SourceError(f"{where}: id {ext_id} already used on line {id_lines[ext_id]}")
            id_lines[ext_id] = row.line
        rows.append(row)
    return rows


def _parse_areas(text: str, label: str, places: list[_Row]) -> list[_Row]:
    rows: list[_Row] = []
    refs = {row.fields["ref"]: row.line for row in places}
    for row in _rows(text, label, AREA_COLUMNS, AREA_OPTIONAL_COLUMNS):
        f, where = row.fields, f"{label}:{row.line}"
        _identity(f, where, refs, row.line, "also on line")
        country = f.get("country", "")
        if country and not _COUNTRY.match(country):
            raise SourceError(f"{where}: country {country!r} is not an ISO 3166-1 alpha-2 code")
        if f["kind"] not in AREA_KINDS:
            raise SourceError(
                f"{where}: unknown kind {f['kind']!r}; kinds are: {', '.join(sorted(AREA_KINDS))}"
            )
        if not f["evidence"]:
            raise SourceError(f"{where}: say in evidence what the feature can be checked against")
        for ext_id in f["members"].split():
            if not _ID.match(ext_id):
                raise SourceError(f"{where}: member {ext_id!r} is not scheme:value")
        _point(f, where)
        _offset(f, where)
        rows.append(row)
    return rows


def _identity(fields: dict[str, str], where: str, refs: dict[str, int], line: int, seen: str) -> None:
    """A row's ref (a slug no other row has: recorded in ``refs``), its name and its Arabic name."""
    ref = fields["ref"]
    if not _SLUG.match(ref):
        raise SourceError(f"{where}: ref {ref!r} is not a slug (lower-case letters, digits, hyphens)")
    if ref in refs:
        raise SourceError(f"{where}: duplicate ref {ref!r} ({seen} {refs[ref]})")
    refs[ref] = line
    if not fields["name"]:
        raise SourceError(f"{where}: empty name")
    if fields["name_ar"] and script_of(fields["name_ar"]) != "Arab":
        raise SourceError(f"{where}: name_ar {fields['name_ar']!r} is not in Arabic script")


def _point(fields: dict[str, str], where: str) -> str:
    """The point spec, checked: "members" (with members), "of:<id>", or "lat,lon"."""
    point = fields["point"]
    if point == "members":
        if not fields["members"]:
            raise SourceError(f"{where}: point 'members' needs members")
    elif point.startswith("of:"):
        if not _ID.match(point[3:]):
            raise SourceError(f"{where}: point {point!r}: 'of:' takes a place id (of:geonames:170592)")
    else:
        try:
            lat, lon = (float(v) for v in point.split(","))
        except ValueError:
            raise SourceError(f"{where}: point {point!r}: use members, of:<id> or lat,lon") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise SourceError(f"{where}: point {point!r} is out of range")
    return point


def _offset(fields: dict[str, str], where: str) -> tuple[float, float] | None:
    """The offset as (km, bearing in degrees), from "<km> <compass point>"."""
    text = fields["offset"]
    if not text:
        return None
    parts = text.split()
    try:
        km = float(parts[0])
        bearing = COMPASS[parts[1]]
    except (ValueError, IndexError, KeyError):
        raise SourceError(f"{where}: offset {text!r}: use '<km> <{'/'.join(COMPASS)}>' (2 NW)") from None
    if len(parts) != 2 or not 0 < km <= 50:
        raise SourceError(f"{where}: offset {text!r}: one distance of at most 50 km and one direction")
    return km, bearing


def _feature(row: _Row, variants: list[Name], label: str) -> FeatureSpec:
    f = row.fields
    names = [Name(f["name"], "eng", script_of(f["name"]), SOURCE, "preferred")]
    if f["name_ar"]:
        names.append(Name(f["name_ar"], "ara", "Arab", SOURCE, "preferred"))
    place = Place(
        id=f"{SOURCE}:{f['ref']}",
        name=f["name"],
        kind=f["kind"],
        lat=None,
        lon=None,
        name_ar=f["name_ar"] or None,
        country=f.get("country") or DEFAULT_COUNTRY,
        admin1=f["admin1"] or None,
        ids=(f"{SOURCE}:{f['ref']}",),
        names=tuple(names + variants),
        sources=(SOURCE,),
    )
    return FeatureSpec(place, f["point"], _offset(f, ""), tuple(f["members"].split()), f"{label}:{row.line}")


def _coordinates(fields: dict[str, str], where: str) -> tuple[float, float] | None:
    lat_text, lon_text = fields["lat"], fields["lon"]
    if not lat_text and not lon_text:
        return None
    if not lat_text or not lon_text:
        raise SourceError(f"{where}: give both lat and lon, or neither")
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise SourceError(f"{where}: bad coordinate {lat_text!r}, {lon_text!r}") from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise SourceError(f"{where}: coordinate out of range: lat {lat_text}, lon {lon_text}")
    return lat, lon


def _population(fields: dict[str, str], where: str) -> int | None:
    text = fields["population"]
    if not text:
        return None
    if not text.isdigit():
        raise SourceError(f"{where}: population {text!r} is not a whole number")
    return int(text)


def _parse_variants(text: str, label: str | None, places: list[_Row]) -> dict[str, list[Name]]:
    label = label or VARIANTS_FILE
    known = {row.fields["ref"] for row in places}
    names: dict[str, list[Name]] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in _rows(text, label, VARIANT_COLUMNS, ()):
        f, where = row.fields, f"{label}:{row.line}"
        ref, variant = f["ref"], f["variant"]
        if ref not in known:
            raise SourceError(f"{where}: variant for unknown ref {ref!r}")
        if not variant:
            raise SourceError(f"{where}: empty variant")
        if (ref, variant) in seen:
            raise SourceError(f"{where}: duplicate variant {variant!r} (first on line {seen[ref, variant]})")
        seen[ref, variant] = row.line
        lang, status, kind = f["lang"] or "und", f["status"], f["kind"]
        if not _LANG.match(lang):
            raise SourceError(f"{where}: lang {lang!r} is not an ISO 639-3 code (e.g. eng, fra, ara, und)")
        if status not in VARIANT_STATUSES:
            raise SourceError(
                f"{where}: status {status!r}; use one of: {', '.join(sorted(VARIANT_STATUSES))}"
            )
        if kind not in VARIANT_KINDS:
            raise SourceError(
                f"{where}: unknown variant kind {kind!r}; kinds are: {', '.join(sorted(VARIANT_KINDS))}"
            )
        script = script_of(variant)
        if lang == "ara" and script != "Arab":
            raise SourceError(f"{where}: variant {variant!r} has lang ara but is not in Arabic script")
        names.setdefault(ref, []).append(Name(variant, lang, script, SOURCE, status))
    return names


def _place(row: _Row, variants: list[Name]) -> Place:
    f = row.fields
    ids = (*f["ids"].split(), f"{SOURCE}:{f['ref']}")
    point = _coordinates(f, "")
    names = [Name(f["name"], "eng", script_of(f["name"]), SOURCE, "preferred")]
    if f["name_ar"]:
        names.append(Name(f["name_ar"], "ara", "Arab", SOURCE, "preferred"))
    return Place(
        id=canonical_id(ids),
        name=f["name"],
        kind=f["kind"],
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        name_ar=f["name_ar"] or None,
        country=f.get("country") or DEFAULT_COUNTRY,
        admin1=f["admin1"] or None,
        admin2=f["admin2"] or None,
        population=_population(f, ""),
        ids=ids,
        names=tuple(names + variants),
        sources=(SOURCE,),
    )


def canonical_id(ids: tuple[str, ...]) -> str:
    """The first id of the most trusted scheme (geonames > ocha > wof > opensyria), else the
    ``curated:<ref>`` id (which every curated place carries)."""
    for scheme in ID_PRIORITY:
        for ext_id in ids:
            if ext_id.startswith(f"{scheme}:"):
                return ext_id
    return next(i for i in ids if i.startswith(f"{SOURCE}:"))
