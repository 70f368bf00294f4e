"""Finding places for a name: a first matcher (normalised exact lookup, then rapidfuzz over names).

The matcher issue replaces the internals; the contract stays: ``Matcher(places)`` then
``candidates(query, limit=..., context=...)`` returns ranked ``Match`` objects, best first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from toponym.models import Match, Place
from toponym.normalize import normalize

# Below this score a candidate is not offered by ``resolve``: an honest "no match" beats a wrong guess.
RESOLVE_THRESHOLD = 80.0


@dataclass(frozen=True, slots=True)
class Context:
    """What the caller knows about where the place is; any field may be None."""

    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    kind: str | None = None


class Matcher:
    """Index of every Latin and Arabic name of a set of places, by normalised key."""

    def __init__(self, places: Sequence[Place]) -> None:
        self._by_key: dict[str, list[tuple[Place, str]]] = defaultdict(list)
        for place in places:
            for name in place.names:
                if name.script in ("Latn", "Arab"):
                    key = normalize(name.text)
                    if key:
                        self._by_key[key].append((place, name.text))
        self._keys = list(self._by_key)

    def candidates(self, query: str, *, limit: int = 5, context: Context | None = None) -> list[Match]:
        key = normalize(query)
        if not key:
            return []
        context = context or Context()
        scored: dict[str, Match] = {}
        hits = [(key, 100.0)] if key in self._by_key else []
        if not hits:
            found = process.extract(key, self._keys, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=60)
            hits = [(k, float(s)) for k, s, _ in found]
        for hit_key, score in hits:
            for place, text in self._by_key[hit_key]:
                if context.country and place.country and place.country != context.country.upper():
                    continue
                best = scored.get(place.id)
                if best is None or score > best.score:
                    scored[place.id] = Match(place=place, score=score, matched_name=text, query=query)
        ranked = sorted(scored.values(), key=lambda m: (-m.score, _importance(m.place)))
        return ranked[:limit]


def _importance(place: Place) -> tuple[int, int]:
    """Sort key among equal scores: Syrian places, then larger administrative levels and populations."""
    return (0 if place.country == "SY" else 1, -(place.population or 0))
