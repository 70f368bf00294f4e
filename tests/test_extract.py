"""Place mentions in text: detection, resolution in context, offsets, and the seed articles."""

from __future__ import annotations

import importlib.util
import itertools
import re
import sys

import pytest
from conftest import REPO_ROOT, SHARED_DIR
from hypothesis import given, settings
from hypothesis import strategies as st
from tables import place_from_row, read_table

import toponym
from toponym.extract import extract, to_geojson
from toponym.gazetteer import Gazetteer
from toponym.models import Mention

MENTION_CASES = read_table("extract_mentions.tsv")
RESOLUTION_CASES = read_table("extract_resolution.tsv")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(place_from_row(row) for row in read_table("extract_places.tsv"))


@pytest.mark.parametrize("case", MENTION_CASES, ids=[case["id"] for case in MENTION_CASES])
def test_mentions(gazetteer: Gazetteer, case: dict[str, str]) -> None:
    expected = [form.strip() for form in case["mentions"].split("|") if form.strip()]
    assert [mention.text for mention in extract(gazetteer, case["text"])] == expected


@pytest.mark.parametrize("case", RESOLUTION_CASES, ids=[case["id"] for case in RESOLUTION_CASES])
def test_resolution(gazetteer: Gazetteer, case: dict[str, str]) -> None:
    found = [mention for mention in extract(gazetteer, case["text"]) if mention.text == case["mention"]]
    assert found, f"{case['mention']!r} not found"
    for mention in found:
        resolved = mention.match.place.id if mention.match else "-"
        assert resolved == case["expected"]


def test_offsets_point_into_the_text(gazetteer: Gazetteer) -> None:
    text = "Near Qaryatain, in the villages of Kinda and Umm Anaksh; and in حلب.\r\n“Raqqa province”"
    mentions = extract(gazetteer, text)
    assert [m.text for m in mentions] == ["Qaryatain", "Kinda", "Umm Anaksh", "حلب", "Raqqa"]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_every_occurrence_is_a_mention(gazetteer: Gazetteer) -> None:
    mentions = extract(gazetteer, "Aleppo, Homs and Aleppo again; then Aleppo.")
    assert [m.text for m in mentions] == ["Aleppo", "Homs", "Aleppo", "Aleppo"]
    assert len({m.start for m in mentions}) == 4


def test_homonym_follows_the_text_around_it(gazetteer: Gazetteer) -> None:
    text = (
        "In Latakia, troops took hills near Kinsibba and the al-Sawda village. "
        + "Nothing happened. " * 200
        + "Near Homs city and Qaryatain, the army shelled the al-Sawda village."
    )
    sawda = [m.match.place.id for m in extract(gazetteer, text) if m.text == "al-Sawda" and m.match]
    assert sawda == ["village:sawda-latakia", "village:sawda-homs"]


def test_an_ambiguous_homonym_says_so(gazetteer: Gazetteer) -> None:
    (mention,) = extract(gazetteer, "The al-Sawda village was shelled.")
    assert mention.match is not None
    assert mention.match.ambiguous
    assert mention.match.runner_up is not None


def test_geojson_has_points_of_resolved_mentions(gazetteer: Gazetteer) -> None:
    text = "The village of Umm Anaksh fell; Qaryatain near Homs was shelled."
    collection = to_geojson(extract(gazetteer, text))
    assert collection["type"] == "FeatureCollection"
    names = [feature["properties"]["text"] for feature in collection["features"]]
    assert names == ["Qaryatain", "Homs"]  # nothing locates Umm Anaksh (see test_extract_near.py)
    homs = collection["features"][1]
    assert homs["geometry"] == {"type": "Point", "coordinates": [36.6854, 34.7315]}
    assert homs["properties"]["id"] == "city:homs"
    assert (homs["properties"]["start"], homs["properties"]["end"]) == (
        text.index("Homs"),
        text.index("Homs") + 4,
    )


