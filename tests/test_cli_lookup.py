"""`toponym lookup` and `toponym data` through click's runner and a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from toponym import __version__
from toponym.cli import main


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input, env={"TOPONYM_GAZETTEER": ""})
    return result.exit_code, result.stdout, result.stderr


def test_lookup_json() -> None:
    code, out, _ = run("lookup", "Lattakia", "--json")
    assert code == 0
    [match] = json.loads(out)
    assert match["id"] == "geonames:173576"
    assert {"name", "name_ar", "lat", "lon", "score", "admin1", "kind"} <= set(match)


def test_lookup_table_for_people() -> None:
    code, out, _ = run("lookup", "Lattakia", "Tadmor")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split()[:3] == ["query", "id", "name"]
    assert len(rows) == 2


def test_no_match_is_exit_1_with_a_clear_line() -> None:
    code, out, err = run("lookup", "Qwxzplk Vbnmtr")
    assert code == 1
    assert "no match: Qwxzplk Vbnmtr" in err
    code, out, _ = run("lookup", "Qwxzplk Vbnmtr", "--json")
    assert code == 1
    assert json.loads(out) == []


def test_names_from_stdin() -> None:
    code, out, _ = run("lookup", "-", "--json", input="Deir Ezzor\n\nPalmyra\n")
    assert code == 0
    assert [m["query"] for m in json.loads(out)] == ["Deir Ezzor", "Palmyra"]


def test_limit_gives_candidates() -> None:
    code, out, _ = run("lookup", "Aleppo", "--limit", "3", "--json")
    assert code == 0
    assert 1 <= len(json.loads(out)) <= 3


def test_usage_errors_exit_2() -> None:
    assert run("lookup")[0] == 2
    assert run("lookup", "Aleppo", "--limit", "0")[0] == 2
    assert run("no-such-command")[0] == 2


def test_missing_pack_is_exit_1(tmp_path: Path) -> None:
    code, _, err = run("lookup", "Aleppo", "--gazetteer", str(tmp_path / "none.db"))
    assert code == 1
    assert "not found" in err


def test_version_and_python_dash_m() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "toponym", "--version"], capture_output=True, text=True, check=True
    )
    assert __version__ in completed.stdout


def test_full_pack_build_and_info(full_pack: Path) -> None:
    code, out, _ = run("data", "info", str(full_pack), "--json")
    assert code == 0
    info = json.loads(out)
    assert info["places"] >= 10_000
    assert info["names"] >= 40_000
    sources = {source["name"]: source for source in info["sources"]}
    assert {"wof", "opensyria", "ocha", "curated", "world"} <= set(sources)
    assert all(len(sources[name]["sha256"]) == 64 for name in ("wof", "opensyria", "ocha"))
    # OCHA's Damascus neighbourhoods, read from beside the points file, are in the provenance too
    assert [read["path"] for read in sources["ocha"]["also_read"]] == ["syr_admin5.geojson"]
    assert sources["ocha"]["stats"]["neighbourhoods"] == 63
    assert info["built_at"]


def test_lookup_on_the_full_pack(full_pack: Path) -> None:
    code, out, _ = run("lookup", "ocha:C4268", "--gazetteer", str(full_pack), "--json")
    assert code == 0
    assert "ocha:C4268" in json.loads(out)[0]["ids"]
    code, out, _ = run("lookup", "Lattakia", "--gazetteer", str(full_pack), "--json")
    assert code == 0
    assert json.loads(out)[0]["id"] == "geonames:173576"
    code, out, _ = run("lookup", "Kafr Sousa", "--gazetteer", str(full_pack), "--json")  # an admin5 polygon
    assert code == 0
    found = json.loads(out)[0]
    assert (found["id"], found["kind"]) == ("ocha:C10011010", "neighbourhood")
