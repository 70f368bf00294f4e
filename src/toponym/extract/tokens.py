"""Words of a text with their offsets, what separates them, and where sentences and headlines are.

One pass of one compiled regex over the text (no backtracking-prone patterns), so tokenising is
linear in the length of the input, however long and however messy (JSON debris, markup, Arabic).
A word longer than ``MAX_WORD_CHARS`` is no word of a place name (base64, a URL's path, debris): it is
not a token, and the words around it do not join across it. The regex's repeats are bounded, so a
megabyte-long run of letters costs no more memory than a short one (an unbounded repeat of an
alternation keeps a backtracking record per letter: 150 bytes each).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from toponym.text.arabic import ARABIC_LETTER
from toponym.text.normalize import normalize

# A word: letters (any script) with combining marks, optionally joined by apostrophes (As’ad, Ra's).
_LETTER = r"[^\W\d_]|[\u0300-\u036F\u064B-\u065F\u0670]"
_WORD = re.compile(rf"(?:{_LETTER}){{1,65}}(?:['’‘ʼ`´](?:{_LETTER}){{1,65}}){{0,32}}")
_POSSESSIVE = ("'s", "’s", "ʼs", "'S", "’S")
# The longest word of any name in the full pack has 18 letters (Thiruvananthapuram); a longer "word"
# is never looked up.
MAX_WORD_CHARS = 64  # below the regex's bound of 65 letters a part: a match that long is too long
_SPACE_GAP = re.compile(r"[ \t\u00A0]+")
_HYPHEN_GAP = re.compile(r"[ \t]*[-‐‑–][ \t]*")
_COMMA_GAP = re.compile(r"[ \t]*,[ \t]*")
_SEGMENT_END = re.compile(r"[\n\"“”]")

# A line (or a quoted string) is a headline when nearly all of its longer words are capitalised
# (Title Case leaves short prepositions in lower case: "Troops Take Areas from ISIS in Latakia").
_HEADLINE_MIN_WORDS = 3
_HEADLINE_MAX_WORDS = 30  # a longer line of capitalised words is a list of names, not a headline
_HEADLINE_CAPITALISED_SHARE = 0.85
_HEADLINE_LOWER_CASE_WORDS = frozenset(
    {"from", "with", "into", "onto", "over", "after", "amid", "near", "upon", "than"}
)

GAP_SPACE, GAP_HYPHEN, GAP_COMMA, GAP_BREAK = "space", "hyphen", "comma", "break"
_SHORT_GAP = 8


@dataclass(slots=True)
class Token:
    """One word: ``text[start:end]`` (a possessive 's is left out), its ``normalize`` key and shape."""

    start: int
    end: int
    text: str
    key: str
    gap: str  # what separates it from the previous word: space, hyphen, comma or break
    capitalised: bool  # Latin, upper-case first letter
    upper: bool  # all upper case, two letters or more (an acronym, or a shouting headline)
    arabic: bool
    possessive: bool  # written with 's: ends any name it is part of
    headline: bool = False

    @property
    def lower(self) -> bool:
        return not (self.capitalised or self.arabic)


def tokenize(text: str) -> list[Token]:
    """Every word of ``text``, in order, with the shape facts the detector needs."""
    tokens: list[Token] = []
    append = tokens.append
    previous_end, skipped_end = 0, -1
    gap = GAP_BREAK  # the first word's
    for found in _WORD.finditer(text):
        start, end = found.span()
        if end - start > MAX_WORD_CHARS or start == skipped_end:  # too long, or the rest of one
            skipped_end = end  # the gap to the next word then holds letters: a break
            continue
        word, cut, key, capitalised, upper, arabic, possessive = _shape(found.group())
        if tokens:
            if start - previous_end == 1 and text[previous_end] == " ":
                gap = GAP_SPACE  # the common case, without a regex
            else:
                gap_text = text[previous_end:start]
                gap = _short_gap_kind(gap_text) if len(gap_text) <= _SHORT_GAP else _gap_kind(gap_text)
        append(Token(start, end - cut, word, key, gap, capitalised, upper, arabic, possessive))
        previous_end = end
    _mark_headlines(text, tokens)
    return tokens


@lru_cache(maxsize=65536)
def _shape(word: str) -> tuple[str, int, str, bool, bool, bool, bool]:
    """A word as a token has it — without a possessive 's, and how many characters that cut — its
    normalised key, and whether it is capitalised, all upper case, Arabic, possessive."""
    possessive = len(word) > 4 and word.endswith(_POSSESSIVE)
    cut = 2 if possessive else 0
    if possessive:
        word = word[:-2]
    first = word[0]
    return (
        word,
        cut,
        normalize(word),
        first.isupper(),
        len(word) > 1 and word.isupper(),
        bool(ARABIC_LETTER.match(first)),
        possessive,
    )


def _gap_kind(gap: str) -> str:
    if _SPACE_GAP.fullmatch(gap):
        return GAP_SPACE
    if _HYPHEN_GAP.fullmatch(gap):
        return GAP_HYPHEN
    if _COMMA_GAP.fullmatch(gap):
        return GAP_COMMA
    return GAP_BREAK


# the same few short gaps recur (", ", ". ", "\n"): their kind is remembered
_short_gap_kind = lru_cache(maxsize=4096)(_gap_kind)


def _mark_headlines(text: str, tokens: list[Token]) -> None:
    """Flag the tokens of segments (lines, quoted strings) written in Title Case. A segment ends
    where the gap between two words holds a segment end: each is found once in the text, and the
    word after it (the first that starts beyond it) opens the next segment."""
    if not tokens:
        return
    starts = [token.start for token in tokens]
    segment_start = 0
    for found in _SEGMENT_END.finditer(text, tokens[0].end, tokens[-1].start):
        index = bisect.bisect_right(starts, found.start(), segment_start)
        if index > segment_start:
            _mark_segment(tokens[segment_start:index])
            segment_start = index
    _mark_segment(tokens[segment_start:])


def _mark_segment(segment: list[Token]) -> None:
    if len(segment) > _HEADLINE_MAX_WORDS:
        return
    content = [
        token
        for token in segment
        if len(token.text) >= 4 and not token.arabic and token.key not in _HEADLINE_LOWER_CASE_WORDS
    ]
    if len(content) < _HEADLINE_MIN_WORDS:
        return
    capitalised = sum(1 for token in content if token.capitalised)
    if capitalised >= _HEADLINE_CAPITALISED_SHARE * len(content):
        for token in segment:
            token.headline = True
