"""Resolution in document context: each candidate resolved in the light of the others.

1. A candidate's *options* are the gazetteer places whose names share a detection key with it
   (``NameIndex.places``): every homonym, not just the first few a matcher ranks. A skeleton-only hit
   must also be close in spelling (vowel-folded similarity, stricter for one word standing alone and
   for places abroad), and is only looked at when no exact spelling names a major place ("Homs" is
   the city; the villages with its skeleton are not worth a look). A cued candidate the index does
   not know goes to ``Gazetteer.resolve``; its answer is kept only if the spelling agrees, otherwise
   the mention is reported unresolved.
2. A cue's kind ranks the options: "Raqqa province" is the governorate, "Raqqa city" the city. With no
   cue a country comes first, and a governorate or district comes after a city or town of its name
   in it (journalists' "Aleppo" is the city).
3. A mention whose options all lie within ``HOMONYM_KM`` of the first, matched by a spelling the
   gazetteer has, is an *anchor*. For every other mention, each option of the best rank (and within
   ``SCORE_MARGIN`` of the best score) is supported by the nearest anchors in the text — same
   governorate, or within ``NEAR_KM`` — with weights that fall fast with the distance in characters
   and count less across paragraphs, a prior for cities, governorates and governorate seats, and a
   little for the governorates of the whole document, less a penalty for a worse spelling match.
   The best-supported option wins; a rival elsewhere supported almost as well makes it ``ambiguous``.
   A spelling guess (skeleton-only, or the matcher's) of a small place that lies neither near the
   nearby anchors nor in a governorate they weigh for is dropped: an honest "unresolved" beats a
   village at the far end of the country.

At most ``MAX_ANCHORS`` anchors within ``WINDOW`` characters are looked at, so a long input costs time
in proportion to its length.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
import weakref
from collections import Counter
from dataclasses import dataclass

from geopy.distance import EARTH_RADIUS as EARTH_RADIUS_KM
from rapidfuzz import fuzz

from toponym.extract.index import EXACT, LOOSE, SKELETON, Keys, NameIndex
from toponym.extract.spans import CUED, MAJOR_ONLY, Candidate
from toponym.gazetteer import Gazetteer
from toponym.models import Match, Mention, Place
from toponym.text.normalize import normalize

HOMONYM_KM = 25.0  # places closer than this are one place for context purposes
NEAR_KM = 40.0  # an anchor this close supports an option even across a governorate border
WINDOW = 6000  # characters around a mention in which anchors are looked for
MAX_ANCHORS = 24  # the nearest anchors (in the text) that are looked at
OTHER_PARAGRAPH_FACTOR = 0.3  # an anchor in another paragraph (line) counts this much
PROXIMITY_CHARS = 250.0  # an anchor this many characters away weighs half as much as an adjacent one
MAJOR_PRIOR = 1.0  # support a city or governorate has before any anchor speaks
DOCUMENT_WEIGHT = 0.1  # support from the share of the document's anchors in the same governorate
# How similar (vowel-folded spellings, 0-100) a skeleton-only hit must be: less for a name a cue
# vouches for, more for one word standing alone, most for a place abroad.
CUED_SIMILARITY = 75.0
SIMILARITY = 80.0
ONE_WORD_SIMILARITY = 88.0
FOREIGN_SIMILARITY = 88.0
FUZZY_SCORE_CAP = 90.0  # a skeleton-only match never scores as high as a spelling the gazetteer has
SCORE_MARGIN = 10.0  # options this far below the best score still compete on context
SCORE_WEIGHT = 0.5  # support an option loses for being SCORE_MARGIN below the best spelling match
FUZZY_SHARE = 0.5  # see _plausible_guess
AMBIGUITY_GAP = 0.2  # a far rival supported (almost) as well makes the match ambiguous
_LEVEL_SCORE = {EXACT: 100.0, LOOSE: 95.0}
_VOWEL_CLASSES = str.maketrans({"e": "a", "y": "i", "o": "u", "w": "u"})
_REPEATS = re.compile(r"(.)\1+")
_LINE_BREAK = re.compile(r"\n")
_KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180

_MAJOR_KINDS = frozenset({"country", "governorate", "city"})
_AREA_KINDS = frozenset({"governorate", "district", "subdistrict"})
_MAJOR_POPULATION = 50_000
_PROMINENT_POPULATION = 200_000
_METROPOLIS_POPULATION = 1_000_000  # a fuzzy spelling of a city this large stands wherever the text is
# For a cue's kind, the kinds that fit it, best first; other kinds come after.
_KIND_PREFERENCE: dict[str, dict[str, int]] = {
    "governorate": {"governorate": 0},
    "district": {"district": 0, "subdistrict": 1, "neighbourhood": 1},
    "subdistrict": {"subdistrict": 0, "district": 1},
    "city": {"city": 0, "town": 0},
    # journalists call the same place a village or a town
    "town": {"town": 0, "city": 0, "village": 0, "locality": 1},
    "village": {"village": 0, "town": 0, "locality": 1, "neighbourhood": 1},
    "neighbourhood": {"neighbourhood": 0, "district": 1, "locality": 1, "village": 1},
    "mountain": {"mountain": 0, "locality": 1, "village": 1},
    "plain": {"plain": 0, "region": 1, "locality": 1},
    "valley": {"valley": 0, "region": 1, "locality": 1},
}
# Cues after which a foreign city of the name is not what is meant ("Jubeil mount", "the village of").
_LOCAL_KINDS = frozenset(
    {"village", "town", "neighbourhood", "district", "subdistrict", "mountain", "plain", "valley"}
)


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a candidate may be, before context: ranked options and how well each fits the cue."""

    options: tuple[Match, ...]  # () when a cue vouches for a place the gazetteer does not have
    fits: tuple[int, ...]  # 0 best, in the order of ``options``
    anchor: bool


