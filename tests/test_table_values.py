"""Values as real tables write them, on the embedded default: level words, Arabic forms, loose hints."""

from __future__ import annotations

import pytest
from tables import read_table

from toponym.gazetteer import Gazetteer

CASES = read_table("table_values.tsv")


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_table_values(default_gazetteer: Gazetteer, case: dict[str, str]) -> None:
    found = default_gazetteer.resolve(case["query"], admin1=case["admin1"] or None)
    assert (found.place.id if found else "-") == case["expected"], found
    if found is not None and case["ambiguous"]:
        assert found.ambiguous == (case["ambiguous"] == "yes"), found.runner_up
