"""Cheap keys that tell whether a stretch of text may be a gazetteer name (detection, not scoring).

Extraction looks up every capitalised stretch of a text, so its keys must be fast to compute and
coarse enough to meet a journalist's spelling of a name the gazetteer writes otherwise; the matcher
then decides, on the candidate's exact spelling, whether it really is that place.

- ``loose_key``: the ``normalize`` key without articles and name particles (al-Sawda = As Sawda) and
  without a final h after a vowel (tāʾ marbūṭa: Hamah = Hama).
- ``skeleton``: the consonants of the loose key, in classes romanisations confuse: q/k/c/g/gh/kh,
  d/t/z/dh/th, s/sh/ch, p/b, v/f; vowels, w and y inside words (Zawr/Zour/Zor, Dayr/Deir) and
  doubled letters (Lattakia/Latakia) are left out. Arabic script has no skeleton (its loose key is
  already folded by ``normalize``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from toponym.text.normalize import normalize

_DIGRAPHS = (("dsch", "j"), ("dj", "j"), ("sh", "s"), ("ch", "s"), ("kh", "k"), ("gh", "k"))
_DIGRAPHS_2 = (("th", "t"), ("dh", "t"), ("ph", "f"), ("ck", "k"))
_CLASSES = str.maketrans({"q": "k", "c": "k", "g": "k", "x": "k", "d": "t", "z": "t", "p": "b", "v": "f"})
_VOWELS_INSIDE = re.compile(r"(?<=.)[aeiouyw]+")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_REPEATS = re.compile(r"(.)\1+")
_DIGITS = re.compile(r"[0-9]+")


def loose_words(key: str, articles: frozenset[str]) -> list[str]:
    """The words of a ``normalize`` key without articles (kept if nothing else is left), final -h dropped."""
    words = key.split()
    specific = [word for word in words if word not in articles] or words
    return [_FINAL_H.sub("", word) for word in specific]


def loose_key(text: str, articles: frozenset[str]) -> str:
    return " ".join(loose_words(normalize(text), articles))


@lru_cache(maxsize=65536)
def word_skeleton(word: str) -> str:
    """The consonant skeleton of one lower-case word of a ``normalize`` key ("" for Arabic script)."""
    if not word.isascii():
        return ""
    word = _DIGITS.sub("", word)
    if word.startswith("ou"):
        word = "w" + word[2:]  # French Ouadi = Wadi
    for spelling, letter in _DIGRAPHS:
        word = word.replace(spelling, letter)
    for spelling, letter in _DIGRAPHS_2:
        word = word.replace(spelling, letter)
    word = word.rstrip("h") if len(word) > 2 else word
    word = _VOWELS_INSIDE.sub("", word)
    if word[:1] in ("a", "e", "i", "o", "u"):
        word = word[1:]
    return _REPEATS.sub(r"\1", word.translate(_CLASSES))


def skeleton_of_words(words: list[str]) -> str:
    return " ".join(filter(None, map(word_skeleton, words)))


def skeleton(text: str, articles: frozenset[str]) -> str:
    return skeleton_of_words(loose_words(normalize(text), articles))
