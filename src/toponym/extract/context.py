"""Resolution in document context: each candidate resolved in the light of the others.

1. A candidate's *options* are what the matcher a lookup uses (:mod:`toponym.resolve.ranking`) finds
   for it, in the matcher's order: every homonym of its spelling, and the places whose names are
   spelled nearly alike. A name spelled as a place's (score 100: the same keys) is a *close* option;
   a near spelling is a *guess*: it must score ``NEEDED`` for the candidate's trust (more for one
   word standing alone; never a place abroad), it never scores above ``FUZZY_SCORE_CAP``, and it is
   only looked at when no close option is a major place ("Homs" is the city; villages spelled like
   it are not worth a look).
2. A cue's kind ranks the options: "Raqqa province" is the governorate, "Raqqa city" the city. With no
   cue a country comes first, and a governorate or district comes after the town it is named after
   (journalists' "Aleppo" is the city).
3. A mention whose options all lie within ``HOMONYM_KM`` of the first, matched by a close spelling, is
   an *anchor*. For every other mention, each option of the best rank (and within ``SCORE_MARGIN`` of
   the best score) is supported by the nearest anchors in the text — same governorate, or within
   ``NEAR_KM`` — with weights that fall fast with the distance in characters and count less across
   paragraphs, a prior for cities, governorates and governorate seats, and a little for the
   governorates of the whole document, less a penalty for a worse spelling match. The best-supported
   option wins (the matcher's order decides between equals, so a name alone resolves as a lookup
   does); a rival elsewhere supported almost as well makes it ``ambiguous``. A guess of a small place
   that lies neither near the nearby anchors nor in a governorate they weigh for is dropped: an
   honest "unresolved" beats a village at the far end of the country.

At most ``MAX_ANCHORS`` anchors within ``WINDOW`` characters are looked at, so a long input costs time
in proportion to its length. Nothing is kept from one document to the next.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from toponym.extract.spans import CUED, MAJOR_ONLY, Candidate
from toponym.geo import KM_PER_DEGREE, beyond_km, within_km
from toponym.index.detection import EXACT, LOOSE
from toponym.index.places import Spot
from toponym.models import Extent, Match, Mention
from toponym.resolve.admin import NONE
from toponym.resolve.context import Context
from toponym.resolve.core import NamesCore
from toponym.resolve.ranking import Candidate as _Candidate
from toponym.text.keys import detection_key
from toponym.text.lexicon import lexicon
from toponym.text.normalize import normalize

HOMONYM_KM = 25.0  # places closer than this are one place for context purposes
EXTENT_MARGIN_KM = 5.0  # a region's box (its members' points) widened by this much
NEAR_KM = 40.0  # an anchor this close supports an option even across a governorate border
WINDOW = 6000  # characters around a mention in which anchors are looked for
MAX_ANCHORS = 24  # the nearest anchors (in the text) that are looked at
OTHER_PARAGRAPH_FACTOR = 0.3  # an anchor in another paragraph (line) counts this much
PROXIMITY_CHARS = 250.0  # an anchor this many characters away weighs half as much as an adjacent one
MAJOR_PRIOR = 1.0  # support a city or governorate has before any anchor speaks
PROMINENT_PRIOR = 4.0  # ... and a large city (``_PROMINENT_POPULATION``): more than a few anchors give
# the kinds of place that need the text's support among homonyms (``_unsupported_homonym``)
_LESSER_KINDS = frozenset({"village", "locality", "neighbourhood"})
# what ``in_context`` says of a mention to keep but not to resolve
UNPLACED = object()
# support a close option has for a name spelled as the text writes it, when others only fold to it:
# a quarter of an adjacent anchor's (the spelling is evidence, the places around the text more)
SPELLED_SUPPORT = 0.25
TOWN_PRIOR = 0.3  # support a Syrian town named by its own name has before any anchor speaks
DOCUMENT_WEIGHT = 0.1  # support from the share of the document's anchors in the same governorate
# How well (matcher score) a near spelling must match: less for a name a cue vouches for, more for one
# word standing alone; a place abroad must be spelled as the text writes it (see ``_options``).
CUED_NEEDED = 80.0
NEEDED = 86.0
ONE_WORD_NEEDED = 90.0
CLOSE_SCORE = 100.0  # the same keys: a spelling the place has, up to what romanisations vary in
FUZZY_SCORE_CAP = 90.0  # a near spelling never scores as high as a spelling the gazetteer has
SCORE_MARGIN = 10.0  # options this far below the best score still compete on context
SCORE_WEIGHT = 0.5  # support an option loses for being SCORE_MARGIN below the best spelling match
FUZZY_SHARE = 0.5  # see _plausible_guess
AMBIGUITY_GAP = 0.2  # a far rival supported (almost) as well makes the match ambiguous
OPTIONS_LIMIT = 60  # the most places a name is read as (the most homonyms of one name is 36)
_LINE_BREAK = re.compile(r"\n")
# A text gives the matcher no hints: one (frozen) Context for every name, not one made for each
# (and compared with the kept rankings' own)
_NO_HINTS = Context()
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")  # the word just after a mention, on its line
_STREETS = frozenset({"street", "st"})
_ARTICLE_JOINED = re.compile(r"[ \t]+([A-Za-z]{1,3})-[A-Z]")  # "... al-Hajz": an article and a name
_DOUBLED = re.compile(r"(.)\1")
_DOUBLED_CONSONANT = re.compile(r"([^aeiou\s])\1")
_PLAIN_SLACK = (
    6  # a name this much longer or shorter than the text's may still fold to it (an article, doubled letters)
)

_MAJOR_KINDS = frozenset({"country", "governorate", "city"})
_AREA_KINDS = frozenset({"governorate", "district", "subdistrict"})
_MAJOR_POPULATION = 50_000
_PROMINENT_POPULATION = 200_000
_METROPOLIS_POPULATION = 1_000_000  # a near spelling of a city this large stands wherever the text is
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
_SETTLEMENTS = frozenset({"city", "town", "village"})  # what a foreign town or village can be
_LOCAL_KINDS = frozenset(
    {"village", "town", "neighbourhood", "district", "subdistrict", "mountain", "plain", "valley"}
)


# The records of reading a document are named tuples: thousands are made per document, each in a
# fraction of a frozen dataclass's time.
class _Option(NamedTuple):
    """A place a candidate may be: its position in the place table and how well the name fits it."""

    position: int
    score: float
    text_index: int  # which of the place's texts matched
    query: str


class _Reading(NamedTuple):
    """What a candidate may be, before context: ranked options and how well each fits the cue."""

    options: tuple[_Option, ...]  # () when a cue vouches for a place the gazetteer does not have
    fits: tuple[int, ...]  # 0 best, in the order of ``options``
    anchor: bool


class _Anchor(NamedTuple):
    start: int
    paragraph: int
    governorate: int  # position, or NONE
    spot: Spot
    extent: Extent | None  # a region or a river named in the text: the places in it are "near" it
    country: str = ""  # ISO code, "" where unknown


def resolve_candidates(core: NamesCore, text: str, candidates: list[Candidate]) -> list[Mention]:
    resolver = _Resolver(core)
    line_breaks = [found.start() for found in _LINE_BREAK.finditer(text)]
    readings = [
        (candidate, bisect.bisect_left(line_breaks, candidate.start), resolver.reading(candidate))
        for candidate in candidates
    ]
    readings = [
        (candidate, paragraph, None if _names_a_facility(text, candidate, reading, core) else reading)
        for candidate, paragraph, reading in readings
    ]
    table = core.table
    anchors = [
        _Anchor(
            candidate.start,
            paragraph,
            resolver.governorate(reading.options[0].position),
            table.spot(reading.options[0].position),
            _padded(table.place(reading.options[0].position).extent),
            table.countries[reading.options[0].position],
        )
        for candidate, paragraph, reading in readings
        if reading is not None and reading.anchor and table.kinds[reading.options[0].position] != "country"
    ]
    # the countries the text names speak only for places abroad ("Sinjar in Iraq"): "Syria", in every
    # other sentence of Syrian news, says nothing of which Syrian village is meant
    resolver.name_countries(
        [
            _Anchor(candidate.start, paragraph, NONE, Spot(None, None), None, table.countries[position])
            for candidate, paragraph, reading in readings
            if reading is not None
            and reading.anchor
            and table.kinds[position := reading.options[0].position] == "country"
            and table.countries[position] not in ("SY", "")
        ]
    )
    positions = [anchor.start for anchor in anchors]
    document = Counter(anchor.governorate for anchor in anchors if anchor.governorate != NONE)
    mentions: list[Mention] = []
    for candidate, paragraph, reading in readings:
        if reading is None:
            continue
        match = None
        if reading.options:
            if reading.anchor:
                match = resolver.match(reading.options[0])
            else:
                nearby = _nearest(anchors, positions, candidate.start)
                match = resolver.in_context(
                    candidate.start, paragraph, reading, nearby, document, cued=candidate.kind is not None
                )
                if match is UNPLACED:
                    match = None  # a mention still, placed approximately if the text says where
                elif match is None and candidate.trust != CUED:
                    continue
        mentions.append(Mention(text=candidate.text, start=candidate.start, end=candidate.end, match=match))
    return mentions


def _names_a_facility(text: str, candidate: Candidate, reading: _Reading | None, core: NamesCore) -> bool:
    """Whether a foreign place's name is here the name of a facility or a street, not a mention:
    "the Al-Quds hospital" in Aleppo, "Baghdad street" in Damascus (``lexicon().facilities``); or the
    first word of a longer Arabic name, an article and a capitalised word after it ("Karaj al-Hajz"
    crossing in Aleppo is not Karaj in Iran)."""
    if reading is None or not reading.options:
        return False
    following = _NEXT_WORD.match(text, candidate.end)
    word = normalize(following.group(1)) if following is not None else ""
    if word in _STREETS and not candidate.kind:
        return True  # a street is named after a town, not in it: "Thawra Street" in Damascus is no Tabqa
    if core.table.countries[reading.options[0].position] in ("SY", ""):
        return False
    if word in lexicon().facilities:
        return True
    # "Karaj al-Hajz corridor" in Aleppo: the foreign name only begins an Arabic name of two words
    joined = _ARTICLE_JOINED.match(text, candidate.end)
    return joined is not None and normalize(joined.group(1)) in lexicon().articles


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
    """Readings of one document's candidates, each distinct question asked once."""

    def __init__(self, core: NamesCore) -> None:
        self.core = core
        self.table = core.table
        self.matcher = core.matcher
        self.areas = core.areas
        self._readings: dict[tuple[tuple[str, ...], str | None, str, bool], _Reading | None] = {}
        self._rankings: dict[str, list[_Candidate]] = {}  # a name the document repeats is ranked once
        self._countries_named: list[_Anchor] = []  # the foreign countries the text names, in order
        self._country_starts: list[int] = []  # their starts, for bisecting

    def reading(self, candidate: Candidate) -> _Reading | None:
        key = (candidate.queries, candidate.kind, candidate.trust, candidate.local)
        if key not in self._readings:
            self._readings[key] = self._read(candidate)
        return self._readings[key]

    def _read(self, candidate: Candidate) -> _Reading | None:
        needed = _needed(candidate)
        guessed: _Reading | None = None
        for query in candidate.queries:
            options = self._options(query, needed, major_only=candidate.trust == MAJOR_ONLY)
            reading = self._ranked(options, candidate.kind, local=candidate.local) if options else None
            if reading is None or not reading.options:
                continue
            if reading.options[0].score > FUZZY_SCORE_CAP or candidate.kind is None:
                return reading
            # only near spellings of the whole ("Euphrates Valley" ~ the Euphrates Dam): the name
            # without its cue word may be spelled as a place is ("Euphrates")
            guessed = guessed or reading
        if guessed is not None:
            return guessed
        if candidate.trust != CUED:
            return None
        return _Reading((), (), anchor=False)

    def _options(self, query: str, needed: float, *, major_only: bool) -> tuple[_Option, ...]:
        """The places the matcher reads the name as: close ones, then near spellings good enough."""
        if major_only:
            # only a major place spelled as written can be meant: the homonyms of the name's keys
            # are all it may be, and a full ranking (its near spellings) is most of a name's cost
            ranked = self._rank_same_keys(query)
        else:
            ranked = self._rankings.get(query)
            if ranked is None:
                ranked = self._rankings[query] = self._rank(query)
        table = self.table
        exact = normalize(query)
        close: list[_Option] = []
        fuzzy: list[_Option] = []
        for candidate in ranked:
            position = candidate.position
            if candidate.score >= CLOSE_SCORE:
                if self._spelled_apart(position, query):
                    continue
                if not major_only or self._major_by_name(position, exact):
                    close.append(_Option(position, candidate.score, candidate.text_index, query))
            # abroad only a spelling the place has: foreign names reach Syrian news in their usual
            # spellings, and a look-alike abroad is a Syrian village more often ("Maan")
            elif not major_only and table.countries[position] in ("SY", "") and candidate.score >= needed:
                score = min(candidate.score, FUZZY_SCORE_CAP)
                fuzzy.append(_Option(position, score, candidate.text_index, query))
        if major_only and close:
            # only a major place spelled as written, not one whose old name folds to the text's
            # ("Adra Ambush" in a headline is the town Adra, which no major place may stand for)
            options = tuple(
                _Option(c.position, c.score, c.text_index, query) for c in ranked if c.score >= CLOSE_SCORE
            )
            written = self._written_as(options, self._spelled_as_written(options))
            if written is not None:
                close = [option for option in close if option.position in written]
        close.extend(self._areas_named_like(ranked, close))
        if any(self._major(option.position) for option in close):
            return tuple(close)
        return (*close, *fuzzy)

    def _spelled_apart(self, position: int, query: str) -> bool:
        """Abroad, a name whose keys are the text's but which is no way of writing it: keys fold
        vowels and read Arabic script aloud, and a place abroad reaches Syrian news in its own Latin
        spelling, so "Use" is not the USA, "Alwaer" not Alwar, "Tonnes" (تونس) not Tunis, while
        "Fallujah" is Al Fallūjah and "Akcakale" Akçakale."""
        if self.table.countries[position] in ("SY", ""):
            return False
        written = _spelling(query)
        return all(_spelling(name) != written for name in self.table.texts(position))

    def _rank(self, query: str) -> list[_Candidate]:
        """The matcher's ranking of the name; when the name is spelled as a major place's (a country,
        a governorate, a city), the homonyms of its keys alone — near spellings would be set aside for
        it anyway (``_options``), and finding them is most of the cost of a name."""
        if self.core.detection.known(detection_key(query)) in (EXACT, LOOSE):
            close = self._rank_same_keys(query)
            if any(c.score >= CLOSE_SCORE and self._major(c.position) for c in close):
                return close
        return self.matcher.rank(query, _NO_HINTS, limit=OPTIONS_LIMIT)[0]

    def _areas_named_like(self, ranked: list[_Candidate], close: list[_Option]) -> list[_Option]:
        """The areas named after a closely matched town, at its score: an area shares its seat's
        spellings ("Deir Ezzor province" is the governorate, though only the city lists the spelling
        "Deir Ezzor"), so a cue for an area can still choose it."""
        found = {option.position for option in close}
        towns = [o for o in close if self.table.kinds[o.position] in ("city", "town")]
        areas: list[_Option] = []
        # the areas among the ranked places, and those named as the towns' own names are (a ranking of
        # the name's keys alone does not reach "Deir ez-Zor" from "Deir Ezzor")
        named = [c for town in towns for c in self._rank_same_keys(self.table.texts(town.position)[0])]
        for candidate in [*ranked, *named]:
            position = candidate.position
            if position in found or self.table.kinds[position] not in _AREA_KINDS:
                continue
            seat = next((t for t in towns if self.matcher.is_seat(position, t.position)), None)
            if seat is not None and (candidate in named or candidate.score >= seat.score - SCORE_MARGIN):
                found.add(position)
                areas.append(_Option(position, seat.score, candidate.text_index, seat.query))
        return areas

    def _rank_same_keys(self, name: str) -> list[_Candidate]:
        key = f"\0{name}"  # kept apart from the full rankings of the same text
        ranked = self._rankings.get(key)
        if ranked is None:
            ranked = self._rankings[key] = self.matcher.rank(
                name, _NO_HINTS, limit=OPTIONS_LIMIT, same_keys=True
            )[0]
        return ranked

    def _ranked(self, options: tuple[_Option, ...], kind: str | None, *, local: bool = False) -> _Reading:
        table = self.table
        if local or kind in _LOCAL_KINDS:
            # a village, a town, a neighbourhood named in Syrian news is Syrian, unless no Syrian place
            # has the name and a foreign one is spelled as written ("the town of Nusaybin near the
            # Turkish side of the border")
            syrian = tuple(o for o in options if table.countries[o.position] in ("SY", ""))
            options = syrian or tuple(
                o for o in options if o.score >= CLOSE_SCORE and table.kinds[o.position] in _SETTLEMENTS
            )
            if not options:
                return _Reading((), (), anchor=False)
        # a worse spelling match is no option at all when a closer one exists ("Qaryateen village" is
        # Al-Qaryatayn, not a village whose name merely looks like it)
        top = max(option.score for option in options)
        options = tuple(option for option in options if option.score >= top - SCORE_MARGIN)
        fits = self._fits(options, kind)
        # stable: among options that fit alike and score alike, the matcher's order stands
        order = sorted(range(len(options)), key=lambda i: (fits[i], -options[i].score))
        ranked = tuple(options[i] for i in order)
        ranked_fits = tuple(fits[i] for i in order)
        first = ranked[0]
        # an anchor: every option that fits the cue as well as the first is the same place as the first
        anchor = first.score > FUZZY_SCORE_CAP and all(
            not beyond_km(table.spot(first.position), table.spot(other.position), HOMONYM_KM)
            for other, fit in zip(ranked[1:], ranked_fits[1:], strict=True)
            if fit == ranked_fits[0] and other.score >= first.score - SCORE_MARGIN
        )
        return _Reading(ranked, ranked_fits, anchor)

    def _fits(self, options: tuple[_Option, ...], kind: str | None) -> list[int]:
        """How well each option fits the cue, 0 best. With no cue: a country first, then any place, and
        an administrative area last when one of the options is the town it is named after (journalists'
        "Aleppo" is the city, their "Tadmor" the town, not the subdistrict)."""
        kinds = self.table.kinds
        if kind:
            order = _KIND_PREFERENCE.get(kind, {kind: 0})
            return [order.get(kinds[o.position], 2) for o in options]
        towns = [o.position for o in options if kinds[o.position] in ("city", "town")]
        fits = []
        for option in options:
            position = option.position
            if kinds[position] == "country":
                fits.append(0)
            elif kinds[position] in _AREA_KINDS and any(self.matcher.is_seat(position, t) for t in towns):
                fits.append(2)
            else:
                fits.append(1)
        return fits

    def governorate(self, position: int) -> int:
        """The governorate a Syrian place lies in (NONE abroad or when unknown)."""
        if self.table.kinds[position] == "governorate":
            return position
        if self.table.countries[position] not in ("SY", ""):
            return NONE
        return self.areas.governorate_of(position)

    def match(self, option: _Option, *, ambiguous: bool = False, runner_up: int | None = None) -> Match:
        table = self.table
        return Match(
            place=table.place(option.position),
            score=option.score,
            matched_name=table.texts(option.position)[option.text_index],
            query=option.query,
            ambiguous=ambiguous,
            runner_up=None if runner_up is None else table.place(runner_up),
        )

    def in_context(
        self,
        start: int,
        paragraph: int,
        reading: _Reading,
        nearby: list[_Anchor],
        document: Counter[int],
        *,
        cued: bool = False,
    ) -> Match | object | None:
        """The option the anchors around the mention support best (None: a guess they refute;
        ``UNPLACED``: a homonym none of them supports, a mention left unresolved; ``cued``: a cue word
        gave the mention its kind)."""
        best_fit, top_score = reading.fits[0], reading.options[0].score
        weights = [_proximity(anchor, start, paragraph) for anchor in nearby]
        countries = self._countries_near(start, paragraph)
        spelled = self._spelled_as_written(reading.options)
        written = self._written_as(reading.options, spelled)
        competing = [
            (
                SPELLED_SUPPORT * (option.position in spelled)
                # with no place named around it, the lookup's own order stands (one names core)
                + TOWN_PRIOR * (bool(nearby) and option.score >= top_score and self._town_by_name(option))
                + self._support(
                    option.position,
                    nearby,
                    weights,
                    document,
                    prior=option.score >= top_score and (written is None or option.position in written),
                    countries=countries,
                )
                + SCORE_WEIGHT * (option.score - top_score) / SCORE_MARGIN,
                -rank,
                option,
            )
            for rank, (option, fit) in enumerate(zip(reading.options, reading.fits, strict=True))
            if fit == best_fit and option.score >= top_score - SCORE_MARGIN
        ]
        best_support, _, best = max(competing, key=lambda entry: entry[:2])
        if not cued:
            # a large city named as written is the city however many places of the text lie near a
            # village of its name ("Hama & Homs" in a headline about Aleppo is no Hamah of Aleppo): a
            # village needs a cue word to be meant ("the village of Hama")
            city = next((entry for entry in competing if self._large_city(entry[2], written)), None)
            if city is not None:
                best_support, _, best = city
        if best.score <= FUZZY_SCORE_CAP and not self._plausible_guess(
            best.position, nearby, weights, vouched=cued and best_fit == 0
        ):
            return None
        table = self.table
        best_spot = table.spot(best.position)
        if self._unsupported_homonym(best, competing, nearby, weights, document, countries):
            return UNPLACED
        # ambiguous: a homonym elsewhere that the context supports (almost) as well
        rivals = [
            option
            for support, _, option in competing
            if option is not best
            and beyond_km(best_spot, table.spot(option.position), HOMONYM_KM)
            and support >= best_support - AMBIGUITY_GAP
        ]
        runner_up = (
            rivals[0].position
            if rivals
            else next((o.position for o in reading.options if o.position != best.position), None)
        )
        return self.match(best, ambiguous=bool(rivals), runner_up=runner_up)

    def _unsupported_homonym(
        self,
        best: _Option,
        competing: list[tuple[float, int, _Option]],
        nearby: list[_Anchor],
        weights: list[float],
        document: Counter[int],
        countries: Mapping[str, float],
    ) -> bool:
        """Whether the text names places (two or more nearby) and none of them speaks for the best
        option, a Syrian village or neighbourhood with a homonym elsewhere: the text then means a
        place the gazetteer may not have ("Qabun and Tishreen" in Damascus is no Tishrine of Deir
        ez-Zor, "Touma neighborhood in Damascus" no Touma of Latakia), and the mention is better left
        unresolved than guessed."""
        table = self.table
        position = best.position
        if len(nearby) < 2 or table.kinds[position] not in _LESSER_KINDS or table.countries[position] != "SY":
            return False
        spot = table.spot(position)
        if not any(
            option is not best and beyond_km(spot, table.spot(option.position), HOMONYM_KM)
            for _, _, option in competing
        ):
            return False
        return self._support(position, nearby, weights, document, prior=False, countries=countries) == 0.0

    def _large_city(self, option: _Option, written: frozenset[int] | None) -> bool:
        """Whether the option is a Syrian city of ``_PROMINENT_POPULATION`` or more, matched exactly
        and spelled as the text writes it (when the spelling sets options apart)."""
        position = option.position
        table = self.table
        return (
            option.score >= 100.0
            and table.kinds[position] == "city"
            and table.countries[position] == "SY"
            and self._prominent(position)
            and (written is None or position in written)
        )

    def name_countries(self, named: list[_Anchor]) -> None:
        """The foreign countries the text names, in text order (see ``_countries_near``)."""
        self._countries_named = named
        self._country_starts = [anchor.start for anchor in named]

    def _countries_near(self, start: int, paragraph: int) -> dict[str, float]:
        """Each foreign country the text names within WINDOW characters of ``start``, with the weight
        of its nearest mention."""
        found: dict[str, float] = {}
        named = self._countries_named
        starts = self._country_starts
        for anchor in named[
            bisect.bisect_left(starts, start - WINDOW) : bisect.bisect_right(starts, start + WINDOW)
        ]:
            weight = _proximity(anchor, start, paragraph)
            found[anchor.country] = max(found.get(anchor.country, 0.0), weight)
        return found

    def _written_as(self, options: tuple[_Option, ...], spelled: frozenset[int]) -> frozenset[int] | None:
        """The options with a name spelled as the text writes it (``spelled``: ``_spelled_as_written``),
        when some have one and a city among the others only folds to it, along with the large cities
        (which keep their prior whatever the spelling); None when the spelling sets no city apart. A
        city's prior is for its own names: "Adra" is the town Adra, not Daraa, whose old name Adraa
        folds to it — the matcher's tie-break for a lookup of the name."""
        if not spelled or not any(
            (self._major(o.position) or self._capital(o.position)) and not self._prominent(o.position)
            for o in options
            if o.score >= CLOSE_SCORE
        ):
            return None  # no city whose prior the spelling could withhold
        return spelled | {o.position for o in options if self._prominent(o.position)}

    def _town_by_name(self, option: _Option) -> bool:
        """Whether the option is a Syrian town matched by its own name (not by an alias: Kafr Laha's
        "al-Houla" is the Houla region's name): news names its towns far more often than villages
        of their names ("Madaya" is the besieged town of Rif Dimashq, not a village of Idlib)."""
        table = self.table
        position = option.position
        # a place's texts start with its name and its Arabic name (``indexable_texts``)
        return (
            table.kinds[position] == "town" and table.countries[position] == "SY" and option.text_index <= 1
        )

    def _spelled_as_written(self, options: tuple[_Option, ...]) -> frozenset[int]:
        """The close options with a name spelled as the text writes it (up to ``_plain``), when the
        others only fold to it: empty when all or none are ("Dabiq" is the village Dabiq before
        Dahayik, whose "Deh Bik" folds to it)."""
        close = [option for option in options if option.score >= CLOSE_SCORE]
        if len(close) < 2:
            return frozenset()
        query = _plain(close[0].query)
        spelled = frozenset(o.position for o in close if self._spelled(o.position, query))
        return frozenset() if len(spelled) == len(close) else spelled

    def _spelled(self, position: int, plain: str) -> bool:
        """Whether one of the place's names is ``plain`` as ``_plain`` writes names (its names are
        ``normalize``d already; only those of about the length are folded: a city has hundreds)."""
        length = len(plain)
        return any(
            abs(len(name) - length) <= _PLAIN_SLACK and _plain_normalized(name) == plain
            for name in self.table.normalized(position)
        )

    def _plausible_guess(
        self, position: int, nearby: list[_Anchor], proximities: list[float], *, vouched: bool = False
    ) -> bool:
        """A spelling guess stands only where the text is: near an anchor, or in a governorate with at
        least FUZZY_SHARE of the weight of the best-represented governorate among the nearby anchors
        (``proximities``: each anchor's weight for the mention)."""
        weights: Counter[int] = Counter()
        for anchor, proximity in zip(nearby, proximities, strict=True):
            if anchor.governorate != NONE:
                weights[anchor.governorate] += proximity
        if self._prominent(position):
            return True  # a large city, which news names from anywhere
        if not weights:
            # no Syrian place named nearby to go by: a near spelling stands only when a cue vouches for
            # its kind ("Deir Ezzor air base"), not a village read into a foreign name ("the
            # Affordable Care Act" ~ Karkit, "Kerrys" ~ Karis, "Golan Heights" ~ Ghweilan)
            return vouched
        spot = self.table.spot(position)
        if any(within_km(spot, anchor.spot, NEAR_KM) or _inside(spot, anchor) for anchor in nearby):
            return True
        return weights.get(self.governorate(position), 0.0) >= FUZZY_SHARE * max(weights.values())

    def _support(
        self,
        position: int,
        nearby: list[_Anchor],
        weights: list[float],
        document: Counter[int],
        *,
        prior: bool = True,
        countries: Mapping[str, float] | None = None,
    ) -> float:
        """How well the anchors nearby (``weights``: how much each counts for the mention) support the
        place at ``position``. Abroad, the country stands where the governorate stands in Syria: the
        places named around it in the same country support it, and so does the country named
        (``countries``: each foreign country the text names near the mention, with its weight)."""
        governorate = self.governorate(position)
        country = self.table.countries[position]
        abroad = country not in ("SY", "")
        # the prior is for Syria's cities, and only for a city named as the text spells it: abroad, a
        # city must win on spelling (Aïn Beïda in Algeria is not the Ain al-Baida of a Syrian
        # communiqué), and a near spelling is another name ("al-Sawda" is not As-Suwayda)
        major = prior and not abroad and (self._major(position) or self._capital(position))
        total = MAJOR_PRIOR if major else 0.0
        if major and self.table.kinds[position] == "city" and self._prominent(position):
            # "Hama" in an article about Raqqa is still the city, not a village of Raqqa called Hama
            total = PROMINENT_PRIOR
        spot = self.table.spot(position)
        if abroad and countries:
            total += countries.get(country, 0.0)
        for anchor, weight in zip(nearby, weights, strict=True):
            if governorate != NONE and governorate == anchor.governorate:
                total += weight
            elif abroad and anchor.country == country:
                total += weight  # "Iraqi forces retook Ramadi ... then Fallujah": Iraq's Ramadi
            if within_km(spot, anchor.spot, NEAR_KM):
                total += 0.5 * weight
            if _inside(spot, anchor):  # "in Eastern Ghouta ... Saqba": the Saqba inside it
                total += weight
        if governorate != NONE and document:
            total += DOCUMENT_WEIGHT * document[governorate] / sum(document.values())
        return total

    # -- what kind of place ------------------------------------------------------------------
    def _major(self, position: int) -> bool:
        return (
            self.table.kinds[position] in _MAJOR_KINDS
            or self.table.populations[position] >= _MAJOR_POPULATION
        )

    def _prominent(self, position: int) -> bool:
        kind = self.table.kinds[position]
        return kind in ("country", "governorate") or self.table.populations[position] >= _PROMINENT_POPULATION

    def _capital(self, position: int) -> bool:
        """A town named like its governorate (Quneitra, Idlib): the seat, whatever its population."""
        table = self.table
        if table.kinds[position] not in ("city", "town"):
            return False
        governorate = self.areas.governorate_of(position)
        return governorate != NONE and bool(
            set(table.normalized(position)) & set(table.normalized(governorate))
        )

    def _major_by_name(self, position: int, exact: str) -> bool:
        """A common word ("Turkey") names a place only if it is a country, governorate or Syrian city
        under that very name, or a large place whose preferred name it is."""
        table = self.table
        kind = table.kinds[position]
        if kind in ("country", "governorate"):
            return True
        if kind == "city" and table.countries[position] == "SY":
            return True
        # abroad, only a metropolis under its own name ("Hassan" of Hassan Nasrallah is no Indian city)
        return (
            table.populations[position] >= _METROPOLIS_POPULATION and table.normalized(position)[0] == exact
        )


