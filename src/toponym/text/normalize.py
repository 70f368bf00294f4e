"""The normalised form of a place name: equal forms mean "the same spelling up to trivia".

``normalize`` is the exact-match key that equal names share (merging sources, exact lookups, caches).
It keeps every letter that tells two spellings apart, so "Deir ez-Zor" and "Dayr az Zawr" stay
different here; the coarser keys that make them meet — articles, vowels, consonant classes,
generic words, endings — are :mod:`toponym.text.keys` (and :mod:`toponym.text.arabic` for Arabic script).

Rules, in order:

1. Unicode NFKC (compatibility forms: ligatures, full-width letters, Arabic presentation forms).
2. Text with Arabic letters is folded, not transliterated (``fold_arabic``, see
   :mod:`toponym.text.arabic`): harakat, tatweel and invisible marks dropped; alef forms, alif maqṣūra,
   tāʾ marbūṭa and hamza seats reduced to one letter each; Persian/Kurdish letter shapes to Arabic
   ones; the article ``ال`` dropped at the start of each word.
3. Other text: ʿayn and hamza marks (ʿ ʾ ' ‘ ’ ` ´ ʻ ʼ) are dropped (``Ma`arrat`` = ``Maarrat``,
   ``As’ad`` = ``Asad``), then unidecode transliterates to ASCII (macrons, dots, accents go).
4. Lower case; every run of characters that is not an ASCII letter, a digit or an Arabic letter
   becomes one space; leading and trailing spaces go.

Python's string methods and unidecode do not depend on the locale, so neither does this. The result
is idempotent: ``normalize(normalize(x)) == normalize(x)``.
"""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

from toponym.text import arabic

# ʿayn and hamza as Latin spellings write them: apostrophes, modifier letters, primes, backticks.
MARKS = re.compile(r"[\u0027\u0060\u00B4\u02B9-\u02BF\u02C8\u02CA\u02CB\u2018\u2019\u201B\u2032\u2035]")
_NON_WORD = re.compile(r"[^0-9a-z\u0600-\u06FF]+")
_SPACES = re.compile(r"\s+")


def script_of(text: str) -> str:
    """ISO 15924 code of the text's main script: "Arab" if it has Arabic letters, else "Latn"."""
    return "Arab" if arabic.has_arabic(text) else "Latn"


def fold_arabic(text: str) -> str:
    """Fold Arabic spelling variation: NFKC, diacritics and tatweel, alef/hamza forms, tāʾ marbūṭa,
    alif maqṣūra, Persian/Kurdish letter shapes; then drop the article ``ال`` at the start of each
    word (see :func:`toponym.text.arabic.fold_arabic`)."""
    return arabic.fold_arabic(text)


def normalize(text: str) -> str:
    """The normalised key of a name: equal keys mean 'the same spelling up to trivia'."""
    if text.isascii():  # most text: NFKC and unidecode change nothing in ASCII
        if text.isalnum():
            return text.lower()  # a word of ASCII letters and digits: no mark, nothing not a word
        return _ascii_normalized(text)
    text = unicodedata.normalize("NFKC", text)
    if script_of(text) == "Arab":
        # punctuation separates words before the article is looked for: "-آل00" is not "آل00"
        text = fold_arabic(_NON_WORD.sub(" ", arabic.dediacritize(text).lower()))
    else:
        text = unidecode(MARKS.sub("", text))
    text = _NON_WORD.sub(" ", text.lower())
    return _SPACES.sub(" ", text).strip()


def _ascii_normalized(text: str) -> str:
    """``normalize`` of ASCII text: marks dropped, lower case, every run of other characters a space."""
    return _SPACES.sub(" ", _NON_WORD.sub(" ", MARKS.sub("", text).lower())).strip()
