"""Approximate points for places the gazetteer lacks, from what the text says about them.

A mention with no match ("the southern Ramouseh neighborhood of Aleppo") gets ``Mention.near``: a
``NearMatch`` for the known place the text locates it by, so an analyst still sees it on a map. The
evidence, best first (``gaps.read_gap`` reads the words between two neighbouring mentions):

1. a relation with the next or the previous mention: "X neighbourhood of Y", "X in Y", "X near Y",
   "X mount that overviews Y", "X on the outskirts of Y" (``part_of``, ``near``); read the other way
   round, "Y village on the outskirts of X" places an unknown plain X by the village Y
   (``contains`` for "Y in X", else ``near``);
2. a list it is a member of ("the villages of A, B, C and D", "towns including A, B, C"): the nearest
   resolved member in the text (``listed``), provided the resolved members lie together (within
   ``LIST_SPREAD_KM``); failing that, a relation stated after the whole list ("A, B and C, which lie
   on the outskirts of Y");
3. for a place written as a neighbourhood ("al-Sulaymaniyah neighborhood", "the neighborhoods of A and
   B"), the city or town the text named last before it (``city``; failing one before, the next after);
4. another occurrence of the same name in the document that has better evidence (``same_name``);
5. only when nothing more specific exists, and always ``coarse``: the place a sentence opens on ("In
   Deir ez-Zor, ISIS attacked the village of X") (``setting``); the governorate named in the same
   sentence ("... in Aleppo province, liberating A, B") (``governorate``); or else the governorate
   that holds at least ``DOCUMENT_SHARE`` of the document's resolved places (``document``).

An anchor that is a governorate or district, or a place written as an area ("Hama countryside",
"rural Idlib"), gives a ``coarse`` point; anything else a ``local`` one. A local anchor always beats
a coarse one, whatever the evidence. An unknown place that the text relates to another unknown
place inherits that one's anchor. With no evidence, no ``near``.

A place written as a neighbourhood that resolved to a place more than ``NEIGHBOURHOOD_KM`` from the
city the text sets it in is a homonym (SANA's "al-Sulaymaniyah neighborhood" of Aleppo is no village of
al-Hasakah): the match is taken back, and the mention placed by that city — unless the text sets it
where its match lies after all (a city near the match named in its sentence, or a town or area of the
match's governorate named right before it).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from toponym.extract.gaps import LISTED, NEAR, NO_LINK, PART_OF, Link, read_gap
from toponym.geo import distance_km, spread_km
from toponym.models import KIND_IMPORTANCE, Match, Mention, NearMatch, Place
from toponym.text.keys import detection_key
from toponym.text.lexicon import lexicon
from toponym.text.normalize import normalize

# How the text locates the mention (``NearMatch.relation``).
CONTAINS = "contains"  # the anchor lies in the unknown place ("al-Inkawi village in al-Ghab Plain")
SAME_NAME = "same_name"
IN_CITY = "city"  # a neighbourhood of the city the text named last: "... in Aleppo. ... X neighborhood"
SETTING = "setting"  # the sentence opens on the anchor: "In Deir ez-Zor, ISIS attacked the village of X"
GOVERNORATE = "governorate"
DOCUMENT = "document"
# How close the approximate point is (``NearMatch.precision``).
LOCAL, COARSE = "local", "coarse"

LIST_SPREAD_KM = 60.0
CONTRADICTED_KM = 40.0  # a place the text sets in or near another resolved place is not this far from it
CONTRADICTED_MAJOR_KM = 80.0  # ... or from a large city, a governorate (they are named for their region)
MAJOR_POPULATION = 100_000  # a list whose resolved members lie farther apart locates none of the others
DOCUMENT_SHARE = 0.75  # share of the document's resolved places one governorate must hold ...
DOCUMENT_MIN_MENTIONS = 3  # ... out of at least this many
ITERATIONS = 3  # rounds of inheritance between unknown places related to each other
NEIGHBOURHOOD_KM = 15.0  # a neighbourhood lies this close to the point of its city
# ... but a place the gazetteer itself lists as a neighbourhood is taken back only this far from the
# city the text names last: that may be a suburb of the same city ("terrorists in Douma area fired at
# the neighborhoods of al-Sheikh Saad and al-Mazzeh": al-Mazzeh is Damascus's, 16 km from Douma); so
# is a town, which the wires call a neighbourhood of the city nearby ("Idlib's eastern neighborhood
# of Seraqeb", 17 km away): the homonyms this undoes are villages
QUARTER_KM = 30.0
CITY_CHARS = 2000  # the city a neighbourhood is set in is named at most this far before it (or after)
# Evidence, strongest first; and how sure we are (0-100) that the place lies at its anchor.
_STRENGTH = {
    PART_OF: 0,
    NEAR: 0,
    CONTAINS: 1,
    LISTED: 2,
    "list": 3,
    IN_CITY: 4,
    SAME_NAME: 5,
    SETTING: 6,
    GOVERNORATE: 7,
    DOCUMENT: 8,
}
_SCORE = {
    PART_OF: 80.0,
    NEAR: 70.0,
    CONTAINS: 60.0,
    LISTED: 60.0,
    IN_CITY: 50.0,
    SETTING: 40.0,
    GOVERNORATE: 30.0,
    DOCUMENT: 20.0,
}
_SENTENCE_BREAK = re.compile(r"[.!?\n]")
# the word after a mention, and "the neighborhoods of" before one: is it written as a neighbourhood?
_WORD_AFTER = re.compile(r"[ \t]+([^\W\d_]+)(?:[ \t]+([^\W\d_]+))?")  # "residential neighborhoods"
_CUE_OF_BEFORE = re.compile(r"\b([^\W\d_]+)[ \t]+of[ \t]+(?:the[ \t]+)?$", re.IGNORECASE)
_CUE_CHARS = 40
_CITY_KINDS = frozenset({"city", "town"})
_ADMIN_KINDS = frozenset({"governorate", "district", "subdistrict"})
_QUARTER_KINDS = frozenset({"neighbourhood", "town", "city"})  # taken back only beyond QUARTER_KM
_SETTING_KINDS = _ADMIN_KINDS | _CITY_KINDS  # the places a text moves on to (no village of a homonym)
# "between X and Y", "between the towns of X and Y"
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+[^\W\d_]+\s+(?:of\s+)?)?$", re.IGNORECASE)
_BETWEEN_CHARS = 40
# a place written as an area: "Hama countryside", "the province of Raqqa", "rural Idlib"
_AREA_AFTER = re.compile(r"[ \t]*(?:countryside|province|governorate|region)\b", re.IGNORECASE)
_AREA_BEFORE = re.compile(
    r"\b(?:countryside|province|governorate|rural|region)(?:\s+of)?(?:\s+the)?\s+$", re.IGNORECASE
)
_AREA_CHARS = 40
# a sentence that opens on a place: "In Deir ez-Zor, ...", "Meanwhile, near northern Hama countryside, ..."
_SETTING_BEFORE = re.compile(
    r"[\s\"“'‘(]*(?:[^\W\d_]+,\s*)?(?:in|near|around|inside)\s+(?:the\s+)?(?:[^\W\d_]+\s+)?", re.IGNORECASE
)
_SETTING_AFTER = re.compile(
    r"[ \t]*(?:(?:countryside|province|governorate|city|region|area)[ \t]*)?,", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class _List:
    """Mentions joined as a list: its first and last member, its resolved members by precision
    (mention indices, in order), and whether the local ones lie together."""

    first: int
    last: int
    local: tuple[int, ...]
    coarse: tuple[int, ...]
    local_together: bool

    def anchors(self) -> tuple[int, ...]:
        """The members that may locate the others: the local ones if they lie together (none if they
        do not), the coarse ones only when there is no local one."""
        if self.local:
            return self.local if self.local_together else ()
        return self.coarse


@dataclass(frozen=True, slots=True)
class _Placement:
    rank: tuple[int, int, int]  # (coarse, strength of the evidence, distance in characters): lowest wins
    near: NearMatch


def place_unknown(
    text: str, mentions: Sequence[Mention], governorate_of: Callable[[Place], Place | None]
) -> list[Mention]:
    """``mentions`` with ``near`` set on the unresolved ones the text locates (``governorate_of``:
    the governorate a Syrian place lies in, None if unknown)."""
    mentions = _contradicted_undone(text, mentions)
    mentions = _Placer(text, mentions, governorate_of).homonyms_of_neighbourhoods_undone()
    unknown = [i for i, mention in enumerate(mentions) if mention.match is None]
    if not unknown:
        return list(mentions)
    placer = _Placer(text, mentions, governorate_of)
    placed = {i: placer.best(i) for i in unknown}
    for _ in range(ITERATIONS):
        if not placer.inherit(unknown, placed):
            break
    _share_by_name(mentions, unknown, placed)
    result = list(mentions)
    for i, placement in placed.items():
        if placement is not None:
            result[i] = replace(mentions[i], near=placement.near)
    return result


def _contradicted_undone(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions, with a match taken back where the text contradicts it: "Jubeil mount that
    overviews Qaryateen" matched to a Jubayl 90 km from Qaryateen is not that Jubayl. The text
    relates two resolved neighbours (``part_of``, ``near``) that lie farther apart than
    ``CONTRADICTED_KM`` (``CONTRADICTED_MAJOR_KM`` from a governorate or a large city, which news
    names for their region): the lesser of the two is taken back, never a major place; of a Syrian
    city or town and a place abroad, the one abroad, whatever its size."""
    out = list(mentions)
    for i in range(len(mentions) - 1):
        first, second = mentions[i], mentions[i + 1]
        if first.match is None or second.match is None:
            continue
        relation = read_gap(text[first.end : second.start]).kind
        if relation not in (PART_OF, NEAR):
            continue
        a, b = first.match.place, second.match.place
        if relation == PART_OF and a.kind == "country":  # misread: "fighters from Jordan in Daraa"
            continue
        abroad = _abroad_of_syrian(a, b)
        if abroad is not None:
            # a Syrian place and a place abroad set beside each other, far apart: the text is about
            # Syria, and the one abroad is the misread, however large ("east of Palmyra near the
            # cities of Arak and Sukhna" is Arak of Homs, not Iran's Arak)
            if distance_km(a, b) > CONTRADICTED_MAJOR_KM:
                out[i + abroad] = replace(out[i + abroad], match=None)
            continue
        if _standing(a) < _standing(b):
            lesser, greater, j, k = a, b, i, i + 1
        else:
            lesser, greater, j, k = b, a, i + 1, i
        if _major(lesser) or lesser.precision != LOCAL:
            continue
        inside = _inside(lesser, greater)
        if inside is None:  # no area says: the distance does
            # a town written as an area stands for the country around it: "the town of al-Hara in
            # the countryside of Daraa" lies 50 km from the city of Daraa, in its governorate
            area = _written_as_area(text, mentions[k])
            limit = (
                CONTRADICTED_MAJOR_KM
                if _major(greater) or greater.precision != LOCAL or area
                else CONTRADICTED_KM
            )
            inside = distance_km(lesser, greater) <= limit
        if not inside:
            out[j] = replace(out[j], match=None)
    # the same name resolved the same way elsewhere in the text is the same mistake
    undone = {
        (mentions[j].text, mentions[j].match.place.id)
        for j in range(len(out))
        if out[j].match is None and mentions[j].match is not None
    }  # type: ignore[union-attr]
    for j, mention in enumerate(out):
        if mention.match is not None and (mention.text, mention.match.place.id) in undone:
            out[j] = replace(mention, match=None)
    return out


