"""OCHA COD admin4 importer, on six real communities cut from ../shared (``ocha_sample``), one of
them with its damaged Arabic name."""

from __future__ import annotations

from pathlib import Path

import pytest

from toponym.errors import SourceError
from toponym.models import Name, Place
from toponym.packs.sources import SourceRecords
from toponym.packs.sources.ocha import read_ocha


@pytest.fixture(scope="module")
def records(ocha_sample: Path) -> SourceRecords:
    return read_ocha(ocha_sample)


@pytest.fixture(scope="module")
def places(records: SourceRecords) -> dict[str, Place]:
    return {place.id: place for place in records.places}


def test_sample_really_is_invalid_utf8(ocha_sample: Path) -> None:
    with pytest.raises(UnicodeDecodeError):
        ocha_sample.read_bytes().decode("utf-8")


def test_every_community_is_imported(records: SourceRecords) -> None:
    assert records.stats["records"] == records.stats["communities"] == 6
    assert records.stats["damaged_names"] == 1
    assert any("C3935" in warning for warning in records.warnings)


def test_damaged_name_keeps_its_readable_part_as_a_variant(places: dict[str, Place]) -> None:
    damaged = places["ocha:C3935"]
    assert damaged.name == "Maaret Elnaasan - Maaret Elhaski"
    assert damaged.name_ar is None  # a cut name is never the place's Arabic name
    assert Name("معارة النعسان_معارة الحاسك", "ara", "Arab", "ocha", "variant") in damaged.names
    assert all("\udcd9" not in n.text for n in damaged.names)


def test_community_fields(places: dict[str, Place]) -> None:
    bazabur = places["ocha:C4268"]
    assert (bazabur.name, bazabur.name_ar, bazabur.kind) == ("Bazabur", "بزابور", "village")
    assert (bazabur.lat, bazabur.lon) == (35.7747819, 36.6148441)
    assert (bazabur.admin1, bazabur.admin2, bazabur.country) == ("Idleb", "Ariha", "SY")
    assert bazabur.ids == ("ocha:C4268",)  # the admin P-codes belong to the units, not the village
    assert set(bazabur.names) == {
        Name("Bazabur", "eng", "Latn", "ocha", "preferred"),
        Name("بزابور", "ara", "Arab", "ocha", "preferred"),
    }


def test_reference_spelling_is_a_variant(places: dict[str, Place]) -> None:
    assert Name("Maarrat Tamasrin", "eng", "Latn", "ocha", "variant") in places["ocha:C3947"].names


@pytest.mark.parametrize(
    ("pcode", "kind"),
    [("ocha:C4268", "village"), ("ocha:C3871", "city"), ("ocha:C3947", "town")],
)
def test_kind_from_capital_level(places: dict[str, Place], pcode: str, kind: str) -> None:
    assert places[pcode].kind == kind


@pytest.mark.parametrize(
    ("pcode", "kind", "name", "name_ar", "admin1", "admin2"),
    [
        ("ocha:SY07", "governorate", "Idleb", "إدلب", None, None),
        ("ocha:SY0705", "district", "Ariha", "أريحا", "Idleb", None),
        ("ocha:SY070500", "subdistrict", "Ariha", "مركز أريحا", "Idleb", "Ariha"),
    ],
)
def test_admin_chain_units(places, pcode, kind, name, name_ar, admin1, admin2) -> None:
    unit = places[pcode]
    assert (unit.kind, unit.name, unit.name_ar) == (kind, name, name_ar)
    assert (unit.admin1, unit.admin2) == (admin1, admin2)


def test_unit_sits_at_the_mean_of_its_communities(places: dict[str, Place]) -> None:
    ariha = places["ocha:SY0705"]  # Bazabur and Orm Eljoz
    assert ariha.lat == pytest.approx((35.7747819 + 35.792086) / 2, abs=1e-5)
    assert ariha.lon == pytest.approx((36.6148441 + 36.5649569) / 2, abs=1e-5)


