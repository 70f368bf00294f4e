"""News text on the embedded default: word lists read in context, lists without commas, far mentions."""

from __future__ import annotations

import pytest
from tables import read_table

from toponym.gazetteer import Gazetteer

CASES = read_table("news_text.tsv")


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_news_text(default_gazetteer: Gazetteer, case: dict[str, str]) -> None:
    expected = [form.strip() for form in case["mentions"].split("|") if form.strip()]
    assert [mention.text for mention in default_gazetteer.extract(case["text"])] == expected
