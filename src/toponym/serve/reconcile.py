"""Answering reconciliation queries: each query's candidates, as the specification's result batch.

A candidate's ``score`` is the matcher's 0–100 score; ``match`` is true only for the first candidate
when ``Gazetteer.resolve`` would answer it (score at or above the abstain threshold) and no other
place scored close behind it (not ``ambiguous``): those are the cells OpenRefine matches by itself.
A type narrows the candidates to its kinds; a type of one kind (governorate, district…) is also
passed to the matcher as the kind preferred, so "Idlib" as a governorate is the governorate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from toponym.errors import InvalidOption
from toponym.gazetteer import AdminLevel, Gazetteer
from toponym.models import Match, Place
from toponym.resolve.context import country_code, place_kind
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
        """The matcher's context from the query's properties, each value read as the library reads
        it, and dropped when it names nothing (a property value is never an error: see ``queries``)."""
        return {
            "admin1": self._area(query.values("governorate"), "admin1"),
            "admin2": self._area(query.values("district"), "admin2"),
            "country": self._checked(query.values("country"), country_code, lambda p: p.country),
            "kind": self._checked(query.values("kind"), place_kind, lambda p: p.kind),
        }

    def _area(self, values: tuple[PropertyValue, ...], level: AdminLevel) -> str | None:
        """The governorate or district the first value naming one names, by its name in this gazetteer
        ("Idleb" -> "Idlib"): equal answers for every spelling, and no warning about unknown ones."""
        for name in self._names(values):
            area = self._gazetteer.area(name, level)
            if area is not None:
                return area.name
        return None

    def _checked(
        self,
        values: tuple[PropertyValue, ...],
        check: Callable[[str], str],
        of_place: Callable[[Place], str | None],
    ) -> str | None:
        """The first value ``check`` accepts (a country code, a kind), or a reconciled place's."""
        for value in values:
            if isinstance(value, Mapping) and (place := self._gazetteer.get(value["id"])) is not None:
                return of_place(place)
            for name in self._names((value,)):
                try:
                    return check(name)
                except InvalidOption:
                    continue
        return None

    def _names(self, values: tuple[PropertyValue, ...]) -> Iterator[str]:
        """Each usable value as text: a string or number as written, a reconciled entity by its
        place's name (or the name it was sent with); blanks and booleans are skipped."""
        for value in values:
            if isinstance(value, Mapping):
                place = self._gazetteer.get(value["id"])
                name = place.name if place is not None else value.get("name")
            elif isinstance(value, bool):
                continue
            else:
                name = str(value)
            if isinstance(name, str) and name.strip():
                yield name.strip()