def _abroad_of_syrian(a: Place, b: Place) -> int | None:
    """Which of two places (0: ``a``, 1: ``b``) lies abroad when the other is a Syrian city or town
    and neither is a country (a country's centre says nothing of its border towns); None otherwise.
    A Syrian village beside a city abroad is more often the misread ("al-Jadida neighborhood in
    western Mosul"): the rule for lesser places decides there."""
    if a.kind == "country" or b.kind == "country" or a.lat is None or b.lat is None:
        return None
    syrian_a, syrian_b = a.country in (None, "SY"), b.country in (None, "SY")
    if syrian_a == syrian_b:
        return None
    syrian = a if syrian_a else b
    if syrian.kind not in _CITY_KINDS:
        return None
    return 1 if syrian_a else 0


def _written_as_area(text: str, mention: Mention) -> bool:
    """Whether the text writes the place as an area: "Hama countryside", "the countryside of Daraa",
    "rural Idlib", "the province of Raqqa"."""
    return bool(
        _AREA_AFTER.match(text, mention.end)
        or _AREA_BEFORE.search(text, max(0, mention.start - _AREA_CHARS), mention.start)
    )


def _inside(lesser: Place, greater: Place) -> bool | None:
    """Whether the sources put a place in an area: in its country (or not), in its governorate or
    district (by name, as the gazetteer spells its areas), in a feature's extent; None when they do
    not say, and the distance decides. Only a country rules a place out: an area's name or box can
    only confirm it ("Orm Eljoz in Idlib province" is no contradiction however far the province's
    centre is; Jobar, named "in Eastern Ghouta", lies at the edge of the region's box)."""
    if greater.kind == "country":
        return lesser.country == greater.country if lesser.country else None
    confirmed = (
        (greater.kind == "governorate" and lesser.admin1 == greater.name)
        or (greater.kind == "district" and lesser.admin2 == greater.name)
        or (greater.extent is not None and greater.extent.contains(lesser.lat, lesser.lon))
    )
    return True if confirmed else None


