"""OpenSyria geography importer, on hand-written JSON in OpenSyria's layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from toponym.errors import SourceError
from toponym.models import Name, Place
from toponym.packs.sources import SourceRecords
from toponym.packs.sources.opensyria import read_opensyria

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "opensyria"


@pytest.fixture(scope="module")
def records() -> SourceRecords:
    return read_opensyria(FIXTURE)


@pytest.fixture(scope="module")
def places(records: SourceRecords) -> dict[str, Place]:
    return {place.id: place for place in records.places}


def test_counts(records: SourceRecords) -> None:
    assert records.stats == {
        "records": 6,
        "governorates": 2,
        "districts": 2,
        "subdistricts": 1,
        "skipped_no_id": 1,
        "places": 5,
        "names": sum(len(p.names) for p in records.places),
    }


def test_governorate(places: dict[str, Place]) -> None:
    idlib = places["opensyria:sy-idlib"]
    assert (idlib.name, idlib.name_ar, idlib.kind) == ("Idlib", "إدلب", "governorate")
    assert (idlib.lat, idlib.lon, idlib.population) == (35.83333, 36.58333, 1501000)
    assert idlib.ids == (
        "opensyria:sy-idlib",
        "geonames:169387",
        "wikidata:Q233218",
        "ocha:SY07",
        "iso:SY-ID",
    )
    assert Name("Idleb", "eng", "Latn", "opensyria", "variant") in idlib.names
    assert Name("محافظة إدلب", "ara", "Arab", "opensyria", "variant") in idlib.names


@pytest.mark.parametrize(
    ("place_id", "kind", "admin1", "admin2"),
    [
        ("opensyria:sy-idlib-ariha", "district", "Idlib", None),
        ("opensyria:sy-idlib-ariha-ariha", "subdistrict", "Idlib", "Ariha"),
    ],
)
def test_units_know_their_governorate_and_district(places, place_id, kind, admin1, admin2):
    unit = places[place_id]
    assert (unit.kind, unit.admin1, unit.admin2) == (kind, admin1, admin2)


def test_missing_population_and_ids_are_none(places: dict[str, Place]) -> None:
    district = places["opensyria:sy-idlib-idlib"]
    assert district.population is None
    assert district.ids == ("opensyria:sy-idlib-idlib", "ocha:SY0700")


def test_a_file_path_reads_its_directory(records: SourceRecords) -> None:
    assert read_opensyria(FIXTURE / "districts.json").places == records.places


def test_missing_optional_files_are_warned_about(tmp_path: Path) -> None:
    shutil.copy(FIXTURE / "governorates.json", tmp_path)
    records = read_opensyria(tmp_path)
    assert len(records.places) == 2
    assert len(records.warnings) == 2


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"no governorates\.json"):
        read_opensyria(tmp_path)
    (tmp_path / "governorates.json").write_text('{"not": "a list"}', encoding="utf-8")
    with pytest.raises(SourceError, match="expected a list"):
        read_opensyria(tmp_path)
