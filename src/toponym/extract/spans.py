"""Detection: the stretches of a text that name places, before anything is resolved.

A *run* is a maximal sequence of name-like words: capitalised Latin words, or Arabic-script words,
joined by spaces or hyphens, with Arabic articles and particles (al-, ash-, bin...) inside. Within a
run the detector looks for the longest word sequences the gazetteer may know (``NameIndex``), and
cue words make a run a place even when the gazetteer does not know it:

- before a list: "the villages of A, B and C", "13 towns, including A, B", "the town of A";
- after a name: "Raqqa province", "Qaryateen village", "al-Ghab Plain", "Jubeil mount";
- a leading Arabic toponymic head: "Tal al-Awizrat", "Jabal al-Modawar".

Words that are not places are set aside by shape and by the lexicon: demonyms (Syrian), organisations
(Hayat Tahrir al-Sham, SANA, Press TV), the capitalised words after a title (President Bashar Assad),
acronyms (ISIS, NDF), and common English words at the start of sentences and in Title Case headlines,
which may then only name a country, governorate or city (``MAJOR_ONLY``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from toponym.extract.tokens import GAP_BREAK, GAP_COMMA, GAP_HYPHEN, GAP_SPACE, Token, tokenize
from toponym.index.detection import EXACT, LOOSE, MAX_NAME_WORDS, SKELETON, DetectionTables
from toponym.text.keys import DetectionKey, detection_key, detection_words, qualifier_of
from toponym.text.lexicon import ACRONYM_MAX_LETTERS, Cue, Lexicon, lexicon
from toponym.text.normalize import normalize

# How much a candidate is trusted before it is resolved.
CUED = "cued"  # a cue says it is a place: a mention even when the gazetteer does not know it
NAME = "name"  # a mention if the gazetteer resolves it
MAJOR_ONLY = "major"  # a mention only if it resolves to a country, governorate or city

_LIST_OPENERS = frozenset({"including", "namely", "like", "notably"})
_LIST_JOINERS = frozenset({"and", "or"})
_ARABIC_PROCLITICS = ("و", "ب", "ل", "ف", "ك")
_ARABIC_CONJUNCTIONS = ("و", "ف")  # may precede one of the prepositions: وب، فل...
_MAX_LIST_ITEMS = 40
# Articles that are English words too join a name only by a hyphen ("at-Tabqa", not "a source at Deir
# Ezzor Governorate"; "an-Nabk", not "an Aleppo hospital")
_CONNECTOR_GAPS = {"at": (GAP_HYPHEN,), "an": (GAP_HYPHEN,), "as": (GAP_HYPHEN,), "a": (GAP_HYPHEN,)}
_MEDIA = frozenset(
    {"agency", "news", "tv", "television", "channel", "radio", "network", "newspaper", "media"}
)
_MEDIUM_WORDS_AFTER = 4
# the words around a lone given name that make it the person quoted ("named Ahmad", "Rami an Aleppo
# resident"), besides the reporting words (said, says, told)
_PERSON_BEFORE = frozenset({"named", "called"})
_PERSON_AFTER = frozenset({"a", "an"})
_ACRONYM_S = re.compile(r"[A-Z]{2,}s")  # an acronym's plural, or its possessive without the apostrophe
# a word with two capitals in a row after a small letter is an acronym ("the Syrian Air Force (SyAAF)"),
# or debris of a link or a merged word ("attackFNA"): never a place
_MIXED_ACRONYM = re.compile(r"[a-z][A-Z]{2}")
_MIN_WORD_LETTERS = 3
# a speaker's name ("Jamous pointed out", ``words/speech_verbs.txt``) is this short, and a locative
# this many words before it sets it as a place
_SPEAKER_MAX_WORDS = 3
_SPEAKER_LOOK_BACK = 4
# Spellings no romanisation of Arabic produces (p, v, x, c before e/i/y, English suffixes): such a word
# is a place only if the gazetteer has that very spelling, never by a looser key.
_ENGLISH_SHAPE = re.compile(
    r"[pvx]|c(?![hk])|qu|(?:tion|sion|ment|ness|ing|ship|ity|ism|ist|ance|ence|ous|ful|less|able|ible|ward|ly)$"
)

# ... and an English word of a Title Case heading ("Population Ballooned", "after Seizing"), which
# begins no Arabic name
_ENGLISH_WORD = re.compile(rf"{_ENGLISH_SHAPE.pattern}|(?:ed|ing)$")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stretch of text that may name a place: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    queries: tuple[str, ...]  # the names to look up, best first ("al-Qalaa Mountain", "al-Qalaa")
    kind: str | None  # the kind a cue implies ("governorate" for "Raqqa province")
    trust: str  # CUED, NAME or MAJOR_ONLY
    # led by an Arabic toponymic head the gazetteer's name lacks ("Jabal al-Zawiya" found as
    # "al-Zawiya"): a Syrian name, never a namesake abroad (Az Zawiyah in Libya)
    local: bool = False


def _is_proclitic(prefix: str) -> bool:
    if len(prefix) == 1:
        return prefix in _ARABIC_PROCLITICS
    return prefix[0] in _ARABIC_CONJUNCTIONS and prefix[1] in _ARABIC_PROCLITICS[1:] and prefix[1] != "ف"


class _RunFacts(NamedTuple):  # (a named tuple: one per run with a candidate, made quickly)
    span: tuple[int, int]
    names_before: list[int]  # [i]: words that could be names among the run's first i words
    org_tail_from: list[bool]  # [i]: an organisation's last word (Front, Agency...) at or after word i


@lru_cache(maxsize=1)
def _organisation_keys(words: frozenset[str], articles: frozenset[str]) -> frozenset[str]:
    """Organisations as their words are compared with a run's: spelled as written (up to ``normalize``),
    articles left out — not by a looser key, which would make "Ain" the UN."""
    return frozenset(" ".join(w for w in key.split() if w not in articles) for key in words)


@lru_cache(maxsize=1)
def _long_organisations(keys: frozenset[str]) -> dict[str, frozenset[tuple[str, ...]]]:
    """The organisations of three words or more, by their first word: the names that may hold a
    lower-case word (of, in, and: words that end a run)."""
    by_first: dict[str, set[tuple[str, ...]]] = {}
    for key in keys:
        words = tuple(key.split(" "))
        if len(words) >= 3:
            by_first.setdefault(words[0], set()).add(words)
    return {first: frozenset(names) for first, names in by_first.items()}


@lru_cache(maxsize=1)
def _words_of(keys: frozenset[str]) -> frozenset[str]:
    return frozenset(word for key in keys for word in key.split(" "))


def find_candidates(text: str, index: DetectionTables) -> list[Candidate]:
    """Every candidate mention in ``text``, in order, none overlapping another."""
    found = _Detector(text, tokenize(text), index, lexicon()).candidates()
    byline = _byline_start(text)
    return found if byline is None else [c for c in found if c.start < byline]


# A byline closing an agency report: reporters' names joined by slashes after the last sentence
# ("... in the city. M. al-Frieh/H. Said", "Rasha Raslan/ Haifa Said"), not places. A sentence ends
# at a stop after a small letter, a digit or a closing mark, not after an initial ("M.").
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]\"”])[.!?]\s+")
_BYLINE_MAX_CHARS = 80
_BYLINE_WORD = re.compile(r"[^\W\d_]+")
_BYLINE_ARTICLES = frozenset({"al", "el"})


def _byline_start(text: str) -> int | None:
    """Where the text's closing byline starts (None: it has none)."""
    ends = list(_SENTENCE_END.finditer(text, max(0, len(text) - _BYLINE_MAX_CHARS)))
    if not ends:
        return None
    tail = text[ends[-1].end() :]
    # names only: capitalised words and the articles of their surnames ("Fighting in Homs/Hama" is a
    # sentence, not a byline)
    names_only = all(word[0].isupper() or word in _BYLINE_ARTICLES for word in _BYLINE_WORD.findall(tail))
    return ends[-1].end() if "/" in tail and names_only else None


