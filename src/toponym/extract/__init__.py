"""Find and resolve the place mentions of a text: ``extract(gazetteer, text) -> list[Mention]``.

Detection (``toponym.extract.spans``) finds the stretches of text that may name places: the
gazetteer's names in any romanisation (over capitalised runs, never over every word), and places
the gazetteer lacks when cue words say they are places ("the villages of A, B and C", "X village").
Resolution (``toponym.extract.context``) then resolves each mention in the light of the others.
Placement (``toponym.extract.placement``) gives a mention the gazetteer lacks an approximate point
when the text locates it by a known place ("the Ramouseh neighborhood of Aleppo"): ``Mention.near``.

Every occurrence is a mention, in the order of the text; ``Mention.text == text[start:end]``.
``to_geojson`` turns mentions into a FeatureCollection of points for any web map.
"""

from __future__ import annotations

from typing import Any, Protocol

from toponym.extract.context import resolve_candidates
from toponym.extract.placement import place_unknown
from toponym.extract.spans import find_candidates
from toponym.models import Match, Mention, NearMatch, Place
from toponym.resolve.admin import NONE
from toponym.resolve.core import NamesCore


class HasCore(Protocol):
    """What extraction needs of a gazetteer: its names core."""

    @property
    def core(self) -> NamesCore: ...


def extract(gazetteer: HasCore, text: str) -> list[Mention]:
    """Every place mention in ``text``: known places with their ``Match``; cued unknown ones with
    ``match`` None, and ``near`` the known place the text locates them by, if it does."""
    return extract_mentions(gazetteer.core, text)


def extract_mentions(core: NamesCore, text: str) -> list[Mention]:
    """``extract`` on a names core (what ``Gazetteer.extract`` calls)."""
    mentions = resolve_candidates(core, text, find_candidates(text, core.detection))
    return place_unknown(text, mentions, _GovernorateOf(core))


class _GovernorateOf:
    """The governorate a Syrian place lies in, as the names core's areas say (None abroad or unknown)."""

    def __init__(self, core: NamesCore) -> None:
        self.core = core

    def __call__(self, place: Place) -> Place | None:
        table = self.core.table
        position = table.position(place.id)
        if position is None or table.countries[position] not in ("SY", ""):
            return None
        if table.kinds[position] == "governorate":
            return place
        governorate = self.core.areas.governorate_of(position)
        return None if governorate == NONE else table.place(governorate)


def to_geojson(mentions: list[Mention]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection with one Point per mention that has a point: resolved mentions at
    their place, and unknown places the text locates (``Mention.near``) at their anchor.

    Every feature has the same properties: the mention's ``text`` and offsets; the place's ``id``,
    ``name``, ``name_ar``, ``kind``, ``admin1``, ``country`` and the match's ``score`` and ``ambiguous``
    (null for an approximate point); ``approximate``; and for an approximate point the anchor's
    ``near_id``, ``near_name``, ``near_kind``, how the text relates the two (``relation``), whether the
    point is ``local`` or ``coarse`` (``precision``) and a 0-100 ``near_score`` (null otherwise); the OCHA
    P-codes of the governorate, district and subdistrict the point lies in (``admin1_pcode`` …, those
    of the anchor for an approximate point) and the resolved place's own ``pcode`` (null where unknown)."""
    features = []
    for mention in mentions:
        located = mention.match if mention.match is not None else mention.near
        if located is None or located.place.lat is None or located.place.lon is None:
            continue
        place = located.place
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                "properties": {
                    "text": mention.text,
                    "start": mention.start,
                    "end": mention.end,
                    **_resolved_properties(mention.match),
                    **_approximate_properties(mention.near if mention.match is None else None),
                    **_pcode_properties(place, resolved=mention.match is not None),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _pcode_properties(place: Place, *, resolved: bool) -> dict[str, Any]:
    codes = place.pcodes
    return {
        "pcode": place.pcode if resolved else None,
        "admin1_pcode": codes.admin1 if codes else None,
        "admin2_pcode": codes.admin2 if codes else None,
        "admin3_pcode": codes.admin3 if codes else None,
    }


def _resolved_properties(match: Match | None) -> dict[str, Any]:
    place = match.place if match is not None else None
    return {
        "id": place.id if place else None,
        "name": place.name if place else None,
        "name_ar": place.name_ar if place else None,
        "kind": place.kind if place else None,
        "admin1": place.admin1 if place else None,
        "country": place.country if place else None,
        "score": round(match.score, 1) if match is not None else None,
        "ambiguous": match.ambiguous if match is not None else None,
    }


def _approximate_properties(near: Match | None) -> dict[str, Any]:
    return {
        "approximate": near is not None,
        "near_id": near.place.id if near is not None else None,
        "near_name": near.place.name if near is not None else None,
        "near_kind": near.place.kind if near is not None else None,
        "relation": near.relation if isinstance(near, NearMatch) else None,
        "precision": near.precision if isinstance(near, NearMatch) else None,
        "near_score": round(near.score, 1) if near is not None else None,
    }
