"""Answering reconciliation queries: each query's candidates, as the specification's result batch.

A candidate's ``score`` is the matcher's 0–100 score; ``match`` is true only for the first candidate
when ``Gazetteer.resolve`` would answer it (score at or above the abstain threshold) and no other
place scored close behind it (not ``ambiguous``): those are the cells OpenRefine matches by itself.
A type narrows the candidates to its kinds; a type of one kind (governorate, district…) is also
passed to the matcher as the kind preferred, so "Idlib" as a governorate is the governorate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from toponym.gazetteer import Gazetteer
from toponym.models import Match, Place
from toponym.resolve.ranking import RESOLVE_THRESHOLD
from toponym.serve.admin import AdminChain
from toponym.serve.queries import PropertyValue, Query
from toponym.serve.vocabulary import type_of

# Candidates fetched per candidate wanted when a type filters them: the other kinds among the
# first ones (a city before its governorate) must not leave the list short.
_TYPE_FILTER_FETCH = 4
DEFAULT_CACHE_SIZE = 20_000  # distinct (name, context, type, limit) answers kept: a few tens of MB

_Key = tuple[str, frozenset[str], int, str | None, str | None, str | None, str | None]


class Reconciler:
    """Answers queries against one gazetteer. Answers are pure functions of the query and the
    read-only gazetteer, so the last ``cache_size`` distinct ones are kept (``functools.lru_cache``,
    thread-safe): the same spellings come back in every table, and matching one costs about a
    millisecond."""

    def __init__(
        self, gazetteer: Gazetteer, chain: AdminChain, *, cache_size: int = DEFAULT_CACHE_SIZE
    ) -> None:
        self._gazetteer = gazetteer
        self._chain = chain
        self._answer: Callable[[_Key], list[dict[str, Any]]] = (
            lru_cache(maxsize=cache_size)(self._uncached) if cache_size else self._uncached
        )

    def reconcile(self, batch: Mapping[str, Query]) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """The result batch: for each query id, its candidates, best first."""
        return {key: {"result": self.candidates(query)} for key, query in batch.items()}

    def candidates(self, query: Query) -> list[dict[str, Any]]:
        """The query's candidates as the result batch lists them (shared with the cache: read only)."""
        if query.text is None:
            return []  # properties alone name no place: nothing to match by name
        context = self._context(query)
        kinds: frozenset[str] = frozenset().union(*(t.kinds for t in query.types))
        if len(kinds) == 1 and context["kind"] is None:
            context["kind"] = next(iter(kinds))
        return self._answer((query.text, kinds, query.limit, *context.values()))

    def _uncached(self, key: _Key) -> list[dict[str, Any]]:
        text, kinds, limit, admin1, admin2, country, kind = key
        fetch = limit * _TYPE_FILTER_FETCH if kinds else limit
        matches = self._gazetteer.candidates(
            text, limit=fetch, admin1=admin1, admin2=admin2, country=country, kind=kind
        )
        if kinds:
            matches = [m for m in matches if m.place.kind in kinds]
        return [self.candidate(m, first=i == 0) for i, m in enumerate(matches[:limit])]

    def candidate(self, match: Match, *, first: bool) -> dict[str, Any]:
        place = match.place
        return {
            "id": place.id,
            "name": place.name,
            "description": self.describe(place, match),
            "score": round(match.score, 1),
            "match": first and match.score >= RESOLVE_THRESHOLD and not match.ambiguous,
            "type": [type_of(place.kind).ref()],
        }

    def describe(self, place: Place, match: Match | None = None) -> str:
        """ "اللاذقية · city · Latakia governorate" — the Arabic name, the kind, where it lies."""
        parts = [place.name_ar or "", place.kind]
        governorate = self._chain.of(place).governorate
        if governorate is not None:
            parts.append(f"{governorate.name} governorate")
        elif place.country and place.country != "SY":
            parts.append(place.country)
        if match is not None and match.ambiguous and match.runner_up is not None:
            parts.append(f"close behind: {match.runner_up.name} ({match.runner_up.id})")
        return " · ".join(part for part in parts if part)

    def _context(self, query: Query) -> dict[str, str | None]:
        return {
            "admin1": self._first_name(query.values("governorate")),
            "admin2": self._first_name(query.values("district")),
            "country": self._country(query.values("country")),
            "kind": (self._first_name(query.values("kind")) or "").lower() or None,
        }

    def _first_name(self, values: tuple[PropertyValue, ...]) -> str | None:
        """The first usable value as a name: a string or number as written, a reconciled entity by
        its place's name (or the name it was sent with); blanks and booleans are skipped."""
        for value in values:
            if isinstance(value, Mapping):
                place = self._gazetteer.get(value["id"])
                name = place.name if place is not None else value.get("name")
            elif isinstance(value, bool):
                continue
            else:
                name = str(value)
            if isinstance(name, str) and name.strip():
                return name.strip()
        return None

    def _country(self, values: tuple[PropertyValue, ...]) -> str | None:
        """A country as its ISO code: "SY" as given, a reconciled country entity by its code, or a
        country's name ("Syria", "Türkiye") resolved among the gazetteer's countries."""
        for value in values:
            if isinstance(value, Mapping):
                place = self._gazetteer.get(value["id"])
                if place is not None and place.country:
                    return place.country
                continue
            name = self._first_name((value,))
            if name is None:
                continue
            if len(name) == 2 and name.isalpha():
                return name.upper()
            country = self._gazetteer.resolve(name, kind="country")
            if country is not None and country.place.kind == "country" and country.place.country:
                return country.place.country
        return None