def _as_possessive(token: Token) -> Token:
    """The token without its final s, marked possessive (it ends any name it is part of)."""
    return token._replace(text=token.text[:-1], end=token.end - 1, key=token.key[:-1], possessive=True)


class _Detector:
    def __init__(self, text: str, tokens: list[Token], index: DetectionTables, lex: Lexicon) -> None:
        self.text = text
        self.tokens = tokens
        self.index = index
        self.lex = lex
        self.organisations = _organisation_keys(lex.organisations, lex.articles)
        self.organisation_words = _words_of(self.organisations)
        acronyms, connectors, cues = lex.acronyms, lex.connectors, lex.cues
        self.cue_words: list[int] = []  # lower-case cue words
        self.lowercase_words: set[str] = set()
        self.name_like: list[bool] = []
        connector_words: list[int] = []
        name_like, lowercase_words = self.name_like, self.lowercase_words
        for position, token in enumerate(tokens):
            if token.capitalised:
                word = token.text
                # (a lost apostrophe and an acronym's plural both end the word in s: the test first)
                if word[-1] == "s":
                    if self._lost_apostrophe(token):
                        token = tokens[position] = _as_possessive(token)
                        word = token.text  # no longer ending in s: no acronym's plural
                    # ISIS, SANA, NDF, TOW: acronyms, not places; nor "ISs", "SDFs" (a plural, or a
                    # possessive whose apostrophe copying lost)
                    elif _ACRONYM_S.fullmatch(word):
                        word = word[:-1]
                        if word in acronyms:  # "USs strikes", "the UAEs envoy"
                            token = tokens[position] = _as_possessive(token)
                name_like.append(
                    not (
                        (token.upper or word != token.text)
                        and len(word) <= ACRONYM_MAX_LETTERS
                        and word not in acronyms
                    )
                    and _MIXED_ACRONYM.search(word) is None
                )
            elif token.arabic:
                name_like.append(True)
            else:
                key = token.key
                lowercase_words.add(key)
                name_like.append(False)
                if key in connectors:
                    connector_words.append(position)
                if key in cues:
                    self.cue_words.append(position)
        # per token: whether it may take part in a run, as a name-like word or as a connector
        self.joinable = self.name_like.copy()
        for position in connector_words:
            self.joinable[position] = self._is_connector(position)
        self.run_words = [position for position, joinable in enumerate(self.joinable) if joinable]
        # per word of a run (the only words they are asked for), computed once: its part of the loose
        # key and of the skeleton, its normalised key ("" for an article), and whether it is a word of
        # an organisation's name
        count, articles, pieces = len(tokens), lex.articles, self.organisation_words
        self.loose, self.skeleton, self.plain = [""] * count, [""] * count, [""] * count
        self.organisation_word = [False] * count
        for position in self.run_words:
            token = tokens[position]
            if token.key not in articles:
                self.loose[position], self.skeleton[position] = detection_words(token.text)
                self.plain[position] = token.key
                self.organisation_word[position] = pieces.issuperset(token.key.split(" "))
        self._run_facts: _RunFacts | None = None
        self._proclitic_length: dict[int, int] = {}

    # -- token shapes ------------------------------------------------------------------------
    def _lost_apostrophe(self, token: Token) -> bool:
        """A possessive whose apostrophe was lost in copying ("Syrias government", "Aleppos Old City",
        as scraped wire text has them): a capitalised word ending in s that names nothing, whose stem
        is a name spelled exactly so — and no demonym or common word ("Kurds", "Arabs" stay plural)."""
        word = token.text
        if len(word) < 5 or word[-1] != "s" or word[-2] == "s" or token.possessive or not token.capitalised:
            return False
        stem = token.key[:-1]
        lex = self.lex
        if stem in lex.demonyms or stem in lex.common_words or token.key in lex.common_words:
            return False
        if token.key in lex.given_names:  # "al-Faris said": a name ending in s, no possessive
            return False
        index = self.index
        # (the stem first: it is rarely a name, and its exact key is its ``normalize``)
        return normalize(word[:-1]) in index.exact and index.known(detection_key(word)) not in (EXACT, LOOSE)

    def _is_connector(self, position: int) -> bool:
        """A lower-case article or particle that joins the words of a name (al-Sawda, Deir ez-Zor)."""
        token = self.tokens[position]
        return (
            token.key in self.lex.connectors
            and token.lower
            and position + 1 < len(self.tokens)
            and self.tokens[position + 1].gap in _CONNECTOR_GAPS.get(token.key, (GAP_SPACE, GAP_HYPHEN))
            and self.name_like[position + 1]
            and not self.tokens[position + 1].arabic
        )

    def _joins(self, position: int) -> bool:
        """Whether the word at ``position`` continues the run of the word before it."""
        token, previous = self.tokens[position], self.tokens[position - 1]
        if token.gap not in (GAP_SPACE, GAP_HYPHEN) or previous.possessive:
            return False
        if token.arabic != previous.arabic:
            return False
        return self.joinable[position]

    # -- runs --------------------------------------------------------------------------------
    def runs(self) -> list[tuple[int, int]]:
        runs: list[tuple[int, int]] = []
        count, connectors, tokens = len(self.tokens), self.lex.connectors, self.tokens
        after = 0  # the first position a new run may start at
        for position in self.run_words:
            if position < after:
                continue
            end = position + 1
            while end < count and self._joins(end):
                end += 1
            # a run never ends on an article
            while end > position + 1 and tokens[end - 1].key in connectors:
                end -= 1
            if any(self.name_like[position:end]):
                runs.append((position, end))
            after = end
        return runs

    def listed_runs(self, run_starts: set[int]) -> dict[int, str | None]:
        """Runs named by a preceding cue list ("the villages of A, B and C"): run start -> kind."""
        listed: dict[int, str | None] = {}
        tokens, cues = self.tokens, self.lex.cues
        for position in self.cue_words:
            token = tokens[position]
            if token.headline:
                continue
            cue = cues[token.key]
            if position > 0 and self._names_something(position - 1) and token.gap == GAP_SPACE:
                continue  # "Ramouseh neighborhood of Aleppo": Aleppo contains it, it is not one
            start = self._list_start(position)
            if start is not None and start in run_starts:
                for item in self._list_items(start, run_starts):
                    listed[item] = cue.kind
        return listed

    def _listed_before_plural_cue(self, runs: list[tuple[int, int]]) -> dict[int, str | None]:
        """Runs listed before a plural cue ("Harbiyat and Anbaj villages", "Ghweiran and al-Nashwa
        neighborhoods"): run start -> kind. The last run is cued by the word itself."""
        tokens, listed = self.tokens, {}
        by_end = {end: start for start, end in runs}
        for end, start in by_end.items():
            if end >= len(tokens) or tokens[end].gap != GAP_SPACE or not tokens[end].lower:
                continue
            cue_end = end  # the cue's last word: "neighborhoods", or "residential neighborhoods"
            cue = self.lex.cues.get(tokens[end].key)
            if (
                cue is None
                and tokens[end].key in self.lex.cue_adjectives
                and end + 1 < len(tokens)
                and tokens[end + 1].gap == GAP_SPACE
            ):
                cue_end = end + 1
                cue = self.lex.cues.get(f"{tokens[end].key} {tokens[cue_end].key}")
            if cue is None or not tokens[cue_end].key.endswith("s") or tokens[end].headline:
                continue
            for _ in range(_MAX_LIST_ITEMS):
                if tokens[start].gap == GAP_COMMA:
                    joiner = start
                elif (
                    start > 0
                    and tokens[start - 1].key in _LIST_JOINERS
                    and tokens[start - 1].gap != GAP_BREAK
                ):
                    joiner = start - 1
                else:
                    break
                if joiner not in by_end:
                    break
                start = by_end[joiner]
                listed[start] = cue.kind
        return listed

    def _names_something(self, position: int) -> bool:
        token = self.tokens[position]
        return (
            self.name_like[position]
            and token.key not in self.lex.demonyms
            and token.key not in self.lex.directions
            and token.key not in self.lex.common_words
        )

    def _list_start(self, cue_position: int) -> int | None:
        tokens, position = self.tokens, cue_position + 1
        if position >= len(tokens) or tokens[position].gap == GAP_BREAK:
            return None
        if tokens[position].key == "of" and tokens[position].gap == GAP_SPACE:
            position += 1
            if position < len(tokens) and tokens[position].key == "the":
                position += 1
        elif tokens[position].key in _LIST_OPENERS:
            position += 1
        elif (
            tokens[position].key == "such" and position + 1 < len(tokens) and tokens[position + 1].key == "as"
        ):
            position += 2
        else:
            return None
        if position >= len(tokens) or tokens[position].gap not in (GAP_SPACE, GAP_COMMA):
            return None
        return position

    def _list_items(self, start: int, run_starts: set[int]) -> list[int]:
        items = [start]
        tokens, position = self.tokens, start
        while len(items) < _MAX_LIST_ITEMS:
            end = position + 1
            while end < len(tokens) and self._joins(end):
                end += 1
            if end >= len(tokens):
                break
            following = tokens[end]
            if following.key in _LIST_JOINERS and following.gap in (GAP_SPACE, GAP_COMMA):
                end += 1
            elif following.gap != GAP_COMMA:
                break
            if end >= len(tokens) or end not in run_starts or tokens[end].gap == GAP_BREAK:
                break
            items.append(end)
            position = end
        return items

    # -- candidates --------------------------------------------------------------------------
    def candidates(self) -> list[Candidate]:
        runs = self.runs()
        listed = self.listed_runs({start for start, _ in runs})
        listed.update(self._listed_before_plural_cue(runs))
        found: list[Candidate] = []
        named_otherwise = self._named_otherwise(runs)
        for start, end in runs:
            candidates = self._run_candidates(start, end, listed)
            if not candidates:
                continue  # (most runs: nothing to set aside)
            if named_otherwise and self._run_key(start, end) in named_otherwise and not self._set_by(start):
                # the surname of a person or the name of a body the text names elsewhere ("John
                # Kerry ... Kerry also met", "the Hazm movement ... Hazm is present in"): a major
                # place only, unless a cue or a locative says it is a place here ("in Binnish")
                candidates = [c if c.trust == CUED else replace(c, trust=MAJOR_ONLY) for c in candidates]
            if (
                self._modifier_after(end)
                or self._medium_after(end)
                or self._body_after(end)
                or self._organisation_across(start, end)
            ):
                last = self.tokens[end - 1].end
                candidates = [c for c in candidates if c.end < last]
            if candidates and self._speaker(start, end):
                # "Jamous pointed out", "Abu Omar said": a person, unless a major place ("Damascus said")
                candidates = [c if c.trust == CUED else replace(c, trust=MAJOR_ONLY) for c in candidates]
            found.extend(candidates)
        spelled = self._organisations_across_runs()
        if spelled:
            found = [c for c in found if not any(s <= c.start and c.end <= e for s, e in spelled)]
        return found

    def _set_by(self, start: int) -> bool:
        """Whether a lower-case locative stands right before the run ("in Binnish", "from Hazm")."""
        if start == 0 or self.tokens[start].gap != GAP_SPACE:
            return False
        before = self.tokens[start - 1]
        return before.lower and before.key in self.lex.locatives

    def _run_key(self, start: int, end: int) -> tuple[str, ...]:
        return tuple(self.plain[p] for p in range(start, end) if self.plain[p])

    def _named_otherwise(self, runs: list[tuple[int, int]]) -> set[tuple[str, ...]]:
        """The names the text gives a person or a body somewhere: the word after a given name that
        ends a run ("Secretary of State John Kerry": Kerry; "Boris Johnson": Johnson), unless the
        two are a place's name (Abu Kamal), and a run a body word follows ("the Hazm movement")."""
        given = self.lex.given_names
        named: set[tuple[str, ...]] = set()
        for start, end in runs:
            if self._body_after(end):
                named.add(self._run_key(start, end))
            words = [p for p in range(start, end) if self.plain[p]]
            if len(words) >= 2 and self.tokens[words[-2]].key in given and not self._known(words[-2], end):
                named.add((self.plain[words[-1]],))
        named.discard(())
        return named

    def _organisations_across_runs(self) -> list[tuple[int, int]]:
        """Where the text spells an organisation whose name holds lower-case words ("the Islamic State
        of Iraq and the Levant", "the Times of Israel"): runs stop at such words, so these names are
        read on the tokens themselves, word for word (articles aside, space or hyphen between), and
        the places inside them ("Iraq", "al-Sham") are no mentions."""
        by_first = _long_organisations(self.organisations)
        tokens, articles = self.tokens, self.lex.articles
        spans: list[tuple[int, int]] = []
        for first, token in enumerate(tokens):
            names = by_first.get(token.key)
            if not names:
                continue
            words: list[str] = []
            # (twice the words: an article written apart is a token of its own, "al-Sham")
            for position in range(first, min(len(tokens), first + 2 * self.lex.organisation_max_words)):
                if position > first and tokens[position].gap not in (GAP_SPACE, GAP_HYPHEN):
                    break
                if tokens[position].key not in articles:
                    words.append(tokens[position].key)
                if tuple(words) in names:
                    spans.append((token.start, tokens[position].end))
                    break
        return spans

    def _speaker(self, start: int, end: int) -> bool:
        """Whether a short run is the subject of a verb of speech right after it ("Ebdi added", "Jamous
        pointed out"), and not set anywhere ("residents of Madaya said" names a place)."""
        tokens = self.tokens
        if end - start > _SPEAKER_MAX_WORDS or end >= len(tokens):
            return False
        after = tokens[end]
        if after.gap != GAP_SPACE or not after.lower or after.key not in self.lex.speech_verbs:
            return False
        # a locative just before, over other names, "and" and direction words of the same clause, sets
        # it ("in Hardatain and Ratain said", "Activists in eastern Ghouta said"; not "went on, and
        # Hammoud added")
        directions = self.lex.directions
        position = start
        while position > max(0, start - _SPEAKER_LOOK_BACK) and tokens[position].gap == GAP_SPACE:
            position -= 1
            token = tokens[position]
            if token.lower and (token.key in self.lex.locatives or token.key == "of"):
                return False
            if token.lower and token.key not in directions and token.key not in _LIST_JOINERS:
                return True
        return True

    def _modifier_after(self, end: int) -> bool:
        """Whether the run ends in an adjective of origin or allegiance: a name hyphenated to a word
        of ``words/modifiers.txt`` ("US-made missiles", "Turkish-backed factions") says where a thing
        comes from, not where something is ("the Geneva-hosted talks" stays a mention)."""
        if end >= len(self.tokens):
            return False
        following = self.tokens[end]
        return following.gap == GAP_HYPHEN and following.lower and following.key in self.lex.modifiers

    def _body_after(self, end: int) -> bool:
        """Whether the run names a party, a movement or a unit: a lower-case word of ``words/bodies.txt`` right
        after it ("the ruling Baath party", "the rebel group Hazzm movement", "Idlib martyrs brigade")."""
        if end >= len(self.tokens):
            return False
        following = self.tokens[end]
        # a possessive whose apostrophe was lost too: "the Baath partys youth publication"
        key = following.key
        return (
            following.gap == GAP_SPACE
            and following.lower
            and (key in self.lex.bodies or key[:-1] in self.lex.bodies)
        )

    def _organisation_across(self, start: int, end: int) -> bool:
        """Whether the run ends an organisation's name that an acronym closes ("the pro-regime Sham FM
        radio"): an upper-case word takes no part in a run, so the organisation's words are read across
        the run's end."""
        tokens = self.tokens
        if end >= len(tokens) or tokens[end].gap != GAP_SPACE or not tokens[end].upper:
            return False
        tail = tokens[end].key
        for first in range(max(start, end - self.lex.organisation_max_words + 1), end):
            words = [self.plain[p] for p in range(first, end) if self.plain[p]]
            if words and " ".join([*words, tail]) in self.organisations:
                return True
        return False

    def _medium_after(self, end: int) -> bool:
        """Whether the run is the owner of a medium ("according to Iran’s Fars news agency"): a
        possessive followed within a few words by a word that names a medium."""
        if not self.tokens[end - 1].possessive:
            return False
        following = self.tokens[end : end + _MEDIUM_WORDS_AFTER]
        return any(token.key in _MEDIA for token in following)

    def _blocked(self, start: int, end: int, *, titled_place: bool = False) -> list[bool]:
        """Words of the run that cannot be part of a place name: organisations, demonyms, people
        (``titled_place``: a title leading the run is part of a place's name)."""
        tokens, lex = self.tokens, self.lex
        blocked = [False] * (end - start)
        first = start
        while first < end and tokens[first].key in lex.connectors:
            first += 1
        if first == end:
            first = start
        if tokens[first].key in lex.org_heads and end - first > 1:
            return [True] * (end - start)  # Jabhat ..., Hayat Tahrir ..., Jaish ...
        for position in range(start, end):
            key = tokens[position].key
            if key in lex.titles and not (titled_place and position == first and end - first > 1):
                if self._title_in_name(position, start, end):
                    continue
                blocked[position - start :] = [True] * (end - position)  # President Bashar Assad
                break
            # "Syrian" is no place, but "Saudi Arabia", "United Arab Emirates", "Western Ghouta" are
            if key in lex.demonyms and not self._in_name(position, start, end):
                blocked[position - start] = True
        # a stretch of words is an organisation only if each of its words (but articles) is a word of one
        organisation_word = self.organisation_word
        if not any(organisation_word[start:end]):
            return blocked
        outside = [0]  # [i]: words among the run's first i that are in no organisation's name
        for position in range(start, end):
            outside.append(outside[-1] + (bool(self.plain[position]) and not organisation_word[position]))
        for size in range(min(self.lex.organisation_max_words, end - start), 0, -1):
            for position in range(start, end - size + 1):
                if outside[position + size - start] != outside[position - start]:
                    continue
                words = [self.plain[p] for p in range(position, position + size) if self.plain[p]]
                if (
                    words
                    and " ".join(words) in self.organisations
                    and self._as_organisation(position, position + size)
                ):
                    blocked[position - start : position - start + size] = [True] * size
        return blocked

    def _title_in_name(self, position: int, start: int, end: int) -> bool:
        """Whether the title word at ``position`` is part of a place name that ends the run, spelled so
        up to the loose key: Sheikh Maqsoud or Maqsood, Sheikh Miskin, Tal Sheikh Hamad. Not when a given
        name follows the title that starts the name: "Sheikh Hassan" said is a person, though a village
        bears the name."""
        following = position + 1
        if following < end and self.tokens[following].key in self.lex.given_names:
            starts = range(max(start, position - MAX_NAME_WORDS + 1), position)  # "Tal Sheikh Hamad"
        else:
            starts = range(max(start, position - MAX_NAME_WORDS + 1), position + 1)
        return end - position > 1 and any(
            end - first <= MAX_NAME_WORDS and self._known(first, end) in (EXACT, LOOSE) for first in starts
        )

    def _in_name(self, position: int, start: int, end: int) -> bool:
        """Whether the word at ``position`` is inside a name of several words spelled exactly. Each
        sequence grows a word at a time while it still begins some name (a set look-up): "Syrian",
        in every other sentence, then costs a few look-ups, not thirty."""
        tokens, prefixes, exact_keys = self.tokens, self.index.prefixes, self.index.exact
        for first in range(max(start, position - MAX_NAME_WORDS + 1), position + 1):
            exact = ""
            for stop in range(first + 1, min(end, first + MAX_NAME_WORDS) + 1):
                exact = f"{exact} {tokens[stop - 1].key}" if exact else tokens[stop - 1].key
                if exact not in prefixes:
                    break
                # spelled exactly: the joined keys are an exact detection key (``_known`` == EXACT)
                if stop >= max(position + 1, first + 2) and exact in exact_keys:
                    return True
        return False

    def _as_organisation(self, start: int, end: int) -> bool:
        """Whether words on the organisations list name the organisation here. One that is not also a
        place always does; one that is (al-Mayadeen, Al Jazeera: a town, a region) only beside a
        word that makes it a medium or a body: its tail ("al-Mayadeen TV") or a reporting word
        ("told al-Mayadeen", "according to Al Jazeera", "Al Jazeera reported")."""
        if not self._known(start, end):
            return True
        tokens, lex = self.tokens, self.lex
        after = tokens[end].key if end < len(tokens) else ""
        before = [tokens[p].key for p in range(max(0, start - 2), start)]
        return after in lex.org_tails or after in lex.reporting or any(w in lex.reporting for w in before)

    def _trailing_cue(self, start: int, end: int) -> tuple[Cue | None, int, int]:
        """A cue word closing the run (capitalised: "al-Ghab Plain") or just after it ("Raqqa province").

        Returns the cue, the end of the name proper and the end of the text to report."""
        tokens, cues = self.tokens, self.lex.cues
        last = tokens[end - 1]
        cue = cues.get(last.key)
        if cue is not None and any(self.loose[p] for p in range(start, end - 1)):  # a name before it
            keep = cue.feature and not last.headline
            if not keep and self._name_with_cue(start, end):
                return None, end, end  # "in Damascus Countryside": Rif Dimashq, as SANA names it
            return cue, end - 1, end if keep else end - 1
        # "Hmeimim air base" before "Raqqa city": the longest cue of lower-case words just after
        if end == len(tokens) or tokens[end].key.partition(" ")[0] not in self.lex.cue_first_words:
            return None, end, end  # (most runs: the word after begins no cue)
        following = end
        while following < min(len(tokens), end + self.lex.cue_max_words):
            token = tokens[following]
            if token.gap != GAP_SPACE or not token.lower:
                break
            following += 1
        for size in range(following - end, 0, -1):
            cue = cues.get(" ".join(t.key for t in tokens[end : end + size]))
            if cue is not None:
                # a feature's cue is part of its name ("al-Hol camp"); a mountain's, written in
                # lower case, and an admin cue are not ("Jubeil mount", "Raqqa province")
                return cue, end, end + size if cue.named else end
        return None, end, end

    def _name_with_cue(self, start: int, end: int) -> bool:
        """Whether the capitalised cue word closing the run is the last word of a gazetteer name spelled
        so ("Damascus Countryside", the governorate's English name), not a word about the name before it."""
        return any(
            self._known(first, end) == EXACT for first in range(max(start, end - MAX_NAME_WORDS), end - 1)
        )

    def _run_candidates(self, start: int, end: int, listed: dict[int, str | None]) -> list[Candidate]:
        tokens = self.tokens
        cue, name_end, text_end = (
            self._trailing_cue(start, end) if not tokens[start].arabic else (None, end, end)
        )
        # a cue word after the run makes a title that leads it part of the name ("al-Sheikh Yaseen
        # neighborhood", "Sheikh Maqsood district"): a person is not so written
        blocked = self._blocked(start, end, titled_place=cue is not None and name_end == end)
        if all(blocked):
            return []
        if cue is not None and name_end < end and self._surname_cue(start, name_end, end):
            return []
        is_listed = start in listed
        kind = cue.kind if cue is not None and cue.kind else listed.get(start)
        headline = tokens[start].headline
        if (is_listed or cue is not None) and not any(blocked[: name_end - start]) and not headline:
            parts = self._split_list(start, name_end, text_end, kind) or self._split_names(
                start, end, name_end, text_end, blocked, kind
            )
            if parts:
                return parts
            whole = self._cued_candidate(start, name_end, text_end, kind)
            if whole is not None:
                return [whole]
        if self._is_person(start, name_end) or self._lone_given_name(start, end):
            return []
        found = self._search(start, end, name_end, text_end, blocked, kind if cue is not None else None)
        if is_listed and found and found[0].start == tokens[start].start and found[0].kind is None:
            # the cue before the run is the first name's, though the run is more than that name ("the
            # Syrian province of Lattakia Western Syria": the governorate)
            found[0] = replace(found[0], kind=listed[start])
        return found

    def _surname_cue(self, start: int, name_end: int, end: int) -> bool:
        """Whether a capitalised cue word closing the run is a person's surname: the run is led by a
        given name and neither the name before the cue nor the whole is a gazetteer name as spelled
        ("UNICEF director Anthony Lake", against "Assad Lake", "Abu Kamal City")."""
        return (
            self.tokens[start].key in self.lex.given_names
            and self._known(start, end) not in (EXACT, LOOSE)
            and self._known(start, name_end) not in (EXACT, LOOSE)
        )

    def _split_list(self, start: int, name_end: int, text_end: int, kind: str | None) -> list[Candidate]:
        """A cued run that is several names written without commas ("the villages of Mourek Atshan
        Skeak Maan", as scraped text arrives): when the run as a whole is no name, has no article,
        particle or toponymic head (which make one name of several words: Tal al-Awizrat), and at
        least two of its words are names the gazetteer spells so (up to the loose key), every word
        is a place of its own."""
        tokens, lex = self.tokens, self.lex
        words = range(start, name_end)
        if len(words) < 2 or self._known(start, name_end):
            return []
        if any(
            tokens[p].key in lex.connectors
            or tokens[p].key in lex.generics
            or tokens[p].key in lex.common_words  # "New Aleppo neighborhood" is one name
            or not self.loose[p]
            for p in words
        ):
            return []
        if sum(1 for p in words if self._known(p, p + 1) in (EXACT, LOOSE)) < 2:
            return []  # a looser key is no proof that a word is a name of its own
        parts = []
        for p in words:
            end_offset = tokens[(text_end if p == name_end - 1 else p + 1) - 1].end
            text = self.text[tokens[p].start : end_offset]
            queries = tuple(dict.fromkeys((text, tokens[p].text)))
            parts.append(Candidate(tokens[p].start, end_offset, text, queries, kind, CUED))
        return parts

    def _split_names(
        self, start: int, end: int, name_end: int, text_end: int, blocked: list[bool], kind: str | None
    ) -> list[Candidate]:
        """A cued run that is several names of more than one word written without commas ("the
        neighborhoods of al-Sukkari al-Ansari al-Firdaws", "the districts of Bustan al-Qasr Sakhour
        Sheikh Maqsoud"): when the run as a whole is no name and the gazetteer's names, each spelled
        so (up to the loose key), cover every word of it, each is a place of its own and of the kind
        the cue says."""
        if self._known(start, name_end):
            return []
        hits = self._hits(start, end, name_end, blocked)
        if (
            not self._names_cover(start, name_end, hits)
            or any(self._common_only(first, stop) for stop, _, first in hits)
            or any(self._joined(previous, hit) for previous, hit in pairwise(hits))
        ):
            return []  # "al-Hamdaniah New Aleppo": "New" is a name only as a word of another
        tokens, parts = self.tokens, []
        for stop, _, first in hits:
            end_offset = tokens[(text_end if stop == name_end else stop) - 1].end
            name = self.text[tokens[first].start : tokens[stop - 1].end]
            text = self.text[tokens[first].start : end_offset]
            queries = tuple(dict.fromkeys((text, name)))
            parts.append(Candidate(tokens[first].start, end_offset, text, queries, kind, CUED))
        return parts

    def _joined(self, previous: tuple[int, str, int], hit: tuple[int, str, int]) -> bool:
        """Whether two names found side by side are one name: a qualifier after a name ("Tuloul
        al-Hawa al-Gharbiya"), or a word with the article after one bare word, as Arabic joins a
        noun to its complement ("Bab al-Nasr", "Shahba al-Jadida", "Daraa al-Mahatta")."""
        previous_stop, _, previous_first = previous
        stop, _, first = hit
        words = [p for p in range(first, stop) if self.loose[p]]
        if words and all(qualifier_of(self.loose[p]) for p in words):
            return True
        article_led = self._article_led(first) or (first > previous_stop and self._article_led(first - 1))
        single = previous_stop - previous_first == 1
        return article_led and single and not self._article_led(previous_first)

    def _article_led(self, position: int) -> bool:
        """Whether a word is an article or begins with one ("al", "al-Nasr")."""
        return self.tokens[position].key.split(" ", 1)[0] in self.lex.articles

    def _common_only(self, start: int, stop: int) -> bool:
        """Whether every word (articles aside) is an English common word or a direction ("New"); true
        of words that are all articles."""
        common, directions = self.lex.common_words, self.lex.directions
        return all(
            self.tokens[p].key in common or self.tokens[p].key in directions
            for p in range(start, stop)
            if self.loose[p]
        )

    def _is_person(self, start: int, end: int) -> bool:
        """A run led by a given name (Hassan Nasrallah, Abu Bakr al-Baghdadi) names a person, unless
        the whole run is a gazetteer name (Abu Kamal)."""
        names = [p for p in range(start, end) if self.loose[p]]
        if len(names) < 2 or self.tokens[names[0]].key not in self.lex.given_names:
            return False
        return not self._known(start, end)

    def _lone_given_name(self, start: int, end: int) -> bool:
        """A given name standing alone beside a reporting word or an apposition names the person
        quoted: "a witness named Ahmad said", "says Mustafa a 48-year-old man", "Rami an Aleppo
        resident said" (wire copy that names a witness by first name; villages bear such names too)."""
        tokens, lex = self.tokens, self.lex
        names = [p for p in range(start, end) if self.loose[p]]
        if len(names) != 1 or tokens[names[0]].key not in lex.given_names:
            return False
        before = tokens[start - 1] if start > 0 and tokens[start].gap == GAP_SPACE else None
        after = tokens[end] if end < len(tokens) and tokens[end].gap == GAP_SPACE else None
        return (
            before is not None
            and before.lower
            and (before.key in _PERSON_BEFORE or before.key in lex.reporting)
        ) or (
            after is not None and after.lower and (after.key in _PERSON_AFTER or after.key in lex.reporting)
        )

    def _cued_candidate(self, start: int, name_end: int, text_end: int, kind: str | None) -> Candidate | None:
        """The whole run as one place ("the villages of Dhaher Abu As’ad", "Tal al-Zaman region")."""
        tokens, lex = self.tokens, self.lex
        # "Northern Aleppo province", "In Homs countryside": directions and sentence-initial words are
        # not part of the name
        while (
            name_end - start > 1
            and (tokens[start].key in lex.directions or tokens[start].key in lex.common_words)
            and not self._known(start, name_end)
        ):
            start += 1
        start = self._known_tail(start, name_end)
        if self._common_only(start, name_end):
            return None
        # "the city of Homs Wednesday": a common word after the name (no punctuation in scraped text)
        # ends it, when the cue stands before (a cue after makes the words one name)
        if text_end == name_end:
            while (
                name_end - start > 1
                and tokens[name_end - 1].key in lex.common_words
                and not self._known(start, name_end)
            ):
                name_end -= 1
            text_end = name_end
        name = self.text[tokens[start].start : tokens[name_end - 1].end]
        text = self.text[tokens[start].start : tokens[text_end - 1].end]
        queries = (text, name) if text != name else (name,)
        return Candidate(tokens[start].start, tokens[text_end - 1].end, text, queries, kind, CUED)

    def _known_tail(self, start: int, end: int) -> int:
        """Where a cued run that names nothing as a whole begins its name: at the gazetteer name, spelled
        so and led by no given name, that ends it, when the words before it are English words that
        name nothing (a Title Case heading run into the text: "Population Ballooned Idlib province",
        "after Seizing Syria Village"); else at ``start`` ("Zubdiya Aleppo", "Hamadi Omar" stay)."""
        if self._known(start, end):
            return start
        tokens, lex = self.tokens, self.lex
        for position in range(start, end - 1):
            token = tokens[position]
            if (
                not self.loose[position]
                or not (token.key in lex.common_words or _ENGLISH_WORD.search(token.key))
                or self._known(position, position + 1) in (EXACT, LOOSE)
            ):
                return start
            following = position + 1
            if (
                self.loose[following]
                and tokens[following].key not in lex.given_names
                and self._known(following, end) == EXACT
            ):
                return following
        return start

    def _known(self, start: int, end: int) -> str:
        words = [self.loose[p] for p in range(start, end) if self.loose[p]]
        if not words:
            return ""
        key = " ".join(token.key for token in self.tokens[start:end])
        skeleton = " ".join(filter(None, (self.skeleton[p] for p in range(start, end))))
        return self.index.known(DetectionKey(key, " ".join(words), skeleton))

    def _search(
        self, start: int, end: int, name_end: int, text_end: int, blocked: list[bool], kind: str | None
    ) -> list[Candidate]:
        """Longest known word sequences of the run, left to right."""
        tokens = self.tokens
        hits = self._hits(start, end, name_end, blocked)
        unpunctuated = self._names_only(start, name_end, hits)
        found: list[Candidate] = []
        for stop, how, first in hits:
            candidate = self._candidate(
                first, stop, how, start, end, name_end, text_end, blocked, kind, unpunctuated=unpunctuated
            )
            if candidate is not None:
                found.append(candidate)
        if not tokens[start].headline and (not found or found[0].start > tokens[start].start):
            stop = name_end
            while found and stop > start and tokens[stop - 1].end > found[0].start:
                stop -= 1
            led = self._generic_led(start, stop, blocked)
            if led is not None:
                found.insert(0, led)
        return found

    def _hits(self, start: int, end: int, name_end: int, blocked: list[bool]) -> list[tuple[int, str, int]]:
        """The longest known word sequences of the run up to ``name_end``, left to right: (stop, how,
        first word) each."""
        tokens, lex = self.tokens, self.lex
        hits: list[tuple[int, str, int]] = []
        position = start
        while position < name_end:
            if blocked[position - start] or (
                tokens[position].key in lex.connectors
                and tokens[min(position + 1, end - 1)].gap != GAP_HYPHEN
            ):
                position += 1
                continue
            hit = self._longest_known(position, name_end, blocked, start)
            if hit is None or (hit[0] - position == 1 and self._heads_more(position, name_end)):
                position += 1  # "Tal" of "Tal Hadiya" is no place of its own
                continue
            stop, _, first = hit
            if self._idafa_tail(first, start, blocked):
                position = stop  # "Fateh al-Sham": the Levant of a group's name, not Damascus
                continue
            hits.append(hit)
            position = stop
        return hits

    def _names_only(self, start: int, end: int, hits: list[tuple[int, str, int]]) -> bool:
        """Whether the run is a list of names written without commas, as scraped text arrives ("in
        al-Mayadeen al-Bu Kamal al-Ashara al-Basira al-Tarif"): after a word that says where ("in",
        "near", "towards"...) or joined by hyphens ("the Jobar-Zamalka axis"), two names or more,
        each known by its own spelling (up to the loose key), and no word of the run outside them. A
        run with a word that names nothing ("Syrian Arab Army") is no list."""
        if not self._names_cover(start, end, hits):
            return False
        before = self.tokens[start - 1] if start > 0 else None
        # names joined by hyphens name the ends of a road or a front ("the Jobar-Zamalka axis")
        hyphened = all(self.tokens[first].gap == GAP_HYPHEN for _, _, first in hits[1:])
        # else people or names: "activist Nayef Mustafa said", "the shrine of Sayyeda Ruqayya"
        return hyphened or (before is not None and before.lower and before.key in self.lex.locatives)

    def _names_cover(self, start: int, end: int, hits: list[tuple[int, str, int]]) -> bool:
        """Whether the names found are two or more, each known by its own spelling (up to the loose
        key), and every word of the run but its articles lies inside one of them."""
        if len(hits) < 2 or any(how not in (EXACT, LOOSE) for _, how, _ in hits):
            return False
        covered = [False] * (end - start)
        for stop, _, first in hits:
            covered[first - start : stop - start] = [True] * (stop - first)
        connectors = self.lex.connectors
        return all(
            covered[p - start] or not self.loose[p] or self.tokens[p].key in connectors
            for p in range(start, end)
        )

    def _idafa_tail(self, first: int, run_start: int, blocked: list[bool]) -> bool:
        """Whether a name led by an article is the second half of a longer Arabic name: a capitalised
        word the gazetteer does not start a name with stands just before it in the run ("Fateh
        al-Sham Front", "Tahrir al-Sham", as groups are named), so the place is only part of a name of
        something else. Not after a direction, a common or a cue word ("Northern al-Ghab", "In
        al-Raqqa"), a toponymic head (Tal al-Awizrat) or in a headline."""
        tokens, lex = self.tokens, self.lex
        if (
            tokens[first].key not in lex.articles
            and first > run_start
            and tokens[first - 1].key in lex.articles
        ):
            first -= 1  # the article written apart and left out of the name: "Fateh Al Sham Front"
        if first == run_start or tokens[first].key not in lex.articles or tokens[first].headline:
            return False
        previous = first - 1
        key = tokens[previous].key
        return (
            tokens[previous].capitalised
            and not tokens[previous].headline
            and not blocked[previous - run_start]
            and bool(self.loose[previous])
            and key not in lex.directions
            and key not in lex.common_words
            and key not in lex.cues
            and key not in lex.demonyms
            and key not in lex.generics
            and not self._known(previous, previous + 1)
        )

    def _heads_more(self, position: int, end: int) -> bool:
        """A toponymic head (Tal, Jabal, Wadi...) followed by more of the name."""
        return self.tokens[position].key in self.lex.generics and position + 1 < end

    def _longest_known(
        self, position: int, limit: int, blocked: list[bool], run_start: int
    ) -> tuple[int, str, int] | None:
        """The longest known word sequence starting here: grown one word at a time while it is still
        the beginning of some name, so each word costs a few set look-ups whatever the run's length."""
        tokens, index, connectors = self.tokens, self.index, self.lex.connectors
        exact = loose = skeleton = ""
        found: tuple[int, str, int] | None = None
        for stop in range(position + 1, min(limit, position + MAX_NAME_WORDS) + 1):
            word = stop - 1
            if blocked[word - run_start]:
                break
            exact = f"{exact} {tokens[word].key}" if exact else tokens[word].key
            if self.loose[word]:
                loose = f"{loose} {self.loose[word]}" if loose else self.loose[word]
            if self.skeleton[word]:
                skeleton = f"{skeleton} {self.skeleton[word]}" if skeleton else self.skeleton[word]
            if not index.may_continue(exact, loose, skeleton):
                break
            if tokens[word].key in connectors:
                continue  # a name does not end on an article
            how = index.known(DetectionKey(exact, loose, skeleton))
            if how == SKELETON and self._common_at_edge(position, stop):
                continue  # a looser key needs a name's own words
            if how == LOOSE and tokens[position].key in self.lex.function_words:
                continue  # "In Daraa al-Balad" is not "Ein Dara": a sentence's first word, capitalised
            if how:
                found = (stop, how, position)
        if found is None and tokens[position].arabic and tokens[position].text.startswith(_ARABIC_PROCLITICS):
            for stop in range(min(limit, position + MAX_NAME_WORDS), position, -1):
                if not any(blocked[position - run_start : stop - run_start]):
                    stripped = self._known_without_proclitic(position, stop)
                    if stripped:
                        return stop, stripped, position
        return found

    def _common_at_edge(self, start: int, stop: int) -> bool:
        common = self.lex.common_words
        return self.tokens[start].key in common or self.tokens[stop - 1].key in common

    def _known_without_proclitic(self, start: int, stop: int) -> str:
        """Whether the sequence is known once its first word loses its proclitics (و، ف then ب، ل، ك:
        وبدمشق is "and in Damascus"); remembers how many letters they took."""
        first = self.tokens[start].text
        rest = " ".join(t.text for t in self.tokens[start + 1 : stop])
        for length in (1, 2):
            if len(first) - length < 3 or not _is_proclitic(first[:length]):
                continue
            if self.index.known(detection_key(f"{first[length:]} {rest}".strip())) in (EXACT, LOOSE):
                self._proclitic_length[start] = length
                return EXACT
        return ""

    def _candidate(
        self,
        first: int,
        stop: int,
        how: str,
        run_start: int,
        run_end: int,
        name_end: int,
        text_end: int,
        blocked: list[bool],
        cue_kind: str | None,
        *,
        unpunctuated: bool = False,
    ) -> Candidate | None:
        """``unpunctuated``: the run is a list of names without commas (``_names_only``), so a name
        inside it is not a word of some longer name."""
        tokens, lex = self.tokens, self.lex
        names = [p for p in range(first, stop) if self.loose[p]]
        single = len(names) == 1
        headline = tokens[first].headline
        if (
            single
            and len(tokens[names[0]].text) < _MIN_WORD_LETTERS
            and tokens[names[0]].text not in lex.acronyms
        ):
            return None
        if single and how == SKELETON and (headline or _ENGLISH_SHAPE.search(tokens[names[0]].key)):
            return None  # Title Case makes every word a candidate; "Center" is no Arabic name
        start_offset = tokens[first].start
        start_offset += self._proclitic_length.get(first, 0)  # و، ب، ل... are not part of the name
        bare = self.text[start_offset : tokens[stop - 1].end]
        # a toponymic head just before (Jabal al-Arbaeen, Tal Hadiya) makes the whole a place name
        led = (
            first > run_start
            and tokens[first - 1].key in lex.generics
            and not blocked[first - 1 - run_start]
            and not headline
        )
        if led:
            first -= 1
            start_offset = tokens[first].start
        at_run_end = stop == name_end
        kind = cue_kind if at_run_end else None
        end_offset = tokens[(text_end if at_run_end else stop) - 1].end
        text = self.text[start_offset:end_offset]
        name = self.text[start_offset : tokens[stop - 1].end]
        queries = tuple(dict.fromkeys((text, name, bare)))
        if led:
            return Candidate(start_offset, end_offset, text, queries, kind, CUED, local=True)
        words = [tokens[p].key for p in names]
        common = all(word in lex.common_words or word in self.lowercase_words for word in words)
        facts = self._facts(run_start, run_end, blocked)
        others = facts.names_before[-1] - (
            facts.names_before[stop - run_start] - facts.names_before[first - run_start]
        )
        # capitalisation draws the runs of Latin text only: an Arabic run is the whole sentence
        embedded = (
            single
            and others > 0
            and not headline
            and kind is None
            and not tokens[first].arabic
            and not unpunctuated
        )
        org_tail = facts.org_tail_from[stop - run_start]
        arabic_alone = tokens[first].arabic and single and not self._after_arabic_cue(first)
        trust = MAJOR_ONLY if (common or embedded or org_tail or arabic_alone) else NAME
        return Candidate(start_offset, end_offset, text, queries, kind, trust)

    def _facts(self, start: int, end: int, blocked: list[bool]) -> _RunFacts:
        """Counts over the run, computed once per run so that a huge run costs linear time."""
        if self._run_facts is not None and self._run_facts.span == (start, end):
            return self._run_facts
        tokens, lex = self.tokens, self.lex
        names_before = [0]
        for position in range(start, end):
            key = tokens[position].key
            counts = (
                bool(self.loose[position])
                and not blocked[position - start]
                and key not in lex.directions
                and key not in lex.cues
                and key not in lex.common_words
            )
            names_before.append(names_before[-1] + counts)
        org_tail_from = [False] * (end - start + 1)
        for position in range(end - 1, start - 1, -1):
            org_tail_from[position - start] = (
                org_tail_from[position - start + 1] or tokens[position].key in lex.org_tails
            )
        self._run_facts = _RunFacts((start, end), names_before, org_tail_from)
        return self._run_facts

    def _after_arabic_cue(self, position: int) -> bool:
        if position == 0 or not self.tokens[position - 1].arabic:
            return False
        previous = self.tokens[position - 1]
        cues = self.lex.arabic_cues
        return previous.key in cues or (
            previous.text.startswith(_ARABIC_PROCLITICS) and normalize(previous.text[1:]) in cues
        )

    def _generic_led(self, start: int, end: int, blocked: list[bool]) -> Candidate | None:
        """An unknown run led by a toponymic head (Tal al-Awizrat): a place the gazetteer lacks."""
        tokens, lex = self.tokens, self.lex
        names = [p for p in range(start, end) if self.loose[p]]
        if len(names) < 2 or any(blocked[: end - start]) or tokens[names[0]].key not in lex.generics:
            return None
        if any(tokens[p].key in lex.common_words for p in names[1:]) or tokens[start].arabic:
            return None
        text = self.text[tokens[start].start : tokens[end - 1].end]
        return Candidate(tokens[start].start, tokens[end - 1].end, text, (text,), None, CUED)
