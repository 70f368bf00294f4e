"""Find and resolve the place mentions of a text: ``extract(gazetteer, text) -> list[Mention]``.

Detection (``toponym.extraction.spans``) finds the stretches of text that may name places: the
gazetteer's names in any romanisation (over capitalised runs, never over every word), and places
the gazetteer lacks when cue words say they are places ("the villages of A, B and C", "X village").
Resolution (``toponym.extraction.context``) then resolves each mention in the light of the others.

Every occurrence is a mention, in the order of the text; ``Mention.text == text[start:end]``.
``to_geojson`` turns mentions into a FeatureCollection of points for any web map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from toponym.extraction.context import resolve_candidates
from toponym.extraction.index import name_index
from toponym.extraction.spans import find_candidates
from toponym.models import Mention

if TYPE_CHECKING:
    from toponym.gazetteer import Gazetteer


def extract(gazetteer: Gazetteer, text: str) -> list[Mention]:
    """Every place mention in ``text``: known places with their ``Match``, cued unknown ones with None."""
    index = name_index(gazetteer)
    return resolve_candidates(gazetteer, index, text, find_candidates(text, index))


def to_geojson(mentions: list[Mention]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection with one Point per resolved mention that has coordinates.

    Properties: the mention's ``text`` and offsets, the place's ``id``, ``name``, ``name_ar``,
    ``kind``, ``admin1``, ``country``, and the match's ``score`` and ``ambiguous`` flag."""
    features = []
    for mention in mentions:
        match = mention.match
        if match is None or match.place.lat is None or match.place.lon is None:
            continue
        place = match.place
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                "properties": {
                    "text": mention.text,
                    "start": mention.start,
                    "end": mention.end,
                    "id": place.id,
                    "name": place.name,
                    "name_ar": place.name_ar,
                    "kind": place.kind,
                    "admin1": place.admin1,
                    "country": place.country,
                    "score": round(match.score, 1),
                    "ambiguous": match.ambiguous,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
