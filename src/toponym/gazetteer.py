"""The Gazetteer: places indexed by every id they carry, and the front door for name resolution.

Every method checks what it is handed (``toponym.arguments``, ``toponym.resolve.context``): None and
NaN (pandas' blank) are blanks — no match, as for ``""``; another non-string raises ``TypeError``
naming the argument; an unknown ``country`` or ``kind``, or a ``limit`` under 1, raises a
``ValueError``. An ``admin1``/``admin2`` that names no governorate/district of this gazetteer is
ignored, with an ``UnknownContextWarning`` (once per value and gazetteer); ``area`` tells how a
context value is read.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from toponym.arguments import limit_argument, text_argument
from toponym.errors import PlaceNotFound, UnknownContextWarning
from toponym.models import Match, Mention, Place
from toponym.resolve.context import Context, validated_context
from toponym.resolve.ranking import RESOLVE_THRESHOLD, Matcher

AdminLevel = Literal["admin1", "admin2"]
_AREA_KINDS: dict[str, str] = {"admin1": "governorate", "admin2": "district"}


class Gazetteer:
    """A set of places. ``get``/``lookup`` find by id; ``resolve``/``candidates`` find by name.

    The name index is built on first use (and only once, under a lock), so opening a gazetteer to
    look places up by id costs nothing more than reading it.
    """

    def __init__(
        self,
        places: Iterable[Place],
        *,
        provenance: Mapping[str, Any] | None = None,
        path: Path | None = None,
        stored_index: Callable[[], str | None] | None = None,
    ) -> None:
        self._places: dict[str, Place] = {}
        self._by_external_id: dict[str, str] = {}
        for place in places:
            self._places[place.id] = place
            for external_id in place.ids:
                self._by_external_id.setdefault(external_id, place.id)
            self._by_external_id[place.id] = place.id
        self.provenance: Mapping[str, Any] = MappingProxyType(dict(provenance or {}))
        self.path = path
        self._stored_index = stored_index  # gives a pack's saved name index, read on first use
        self._matcher: Matcher | None = None
        self._matcher_lock = threading.Lock()
        self._unknown_context_warned: set[tuple[str, str]] = set()

    # -- by id ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places.values())

    def __contains__(self, place_id: object) -> bool:
        return isinstance(place_id, str) and place_id in self._by_external_id

    def get(self, place_id: str | None) -> Place | None:
        """The place with this id (canonical or any external one: ``ocha:C3480``), or None."""
        text = text_argument(place_id, "place_id")
        canonical = self._by_external_id.get(text.strip()) if text else None
        return self._places[canonical] if canonical else None

    def lookup(self, place_id: str) -> Place:
        """Like ``get``, but raises ``PlaceNotFound`` (a ``LookupError``) naming the id."""
        place = self.get(place_id)
        if place is None:
            raise PlaceNotFound(f"no place has the id {place_id!r:.100}")
        return place

    @property
    def names_count(self) -> int:
        return sum(len(place.names) for place in self._places.values())

    # -- by name -------------------------------------------------------------------------------
    @property
    def matcher(self) -> Matcher:
        if self._matcher is None:
            with self._matcher_lock:
                if self._matcher is None:
                    stored = self._stored_index() if self._stored_index else None
                    self._matcher = Matcher(list(self._places.values()), stored=stored)
        return self._matcher

    def candidates(
        self,
        name: str | None,
        *,
        limit: int = 5,
        admin1: str | None = None,
        admin2: str | None = None,
        country: str | None = None,
        kind: str | None = None,
    ) -> list[Match]:
        """Ranked places this name may mean, best first, each with a 0–100 score."""
        limit = limit_argument(limit)
        context = validated_context(admin1=admin1, admin2=admin2, country=country, kind=kind)
        return self._ranked(name, limit, context)

    def resolve(
        self,
        name: str | None,
        *,
        admin1: str | None = None,
        admin2: str | None = None,
        country: str | None = None,
        kind: str | None = None,
    ) -> Match | None:
        """The best place for this name, or None when nothing is good enough to be trusted."""
        context = validated_context(admin1=admin1, admin2=admin2, country=country, kind=kind)
        ranked = self._ranked(name, 2, context)
        if not ranked or ranked[0].score < RESOLVE_THRESHOLD:
            return None
        return ranked[0]

    def area(self, text: str | None, level: AdminLevel) -> Place | None:
        """The governorate (``level="admin1"``) or district (``"admin2"``) place a context value names,
        as ``resolve`` reads it ("Idleb" → the governorate of Idlib); None when it names none here."""
        if level not in _AREA_KINDS:
            raise ValueError(f"level must be 'admin1' or 'admin2', not {level!r}")
        value = text_argument(text, level)
        if not value or not value.strip():
            return None
        found = self.matcher.resolve_area(value.strip(), _AREA_KINDS[level])
        return self._places[found] if found else None

    def _ranked(self, name: object, limit: int, context: Context) -> list[Match]:
        query = text_argument(name, "name")
        self._warn_unknown_context(context)
        if not query or not query.strip():
            return []
        return self.matcher.candidates(query, limit=limit, context=context)

    def _warn_unknown_context(self, context: Context) -> None:
        """Warn, once per value, about an ``admin1``/``admin2`` that names no area of this gazetteer."""
        for level, value in (("admin1", context.admin1), ("admin2", context.admin2)):
            if value is None or (level, value) in self._unknown_context_warned:
                continue
            if self.area(value, level) is None:  # type: ignore[arg-type]
                self._unknown_context_warned.add((level, value))
                warnings.warn(
                    UnknownContextWarning(
                        f"{level}={value!r:.100} names no {_AREA_KINDS[level]} in this gazetteer; it is ignored"
                    ),
                    stacklevel=4,  # the caller of resolve / candidates
                )

    # -- in text ---------------------------------------------------------------------------------
    def extract(self, text: str | None) -> list[Mention]:
        """Every place mention in ``text``, resolved in the light of the others (see ``toponym.extract``)."""
        from toponym.extract import extract  # imported here: extraction loads its word lists lazily

        checked = text_argument(text, "text")
        return extract(self, checked) if checked else []
