"""Gazetteer packs: one SQLite file holding places, names, ids, a schema version and provenance, and
the names core built from them (the matcher's index, stored so that no load rebuilds it).

SQLite because users can query it with any tool, because writes are transactional, and because one
part of it can be read without the rest: opening a pack reads its metadata; resolving a name reads
the core's place table and name index (``core`` table, a few blobs, ``read_core``), never the
relational tables, which are there for people and for ``read_pack`` (the places table carries each
place's P-codes, so a table can be joined on them with SQL alone). A pack is written to a
temporary file beside the target and renamed into place (``toponym.output.replaced_file``), so a
failed or interrupted build never leaves a half-written pack behind.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from toponym.errors import PackError
from toponym.heap import paused_gc
from toponym.index.names import INDEX_FORMAT
from toponym.index.places import decode_extent, encode_extent
from toponym.models import Name, PCodes, Place
from toponym.output import replaced_file
from toponym.resolve.core import PARTS, NamesCore

if TYPE_CHECKING:
    from toponym.packs.outlines import Outline

SCHEMA_VERSION = 4

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_ar TEXT,
    kind TEXT NOT NULL,
    lat REAL,
    lon REAL,
    country TEXT,
    admin1 TEXT,
    admin2 TEXT,
    population INTEGER,
    sources TEXT NOT NULL,
    extent TEXT,
    admin1_pcode TEXT,
    admin2_pcode TEXT,
    admin3_pcode TEXT,
    community_pcode TEXT,
    admin3_derived INTEGER
);
CREATE TABLE place_ids (id TEXT NOT NULL, place INTEGER NOT NULL REFERENCES places(rowid));
CREATE TABLE names (
    place INTEGER NOT NULL REFERENCES places(rowid),
    text TEXT NOT NULL,
    lang TEXT NOT NULL,
    script TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE TABLE core (name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE core_records (position INTEGER PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE outlines (pcode TEXT NOT NULL, level TEXT NOT NULL, name TEXT NOT NULL, name_ar TEXT, geojson TEXT NOT NULL);
CREATE INDEX place_ids_by_id ON place_ids(id);
"""


def write_pack(
    places: Iterable[Place],
    path: Path,
    *,
    provenance: Mapping[str, Any],
    core: NamesCore | None = None,
    outlines: Iterable[Outline] = (),
) -> Path:
    """Write places, provenance and their names core to a new pack at ``path`` atomically; returns
    ``path``. ``core`` is the core already built from these places in this order (else it is built
    here: a few seconds for the whole of Syria, spared to every later load). ``outlines`` are the
    administrative polygons (``toponym.packs.outlines``), stored as GeoJSON text."""
    places = list(places)
    core = core or NamesCore.build(places)
    blobs = core.to_blobs()
    path = Path(path)
    with replaced_file(path, what="gazetteer pack (SQLite)") as temporary:
        connection = sqlite3.connect(temporary)
        try:
            with connection:
                connection.executescript(_SCHEMA)
                _insert(connection, places, provenance)
                connection.executemany("INSERT INTO core VALUES (?, ?)", blobs.items())
                connection.executemany(
                    "INSERT INTO core_records VALUES (?, ?)", enumerate(core.table.records())
                )
                connection.executemany(
                    "INSERT INTO outlines VALUES (?,?,?,?,?)",
                    [(o.pcode, o.level, o.name, o.name_ar, o.geojson()) for o in outlines],
                )
        finally:
            connection.close()
    return path


def _insert(connection: sqlite3.Connection, places: list[Place], provenance: Mapping[str, Any]) -> None:
    meta = {
        "schema_version": str(SCHEMA_VERSION),
        "index_format": str(INDEX_FORMAT),
        "places": str(len(places)),
        "names": str(sum(len(place.names) for place in places)),
        "provenance": json.dumps(provenance, ensure_ascii=False),
    }
    connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    for rowid, place in enumerate(places, start=1):
        connection.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                rowid,
                place.id,
                place.name,
                place.name_ar,
                place.kind,
                place.lat,
                place.lon,
                place.country,
                place.admin1,
                place.admin2,
                place.population,
                " ".join(place.sources),
                encode_extent(place.extent),
                *_pcode_columns(place.pcodes),
            ),
        )
        connection.executemany(
            "INSERT INTO place_ids VALUES (?, ?)", [(i, rowid) for i in dict.fromkeys(place.ids)]
        )
        connection.executemany(
            "INSERT INTO names VALUES (?,?,?,?,?,?)",
            [(rowid, n.text, n.lang, n.script, n.source, n.status) for n in place.names],
        )


def read_pack(path: Path) -> tuple[list[Place], dict[str, Any]]:
    """Read every place of a pack and its provenance. Raises PackError if it is not a pack we know."""
    path = Path(path)
    with _connect(path) as connection:
        try:
            with paused_gc():
                return _read(connection, path)
        except sqlite3.DatabaseError as error:
            raise PackError(f"{path} is not a toponym gazetteer pack ({error})") from error


def stored_core(path: Path) -> NamesCore | None:
    """The names core stored in a pack, read part by part on first use; None when the pack's core is
    of another index format than this toponym's (an older pack: its places are still readable)."""
    path = Path(path)
    if read_meta(path)["index_format"] != INDEX_FORMAT:
        return None
    return NamesCore.load(lambda part: _read_part(path, part), _RecordReader(path))


