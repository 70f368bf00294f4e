"""Gazetteer packs: one SQLite file holding places, names, ids, a schema version and provenance.

SQLite because users can query it with any tool, and because writes are transactional. A pack is
written to a temporary file beside the target and renamed into place, so a failed build never
leaves a half-written pack behind.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toponym.errors import PackError
from toponym.index.names import paused_gc
from toponym.models import Name, Place

if TYPE_CHECKING:
    from toponym.build.outlines import Outline

SCHEMA_VERSION = 1

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
    sources TEXT NOT NULL
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
CREATE TABLE match_index (data TEXT NOT NULL);
CREATE TABLE outlines (pcode TEXT NOT NULL, level TEXT NOT NULL, name TEXT NOT NULL, name_ar TEXT, geojson TEXT NOT NULL);
CREATE INDEX place_ids_by_id ON place_ids(id);
CREATE INDEX names_by_place ON names(place);
"""


def write_pack(
    places: Iterable[Place],
    path: Path,
    *,
    provenance: Mapping[str, Any],
    match_index: str | None = None,
    outlines: Iterable[Outline] = (),
) -> Path:
    """Write places and provenance to a new pack at ``path`` atomically; returns ``path``.
    ``match_index`` is the matcher's built name index (``Matcher.export()``) for these places in this
    order: stored, it spares every later load the seconds building it takes. ``outlines`` are the
    administrative polygons (``toponym.build.outlines``), stored as GeoJSON text."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()  # sqlite wants to create the file itself
        connection = sqlite3.connect(tmp)
        try:
            with connection:
                connection.executescript(_SCHEMA)
                _insert(connection, places, provenance)
                if match_index is not None:
                    connection.execute("INSERT INTO match_index VALUES (?)", (match_index,))
                connection.executemany(
                    "INSERT INTO outlines VALUES (?,?,?,?,?)",
                    [(o.pcode, o.level, o.name, o.name_ar, o.geojson()) for o in outlines],
                )
        finally:
            connection.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _insert(connection: sqlite3.Connection, places: Iterable[Place], provenance: Mapping[str, Any]) -> None:
    meta = {"schema_version": str(SCHEMA_VERSION), "provenance": json.dumps(provenance, ensure_ascii=False)}
    connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    for rowid, place in enumerate(places, start=1):
        connection.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
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
    if not path.is_file():
        raise PackError(f"gazetteer pack not found: {path}")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise PackError(f"cannot open gazetteer pack {path}: {error}") from error
    try:
        with paused_gc():
            return _read(connection, path)
    except sqlite3.DatabaseError as error:
        raise PackError(f"{path} is not a toponym gazetteer pack ({error})") from error
    finally:
        connection.close()


def read_match_index(path: Path) -> str | None:
    """The name index stored in a pack, or None (an older pack, or one written without it)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT data FROM match_index").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        connection.close()
    return row[0] if row else None


def read_outlines(path: Path) -> tuple[Outline, ...]:
    """The administrative outlines stored in a pack, in their stored order; () when it has none (a
    pack built without OCHA's polygons, or written before packs stored them)."""
    from toponym.build.outlines import Outline  # imported here: shapely is only needed for outlines

    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT pcode, level, name, name_ar, geojson FROM outlines ORDER BY rowid"
        ).fetchall()
    except sqlite3.DatabaseError:
        return ()
    finally:
        connection.close()
    return tuple(Outline.from_geojson(*row) for row in rows)


def read_meta(path: Path) -> dict[str, Any]:
    """The pack's schema version and provenance, without reading its places."""
    path = Path(path)
    if not path.is_file():
        raise PackError(f"gazetteer pack not found: {path}")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        meta = _read_meta(connection, path)
        counts = connection.execute(
            "SELECT (SELECT count(*) FROM places), (SELECT count(*) FROM names)"
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise PackError(f"{path} is not a toponym gazetteer pack ({error})") from error
    finally:
        connection.close()
    return {"places": counts[0], "names": counts[1], **meta}


def _read_meta(connection: sqlite3.Connection, path: Path) -> dict[str, Any]:
    meta = dict(connection.execute("SELECT key, value FROM meta"))
    version = int(meta.get("schema_version", "0"))
    if version != SCHEMA_VERSION:
        raise PackError(
            f"{path} has pack schema version {version}; this toponym reads version {SCHEMA_VERSION}. "
            "Rebuild it with `toponym data build`."
        )
    return {"schema_version": version, **json.loads(meta.get("provenance", "{}"))}


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
        )
        for rowid, pid, name, name_ar, kind, lat, lon, country, admin1, admin2, population, sources in connection.execute(
            "SELECT * FROM places ORDER BY rowid"
        )
    ]
    return places, meta