def _standing(place: Place) -> tuple[int, int]:
    """How much a place is to be trusted over a neighbour: the kind's importance, then population."""
    return (-KIND_IMPORTANCE.get(place.kind, len(KIND_IMPORTANCE)), place.population or 0)


def _major(place: Place) -> bool:
    return place.kind in ("country", "governorate") or (place.population or 0) >= MAJOR_POPULATION


class _Placer:
    def __init__(
        self, text: str, mentions: Sequence[Mention], governorate_of: Callable[[Place], Place | None]
    ) -> None:
        self.text = text
        self.mentions = mentions
        self.governorate_of = governorate_of
        self._links: dict[int, Link] = {}  # i -> the link between mentions i and i + 1
        self._lists: dict[int, _List] = {}  # member -> its list
        self._sentence_breaks: list[int] | None = None
        self._governorates: defaultdict[int, list[int]] | None = None
        self._precisions: dict[int, str] = {}
        self._settings: dict[int, int | None] = {}  # sentence -> the mention it is set in
        self._document: Place | None = None
        self._document_known = False

    # -- evidence ------------------------------------------------------------------------------
    def best(self, i: int) -> _Placement | None:
        found: list[_Placement] = []
        forward = self.link(i)
        members = self._list_of(i)
        # after the last member of a list, a relation is the whole list's ("A, B and C, which lie on
        # the outskirts of Y"): it counts as such (below the nearest resolved member), in _listed
        if forward.kind in (PART_OF, NEAR) and members.first == members.last:
            found.extend(self._at(i, i + 1, forward.kind, forward.kind))
        backward = self.link(i - 1)
        if backward.kind in (PART_OF, NEAR):
            found.extend(self._at(i, i - 1, CONTAINS if backward.kind == PART_OF else NEAR, CONTAINS))
        found.extend(self._listed(i))
        found.extend(self._in_city(i))
        if not any(placement.rank[0] == 0 for placement in found):
            found.extend(self._setting(i))
            found.extend(self._governorate(i))
        return min(found, key=lambda placement: placement.rank, default=None)

    def link(self, i: int) -> Link:
        if i < 0 or i + 1 >= len(self.mentions):
            return NO_LINK
        link = self._links.get(i)
        if link is None:
            link = self._links[i] = read_gap(self.text[self.mentions[i].end : self.mentions[i + 1].start])
        return link

    def _at(self, i: int, j: int, relation: str, strength: str) -> list[_Placement]:
        """Placement of mention i at the place of mention j, if j is a usable anchor."""
        anchor = self.mentions[j]
        if not _usable(anchor.match):
            return []
        return [self._placement(i, j, relation, _STRENGTH[strength])]

    def _placement(self, i: int, j: int, relation: str, strength: int, *, coarse: bool = False) -> _Placement:
        """Mention i placed at the place of mention j (``coarse``: whatever j's precision)."""
        mention, anchor = self.mentions[i], self.mentions[j]
        assert anchor.match is not None
        precision = COARSE if coarse else self.precision(j)
        distance = anchor.start - mention.end if anchor.start >= mention.end else mention.start - anchor.end
        near = NearMatch(
            place=anchor.match.place,
            score=_SCORE[relation],
            matched_name=anchor.text,
            query=mention.text,
            ambiguous=anchor.match.ambiguous,
            relation=relation,
            precision=precision,
            anchor_start=anchor.start,
            anchor_end=anchor.end,
        )
        return _Placement((precision == COARSE, strength, max(distance, 0)), near)

    def precision(self, j: int) -> str:
        """How close a point at mention j's place is: coarse for a governorate or district, and for a
        place written as an area ("Hama countryside", "rural Idlib", "the province of Raqqa")."""
        found = self._precisions.get(j)
        if found is None:
            anchor = self.mentions[j]
            area = _written_as_area(self.text, anchor)
            found = self._precisions[j] = COARSE if area else _precision(self._place(j))
        return found

    def _listed(self, i: int) -> list[_Placement]:
        """The nearest resolved member of the list mention i is in; or a relation stated after the list."""
        members = self._list_of(i)
        if members.first == members.last:
            return []
        found: list[_Placement] = []
        anchors = members.anchors()
        position = bisect.bisect_left(anchors, i)
        nearest = anchors[max(position - 1, 0) : position + 1]  # the nearest before i and after it
        if nearest:
            found.append(
                min(
                    (self._placement(i, j, LISTED, _STRENGTH[LISTED]) for j in nearest),
                    key=_rank,
                )
            )
        after = self.link(members.last)
        if after.kind in (PART_OF, NEAR):
            found.extend(self._at(i, members.last + 1, after.kind, "list"))
        return found

    def _list_of(self, i: int) -> _List:
        """The list mention i is in (itself alone when it is in none); each list is walked once,
        however many of its members ask."""
        found = self._lists.get(i)
        if found is None:
            first = last = i
            while self.link(first - 1).kind == LISTED:
                first -= 1
            while self.link(last).kind == LISTED:
                last += 1
            if self._between(first):  # each member on its own
                for member in range(first, last + 1):
                    self._lists[member] = _List(member, member, (), (), local_together=False)
                return self._lists[i]
            usable = [j for j in range(first, last + 1) if _usable(self.mentions[j].match)]
            local = tuple(j for j in usable if self.precision(j) == LOCAL)
            coarse = tuple(j for j in usable if self.precision(j) == COARSE)
            together = spread_km([self._place(j) for j in local]) <= LIST_SPREAD_KM
            found = _List(first, last, local, coarse, together)
            for member in range(first, last + 1):
                self._lists[member] = found
        return found

    def _between(self, first: int) -> bool:
        """Whether the list is "between X and Y": the two ends of a road or a front, not neighbours."""
        start = self.mentions[first].start
        return bool(_BETWEEN.search(self.text, max(0, start - _BETWEEN_CHARS), start))

    # -- neighbourhoods -------------------------------------------------------------------------
    def homonyms_of_neighbourhoods_undone(self) -> list[Mention]:
        """The mentions, with the match taken back of each place written as a neighbourhood that
        resolved to a place farther than NEIGHBOURHOOD_KM from its city (a village of the name, or a
        neighbourhood of another city: al-Qusour of Deir ez-Zor is not al-Qusour of Damascus)."""
        out = list(self.mentions)
        for i, mention in enumerate(self.mentions):
            match = mention.match
            if match is None or _major(match.place):
                continue
            if match.place.country not in (None, "SY"):
                continue
            if self._neighbourhood(i):
                city = self._city_of(i)
            elif self._quarter(i):
                city = self._city_set_in(i)
            else:
                continue
            limit = QUARTER_KM if match.place.kind in _QUARTER_KINDS else NEIGHBOURHOOD_KM
            if city is None or distance_km(match.place, self._place(city)) <= limit:
                continue
            if not self._set_elsewhere(i, city, limit):
                out[i] = replace(mention, match=None)
        return out

    def _set_elsewhere(self, i: int, city: int, limit: float) -> bool:
        """Whether the text sets mention i where its match lies after all, not in ``city``: a Syrian
        city or town within ``limit`` of it is named in its sentence ("the neighborhood of Jobar
        eastern Damascus" after a sentence on Deir ez-Zor), or the mention right before it (or its
        list) is a town or an area of its governorate, after that city (the text has moved on: "...
        in Quneitra countryside. ... Nabea al-Sakhr neighborhood", the city named last being Deir
        ez-Zor; a village named before is no such evidence, it may be a homonym itself)."""
        place = self._place(i)
        sentence = self._sentence(i)
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(self.mentions) and self._sentence(j) == sentence:
                if (
                    j != city
                    and self._local_city(j)
                    and self._place(j).country in (None, "SY")
                    and distance_km(place, self._place(j)) <= limit
                ):
                    return True
                j += step
        governorate = self.governorate_of(place)
        if governorate is None or governorate == self.governorate_of(self._place(city)):
            return False
        first = self._list_of(i).first  # the mention named last before it (before its list)
        previous = first - 1
        return (
            city < previous
            and _usable(self.mentions[previous].match)
            and self._place(previous).kind in _SETTING_KINDS
            and self.governorate_of(self._place(previous)) == governorate
        )

    def _in_city(self, i: int) -> list[_Placement]:
        """A place written as a neighbourhood, placed by the city the text sets it in."""
        if not self._neighbourhood(i):
            return []
        city = self._city_of(i)
        return [] if city is None else [self._placement(i, city, IN_CITY, _STRENGTH[IN_CITY])]

    def _neighbourhood(self, i: int) -> bool:
        """Whether mention i is written as a neighbourhood: followed by the word, or in a list that is
        ("al-Qusour and al-Joura neighborhoods"), or after "the neighborhoods of"."""
        members = self._list_of(i)
        after = _WORD_AFTER.match(self.text, self.mentions[members.last].end)
        first = self.mentions[members.first].start
        before = _CUE_OF_BEFORE.search(self.text, max(0, first - _CUE_CHARS), first)
        if (
            after is not None
            and after.group(2)
            and _cue_kind(f"{after.group(1)} {after.group(2)}") == "neighbourhood"
        ):
            return True  # "al-Qosour and al-Jora residential neighborhoods"
        return any(
            found is not None and _cue_kind(found.group(1)) == "neighbourhood" for found in (after, before)
        )

    def _quarter(self, i: int) -> bool:
        """Whether mention i, matched to a village or a neighbourhood, is written as a "district" (as
        the wires write a city's quarters: "the Zahraa district", "the government-held district of
        Midane"); the gazetteer's own districts are not."""
        match = self.mentions[i].match
        if match is None or match.place.kind in _ADMIN_KINDS:
            return False
        mention = self.mentions[i]
        after = _WORD_AFTER.match(self.text, mention.end)
        before = _CUE_OF_BEFORE.search(self.text, max(0, mention.start - _CUE_CHARS), mention.start)
        return any(found is not None and _cue_kind(found.group(1)) == "district" for found in (after, before))

    def _city_set_in(self, i: int) -> int | None:
        """The Syrian city or town the text sets mention i in: the one it says it is in ("the Baba Amr
        district in the central city of Homs"), else the one named last before it (or first after)
        in the same sentence ("district" is a looser cue than "neighbourhood": the wires call a
        village's quarter one too, "the Jeeneh district" west of Aleppo)."""
        stated = self._stated_city(i)
        if stated is not None:
            return stated
        sentence = self._sentence(i)
        before = range(i - 1, -1, -1)
        after = range(i + 1, len(self.mentions))
        for candidates in (before, after):
            for j in candidates:
                if self._sentence(j) != sentence:
                    break
                if self._local_city(j) and self._place(j).country in (None, "SY"):
                    return j
        return None

    def _stated_city(self, i: int) -> int | None:
        """The city or town the text says mention i is part of, named right after it ("the Baba Amr
        district in the central city of Homs", "Al-Sakhour neighborhood of Aleppo")."""
        if self.link(i).kind == PART_OF and i + 1 < len(self.mentions) and self._local_city(i + 1):
            return i + 1
        return None

    def _local_city(self, j: int) -> bool:
        return (
            _usable(self.mentions[j].match)
            and self._place(j).kind in _CITY_KINDS
            and self.precision(j) == LOCAL
        )

    def _city_of(self, i: int) -> int | None:
        """The city or town the text says mention i is in ("Al-Sakhour neighborhood of Aleppo"), else
        the one (a local mention) named last before it, or else first after it."""
        stated = self._stated_city(i)
        if stated is not None:
            return stated
        start = self.mentions[i].start
        before = (j for j in range(i - 1, -1, -1) if start - self.mentions[j].end <= CITY_CHARS)
        after = (j for j in range(i + 1, len(self.mentions)) if self.mentions[j].start - start <= CITY_CHARS)
        for candidates in (before, after):
            for j in candidates:
                if self._local_city(j):
                    return j
        return None

    def _setting(self, i: int) -> list[_Placement]:
        """The place a sentence opens on, "In Deir ez-Zor, ISIS attacked the village of X": an area."""
        sentence = self._sentence(i)
        if sentence not in self._settings:
            self._settings[sentence] = self._find_setting(i, sentence)
        j = self._settings[sentence]
        if j is None or j >= i:
            return []
        return [self._placement(i, j, SETTING, _STRENGTH[SETTING], coarse=True)]

    def _find_setting(self, i: int, sentence: int) -> int | None:
        first = i
        while first > 0 and self._sentence(first - 1) == sentence:
            first -= 1
        anchor = self.mentions[first]
        breaks = self._sentence_breaks or []
        opening = breaks[sentence - 1] + 1 if sentence > 0 else 0
        if (
            _usable(anchor.match)
            and _SETTING_BEFORE.fullmatch(self.text, opening, anchor.start)
            and _SETTING_AFTER.match(self.text, anchor.end)
        ):
            return first
        return None

    def _governorate(self, i: int) -> list[_Placement]:
        """The nearest governorate named in the sentence; else the document's dominant governorate."""
        named = self._governorates_by_sentence().get(self._sentence(i), [])
        if named:
            position = bisect.bisect_left(named, i)
            nearest = named[max(position - 1, 0) : position + 1]
            return [
                min(
                    (self._placement(i, j, GOVERNORATE, _STRENGTH[GOVERNORATE]) for j in nearest),
                    key=_rank,
                )
            ]
        dominant = self._dominant_governorate()
        if dominant is None:
            return []
        near = NearMatch(
            place=dominant,
            score=_SCORE[DOCUMENT],
            matched_name=dominant.name,
            query=self.mentions[i].text,
            relation=DOCUMENT,
            precision=COARSE,
        )
        return [_Placement((1, _STRENGTH[DOCUMENT], 0), near)]

    def _sentence(self, i: int) -> int:
        if self._sentence_breaks is None:
            self._sentence_breaks = [found.start() for found in _SENTENCE_BREAK.finditer(self.text)]
        return bisect.bisect_left(self._sentence_breaks, self.mentions[i].start)

    def _governorates_by_sentence(self) -> dict[int, list[int]]:
        """Sentence -> the mentions (indices, in order) resolved to a governorate in it."""
        if self._governorates is None:
            self._governorates = defaultdict(list)
            for j, mention in enumerate(self.mentions):
                if _usable(mention.match) and self._place(j).kind == "governorate":
                    self._governorates[self._sentence(j)].append(j)
        return self._governorates

    def _dominant_governorate(self) -> Place | None:
        if not self._document_known:
            self._document_known = True
            counts: Counter[str] = Counter()
            places: dict[str, Place] = {}
            for mention in self.mentions:
                match = mention.match
                if not _usable(match) or match is None or match.place.country not in (None, "SY"):
                    continue
                governorate = self.governorate_of(match.place)
                if governorate is not None and governorate.lat is not None and governorate.lon is not None:
                    counts[governorate.id] += 1
                    places[governorate.id] = governorate
            total = sum(counts.values())
            if total >= DOCUMENT_MIN_MENTIONS:
                top, count = counts.most_common(1)[0]
                if count >= DOCUMENT_SHARE * total:
                    self._document = places[top]
        return self._document

    def _place(self, j: int) -> Place:
        match = self.mentions[j].match
        assert match is not None
        return match.place

    # -- unknown places related to unknown places ---------------------------------------------
    def inherit(self, unknown: list[int], placed: dict[int, _Placement | None]) -> bool:
        """One round: an unknown place related to an unknown place with a better anchor takes it."""
        changed = False
        for i in unknown:
            for j, relation, strength in self._related_unknowns(i):
                source = placed.get(j)
                if source is None:
                    continue
                own = placed[i]
                rank = (source.rank[0], max(source.rank[1], _STRENGTH[strength]), source.rank[2])
                if own is not None and own.rank <= rank:
                    continue
                score = min(source.near.score, _SCORE[relation]) - 10.0
                placed[i] = _Placement(
                    rank, replace(source.near, relation=relation, score=score, query=self.mentions[i].text)
                )
                changed = True
        return changed

    def _related_unknowns(self, i: int) -> list[tuple[int, str, str]]:
        related = []
        forward, backward = self.link(i), self.link(i - 1)
        if forward.kind in (PART_OF, NEAR) and self.mentions[i + 1].match is None:
            related.append((i + 1, forward.kind, forward.kind))
        if backward.kind in (PART_OF, NEAR) and self.mentions[i - 1].match is None:
            related.append((i - 1, CONTAINS if backward.kind == PART_OF else NEAR, CONTAINS))
        return related


