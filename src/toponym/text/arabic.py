"""Arabic script: folding spelling variation, and a BGN/PCGN-like romanisation of names.

Folding (``fold_arabic``), one small function per phenomenon, applied in this order:

1. Unicode NFKC (presentation forms such as ``ﻻ`` become plain letters).
2. ``dediacritize``: harakat (fatḥa, ḍamma, kasra, sukūn, shadda, tanwīn), dagger alif, Quranic
   marks and tatweel ``ـ`` are dropped; so are zero-width joiners and direction marks.
3. ``normalize_alef``: ``أ إ آ ٱ`` → ``ا``; hamza seats ``ؤ`` → ``و``, ``ئ`` → ``ي``.
4. ``normalize_alef_maqsura``: ``ى`` → ``ي``.
5. ``normalize_teh_marbuta``: ``ة`` → ``ه``.
6. Persian and Kurdish letter shapes that Syrian names borrow: ``ی`` → ``ي``, ``ک`` → ``ك``,
   ``ھ ە ۃ`` → ``ه``.
7. ``strip_article``: the article ``ال`` at the start of a word of four letters or more.

Romanisation (``romanize``) follows BGN/PCGN 1956 for Arabic, simplified to plain ASCII so that its
output can go through the same Latin keys as every romanised name: the consonant table
``CONSONANTS`` is data; ``ع`` and ``ء`` become nothing (they are written in every possible way, or not
at all, in Latin spellings) except at the start of a word, where they are heard as a vowel (``a``);
hamza on a seat is the seat's vowel (``HAMZA_SEATS``: ``إ`` i, ``أ`` a, ``ؤ`` u, ``ئ`` i);
``و``/``ي`` are read as long vowels ``u``/``i`` after a consonant and as ``w``/``y`` elsewhere;
``ا`` is ``a``; the article is ``al`` (its assimilation is a matter for the Latin keys); a final
``ة`` — or a final ``ه`` after a consonant, as Syrian data often types it — is ``ah``, and the nisba
``ية`` is ``iyah``. Short vowels are not written in
Arabic, so the output has none: ``كنصبا`` → ``knsba``. The matcher therefore compares such names
through their consonant skeleton only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200B-\u200F\u202A-\u202E]")
_ALEF_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي"})
_ALEF_MAQSURA = str.maketrans({"ى": "ي"})
_TEH_MARBUTA = str.maketrans({"ة": "ه"})
_BORROWED_SHAPES = str.maketrans({"ی": "ي", "ې": "ي", "ک": "ك", "ڪ": "ك", "ھ": "ه", "ە": "ه", "ۃ": "ه"})
_ARTICLE = "ال"

# BGN/PCGN consonants, ASCII-only (the dots of the emphatics are dropped: ص → s, ط → t, ...).
CONSONANTS: Mapping[str, str] = MappingProxyType(
    {
        "ب": "b",
        "ت": "t",
        "ث": "th",
        "ج": "j",
        "ح": "h",
        "خ": "kh",
        "د": "d",
        "ذ": "dh",
        "ر": "r",
        "ز": "z",
        "س": "s",
        "ش": "sh",
        "ص": "s",
        "ض": "d",
        "ط": "t",
        "ظ": "z",
        "غ": "gh",
        "ف": "f",
        "ق": "q",
        "ك": "k",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ه": "h",
        # Persian / Kurdish letters found in Syrian (mostly Kurdish) names
        "پ": "p",
        "چ": "ch",
        "ژ": "zh",
        "گ": "g",
        "ڤ": "v",
        "ڕ": "r",
        "ڵ": "l",
    }
)
# Hamza on its seats is heard as the seat's vowel: إدلب Idlib, أبو Abu, بئر Bir, مؤمن Mumin.
HAMZA_SEATS: Mapping[str, str] = MappingProxyType(
    {"أ": "a", "آ": "a", "ٱ": "a", "إ": "i", "ؤ": "u", "ئ": "i"}
)
_SILENT = frozenset("عء")  # ʿayn and hamza: no Latin letter (see the module docstring)
_LONG_VOWEL = {"و": ("u", "w"), "ي": ("i", "y")}  # (between consonants, elsewhere)
_KURDISH_VOWELS: Mapping[str, str] = MappingProxyType({"ۆ": "o", "ێ": "e", "ۇ": "u", "ۋ": "w"})


def has_arabic(text: str) -> bool:
    """Whether the text holds at least one Arabic-script letter."""
    return ARABIC_LETTER.search(text) is not None


def dediacritize(text: str) -> str:
    """Drop harakat, shadda, tanwīn, dagger alif, Quranic marks, tatweel and invisible marks."""
    return _DIACRITICS.sub("", text)


def normalize_alef(text: str) -> str:
    """Alef with hamza or madda and alef wasla → bare alef; hamza on wāw/yāʾ → the bare letter."""
    return text.translate(_ALEF_FORMS)


def normalize_alef_maqsura(text: str) -> str:
    return text.translate(_ALEF_MAQSURA)


def normalize_teh_marbuta(text: str) -> str:
    return text.translate(_TEH_MARBUTA)


def normalize_borrowed_shapes(text: str) -> str:
    """Persian/Kurdish shapes of yāʾ, kāf and hāʾ → the Arabic letters."""
    return text.translate(_BORROWED_SHAPES)


def strip_article(text: str) -> str:
    """Drop ``ال`` at the start of each word long enough to hold it (``الرقة`` → ``رقة``)."""
    return " ".join(_without_article(word) for word in text.split())


def _without_article(word: str) -> str:
    while word.startswith(_ARTICLE) and len(word) > 3:  # a loop keeps folding idempotent: الالرقة
        word = word[2:]
    return word


def fold_letters(text: str) -> str:
    """Steps 1–6 of the folding: the letters, the article left in place."""
    text = dediacritize(unicodedata.normalize("NFKC", text))
    return normalize_teh_marbuta(normalize_borrowed_shapes(normalize_alef_maqsura(normalize_alef(text))))


def fold_arabic(text: str) -> str:
    """Fold Arabic spelling variation (see the module docstring, steps 1–7)."""
    return strip_article(fold_letters(text))


# A word's final long vowel or feminine ending, which Syrian data types interchangeably (معراتا/معراتة,
# العوجا/العوجاء); after folding, ة is ه and ى is ي.
_FINAL_VOWEL = re.compile(r"(?:اء|ا|ه|ي)(?= |$)")


# Hamza on the line (ء) is left out as often as written (الحمراء/الحمرا, دارياء/داريا); on a seat it
# is folded to the seat (``normalize_alef``).
_HAMZA_ON_LINE = str.maketrans({"ء": None})


@lru_cache(maxsize=65536)
def spelling_form(text: str) -> str:
    """An Arabic-script name as written, its words one space apart, up to what Arabic typing varies
    without making another name: diacritics, tatweel, hamza seats and hamza on the line, ى/ي, ة/ه
    (``fold_letters``). The article and a final alif or tāʾ marbūṭa stay: الكريمة is not كريمة and
    بطحة is not بطحا — Arabic script writes them as the name has them, and two villages often differ
    by no more (``letters_form`` is the looser form that leaves them out). Spacing varies too
    (كفربطنا, كفر بطنا): compare the forms without their spaces for one spelling."""
    return " ".join(fold_letters(text).translate(_HAMZA_ON_LINE).split())


@lru_cache(maxsize=65536)
def letters_form(text: str) -> str:
    """The letters an Arabic-script name is spelled with, up to folding (``fold_arabic``), spacing, the
    article anywhere (joined forms: عينالعرب) and a word's final long vowel or tāʾ marbūṭa: two names
    of the same form are one spelling; two of different forms are different spellings, even when the
    keys, which fold letters for the sake of romanised names (ح/ه, ص/س, ع), cannot tell them apart."""
    # the article anywhere starts a word: معرةالنعمان is معرة النعمان, its ة a word's end
    return "".join(_FINAL_VOWEL.sub("", fold_arabic(text).replace(_ARTICLE, " ")).split())


def romanize(text: str) -> str:
    """A BGN/PCGN-like ASCII romanisation of an Arabic-script name (see the module docstring).

    >>> romanize("الناصرية")
    'al nasriyah'
    """
    text = dediacritize(unicodedata.normalize("NFKC", text))
    text = normalize_borrowed_shapes(normalize_alef_maqsura(text))
    return " ".join(filter(None, (_romanize_word(word) for word in re.split(r"[\s\-_،,]+", text))))


def _romanize_word(word: str) -> str:
    if word.startswith(_ARTICLE) and len(word) > 3:
        rest = _romanize_word(word[2:])
        return f"al {rest}" if rest else ""
    out: list[str] = []
    last = len(word) - 1
    for i, char in enumerate(word):
        if char == "ة" or (char == "ه" and i == last and i > 1 and word[i - 1] not in "اوه"):
            # tāʾ marbūṭa, also when typed as a final hāʾ (common in Syrian data: مسكنه)
            out.append("ah" if i == last else "at")
        elif char in _LONG_VOWEL:
            out.append(_read_weak_letter(word, i, char))
        elif char == "ا":
            out.append("a")
        elif char in HAMZA_SEATS:
            out.append(HAMZA_SEATS[char])
        elif char in CONSONANTS:
            out.append(CONSONANTS[char])
        elif char in _KURDISH_VOWELS:
            out.append(_KURDISH_VOWELS[char])
        elif char in _SILENT and i == 0:
            out.append("a")  # a word-initial ʿayn or hamza is heard as a vowel: عين → ayn
        elif char in _SILENT or ARABIC_LETTER.match(char):
            continue
        elif char.isalnum():
            out.append(char.lower())
    return "".join(out)


def _read_weak_letter(word: str, i: int, char: str) -> str:
    """``و``/``ي``: a long vowel after a consonant (and not before a vowel letter), else a consonant."""
    vowel, consonant = _LONG_VOWEL[char]
    before = word[i - 1] if i > 0 else ""
    after = word[i + 1] if i + 1 < len(word) else ""
    if char == "ي" and (after == "ة" or (after == "ه" and i + 1 == len(word) - 1)):
        return "iy"  # nisba: ـية → iyah
    after_consonant = bool(before) and before not in "اوي" and before not in _SILENT
    if after_consonant and after not in ("ا", "و", "ي"):
        return vowel
    return consonant
