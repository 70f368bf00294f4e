"""Pack round-trip, schema version, atomic writes and clear errors on things that are not packs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from toponym.errors import PackError
from toponym.models import Name, PCodes, Place
from toponym.packs.pack import SCHEMA_VERSION, read_meta, read_pack, write_pack

PLACES = [
    Place(
        id="geonames:173576",
        name="Latakia",
        kind="city",
        lat=35.53168,
        lon=35.79011,
        name_ar="اللاذقية",
        country="SY",
        admin1="Latakia",
        admin2="Latakia",
        population=340181,
        ids=("geonames:173576", "wof:1125980503", "wikidata:Q200030"),
        names=(
            Name("Latakia", "eng", "Latn", "wof", "preferred"),
            Name("اللاذقية", "ara", "Arab", "wof", "variant"),
            Name("Laodicea", "lat", "Latn", "curated", "historic"),
        ),
        sources=("wof", "curated"),
        pcodes=PCodes("SY06", "SY0600", "SY060000", "C3480"),
    ),
    Place(
        id="curated:ramouseh",
        name="Ramouseh",
        kind="neighbourhood",
        lat=None,
        lon=None,
        pcodes=PCodes("SY02", "SY0200", "SY020000", None, admin3_derived=True),
    ),
    Place(id="curated:nowhere", name="Nowhere", kind="locality", lat=None, lon=None),
]


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    path = write_pack(PLACES, tmp_path / "p.db", provenance={"sources": [{"name": "wof"}]})
    places, meta = read_pack(path)
    assert places == PLACES
    assert meta["schema_version"] == SCHEMA_VERSION
    assert meta["sources"] == [{"name": "wof"}]
    assert read_meta(path)["places"] == 3
    assert read_meta(path)["names"] == 3


def test_failed_write_leaves_no_file_and_keeps_the_old_pack(tmp_path: Path) -> None:
    target = write_pack(PLACES, tmp_path / "p.db", provenance={})
    before = target.read_bytes()
    duplicate_ids = [PLACES[0], PLACES[0]]  # violates the UNIQUE id constraint mid-write
    with pytest.raises(sqlite3.IntegrityError):
        write_pack(duplicate_ids, target, provenance={})
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.db"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a toponym gazetteer pack"),
        (b"id,name\n1,Latakia\n", "not a toponym gazetteer pack"),
    ],
    ids=["empty-file", "csv-file"],
)
def test_not_a_pack(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    with pytest.raises(PackError, match=message):
        read_pack(path)


def test_missing_pack(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="not found"):
        read_pack(tmp_path / "nowhere.db")


def test_unknown_schema_version(tmp_path: Path) -> None:
    path = write_pack(PLACES, tmp_path / "p.db", provenance={})
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(PackError, match="schema version 99"):
        read_pack(path)


def test_stored_core_round_trips_and_is_used(tmp_path: Path) -> None:
    from toponym.gazetteer import Gazetteer
    from toponym.packs.pack import stored_core

    path = write_pack(PLACES, tmp_path / "p.db", provenance={})
    core = stored_core(path)
    assert core is not None
    assert [p.id for p in core.table] == [p.id for p in PLACES]
    gazetteer = Gazetteer(core=core)
    match = gazetteer.resolve("Laodicea")
    assert match is not None
    assert match.place.id == "geonames:173576"
    assert gazetteer.get("wof:1125980503") == PLACES[0]


@pytest.mark.parametrize("folder", ["what?", "no#1", "100%", "a b", "%3F"])
def test_a_pack_path_may_hold_uri_characters(tmp_path: Path, folder: str) -> None:
    """SQLite opens packs by URI (read-only): a "?" or "#" in the path once ended the file name
    there, so the pack read as empty and SQLite created a stray empty file at the cut-off path."""
    import toponym

    where = tmp_path / folder
    where.mkdir()
    path = write_pack(PLACES, where / "p.db", provenance={})
    before = sorted(p.name for p in tmp_path.iterdir())
    gazetteer = toponym.load(path)
    match = gazetteer.resolve("Laodicea")
    assert match is not None and match.place == PLACES[0]
    assert read_meta(path)["places"] == 3
    assert read_pack(path)[0] == PLACES
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing created beside it
