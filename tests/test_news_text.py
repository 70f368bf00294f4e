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


RESOLUTION_CASES = read_table("news_resolution.tsv")


@pytest.mark.parametrize("case", RESOLUTION_CASES, ids=[case["id"] for case in RESOLUTION_CASES])
def test_news_resolution(default_gazetteer: Gazetteer, case: dict[str, str]) -> None:
    found = [m for m in default_gazetteer.extract(case["text"]) if m.text == case["mention"]]
    assert found, f"{case['mention']!r} not found"
    mention = found[0]
    assert (mention.match.place.id if mention.match else "-") == case["expected"]
    if case["near"]:
        assert mention.near is not None and mention.near.place.id == case["near"]
