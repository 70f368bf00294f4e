"""Context values on the command line: ISO alpha-3 codes and names for --country, unknown kinds as
usage errors, and a warning for --admin1/--admin2 (or a context column's value) naming nothing
(tests/cases/cli_context.tsv)."""

from __future__ import annotations

import csv
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from tables import read_table

from toponym.cli import main


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.csv"
    path.write_text("id,location,gov\n1,Lattakia,Latakia\n2,Sawda,Narnia\n3,Sawda,Narnia\n4,Aleppo,\n")
    return path


@pytest.mark.parametrize("case", read_table("cli_context.tsv"), ids=lambda c: c["args"])
def test_context_on_the_command_line(case: dict[str, str], events: Path) -> None:
    args = [arg.format(events=events) for arg in shlex.split(case["args"])]
    result = CliRunner().invoke(main, args, env={"TOPONYM_GAZETTEER": ""})
    assert result.exit_code == int(case["exit"]), result.output
    assert case["out"] in result.stdout
    assert case["err"] in result.stderr
    if case["no_err"]:
        assert case["no_err"] not in result.stderr


def test_unknown_context_values_are_counted_in_the_summary_and_the_report(
    events: Path, tmp_path: Path
) -> None:
    report = tmp_path / "review.csv"
    result = CliRunner().invoke(
        main,
        ["normalize", str(events), "-c", "location", "--admin1-column", "gov", "--report", str(report)],
        env={"TOPONYM_GAZETTEER": ""},
    )
    assert result.exit_code == 0, result.output
    assert "2  Narnia" in result.stderr  # the value and its number of rows
    with report.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    unknown = {(row["value"], row["admin1"]): row["unknown_context"] for row in rows}
    assert unknown == {("Sawda", "Narnia"): "admin1", ("Lattakia", "Latakia"): "", ("Aleppo", ""): ""}


def test_invalid_stdin_is_replaced_with_one_warning_of_ours() -> None:
    result = CliRunner().invoke(
        main, ["lookup", "-"], input=b"Aleppo\n\xff\xc3(Homs\n", env={"TOPONYM_GAZETTEER": ""}
    )
    assert "stdin is not valid UTF-8 (line 2" in result.stderr
    assert "narrow Python build" not in result.stderr and "Surrogate" not in result.stderr
    assert "geonames:170063" in result.stdout


def test_a_long_unmatched_value_is_shortened_in_messages(tmp_path: Path) -> None:
    huge = "Qwxzplk" * 200_000
    source = tmp_path / "in.csv"
    source.write_text(f"location\n{huge}\n")
    result = CliRunner().invoke(
        main, ["normalize", str(source), "-c", "location", "-o", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 0, result.output
    assert len(result.stderr) < 2_000
    assert "(1,400,000 characters)" in result.stderr
    result = CliRunner().invoke(main, ["lookup", huge], env={"TOPONYM_GAZETTEER": ""})
    assert result.exit_code == 1
    assert len(result.stderr) < 500 and "no match: Qwxzplk" in result.stderr