@dataclass(frozen=True, slots=True)
class _Anchor:
    start: int
    paragraph: int
    governorate: str | None
    place: Place


def resolve_candidates(
    gazetteer: Gazetteer, index: NameIndex, text: str, candidates: list[Candidate]
) -> list[Mention]:
    resolver = _Resolver(gazetteer, index)
    line_breaks = [found.start() for found in _LINE_BREAK.finditer(text)]
    readings = [
        (candidate, bisect.bisect_left(line_breaks, candidate.start), resolver.reading(candidate))
        for candidate in candidates
    ]
    anchors = [
        _Anchor(
            candidate.start,
            paragraph,
            resolver.governorate(reading.options[0].place),
            reading.options[0].place,
        )
        for candidate, paragraph, reading in readings
        if reading is not None and reading.anchor and reading.options[0].place.kind != "country"
    ]
    positions = [anchor.start for anchor in anchors]
    document = Counter(anchor.governorate for anchor in anchors if anchor.governorate)
    mentions: list[Mention] = []
    for candidate, paragraph, reading in readings:
        if reading is None:
            continue
        match = None
        if reading.options:
            if reading.anchor:
                match = reading.options[0]
            else:
                nearby = _nearest(anchors, positions, candidate.start)
                match = resolver.in_context(candidate.start, paragraph, reading, nearby, document)
                if match is None and candidate.trust != CUED:
                    continue
        mentions.append(Mention(text=candidate.text, start=candidate.start, end=candidate.end, match=match))
    return mentions


def _nearest(anchors: list[_Anchor], positions: list[int], start: int) -> list[_Anchor]:
    """The anchors within WINDOW characters, at most MAX_ANCHORS, nearest first."""
    middle = bisect.bisect_left(positions, start)
    low, high = middle - 1, middle
    chosen: list[_Anchor] = []
    while len(chosen) < MAX_ANCHORS:
        before = start - positions[low] if low >= 0 else WINDOW + 1
        after = positions[high] - start if high < len(positions) else WINDOW + 1
        if min(before, after) > WINDOW:
            break
        if before <= after:
            chosen.append(anchors[low])
            low -= 1
        else:
            chosen.append(anchors[high])
            high += 1
    return chosen


