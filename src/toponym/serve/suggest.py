"""Suggest services: type-ahead for entities (by prefix, then fuzzy), types and properties.

Entities: every Latin- and Arabic-script name of every place is filed under its ``toponym.normalize``
key and under the key of each of its later words ("Ladh" finds Al-Ladhiqiyah, "Nabl" Kafr Nabl), in
one sorted list searched by bisection. Prefix hits come first — whole-name prefixes before word ones,
then by kind (larger first), Syrian places, population — and the fuzzy matcher's candidates for the
text typed so far fill the rest, so a misspelled prefix ("Lattaki") still finds its place.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any

from toponym.gazetteer import Gazetteer
from toponym.models import PLACE_KINDS, Place
from toponym.serve.reconcile import Reconciler
from toponym.serve.vocabulary import TYPES, EntityType, Property, type_of
from toponym.text.normalize import normalize

DEFAULT_SUGGESTIONS = 10
MAX_SUGGESTIONS = 50
_SCAN = 400  # prefix entries looked at per request: a one-letter prefix must stay cheap
_FUZZY_FROM = 3  # letters typed before the fuzzy matcher is asked too
_KIND_ORDER = {kind: position for position, kind in enumerate(PLACE_KINDS)}


class PrefixIndex:
    """Places by the normalised prefixes of their names."""

    def __init__(self, places: Iterable[Place]) -> None:
        entries: set[tuple[str, int, str]] = set()
        for place in places:
            for name in place.names or ():
                if name.script not in {"Latn", "Arab"}:
                    continue
                key = normalize(name.text)
                words = key.split(" ")
                if key:
                    entries.add((key, 0, place.id))
                for start in range(1, len(words)):
                    entries.add((" ".join(words[start:]), 1, place.id))
        self._entries = sorted(entries)
        self._keys = [entry[0] for entry in self._entries]

    def search(self, prefix: str) -> list[tuple[int, str]]:
        """(0 for a whole-name prefix, 1 for a later word's; place id) for up to ``_SCAN`` entries."""
        key = normalize(prefix)
        if not key:
            return []
        start = bisect.bisect_left(self._keys, key)
        found = []
        for entry_key, rank, place_id in self._entries[start : start + _SCAN]:
            if not entry_key.startswith(key):
                break
            found.append((rank, place_id))
        return found


class Suggester:
    def __init__(self, gazetteer: Gazetteer, reconciler: Reconciler) -> None:
        self._gazetteer = gazetteer
        self._reconciler = reconciler
        self.index = PrefixIndex(gazetteer)

    def entities(
        self,
        prefix: str,
        *,
        types: tuple[EntityType, ...] = (),
        limit: int = DEFAULT_SUGGESTIONS,
        cursor: int = 0,
    ) -> dict[str, list[dict[str, Any]]]:
        kinds = frozenset().union(*(t.kinds for t in types))
        wanted = cursor + limit
        best_rank: dict[str, int] = {}
        for rank, place_id in self.index.search(prefix):
            best_rank[place_id] = min(rank, best_rank.get(place_id, rank))
        places = [self._gazetteer.get(place_id) for place_id in best_rank]
        hits = sorted(
            (p for p in places if p is not None and (not kinds or p.kind in kinds)),
            key=lambda p: (best_rank[p.id], *_prominence(p)),
        )
        if len(hits) < wanted and len(normalize(prefix)) >= _FUZZY_FROM:
            seen = {p.id for p in hits}
            for match in self._gazetteer.candidates(prefix, limit=wanted):
                if match.place.id not in seen and (not kinds or match.place.kind in kinds):
                    hits.append(match.place)
                    seen.add(match.place.id)
        return {"result": [self._entity(place) for place in hits[cursor:wanted]]}

    def _entity(self, place: Place) -> dict[str, Any]:
        return {
            "id": place.id,
            "name": place.name,
            "description": self._reconciler.describe(place),
            "notable": [type_of(place.kind).ref()],
        }


def suggest_types(prefix: str) -> dict[str, list[dict[str, str]]]:
    return {"result": [t.to_dict() for t in TYPES if _mentions(prefix, t.id, t.name)]}


def suggest_properties(prefix: str, properties: Iterable[Property]) -> dict[str, list[dict[str, str]]]:
    return {"result": [p.to_dict() for p in properties if _mentions(prefix, p.id, p.name)]}


def _mentions(prefix: str, *texts: str) -> bool:
    wanted = prefix.strip().casefold()
    return any(wanted in text.casefold() for text in texts)


def _prominence(place: Place) -> tuple[int, int, int, int]:
    """Larger kinds, Syrian places and larger populations first; shorter names before longer ones."""
    return (
        _KIND_ORDER.get(place.kind, len(_KIND_ORDER)),
        0 if place.country == "SY" else 1,
        -(place.population or 0),
        len(place.name),
    )
