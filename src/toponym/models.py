"""The records toponym hands out: places, their names, matches and text mentions.

All are frozen dataclasses: results can be cached, shared between threads and used as dict keys.
Coordinates are always named ``lat``/``lon`` (WGS84 degrees), never a bare tuple.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

NameStatus = Literal["preferred", "variant", "historic"]
# How a text locates a place no source has (``NearMatch.relation``), and how closely.
Relation = Literal[
    "part_of", "contains", "near", "listed", "city", "same_name", "setting", "governorate", "document"
]
Precision = Literal["local", "coarse"]

# Kinds of place, from the largest to the smallest. (Among places that score alike, the one of the more
# important kind is offered first: ``KIND_IMPORTANCE``.)
PLACE_KINDS: tuple[str, ...] = (
    "country",
    "governorate",
    "district",
    "subdistrict",
    "city",
    "town",
    "village",
    "neighbourhood",
    "mountain",
    "plain",
    "valley",
    "region",
    "locality",
    # features news names that are areas or lines rather than settlements (data/curated/areas.tsv)
    "river",
    "lake",
    "dam",
    "crossing",
    "camp",
    "airbase",
    "highway",
)
# Kinds whose point stands for an area or a line: a map point for them is ``coarse``.
COARSE_KINDS = frozenset(
    {"country", "governorate", "district", "subdistrict", "region", "plain", "valley", "mountain"}
    | {"river", "lake", "highway"}
)

# The order of importance among homonyms that score alike: a country, then a city, a town, then the
# named features and the administrative areas (a bare "Idlib" is the city), villages, neighbourhoods;
# other kinds after, alike.
# The named features of areas.tsv (a region, a river, a crossing) come before the administrative areas:
# "Hauran", "Jazira" and "Eastern Ghouta" are the regions, whatever governorate carries them as an alias.
KIND_IMPORTANCE: dict[str, int] = {
    kind: rank
    for rank, kind in enumerate(
        (
            *("country", "city", "town"),
            *("region", "plain", "valley", "river", "lake", "dam", "crossing", "camp", "airbase", "highway"),
            *("governorate", "district", "subdistrict", "village", "neighbourhood"),
        )
    )
}


class Name(NamedTuple):
    """One name of a place, as one source writes it.

    A named tuple rather than a dataclass like the other records: a gazetteer holds over a hundred
    thousand names, and a big city's record carries hundreds (every language Who's On First lists),
    all made anew whenever a place is read from a pack; a tuple is made in a fraction of the time."""

    text: str
    lang: str = "und"  # ISO 639-3 where known ("ara", "eng", "fra"), else "und"
    script: str = "Latn"  # ISO 15924: "Latn", "Arab", or "Zyyy" for anything else
    source: str = ""  # the source that gave it: "wof", "ocha", "opensyria", "geonames", "curated", "world"
    status: NameStatus = "variant"


@dataclass(frozen=True, slots=True)
class Extent:
    """A bounding box in WGS84 degrees: the area a region covers, the stretch a river runs along."""

    min_lat: float
    min_lon: float
    max_lat: float
    max_lon: float

    def contains(self, lat: float | None, lon: float | None) -> bool:
        """Whether the point lies in the box (False for no point)."""
        return (
            lat is not None
            and lon is not None
            and self.min_lat <= lat <= self.max_lat
            and self.min_lon <= lon <= self.max_lon
        )

    def to_dict(self) -> dict[str, float]:
        return {
            "min_lat": self.min_lat,
            "min_lon": self.min_lon,
            "max_lat": self.max_lat,
            "max_lon": self.max_lon,
        }


# OCHA's P-codes as tables write them, without a scheme: SY07, SY0705, SY070500, C4268, C10011010.
_BARE_PCODE = re.compile(r"(?:SY\d{2}(?:\d{2}(?:\d{2})?)?|C\d{4,8})", re.IGNORECASE)


def is_bare_pcode(text: str) -> bool:
    """Whether ``text`` (stripped) is an OCHA P-code written without the ``ocha:`` scheme."""
    return _BARE_PCODE.fullmatch(text.strip()) is not None


@dataclass(frozen=True, slots=True)
class PCodes:
    """A Syrian place's OCHA P-codes: its governorate (``SY07``), district (``SY0705``), subdistrict
    (``SY070500``) and, for an OCHA community, its own code (``C4268``); None where unknown.

    ``admin3_derived`` is True when the subdistrict was not given by OCHA for this place but inferred
    from the OCHA communities nearest to it, which all agreed (``toponym.packs.pcodes``)."""

    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    community: str | None = None
    admin3_derived: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "admin1": self.admin1,
            "admin2": self.admin2,
            "admin3": self.admin3,
            "community": self.community,
            "admin3_derived": self.admin3_derived,
        }


@dataclass(frozen=True, slots=True)
class Place:
    """A place: one canonical id, its best names, where it is and every external id we know."""

    id: str  # "geonames:173576", else "ocha:C3480", "wof:1125980503", "curated:<slug>"
    name: str  # preferred Latin form
    kind: str  # one of PLACE_KINDS
    lat: float | None
    lon: float | None
    name_ar: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # governorate (or first-level division) name
    admin2: str | None = None  # district name
    population: int | None = None
    ids: tuple[str, ...] = ()  # every "scheme:value" id, the canonical one included
    names: tuple[Name, ...] = ()
    sources: tuple[str, ...] = ()  # the sources this place was built from
    extent: Extent | None = None  # the box an area or a line spans (curated features), else None
    pcodes: PCodes | None = None  # OCHA's admin chain as P-codes (Syrian places), else None

    @property
    def pcode(self) -> str | None:
        """The place's own OCHA P-code: a community's (C4268), a unit's at its level (SY07, SY0705,
        SY070500); None for a place OCHA does not list."""
        codes = self.pcodes
        if codes is None:
            return None
        if codes.community:
            return codes.community
        return {"governorate": codes.admin1, "district": codes.admin2, "subdistrict": codes.admin3}.get(
            self.kind
        )

    @property
    def precision(self) -> Precision:
        """``coarse`` when the point stands for an area or a line (a governorate, a region, a river),
        ``local`` for a settlement, a neighbourhood, a crossing or a base."""
        return "coarse" if self.kind in COARSE_KINDS else "local"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping of the place's fields (names as small dicts)."""
        return {
            "id": self.id,
            "name": self.name,
            "name_ar": self.name_ar,
            "kind": self.kind,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "population": self.population,
            "ids": list(self.ids),
            "sources": list(self.sources),
            "precision": self.precision,
            "extent": self.extent.to_dict() if self.extent else None,
            "pcode": self.pcode,
            "pcodes": self.pcodes.to_dict() if self.pcodes else None,
        }