def test_directory_is_searched_for_the_points_file(ocha_sample: Path, records: SourceRecords) -> None:
    assert read_ocha(ocha_sample.parent).places == records.places


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"{ not json", "not GeoJSON"), (b'{"type": "Feature"}', "FeatureCollection")],
)
def test_files_that_are_not_feature_collections(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "syr_admin4_point.geojson"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        read_ocha(path)


def test_missing_sources(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"no syr_admin4_point\.geojson"):
        read_ocha(tmp_path)
    with pytest.raises(SourceError, match="not found"):
        read_ocha(tmp_path / "nothing.geojson")


# -- Damascus neighbourhoods (syr_admin5.geojson beside the points file) ----------------------------


@pytest.fixture(scope="module")
def with_neighbourhoods(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> SourceRecords:
    from samples import write_ocha_neighbourhood_sample, write_ocha_sample

    directory = tmp_path_factory.mktemp("ocha-with-admin5")
    points = write_ocha_sample(shared_data, directory)
    write_ocha_neighbourhood_sample(shared_data, directory)
    return read_ocha(points)


def test_neighbourhoods_beside_the_points_are_imported(
    with_neighbourhoods: SourceRecords, records: SourceRecords
) -> None:
    others = [p for p in with_neighbourhoods.places if p.kind != "neighbourhood"]
    assert others == records.places  # the communities and units are read as without the file
    found = {p.id: p for p in with_neighbourhoods.places if p.kind == "neighbourhood"}
    assert sorted(found) == ["ocha:C10011010", "ocha:C10011011", "ocha:C10011018"]  # "Unknown" skipped
    assert with_neighbourhoods.stats["neighbourhoods"] == 3
    assert with_neighbourhoods.stats["skipped_neighbourhoods"] == 1
    assert [p.name for p in found.values()] == ["Kafar Soussa", "Jowbar", "Al 'Abassiyin"]  # spaces collapsed
    jobar = found["ocha:C10011011"]
    assert (jobar.country, jobar.admin1, jobar.admin2, jobar.sources) == (
        "SY",
        "Damascus",
        "Damascus",
        ("ocha",),
    )
    assert jobar.names == (Name("Jowbar", "eng", "Latn", "ocha", "preferred"),)


def test_neighbourhood_sits_at_its_polygon_centroid(
    shared_data: Path, with_neighbourhoods: SourceRecords
) -> None:
    import json

    jobar = next(p for p in with_neighbourhoods.places if p.id == "ocha:C10011011")
    features = json.loads((shared_data / "ocha-cod-syria-2015" / "syr_admin5.geojson").read_bytes())[
        "features"
    ]
    (ring,) = next(f for f in features if f["properties"]["HAY_PCODE"] == "C10011011")["geometry"][
        "coordinates"
    ]
    lons, lats = [x for x, _ in ring], [y for _, y in ring]
    assert min(lats) < jobar.lat < max(lats) and min(lons) < jobar.lon < max(lons)
    # our curated Jobar point is the polygon's vertex mean: the area centroid lies about 1 km from it
    assert jobar.lat == pytest.approx(33.52986, abs=0.01) and jobar.lon == pytest.approx(36.34564, abs=0.012)


def test_the_neighbourhood_file_is_in_the_provenance(
    with_neighbourhoods: SourceRecords, records: SourceRecords
):
    assert [p.name for p in with_neighbourhoods.also_read] == ["syr_admin5.geojson"]
    assert records.also_read == []  # points alone: nothing else read
    assert "neighbourhoods" not in records.stats


def test_a_broken_neighbourhood_file_is_an_error(shared_data: Path, tmp_path: Path) -> None:
    from samples import write_ocha_sample

    points = write_ocha_sample(shared_data, tmp_path)
    (tmp_path / "syr_admin5.geojson").write_bytes(b"\x00\x01 not json")
    with pytest.raises(SourceError, match=r"syr_admin5\.geojson is not GeoJSON"):
        read_ocha(points)
