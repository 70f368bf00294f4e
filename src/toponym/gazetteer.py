"""The Gazetteer: places by every id they carry, and the front door for names, in lookups and in text.

A gazetteer owns its names core (:mod:`toponym.resolve.core`): read from its pack part by part as it
is first needed, or derived from the places it was given. Opening one costs nothing; looking a place
up by id reads the place table; resolving a name reads the name index too; extracting mentions reads
the detection tables as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from toponym.errors import PlaceNotFound
from toponym.lazy import lazy
from toponym.models import Match, Mention, Place
from toponym.resolve.context import Context
from toponym.resolve.core import NamesCore
from toponym.resolve.ranking import RESOLVE_THRESHOLD, Matcher

if TYPE_CHECKING:
    from toponym.build.outlines import Outline


class Gazetteer:
    """A set of places. ``get``/``lookup`` find by id; ``resolve``/``candidates`` find by name;
    ``extract`` finds the places a text names.

    ``Gazetteer(places)`` derives its names core from ``places`` on first use; a gazetteer opened
    from a pack (``toponym.load``) reads the core the pack stores.
    """

    def __init__(
        self,
        places: Iterable[Place] = (),
        *,
        provenance: Mapping[str, Any] | None = None,
        path: Path | None = None,
        core: NamesCore | None = None,
    ) -> None:
        self._core = core if core is not None else NamesCore.build(list(places))
        self.provenance: Mapping[str, Any] = MappingProxyType(dict(provenance or {}))
        self.path = path

    @property
    def core(self) -> NamesCore:
        return self._core

    # -- by id ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._core.table)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._core.table)

    def __contains__(self, place_id: object) -> bool:
        return isinstance(place_id, str) and self._core.table.position(place_id.strip()) is not None

    def get(self, place_id: str) -> Place | None:
        """The place with this id (canonical or any external one: ``ocha:C3480``), or None."""
        position = self._core.table.position(place_id.strip())
        return None if position is None else self._core.table.place(position)

    def lookup(self, place_id: str) -> Place:
        """Like ``get``, but raises ``PlaceNotFound`` (a ``LookupError``) naming the id."""
        place = self.get(place_id)
        if place is None:
            raise PlaceNotFound(f"no place has the id {place_id!r}")
        return place

    @lazy
    def names_count(self) -> int:
        """How many names the places carry (decodes every place: for reports, not for loops)."""
        return sum(len(place.names) for place in self)

    # -- by name -------------------------------------------------------------------------------
    @property
    def matcher(self) -> Matcher:
        return self._core.matcher

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
        ranked = self.candidates(name, limit=1, admin1=admin1, admin2=admin2, country=country, kind=kind)
        if not ranked or ranked[0].score < RESOLVE_THRESHOLD:
            return None
        return ranked[0]

    # -- outlines ------------------------------------------------------------------------------
    def outlines(self) -> tuple[Outline, ...]:
        """The governorate and district polygons of the pack (``toponym.build.outlines.Outline``), or
        () when it has none. Read on the first call, never at load: most uses never draw a map."""
        return self._outlines

    @lazy
    def _outlines(self) -> tuple[Outline, ...]:
        from toponym.build.pack import read_outlines  # shapely is imported only here

        return read_outlines(self.path) if self.path is not None else ()

    # -- in text ---------------------------------------------------------------------------------
    def extract(self, text: str) -> list[Mention]:
        """Every place mention in ``text``, resolved in the light of the others (see ``toponym.extract``)."""
        # imported on first use: a lookup need not pay for loading the extraction code
        from toponym.extract import extract_mentions

        return extract_mentions(self._core, text)
