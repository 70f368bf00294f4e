"""Words of a text with their offsets, what separates them, and which of them stand in headlines.

One pass over the text (a character class finds the stretches words lie in; the word regex runs
only over those that are not plain letters; no backtracking-prone patterns), so tokenising is
linear in the length of the input, however long and however messy (JSON debris, markup, Arabic).
A word longer than ``MAX_WORD_CHARS`` is no word of a place name (base64, a URL's path, debris): it is
not a token, and the words around it do not join across it. The word regex's repeats are bounded
(the stretches' is of a single character class, which keeps no record), so a megabyte-long run of
letters costs no more memory than a short one (an unbounded repeat of an alternation keeps a
backtracking record per letter: 150 bytes each).

The pass is chunk by chunk: no stretch holds a space, so the text split at its spaces has the words
of the whole, each chunk's at the chunk's offset, and a chunk's words and their facts are worked out
once per distinct chunk ("Aleppo", "Idlib,", "(SANA)") and remembered (bounded): a text's
chunks mostly recur, and a remembered one costs a look-up, where finding its words costs a regex
match and a normalisation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from toponym.text.arabic import ARABIC_LETTER
from toponym.text.normalize import normalize

# A word: letters (any script) with combining marks, optionally joined by apostrophes (As’ad, Ra's).
_LETTER = r"[^\W\d_]|[\u0300-\u036F\u064B-\u065F\u0670]"
# Or a capital letter and a number, as news names roads and bases: the M4 and M5 highways, T4.
_WORD = re.compile(
    rf"[A-Z][0-9]{{1,2}}(?![0-9\w])|(?:{_LETTER}){{1,65}}(?:['’‘ʼ`´](?:{_LETTER}){{1,65}}){{0,32}}"
)
# The words are looked for within stretches of the characters a word may hold (word characters, marks,
# apostrophes): one character class, which the regex engine scans in a tight loop, where ``_WORD``
# tries an alternation at every letter. No word crosses a stretch's edge, and ``_WORD``'s look-ahead sees
# there a character outside the class, so no word character, as at the end of the text: ``_WORD`` over
# each stretch finds the words it finds over the whole text. A stretch of letters only (``str.isalpha``:
# every such character is a ``_LETTER`` and none a digit, so ``_WORD``'s letters reach the stretch's end)
# no longer than ``MAX_WORD_CHARS`` is one word, as ``_WORD`` would find it, without running it.
_STRETCH = re.compile(r"[\w\u0300-\u036F\u064B-\u065F\u0670'’‘ʼ`´]+")
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


class Token(NamedTuple):
    """One word: ``text[start:end]`` (a possessive 's is left out), its ``normalize`` key and shape.

    A named tuple: a text has a token per word, made in a fraction of a dataclass's time."""

    start: int
    end: int
    gap: str  # what separates it from the previous word: space, hyphen, comma or break
    text: str
    key: str
    capitalised: bool  # Latin, upper-case first letter
    upper: bool  # all upper case, two letters or more (an acronym, or a shouting headline)
    arabic: bool
    possessive: bool  # written with 's: ends any name it is part of
    lower: bool  # neither capitalised nor Arabic
    headline: bool = False


def tokenize(text: str) -> list[Token]:
    """Every word of ``text``, in order, with the shape facts the detector needs."""
    tokens: list[Token] = []
    append = tokens.append
    previous_end = chunk_end = 0
    gap = GAP_BREAK  # the first word's
    segment_start = 0  # the first token of the current segment (line, quoted string)
    # (a list of the chunks: a pointer per chunk, and a text has a token of ~200 bytes per word)
    for chunk in text.split(" "):
        chunk_start = chunk_end
        chunk_end += len(chunk) + 1  # (and the space after it)
        if not chunk:
            continue  # (between two spaces)
        words = _chunk_tokens(chunk) if len(chunk) <= _CACHED_CHUNK_CHARS else _tokens_of(chunk)
        for offset, cut_end, full_end, shape in words:
            start = chunk_start + offset
            if tokens:
                if start - previous_end == 1 and text[previous_end] == " ":
                    gap = GAP_SPACE  # the common case, without a regex
                else:
                    gap_text = text[previous_end:start]
                    gap, segment_end = _short_gap(gap_text) if len(gap_text) <= _SHORT_GAP else _gap(gap_text)
                    if segment_end:
                        _mark_headline(tokens, segment_start)
                        segment_start = len(tokens)
            # (concatenated: unpacking into a display builds a list, then the tuple)
            append(_new_token(Token, (start, chunk_start + cut_end, gap) + shape))  # noqa: RUF005
            previous_end = chunk_start + full_end
    _mark_headline(tokens, segment_start)
    return tokens


_new_token = tuple.__new__

# A word's facts are the same wherever it stands: those of each distinct chunk of text between spaces
# are worked out once and remembered, up to a bound (a longer chunk is debris, worked out each time
# and never kept).
_CACHED_CHUNK_CHARS = 2 * MAX_WORD_CHARS
_ChunkToken = tuple[int, int, int, tuple[str, str, bool, bool, bool, bool, bool, bool]]


def _tokens_of(chunk: str) -> tuple[_ChunkToken, ...]:
    """The tokens of a chunk of text without a space, each as its offset in the chunk, where it
    ends (a possessive 's left out) and where its word ends, and its fields from ``text`` on
    (``_shape``). A word too long, and the rest of one, is no token (``tokenize`` then sees a gap
    with letters between its neighbours: a break)."""
    if chunk.isalpha() and len(chunk) <= MAX_WORD_CHARS:  # one plain word, as ``_words`` finds it
        cut, shape = _shape(chunk)
        return ((0, len(chunk) - cut, len(chunk), shape),)
    found: list[_ChunkToken] = []
    skipped_end = -1
    for start, end, word in _words(chunk):
        if end - start > MAX_WORD_CHARS or start == skipped_end:  # too long, or the rest of one
            skipped_end = end
            continue
        cut, shape = _shape(word)
        found.append((start, end - cut, end, shape))
    return tuple(found)


_chunk_tokens = lru_cache(maxsize=65536)(_tokens_of)


def _words(text: str) -> Iterator[tuple[int, int, str]]:
    """The matches of ``_WORD`` in ``text`` (start, end, word), in order, found stretch by stretch
    (see ``_STRETCH``)."""
    for stretch in _STRETCH.finditer(text):
        start, end = stretch.span()
        if end - start <= MAX_WORD_CHARS:  # (a huge stretch is never copied out)
            word = stretch.group()
            if word.isalpha():
                yield start, end, word
                continue
        for found in _WORD.finditer(text, start, end):
            yield *found.span(), found.group()


@lru_cache(maxsize=65536)
def _shape(word: str) -> tuple[int, tuple[str, str, bool, bool, bool, bool, bool, bool]]:
    """How many characters a possessive 's cuts off the word, and the token's fields from ``text``
    on: the word without it, its normalised key, whether it is capitalised, all upper case, Arabic,
    possessive, lower case, and not (yet) of a headline."""
    possessive = len(word) > 4 and word.endswith(_POSSESSIVE)
    if possessive:
        word = word[:-2]
    first = word[0]
    capitalised, arabic = first.isupper(), bool(ARABIC_LETTER.match(first))
    upper = len(word) > 1 and word.isupper()
    lower = not (capitalised or arabic)
    return (2 if possessive else 0), (
        word,
        normalize(word),
        capitalised,
        upper,
        arabic,
        possessive,
        lower,
        False,
    )


def _gap(gap: str) -> tuple[str, bool]:
    """What a gap between two words is (space, hyphen, comma or break) and whether a segment ends in it."""
    return _gap_kind(gap), bool(_SEGMENT_END.search(gap))


# the same few short gaps recur (", ", ". ", "\n"): what they are is remembered
_short_gap = lru_cache(maxsize=4096)(_gap)


def _gap_kind(gap: str) -> str:
    if _SPACE_GAP.fullmatch(gap):
        return GAP_SPACE
    if _HYPHEN_GAP.fullmatch(gap):
        return GAP_HYPHEN
    if _COMMA_GAP.fullmatch(gap):
        return GAP_COMMA
    return GAP_BREAK


def _mark_headline(tokens: list[Token], start: int) -> None:
    """Flag the tokens of the segment ``tokens[start:]`` if it is written in Title Case."""
    if len(tokens) - start > _HEADLINE_MAX_WORDS:
        return
    segment = tokens[start:]
    content = [
        token
        for token in segment
        if len(token.text) >= 4 and not token.arabic and token.key not in _HEADLINE_LOWER_CASE_WORDS
    ]
    if len(content) < _HEADLINE_MIN_WORDS:
        return
    capitalised = sum(1 for token in content if token.capitalised)
    if capitalised >= _HEADLINE_CAPITALISED_SHARE * len(content):
        tokens[start:] = [token._replace(headline=True) for token in segment]