def _padded(extent: Extent | None) -> Extent | None:
    """An area's box widened by ``EXTENT_MARGIN_KM``: its members' points do not reach its edges."""
    if extent is None:
        return None
    margin = EXTENT_MARGIN_KM / KM_PER_DEGREE
    return Extent(
        extent.min_lat - margin, extent.min_lon - margin, extent.max_lat + margin, extent.max_lon + margin
    )


def _inside(spot: Spot, anchor: _Anchor) -> bool:
    return anchor.extent is not None and anchor.extent.contains(spot.lat, spot.lon)


# The two "as written" folds are asked of the gazetteer's names (a foreign city's hundreds of them,
# each time the city is an option), the same names again and again: what a name folds to is remembered.
@lru_cache(maxsize=65536)
def _spelling(name: str) -> str:
    """A name as it is written, up to what Latin spellings of one name vary in: case, diacritics,
    spaces and hyphens, a leading article, doubled letters and a final h (Al Fallūjah ~ Fallujah)."""
    words = normalize(name).split()
    if len(words) > 1 and words[0] in lexicon().articles:
        words = words[1:]
    return _DOUBLED.sub(r"\1", "".join(words)).removesuffix("h")


def _plain(name: str) -> str:
    """A name as it is written, up to case, diacritics, a leading article, a doubled consonant and a
    final h (Al Tabqah ~ Tabqa, Raqa ~ Raqqa), but not a doubled vowel, which often writes a letter of
    its own (the ʿayn of Adraa)."""
    return _plain_normalized(normalize(name))


@lru_cache(maxsize=65536)
def _plain_normalized(name: str) -> str:
    """``_plain`` of a name ``normalize`` has written already."""
    words = name.split()
    if len(words) > 1 and words[0] in lexicon().articles:
        words = words[1:]
    return _DOUBLED_CONSONANT.sub(r"\1", " ".join(words)).removesuffix("h")


def _needed(candidate: Candidate) -> float:
    if candidate.trust == CUED:
        return CUED_NEEDED
    return ONE_WORD_NEEDED if len(candidate.queries[-1].split()) == 1 else NEEDED


def _proximity(anchor: _Anchor, start: int, paragraph: int) -> float:
    """1 for an adjacent anchor, 1/2 at PROXIMITY_CHARS, falling fast beyond, and less again in
    another paragraph (so that places named elsewhere do not outweigh the one named alongside)."""
    distance = (anchor.start - start) / PROXIMITY_CHARS
    weight = 1.0 / (1.0 + distance * distance)
    return weight if anchor.paragraph == paragraph else weight * OTHER_PARAGRAPH_FACTOR
