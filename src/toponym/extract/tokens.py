"""Words of a text with their offsets, what separates them, and where sentences and headlines are.

One pass of one compiled regex over the text (no backtracking-prone patterns), so tokenising is
linear in the length of the input, however long and however messy (JSON debris, markup, Arabic).
A word longer than ``MAX_WORD_CHARS`` is no word of a place name (base64, a URL's path, debris): it is
not a token, and the words around it do not join across it. The regex's repeats are bounded, so a
megabyte-long run of letters costs no more memory than a short one (an unbounded repeat of an
alternation keeps a backtracking record per letter: 150 bytes each).
"""

from __future__ import annotations

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
_SENTENCE_END = re.compile(r"[.!?:;\n\"“”()\[\]{}|•]")
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
    sentence_start: bool
    headline: bool = False

    @property
    def lower(self) -> bool:
        return not (self.capitalised or self.arabic)


def tokenize(text: str) -> list[Token]:
    """Every word of ``text``, in order, with the shape facts the detector needs."""
    tokens: list[Token] = []
    previous_end, skipped_end = 0, -1
    for found in _WORD.finditer(text):
        start, end = found.span()
        if end - start > MAX_WORD_CHARS or start == skipped_end:  # too long, or the rest of one
            skipped_end = end  # the gap to the next word then holds letters: a break
            continue
        word = found.group()
        possessive = len(word) > 4 and word.endswith(_POSSESSIVE)
        if possessive:
            word, end = word[:-2], end - 2
        key, capitalised, upper, arabic = _shape(word)
        if not tokens:
            gap, sentence_start = GAP_BREAK, True
        elif start - previous_end == 1 and text[previous_end] == " ":
            gap, sentence_start = GAP_SPACE, False  # the common case, without a regex
        else:
            gap_text = text[previous_end:start]
            gap, sentence_start = _gap_kind(gap_text), bool(_SENTENCE_END.search(gap_text))
        tokens.append(
            Token(start, end, word, key, gap, capitalised, upper, arabic, possessive, sentence_start)
        )
        previous_end = found.end()
    _mark_headlines(text, tokens)
    return tokens


@lru_cache(maxsize=65536)
def _shape(word: str) -> tuple[str, bool, bool, bool]:
    """The normalised key of a word, and whether it is capitalised, all upper case, Arabic."""
    first = word[0]
    return (
        normalize(word),
        first.isupper(),
        len(word) > 1 and word.isupper(),
        bool(ARABIC_LETTER.match(first)),
    )


def _gap_kind(gap: str) -> str:
    if _SPACE_GAP.fullmatch(gap):
        return GAP_SPACE
    if _HYPHEN_GAP.fullmatch(gap):
        return GAP_HYPHEN
    if _COMMA_GAP.fullmatch(gap):
        return GAP_COMMA
    return GAP_BREAK


def _mark_headlines(text: str, tokens: list[Token]) -> None:
    """Flag the tokens of segments (lines, quoted strings) written in Title Case."""
    segment_start = 0
    for index in range(1, len(tokens) + 1):
        at_end = index == len(tokens)
        if at_end or _SEGMENT_END.search(text, tokens[index - 1].end, tokens[index].start):
            _mark_segment(tokens[segment_start:index])
            segment_start = index


def _mark_segment(segment: list[Token]) -> None:
    content = [
        token
        for token in segment
        if len(token.text) >= 4 and not token.arabic and token.key not in _HEADLINE_LOWER_CASE_WORDS
    ]
    if len(content) < _HEADLINE_MIN_WORDS or len(segment) > _HEADLINE_MAX_WORDS:
        return
    capitalised = sum(1 for token in content if token.capitalised)
    if capitalised >= _HEADLINE_CAPITALISED_SHARE * len(content):
        for token in segment:
            token.headline = True
