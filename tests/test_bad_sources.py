"""Importers on structurally bad records (tests/cases/bad_sources.tsv): skipped and counted, and a
source with nothing usable is an error naming its file, through the library and `data build`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from tables import read_table

from toponym.cli import main
from toponym.errors import SourceError
from toponym.packs.sources.geonames import read_geonames
from toponym.packs.sources.ocha import read_ocha
from toponym.packs.sources.opensyria import read_opensyria

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bad_sources"
READERS = {"opensyria": read_opensyria, "ocha": read_ocha, "geonames": read_geonames}
CASES = read_table("bad_sources.tsv")


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_bad_records(case: dict[str, str]) -> None:
    source = FIXTURES / case["case"]
    read = READERS[case["importer"]]
    if case["expected"] == "error":
        with pytest.raises(SourceError, match="no usable record") as raised:
            read(source)
        assert case["case"] in str(raised.value)  # the message names the file or directory
        return
    records = read(source)
    assert len(records.places) == int(case["expected"])
    assert all(place.names and place.lat is not None and place.lon is not None for place in records.places)
    for item in case["stats"].split():
        key, value = item.split("=")
        assert records.stats.get(key) == int(value), (key, records.stats)


@pytest.mark.parametrize("case", [c for c in CASES if c["expected"] == "error"], ids=lambda c: c["case"])
def test_build_from_a_source_with_nothing_usable_fails(case: dict[str, str], tmp_path: Path) -> None:
    output = tmp_path / "pack.db"
    result = CliRunner().invoke(
        main,
        [
            "data",
            "build",
            f"--{case['importer']}",
            str(FIXTURES / case["case"]),
            "--no-world",
            "-o",
            str(output),
        ],
    )
    assert result.exit_code == 1, result.output
    assert "no usable record" in result.output and case["case"] in result.output
    assert "Traceback" not in result.output
    assert not output.exists() and list(tmp_path.iterdir()) == []
