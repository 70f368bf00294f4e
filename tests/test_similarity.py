"""The matcher's similarity, written out for speed, scores every pair as its part-by-part reference."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from similarity_reference import reference_similarity
from tables import read_table

from toponym.index.similarity import name_similarity
from toponym.text.keys import name_keys

# Real spellings: every name of the test tables, so the pairs cover generics, qualifiers, articles,
# Arabic script, several words and the loose letters (th/dh, kh).
NAMES = sorted(
    {
        name
        for table in ("match_places.tsv", "extract_places.tsv")
        for row in read_table(table)
        for name in [row["name"], *row.get("names", "").split("|")]
        if name
    }
)
SPELLINGS = [row["a"] for row in read_table("spelling_variants.tsv")] + [
    row["b"] for row in read_table("spelling_variants.tsv")
]
words = st.sampled_from(NAMES + SPELLINGS)
syllables = st.sampled_from(
    ["al", "kh", "th", "dh", "a", "e", "ou", "ei", "q", "z", "s", "sh", "r", "m", "n", "t"]
)
made_up = st.lists(st.lists(syllables, min_size=1, max_size=5).map("".join), min_size=1, max_size=4).map(
    " ".join
)


@settings(max_examples=600, deadline=None)
@given(st.one_of(words, made_up), st.one_of(words, made_up))
def test_fast_similarity_equals_the_reference(query: str, name: str) -> None:
    for q in name_keys(query):
        for n in name_keys(name):
            assert name_similarity(q, n) == reference_similarity(q, n)
