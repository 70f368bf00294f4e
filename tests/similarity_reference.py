"""The straightforward form of ``toponym.index.similarity.name_similarity``: one small function per
part of the score, as the module docstring describes it. The tests hold the fast, inlined version
to it (tests/test_similarity.py): the same score for every pair of readings."""

from __future__ import annotations

from rapidfuzz.distance import Indel

from toponym.index.similarity import (
    CONSONANT_SHARE,
    CONTRARY_QUALIFIER_PENALTY,
    ENDING_PENALTY,
    EXTRA_NAME_WORD_PENALTY,
    EXTRA_QUERY_WORD_PENALTY,
    GUESSED_READING_PENALTY,
    INITIAL_VOWEL_PENALTY,
    KEY_WEIGHTS,
    LOOSE_READINGS,
    MISALIGNED_WORDS_PENALTY,
    MISSING_GENERIC_PENALTY,
    MISSING_QUALIFIER_PENALTY,
    OTHER_GENERIC_PENALTY,
    UNVOWELLED_CEILING,
)
from toponym.text.keys import NameKey, skeleton

_similarity = Indel.normalized_similarity


def reference_similarity(query: NameKey, name: NameKey) -> float:
    """0–100: how likely ``name`` is a spelling of ``query`` (see the module docstring)."""
    joined, glued = _joined_similarity(query, name)
    specific = max(joined, _word_similarity(query, name))
    penalty = (
        _generic_penalty(query, name)
        + _qualifier_penalty(query, name)
        + _edge_penalty(query, name, glued=glued and specific == joined)
    )
    if query.guessed or name.guessed:
        penalty += GUESSED_READING_PENALTY
    return max(0.0, specific - penalty)


def _edge_penalty(query: NameKey, name: NameKey, *, glued: bool) -> float:
    """Romanisations agree on how a name ends (its endings are folded already) and on whether it starts
    with a vowel (ʿayn, hamza or alif in Arabic): a difference there is a different word more often than
    a different spelling (Iraq/Iraqi, Amman/Ma`an). ``glued``: the names matched with a generic word
    joined to one of them ("Tellabyad" for Tall Abyad), so that word starts both."""
    penalty = 0.0 if query.key[-1:] == name.key[-1:] else ENDING_PENALTY
    if query.initial_vowel != name.initial_vowel and not glued:
        penalty += INITIAL_VOWEL_PENALTY
    return penalty


def _levels_similarity(query: tuple[str, str, str], name: tuple[str, str, str], vowelled: bool) -> float:
    """Weighted similarity of (key, consonants, skeleton) triples, 0–100; a loosely written letter
    (``LOOSE_READINGS``) may be read as its plainer spelling, at a cost."""
    if query[0] == name[0]:
        return 100.0  # the same key: for Arabic script, the same spelling up to alef/hamza/tāʾ marbūṭa
    length = len(query[2])
    key_weight = KEY_WEIGHTS[vowelled][min(max(length, 2), 4) - 2]
    consonant_weight = (1.0 - key_weight) * CONSONANT_SHARE[vowelled]
    weights = (key_weight, consonant_weight, 1.0 - key_weight - consonant_weight)
    total = _weighted_similarity(query, name, weights)
    for letter, (readings, cost) in LOOSE_READINGS.items():
        if (letter in query[0] or letter in name[0]) and query[0].count(letter) != name[0].count(letter):
            # where both spell the letter alike there is nothing to read
            for reading in readings:
                if reading not in query[0] and reading not in name[0]:
                    continue  # neither has the plainer letter: reading it cannot bring them closer
                plainer = _weighted_similarity(
                    _read_as(query, letter, reading), _read_as(name, letter, reading), weights
                )
                total = max(total, plainer - cost)
    return 100.0 * (total if vowelled else total * UNVOWELLED_CEILING)


def _weighted_similarity(
    query: tuple[str, str, str], name: tuple[str, str, str], weights: tuple[float, float, float]
) -> float:
    # written out: this runs for every candidate name, and a generator over zip costs twice as much
    return (
        weights[0] * _similarity(query[0], name[0])
        + weights[1] * _similarity(query[1], name[1])
        + weights[2] * _similarity(query[2], name[2])
    )


def _read_as(levels: tuple[str, str, str], letter: str, reading: str) -> tuple[str, str, str]:
    """Key, consonants and skeleton with a key letter class read as a plainer letter (the skeleton
    made anew from the key: its coarse classes may hold the letter under another one, kh under k)."""
    key = levels[0].replace(letter, reading)
    return key, levels[1].replace(letter, reading), skeleton(key) if letter in levels[0] else levels[2]


def _joined_similarity(query: NameKey, name: NameKey) -> tuple[float, bool]:
    """The specific words compared joined, and whether that went best with a generic word glued on."""
    vowelled = query.vowelled and name.vowelled
    joined = _levels_similarity(
        (query.key, query.consonant_key, query.skeleton),
        (name.key, name.consonant_key, name.skeleton),
        vowelled,
    )
    if query.generics != name.generics:  # one may have its generic word glued on: Kafarnaha
        glued = _levels_similarity(
            (query.full_key, query.full_consonant_key, query.full_skeleton),
            (name.full_key, name.full_consonant_key, name.full_skeleton),
            vowelled,
        )
        glued += _generic_penalty(query, name)
        if glued > joined:
            return glued, True
    return joined, False


def _word_similarity(query: NameKey, name: NameKey) -> float:
    """Best alignment of the shorter name's words onto the longer one's, in order; extra words cost."""
    short, long_ = (query, name) if len(query.words) <= len(name.words) else (name, query)
    extra = len(long_.words) - len(short.words)
    if extra == 0:
        return 0.0
    vowelled = query.vowelled and name.vowelled
    width = len(short.words)
    best = max(
        _levels_similarity(
            (short.key, short.consonant_key, short.skeleton),
            (
                "".join(long_.words[start : start + width]),
                "".join(long_.consonants[start : start + width]),
                "".join(long_.skeletons[start : start + width]),
            ),
            vowelled,
        )
        - (MISALIGNED_WORDS_PENALTY if start else 0.0)
        for start in range(extra + 1)
    )
    penalty = EXTRA_QUERY_WORD_PENALTY if long_ is query else EXTRA_NAME_WORD_PENALTY
    return best - penalty * extra


def _generic_penalty(query: NameKey, name: NameKey) -> float:
    if query.generics == name.generics:
        return 0.0
    ours, theirs = set(query.generics), set(name.generics)
    if ours and theirs and not ours & theirs:
        return OTHER_GENERIC_PENALTY
    return MISSING_GENERIC_PENALTY * len(ours ^ theirs)


def _qualifier_penalty(query: NameKey, name: NameKey) -> float:
    if query.qualifiers == name.qualifiers:
        return 0.0
    contrary = len(query.qualifiers) and len(name.qualifiers) and not query.qualifiers & name.qualifiers
    if contrary:
        return CONTRARY_QUALIFIER_PENALTY
    return MISSING_QUALIFIER_PENALTY * len(query.qualifiers ^ name.qualifiers)