class _Resolver:
    """Readings of candidates, each distinct question asked once per document."""

    def __init__(self, gazetteer: Gazetteer, index: NameIndex) -> None:
        self.gazetteer = gazetteer
        self.index = index
        self._readings: dict[tuple[tuple[str, ...], str | None, str, bool], _Reading | None] = {}
        self._governorates: dict[str, str | None] = {}
        self._guesses = _guess_cache(gazetteer)

    def reading(self, candidate: Candidate) -> _Reading | None:
        key = (candidate.queries, candidate.kind, candidate.trust, candidate.local)
        if key not in self._readings:
            self._readings[key] = self._read(candidate)
        return self._readings[key]

    def _read(self, candidate: Candidate) -> _Reading | None:
        needed = _similarity_for(candidate)
        for query in candidate.queries:
            options = self._options(query, needed, major_only=candidate.trust == MAJOR_ONLY)
            reading = _ranked(options, candidate.kind, local=candidate.local) if options else None
            if reading is not None and reading.options:
                return reading
        if candidate.trust != CUED:
            return None
        for query in candidate.queries:
            guessed = self._guess(query)
            reading = (
                _ranked((guessed,), candidate.kind, local=candidate.local) if guessed is not None else None
            )
            if reading is not None and reading.options:
                return reading
        return _Reading((), (), anchor=False)

    def _options(self, query: str, needed: float, *, major_only: bool) -> tuple[Match, ...]:
        keys = Keys.of(query)
        close: list[Match] = []
        fuzzy: list[Match] = []
        for place_id, level in self.index.places(keys).items():
            place = self.gazetteer.get(place_id)
            if place is None or (major_only and (level == SKELETON or not _is_major_by_name(place, keys))):
                continue
            name, score = _best_name(place, keys, level)
            if level != SKELETON:
                close.append(Match(place=place, score=score, matched_name=name, query=query))
            elif score >= max(needed, _similarity_needed(place)):
                fuzzy.append(
                    Match(place=place, score=min(score, FUZZY_SCORE_CAP), matched_name=name, query=query)
                )
        if any(_is_major(match.place) for match in close):
            return (*close, *self._areas_named_like(close))
        return (*close, *fuzzy)

    def _areas_named_like(self, close: list[Match]) -> list[Match]:
        """The governorates and districts named like a closely matched settlement, at its score: an
        area shares its seat's spellings ("Lattakia province" is the governorate Latakia, though only
        the city lists the spelling "Lattakia"), so a cue for an area can still choose it."""
        found = {match.place.id for match in close}
        areas: list[Match] = []
        for seat in close:
            if seat.place.kind not in ("city", "town"):
                continue
            for place_id, level in self.index.places(Keys.of(seat.place.name)).items():
                area = self.gazetteer.get(place_id)
                if level == EXACT and area is not None and area.kind in _AREA_KINDS and place_id not in found:
                    found.add(place_id)
                    areas.append(
                        Match(place=area, score=seat.score, matched_name=area.name, query=seat.query)
                    )
        return areas

    def _guess(self, query: str) -> Match | None:
        """The matcher's answer for a cued name the index does not know, if its spelling agrees."""
        if query not in self._guesses:
            match = self.gazetteer.resolve(query)
            if match is not None:
                _, similarity = _best_name(match.place, Keys.of(query), SKELETON)
                if similarity < _similarity_needed(match.place):
                    match = None
                else:  # a guess, however sure the matcher is: context must not contradict it
                    score = min(match.score, similarity, FUZZY_SCORE_CAP)
                    match = Match(
                        place=match.place, score=score, matched_name=match.matched_name, query=query
                    )
            if len(self._guesses) < _GUESS_CACHE_SIZE:
                self._guesses[query] = match
            return match
        return self._guesses[query]

    def governorate(self, place: Place) -> str | None:
        if place.id not in self._governorates:
            if place.kind == "governorate":
                found: str | None = place.id
            elif place.country not in (None, "SY"):
                found = None
            else:
                found = self.index.governorate(place.admin1)
            self._governorates[place.id] = found
        return self._governorates[place.id]

    def in_context(
        self, start: int, paragraph: int, reading: _Reading, nearby: list[_Anchor], document: Counter[str]
    ) -> Match | None:
        """The option the anchors around the mention support best (None: a guess they refute)."""
        best_fit, top_score = reading.fits[0], reading.options[0].score
        competing = [
            (
                self._support(option.place, start, paragraph, nearby, document)
                + SCORE_WEIGHT * (option.score - top_score) / SCORE_MARGIN,
                -rank,
                option,
            )
            for rank, (option, fit) in enumerate(zip(reading.options, reading.fits, strict=True))
            if fit == best_fit and option.score >= top_score - SCORE_MARGIN
        ]
        best_support, _, best = max(competing, key=lambda entry: entry[:2])
        if best.score <= FUZZY_SCORE_CAP and not self._plausible_guess(best.place, start, paragraph, nearby):
            return None
        # ambiguous: a homonym elsewhere that the context supports (almost) as well
        rivals = [
            option
            for support, _, option in competing
            if option is not best
            and _beyond_km(best.place, option.place, HOMONYM_KM)
            and support >= best_support - AMBIGUITY_GAP
        ]
        runner_up = (
            rivals[0].place
            if rivals
            else next((o.place for o in reading.options if o.place.id != best.place.id), None)
        )
        return Match(
            place=best.place,
            score=best.score,
            matched_name=best.matched_name,
            query=best.query,
            ambiguous=bool(rivals),
            runner_up=runner_up,
        )

    def _plausible_guess(self, place: Place, start: int, paragraph: int, nearby: list[_Anchor]) -> bool:
        """A spelling guess stands only where the text is: near an anchor, or in a governorate with at
        least FUZZY_SHARE of the weight of the best-represented governorate among the nearby anchors."""
        weights: Counter[str] = Counter()
        for anchor in nearby:
            if anchor.governorate:
                weights[anchor.governorate] += _proximity(anchor, start, paragraph)
        if not weights or _is_prominent(place):
            return True  # nothing to go by; or a large city, which news names from anywhere
        if any(_within_km(place, anchor.place, NEAR_KM) for anchor in nearby):
            return True
        governorate = self.governorate(place)
        return weights.get(governorate or "", 0.0) >= FUZZY_SHARE * max(weights.values())

    def _support(
        self, place: Place, start: int, paragraph: int, nearby: list[_Anchor], document: Counter[str]
    ) -> float:
        governorate = self.governorate(place)
        # the prior is for Syria's cities: abroad, a city must win on spelling (Aïn Beïda in Algeria
        # is not the Ain al-Baida of a Syrian communiqué)
        syrian = place.country in (None, "SY")
        total = MAJOR_PRIOR if syrian and (_is_major(place) or _is_capital(place)) else 0.0
        for anchor in nearby:
            weight = _proximity(anchor, start, paragraph)
            if governorate is not None and governorate == anchor.governorate:
                total += weight
            if _within_km(place, anchor.place, NEAR_KM):
                total += 0.5 * weight
        if governorate is not None and document:
            total += DOCUMENT_WEIGHT * document[governorate] / sum(document.values())
        return total


