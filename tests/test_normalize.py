"""The normaliser, Arabic folding and romanisation, and the coarse matching keys."""

from __future__ import annotations

import json
import locale
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tables import read_table

from toponym.index.similarity import name_similarity
from toponym.resolve.ranking import RESOLVE_THRESHOLD
from toponym.text.arabic import fold_arabic as fold_arabic_script
from toponym.text.arabic import romanize
from toponym.text.keys import NameKey, fold_word, name_keys
from toponym.text.normalize import _ascii_normalized, fold_arabic, normalize, script_of

FORMS = read_table("normalize_forms.tsv")
ROMANISED = read_table("romanize.tsv")
VARIANTS = read_table("spelling_variants.tsv")
DISTINCT = read_table("distinct_names.tsv")

# Letters a name can hold: Latin with diacritics, Arabic with harakat, apostrophes, ʿayn marks,
# hyphens, digits, white space, and anything else Unicode has (hypothesis adds that).
NAME_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -'`’‘ʿʾ0123456789")
    + list("āīūḥṣṭḍẓḩşţḑéèêïîôûçİıĞğŠšḫġ")
    + list("ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئـًٌٍَُِّْ")
    + list("یکگچپژڤە")
)
NAMES = st.one_of(st.text(NAME_ALPHABET, max_size=40), st.text(max_size=40))


def similarity(a: str, b: str) -> float:
    """How alike two names are by the matcher's scoring, over all their readings."""
    return max(
        (name_similarity(x, y) for x in name_keys(a) for y in name_keys(b)),
        default=0.0,
    )


# -- normalize -------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", FORMS, ids=[case["text"] for case in FORMS])
def test_normalize(case: dict[str, str]) -> None:
    assert normalize(case["text"]) == case["normalized"]


@settings(max_examples=400, deadline=None)
@given(NAMES)
def test_normalize_is_idempotent_and_never_raises(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip()
    assert "  " not in once


@given(st.text(alphabet="aqZ09'` -_.,", max_size=12))
def test_the_shortcut_for_an_ascii_word_keeps_the_rules(text: str) -> None:
    # normalize takes a word of ASCII letters and digits to its lower case without the regexes
    assert normalize(text) == _ascii_normalized(text)


def test_normalize_is_locale_independent() -> None:
    """The same keys under every locale the machine has, and in child processes started with
    different LC_ALL/LANG (Turkish dotted and dotless i are the classic trap)."""
    samples = ["İdlib", "IDLIB", "ıdlıb", "Ḩamāh", "Lattaquié", "حَلَب", "Ma`arrat", "ǅemal"]
    expected = [normalize(s) for s in samples]
    original = locale.setlocale(locale.LC_ALL)
    try:
        for name in ("C", "C.UTF-8", "POSIX", "tr_TR.UTF-8", "de_DE.UTF-8", "ar_SY.UTF-8"):
            try:
                locale.setlocale(locale.LC_ALL, name)
            except locale.Error:
                continue
            assert [normalize(s) for s in samples] == expected, name
    finally:
        locale.setlocale(locale.LC_ALL, original)
    code = (
        "import sys, json; from toponym.text.normalize import normalize; "
        "print(json.dumps([normalize(s) for s in sys.argv[1:]]))"
    )
    for name in ("C", "tr_TR.UTF-8"):
        env = {"LC_ALL": name, "LANG": name, "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1"}
        done = subprocess.run(
            [sys.executable, "-c", code, *samples], capture_output=True, text=True, env=env, check=True
        )
        assert json.loads(done.stdout) == expected


def test_script_of_and_fold_arabic_keep_their_contracts() -> None:
    assert script_of("Latakia") == "Latn"
    assert script_of("اللاذقية") == "Arab"
    assert script_of("Tell السويداء") == "Arab"
    assert fold_arabic("اللاذقية") == fold_arabic("الّلاذقيّة") == "لاذقيه"
    assert fold_arabic("محافظه ادلب") == fold_arabic("محافظة إدلب")
    assert fold_arabic("دیر") == fold_arabic("دير")  # Persian yeh


@settings(max_examples=300, deadline=None)
@given(NAMES)
def test_arabic_folding_is_idempotent(text: str) -> None:
    once = fold_arabic_script(text)
    assert fold_arabic_script(once) == once


# -- romanisation ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ROMANISED, ids=[case["latin"] for case in ROMANISED])
def test_romanize(case: dict[str, str]) -> None:
    assert romanize(case["arabic"]) == case["latin"]


@settings(max_examples=300, deadline=None)
@given(NAMES)
def test_romanize_leaves_no_arabic_letter(text: str) -> None:
    assert not any("\u0600" <= ch <= "\u06ff" for ch in romanize(text))


# -- keys ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", VARIANTS, ids=[f"{c['rule']}: {c['a']} ~ {c['b']}" for c in VARIANTS])
def test_spelling_variants_meet(case: dict[str, str]) -> None:
    """Each rule of toponym.text.keys brings two spellings of one name within resolving distance."""
    assert similarity(case["a"], case["b"]) >= RESOLVE_THRESHOLD
    assert similarity(case["b"], case["a"]) >= RESOLVE_THRESHOLD


@pytest.mark.parametrize("case", DISTINCT, ids=[f"{c['a']} / {c['b']}" for c in DISTINCT])
def test_distinct_names_stay_apart(case: dict[str, str]) -> None:
    assert similarity(case["a"], case["b"]) < RESOLVE_THRESHOLD
    assert similarity(case["b"], case["a"]) < RESOLVE_THRESHOLD


def test_readings_say_what_the_words_are() -> None:
    (key,) = name_keys("Tall al Hajar al Fawqani")
    assert key.generics == ("tall",)
    assert key.qualifiers == frozenset({"upper"})
    assert key.words == (fold_word("hajar"),)
    (province,) = name_keys("Raqqa province")
    assert province.kind == "governorate"
    (alone,) = name_keys("Jdideh")
    assert alone.qualifiers == frozenset()  # an Arabic qualifier word alone is a name
    joined = name_keys("Beit Elkhatib")
    assert len(joined) == 2 and joined[1].guessed and joined[1].words == (fold_word("khatib"),)
    (arabic,) = name_keys("تل أبيض")
    assert arabic.generics == ("tall",) and not arabic.vowelled


@settings(max_examples=400, deadline=None)
@given(NAMES)
def test_keys_never_raise_and_round_trip(text: str) -> None:
    for reading in name_keys(text):
        assert reading.words, "a reading always has a specific part"
        assert reading.key == "".join(reading.words)
        assert NameKey.decode(reading.encode()) == reading


def test_same_spelling_scores_100() -> None:
    for text in ("Kafr Nabl", "اللاذقية", "Deir ez-Zor", "Tall Abyad"):
        assert similarity(text, text) == 100.0
