"""The tokenizer's fast path finds the words its exact pattern finds (``_words`` against ``_WORD``)."""

from __future__ import annotations

import re
import sys

from hypothesis import example, given
from hypothesis import strategies as st

from toponym.extract.tokens import _LETTER, _STRETCH, _WORD, _words

_ANY_WORD_CHARACTER = re.compile(rf"{_LETTER}|[A-Z0-9'’‘ʼ`´]")  # every character a match of _WORD may hold


def test_every_character_of_a_word_is_in_a_stretch_and_every_letter_is_a_word_letter() -> None:
    assert not _STRETCH.search(" ")  # ``tokenize`` reads the text chunk by chunk between spaces
    letter = re.compile(_LETTER)
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        if _ANY_WORD_CHARACTER.fullmatch(character):
            assert _STRETCH.fullmatch(character), hex(code)
        if character.isalpha():
            assert letter.fullmatch(character) and not character.isdecimal(), hex(code)


# words, joiners, possessives, numbers, marks, Arabic and an over-long word, among random text
_PIECES = st.sampled_from(
    ["Aleppo", "al", "M4", "T44", "2016", "é", "حلب", *" -_’ʼ", "'s", "e\u0301", "\u064e", "x" * 70]
)


@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=30).map("".join))
@example("A" * 64 + " " + "B" * 65 + " " + "C" * 140 + "ʼs M4x M44 Raʼs As’ad")
def test_the_words_are_those_of_the_exact_pattern(text: str) -> None:
    assert list(_words(text)) == [(*m.span(), m.group()) for m in _WORD.finditer(text)]
