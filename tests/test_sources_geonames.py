"""GeoNames dump importer, on hand-written files in GeoNames' formats (tests/fixtures/geonames)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from toponym.errors import SourceError
from toponym.models import Name, Place
from toponym.packs.sources import SourceRecords
from toponym.packs.sources.geonames import read_geonames

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "geonames"
COMPANIONS = ("alternateNamesV2.txt", "admin1CodesASCII.txt", "admin2Codes.txt")


@pytest.fixture(scope="module")
def records() -> SourceRecords:
    return read_geonames(FIXTURE / "SY.txt")


@pytest.fixture(scope="module")
def places(records: SourceRecords) -> dict[str, Place]:
    return {place.id: place for place in records.places}


def test_counts(records: SourceRecords) -> None:
    stats = records.stats
    assert stats["records"] == 9
    assert stats["skipped_malformed"] == 1
    assert stats["skipped_other_country"] == 1  # Beirut
    assert stats["skipped_feature_code"] == 1  # a hotel
    assert stats["places"] == 6
    assert stats["alternate_names"] == 7  # link, post, wkdt and other places' rows are not names
    assert records.warnings == ["1 GeoNames rows without 19 columns"]


@pytest.mark.parametrize(
    ("place_id", "kind"),
    [
        ("geonames:173576", "city"),  # PPLA
        ("geonames:173578", "governorate"),  # ADM1
        ("geonames:171063", "village"),  # PPL, population 0 (unknown)
        ("geonames:172600", "town"),  # PPL of 12,000
        ("geonames:7511001", "mountain"),  # MTS
        ("geonames:7511002", "valley"),  # WAD
    ],
)
def test_kinds(places: dict[str, Place], place_id: str, kind: str) -> None:
    assert places[place_id].kind == kind


def test_latakia(places: dict[str, Place]) -> None:
    latakia = places["geonames:173576"]
    assert (latakia.name, latakia.name_ar) == ("Latakia", "اللاذقية")  # en / ar preferred
    assert (latakia.lat, latakia.lon, latakia.population) == (35.53168, 35.79011, 340181)
    assert (latakia.admin1, latakia.country) == ("Latakia", "SY")
    assert latakia.ids == ("geonames:173576", "wikidata:Q200030")  # wkdt is an id, not a name


@pytest.mark.parametrize(
    "name",
    [
        Name("Latakia", "und", "Latn", "geonames", "preferred"),  # the main name
        Name("Latakia", "eng", "Latn", "geonames", "preferred"),
        Name("اللاذقية", "ara", "Arab", "geonames", "preferred"),
        Name("Lattaquié", "fra", "Latn", "geonames", "variant"),
        Name("Laodicea ad Mare", "lat", "Latn", "geonames", "historic"),
        Name("Lattakia", "und", "Latn", "geonames", "variant"),  # no language given
        Name("لاذقية", "ara", "Arab", "geonames", "variant"),  # a short name
        Name("Lattaquie", "und", "Latn", "geonames", "variant"),  # only in column 4
    ],
    ids=lambda n: f"{n.lang}-{n.status}-{n.text}",
)
def test_names(places: dict[str, Place], name: Name) -> None:
    assert name in places["geonames:173576"].names


def test_pseudo_languages_are_not_names(places: dict[str, Place]) -> None:
    texts = {n.text for n in places["geonames:173576"].names}
    assert not texts & {"41000", "Q200030", "https://en.wikipedia.org/wiki/Latakia"}


def test_names_are_not_repeated(places: dict[str, Place]) -> None:
    for place in places.values():
        assert len({(n.text, n.lang, n.status) for n in place.names}) == len(place.names)


def test_admin2_names(places: dict[str, Place]) -> None:
    assert (places["geonames:171063"].admin1, places["geonames:171063"].admin2) == ("Idlib", "Ariha")


def test_every_country_when_asked() -> None:
    everything = read_geonames(FIXTURE / "SY.txt", country=None)
    assert "geonames:276781" in {p.id for p in everything.places}


def test_without_companion_files(tmp_path: Path) -> None:
    shutil.copy(FIXTURE / "SY.txt", tmp_path)
    latakia = next(p for p in read_geonames(tmp_path).places if p.id == "geonames:173576")
    assert latakia.admin1 is None
    assert Name("اللاذقية", "und", "Arab", "geonames", "variant") in latakia.names  # column 4


@pytest.mark.parametrize(("code", "kind"), [("PPLQ", "locality"), ("PPLL", "locality"), ("PPL", "village")])
def test_abandoned_and_lesser_settlements_are_localities(tmp_path: Path, code: str, kind: str) -> None:
    # A lesser kind makes ties between homonyms fall to the living village.
    row = ["9000001", "Khirbat Test", "Khirbat Test", "", "35.1", "36.1", "P", code, "SY", "", "13"]
    row += ["", "", "", "0", "", "100", "Asia/Damascus", "2020-01-01"]
    (tmp_path / "SY.txt").write_text("\t".join(row) + "\n", encoding="utf-8")
    [place] = read_geonames(tmp_path / "SY.txt").places
    assert place.kind == kind


def _zip(path: Path, *names: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.write(FIXTURE / name, arcname=name)
    return path


@pytest.mark.parametrize("layout", ["directory", "SY.zip beside", "one zip", "per-country names"])
def test_layouts_give_the_same_places(tmp_path: Path, records: SourceRecords, layout: str) -> None:
    if layout == "directory":
        path = FIXTURE
    elif layout == "SY.zip beside":  # SY.zip as downloaded, the other files unpacked beside it
        for name in COMPANIONS:
            shutil.copy(FIXTURE / name, tmp_path)
        path = _zip(tmp_path / "SY.zip", "SY.txt")
    elif layout == "one zip":
        path = _zip(tmp_path / "geonames.zip", "SY.txt", *COMPANIONS)
    else:  # download.geonames.org/export/dump/alternatenames/SY.zip holds SY.txt in V2 format
        shutil.copy(FIXTURE / "SY.txt", tmp_path)
        for name in COMPANIONS[1:]:
            shutil.copy(FIXTURE / name, tmp_path)
        (tmp_path / "alternatenames").mkdir()
        with zipfile.ZipFile(tmp_path / "alternatenames" / "SY.zip", "w") as archive:
            archive.write(FIXTURE / "alternateNamesV2.txt", arcname="SY.txt")
        path = tmp_path
    assert read_geonames(path).places == records.places


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not found"):
        read_geonames(tmp_path / "SY.txt")
    with pytest.raises(SourceError, match="no GeoNames dump"):
        read_geonames(tmp_path)
    (tmp_path / "SY.zip").write_text("not a zip", encoding="utf-8")
    with pytest.raises(SourceError, match="not a zip archive"):
        read_geonames(tmp_path)
    (tmp_path / "SY.txt").write_text("a,csv,file\n1,2,3\n", encoding="utf-8")
    with pytest.raises(SourceError, match="not a GeoNames dump"):
        read_geonames(tmp_path / "SY.txt")