_GUESS_CACHE_SIZE = 50_000
_guess_caches: weakref.WeakKeyDictionary[Gazetteer, dict[str, Match | None]] = weakref.WeakKeyDictionary()
_guess_lock = threading.Lock()


def _guess_cache(gazetteer: Gazetteer) -> dict[str, Match | None]:
    """The matcher's answers, kept per gazetteer across documents (names of villages recur)."""
    with _guess_lock:
        cache = _guess_caches.get(gazetteer)
        if cache is None:
            cache = _guess_caches[gazetteer] = {}
        return cache


def _ranked(options: tuple[Match, ...], kind: str | None, *, local: bool = False) -> _Reading:
    if local or kind in _LOCAL_KINDS:
        options = tuple(o for o in options if o.place.country in (None, "SY"))
        if not options:
            return _Reading((), (), anchor=False)
    # a worse spelling match is no option at all when a closer one exists ("Qaryateen village" is
    # Al-Qaryatayn, not a village whose name merely looks like it)
    top = max(option.score for option in options)
    options = tuple(option for option in options if option.score >= top - SCORE_MARGIN)
    fits = _fits(options, kind)
    order = sorted(
        range(len(options)), key=lambda i: (fits[i], -options[i].score, _importance(options[i].place))
    )
    ranked = tuple(options[i] for i in order)
    ranked_fits = tuple(fits[i] for i in order)
    first = ranked[0]
    # an anchor: every option that fits the cue as well as the first is the same place as the first
    anchor = first.score > FUZZY_SCORE_CAP and all(
        not _beyond_km(first.place, other.place, HOMONYM_KM)
        for other, fit in zip(ranked[1:], ranked_fits[1:], strict=True)
        if fit == ranked_fits[0] and other.score >= first.score - SCORE_MARGIN
    )
    return _Reading(ranked, ranked_fits, anchor)


def _fits(options: tuple[Match, ...], kind: str | None) -> list[int]:
    """How well each option fits the cue, 0 best. With no cue: a country first, then any place, and a
    governorate or district last when a city or town of the name lies in it (journalists' "Aleppo" is
    the city, their "Tadmor" the town, not the subdistrict)."""
    if kind:
        order = _KIND_PREFERENCE.get(kind, {kind: 0})
        return [order.get(o.place.kind, 2) for o in options]
    settlements = {(o.place.admin1 or "").casefold() for o in options if o.place.kind in ("city", "town")}
    fits = []
    for option in options:
        place = option.place
        if place.kind == "country":
            fits.append(0)
        elif place.kind in ("governorate", "district", "subdistrict") and (
            (place.admin1 or place.name).casefold() in settlements or place.name.casefold() in settlements
        ):
            fits.append(2)
        else:
            fits.append(1)
    return fits


