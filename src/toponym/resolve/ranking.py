"""Finding places for a name: candidates from the name index, scores, context, ranking, ambiguity.

``Matcher(places)`` indexes every Latin- and Arabic-script name of every place
(:mod:`toponym.index.names`; ``Matcher(places, stored=matcher.export())`` reads a built index back
instead). A query is looked up in three steps:

1. **Candidates.** The readings of the query (:mod:`toponym.text.keys`) are looked up by block key; the
   readings that share one are scored (:mod:`toponym.index.similarity`), 0–100; a place scores as its best
   name. No query scans every name.
2. **Context.** ``admin1``/``admin2`` may be any spelling of a governorate/district ("Idleb",
   "Rural Damascus", "Deir-ez-Zor"): they are resolved against the gazetteer's own governorate and
   district places, by the same scoring (``ADMIN_RESOLVE_THRESHOLD``), as is each place's own
   ``admin1``/``admin2`` (a place without one takes its nearest neighbour's, within
   ``NEIGHBOUR_KM``). A place in the named governorate gains ``ADMIN1_BONUS``, one elsewhere loses
   ``ADMIN1_PENALTY`` (districts: ``ADMIN2_BONUS``/``ADMIN2_PENALTY``), as does a place in another
   country (a Syrian governorate rules out Tripoli, Lebanon). ``country`` filters;
   ``kind`` — or a descriptor in the query, "Raqqa province" — prefers places of that kind.
   Words that usually name no place — a demonym ("Iraqi"), a short upper-case acronym ("SANA"),
   an organisation ("Al Jazeera"), as listed in the extraction lexicon — reach only a place with
   that very name, articles and ʿayn marks included (Al `Iraqi is not "Iraqi", Sa`na is not
   "SANA"), or for an organisation a Syrian town of its name (al-Mayadeen). With ``country=``, a
   query that is exactly the name of a place outside it ("Cairo" with ``country="SY"``) reaches a
   place inside only through a name equal to it, not one that merely folds to it (Qiru).
3. **Ranking.** By score; equal scores fall to a Syrian place first, then to one with a name
   spelled as the query up to ``normalize`` ("Adra" is the town Adra, not Daraa, once Adraa), then
   to the more important place: country, city, town, governorate, district, subdistrict, village
   (then the "locality" kind: abandoned, historical, farm); then population; then to the place with
   the name spelled most like the query up to ``normalize`` (rapidfuzz ratio: articles, vowels and
   doubled letters, which the keys fold, count here: "Jubb Ramleh" is Jubb Ramlah before Jub Ramla);
   then to one with an Arabic name. An administrative area ranks just after its seat when they score
   alike (``SEAT_MARGIN``, or ``BARE_SEAT_MARGIN`` when no descriptor or ``kind=`` names a kind), and
   the seat takes its score: "Idlib" alone is the city, "Idlib province" or ``kind="governorate"``
   the governorate.

The best match is ``ambiguous`` when another place scores within ``AMBIGUITY_MARGIN`` of it and is a
real rival — not the same spot recorded twice (``SAME_SPOT_KM``), not an area and its seat, not a
village against a city, not a foreign place against a Syrian one; that place is its ``runner_up``.
``RESOLVE_THRESHOLD`` is the score below which ``Gazetteer.resolve`` answers None: on the crosswalk
dev set, 94% of answers scoring 100 were right, 71% of those scoring 90–95, under half of those
below 85 (``scripts/evaluate.py`` prints the table).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from unidecode import unidecode

from toponym.index.names import INDEX_FORMAT, NameIndex, indexable_texts, paused_gc
from toponym.models import Match, Place
from toponym.resolve.context import Context
from toponym.text.arabic import has_arabic
from toponym.text.keys import name_keys
from toponym.text.lexicon import lexicon
from toponym.text.normalize import normalize

# Below this score a candidate is not offered by ``resolve``: an honest "no match" beats a wrong guess.
RESOLVE_THRESHOLD = 90.0
# No place name in our sources runs past 10 words or 61 characters; a query far longer is a sentence or
# debris, not a name, and scoring its words against every block would only cost time.
MAX_QUERY_WORDS = 16
MAX_QUERY_CHARS = 256
AMBIGUITY_MARGIN = 2.5
SAME_SPOT_KM = 2.0
ADMIN1_BONUS = 10.0
ADMIN1_PENALTY = 20.0
ADMIN2_BONUS = 3.0
ADMIN2_PENALTY = 6.0
KIND_PENALTY = 10.0
# A place abroad that a query merely resembles: foreign names reach us in their usual spellings (listed),
# a Syrian village's name in any spelling, so "Mistrah" is a Syrian village before it is Mestre, Italy.
FOREIGN_LIKENESS_PENALTY = 6.0
ADMIN_RESOLVE_THRESHOLD = 70.0  # how sure we must be that "Idleb" is a governorate before using it
NEIGHBOUR_KM = 10.0  # a place with no known governorate takes its nearest neighbour's, this close
SEAT_MARGIN = 6.0  # an area and its seat scoring this close count as equal (see ``_seats_first``)
BARE_SEAT_MARGIN = 10.0  # the same when nothing (descriptor, ``kind=``) says which kind is meant
SEAT_KM = 25.0  # a subdistrict's seat lies this close to its centre
SAID_KIND_BONUS = 2.0
SAID_KIND_PENALTY = 6.0
_AREA_KINDS = frozenset({"country", "governorate", "district", "subdistrict", "region"})
_SEATED_KINDS = frozenset({"governorate", "district", "subdistrict"})
_SETTLEMENT_KINDS = frozenset({"city", "town", "village"})
_PROMINENT_KINDS = frozenset({"country", "city"})  # their village homonyms do not make them ambiguous
_TIE_ORDER = {
    kind: rank
    for rank, kind in enumerate(
        ("country", "city", "town", "governorate", "district", "subdistrict", "village", "neighbourhood")
    )
}
_CITY_PARTS = frozenset({"neighbourhood"})  # "Baghdad" in Damascus does not go before Baghdad
_ADMIN_KINDS = frozenset({"country", "governorate", "district", "subdistrict"})
_CELL_DEGREES = 0.1
_ACRONYM_MAX_LETTERS = 5  # "SANA", "NDF": a short upper-case word is an acronym (as in extraction)
_MARKS = re.compile(r"[\u0027\u2018\u2019\u02BB\u02BC\u02BE\u02BF\u0060\u00B4]")
_NOT_LETTER = re.compile(r"[^0-9a-z']+")


class _AdminResolver:
    """Which governorate (or district) place a spelling such as "Idleb" or "Rural Damascus" means."""

    def __init__(self, places: Sequence[Place], members: list[int], index: NameIndex) -> None:
        self._places = places
        self.members = members  # indices into ``places`` of the governorates (districts)
        self.index = index
        self._cache: dict[str, str | None] = {}
        self._lock = threading.Lock()

    @classmethod
    def build(cls, places: Sequence[Place], kind: str) -> _AdminResolver:
        members = [i for i, place in enumerate(places) if place.kind == kind]
        return cls(places, members, NameIndex.build([places[i] for i in members]))

    @classmethod
    def from_data(cls, places: Sequence[Place], data: dict[str, Any]) -> _AdminResolver:
        members = data["members"]
        return cls(places, members, NameIndex.from_data([places[i] for i in members], data["index"]))

    def to_data(self) -> dict[str, Any]:
        return {"members": self.members, "index": self.index.to_data()}

    def resolve(self, text: str | None) -> str | None:
        """The id of the administrative place ``text`` names, or None if none is close enough."""
        if not text:
            return None
        cached = self._cache.get(text, "")
        if cached != "":
            return cached
        scores = self.index.scores(name_keys(text))
        found: str | None = None
        if scores:
            member, (score, _) = max(scores.items(), key=lambda item: item[1][0])
            if score >= ADMIN_RESOLVE_THRESHOLD:
                found = self._places[self.members[member]].id
        with self._lock:
            self._cache[text] = found
        return found


@dataclass(slots=True)
class _Candidate:
    """A place being ranked for one query."""

    score: float  # uncapped: a context bonus may lift it past 100
    rank: tuple[int, int, int]  # importance, for ties (see ``_importance``)
    index: int  # into Matcher._places
    place: Place
    text_index: int  # which of the place's names matched (``NameIndex.text`` spells it out)


class Matcher:
    """Ranks the places a name may mean. ``stored``: what ``export`` gave for the same places in the
    same order (from a pack), to skip building the index; ignored if it does not fit."""

    def __init__(self, places: Sequence[Place], *, stored: str | Mapping[str, Any] | None = None) -> None:
        self._places = list(places)
        self._importance = [_importance(place) for place in self._places]
        with paused_gc():
            self._setup(stored)
        self._area_country = {
            self._places[i].id: self._places[i].country
            for i in (*self._governorates.members, *self._districts.members)
        }

    def _setup(self, stored: str | Mapping[str, Any] | None) -> None:
        data = _fitting(stored, self._places)
        if data is not None:
            self._index = NameIndex.from_data(self._places, data["names"])
            self._governorates = _AdminResolver.from_data(self._places, data["governorates"])
            self._districts = _AdminResolver.from_data(self._places, data["districts"])
            self._admin1_of = self._admin_ids_from(data["admin1"])
            self._admin2_of = self._admin_ids_from(data["admin2"])
            return
        self._index = NameIndex.build(self._places)
        self._governorates = _AdminResolver.build(self._places, "governorate")
        self._districts = _AdminResolver.build(self._places, "district")
        self._admin1_of = _admin_ids(self._places, "governorate", lambda p: p.admin1, self._governorates)
        self._admin2_of = _admin_ids(self._places, "district", lambda p: p.admin2, self._districts)

    def export(self) -> str:
        """The built index as JSON text, for a pack to store and ``Matcher(places, stored=...)`` to
        read back in a fraction of the time building takes."""
        position = {place.id: i for i, place in enumerate(self._places)}
        data = {
            "format": INDEX_FORMAT,
            "places": _digest(self._places),
            "names": self._index.to_data(),
            "governorates": self._governorates.to_data(),
            "districts": self._districts.to_data(),
            "admin1": [-1 if pid is None else position[pid] for pid in self._admin1_of],
            "admin2": [-1 if pid is None else position[pid] for pid in self._admin2_of],
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def resolve_area(self, text: str, kind: str) -> str | None:
        """The id of the governorate (``kind="governorate"``) or district a context text names, as
        ``candidates`` reads ``admin1``/``admin2``; None when it names none."""
        return (self._governorates if kind == "governorate" else self._districts).resolve(text)

    def _admin_ids_from(self, positions: list[int]) -> list[str | None]:
        return [None if i < 0 else self._places[i].id for i in positions]

    def candidates(self, query: str, *, limit: int = 5, context: Context | None = None) -> list[Match]:
        """Ranked places this name may mean, best first, each with a 0–100 score."""
        context = context or Context()
        if len(query) > MAX_QUERY_CHARS or len(query.split(None, MAX_QUERY_WORDS)) > MAX_QUERY_WORDS:
            return []
        readings = name_keys(query)
        scored = self._index.scores(readings)
        if not scored:
            return []
        said_kind = next((r.kind for r in readings if r.kind), None)  # "Raqqa province"
        admin1 = self._governorates.resolve(context.admin1)
        admin2 = self._districts.resolve(context.admin2)
        country = context.country.upper() if context.country else None
        spelled = _no_place_rule(query) or self._foreign_exact(query, scored, country)
        ranked: list[_Candidate] = []
        for place_index, (score, text_index) in scored.items():
            place = self._places[place_index]
            if country and place.country and place.country != country:
                continue
            if spelled is not None and not spelled(query, place):
                continue
            if score < 100.0 and place.country not in ("SY", None):
                score -= FOREIGN_LIKENESS_PENALTY
            score += self._context_adjustment(place_index, admin1, admin2, context.kind)
            if said_kind:
                score += _said_kind_adjustment(said_kind, place.kind)
            ranked.append(_Candidate(score, self._importance[place_index], place_index, place, text_index))
        ranked.sort(key=lambda c: (-c.score, c.rank))
        kind_said = bool(said_kind or context.kind)
        ranked = self._seats_first(self._break_ties(query, ranked[: max(limit, 1) + 8]), kind_said)
        return self._matches(query, ranked, limit)

    def _foreign_exact(
        self, query: str, scored: Mapping[int, tuple[float, int]], country: str | None
    ) -> Callable[[str, Place], bool] | None:
        """With ``country=``, a query that is exactly the name of a place outside it ("Cairo",
        "Ankara" with ``country="SY"``) means that place: a place inside reaches only if one of its
        own names is the query (up to ``normalize``), not merely one that folds to it (Qiru)."""
        if not country:
            return None
        for place_index, (score, _) in scored.items():
            place = self._places[place_index]
            # any of its names, not only the one that scored: "Berlin" may have scored on برلين
            if score >= 100.0 and place.country not in (country, None) and _named_exactly(query, place):
                return _named_exactly
        return None

    def _context_adjustment(
        self, place_index: int, admin1: str | None, admin2: str | None, kind: str | None
    ) -> float:
        adjustment = 0.0
        if admin1:
            found = self._admin1_of[place_index]
            adjustment += self._area_adjustment(place_index, found, admin1, ADMIN1_BONUS, ADMIN1_PENALTY)
        if admin2:
            found = self._admin2_of[place_index]
            adjustment += self._area_adjustment(place_index, found, admin2, ADMIN2_BONUS, ADMIN2_PENALTY)
        if kind and self._places[place_index].kind != kind:
            adjustment -= KIND_PENALTY
        return adjustment

    def _area_adjustment(
        self, place_index: int, found: str | None, named: str, bonus: float, penalty: float
    ) -> float:
        """``bonus`` for a place in the named area, ``penalty`` for one known to be elsewhere or abroad,
        nothing for a place whose area is unknown."""
        if found == named:
            return bonus
        if found is not None or self._abroad(place_index, named):
            return -penalty
        return 0.0

    def _abroad(self, place_index: int, area_id: str) -> bool:
        """Whether a place lies in another country than the named area (a Syrian governorate rules out
        Mestre, Italy, though no Syrian governorate was assigned to it)."""
        country = self._places[place_index].country
        return country is not None and country != self._area_country.get(area_id, country)

    def _break_ties(self, query: str, ranked: list[_Candidate]) -> list[_Candidate]:
        """Among the leading places, tied on score, a place with a name spelled as the query up to
        ``normalize`` goes first ("Adra" is the town Adra before the city Daraa, once Adraa; "Cairo" is
        Egypt's capital before the Syrian village Kairó); then a Syrian place, then the more important
        kind (``_importance``), then the name spelled most like the
        query (``_surface_similarity``: "Jubb Ramleh" is Jubb Ramlah before Jub Ramla, when the folded
        keys cannot tell them apart), then a place with an Arabic name (better attested: a record with
        Latin names only is more often a stray one), then the place id (so that exact homonyms keep one
        order whatever the pack's row order). Only the leading tie is reordered: it decides the
        answer, and this costs per query."""
        if not ranked:
            return ranked
        head = ranked[0]
        end = 1
        while end < len(ranked) and ranked[end].score == head.score:
            end += 1
        if end == 1:
            return ranked
        key = normalize(query)
        arabic_query = has_arabic(query)

        def order(c: _Candidate) -> tuple[Any, ...]:
            surface = self._surface_similarity(c.index, key, arabic_query)
            # the id last: places alike in everything else keep one order whatever a pack's row order
            return (surface < 100.0, c.rank[0], c.rank[1:], -surface, not _has_arabic(c.place), c.place.id)

        return sorted(ranked[:end], key=order) + ranked[end:]

    def _surface_similarity(self, place_index: int, key: str, arabic_query: bool) -> float:
        """How close the place's nearest name in the query's script is to the query as written, up to
        ``normalize`` (articles, vowels and doubled letters count here, unlike in the keys): 0–100."""
        return max(
            (
                fuzz.ratio(key, _normalized(text))
                for text in indexable_texts(self._places[place_index])
                if has_arabic(text) == arabic_query
            ),
            default=0.0,
        )

    def _is_seat(self, area: _Candidate, place: _Candidate) -> bool:
        """Whether ``place`` is the town an administrative area is named after (it lies inside it)."""
        if area.place.kind not in _SEATED_KINDS or place.place.kind not in _SETTLEMENT_KINDS:
            return False
        if area.place.kind == "governorate":
            return self._admin1_of[place.index] == area.place.id
        if area.place.kind == "district":
            return self._admin2_of[place.index] == area.place.id
        district = self._admin2_of[area.index]  # a subdistrict: its seat is in the same district
        same_district = district is not None and self._admin2_of[place.index] == district
        return same_district or _km(area.place, place.place) <= SEAT_KM

    def _seats_first(self, ranked: list[_Candidate], kind_said: bool) -> list[_Candidate]:
        """An area ranks just after its seat when they score alike — within ``SEAT_MARGIN``, or
        ``BARE_SEAT_MARGIN`` when nothing says which kind is meant: "Idlib" alone means the city,
        "Raheiba" the town Ar Ruhaybah more than the subdistrict named after it, and "Idlib province"
        (a descriptor, or ``kind=``) the governorate. The seat takes the area's place and score."""
        margin = SEAT_MARGIN if kind_said else BARE_SEAT_MARGIN
        out = list(ranked)
        for area in ranked:
            if area.place.kind not in _SEATED_KINDS:
                continue  # only an administrative area has a seat (checked here: this runs per query)
            seat = next(
                (c for c in out if abs(c.score - area.score) <= margin and self._is_seat(area, c)), None
            )
            if seat is not None and out.index(seat) > out.index(area):
                out.remove(seat)
                out.insert(out.index(area), seat)
                seat.score = max(seat.score, area.score)
        return out

    def _rivals(self, best: _Candidate, other: _Candidate) -> bool:
        """Whether ``other`` makes ``best`` ambiguous: it scores within ``AMBIGUITY_MARGIN`` and is a
        different place of comparable standing — not the same spot recorded twice, not an area and its
        seat, not a village against a city, not a foreign place against a Syrian one."""
        if best.score - other.score > AMBIGUITY_MARGIN:
            return False
        if _same_spot(best.place, other.place) or self._is_seat(other, best) or self._is_seat(best, other):
            return False
        if best.place.kind in _PROMINENT_KINDS and other.place.kind not in _PROMINENT_KINDS:
            return False
        return not (best.place.country == "SY" and other.place.country not in ("SY", None))

    def _matches(self, query: str, ranked: list[_Candidate], limit: int) -> list[Match]:
        if not ranked:
            return []
        best = ranked[0]
        runner_up = next((c.place for c in ranked[1:] if self._rivals(best, c)), None)
        first = Match(
            place=best.place,
            score=min(best.score, 100.0),
            matched_name=self._index.text(best.index, best.text_index),
            query=query,
            ambiguous=runner_up is not None,
            runner_up=runner_up,
        )
        rest = [
            Match(
                place=c.place,
                score=min(c.score, 100.0),
                matched_name=self._index.text(c.index, c.text_index),
                query=query,
            )
            for c in ranked[1:limit]
        ]
        return [first, *rest][:limit]


def _no_place_rule(query: str) -> Callable[[str, Place], bool] | None:
    """Which places a word that usually names no place may still mean, per the extraction lexicon:
    a demonym ("Iraqi"), a common English word ("Army", "Ramadan") or a short upper-case acronym
    ("SANA") only a place with that very name
    (``_spelled_exactly``: Al `Iraqi is not "Iraqi"); an organisation named like a place ("al-Mayadeen",
    "Al Jazeera") a Syrian town or city of that name too, never a village, an area or a foreign city. None for other words."""
    stripped = query.strip()
    letters = sum(c.isalpha() for c in stripped)
    words = lexicon()
    key = normalize(query)
    acronym = stripped.isupper() and letters <= _ACRONYM_MAX_LETTERS and stripped not in words.acronyms
    if acronym or key in words.demonyms or key in words.common_words:
        return _spelled_exactly
    if key in words.organisations:
        return _town_or_spelled_exactly
    return None


def _strict_form(text: str) -> str:
    """A name as written up to case, accents and spacing: ʿayn/hamza marks and articles stay."""
    text = _MARKS.sub("'", unicodedata.normalize("NFKC", text))
    return " ".join(_NOT_LETTER.sub(" ", unidecode(text).lower()).split())


def _spelled_exactly(query: str, place: Place) -> bool:
    """Whether one of the place's names is the query as written (``_strict_form``)."""
    form = _strict_form(query)
    return any(_strict_form(text) == form for text in indexable_texts(place))


def _town_or_spelled_exactly(query: str, place: Place) -> bool:
    return (place.kind in ("city", "town") and place.country in ("SY", None)) or _spelled_exactly(
        query, place
    )


def _named_exactly(query: str, place: Place) -> bool:
    """Whether one of the place's names is the query up to ``normalize``."""
    key = normalize(query)
    return any(normalize(text) == key for text in indexable_texts(place))


@lru_cache(maxsize=65536)
def _normalized(text: str) -> str:
    return normalize(text)


def _has_arabic(place: Place) -> bool:
    return bool(place.name_ar) or any(name.script == "Arab" for name in place.names)


def _digest(places: Sequence[Place]) -> str:
    """A fingerprint of the places' ids in order: a stored index fits only the places it was built on."""
    return hashlib.sha1("\n".join(p.id for p in places).encode()).hexdigest()


def _fitting(stored: str | Mapping[str, Any] | None, places: Sequence[Place]) -> Mapping[str, Any] | None:
    """The stored index data if it was built by this index format on these places, else None."""
    if stored is None:
        return None
    try:
        data = json.loads(stored) if isinstance(stored, str) else stored
    except ValueError:
        return None
    if data.get("format") != INDEX_FORMAT or data.get("places") != _digest(places):
        return None
    return data


def _admin_ids(
    places: Sequence[Place], kind: str, admin_name: Callable[[Place], str | None], resolver: _AdminResolver
) -> list[str | None]:
    """The id of the governorate/district each place lies in: resolved from its admin name, else taken
    from the nearest place (within ``NEIGHBOUR_KM``) whose admin name did resolve."""
    found = [p.id if p.kind == kind else resolver.resolve(admin_name(p)) for p in places]
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, place in enumerate(places):
        if found[i] is not None and place.lat is not None and place.lon is not None:
            grid[_cell(place.lat, place.lon)].append(i)
    for i, place in enumerate(places):
        if found[i] is not None or place.lat is None or place.lon is None or place.kind in _ADMIN_KINDS:
            continue
        row, col = _cell(place.lat, place.lon)
        neighbours = [j for dr in (-1, 0, 1) for dc in (-1, 0, 1) for j in grid.get((row + dr, col + dc), ())]
        if neighbours:
            nearest = min(neighbours, key=lambda j: _km(place, places[j]))
            if _km(place, places[nearest]) <= NEIGHBOUR_KM:
                found[i] = found[nearest]
    return found


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return (math.floor(lat / _CELL_DEGREES), math.floor(lon / _CELL_DEGREES))


def _said_kind_adjustment(said: str, kind: str) -> float:
    """A name that says what it is ("Raqqa province", "Raqqa city") prefers places of that kind."""
    if kind == said:
        return SAID_KIND_BONUS
    if (said in _AREA_KINDS) != (kind in _AREA_KINDS):
        return -SAID_KIND_PENALTY
    return 0.0


def _importance(place: Place) -> tuple[int, int, int]:
    """Sort key among equal scores: Syrian places first, but for city parts (a Damascus neighbourhood
    called "Baghdad" is not meant before Baghdad); then the larger administrative level (country, city,
    town, governorate, district, subdistrict, village, the rest); then the larger population."""
    kind_rank = _TIE_ORDER.get(place.kind, len(_TIE_ORDER))
    syrian = place.country in ("SY", None) and place.kind not in _CITY_PARTS
    return (0 if syrian else 1, kind_rank, -(place.population or 0))


def _same_spot(a: Place, b: Place) -> bool:
    """Whether two places lie within ``SAME_SPOT_KM`` of each other."""
    return _km(a, b) <= SAME_SPOT_KM


def _km(a: Place, b: Place) -> float:
    """Distance in km (equirectangular: plenty at these distances); infinite without coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    y = math.radians(b.lat - a.lat)
    return 6371.0 * math.hypot(x, y)