def _read_part(path: Path, part: str) -> dict[str, bytes]:
    if part not in PARTS:
        raise ValueError(f"no such part of a names core: {part!r}")
    with _connect(path) as connection:
        try:
            rows = connection.execute(
                "SELECT name, data FROM core WHERE name >= ? AND name < ?", (f"{part}.", f"{part}/")
            ).fetchall()
        except sqlite3.DatabaseError as error:
            raise PackError(f"cannot read the names core of {path} ({error})") from error
    if not rows:
        raise PackError(
            f"{path} has no {part!r} part in its names core: rebuild it with `toponym data build`"
        )
    return {name: bytes(data) for name, data in rows}


class _RecordReader:
    """Reads one place's record from a pack's ``core_records`` table: one indexed look-up, on one
    read-only connection per process (reopened after a fork), shared by its threads under a lock.

    The connection treats the pack as immutable: sqlite then takes no file lock and checks for no
    change before each look-up, which was half of its cost. Packs are never changed in place (they
    are written beside the target and renamed over it), so an open pack stays the file it was."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._pid = 0

    def __call__(self, position: int) -> str:
        with self._lock:
            if self._connection is None or self._pid != os.getpid():
                self._connection = sqlite3.connect(
                    read_only_uri(self.path, immutable=True), uri=True, check_same_thread=False
                )
                self._pid = os.getpid()
            row = self._connection.execute(
                "SELECT record FROM core_records WHERE position = ?", (position,)
            ).fetchone()
        if row is None:
            raise PackError(
                f"{self.path} has no record for place {position}: rebuild it with `toponym data build`"
            )
        return str(row[0])


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """The SQLite URI that opens ``path`` read-only. The path is percent-encoded: a "?" or "#" in it
    would otherwise end the file name there, and SQLite would open (and create) another file."""
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    return f"file:{quote(str(Path(path).absolute()))}?{flags}"


class _connect:
    """A read-only connection to a pack, closed on leaving the block (sqlite3's own context manager
    only ends a transaction)."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise PackError(f"gazetteer pack not found: {path}")
        try:
            self.connection = sqlite3.connect(read_only_uri(path), uri=True)
        except sqlite3.Error as error:
            raise PackError(f"cannot open gazetteer pack {path}: {error}") from error

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *_: object) -> None:
        self.connection.close()


def read_outlines(path: Path) -> tuple[Outline, ...]:
    """The administrative outlines stored in a pack, in their stored order; () when it has none (a
    pack built without OCHA's polygons, or written before packs stored them)."""
    from toponym.packs.outlines import Outline  # imported here: shapely is only needed for outlines

    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        rows = connection.execute(
            "SELECT pcode, level, name, name_ar, geojson FROM outlines ORDER BY rowid"
        ).fetchall()
    except sqlite3.DatabaseError:
        return ()
    finally:
        connection.close()
    return tuple(Outline.from_geojson(*row) for row in rows)


def _pcode_columns(pcodes: PCodes | None) -> tuple[object, ...]:
    """A place's P-codes as the places table's five columns (all null for none)."""
    if pcodes is None:
        return (None, None, None, None, None)
    return (pcodes.admin1, pcodes.admin2, pcodes.admin3, pcodes.community, int(pcodes.admin3_derived))


def read_meta(path: Path) -> dict[str, Any]:
    """The pack's counts, schema version, index format and provenance, without reading its places."""
    path = Path(path)
    with _connect(path) as connection:
        try:
            return _read_meta(connection, path)
        except sqlite3.DatabaseError as error:
            raise PackError(f"{path} is not a toponym gazetteer pack ({error})") from error


def _read_meta(connection: sqlite3.Connection, path: Path) -> dict[str, Any]:
    meta = dict(connection.execute("SELECT key, value FROM meta"))
    version = int(meta.get("schema_version", "0"))
    if version != SCHEMA_VERSION:
        raise PackError(
            f"{path} has pack schema version {version}; this toponym reads version {SCHEMA_VERSION}. "
            "Rebuild it with `toponym data build`."
        )
    return {
        "places": int(meta["places"]),
        "names": int(meta["names"]),
        "schema_version": version,
        "index_format": int(meta["index_format"]),
        **json.loads(meta.get("provenance", "{}")),
    }


def _read(connection: sqlite3.Connection, path: Path) -> tuple[list[Place], dict[str, Any]]:
    meta = _read_meta(connection, path)
    names: dict[int, list[Name]] = defaultdict(list)
    for rowid, text, lang, script, source, status in connection.execute(
        "SELECT place, text, lang, script, source, status FROM names ORDER BY rowid"
    ):
        names[rowid].append(Name(text, lang, script, source, status))
    ids: dict[int, list[str]] = defaultdict(list)
    for external_id, rowid in connection.execute("SELECT id, place FROM place_ids ORDER BY rowid"):
        ids[rowid].append(external_id)
    places = [
        Place(
            id=pid,
            name=name,
            kind=kind,
            lat=lat,
            lon=lon,
            name_ar=name_ar,
            country=country,
            admin1=admin1,
            admin2=admin2,
            population=population,
            ids=tuple(ids[rowid]),
            names=tuple(names[rowid]),
            sources=tuple(sources.split()),
            extent=decode_extent(extent),
            pcodes=PCodes(*pcodes[:4], bool(pcodes[4])) if any(pcodes[:4]) else None,
        )
        for (
            rowid,
            pid,
            name,
            name_ar,
            kind,
            lat,
            lon,
            country,
            admin1,
            admin2,
            population,
            sources,
            extent,
            *pcodes,
        ) in connection.execute("SELECT * FROM places ORDER BY rowid")
    ]
    return places, meta
