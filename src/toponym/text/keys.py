"""Coarse matching keys for place names: what stays the same across every romanisation of a name.

A name (in any Latin spelling, or in Arabic script through ``toponym.text.arabic.romanize``) becomes one or
two :class:`NameKey` readings: its *specific* words (the part that tells places apart) as phonetic
keys, consonants and consonant skeletons; its *generic* words (Tall, Jabal, Kafr, ...), its
*qualifiers* (Upper, Eastern, Big, ...) and the kind its *descriptor* words name ("province"), each
reduced to one canonical form. The matcher blocks candidates on skeletons and scores them on all
three levels (``toponym.index.similarity``). The rules, in the order they apply:

**Letters** (``latin_words``). NFKC; ʿayn and hamza marks (ʿ ʾ ' ‘ ’ ` ´ ʻ ʼ, the typographic
apostrophe included) are dropped; ḫ → kh, ġ → gh, š → sh, ǧ → j, ṯ → th, ḏ → dh; every other
diacritic (macrons, dots under emphatics, French accents) goes through unidecode; lower case;
anything that is not a letter or a digit separates words.

**Articles.** al, el, il, ul, l, the assimilated ad adh ar as ash at ath az an ed edh er es esh ech et
eth ez en ej are dropped when another word follows, whether written as a word or joined by a hyphen
(al-Bab, Deir-ez-Zor). Joined without a separator (OCHA's "Elsahel", "Elabyad"; "Alsahel";
journalists' "Ezzor") an article is a guess, so a second reading of the name is made with it split
off (``guessed``; it scores a little less). "Al" before a vowel stays (Alawite, Aleppo).

**Phonetic key of a word** (``fold_word``), in order:

- the construct state: -at/-et on a word that is not the last of its name is tāʾ marbūṭa → a
  (Khirbat X, Maarat X; not before a qualifier: Uwaynat al Kabirah), and -iet/-iat after a nisba
  → iya (Ashrafiet X = Ashrafiyat X);
- foreign spellings: dsch/dzh/dz/dj → j; tsch/sch/sz/ch → sh (French, German, Polish); qu before e/i
  → k (Lattaquié); ph → f; ck → k; French eu → u; ou before a vowel → w (Ouadi), else u; oo → u;
  ee → i; rh at the start → gh (French "Rharbi");
- endings: nisba -iyah/-iyya/-iyye/-iyeh/-ieh/-ié/-ija → iya; tāʾ marbūṭa -ah/-eh/-a/-e → a;
  French -ane/-ine/-oune lose their mute e;
- diphthongs: ay/ai/ei/ey before a consonant → i, aw/au → u (Qaryatayn/Qaryatain/Qaryateen,
  Zawr/Zour/Zor, Dayr/Deir); before a vowel the y/w is a consonant (Hayat, Hawa);
- a first vowel is a: it follows ʿayn or hamza, and romanisations disagree on it while Arabic script
  leaves it unwritten (ʿUbayd/Obeid/Ebeid and عبيد, read abid; Izraʿ/Ezraa);
- consonant classes: gh/g → G; sh → S; kh → X; th and dh → D (one class: ث and ذ, and ظ or ض
  in some spellings, are written th, dh, t, d, z or s — Abu Thuhur/Abu al-Dhuhur); q/k/c → k;
  x → ks;
- vowels: o → u (Tadmur/Tadmor); e is dropped — romanisations write it for a, i or nothing
  (Tell/Tall, Idleb/Idlib, Menbij/Manbij); w → u and y → i, except as the first letter (Wadi, Yabrud);
- a final h after a vowel is dropped (tāʾ marbūṭa written -ah/-eh);
- doubled letters are single (Lattakia/Latakia, Kinnsibba/Kinsibba).

**Consonants** (``consonants``) are the key without vowels, w and y. **Skeletons** (``skeleton``) are
the consonants in coarser classes: t/d/z/th/dh are one (Lādhiqīyah → Latakia, Dhahab/Zahab),
k/q/g/gh/kh one (kh is written k when its h is dropped), b/p one, f/v one; s, sh, h, j, l, m, n, r
stay. p and v stay apart from b and f in keys: Arabic has neither, so "Paris" is not "Baris".

**Generic words** before the specific part become one canonical word each: Tall/Tell/Tel/Tal,
Jabal/Jebel/Djebel/Jbel, Wadi/Ouadi/Wady/Oued, Kafr/Kfar/Kefr/Kafer, Dayr/Deir/Der/Dair, Ayn/Ain/Ein,
Khirbat/Khirbet/Kherbet, Umm/Um/Om/Oum, Abu/Abou (and Abul/Aboul: Abu al-), Bayt/Beit/Bait, Qasr/Kasr, Qalat/Qala,
Bir/Beer/Bi'r, Ras, Jisr, Nahr, Marj, Sahl, Mazraat, Qaryat, Shaykh/Sheikh/Cheikh, Hayy (and their
Arabic-script forms); English ones anywhere: Mount, Hill, Valley, Spring, Well, Castle, Bridge,
River, Farm, Ruins. A name made only of generic words keeps them as its specific part ("Al Jabal").
**Descriptors** (village, town, city, governorate, province, district, subdistrict, camp, region,
markaz, muhafazat, mintaqat, nahiyat, محافظة, منطقة, ناحية, ...) are dropped, and a linking word right
after one ("Governorate of Idlib", "gouvernorat de Hama": ``descriptor_links.txt``) with it; the kind
they name is kept (``kind``). **Qualifiers** become canonical too, from Arabic (matched on their consonants) or
English: upper (Fawqani, Fawqa), lower (Tahtani, Tahta, Sufla), east (Sharqi, Eastern), west (Gharbi,
Western), north (Shamali, Northern), south (Janubi, Qibli, Southern), big (Kabir, Kubra, Big, Great,
Large), small (Saghir, Sughra, Little, Small), middle (Wastani, Wusta, Awsat, Middle, Central), new
(Jadid, New), old (Qadim, Old), rural (Rif, Rural, Countryside: "Rural Damascus" = Rif Dimashq). An
Arabic qualifier counts only after another word ("Jdideh" alone is a name, not "New").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from unidecode import unidecode

from toponym.lazy import once
from toponym.text.arabic import fold_arabic, fold_letters, has_arabic, romanize, strip_article
from toponym.text.lexicon import lexicon
from toponym.text.normalize import MARKS, normalize

_SPECIAL_LETTERS = str.maketrans(
    {"ḫ": "kh", "Ḫ": "kh", "ẖ": "kh", "ġ": "gh", "Ġ": "gh", "š": "sh", "Š": "sh", "ǧ": "j", "Ǧ": "j"}
    | {"ṯ": "th", "Ṯ": "th", "ḏ": "dh", "Ḏ": "dh", "ž": "zh", "Ž": "zh", "č": "ch", "Č": "ch"}
)
_NOT_WORD = re.compile(r"[^a-z0-9]+")

# The phonetic key of a word, step by step (see the docstring); each step is one pass over the word.
_FOREIGN_SPELLINGS = re.compile(r"dsch|dzh|dz|dj|tsch|sch|sz|ch|ph|ck|qu(?=[ei])|eu|ou|oo|ee")
_FOREIGN_SPELLING_LETTERS = {
    "dsch": "j",
    "dzh": "j",
    "dz": "j",
    "dj": "j",
    "tsch": "sh",
    "sch": "sh",
    "sz": "sh",
} | {
    "ch": "sh",
    "ph": "f",
    "ck": "k",
    "qu": "k",
    "eu": "u",
    "oo": "u",
    "ee": "i",
}
_NISBA_ENDING = re.compile(r"(?<=[^aeiou])(?:(?:iy+|ij)(?:ah|eh|a|e)|ieh?)$")
_MUTE_E = re.compile(r"(?:(?<=[aiu]n)|(?<=oun))e$")
_TA_MARBUTA_ENDING = re.compile(r"(?<=[^aeiou])(?:ah|eh|a|e)$")
_DIPHTHONG = re.compile(r"[ae][iy](?![aeiou])")  # before a vowel the y is a consonant: Hayat
_DIPHTHONG_AW = re.compile(r"a[wu](?![aeiou])")  # Zawr/Zour/Zor; before a vowel: Hawa
_CONSONANT_DIGRAPHS = re.compile(r"gh|sh|kh|th|dh")
# th and dh are one class: ث and ذ (and ظ, ض in some spellings) are written th, dh, t, d, z or s
_CONSONANT_DIGRAPH_LETTERS = {"gh": "G", "sh": "S", "kh": "X", "th": "D", "dh": "D"}
_LETTER_CLASSES = str.maketrans({"o": "u", "g": "G", "q": "k", "c": "k", "x": "ks", "e": None})
_WEAK_LETTERS = str.maketrans({"w": "u", "y": "i"})  # after the first letter: Wadi and Yabrud keep theirs
_FINAL_H = re.compile(r"(?<=[aeiu])h$")
# tāʾ marbūṭa in the construct state, after a nisba too: Ashrafiet (Ashrafiyat) al Wadi, Dahiet al Asad
_CONSTRUCT_ENDING = re.compile(r"(?<=[^aeiou])(i?)[ae]t$")
_INITIAL_VOWEL = re.compile(r"^[eiou]")  # ʿayn or hamza and an unwritten vowel: ʿUbayd/Obeid/Ebeid/Abid
_VOWELS = re.compile(r"[aeiu]")
_WEAK_AND_VOWELS = re.compile(r"[aeiuwy]")
_SKELETON_CLASSES = str.maketrans(
    {"d": "t", "z": "t", "T": "t", "D": "t", "G": "k", "X": "k", "p": "b", "v": "f", "w": None, "y": None}
)
_DOUBLED = re.compile(r"(.)\1+")

RURAL = "rural"  # the qualifier that names the area around a town (Rif Dimashq, Rural Idlib)
_MIN_QUALIFIER_CONSONANTS = 3  # shorter consonant stems ("st") would turn ordinary words into qualifiers
# "Elsahel", "Elabyad", "Alsahel", "Ezzor": an article joined to its word. "Al" before a vowel is left
# alone: words such as "Alawite" or "Alameda" start that way.
_JOINED_ARTICLE = re.compile(
    r"^(?:el(?=[a-z]{3,})|al(?=[^aeiou][a-z]{2,})|[ae](?=(t|d|r|z|s|n|sh|th|dh)\1[a-z]{2,}))"
)


class NameKey(NamedTuple):
    """One reading of a name, reduced for matching.

    ``words``: phonetic keys of the specific words; ``consonants``: the same without vowels, w and y;
    ``skeletons``: consonants in coarse classes. ``generics``: canonical generic words;
    ``qualifiers``: canonical qualifiers; ``vowelled``: False when the name came from Arabic script
    (no short vowels), so only consonants can be compared. ``key``/``consonant_key``/``skeleton``
    join the specific words without spaces (word splits vary between spellings); the ``full_``
    forms put the generic words in front (names written as one word: "Kafarnaha" for Kafr Naha).

    A named tuple rather than a dataclass: an index decodes thousands of stored readings per second
    (``decode``), and a tuple is made in a fraction of the time.
    """

    words: tuple[str, ...]
    consonants: tuple[str, ...]
    skeletons: tuple[str, ...]
    generics: tuple[str, ...] = ()
    qualifiers: frozenset[str] = frozenset()
    vowelled: bool = True
    guessed: bool = False  # an article was split off a word ("Elsahel" → al Sahel): a guess
    kind: str | None = None  # the kind of place a descriptor word names: "governorate" for "Raqqa province"
    initial_vowel: bool = False  # the specific part starts with a vowel (ʿayn, hamza or alif in Arabic)
    key: str = ""
    consonant_key: str = ""
    skeleton: str = ""
    full_key: str = ""
    full_consonant_key: str = ""
    full_skeleton: str = ""

    def encode(self) -> str:
        """The reading as one line of text (``decode`` reads it back): keys hold no spaces or controls."""
        return _KEY_FIELD.join(
            (
                " ".join(self.words),
                " ".join(self.consonants),
                " ".join(self.skeletons),
                " ".join(self.generics),
                " ".join(sorted(self.qualifiers)),
                _flags(self.vowelled, self.guessed, self.initial_vowel),
                self.kind or "",
                self.key,
                self.consonant_key,
                self.skeleton,
                self.full_key,
                self.full_consonant_key,
                self.full_skeleton,
            )
        )

    @classmethod
    def decode(cls, line: str) -> NameKey:
        """The reading ``encode`` wrote (made as a plain tuple: an index decodes thousands a second)."""
        fields = line.split(_KEY_FIELD)
        flags = fields[5]
        if fields[0]:
            # consonants and skeletons have one entry per word, which may be empty (a word of vowels)
            words = tuple(fields[0].split(" "))
            consonant_words = tuple(fields[1].split(" "))
            skeletons = tuple(fields[2].split(" "))
        else:
            words = consonant_words = skeletons = ()
        return tuple.__new__(
            cls,
            (
                words,
                consonant_words,
                skeletons,
                tuple(fields[3].split()),
                frozenset(fields[4].split()),
                flags[0] == "1",
                flags[1] == "1",
                fields[6] or None,
                flags[2] == "1",
                *fields[7:],
            ),
        )


_KEY_FIELD = "\x1f"
_ARABIC_ARTICLE = "ال"


def _flags(*values: bool) -> str:
    return "".join("1" if value else "0" for value in values)


def latin_words(text: str) -> list[str]:
    """The lower-case ASCII words of a Latin-script name (ʿayn/hamza marks dropped, see the docstring)."""
    text = MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(_SPECIAL_LETTERS)
    return _NOT_WORD.sub(" ", unidecode(text).lower()).split()


@lru_cache(maxsize=65536)
def fold_word(word: str, *, final: bool = True) -> str:
    """The phonetic key of one lower-case ASCII word (``final``: it is the last word of its name)."""
    if not final:
        word = _CONSTRUCT_ENDING.sub(_construct_letters, word)
    word = _FOREIGN_SPELLINGS.sub(_foreign_letter, word)
    if word.startswith("rh"):
        word = "gh" + word[2:]
    word = _TA_MARBUTA_ENDING.sub("a", _MUTE_E.sub("", _NISBA_ENDING.sub("iya", word)))
    word = _DIPHTHONG_AW.sub("u", _DIPHTHONG.sub("i", word))
    word = _INITIAL_VOWEL.sub("a", word)
    word = _CONSONANT_DIGRAPHS.sub(_digraph_letter, word)
    word = word.translate(_LETTER_CLASSES)
    word = _FINAL_H.sub("", word[:1] + word[1:].translate(_WEAK_LETTERS))
    return _DOUBLED.sub(r"\1", word)


def _construct_letters(match: re.Match[str]) -> str:
    return "iya" if match.group(1) else "a"


def _foreign_letter(match: re.Match[str]) -> str:
    spelling = match.group()
    if spelling == "ou":  # a consonant before a vowel (French Ouadi), else a vowel
        return "w" if match.string[match.end() : match.end() + 1] in ("a", "e", "i", "y") else "u"
    return _FOREIGN_SPELLING_LETTERS[spelling]


def _digraph_letter(match: re.Match[str]) -> str:
    return _CONSONANT_DIGRAPH_LETTERS[match.group()]


def consonants(key: str) -> str:
    """The consonants of a phonetic key, without the weak letters w and y."""
    return _WEAK_AND_VOWELS.sub("", key)


def skeleton(key: str) -> str:
    """The consonant skeleton of a phonetic key, in the coarse classes of the docstring."""
    return _VOWELS.sub("", _DOUBLED.sub(r"\1", key.translate(_SKELETON_CLASSES)))


def _spelling_keys(spellings: Iterable[str]) -> set[str]:
    """The keys a table word may take: folded as a last word and as a first word, in either script."""
    out: set[str] = set()
    for spelling in spellings:
        word = romanize(fold_arabic(spelling)) if has_arabic(spelling) else spelling
        out.update((fold_word(word), fold_word(word, final=False)))
    return out


@dataclass(frozen=True)
class _WordTables:
    """The word tables of :mod:`toponym.text.lexicon`, keyed by folded spelling."""

    articles: frozenset[str]
    descriptor_links: frozenset[str]  # "of", "de" right after a descriptor ("Governorate of Idlib")
    arabic_heads: tuple[str, ...]  # generic words in Arabic script, folded, longest first
    arabic_generics: dict[str, str]
    english_generics: dict[str, str]
    descriptors: dict[str, str]  # folded word → the kind of place it names ("" when none in particular)
    arabic_qualifiers: dict[str, str]
    arabic_qualifier_consonants: dict[str, str]
    english_qualifiers: dict[str, str]

    def arabic_qualifier(self, key: str) -> str | None:
        """The qualifier an Arabic word is, by its key or (if long enough) its consonants."""
        found = self.arabic_qualifiers.get(key)
        if found is None and len(stem := consonants(key)) >= _MIN_QUALIFIER_CONSONANTS:
            found = self.arabic_qualifier_consonants.get(stem)
        return found


@once
def _word_tables() -> _WordTables:
    """Generic, descriptor and qualifier tables keyed by folded spelling (built once, on first use)."""
    words = lexicon()
    arabic_qualifiers = {k: q.canonical for q in words.qualifier_words for k in _spelling_keys(q.arabic)}
    return _WordTables(
        articles=words.articles,
        descriptor_links=words.descriptor_links,
        arabic_heads=tuple(
            sorted(
                {fold_letters(w) for g in words.generic_words for w in g.spellings if has_arabic(w)},
                key=len,
                reverse=True,
            )
        ),
        arabic_generics={k: g.canonical for g in words.generic_words for k in _spelling_keys(g.spellings)},
        english_generics={k: g.canonical for g in words.generic_words for k in _spelling_keys(g.english)},
        descriptors={
            k: kind or "" for word, kind in words.descriptor_words.items() for k in _spelling_keys((word,))
        },
        arabic_qualifiers=arabic_qualifiers,
        arabic_qualifier_consonants={
            consonants(k): c
            for k, c in arabic_qualifiers.items()
            if len(consonants(k)) >= _MIN_QUALIFIER_CONSONANTS
        },
        english_qualifiers={k: q.canonical for q in words.qualifier_words for k in _spelling_keys(q.english)},
    )


@dataclass(frozen=True, slots=True)
class _Word:
    """What one word of a name is: its keys, and its role if it is a table word."""

    key: str
    consonants: str
    skeleton: str
    initial_vowel: bool  # before ``w``/``y`` became vowels in the key: "Ouadi" starts with a consonant
    descriptor: str | None  # the kind of place a descriptor word names ("" for none in particular)
    english_qualifier: str | None
    arabic_qualifier: str | None
    english_generic: str | None
    arabic_generic: str | None


@lru_cache(maxsize=131072)
def _analyse(word: str, final: bool) -> _Word:
    key = fold_word(word, final=final)
    tables = _word_tables()
    return _Word(
        key=key,
        consonants=consonants(key),
        skeleton=skeleton(key),
        initial_vowel=_starts_with_vowel(word),
        descriptor=tables.descriptors.get(key),
        english_qualifier=tables.english_qualifiers.get(key),
        arabic_qualifier=tables.arabic_qualifier(key),
        english_generic=tables.english_generics.get(key),
        arabic_generic=tables.arabic_generics.get(key),
    )


def without_descriptors(text: str) -> str:
    """A name without its descriptor words, in either script ("قرية كفرنبودة" → "كفرنبودة", "Saraqib
    town" → "Saraqib"); the text itself when every word is one."""
    descriptors = _word_tables().descriptors
    words = [word for word in text.split() if not any(key in descriptors for key in _spelling_keys((word,)))]
    return " ".join(words) or text


def qualifier_of(folded: str) -> str | None:
    """The qualifier a folded word is ("east" for the key of al-Sharqiya or Eastern), or None."""
    tables = _word_tables()
    return tables.english_qualifiers.get(folded) or tables.arabic_qualifier(folded)


def _generic_word(canonical: str) -> _Word:
    """The keys of a canonical generic word ("tall", "kafr")."""
    return _analyse(canonical, True)


def _starts_with_vowel(word: str) -> bool:
    """Whether a word starts with a vowel letter ("Ouadi" does not: its ou is a w)."""
    return word[:1] in "aeiou" and not (word.startswith("ou") and word[2:3] in ("a", "e", "i", "y"))


class DetectionKey(NamedTuple):
    """The three keys a stretch of text is looked up by when mentions are detected (see
    ``detection_key``): cheap, computed word by word, so that a run of words can grow one at a time."""

    exact: str  # ``normalize``: the spelling up to case, accents and punctuation
    loose: str  # each word's phonetic key (``fold_word``), articles left out
    skeleton: str  # each word's consonant skeleton ("" for Arabic script, whose keys have no vowels)


def detection_key(text: str) -> DetectionKey:
    """The detection keys of a name or of a stretch of text: the same as joining the ``detection_words``
    of its words with spaces."""
    parts = [detection_words(word) for word in text.split()]
    return DetectionKey(
        normalize(text),
        " ".join(loose for loose, _ in parts if loose),
        " ".join(skeleton_ for _, skeleton_ in parts if skeleton_),
    )


@lru_cache(maxsize=131072)
def detection_words(word: str) -> tuple[str, str]:
    """A word's part of the loose key and of the skeleton ("" for an article): each of its words (a
    token may hold several: "al-Bab") folded as a last word, so that the key of a run is the join of
    its words' parts however the run grows."""
    if has_arabic(word):
        words, vowelled = arabic_words(word), False
    else:
        words, vowelled = latin_words(word), True
    articles = _word_tables().articles
    folded = [fold_word(w) for w in words if w not in articles]
    loose = " ".join(folded)
    return loose, (" ".join(s for s in map(skeleton, folded) if s) if vowelled else "")


# Between two names of one place: OCHA's Arabic names write them "A_B" ("الزهراء_خربة عامود"), and
# tables built from its lists keep them so. (Its English "A - B" is left alone: tables also write
# "Ariha - Idleb" for a town and its governorate.)
_ALTERNATIVES = re.compile(r"\s*_\s*")


def alternatives(text: str) -> tuple[str, ...]:
    """The names a text gives as alternatives ("A_B"), or () when it gives one."""
    parts = tuple(part.strip() for part in _ALTERNATIVES.split(text) if part.strip())
    return parts if len(parts) > 1 else ()


def query_keys(text: str) -> tuple[NameKey, ...]:
    """The readings a query is matched by: the name's own, and each alternative's when it gives two
    names ("الزهراء_خربة عامود": either may be the one the gazetteer has); for Arabic script, also the
    reading with a toponymic head written joined split off (``split_joined_heads``: تلرفعت, تل رفعت),
    as a guess."""
    readings = name_keys(text)
    if has_arabic(text):
        split = split_joined_heads(text)
        if split != text:
            guesses = [r._replace(guessed=True) for r in name_keys(split)]
            readings = tuple(
                dict.fromkeys([*readings, *(r for r in guesses if r._replace(guessed=False) not in readings)])
            )
    parts = alternatives(text) if "_" in text else ()  # (the test first: this runs for every query)
    if not parts:
        return readings
    return tuple(dict.fromkeys([*readings, *(r for part in parts for r in name_keys(part))]))


# The rest of a word a joined head is split from is at least this long: shorter rests are endings
# (تلال, امين, كفرون is Kafrun), not a second word.
_MIN_JOINED_REST = 3


@lru_cache(maxsize=65536)
def split_joined_heads(text: str) -> str:
    """An Arabic-script name with each toponymic head (Kafr, Deir, Beit, Tal, Ain, Abu, Umm, Jisr...,
    the Arabic spellings of ``generics.tsv``) written joined to the next word split off: تلرفعت →
    تل رفعت, كفربطنا → كفر بطنا. Typed without the space as often as with it; but a word may also
    just start with those letters (ديرونة, كفرون), so the split reading is a guess beside the whole one."""
    heads = _word_tables().arabic_heads
    words = []
    for word in fold_letters(text).split():
        head = next((h for h in heads if word.startswith(h) and len(word) - len(h) >= _MIN_JOINED_REST), None)
        words.extend((word[: len(head)], word[len(head) :]) if head else (word,))
    split = " ".join(words)
    return split if split != " ".join(fold_letters(text).split()) else text


def name_keys(text: str) -> tuple[NameKey, ...]:
    """Every reading of a name (one, or two when an article may be joined to a word); () if empty."""
    if has_arabic(text):
        return _readings(tuple(arabic_words(text)), vowelled=False)
    return _readings(tuple(latin_words(text)), vowelled=True)


def arabic_words(text: str) -> list[str]:
    """The romanised words of an Arabic-script name, folded first (alef forms, tāʾ marbūṭa and the like
    then key alike), with a toponymic head written joined to the article split off: عينالعرب is
    عين العرب, معرةالنعمان is معرة النعمان (typed without the space as often as with it)."""
    words = [part for word in fold_letters(text).split() for part in _split_joined_head(word)]
    return romanize(strip_article(" ".join(words))).split()


def _split_joined_head(word: str) -> tuple[str, ...]:
    for head in _word_tables().arabic_heads:
        if (
            word.startswith(head)
            and word[len(head) : len(head) + 2] == _ARABIC_ARTICLE
            and len(word) > len(head) + 3
        ):
            return word[: len(head)], word[len(head) :]
    return (word,)


@lru_cache(maxsize=65536)
def _readings(words: tuple[str, ...], *, vowelled: bool) -> tuple[NameKey, ...]:
    first = _reading(words, vowelled=vowelled)
    split = _split_joined_articles(words)
    readings = [first] if split == words else [first, _reading(split, vowelled=vowelled, guessed=True)]
    return tuple(r for r in readings if r.words)


def _split_joined_articles(words: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for word in words:
        match = _JOINED_ARTICLE.match(word)
        if match and word not in _word_tables().arabic_generics:
            out.extend(("al", word[match.end() :]))
        else:
            out.append(word)
    return tuple(out)


def _reading(words: tuple[str, ...], *, vowelled: bool, guessed: bool = False) -> NameKey:
    last = len(words) - 1
    articles = _word_tables().articles
    content = [w for i, w in enumerate(words) if not (i < last and w in articles)]
    last = len(content) - 1
    analysed = [_analyse(w, i == last) for i, w in enumerate(content)]
    specific: list[_Word] = []
    generics: list[str] = []
    qualifiers: set[str] = set()
    kind: str | None = None
    links = _word_tables().descriptor_links
    after_descriptor = False
    for text, word in zip(content, analysed, strict=True):
        if word.descriptor is not None and last > 0:
            kind = kind or word.descriptor or None
            after_descriptor = True
            continue
        if after_descriptor and text in links and word is not analysed[-1]:
            after_descriptor = False  # "Governorate of Idlib": the "of" goes with its descriptor
            continue
        after_descriptor = False
        if word.english_qualifier:
            qualifiers.add(word.english_qualifier)
        elif word.arabic_qualifier and (specific or generics):
            qualifiers.add(word.arabic_qualifier)
        elif word.english_generic:
            generics.append(word.english_generic)
        elif word.arabic_generic and not specific:
            generics.append(word.arabic_generic)
        else:
            specific.append(word)
    if kind is None and RURAL in qualifiers:
        kind = "governorate"  # "ريف حلب", "Rural Idlib", "Hama countryside": the area around a town
    if not specific and generics:  # "Al Jabal", "Tall": the generic word is the name
        specific = [_generic_word(g) for g in generics]
        generics = []
    elif not specific and last > 0 and analysed[-1].descriptor is not None:
        # every word a descriptor ("Al Qariya town", qarya being "village"): the last one says the
        # kind, the words before it are the name
        specific = analysed[:-1]
        kind = analysed[-1].descriptor or None
    elif not specific:
        specific = analysed
    elif specific[-1] is not analysed[-1]:
        # the last specific word is followed only by qualifiers or descriptors ("Uwaynat al Kabirah"):
        # it ends the name, so its -at is not the construct state
        specific[-1] = _analyse(content[analysed.index(specific[-1])], True)
    words = tuple([w.key for w in specific])
    consonant_words = tuple([w.consonants for w in specific])
    skeletons = tuple([w.skeleton for w in specific])
    key, consonant_key, skeleton_key = "".join(words), "".join(consonant_words), "".join(skeletons)
    full_key, full_consonant_key, full_skeleton = key, consonant_key, skeleton_key
    if generics:
        generic_words = [_generic_word(g) for g in generics]
        full_key = "".join([w.key for w in generic_words]) + key
        full_consonant_key = "".join([w.consonants for w in generic_words]) + consonant_key
        full_skeleton = "".join([w.skeleton for w in generic_words]) + skeleton_key
    return NameKey(
        words=words,
        consonants=consonant_words,
        skeletons=skeletons,
        generics=tuple(generics),
        qualifiers=frozenset(qualifiers),
        vowelled=vowelled,
        guessed=guessed,
        kind=kind,
        initial_vowel=specific[0].initial_vowel if specific else False,
        key=key,
        consonant_key=consonant_key,
        skeleton=skeleton_key,
        full_key=full_key,
        full_consonant_key=full_consonant_key,
        full_skeleton=full_skeleton,
    )
