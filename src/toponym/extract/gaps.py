"""What the words between two neighbouring mentions say about how the two places lie.

``read_gap`` reads the text between the end of one mention and the start of the next, and returns a
``Link``. Only a gap made wholly of relation words is read; any other word, and any sentence break,
means the text says nothing about the pair (being conservative is the point: a wrong approximate
point is worse than none). The words come from ``lexicon/relations.tsv``; the gap grammar is:

    [cue word of the first place] [","] [a/an cue word] [distance] PHRASE ["the"] [cue word ["of"]] ["the"]

- ``LISTED``: PHRASE is a list joiner, or the gap is only a comma: "Umm Anaksh, Salehiyah and Tell
  Soumeah", "al-Qalaa Mountain and Ain al-Baida";
- ``PART_OF``: the first place lies in the second: "Ramouseh neighborhood of Aleppo" ("of" only
  after the first place's cue word), "Tal Hadiya in the countryside of Aleppo", "Tal Farzat, a hill
  in Eastern Ghouta";
- ``NEAR``: the first lies beside the second: "Jubeil mount that overviews Qaryateen", "on the
  northern outskirts of the provincial capital city of Latakia", "north of", "near".

"skip" words (which, lie, located, provincial, northern...) may stand anywhere. A stated distance
("79 kilometers northwest of Hama") larger than ``MAX_STATED_KM`` breaks the link: the first place is
then not near the second, and no point of ours would be near the truth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from toponym.text.lexicon import Lexicon, Relation, lexicon
from toponym.text.normalize import normalize

LISTED, PART_OF, NEAR = "listed", "part_of", "near"
MAX_GAP_CHARS = 160  # a longer gap is never made only of relation words
MAX_STATED_KM = 15.0

_TOKEN = re.compile(
    r"(?P<number>\d+(?:[.,]\d+)?)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<comma>[,،])"
    r"|(?P<open>\()|(?P<close>\))"
    r"|(?P<space>[\s\-‐‑–]+)"  # hyphens and dashes join like spaces: north-east, Umm–Anaksh
    r"|(?P<other>.)",
    re.DOTALL,
)
_KM_PER_UNIT = {
    "km": 1.0,
    "kms": 1.0,
    "kilometer": 1.0,
    "kilometers": 1.0,
    "kilometre": 1.0,
    "kilometres": 1.0,
    "mile": 1.609,
    "miles": 1.609,
    "mi": 1.609,
    "m": 0.001,
    "meter": 0.001,
    "meters": 0.001,
    "metre": 0.001,
    "metres": 0.001,
    "كم": 1.0,
}
_SENTENCE_BREAK = re.compile(r"[.;:!?\n\"“”\[\]{}|]")
_COMMA, _DISTANCE = ",", "<distance>"
_THE = "the"
_OF = "of"


@dataclass(frozen=True, slots=True)
class Link:
    """How the gap between two mentions relates them: ``LISTED``, ``PART_OF`` (the first lies in the
    second), ``NEAR``, or "" (the gap says nothing)."""

    kind: str
    first_cue: str | None = None  # the first place's cue word in the gap ("neighborhood", "mount")


NO_LINK = Link("")


def read_gap(gap: str) -> Link:
    """The link the text between two mentions states (``NO_LINK`` when it states none)."""
    if len(gap) > MAX_GAP_CHARS or _SENTENCE_BREAK.search(gap):
        return NO_LINK
    return _read(gap)


@lru_cache(maxsize=8192)  # the same few gaps recur: ", ", " and ", " in ", " neighborhood of "
def _read(gap: str) -> Link:
    words = _words(gap)
    if words is None:
        return NO_LINK
    return _parse(words, lexicon())


def _words(gap: str) -> list[str] | None:
    """The gap as ``normalize`` words, commas and distance markers; None at a sentence break or a
    distance too large to call the places near."""
    words: list[str] = []
    pending_number: float | None = None
    in_brackets = False
    for found in _TOKEN.finditer(gap):
        kind, text = found.lastgroup, found.group()
        if kind == "space":
            continue
        if kind == "number":
            pending_number = float(text.replace(",", ""))
            continue
        if pending_number is not None:
            unit = _KM_PER_UNIT.get(text.casefold()) if kind == "word" else None
            if unit is None:
                return None  # a number that is no distance: a date, a count ("13 towns")
            if pending_number * unit > MAX_STATED_KM:
                return None
            pending_number = None
            if not in_brackets:
                words.append(_DISTANCE)
            continue
        if kind == "open" and not in_brackets:
            # only a distance in another unit may stand in brackets: "350 kilometers (217 miles)"
            in_brackets = bool(words) and words[-1] == _DISTANCE
            if not in_brackets:
                return None
        elif kind == "close" and in_brackets:
            in_brackets = False
        elif kind == "comma" and not in_brackets:
            words.append(_COMMA)
        elif kind == "word" and not in_brackets:
            words.extend(normalize(text).split())
        else:
            return None
    if pending_number is not None or in_brackets:
        return None
    return words


def _parse(words: list[str], lex: Lexicon) -> Link:
    first_cue = words[0] if words and words[0] in lex.cues else None
    words = _without_skipped(words[1:] if first_cue is not None else words, lex)
    position, count = 0, len(words)
    comma = position < count and words[position] == _COMMA
    position += comma
    # an apposition says what the first place is: "Tal Farzat, a hill in Eastern Ghouta"
    apposition = comma and first_cue is None and words[position : position + 1] in (["a"], ["an"])
    if apposition and position + 1 < count and words[position + 1] in lex.cues:
        first_cue, position = words[position + 1], position + 2
    distance = position < count and words[position] == _DISTANCE
    position += distance
    phrase, relation = _phrase_at(words, position, lex)
    if relation is None:
        # a bare comma lists ("Umm Anaksh, Salehiyah"); anything else says nothing
        return (
            Link(LISTED, first_cue) if comma and not distance and _is_tail(words, position, lex) else NO_LINK
        )
    if relation.after_cue and first_cue is None:
        return NO_LINK  # "Tal Rasha of Latakia" is no way of placing Tal Rasha
    if not _is_tail(words, position + len(phrase), lex):
        return NO_LINK
    if relation.role == "and":
        return NO_LINK if distance else Link(LISTED, first_cue)
    if relation.role in (PART_OF, NEAR):
        return Link(relation.role, first_cue)
    return NO_LINK


def _without_skipped(words: list[str], lex: Lexicon) -> list[str]:
    kept: list[str] = []
    position = 0
    while position < len(words):
        phrase, relation = _phrase_at(words, position, lex)
        if relation is not None and relation.role == "skip":
            position += len(phrase)
            continue
        kept.append(words[position])
        position += 1
    return kept


def _phrase_at(words: list[str], position: int, lex: Lexicon) -> tuple[tuple[str, ...], Relation | None]:
    """The longest relation phrase starting at ``position`` (and its relation), or ((), None)."""
    for size in range(min(lex.relation_max_words, len(words) - position), 0, -1):
        phrase = tuple(words[position : position + size])
        relation = lex.relations.get(phrase)
        if relation is not None:
            return phrase, relation
    return (), None


def _is_tail(words: list[str], position: int, lex: Lexicon) -> bool:
    """Whether the rest is what may come between a relation and the place: ["the"] [cue ["of"]] ["the"]."""
    rest = words[position:]
    if rest[:1] == [_THE]:
        rest = rest[1:]
    if rest and (rest[0] in lex.cues or rest[0] in lex.arabic_cues):  # "the city of", "في ريف"
        rest = rest[1:]
        if rest[:1] == [_OF]:
            rest = rest[1:]
        if rest[:1] == [_THE]:
            rest = rest[1:]
    return not rest
