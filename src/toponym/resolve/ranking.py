"""Finding places for a name: candidates from the name index, scores, context, ranking, ambiguity.

A :class:`Matcher` stands on a place table, its name index and its areas (:mod:`toponym.index`,
:mod:`toponym.resolve.admin`). A query is looked up in three steps:

1. **Candidates.** The readings of the query (:mod:`toponym.text.keys`) are looked up by block key; the
   readings that share one are scored (:mod:`toponym.index.similarity`), 0–100; a place scores as
   its best name. No query scans every name.
2. **Context.** ``admin1``/``admin2`` may be any spelling of a governorate/district ("Idleb",
   "Rural Damascus", "Deir-ez-Zor"): they are resolved against the gazetteer's own governorate and
   district places (:class:`~toponym.resolve.admin.Areas`), as is each place's own area. A place in
   the named governorate gains ``ADMIN1_BONUS``, one just across its border (tables file border
   villages under the neighbour) loses only ``ADMIN1_NEIGHBOUR_PENALTY``, one elsewhere
   ``ADMIN1_PENALTY`` (districts: the ``ADMIN2_`` figures), as does a place in another country (a
   Syrian governorate rules out Tripoli, Lebanon). A hint is evidence, not a filter: a place outside
   can still win when nothing inside fits, and the score a match shows counts only
   ``HINT_EVIDENCE`` of a bonus, so a look-alike lifted by its governorate is not shown as certain. ``country`` filters; ``kind`` — or a descriptor in the query, "Raqqa
   province" — prefers places of that kind. Words that usually name no place — a demonym ("Iraqi"),
   a short upper-case acronym ("SANA"), an organisation ("Al Jazeera"), as listed in the word tables
   (:mod:`toponym.text.lexicon`) — reach only a place with that very name, articles and ʿayn marks
   included (Al `Iraqi is not "Iraqi", Sa`na is not "SANA"), or for an organisation a Syrian town of
   its name (al-Mayadeen). With ``country=``, a query that is exactly the name of a place outside it
   ("Cairo" with ``country="SY"``) reaches a place inside only through a name equal to it, not one
   that merely folds to it (Qiru).
3. **Ranking.** By score; equal scores fall to a place with a name spelled as the query up to articles and
   ``normalize`` ("Adra" is the town Adra, not Daraa, once Adraa), then to a Syrian place, then to
   the more important place: country, city, town, governorate, district, subdistrict, village (then
   the "locality" kind: abandoned, historical, farm); then population; then to the place with the
   name spelled most like the query up to ``normalize`` (rapidfuzz ratio: articles, vowels and
   doubled letters, which the keys fold, count here: "Jubb Ramleh" is Jubb Ramlah before Jub Ramla);
   then to one with an Arabic name, then to the place id. An administrative area ranks just after
   its seat when they score alike (``SEAT_MARGIN``, or ``BARE_SEAT_MARGIN`` when no descriptor or
   ``kind=`` names a kind), and the seat takes its score: "Idlib" alone is the city, "Idlib
   province" or ``kind="governorate"`` the governorate.

The best match is ``ambiguous`` when another place scores within ``AMBIGUITY_MARGIN`` of it and is a
real rival — not the same spot recorded twice (``SAME_SPOT_KM``), not an area and its seat, not a
village against a city, not a foreign place against a Syrian one; that place is its ``runner_up``. It
is ambiguous too when it lies outside the named governorate or district, and when it is a look-alike
(its name scores below ``CONFIDENT_SCORE`` on its own): real tables name many villages no gazetteer
lists, and such an answer is then wrong one time in two or three. Its rival is then the next other
place — however far behind when a hint chose the look-alike, else one that is a near spelling too
(``LOOKALIKE_RIVAL_FLOOR``). An Arabic-script query fits a place in full only when one of the place's
Arabic names spells it (``arabic.spelling_form``: the article and a final alif or tāʾ marbūṭa are
written as the name has them), and a query that writes an article prefers, among equals, a place whose
name has one.

Scores are calibrated: an answer scored ``CONFIDENT_SCORE`` or more is meant to be right at least 97%
of the time on any kind of input. So a hint never lifts a look-alike into that band
(``LIFTED_CEILING``), and an ambiguous answer never shows in it (``AMBIGUOUS_CEILING``).
``RESOLVE_THRESHOLD`` is the score below which ``Gazetteer.resolve`` answers None (``scripts/evaluate.py``
prints how often each score band is right).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz
from unidecode import unidecode

from toponym.geo import distance_km
from toponym.index.names import NameIndex, Scores
from toponym.index.places import PlaceTable
from toponym.index.similarity import MISSING_QUALIFIER_PENALTY
from toponym.models import KIND_IMPORTANCE, Match
from toponym.resolve.admin import DISTRICT, GOVERNORATE, NONE, Areas
from toponym.resolve.context import Context
from toponym.resolve.vicinity import VICINITY_CEILING, vicinity_anchor
from toponym.resolve.written_areas import Reading, written_area_readings
from toponym.text.arabic import has_arabic, spelling_form
from toponym.text.keys import RURAL, NameKey, alternatives, name_keys, query_keys, without_descriptors
from toponym.text.lexicon import ACRONYM_MAX_LETTERS, lexicon
from toponym.text.normalize import MARKS, normalize

# Below this score a candidate is not offered by ``resolve``: an honest "no match" beats a wrong guess.
RESOLVE_THRESHOLD = 90.0
# No place name in our sources runs past 10 words or 61 characters; a query far longer is a sentence or
# debris, not a name, and scoring its words against every block would only cost time.
MAX_QUERY_WORDS = 16
MAX_QUERY_CHARS = 256
AMBIGUITY_MARGIN = 5.0
# A score says how sure we are: a place with a real rival this close is less sure, so its score drops
# by this much per point the rival is closer than AMBIGUITY_MARGIN (a tie: 10 points, to 90).
AMBIGUITY_COST = 2.0
SAME_SPOT_KM = 2.0
ADMIN1_BONUS = 10.0
ADMIN1_PENALTY = 20.0
ADMIN1_NEIGHBOUR_PENALTY = 5.0  # a place near the named governorate's border (see resolve.admin)
ADMIN2_BONUS = 6.0
ADMIN2_PENALTY = 6.0
ADMIN2_NEIGHBOUR_PENALTY = 2.0
# The share of a hint's bonus that counts in the score a match shows (the whole of it ranks).
HINT_EVIDENCE = 0.5
# From this score on an answer says it is sure (``scripts/evaluate.py`` checks that such answers are right
# at least 97% of the time on every dev set).
CONFIDENT_SCORE = 95.0
# The most a bonus (a hint, a descriptor) may lift a name that scores below CONFIDENT_SCORE on its own:
# the hint says which of the places the name fits is meant, not that a look-alike is the name. Real
# tables name villages no gazetteer lists, and a look-alike inside the named governorate is then wrong
# about one time in three.
LIFTED_CEILING = 94.0
# An answer marked ambiguous shows at most this: a person should look, so it is never a sure answer.
AMBIGUOUS_CEILING = 94.0
# An Arabic-script query matched through an Arabic name spelled with other letters (the keys fold ح/ه,
# ص/س and drop ع for the sake of romanised names: همدان meets حمدان) fits at most this: a look-alike.
RESPELLED_FIT = 94.0
ADMIN1_ADJUSTMENTS = (ADMIN1_BONUS, ADMIN1_NEIGHBOUR_PENALTY, ADMIN1_PENALTY)
ADMIN2_ADJUSTMENTS = (ADMIN2_BONUS, ADMIN2_NEIGHBOUR_PENALTY, ADMIN2_PENALTY)
KIND_PENALTY = 10.0
# A look-alike no hint chose is ambiguous with the next other place that shows this much or more: a near
# spelling too (on the dev sets a best candidate below 80 is right less than one time in four), not the
# junk a long candidate list ends with (an airport named "Aleppo ..." for "Aleppo countryside").
LOOKALIKE_RIVAL_FLOOR = 80.0
# A place abroad that a query merely resembles — a near spelling, or keys alike but none of its names
# spelled as the query ("Moscow" for Mesquite, "Amman" for Oman): foreign names reach us in their usual
# spellings (listed), a Syrian village's name in any spelling, so "Mistrah" is a Syrian village before
# it is Mestre, Italy, and "Moscow" is Moscow without a rival.
FOREIGN_LIKENESS_PENALTY = 6.0
# In Syrian text (no country given), a foreign place the query only resembles, with no Syrian place to
# be ambiguous with, scores at most this: below the resolve threshold, offered only as a candidate.
FOREIGN_GUESS_CEILING = 85.0
# Without a country, a foreign place below this population, even one spelled as the query, is ambiguous
# with a Syrian place scoring within FOREIGN_RIVAL_MARGIN of it: Syrian tables name Syrian villages, and
# the world layer's towns share their everyday names (Jadida, Çat). A capital or a city of a million
# (Beirut, Baghdad, Ankara, Amman) is what its name means. (Round figures, not fitted.)
FOREIGN_MAJOR_POPULATION = 1_000_000
FOREIGN_RIVAL_MARGIN = 10.0
SEAT_MARGIN = 6.0  # an area and its seat scoring this close count as equal (see ``_seats_first``)
BARE_SEAT_MARGIN = 10.0  # the same when nothing (descriptor, ``kind=``) says which kind is meant
SEAT_KM = 25.0  # a subdistrict's seat lies this close to its centre
SAID_KIND_BONUS = 2.0
SAID_KIND_PENALTY = 6.0
_TIE_WINDOW = 8  # candidates beyond the limit that ties, seats and rivals may still bring forward
# The rankings kept for names asked again (a news archive names Damascus in every other article, a
# table repeats its villages): over the 784 FA-KES articles extraction asks 15,059 rankings of 3,406
# distinct names. At most a few kilobytes each.
RANK_CACHE_SIZE = 4096
_AREA_KINDS = frozenset({"country", "governorate", "district", "subdistrict", "region"})
_SEATED_KINDS = frozenset({"governorate", "district", "subdistrict"})
_ADMIN_AREA_KINDS = _SEATED_KINDS
# The named features of areas.tsv: areas and lines news names, which no source has as places.
FEATURE_KINDS = frozenset(
    {"region", "plain", "valley", "river", "lake", "dam", "crossing", "camp", "airbase", "highway"}
)
_SETTLEMENT_KINDS = frozenset({"city", "town", "village"})
_PROMINENT_KINDS = frozenset({"country", "city"})  # their village homonyms do not make them ambiguous
_CITY_PARTS = frozenset({"neighbourhood"})  # "Baghdad" in Damascus does not go before Baghdad
_NOT_LETTER = re.compile(r"[^0-9a-z']+")
_ARABIC_ARTICLE = re.compile(r"(?:^|\s)ال\S")

Rule = Callable[[str, int], bool]  # (query, place position) -> whether the place may answer the query


@dataclass(slots=True)
class Candidate:
    """A place being ranked for one query."""

    score: float  # what ranks it: uncapped, a context bonus may lift it past 100
    rank: tuple[int, int, int]  # importance, for ties (see ``importance``)
    position: int  # in the place table
    text_index: int  # which of the place's texts matched
    shown: float = 0.0  # what the match says: the score without the bonuses (see ``_adjusted``)
    fit: float = 0.0  # how well the name alone fits, before any context (0–100)
    lifted: bool = False  # a look-alike (fit below CONFIDENT_SCORE) that a hint's bonus raised
    respelled: bool = False  # an Arabic query none of the place's Arabic names spells (``_spells``)
    # the query says a kind and is one of the place's names as written, kind word and all ("Yarmouk
    # camp", a name of the camp): a place named so is what the query names, before its namesakes
    named_whole: bool = False


class Matcher:
    """Ranks the places a name may mean (see the module docstring)."""

    def __init__(self, table: PlaceTable, index: NameIndex, areas: Areas) -> None:
        self.table = table
        self.index = index
        self.areas = areas
        self._importance: dict[int, tuple[int, int, int]] = {}
        self._ranked_lately = lru_cache(maxsize=RANK_CACHE_SIZE)(self._rank)

    # -- the query --------------------------------------------------------------------------------
    def candidates(self, query: str, *, limit: int = 5, context: Context | None = None) -> list[Match]:
        """Ranked places this name may mean, best first, each with a 0–100 score."""
        context = context or Context()
        if _beyond_any_name(query):
            return []
        matches = self._matches_in(query, context, limit)
        if matches and matches[0].score >= CONFIDENT_SCORE:
            return matches
        # not surely a name as a whole: perhaps a name and the areas it lies in, "Douma, Rif Dimashq",
        # or a name and another name of it, "Aydun/Abdun village" (``written_areas``)
        readings = written_area_readings(
            query, context, area_named=self.areas.named, country_named=self.areas.country_named
        )
        answers = [matches] if matches else []
        answers += [
            read for r in readings if not r.nested and (read := self._matches_in(r.name, r.context, limit))
        ]
        path = self._most_specific([r for r in readings if r.nested], limit)
        if path:
            answers.append(path)
        # or somewhere by a place, "near Saraqib": that place, never surely (``vicinity``)
        anchor = vicinity_anchor(query)
        near = self.candidates(anchor, limit=limit, context=context) if anchor else []
        if near:
            answers.append([replace(m, score=min(m.score, VICINITY_CEILING)) for m in near])
        if not answers:
            return []
        # the first of equals: the whole, then the readings in order
        best = max(answers, key=_best_score)
        # each match is of the value as the caller wrote it, whichever part of it found the place
        return [replace(m, query=query) for m in self._rivalled_by_readings(best, answers)]

    def _most_specific(self, path: list[Reading], limit: int) -> list[Match]:
        """The answer to a path of places, its names most specific first ("Homs - Houla - Taldou"):
        the first name that answers well enough, else the best answer; the others lie around it (and
        are not ranked once one answers)."""
        answers = []
        for reading in path:
            answer = self._matches_in(reading.name, reading.context, limit)
            if answer and answer[0].score >= RESOLVE_THRESHOLD:
                return answer
            if answer:
                answers.append(answer)
        return max(answers, key=_best_score) if answers else []

    def _rivalled_by_readings(self, best: list[Match], answers: list[list[Match]]) -> list[Match]:
        """The best reading's matches, the first one ambiguous when another reading of the value answers
        another place about as well: "الزهراء / سنقونس" may be al-Zahraa or Sanqunis."""
        first = best[0]
        for answer in answers:
            other = answer[0]
            if (
                other.place.id != first.place.id
                and first.score - other.score <= AMBIGUITY_MARGIN
                and distance_km(first.place, other.place) > SAME_SPOT_KM
            ):
                rivalled = replace(
                    first,
                    score=min(first.score, AMBIGUOUS_CEILING),
                    ambiguous=True,
                    runner_up=first.runner_up or other.place,
                )
                return [rivalled, *best[1:]]
        return best

    def _matches_in(self, query: str, context: Context, limit: int) -> list[Match]:
        ranked, query = self.rank(query, context, limit=limit)
        named = self.areas.resolve(context.admin1, GOVERNORATE), self.areas.resolve(context.admin2, DISTRICT)
        return self._matches(query, ranked, limit, home=context.country is None, named=named)

    def rank(
        self, query: str, context: Context, *, limit: int, same_keys: bool = False
    ) -> tuple[list[Candidate], str]:
        """The candidates, ranked, at least ``limit`` of them and those tied with them. ``same_keys``:
        only the places with a name of the query's very keys (its homonyms up to the spellings the keys
        fold), without looking for near spellings — extraction asks so when a text names a major
        place, whose look-alikes it would set aside anyway."""
        if _beyond_any_name(query):
            return [], query
        # a copy: the kept ranking is shared by every caller that asks the same
        ranked, query = self._ranked_lately(query, context, limit, same_keys)
        return list(ranked), query

    def _rank(
        self, query: str, context: Context, limit: int, same_keys: bool
    ) -> tuple[tuple[Candidate, ...], str]:
        readings = query_keys(query)
        scored = self.index.same_scores(readings) if same_keys else self.index.scores(readings)
        if not scored:
            return (), query
        ranked = self._adjusted(query, readings, scored, context)
        ranked.sort(key=lambda c: (-c.score, c.rank))
        kind_said = bool(context.kind or _said_kind(readings))
        # the whole leading tie is kept, however many homonyms share it: the answer must not depend
        # on how many candidates were asked for
        tie = next((i for i, c in enumerate(ranked) if c.score != ranked[0].score), len(ranked))
        window = ranked[: max(max(limit, 1) + _TIE_WINDOW, tie)]
        ranked = self._seats_first(self._break_ties(query, window), kind_said)
        return tuple(ranked), query

    def _adjusted(
        self, query: str, readings: Sequence[NameKey], scored: Scores, context: Context
    ) -> list[Candidate]:
        """Each scored place with its score adjusted for the context, the query's own descriptor and
        foreignness; places the context or the word rules exclude are left out."""
        table = self.table
        said_kind = _said_kind(readings)
        admin1 = self.areas.resolve(context.admin1, GOVERNORATE)
        admin2 = self.areas.resolve(context.admin2, DISTRICT)
        country = context.country.upper() if context.country else None
        allowed = _no_place_rule(query, table) or self._foreign_exact(query, scored, country)
        countries, kinds = table.countries, table.kinds
        respelled = _respelling_check(query, table)
        rural = any(RURAL in r.qualifiers for r in readings)  # "Aleppo countryside", "ريف حلب"
        ranked: list[Candidate] = []
        for position, (score, text_index) in scored.items():
            place_country = countries[position]
            if country and place_country and place_country != country:
                continue
            if allowed is not None and not allowed(query, position):
                continue
            if place_country not in ("SY", "") and (score < 100.0 or self._foreign_guess(query, position)):
                # abroad, keys alike are not enough: "Moscow" is not Mesquite, "Amman" not Oman
                score -= FOREIGN_LIKENESS_PENALTY
            adjustments = [0.0]
            if admin1 != NONE:
                adjustments.append(self._area_adjustment(position, GOVERNORATE, admin1, ADMIN1_ADJUSTMENTS))
            if admin2 != NONE:
                adjustments.append(self._area_adjustment(position, DISTRICT, admin2, ADMIN2_ADJUSTMENTS))
            areas_end = len(adjustments)  # the hints' adjustments are adjustments[1:areas_end]
            if context.kind and kinds[position] != context.kind:
                adjustments.append(-KIND_PENALTY)
            if said_kind:
                adjustments.append(_said_kind_adjustment(said_kind, kinds[position]))
            hinted = any(a > 0 for a in adjustments[1:areas_end])
            other_spelling = respelled is not None and respelled(position, text_index)
            fit = min(score, RESPELLED_FIT) if other_spelling else score
            if rural and kinds[position] == GOVERNORATE:
                fit = self._rural_fit(fit, position, text_index)
            ranked.append(
                Candidate(
                    score + sum(adjustments),
                    self.importance(position),
                    position,
                    text_index,
                    _shown(fit, adjustments),
                    fit,
                    hinted and fit < CONFIDENT_SCORE,
                    other_spelling,
                    bool(said_kind) and self.named_exactly(query, position),
                )
            )
        return ranked

    def _rural_fit(self, fit: float, position: int, text_index: int) -> float:
        """How well a governorate's name fits a query that says "rural" ("Aleppo countryside"): the
        similarity priced the qualifier as missing from "Aleppo", but the area around a town is the
        governorate named after it, so the name fits in full. Only the fit, what the match shows: the
        ranking still puts a governorate that says "rural" itself first (Rif Dimashq for "Rural
        Damascus", before Damascus)."""
        readings = name_keys(self.table.texts(position)[text_index])
        if readings and all(RURAL not in r.qualifiers for r in readings):
            return min(100.0, fit + MISSING_QUALIFIER_PENALTY)
        return fit

    def importance(self, position: int) -> tuple[int, int, int]:
        """Sort key among equal scores: Syrian places first, but for city parts (a Damascus
        neighbourhood called "Baghdad" is not meant before Baghdad); then the larger administrative
        level (``models.KIND_IMPORTANCE``); then the larger population."""
        found = self._importance.get(position)
        if found is None:
            found = self._importance[position] = self._importance_of(position)
        return found

    def _importance_of(self, position: int) -> tuple[int, int, int]:
        kind = self.table.kinds[position]
        syrian = self.table.countries[position] in ("SY", "") and kind not in _CITY_PARTS
        return (
            0 if syrian else 1,
            KIND_IMPORTANCE.get(kind, len(KIND_IMPORTANCE)),
            -self.table.populations[position],
        )

    def _foreign_exact(self, query: str, scored: Scores, country: str | None) -> Rule | None:
        """With ``country=``, a query that is exactly the name of a place outside it ("Cairo",
        "Ankara" with ``country="SY"``) means that place: a place inside reaches only if one of its
        own names is the query (up to ``normalize``), not merely one that folds to it (Qiru)."""
        if not country:
            return None
        countries = self.table.countries
        named_exactly = self.named_exactly
        for position, (score, _) in scored.items():
            # any of its names, not only the one that scored: "Berlin" may have scored on برلين
            if score >= 100.0 and countries[position] not in (country, "") and named_exactly(query, position):
                return named_exactly
        return None

    def named_exactly(self, query: str, position: int) -> bool:
        """Whether one of the place's names is the query up to ``normalize``."""
        return normalize(query) in self.table.normalized(position)

    def _area_adjustment(
        self, position: int, level: str, named: int, adjustments: tuple[float, float, float]
    ) -> float:
        """The hint as evidence: a bonus for a place in the named area, a small penalty for one just
        outside its border (tables file border villages under their neighbour) or in the governorate
        that surrounds the named one (Rural Damascus for "Damascus"), a large one for a place known to
        be elsewhere or abroad; nothing for a place whose area is unknown."""
        bonus, neighbour_penalty, penalty = adjustments
        areas = self.areas
        found = areas.area_of(position, level)
        if found == named:
            return bonus
        if found != NONE and (
            areas.near_border(position, named, level)
            or (level == GOVERNORATE and found == areas.surrounding(named))
        ):
            return -neighbour_penalty
        if found != NONE or self._abroad(position, named):
            return -penalty
        return 0.0

    def _abroad(self, position: int, area: int) -> bool:
        """Whether a place lies in another country than the named area (a Syrian governorate rules out
        Mestre, Italy, though no Syrian governorate was assigned to it)."""
        countries = self.table.countries
        return bool(countries[position]) and countries[position] != countries[area]

    # -- ties, seats, rivals ------------------------------------------------------------------
    def _break_ties(self, query: str, ranked: list[Candidate]) -> list[Candidate]:
        """Among the leading places, tied on score, one that an Arabic query spells goes before one
        whose Arabic names are other words (``_respelling_check``: الكريمة is Al Kuraym before
        Kuraymah, كريمة); then a place with a name spelled as the query up to ``normalize`` and
        articles ("Adra" is the town Adra before the city Daraa, once Adraa; "Cairo" is Egypt's capital
        before the Syrian village Kairó); then, for a query that writes an article, a place with a name
        that has one ("Al Hamah" is the town Al-Hamah before the city Hama, which never takes one: an
        article a table writes is part of the name); then a Syrian place, then the more important
        kind (``importance``), then the name spelled most like the query (``surface_similarity``:
        "Jubb Ramleh" is Jubb Ramlah before Jub Ramla, when the folded keys cannot tell them apart),
        then a place with an Arabic name (better attested: a record with Latin names only is more often
        a stray one), then the place id (so that exact homonyms keep one order whatever the pack's row
        order). Only the leading tie is reordered: it decides the answer, and this costs per query."""
        if not ranked:
            return ranked
        head = ranked[0]
        end = 1
        while end < len(ranked) and ranked[end].score == head.score:
            end += 1
        if end == 1:
            return ranked
        key = normalize(query)
        bare_key = _without_articles(key)
        arabic_query = not key.isascii()
        article = not arabic_query and bare_key != key  # the query writes one: "Al Hamah"
        table = self.table

        def order(c: Candidate) -> tuple[object, ...]:
            surface = self.surface_similarity(c.position, key, arabic_query)
            names = table.normalized(c.position)
            spelled = surface == 100.0 or bare_key in map(_without_articles, names)
            return (
                c.respelled,
                not spelled,
                article and not self._takes_article(c.position),
                c.rank[0],
                c.rank[1:],
                -surface,
                not table.has_arabic(c.position),
                table.ids[c.position],
            )

        return sorted(ranked[:end], key=order) + ranked[end:]

    def _takes_article(self, position: int) -> bool:
        """Whether one of the place's names has an article: a Latin one (al, el, ash...) or an Arabic
        one (ال, which ``normalize`` folds away, so read in the texts as written)."""
        table = self.table
        if any(_has_article(name) for name in table.normalized(position) if name.isascii()):
            return True
        return any(_ARABIC_ARTICLE.search(text) for text in table.texts(position))

    def surface_similarity(self, position: int, key: str, arabic_query: bool) -> float:
        """How close the place's nearest name in the query's script is to the query as written, up to
        ``normalize`` (articles, vowels and doubled letters count here, unlike in the keys): 0–100.
        (``normalize`` gives Latin text in ASCII and keeps Arabic letters: the script is ``isascii``.)"""
        return max(
            (
                fuzz.ratio(key, text)
                for text in self.table.normalized(position)
                if text.isascii() != arabic_query
            ),
            default=0.0,
        )

    def is_seat(self, area: int, place: int) -> bool:
        """Whether ``place`` is the town the administrative area at ``area`` is named after."""
        kinds = self.table.kinds
        if kinds[area] not in _SEATED_KINDS or kinds[place] not in _SETTLEMENT_KINDS:
            return False
        areas = self.areas
        if kinds[area] == GOVERNORATE:
            return areas.governorate_of(place) == area
        if kinds[area] == DISTRICT:
            return areas.district_of(place) == area
        district = areas.district_of(area)  # a subdistrict: its seat is in the same district
        same_district = district != NONE and areas.district_of(place) == district
        return same_district or distance_km(self.table.spot(area), self.table.spot(place)) <= SEAT_KM

    def _seats_first(self, ranked: list[Candidate], kind_said: bool) -> list[Candidate]:
        """An area ranks just after its seat when they score alike — within ``SEAT_MARGIN``, or
        ``BARE_SEAT_MARGIN`` when nothing says which kind is meant: "Idlib" alone means the city,
        "Raheiba" the town Ar Ruhaybah more than the subdistrict named after it, and "Idlib province"
        (a descriptor, or ``kind=``) the governorate. The seat takes the area's place and score."""
        margin = SEAT_MARGIN if kind_said else BARE_SEAT_MARGIN
        kinds = self.table.kinds
        out = list(ranked)
        for area in ranked:
            if kinds[area.position] not in _SEATED_KINDS:
                continue  # only an administrative area has a seat (checked here: this runs per query)
            seat = next(
                (
                    c
                    for c in out
                    if abs(c.score - area.score) <= margin and self.is_seat(area.position, c.position)
                ),
                None,
            )
            if seat is not None and out.index(seat) > out.index(area):
                out.remove(seat)
                out.insert(out.index(area), seat)
                seat.score = max(seat.score, area.score)
                seat.shown = max(seat.shown, area.shown)
                seat.fit = max(seat.fit, area.fit)
                seat.lifted = seat.lifted and area.lifted
        return out

    def _confidence(self, candidate: Candidate, ranked: list[Candidate]) -> float:
        """The candidate's score as it is shown: at most 100, and lower when a real rival scores close
        to it or above it (``AMBIGUITY_COST``): the score means how sure we are, on every input."""
        score = min(candidate.shown, 100.0)
        for other in ranked:
            if other is not candidate and self.rivals(candidate, other):
                gap = max(0.0, candidate.score - other.score)
                lowered = score - AMBIGUITY_COST * (AMBIGUITY_MARGIN - gap)
                # never below the resolve threshold for a place that reached it: ambiguous, not unknown
                return max(lowered, RESOLVE_THRESHOLD) if score >= RESOLVE_THRESHOLD else lowered
        return score

    def _outside(self, position: int, named: tuple[int, int]) -> bool:
        """Whether the place is known to lie outside the named governorate or district."""
        for area, level in zip(named, (GOVERNORATE, DISTRICT), strict=True):
            if area != NONE and self.areas.area_of(position, level) not in (area, NONE):
                return True
        return False

    def _minor_abroad(self, position: int) -> bool:
        """Whether the place lies abroad and is no major city (``FOREIGN_MAJOR_POPULATION``)."""
        table = self.table
        return (
            table.countries[position] not in ("SY", "")
            and table.populations[position] < FOREIGN_MAJOR_POPULATION
        )

    def _foreign_guess(self, query: str, position: int) -> bool:
        """Whether the place is abroad and only resembles the query: none of its names is spelled as
        the query, up to ``normalize`` and articles ("Lof" is no spelling of Lviv)."""
        if self.table.countries[position] in ("SY", ""):
            return False
        key = _without_articles(normalize(query))
        return key not in map(_without_articles, self.table.normalized(position))

    def rivals(self, first: Candidate, second: Candidate) -> bool:
        """Whether ``second`` makes ``first`` ambiguous: it scores within ``AMBIGUITY_MARGIN`` and is
        a different place of comparable standing — not the same spot recorded twice, not an area and
        its seat, not an area and the one it lies in (Rif Dimashq and its district Markaz Rif
        Dimashq), not a named feature and an area that carries its name only as an alias (Hauran and
        the Daraa governorate), not a village against a city, not a foreign place against a Syrian one,
        not a namesake against a place named as the query is written, kind word and all."""
        if first.score - second.score > AMBIGUITY_MARGIN:
            return False
        best, other = first.position, second.position
        table = self.table
        if not self._another_place(first, second):
            return False
        if first.named_whole and not second.named_whole:
            return False
        if self._alias_of(first, second) or self._alias_of(second, first):
            return False
        if table.kinds[best] in _PROMINENT_KINDS and table.kinds[other] not in _PROMINENT_KINDS:
            return False
        return not (table.countries[best] == "SY" and table.countries[other] not in ("SY", ""))

    def _another_place(self, first: Candidate, second: Candidate) -> bool:
        """Whether ``second`` is another place than ``first``, not the same one recorded twice, as an
        area and its seat, or as an area and the one it lies in."""
        best, other = first.position, second.position
        if self._same_spot(first, second) or self.is_seat(other, best) or self.is_seat(best, other):
            return False
        return not (self._nested(best, other) or self._nested(other, best))

    def _same_spot(self, first: Candidate, second: Candidate) -> bool:
        """Whether two candidates lie within ``SAME_SPOT_KM``: one place recorded twice."""
        table = self.table
        return distance_km(table.spot(first.position), table.spot(second.position)) <= SAME_SPOT_KM

    def _alias_of(self, feature: Candidate, area: Candidate) -> bool:
        """Whether a named feature, matched by its own name, is what an administrative area's alias
        names: OpenSyria lists "Hauran" for Daraa and "Eastern Ghouta" for Jaramana, but the names
        mean the region."""
        kinds = self.table.kinds
        return (
            kinds[feature.position] in FEATURE_KINDS
            and kinds[area.position] in _ADMIN_AREA_KINDS
            and feature.text_index <= 1  # its name or its Arabic name: texts start with them
            and area.text_index > 1
        )

    def _nested(self, inner: int, outer: int) -> bool:
        """Whether the area at ``inner`` lies in the governorate or district at ``outer``."""
        kinds = self.table.kinds
        if kinds[inner] not in _SEATED_KINDS or kinds[outer] not in (GOVERNORATE, DISTRICT):
            return False
        return self.areas.area_of(inner, kinds[outer]) == outer

    def _matches(
        self, query: str, ranked: list[Candidate], limit: int, *, home: bool, named: tuple[int, int]
    ) -> list[Match]:
        """The ranked candidates as matches; the first one ambiguous when it has a rival, or when it
        lies outside the governorate or district the context names (the hint is evidence, and here
        the name outweighed it: a person should look). ``home``: no country was given, so the query is
        read as Syrian text: a foreign place it only resembles is never a confident answer
        (``FOREIGN_GUESS_CEILING``)."""
        if not ranked:
            return []
        table = self.table
        best = ranked[0]
        score = self._confidence(best, ranked)
        runner_up = next(
            (c.position for c in ranked[1:] if self.rivals(best, c)),
            None,
        )
        outside = self._outside(best.position, named)
        if outside and runner_up is None:
            runner_up = next((c.position for c in ranked[1:] if not self._outside(c.position, named)), None)
        if best.fit < CONFIDENT_SCORE and runner_up is None:
            # a look-alike (its name fits below CONFIDENT_SCORE), whether a hint chose it or not: the name
            # alone does not say it is this place, and real tables name many villages no gazetteer lists
            # (such answers are wrong about one time in two), so the next other place is its rival
            floor = -1.0 if best.lifted else LOOKALIKE_RIVAL_FLOOR
            runner_up = next(
                (c.position for c in ranked[1:] if c.shown >= floor and self._another_place(best, c)), None
            )
        if home and runner_up is None and self._foreign_guess(query, best.position):
            # ambiguous with the best Syrian candidate, however far behind; with none, not good enough
            runner_up = next(
                (c.position for c in ranked[1:] if table.countries[c.position] in ("SY", "")), None
            )
            if runner_up is None:
                score = min(score, FOREIGN_GUESS_CEILING)
        if home and runner_up is None and self._minor_abroad(best.position):
            # a foreign town spelled as the query, and a Syrian place that fits nearly as well ("Jadida":
            # El Jadida, Morocco, or one of the Syrian Jdidehs): in Syrian data the Syrian one is as likely
            runner_up = next(
                (
                    c.position
                    for c in ranked[1:]
                    if table.countries[c.position] in ("SY", "")
                    and best.score - c.score <= FOREIGN_RIVAL_MARGIN
                ),
                None,
            )
        ambiguous = runner_up is not None or outside or best.lifted
        first = Match(
            place=table.place(best.position),
            score=min(score, AMBIGUOUS_CEILING) if ambiguous else score,
            matched_name=table.texts(best.position)[best.text_index],
            query=query,
            ambiguous=ambiguous,
            runner_up=None if runner_up is None else table.place(runner_up),
        )
        rest = [
            Match(
                place=table.place(c.position),
                score=self._confidence(c, ranked),
                matched_name=table.texts(c.position)[c.text_index],
                query=query,
            )
            for c in ranked[1:limit]
        ]
        return [first, *rest][:limit]


def _shown(fit: float, adjustments: Sequence[float]) -> float:
    """The score a match shows for a name that fits this well, given the context's adjustments: a
    penalty counts whole; a bonus ranks a place above its namesakes elsewhere but vouches only in part
    for how well the name fits (``HINT_EVIDENCE``: an 86 look-alike in the named governorate shows 91),
    and never lifts a look-alike into the sure band (``LIFTED_CEILING``: a 90 shows 94, not 95)."""
    base = fit + sum(a for a in adjustments if a < 0)
    lifted = base + HINT_EVIDENCE * sum(a for a in adjustments if a > 0)
    if base >= CONFIDENT_SCORE or lifted <= LIFTED_CEILING:
        return lifted
    return max(base, LIFTED_CEILING)


def _best_score(answer: list[Match]) -> float:
    return answer[0].score


def _respelling_check(query: str, table: PlaceTable) -> Callable[[int, int], bool] | None:
    """For an Arabic-script query, whether the place at a position has Arabic names and none of them
    spells the query (``_spells``), whichever of its texts matched: the keys fold letters (ح/ه, ص/س,
    ع), the article and endings for the sake of romanised names, so a romanised name — or an Arabic
    one spelled otherwise — can score 100 for a village whose own Arabic name is another word
    (الكريمة for Kuraymah, كريمة). None for other queries; False for a place with no Arabic name
    (nothing to tell)."""
    if not has_arabic(query):
        return None
    parts = alternatives(query) or (query,)  # "A_B": either name may be the one a place bears
    forms = [spelling_form(part) for part in parts]
    # the name as written, up to spacing, and without the words that say its kind (قرية كفرنبودة is
    # spelled as كفر نبودة: the descriptor is priced by the kind, the joined head by the similarity)
    unspaced = {spelled.replace(" ", "") for form in forms for spelled in (form, without_descriptors(form))}

    def respelled(position: int, text_index: int) -> bool:
        texts = table.texts(position)
        names = [spelling_form(text) for text in texts if has_arabic(text)]
        if not names:
            return False
        if any(name.replace(" ", "") in unspaced for name in names):
            return False
        matched = texts[text_index]
        return not (has_arabic(matched) and any(_holds(form, spelling_form(matched)) for form in forms))

    return respelled


def _holds(query: str, name: str) -> bool:
    """Whether the Arabic name that matched holds the query's words and more, or the query the name's
    (both as ``spelling_form`` gives them): a word more or less, which the similarity has priced (قرية
    كنسبا, كنسبا; ناحية سراقب, سراقب) — not the same letters with another article or ending (الكريمة,
    كريمة), which spell another name. Only the name that matched: the similarity priced that one."""
    return f" {query} " in f" {name} " or f" {name} " in f" {query} "


def _has_article(key: str) -> bool:
    """Whether a ``normalize`` key holds an article word."""
    return _without_articles(key) != key


@lru_cache(maxsize=65536)
def _without_articles(key: str) -> str:
    """A ``normalize`` key without its article words: "al jurniyah" is spelled as "jurniyah" (kept:
    breaking a tie asks it of every name of every tied place, and homonyms come back query after
    query)."""
    articles = lexicon().articles
    words = key.split()
    return " ".join(w for w in words if w not in articles) or key


def _said_kind(readings: Sequence[NameKey]) -> str | None:
    return next((r.kind for r in readings if r.kind), None)  # "Raqqa province"


def _said_kind_adjustment(said: str, kind: str) -> float:
    """A name that says what it is ("Raqqa province", "Raqqa city") prefers places of that kind."""
    if kind == said:
        return SAID_KIND_BONUS
    if (said in _AREA_KINDS) != (kind in _AREA_KINDS):
        return -SAID_KIND_PENALTY
    return 0.0


def _no_place_rule(query: str, table: PlaceTable) -> Rule | None:
    """Which places a word that usually names no place may still mean, per the word tables: a demonym
    ("Iraqi"), a common English word ("Army", "Ramadan") or a short upper-case acronym ("SANA") only a
    place with that very name (``strict_form``: Al `Iraqi is not "Iraqi"); an organisation named like
    a place ("al-Mayadeen", "Al Jazeera") a Syrian town or city of that name too, never a village, an
    area or a foreign city. None for other words."""
    stripped = query.strip()
    letters = sum(c.isalpha() for c in stripped)
    words = lexicon()
    key = normalize(query)
    acronym = stripped.isupper() and letters <= ACRONYM_MAX_LETTERS and stripped not in words.acronyms

    def spelled_exactly(query: str, position: int) -> bool:
        form = strict_form(query)
        return any(strict_form(text) == form for text in table.texts(position))

    def town_or_spelled_exactly(query: str, position: int) -> bool:
        town = table.kinds[position] in ("city", "town") and table.countries[position] in ("SY", "")
        return town or spelled_exactly(query, position)

    if acronym or key in words.demonyms or key in words.common_words:
        return spelled_exactly
    if key in words.organisations:
        return town_or_spelled_exactly
    return None


@lru_cache(maxsize=65536)
def strict_form(text: str) -> str:
    """A name as written up to case, accents and spacing: ʿayn/hamza marks and articles stay."""
    text = MARKS.sub("'", unicodedata.normalize("NFKC", text))
    return " ".join(_NOT_LETTER.sub(" ", unidecode(text).lower()).split())


def _beyond_any_name(query: str) -> bool:
    """Whether the query is far longer than any place name (``MAX_QUERY_CHARS``, ``MAX_QUERY_WORDS``):
    a sentence or debris, answered by nothing, and not cut into parts either."""
    return len(query) > MAX_QUERY_CHARS or len(query.split(None, MAX_QUERY_WORDS)) > MAX_QUERY_WORDS