def test_long_and_pathological_inputs_finish(gazetteer: Gazetteer) -> None:
    # linear time: one huge capitalised run, endless articles and apostrophes, a giant list
    assert len(extract(gazetteer, "Aleppo Homs Kinda Tal " * 5000)) == 10000
    assert extract(gazetteer, "al-" * 20000 + "Aleppo")[-1].text.endswith("al-Aleppo")
    assert extract(gazetteer, "As’" * 20000) == []
    listed = extract(gazetteer, "the villages of " + "Kinda, " * 3000 + "and Homs")
    assert [m.text for m in listed[:2]] == ["Kinda", "Kinda"]


_FRAGMENTS = st.sampled_from(
    [
        "Aleppo", "al-Sawda", "village", "the villages of", "Tal", "Hayat Tahrir al-Sham", ", ", " and ",
        "’s", "-", "\n", "\"", "حلب", "Raqqa province", "SANA", "President", "Umm", "Qaryateen", ". ", " ",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=8)), max_size=40).map("".join))
def test_any_text_gives_valid_sorted_disjoint_mentions(gazetteer: Gazetteer, text: str) -> None:
    mentions = extract(gazetteer, text)
    assert all(isinstance(m, Mention) and text[m.start : m.end] == m.text and m.text for m in mentions)
    assert all(first.end <= second.start for first, second in itertools.pairwise(mentions))
    # an approximate point only for a place the gazetteer lacks, and always a point
    assert all(m.match is None and m.near.place.lat is not None for m in mentions if m.near is not None)


# -- the seed articles, with the embedded default gazetteer ---------------------------------------
SEEDS = sorted((SHARED_DIR / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def default() -> Gazetteer:
    return toponym.load("embedded")


@pytest.mark.parametrize("path", SEEDS, ids=[path.name[:3] for path in SEEDS])
def test_seed_mentions_are_well_formed(default: Gazetteer, path) -> None:
    text = path.read_text(encoding="utf-8")
    mentions = default.extract(text)
    assert mentions
    assert all(text[m.start : m.end] == m.text for m in mentions)
    forbidden = re.compile(r"^(Syrian|Russian|Takfiri|SANA|Press TV|Daesh|ISIS|NDF|Fars|Bashar|Assad|The)$")
    assert not [m.text for m in mentions if forbidden.match(m.text)]


def test_seed_quality_on_the_default_gazetteer(default: Gazetteer) -> None:
    """The figures scripts/evaluate_extract.py prints, held to the issue's targets for detection and
    (with the approximate locations of places no source has) for placement."""
    spec = importlib.util.spec_from_file_location(
        "evaluate_extract", REPO_ROOT / "scripts" / "evaluate_extract.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = script  # its dataclasses look their module up
    spec.loader.exec_module(script)
    evaluate, read_gold = script.evaluate, script.read_gold
    figures = evaluate(default, SHARED_DIR / "seeds", read_gold(SHARED_DIR / "eval" / "seeds_gold.tsv"))
    assert figures.recall >= 0.9
    assert figures.precision >= 0.9
    assert figures.placement >= 0.9
    assert (
        figures.placement > figures.resolution
    )  # approximate locations add to the matches, never replace them


def test_an_area_shares_its_seats_spellings() -> None:
    # Only the city lists the journalists' "Deir Ezzor"; "Deir Ezzor province" is still the governorate.
    rows = [
        {
            "id": "city:dez",
            "name": "Deir ez-Zor",
            "kind": "city",
            "lat": "35.3359",
            "lon": "40.1408",
            "admin1": "Deir ez-Zor",
            "country": "SY",
            "population": "211857",
            "names": "Deir ez-Zor|Deir Ezzor",
        },
        {
            "id": "gov:dez",
            "name": "Deir ez-Zor",
            "kind": "governorate",
            "lat": "35.1439",
            "lon": "40.3168",
            "admin1": "Deir ez-Zor",
            "country": "SY",
            "population": "1239000",
            "names": "Deir ez-Zor",
        },
    ]
    gazetteer = Gazetteer(place_from_row(row) for row in rows)
    text = "Fighting raged in Deir Ezzor province and near Deir Ezzor airport."
    resolved = [m.match.place.id if m.match else None for m in extract(gazetteer, text)]
    assert resolved == ["gov:dez", "city:dez"]
