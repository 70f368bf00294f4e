"""How alike two names are, 0–100, from their :class:`~toponym.text.keys.NameKey` readings.

The specific words carry the score: rapidfuzz's normalised Indel similarity on three levels — the
phonetic key (vowels included), the consonants, the consonant skeleton — weighted by how long the
name is (``KEY_WEIGHTS``: with two or three consonants the vowels must agree too, or every short word
would match some village). A name romanised from Arabic script has no short vowels: its consonants
weigh more and it scores at most ``UNVOWELLED_CEILING`` × 100, unless its key is the query's.

Words are compared joined (word splits vary: "Kafr Naha"/"Kafarnaha", "Tellkalakh"/Tall Kalakh: a
generic word joined to the name costs nothing more, and the name's initial vowel is then no longer
its first letter) and, when one name has more
words than the other, word by word: a query word that no word of the name explains costs
``EXTRA_QUERY_WORD_PENALTY`` ("Vladimir Putin" is not Vladimir), a name word the query leaves out
``EXTRA_NAME_WORD_PENALTY`` ("Kafrun" for Kafrun Bashur), matching a name's later words rather than
its first ones ``MISALIGNED_WORDS_PENALTY``.

Some letters may be read as a plainer one, at a cost (``LOOSE_READINGS``): th/dh (one class in the
keys) as d or z (Abu al-Dhuhur / Abu al-Duhur, Thahiriyeh/Zahiriyah: ظ is written th, dh, z or d),
kh as k, its h dropped ("Kan Sheikhoun" for Khan Shaykhun; the skeletons put kh with k, so such
names meet), or as h: ḥ is kh in Russian transliteration ("Khmeimim" for Hmeimim).

Then penalties: a different last letter (``ENDING_PENALTY``: endings are folded already, so what is
left is another word — Iraq/Iraqi, Syria/Syrian); a vowel at the start on one side only
(``INITIAL_VOWEL_PENALTY``: ʿayn, hamza or alif — Amman/Ma'an); a reading that guessed a joined
article (``GUESSED_READING_PENALTY``); a generic word on one side only or a different one (Kafr X / X,
Tall X / Ayn X); a qualifier on one side only or a contrary one (Upper X / X, Upper X / Lower X).
"""

from __future__ import annotations

from rapidfuzz.distance import Indel

from toponym.text.keys import NameKey, skeleton

# Weight of the phonetic key (vowels included) by skeleton length (≤2, 3, ≥4 consonants), for names
# with vowels and for names from Arabic script; the rest goes to the consonants and the skeleton.
# Short names need their vowels to agree too: three consonants in a row match by chance too often.
KEY_WEIGHTS = {True: (0.7, 0.55, 0.4), False: (0.45, 0.4, 0.3)}
CONSONANT_SHARE = {True: 0.5, False: 0.65}  # of the rest; the skeleton gets what is left
UNVOWELLED_CEILING = 0.97  # a match on consonants alone is less sure than one on a full spelling
EXTRA_QUERY_WORD_PENALTY = 20.0  # a query word no word of the name explains ("Vladimir Putin")
EXTRA_NAME_WORD_PENALTY = 8.0  # a name word the query leaves out ("Kafrun" for Kafrun Bashur)
ENDING_PENALTY = 10.0
INITIAL_VOWEL_PENALTY = 8.0
GUESSED_READING_PENALTY = 1.0  # the surface tie-break (match.py) prefers the unsplit spelling
MISALIGNED_WORDS_PENALTY = 8.0  # the query matches words of a name other than its first ones
MISSING_GENERIC_PENALTY = 12.0
OTHER_GENERIC_PENALTY = 18.0
MISSING_QUALIFIER_PENALTY = 10.0
CONTRARY_QUALIFIER_PENALTY = 25.0
# Key letters some spellings write as a plainer one, with what that reading costs of a 0–1 similarity:
# th/dh (D) as d or z, as they are often pronounced (Dhuhur/Duhur, Thahiriyeh/Zahiriyah); kh (X) as k
# with its h dropped ("Kan Sheikhoun" for Khan Shaykhun) or as h, ḥ written kh as in Russian
# transliteration ("Khmeimim" for Hmeimim): dearer readings.
LOOSE_READINGS = {"D": ("dz", 0.04), "X": ("kh", 0.08)}

_similarity = Indel.normalized_similarity
# (key, consonant, skeleton) weights by whether both names have vowels and by skeleton length class
_WEIGHTS = {
    (vowelled, length): (
        KEY_WEIGHTS[vowelled][length],
        (1.0 - KEY_WEIGHTS[vowelled][length]) * CONSONANT_SHARE[vowelled],
        # the skeleton gets what is left, computed as the description says (scores are compared for
        # equality when ties are broken: the last bit matters)
        1.0
        - KEY_WEIGHTS[vowelled][length]
        - (1.0 - KEY_WEIGHTS[vowelled][length]) * CONSONANT_SHARE[vowelled],
    )
    for vowelled in (True, False)
    for length in range(3)
}


