"""The curated neighbourhoods of Syria's cities (areas.tsv): news names them constantly and no
source has them; each is placed at its city's point, in its city's governorate."""

from __future__ import annotations

import csv
from importlib.resources import files

import pytest

from toponym.gazetteer import Gazetteer
from toponym.geo import distance_km

CITIES = {
    "Aleppo": "geonames:170063",
    "Homs": "geonames:169577",
    "Deir ez-Zor": "geonames:170794",
    "Al-Hasakah": "geonames:173811",
    "Daraa": "geonames:170905",
    "Latakia": "geonames:173576",
    "Hama": "geonames:170017",
    "Damascus": "geonames:170654",
}


def _neighbourhoods() -> list[dict[str, str]]:
    lines = (files("toponym") / "data" / "curated" / "areas.tsv").read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader((line for line in lines if not line.startswith("#")), delimiter="\t")
    return [row for row in rows if row["kind"] == "neighbourhood"]


NEIGHBOURHOODS = _neighbourhoods()


def test_there_are_neighbourhoods_of_each_city() -> None:
    cities = {row["admin1"] for row in NEIGHBOURHOODS}
    assert cities == set(CITIES) and len(NEIGHBOURHOODS) >= 100


@pytest.mark.parametrize("row", NEIGHBOURHOODS, ids=lambda row: row["ref"])
def test_a_neighbourhood_is_placed_at_its_city(default_gazetteer: Gazetteer, row: dict[str, str]) -> None:
    place = default_gazetteer.get(f"curated:{row['ref']}")
    city = default_gazetteer.get(CITIES[row["admin1"]])
    assert place is not None and city is not None
    assert place.kind == "neighbourhood" and place.admin1 == row["admin1"] and place.country == "SY"
    assert row["point"] == f"of:{city.id}"
    assert distance_km(place, city) < 0.01
    assert place.name_ar == row["name_ar"]


@pytest.mark.parametrize(
    "query, admin1, ref",
    [
        ("Sheikh Maqsoud", None, "sheikh-maqsoud"),
        ("Sheikh Maksoud", "Aleppo", "sheikh-maqsoud"),
        ("الشيخ مقصود", None, "sheikh-maqsoud"),
        ("حي الشيخ مقصود", None, "sheikh-maqsoud"),  # حي: "the neighbourhood of"
        ("Masaken Hanano", None, "masaken-hanano"),
        ("Salaheddine", "Aleppo", "salaheddine-aleppo"),
        ("Bustan al-Qasr", None, "bustan-al-qasr"),
        ("Baba Amr", None, "baba-amr"),
        ("Baba Amro", "Homs", "baba-amr"),
        ("بابا عمرو", None, "baba-amr"),
        ("Karm al-Zeitoun", "Homs", "karm-al-zeitoun"),
        ("Bab Sbaa", None, "bab-sbaa"),
        ("Jouret al-Shiyah", None, "jouret-al-shiyah"),
        ("Jamiyat al-Zahraa", None, "jamiyat-al-zahraa"),
        ("Ramouseh", None, "ramouseh"),
        ("جمعية الزهراء", None, "jamiyat-al-zahraa"),
        ("Qaterji", "Aleppo", "qaterji"),
        ("Mogambo", None, "mogambo"),
        ("al-Hweika", None, "hweika"),
        ("Harabesh", "Deir ez-Zor", "harabesh"),
        ("al-Qusour", "Deir ez-Zor", "qusour-deir-ez-zor"),
        ("al-Qusour", "Homs", "qusour-homs"),
        ("Ghweiran", "Al-Hasakah", "ghweiran"),
        ("Daraa al-Mahatta", None, "daraa-al-mahatta"),
        ("al-Raml al-Filastini", None, "raml-al-filastini"),
        ("al-Tadamon", None, "tadamon"),
        ("Bab Touma", None, "bab-touma"),
    ],
)
def test_news_spellings_resolve_to_the_neighbourhood(
    default_gazetteer: Gazetteer, query: str, admin1: str | None, ref: str
) -> None:
    match = default_gazetteer.resolve(query, admin1=admin1)
    assert match is not None and match.place.id == f"curated:{ref}"


def test_a_neighbourhood_named_in_an_article_about_its_city(default_gazetteer: Gazetteer) -> None:
    mentions = default_gazetteer.extract("Government forces shelled Baba Amr and Karm al-Zeitoun in Homs.")
    found = {m.text: m.match.place.id for m in mentions if m.match}
    assert found["Baba Amr"] == "curated:baba-amr"
    assert found["Karm al-Zeitoun"] == "curated:karm-al-zeitoun"
