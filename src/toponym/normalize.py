"""Normalised keys for matching place names (first version; the matcher issue refines the rules).

``normalize`` is the key equal names share: Unicode-folded, ASCII-transliterated, lower-case,
punctuation and apostrophes removed, white space collapsed. Arabic script is folded, not
transliterated, so Arabic names compare with Arabic names.
"""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_ARABIC_CHAR = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_ARABIC_DIACRITICS = re.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")  # harakat, tatweel
_ALEF_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02BB\u02BC\u02BE\u02BF\u0060\u00B4]")
_NON_WORD = re.compile(r"[^0-9a-z\u0600-\u06FF]+")
_SPACES = re.compile(r"\s+")


def script_of(text: str) -> str:
    """ISO 15924 code of the text's main script: "Arab" if it has Arabic letters, else "Latn"."""
    return "Arab" if _ARABIC_CHAR.search(text) else "Latn"


def fold_arabic(text: str) -> str:
    """Fold Arabic spelling variation: NFKC, diacritics and tatweel, alef/hamza forms, tāʾ marbūṭa,
    alif maqṣūra; then drop the article ``ال`` at the start of each word."""
    text = _ARABIC_DIACRITICS.sub("", unicodedata.normalize("NFKC", text)).translate(_ALEF_FORMS)
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in text.split()]
    return " ".join(words)


def normalize(text: str) -> str:
    """The normalised key of a name: equal keys mean 'the same spelling up to trivia'."""
    text = unicodedata.normalize("NFKC", text)
    text = fold_arabic(text) if script_of(text) == "Arab" else unidecode(_APOSTROPHES.sub("", text))
    text = _NON_WORD.sub(" ", text.lower())
    return _SPACES.sub(" ", text).strip()
