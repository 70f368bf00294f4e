"""HXL tables through the real CLI: a 4W table in HDX style (tests/fixtures/hxl/syria_4w.csv), its
hashtag row passed through and not counted, the appended columns tagged, columns chosen by tag
pattern, the output read back by libhxl, and what happens without libhxl."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from toponym.cli import main
from toponym.gazetteer import Gazetteer
from toponym.tabular import FIELDS

hxl = pytest.importorskip("hxl")

FOUR_W = Path(__file__).resolve().parent / "fixtures" / "hxl" / "syria_4w.csv"
FIELD_NAMES = ("id", "pcode", "admin1_pcode", "admin2_pcode", "admin3_pcode", "lat", "lon", "status")
TAGGED = ["-c", "#loc+name", "--admin1-column", "#adm1+name", "--admin2-column", "#adm2+name"]
NAMED = ["-c", "Community", "--admin1-column", "Governorate", "--admin2-column", "District"]


@pytest.fixture
def run(tmp_path: Path):
    env = {"TOPONYM_GAZETTEER": "", "TOPONYM_DATA_DIR": str(tmp_path / "data")}  # the embedded default

    def invoke(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, ["normalize", *args], env=env)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def input_rows() -> list[list[str]]:
    return rows_of(FOUR_W.read_text(encoding="utf-8-sig"))


def test_the_hashtag_row_is_passed_through_tagged_and_not_counted(run, tmp_path: Path) -> None:
    report = tmp_path / "review.csv"
    code, out, err = run(str(FOUR_W), *TAGGED, "--fields", ",".join(FIELD_NAMES), "--report", str(report))
    assert code == 0, err
    source, rows = input_rows(), rows_of(out)
    width = len(source[0])
    assert rows[0] == source[0] + [f"Community_{name}" for name in FIELD_NAMES]
    assert rows[1] == source[1] + [FIELDS[name].hxl for name in FIELD_NAMES]
    assert [row[:width] for row in rows] == source  # every input cell unchanged
    assert "9 rows" in err  # the data rows only
    assert "HXL: the hashtag row under the header was kept" in err
    assert "#loc+name" not in report.read_text(encoding="utf-8")  # not a value to review


def test_choosing_by_tag_gives_what_choosing_by_name_gives(run, default_gazetteer: Gazetteer) -> None:
    fields = ["--fields", ",".join(FIELD_NAMES)]
    tagged, named = run(str(FOUR_W), *TAGGED, *fields, "-q"), run(str(FOUR_W), *NAMED, *fields, "-q")
    assert tagged[0] == named[0] == 0, tagged[2] + named[2]
    assert tagged[1] == named[1]
    data = rows_of(tagged[1])[2:]
    for row in data:
        governorate, district, community = row[2], row[4], row[5]
        match = (
            default_gazetteer.resolve(community, admin1=governorate, admin2=district) if community else None
        )
        assert row[10] == (match.place.id if match else "")
    by_community = {row[5]: row[10:] for row in data}
    assert by_community["Bazabur"][:6] == [
        "geonames:171063",
        "C4268",
        "SY07",
        "SY0705",
        "SY070500",
        "35.775150",
    ]
    assert by_community["SARMADA "] == by_community["Sarmada"]
    assert by_community["Camp 7 (informal)"][-1] == "unmatched"
    assert by_community[""][-1] == "empty"


@pytest.mark.parametrize(
    ("spec", "column"),
    [
        pytest.param("#loc+name", "Community", id="the exact tag wins over #loc+name+i_ar"),
        pytest.param("#LOC +Name", "Community", id="tags are read as libhxl reads them"),
        pytest.param("#loc+name+i_ar", "Community (Arabic)", id="an attribute narrows"),
        pytest.param("#loc-i_ar", "Community", id="an excluded attribute"),
        pytest.param("#adm2", "District", id="the only match of a bare hashtag"),
    ],
)
def test_a_column_chosen_by_tag_pattern(run, spec: str, column: str) -> None:
    code, out, err = run(str(FOUR_W), "-c", spec, "--fields", "status", "-q")
    assert code == 0, err
    assert rows_of(out)[0][-1] == f"{column}_status"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        pytest.param(
            "#adm1", "2 columns match the HXL pattern '#adm1' (3:#adm1+name, 4:#adm1+code)", id="several"
        ),
        pytest.param(
            "#adm3+name",
            "no column's HXL hashtag matches '#adm3+name'; the hashtags are: 1:#org+name",
            id="none",
        ),
        pytest.param("#loc+name!-code", "is not an HXL tag pattern", id="malformed"),
    ],
)
def test_a_tag_pattern_that_chooses_no_single_column_is_a_usage_error(run, spec: str, message: str) -> None:
    code, _, err = run(str(FOUR_W), "-c", spec)
    assert code == 2
    assert message in err


def test_a_plain_csv_has_no_tags_to_choose_by(run, tmp_path: Path) -> None:
    source = tmp_path / "plain.csv"
    source.write_text("community,notes\nAzaz,#1 priority\n", encoding="utf-8")
    code, out, err = run(str(source), "-c", "community", "--fields", "id,status")
    assert code == 0, err
    assert rows_of(out) == [
        ["community", "notes", "community_id", "community_status"],
        ["Azaz", "#1 priority", "geonames:172082", "matched"],
    ]
    assert "1 row" in err and "HXL" not in err  # a '#' in one cell of two does not make a hashtag row
    code, _, err = run(str(source), "-c", "#loc+name")
    assert code == 2
    assert "the table has no HXL hashtag row under its header" in err


def test_the_output_is_hxl_that_libhxl_reads_and_a_second_run_chooses_the_same_columns(
    run, tmp_path: Path
) -> None:
    first = tmp_path / "4w_geo.csv"
    code, _, err = run(str(FOUR_W), *TAGGED, "--fields", ",".join(FIELD_NAMES), "-o", str(first), "-q")
    assert code == 0, err
    dataset = hxl.data(str(first), hxl.InputOptions(allow_local=True))
    assert [column.display_tag for column in dataset.columns][-8:] == [
        FIELDS[name].hxl for name in FIELD_NAMES
    ]
    rows = list(dataset)
    assert [row.get("#loc+code+v_pcode") for row in rows][:3] == ["C4268", "C4278", "C4121"]
    assert [row.get("#adm3+code+matched") for row in rows][:2] == ["SY070500", "SY070500"]
    assert rows[0].get("#geo+lat") == "35.775150"
    # The appended columns never take an input column's tag: the same patterns choose the same columns.
    second = tmp_path / "4w_geo_again.csv"
    code, _, err = run(str(first), *TAGGED, "--fields", "id", "-o", str(second), "-q")
    assert code == 0, err
    again = rows_of(second.read_text(encoding="utf-8"))
    assert again[0][-1] == "Community_id"
    assert [row[-1] for row in again[2:]] == [
        row[10] for row in rows_of(first.read_text(encoding="utf-8"))[2:]
    ]


def without_libhxl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real CLI in a process where `import hxl` fails, as on a machine without the hxl extra."""
    code = "import sys; sys.modules['hxl'] = None; from toponym.cli import main; main(sys.argv[1:])"
    return subprocess.run(
        [sys.executable, "-c", code, "normalize", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={**os.environ, "TOPONYM_GAZETTEER": "", "TOPONYM_DATA_DIR": str(cwd / "data")},
    )


def test_without_libhxl_plain_csv_works_and_hxl_asks_for_the_extra(tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text("community\nAzaz\n", encoding="utf-8")
    result = without_libhxl(str(plain), "-c", "community", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("Azaz,geonames:172082,")
    for args in ([str(plain), "-c", "#loc+name"], [str(FOUR_W), "-c", "Community"]):
        result = without_libhxl(*args, cwd=tmp_path)
        assert result.returncode == 1
        assert "toponym needs libhxl: pip install 'toponym[hxl]'" in result.stderr
        assert result.stdout == ""
