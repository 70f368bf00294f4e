"""Everything the server answers, without HTTP: one ``PlaceService`` per gazetteer, built at start-up.

The gazetteer is read-only once loaded, and so is everything derived here (the admin chain, the
prefix index, the base map): request threads share them without locks. The matcher builds its
index under its own lock on first use, which ``PlaceService`` triggers before the first request.
"""

from __future__ import annotations

from typing import Any

from toponym.extract import to_geojson
from toponym.gazetteer import Gazetteer
from toponym.serve.admin import AdminChain
from toponym.serve.article import article_view
from toponym.serve.cards import missing_card, place_card
from toponym.serve.errors import RequestError
from toponym.serve.extend import EXTENSION_PROPERTIES, extend, parse_extension, propose_properties
from toponym.serve.mapsvg import BaseMap
from toponym.serve.queries import Query
from toponym.serve.reconcile import DEFAULT_CACHE_SIZE, Reconciler
from toponym.serve.rows import match_row, row_points
from toponym.serve.suggest import Suggester, suggest_properties, suggest_types
from toponym.serve.vocabulary import QUERY_PROPERTIES, TYPES_BY_ID
from toponym.tabular import resolve_values

MAX_LINES = 2000  # names in one pasted column
SEARCH_LIMIT = 10


class PlaceService:
    def __init__(self, gazetteer: Gazetteer, *, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        self.gazetteer = gazetteer
        self.chain = AdminChain(gazetteer)
        self.reconciler = Reconciler(gazetteer, self.chain, cache_size=cache_size)
        self.suggester = Suggester(gazetteer, self.reconciler)
        self.base_map = BaseMap(gazetteer.outlines())
        gazetteer.candidates("Damascus")  # the name index is built now, not in the first request
        # every property a suggestion may offer: those a query can give, then those it can add
        query_ids = {p.id for p in QUERY_PROPERTIES}
        self._properties = [
            *QUERY_PROPERTIES,
            *(e.property for e in EXTENSION_PROPERTIES if e.property.id not in query_ids),
        ]

    # -- reconciliation ----------------------------------------------------------------------------
    def reconcile(self, batch: dict[str, Query]) -> dict[str, Any]:
        return self.reconciler.reconcile(batch)

    def extend(self, raw: object) -> dict[str, Any]:
        ids, properties = parse_extension(raw)
        return extend(self.gazetteer, self.chain, ids, properties)

    def propose_properties(self, type_id: str | None, limit: int | None) -> dict[str, Any]:
        return propose_properties(type_id, limit)

    def suggest_entities(self, prefix: str, type_id: str | None, limit: int, cursor: int) -> dict[str, Any]:
        types = ()
        if type_id:
            if type_id not in TYPES_BY_ID:
                raise RequestError(f"unknown type {type_id!r}; the types are {', '.join(TYPES_BY_ID)}")
            types = (TYPES_BY_ID[type_id],)
        return self.suggester.entities(prefix, types=types, limit=limit, cursor=cursor)

    def suggest_types(self, prefix: str) -> dict[str, Any]:
        return suggest_types(prefix)

    def suggest_properties(self, prefix: str) -> dict[str, Any]:
        return suggest_properties(prefix, self._properties)

    def preview(self, place_id: str) -> tuple[int, str]:
        """(HTTP status, HTML): the place's card, or a 404 card naming the id."""
        place = self.gazetteer.get(place_id)
        if place is None:
            return 404, missing_card(place_id)
        return 200, place_card(place, self.chain, self.base_map)

    # -- the web page --------------------------------------------------------------------------------
    def search(self, query: str, governorate: str | None) -> dict[str, Any]:
        """Ranked candidates for one name, with their map."""
        admin1 = self._governorate(governorate)
        matches = self.gazetteer.candidates(query, limit=SEARCH_LIMIT, admin1=admin1) if query.strip() else []
        rows = [match_row(query, m, "ambiguous" if m.ambiguous else "candidate") for m in matches]
        return {"query": query, "rows": rows, "map": self.base_map.render(row_points(rows))}

    def resolve_lines(self, lines: list[str], governorate: str | None) -> dict[str, Any]:
        """One row per pasted line (blank lines included, as ``empty``), with their map."""
        if len(lines) > MAX_LINES:
            raise RequestError(f"at most {MAX_LINES} lines at a time; these are {len(lines)}")
        resolutions = resolve_values(lines, gazetteer=self.gazetteer, admin1=self._governorate(governorate))
        rows = [match_row(line, r.match, r.status) for line, r in zip(lines, resolutions, strict=True)]
        return {"rows": rows, "map": self.base_map.render(row_points(rows))}

    def extract(self, text: str) -> dict[str, Any]:
        """The article view's HTML, the mentions and their GeoJSON."""
        mentions = self.gazetteer.extract(text)
        return {
            "html": article_view(text, mentions, self.base_map),
            "mentions": [m.to_dict() for m in mentions],
            "geojson": to_geojson(mentions),
        }

    def _governorate(self, text: str | None) -> str | None:
        """The governorate a typed value names, by its name here; None for one it does not name (the
        page then searches without it, as the matcher would, and nothing is logged)."""
        area = self.gazetteer.area(text, "admin1") if text and text.strip() else None
        return area.name if area is not None else None
