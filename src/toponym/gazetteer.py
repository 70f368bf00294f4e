"""The Gazetteer: places indexed by every id they carry, and the front door for name resolution."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from toponym.errors import PlaceNotFound
from toponym.models import Match, Mention, Place
from toponym.resolve.ranking import RESOLVE_THRESHOLD, Context, Matcher

if TYPE_CHECKING:
    from toponym.build.outlines import Outline


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
        self._outlines: tuple[Outline, ...] | None = None
        self._outlines_lock = threading.Lock()

    # -- by id ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places.values())

    def __contains__(self, place_id: object) -> bool:
        return isinstance(place_id, str) and place_id in self._by_external_id

    def get(self, place_id: str) -> Place | None:
        """The place with this id (canonical or any external one: ``ocha:C3480``), or None."""
        canonical = self._by_external_id.get(place_id.strip())
        return self._places[canonical] if canonical else None

    def lookup(self, place_id: str) -> Place:
        """Like ``get``, but raises ``PlaceNotFound`` (a ``LookupError``) naming the id."""
        place = self.get(place_id)
        if place is None:
            raise PlaceNotFound(f"no place has the id {place_id!r}")
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
        name: str,
        *,
        limit: int = 5,
        admin1: str | None = None,
        admin2: str | None = None,
        country: str | None = None,
        kind: str | None = None,
    ) -> list[Match]:
        """Ranked places this name may mean, best first, each with a 0–100 score."""
        context = Context(admin1=admin1, admin2=admin2, country=country, kind=kind)
        return self.matcher.candidates(name, limit=limit, context=context)

    def resolve(
        self,
        name: str,
        *,
        admin1: str | None = None,
        admin2: str | None = None,
        country: str | None = None,
        kind: str | None = None,
    ) -> Match | None:
        """The best place for this name, or None when nothing is good enough to be trusted."""
        ranked = self.candidates(name, limit=2, admin1=admin1, admin2=admin2, country=country, kind=kind)
        if not ranked or ranked[0].score < RESOLVE_THRESHOLD:
            return None
        return ranked[0]

    # -- outlines ------------------------------------------------------------------------------
    def outlines(self) -> tuple[Outline, ...]:
        """The governorate and district polygons of the pack (``toponym.build.outlines.Outline``), or
        () when it has none. Read on the first call, never at load: most uses never draw a map."""
        if self._outlines is None:
            with self._outlines_lock:
                if self._outlines is None:
                    from toponym.build.pack import read_outlines  # shapely is imported only here

                    self._outlines = read_outlines(self.path) if self.path is not None else ()
        return self._outlines

    # -- in text ---------------------------------------------------------------------------------
    def extract(self, text: str) -> list[Mention]:
        """Every place mention in ``text``, resolved in the light of the others (see ``toponym.extract``)."""
        from toponym.extract import extract  # imported here: extraction loads its word lists lazily

        return extract(self, text)