def _share_by_name(
    mentions: Sequence[Mention], unknown: list[int], placed: dict[int, _Placement | None]
) -> None:
    """Every occurrence of an unknown name gets the best-evidenced anchor of its occurrences."""
    groups: defaultdict[str, list[int]] = defaultdict(list)
    for i in unknown:
        groups[detection_key(mentions[i].text).loose].append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        sources = [placed[i] for i in members if placed[i] is not None]
        if not sources:
            continue
        best = min(sources, key=_rank)
        for i in members:
            own = placed[i]
            if own is None or own.rank[:2] > (best.rank[0], _STRENGTH[SAME_NAME]):
                placed[i] = _Placement(
                    (best.rank[0], _STRENGTH[SAME_NAME], best.rank[2]),
                    replace(best.near, relation=SAME_NAME, query=mentions[i].text),
                )


def _rank(placement: _Placement) -> tuple[int, int, int]:
    return placement.rank


def _usable(match: Match | None) -> bool:
    """A resolved place with a point, smaller than a country (a country's centroid locates nothing)."""
    return (
        match is not None
        and match.place.kind != "country"
        and match.place.lat is not None
        and match.place.lon is not None
    )


def _precision(place: Place) -> str:
    return place.precision


@lru_cache(maxsize=4096)  # asked of the words around every mention: the same few words recur
def _cue_kind(word: str) -> str | None:
    cue = lexicon().cues.get(normalize(word))
    return None if cue is None else cue.kind