def name_similarity(query: NameKey, name: NameKey) -> float:
    """0–100: how likely ``name`` is a spelling of ``query`` (see the module docstring).

    Written out in one function: it runs for every candidate reading of every query, and the calls
    of the parts cost as much as the parts (tests/similarity_reference.py has them one by one, and
    the tests hold the two together)."""
    vowelled = query.vowelled and name.vowelled
    q_key, n_key = query.key, name.key
    if q_key == n_key:
        joined = 100.0
    else:
        joined = _levels_similarity(
            q_key, query.consonant_key, query.skeleton, n_key, name.consonant_key, name.skeleton, vowelled
        )
    penalty = 0.0
    glued = False
    q_generics, n_generics = query.generics, name.generics
    if q_generics != n_generics:  # one may have its generic word glued on: Kafarnaha
        penalty = _generic_penalty(q_generics, n_generics)
        full = (
            _levels_similarity(
                query.full_key,
                query.full_consonant_key,
                query.full_skeleton,
                name.full_key,
                name.full_consonant_key,
                name.full_skeleton,
                vowelled,
            )
            + penalty
        )
        if full > joined:
            joined, glued = full, True
    specific = joined
    if len(query.words) != len(name.words):
        by_word = _word_similarity(query, name, vowelled)
        if by_word > specific:
            specific, glued = by_word, False
    if query.qualifiers != name.qualifiers:
        penalty += _qualifier_penalty(query.qualifiers, name.qualifiers)
    if q_key[-1:] != n_key[-1:]:
        # endings are folded already: what is left is another word (Iraq/Iraqi, Syria/Syrian)
        penalty += ENDING_PENALTY
    if query.initial_vowel != name.initial_vowel and not glued:
        # ʿayn, hamza or alif on one side only (Amman/Ma`an); not when a generic word glued on starts both
        penalty += INITIAL_VOWEL_PENALTY
    if query.guessed or name.guessed:
        penalty += GUESSED_READING_PENALTY
    return max(0.0, specific - penalty)


def _levels_similarity(
    q_key: str,
    q_consonants: str,
    q_skeleton: str,
    n_key: str,
    n_consonants: str,
    n_skeleton: str,
    vowelled: bool,
) -> float:
    """Weighted similarity of the key, consonant and skeleton levels, 0–100; a loosely written letter
    (``LOOSE_READINGS``) may be read as its plainer spelling, at a cost."""
    if q_key == n_key:
        return 100.0  # the same key: for Arabic script, the same spelling up to alef/hamza/tāʾ marbūṭa
    length = len(q_skeleton)
    w_key, w_consonants, w_skeleton = _WEIGHTS[vowelled, 0 if length <= 2 else (1 if length == 3 else 2)]
    total = (
        w_key * _similarity(q_key, n_key)
        + w_consonants * _similarity(q_consonants, n_consonants)
        + w_skeleton * _similarity(q_skeleton, n_skeleton)
    )
    for letter, (readings, cost) in LOOSE_READINGS.items():
        in_query, in_name = q_key.count(letter), n_key.count(letter)
        if in_query == in_name:
            continue  # where both spell the letter alike (or neither has it) there is nothing to read
        for reading in readings:
            if reading not in q_key and reading not in n_key:
                continue  # neither has the plainer letter: reading it cannot bring them closer
            q_read = _read_as(q_key, q_consonants, q_skeleton, letter, reading)
            n_read = _read_as(n_key, n_consonants, n_skeleton, letter, reading)
            plainer = (
                w_key * _similarity(q_read[0], n_read[0])
                + w_consonants * _similarity(q_read[1], n_read[1])
                + w_skeleton * _similarity(q_read[2], n_read[2])
            )
            if plainer - cost > total:
                total = plainer - cost
    return 100.0 * (total if vowelled else total * UNVOWELLED_CEILING)


def _read_as(key: str, consonants: str, skeleton_: str, letter: str, reading: str) -> tuple[str, str, str]:
    """Key, consonants and skeleton with a key letter class read as a plainer letter (the skeleton
    made anew from the key: its coarse classes may hold the letter under another one, kh under k)."""
    if letter not in key:
        return key, consonants, skeleton_
    key = key.replace(letter, reading)
    return key, consonants.replace(letter, reading), skeleton(key)


def _word_similarity(query: NameKey, name: NameKey, vowelled: bool) -> float:
    """Best alignment of the shorter name's words onto the longer one's, in order; extra words cost:
    a query word no word of the name explains ``EXTRA_QUERY_WORD_PENALTY`` ("Vladimir Putin" is not
    Vladimir), a name word the query leaves out ``EXTRA_NAME_WORD_PENALTY``, matching a name's later
    words rather than its first ones ``MISALIGNED_WORDS_PENALTY``."""
    short, long_ = (query, name) if len(query.words) <= len(name.words) else (name, query)
    width = len(short.words)
    extra = len(long_.words) - width
    best = max(
        _levels_similarity(
            short.key,
            short.consonant_key,
            short.skeleton,
            "".join(long_.words[start : start + width]),
            "".join(long_.consonants[start : start + width]),
            "".join(long_.skeletons[start : start + width]),
            vowelled,
        )
        - (MISALIGNED_WORDS_PENALTY if start else 0.0)
        for start in range(extra + 1)
    )
    penalty = EXTRA_QUERY_WORD_PENALTY if long_ is query else EXTRA_NAME_WORD_PENALTY
    return best - penalty * extra


def _generic_penalty(ours: tuple[str, ...], theirs: tuple[str, ...]) -> float:
    """A generic word on one side only (Kafr X / X) or a different one (Tall X / Ayn X)."""
    mine, other = set(ours), set(theirs)
    if mine and other and not mine & other:
        return OTHER_GENERIC_PENALTY
    return MISSING_GENERIC_PENALTY * len(mine ^ other)


def _qualifier_penalty(ours: frozenset[str], theirs: frozenset[str]) -> float:
    """A qualifier on one side only (Upper X / X) or contrary ones (Upper X / Lower X)."""
    if ours and theirs and not ours & theirs:
        return CONTRARY_QUALIFIER_PENALTY
    return MISSING_QUALIFIER_PENALTY * len(ours ^ theirs)
