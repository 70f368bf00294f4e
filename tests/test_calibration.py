"""What a score means, on the embedded default: sure answers (>= ranking.CONFIDENT_SCORE) and marked
ones (``ambiguous``) never overlap, a hint never makes a look-alike sure, and an Arabic name spelled
with other letters is a look-alike."""

from __future__ import annotations

import pytest
from tables import read_table

from toponym.gazetteer import Gazetteer
from toponym.resolve.ranking import CONFIDENT_SCORE
from toponym.text.arabic import letters_form, spelling_form
from toponym.text.keys import split_joined_heads

CASES = read_table("calibration.tsv")


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_calibration(default_gazetteer: Gazetteer, case: dict[str, str]) -> None:
    found = default_gazetteer.resolve(case["query"], admin1=case["admin1"] or None)
    assert found is not None and found.place.id == case["expected"], found
    assert found.ambiguous == (case["ambiguous"] == "yes"), found.runner_up
    assert (found.score >= CONFIDENT_SCORE) == (case["sure"] == "yes"), found.score


@pytest.mark.parametrize("table", ["calibration.tsv", "table_values.tsv"])
def test_an_ambiguous_answer_is_never_sure(default_gazetteer: Gazetteer, table: str) -> None:
    marked = [
        found
        for case in read_table(table)
        if (found := default_gazetteer.resolve(case["query"], admin1=case["admin1"] or None)) is not None
        and found.ambiguous
    ]
    assert marked and all(m.score < CONFIDENT_SCORE for m in marked), [(m.query, m.score) for m in marked]


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("معراتة", "معراتا", True),  # final tāʾ marbūṭa or alif
        ("العوجة", "العوجاء", True),
        ("عينالعرب", "عين العرب", True),  # joined at the article
        ("معرةالنعمان", "معرة النعمان", True),
        ("كفربطنا", "كفر بطنا", True),
        ("همدان", "حمدان", False),  # ه is not ح, though the keys fold them
        ("صنع", "السعن", False),
    ],
)
def test_letters_form_tells_respellings_from_spacing(one: str, other: str, same: bool) -> None:
    assert (letters_form(one) == letters_form(other)) is same


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("كفربطنا", "كفر بطنا", True),  # spacing
        ("حماة", "حماه", True),  # tāʾ marbūṭa typed as hāʾ
        ("أعزاز", "اعزاز", True),  # hamza seat
        ("الحمراء", "الحمرا", True),  # hamza on the line left out
        ("مصطفى", "مصطفي", True),  # alif maqṣūra typed as yāʾ
        ("حامـــو", "حامو", True),  # tatweel
        ("الرقة", "رقة", False),  # the article is written as the name has it
        ("معراتة", "معراتا", False),  # so is a final alif or tāʾ marbūṭa
        ("همدان", "حمدان", False),
    ],
)
def test_spelling_form_keeps_article_and_ending(one: str, other: str, same: bool) -> None:
    assert (spelling_form(one).replace(" ", "") == spelling_form(other).replace(" ", "")) is same


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("تلرفعت", "تل رفعت"),  # Tal joined to the name
        ("كفربطنا", "كفر بطنا"),
        ("ديرعطية", "دير عطيه"),  # (folded: ة is ه)
        ("ابوكمال", "ابو كمال"),
        ("تل رفعت", "تل رفعت"),  # spaced already: unchanged
        ("كفرون", "كفرون"),  # too short a rest to be a word: a name of its own
        ("حمص", "حمص"),  # no head
    ],
)
def test_split_joined_heads(text: str, split: str) -> None:
    assert split_joined_heads(text) == split