@dataclass(frozen=True, slots=True)
class Match:
    """A place found for a query, how sure we are (0–100) and through which of its names."""

    place: Place
    score: float
    matched_name: str
    query: str = ""
    ambiguous: bool = False  # a different place scored close behind: a person should check
    runner_up: Place | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, object]:
        data = self.place.to_dict()
        data.update(
            score=round(self.score, 1),
            matched_name=self.matched_name,
            query=self.query,
            ambiguous=self.ambiguous,
            runner_up=self.runner_up.id if self.runner_up else None,
        )
        return data


@dataclass(frozen=True, slots=True)
class NearMatch(Match):
    """The known place an unknown mention lies at, in or near, and how the text says so.

    ``place`` is the anchor, ``matched_name`` the anchor as the text writes it, ``query`` the unknown
    mention's text and ``score`` how sure we are (0-100) that the place lies at the anchor's point."""

    relation: Relation = "near"
    precision: Precision = "local"  # local, or coarse: the anchor is a governorate, a district or an area
    anchor_start: int | None = None  # the anchor mention's offsets (None for the document's governorate)
    anchor_end: int | None = None

    def to_dict(self) -> dict[str, object]:
        data = Match.to_dict(self)
        data.update(
            relation=self.relation,
            precision=self.precision,
            anchor_start=self.anchor_start,
            anchor_end=self.anchor_end,
        )
        return data


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in a text: the surface form, its character offsets, and what it resolved to."""

    text: str
    start: int
    end: int
    match: Match | None = None  # None: clearly a place, but not in the gazetteer
    # for a mention with no match: the known place the text locates it by ("Ramouseh neighborhood of
    # Aleppo"), which gives it an approximate point; None when the text says nothing usable
    near: Match | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "match": self.match.to_dict() if self.match else None,
            "near": self.near.to_dict() if self.near else None,
        }


@dataclass(frozen=True, slots=True)
class Nearby:
    """A place near a point, and how far it is (great-circle km)."""

    place: Place
    km: float

    def to_dict(self) -> dict[str, object]:
        return {**self.place.to_dict(), "km": round(self.km, 3)}


PointStatus = Literal["inside", "outside", "swapped", "unknown"]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a point is (``Gazetteer.reverse``): the governorate and district it lies in and the
    settlements nearest to it.

    ``status`` is ``inside`` (in a Syrian district), ``outside`` (in none), ``swapped`` (outside,
    but inside with latitude and longitude exchanged: the governorate, district and settlements are
    then those of the exchanged point), or ``unknown`` (the pack has no district outlines to tell). ``by`` says how the units were found: ``outline`` (OCHA's
    district polygons), ``nearest`` (a pack without them: the nearest settlement's), or ``none``."""

    lat: float
    lon: float
    status: PointStatus
    governorate: Place | None
    district: Place | None
    nearest: tuple[Nearby, ...]
    by: Literal["outline", "nearest", "none"] = "outline"

    def to_dict(self) -> dict[str, object]:
        def unit(place: Place | None) -> dict[str, object] | None:
            if place is None:
                return None
            return {"id": place.id, "name": place.name, "name_ar": place.name_ar, "pcode": place.pcode}

        return {
            "lat": self.lat,
            "lon": self.lon,
            "status": self.status,
            "governorate": unit(self.governorate),
            "district": unit(self.district),
            "nearest": [near.to_dict() for near in self.nearest],
            "by": self.by,
        }
