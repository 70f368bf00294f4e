"""The Gazetteer: places by every id they carry, and the front door for names, in lookups and in text.

A gazetteer owns its names core (:mod:`toponym.resolve.core`): read from its pack part by part as it
is first needed, or derived from the places it was given. Opening one costs nothing; looking a place
up by id reads the place table; resolving a name reads the name index too; extracting mentions reads
the detection tables as well.

Every method checks what it is handed (``toponym.arguments``, ``toponym.resolve.context``): None and
NaN (pandas' blank) are blanks — no match, as for ``""``; another non-string raises ``TypeError``
naming the argument; an unknown ``country`` or ``kind``, or a ``limit`` under 1, raises a
``ValueError``. An ``admin1``/``admin2`` that names no governorate/district of this gazetteer is
ignored, with an ``UnknownContextWarning`` (once per value and gazetteer); ``area`` tells how a
context value is read.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from toponym.arguments import limit_argument, point_argument, text_argument
from toponym.errors import PlaceNotFound, UnknownContextWarning
from toponym.lazy import lazy
from toponym.models import Location, Match, Mention, Place, is_bare_pcode
from toponym.resolve.admin import DISTRICT, GOVERNORATE, NONE
from toponym.resolve.context import Context, validated_context
from toponym.resolve.core import NamesCore
from toponym.resolve.ranking import RESOLVE_THRESHOLD, Matcher

if TYPE_CHECKING:
    from toponym.packs.outlines import Outline
    from toponym.reverse import ReverseGeocoder

AdminLevel = Literal["admin1", "admin2"]
_AREA_KINDS: dict[str, str] = {"admin1": GOVERNORATE, "admin2": DISTRICT}


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
        self._unknown_context_warned: set[tuple[str, str]] = set()

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

    def get(self, place_id: str | None) -> Place | None:
        """The place with this id (canonical or any external one: ``ocha:C3480``), or None. A bare
        OCHA P-code is an id too: ``get("SY0705")`` is the district, ``get("C4268")`` the community."""
        text = text_argument(place_id, "place_id")
        if not text or not text.strip():
            return None
        table = self._core.table
        wanted = text.strip()
        position = table.position(wanted)
        if position is None and is_bare_pcode(wanted):
            position = table.position(f"ocha:{wanted.upper()}")
        return None if position is None else table.place(position)

    def lookup(self, place_id: str) -> Place:
        """Like ``get``, but raises ``PlaceNotFound`` (a ``LookupError``) naming the id."""
        place = self.get(place_id)
        if place is None:
            raise PlaceNotFound(f"no place has the id {place_id!r:.100}")
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
        ranked = self._ranked(name, 1, context)
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
        position = self._core.areas.resolve(value.strip(), _AREA_KINDS[level])
        return None if position == NONE else self._core.table.place(position)

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

    # -- outlines ------------------------------------------------------------------------------
    def outlines(self) -> tuple[Outline, ...]:
        """The governorate and district polygons of the pack (``toponym.packs.outlines.Outline``), or
        () when it has none. Read on the first call, never at load: most uses never draw a map."""
        return self._outlines

    @lazy
    def _outlines(self) -> tuple[Outline, ...]:
        from toponym.packs.pack import read_outlines  # shapely is imported only here

        return read_outlines(self.path) if self.path is not None else ()

    # -- by point ------------------------------------------------------------------------------
    def reverse(self, lat: float, lon: float, *, limit: int = 1) -> Location:
        """Where a point is: the governorate and district it lies in (with their P-codes) and the
        ``limit`` Syrian settlements nearest to it (within 100 km), closest first; ``status`` says
        whether it is inside Syria, outside, or inside only with lat and lon swapped
        (``toponym.reverse``). Raises ``TypeError``/``ValueError`` for a point that is no point."""
        lat, lon = point_argument(lat, lon)
        return self._reverse.locate(lat, lon, limit_argument(limit))

    @lazy
    def _reverse(self) -> ReverseGeocoder:
        from toponym.reverse import ReverseGeocoder  # shapely's grid is made on the first reverse

        def unit(pcode: str) -> Place | None:
            return self.get(f"ocha:{pcode}")

        return ReverseGeocoder(self._core.table, self.outlines(), unit)

    # -- in text ---------------------------------------------------------------------------------
    def extract(self, text: str | None) -> list[Mention]:
        """Every place mention in ``text``, resolved in the light of the others (see ``toponym.extract``)."""
        # imported on first use: a lookup need not pay for loading the extraction code
        from toponym.extract import extract_mentions

        checked = text_argument(text, "text")
        return extract_mentions(self._core, checked) if checked else []