def _best_name(place: Place, keys: Keys, level: str) -> tuple[str, float]:
    """The place's name that the query matched, and a 0-100 score for the match."""
    texts = [place.name, *(name.text for name in place.names)]
    if level in _LEVEL_SCORE:
        for text in texts:
            if normalize(text) == keys.exact:
                return text, _LEVEL_SCORE[EXACT]
        for text in texts:
            if Keys.of(text).loose == keys.loose:
                return text, _LEVEL_SCORE[LOOSE]
    best_text, best_score = place.name, 0.0
    folded = _fold_vowels(keys.loose)
    for text in texts:
        score = fuzz.ratio(folded, _fold_vowels(Keys.of(text).loose))
        if score > best_score:
            best_text, best_score = text, score
    return best_text, best_score


def _fold_vowels(text: str) -> str:
    """Vowels in three classes and doubled letters single: Qaryateen ~ Qaryatayn, Lattakia ~ Latakia."""
    return _REPEATS.sub(r"\1", text.translate(_VOWEL_CLASSES))


def _similarity_needed(place: Place) -> float:
    return CUED_SIMILARITY if place.country in (None, "SY") else FOREIGN_SIMILARITY


def _similarity_for(candidate: Candidate) -> float:
    if candidate.trust == CUED:
        return CUED_SIMILARITY
    return ONE_WORD_SIMILARITY if len(candidate.queries[-1].split()) == 1 else SIMILARITY


def _is_major_by_name(place: Place, keys: Keys) -> bool:
    """A common word ("Turkey") names a place only if it is a country, governorate or Syrian city
    under that very name, or a large place whose preferred name it is."""
    if place.kind in ("country", "governorate"):
        return True
    if place.kind == "city" and place.country == "SY":
        return True
    # abroad, only a metropolis under its own name ("Hassan" of Hassan Nasrallah is no Indian city)
    return (place.population or 0) >= _METROPOLIS_POPULATION and normalize(place.name) == keys.exact


def _is_prominent(place: Place) -> bool:
    return place.kind in ("country", "governorate") or (place.population or 0) >= _PROMINENT_POPULATION


def _is_capital(place: Place) -> bool:
    """A town named like its governorate (Quneitra, Idlib): the seat, whatever its population."""
    return (
        place.kind in ("city", "town")
        and bool(place.admin1)
        and normalize(place.admin1) == normalize(place.name)
    )


def _is_major(place: Place) -> bool:
    return place.kind in _MAJOR_KINDS or (place.population or 0) >= _MAJOR_POPULATION


def _importance(place: Place) -> tuple[int, int]:
    return (0 if place.country == "SY" else 1, -(place.population or 0))


def _proximity(anchor: _Anchor, start: int, paragraph: int) -> float:
    """1 for an adjacent anchor, 1/2 at PROXIMITY_CHARS, falling fast beyond, and less again in
    another paragraph (so that places named elsewhere do not outweigh the one named alongside)."""
    distance = (anchor.start - start) / PROXIMITY_CHARS
    weight = 1.0 / (1.0 + distance * distance)
    return weight if anchor.paragraph == paragraph else weight * OTHER_PARAGRAPH_FACTOR


def _within_km(first: Place, second: Place, km: float) -> bool:
    """Whether two places are closer than ``km`` (an equirectangular estimate: exact enough at this
    scale, and cheap, since the context loop asks it for every option and anchor)."""
    if first.lat is None or first.lon is None or second.lat is None or second.lon is None:
        return False
    north = (first.lat - second.lat) * _KM_PER_DEGREE
    east = (first.lon - second.lon) * _KM_PER_DEGREE * math.cos(math.radians((first.lat + second.lat) / 2))
    return north * north + east * east < km * km


def _beyond_km(first: Place, second: Place, km: float) -> bool:
    distance = _distance_km(first, second)
    return distance is not None and distance > km


def _distance_km(first: Place, second: Place) -> float | None:
    """Haversine distance (geopy's great_circle without its per-call cost: this is the hot loop)."""
    if first.lat is None or first.lon is None or second.lat is None or second.lon is None:
        return None
    if abs(first.lat - second.lat) > 5 or abs(first.lon - second.lon) > 5:
        return 1000.0  # far; the exact figure does not matter here
    lat1, lat2 = math.radians(first.lat), math.radians(second.lat)
    half_dlat = (lat2 - lat1) / 2
    half_dlon = math.radians(second.lon - first.lon) / 2
    a = math.sin(half_dlat) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(half_dlon) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
