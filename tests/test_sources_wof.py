"""Who's On First importer, on real WOF records cut from ../shared (the ``wof_sample`` fixture)."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

import pytest
from samples import SAMPLE_SUPERSEDED_ID, SAMPLE_TOWN_ID

from toponym.errors import SourceError
from toponym.models import Name, Place
from toponym.packs.sources import SourceRecords
from toponym.packs.sources.wof import read_wof


@pytest.fixture(scope="module")
def from_directory(wof_sample: Path) -> SourceRecords:
    return read_wof(wof_sample)


@pytest.fixture(scope="module")
def places(from_directory: SourceRecords) -> dict[str, Place]:
    return {place.id: place for place in from_directory.places}


def test_archive_and_directory_give_the_same_records(
    tmp_path: Path, wof_sample: Path, from_directory: SourceRecords
) -> None:
    archive = tmp_path / f"{wof_sample.name}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:  # the layout of a GitHub archive
        tar.add(wof_sample, arcname=wof_sample.name)
    from_archive = read_wof(archive)
    assert sorted(from_archive.places, key=lambda p: p.id) == sorted(
        from_directory.places, key=lambda p: p.id
    )
    assert from_archive.stats == from_directory.stats


@pytest.mark.parametrize(
    ("wof_id", "why"),
    [
        ("wof:85632413", "the country"),
        ("wof:102542747", "a campus"),
        (f"wof:{SAMPLE_SUPERSEDED_ID}", "superseded"),
        ("wof:421202299", "deprecated"),
    ],
)
def test_skipped_records(places: dict[str, Place], wof_id: str, why: str) -> None:
    assert wof_id not in places, why


def test_counts(from_directory: SourceRecords) -> None:
    stats = from_directory.stats
    assert stats["records"] == 23  # every .geojson file, the 9 alternate geometries included
    assert stats["skipped_alternate_geometry"] == 9
    assert stats["skipped_placetype"] == 2
    assert stats["skipped_superseded"] == 1
    assert stats["skipped_deprecated"] == 1
    assert stats["places"] == len(from_directory.places) == 10
    assert stats["admin_unit_names_dropped"] == 2


@pytest.mark.parametrize(
    ("wof_id", "kind"),
    [
        ("wof:85678345", "governorate"),  # a region with an ISO 3166-2 code
        ("wof:85681385", "region"),  # the UNDOF zone: a WOF region, not a governorate
        ("wof:1108779125", "district"),
        ("wof:1125980503", "city"),  # PPLA
        (f"wof:{SAMPLE_TOWN_ID}", "town"),  # PPL of 12,000 people
        ("wof:1242861361", "village"),  # PPL, population unknown
        ("wof:421190427", "locality"),  # no feature code, no population: unknown
        ("wof:85903033", "neighbourhood"),
    ],
)
def test_kinds(places: dict[str, Place], wof_id: str, kind: str) -> None:
    assert places[wof_id].kind == kind


def test_latakia_city_fields(places: dict[str, Place]) -> None:
    city = places["wof:1125980503"]
    assert city.name == "Latakia"
    assert (city.lat, city.lon) == (35.53168, 35.79011)  # gn: coordinates win over lbl: and geom:
    assert city.name_ar == "لاذقية"  # the preferred Arabic name
    assert city.ids == ("wof:1125980503", "geonames:173576", "wikidata:Q200030")
    assert (city.admin1, city.admin2) == ("Lattakia", "Lattakia")  # region and county names
    assert city.population == 340181
    assert city.country == "SY"
    assert city.sources == ("wof",)


@pytest.mark.parametrize(
    ("wof_id", "name"),
    [
        ("wof:1125980503", Name("Latakia", "und", "Latn", "wof", "preferred")),  # wof:name
        ("wof:1125980503", Name("Latakia", "eng", "Latn", "wof", "preferred")),
        ("wof:1125980503", Name("اللاذقية", "ara", "Arab", "wof", "variant")),
        ("wof:1125980503", Name("Lattaquié", "fra", "Latn", "wof", "preferred")),
        ("wof:1125980503", Name("Λαττάκεια", "ell", "Zyyy", "wof", "preferred")),
        ("wof:1125980503", Name("Al Lādhiqīyah", "und", "Latn", "wof", "variant")),
        ("wof:421168647", Name("Hums", "eng", "Latn", "wof", "variant")),  # name:eng_x_variant
        ("wof:421168647", Name("Ἔμεσα", "ell", "Zyyy", "wof", "historic")),  # name:ell_x_historical
    ],
    ids=lambda value: f"{value.lang}-{value.status}-{value.text}" if isinstance(value, Name) else value,
)
def test_every_name_list_becomes_names(places: dict[str, Place], wof_id: str, name: Name) -> None:
    assert name in places[wof_id].names


def test_names_are_not_repeated(places: dict[str, Place]) -> None:
    names = places["wof:1125980503"].names
    assert len({(n.text, n.lang, n.status) for n in names}) == len(names)


def test_geonames_ids_from_natural_earth_and_quattroshapes(places: dict[str, Place]) -> None:
    assert "geonames:173576" in places["wof:1141906287"].ids  # ne:GEONAMEID
    assert places["wof:421190427"].ids == ("wof:421190427",)  # qs:gn_id 0 means none


def test_governorate_names_copied_onto_a_city_are_dropped(places: dict[str, Place]) -> None:
    quattroshapes = places["wof:421190427"]
    texts = {n.text for n in quattroshapes.names}
    assert "مُحافظة اللاذقية" not in texts and "Latakia Governate" not in texts
    assert quattroshapes.name_ar is None
    assert "Latakia" in texts


def test_region_found_from_geonames_admin1_code(places: dict[str, Place]) -> None:
    assert places[f"wof:{SAMPLE_TOWN_ID}"].admin1 == "Lattakia"  # hierarchy has no region; gn code 02
    assert places["wof:1242861361"].admin1 is None  # code 12: no such region in this archive


def test_governorate_ids(places: dict[str, Place]) -> None:
    assert set(places["wof:85678345"].ids) == {
        "wof:85678345",
        "geonames:173578",
        "wikidata:Q233236",
        "iso:SY-LA",
    }


@pytest.mark.parametrize("name", ["missing.tar.gz", "empty-directory"])
def test_unusable_paths_raise_source_error(tmp_path: Path, name: str) -> None:
    (tmp_path / "empty-directory").mkdir()
    with pytest.raises(SourceError):
        read_wof(tmp_path / name)


def test_a_file_that_is_not_an_archive_raises_source_error(tmp_path: Path) -> None:
    bogus = tmp_path / "wof.tar.gz"
    bogus.write_text("not an archive", encoding="utf-8")
    with pytest.raises(SourceError, match="not a readable"):
        read_wof(bogus)


def test_unreadable_geojson_is_counted_not_fatal(wof_sample: Path, tmp_path: Path) -> None:
    sample = tmp_path / "sample"
    shutil.copytree(wof_sample, sample)
    (sample / "1.geojson").write_text("{ not json", encoding="utf-8")
    records = read_wof(sample)
    assert records.stats["skipped_unreadable"] == 1
    assert records.places and records.warnings


def test_a_source_of_unreadable_records_only_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "1.geojson").write_text("{ not json", encoding="utf-8")
    with pytest.raises(SourceError, match=rf"{tmp_path}: no usable record .*skipped_unreadable 1"):
        read_wof(tmp_path)
