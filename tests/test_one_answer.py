"""Lookup and extraction share one names core: the same name, in the same (empty) context, gets the
same answer from ``resolve`` and from ``extract`` of a text that is only that name."""

from __future__ import annotations

import csv

import pytest
from conftest import SHARED_DIR
from tables import read_table

from toponym.gazetteer import Gazetteer

JOURNALISTIC = [row["query"] for row in read_table("journalistic.tsv")]


def _seed_mentions() -> list[str]:
    with (SHARED_DIR / "eval" / "seeds_gold.tsv").open(encoding="utf-8", newline="") as handle:
        return sorted({row["mention"] for row in csv.DictReader(handle, delimiter="\t")})


@pytest.mark.parametrize("name", JOURNALISTIC + _seed_mentions())
def test_lookup_and_extraction_agree(default_gazetteer: Gazetteer, name: str) -> None:
    looked_up = default_gazetteer.resolve(name)
    mentions = [m for m in default_gazetteer.extract(name) if m.match is not None]
    extracted = mentions[0].match if len(mentions) == 1 and mentions[0].text == name else None
    if looked_up is None or extracted is None:
        # one of them may find nothing (a cue-less unknown village, a name lookup abstains on), never
        # two different places
        return
    assert extracted.place.id == looked_up.place.id, (extracted.place.name, looked_up.place.name)
