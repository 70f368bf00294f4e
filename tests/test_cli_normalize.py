"""`toponym normalize` through click's runner on real files, and as a real subprocess."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from tables import read_csv_places

from toponym.cli import main
from toponym.packs.pack import write_pack
from toponym.tabular import DEFAULT_FIELDS

LATAKIA, ALEPPO = "geonames:173576", "geonames:170063"
NONSENSE = "Qwxzplk Vbnmtr"
NEW_COLUMNS = [f"location_{suffix}" for suffix in DEFAULT_FIELDS]


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real pack file holding the small test gazetteer."""
    places = read_csv_places()
    return write_pack(
        places,
        tmp_path_factory.mktemp("pack") / "small.db",
        provenance={"sources": [{"name": "tests"}]},
    )


@pytest.fixture
def run(pack: Path):
    def invoke(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, ["normalize", "--gazetteer", str(pack), *args], input=input)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.csv"
    path.write_text(
        "id,location,admin1\n1,Lattakia,Latakia\n2,Qwxzplk Vbnmtr,\n3,,\n4,Lattakia,Latakia\n",
        encoding="utf-8",
    )
    return path


def test_file_to_stdout_with_a_summary_on_stderr(run, events: Path) -> None:
    code, out, err = run(str(events), "--column", "location", "--admin1-column", "admin1")
    assert code == 0, err
    rows = rows_of(out)
    assert rows[0] == ["id", "location", "admin1", *NEW_COLUMNS]
    assert [row[3] for row in rows[1:]] == [LATAKIA, "", "", LATAKIA]
    assert [row[-1] for row in rows[1:]] == ["matched", "unmatched", "empty", "matched"]
    assert "4 rows" in err and "unmatched" in err
    assert f"1  {NONSENSE}" in err  # the most frequent unmatched values
    assert "normalizing" not in err  # no progress bar: stderr is not a terminal


def test_stdin_to_output_file_by_column_number(run, tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    code, out, err = run("-", "-c", "2", "-o", str(output), "--quiet", input="n,place\n1,حلب\n".encode())
    assert code == 0, err
    assert out == "" and err == ""  # --quiet: nothing on stderr; the output went to the file
    assert rows_of(output.read_text(encoding="utf-8"))[1][:3] == ["1", "حلب", ALEPPO]


def test_stdin_when_input_is_absent(run) -> None:
    code, out, _ = run("-c", "location", input=b"location\nLattakia\n")
    assert code == 0
    assert rows_of(out)[1][1] == LATAKIA


def test_cp1256_needs_the_encoding_option(run, tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    source.write_bytes("location,notes\r\nحلب,قصف على المدينة\r\n".encode("cp1256"))
    code, out, err = run(str(source), "-c", "location")
    assert code == 1
    assert "--encoding cp1256" in err and "line 2" in err
    code, out, err = run(str(source), "-c", "location", "--encoding", "cp1256")
    assert code == 0, err
    assert rows_of(out)[1][:3] == ["حلب", "قصف على المدينة", ALEPPO]


def test_tsv_and_delimiter(run, tmp_path: Path) -> None:
    tsv = tmp_path / "in.tsv"
    tsv.write_text("location\tnote\nAleppo\ta, b\n")
    code, out, _ = run(str(tsv), "-c", "location", "--tsv")
    assert code == 0
    assert out.splitlines()[1].startswith(f"Aleppo\ta, b\t{ALEPPO}\t")
    semicolons = tmp_path / "in.csv"
    semicolons.write_text("location;note\nAleppo;x\n")
    code, out, _ = run(str(semicolons), "-c", "location", "-d", ";")
    assert code == 0
    assert out.splitlines()[1].startswith(f"Aleppo;x;{ALEPPO};")


def test_report_file(run, events: Path, tmp_path: Path) -> None:
    report = tmp_path / "review.csv"
    code, _, err = run(str(events), "-c", "location", "--admin1-column", "admin1", "--report", str(report))
    assert code == 0, err
    rows = rows_of(report.read_text(encoding="utf-8"))
    assert [(r[1], r[2], r[5], r[6]) for r in rows[1:]] == [
        (NONSENSE, "", "1", "unmatched"),
        ("Lattakia", "Latakia", "2", "matched"),
        ("", "", "1", "empty"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["-c", "place"], "column 'place' not found; columns are: 1:'id', 2:'location'", id="column"
        ),
        pytest.param(["-c", "location", "--admin1-column", "gov"], "'gov' not found", id="context column"),
        pytest.param(["-c", "9"], "there is no column 9", id="column number"),
        pytest.param(["-c", "location", "--tsv", "-d", ";"], "not both", id="tsv and delimiter"),
        pytest.param(["-c", "location", "--encoding", "utf-9"], "unknown encoding", id="encoding"),
        pytest.param(["-c", "location", "-o", "{input}"], "is the input file", id="output is input"),
        pytest.param([], "give --column COL", id="no column"),
    ],
)
def test_usage_errors_exit_2(run, events: Path, args: list[str], message: str) -> None:
    before = sha256(events)
    code, _, err = run(str(events), *[arg.format(input=events) for arg in args])
    assert code == 2
    assert message in err
    assert sha256(events) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "the input is empty", id="empty"),
        pytest.param(b"\x00\x01\x02\x03binary", "binary", id="binary"),
        pytest.param(b"location\n\xff\xfe\n", "not valid utf-8-sig at line 2", id="undecodable"),
    ],
)
def test_unreadable_input_exits_1_and_writes_nothing(
    run, tmp_path: Path, content: bytes, message: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    output = tmp_path / "out.csv"
    code, _, err = run(str(source), "-c", "location", "-o", str(output))
    assert code == 1
    assert message in err
    assert sorted(os.listdir(tmp_path)) == ["in.csv"]


def test_header_only_is_a_warning_not_an_error(run, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,location\n")
    code, out, err = run(str(source), "-c", "location")
    assert code == 0
    assert rows_of(out) == [["id", "location", *NEW_COLUMNS]]
    assert "no data rows" in err


def test_missing_input_file_is_a_usage_error(run, tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "nope.csv"), "-c", "location")
    assert code == 2
    assert "does not exist" in err


def test_subprocess_pipes_and_embedded_newlines(pack: Path, tmp_path: Path) -> None:
    source = "id,location,notes\r\n" + '1,Lattakia,"two\nlines, ""quoted"""\r\n' + "2,,x\r\n"
    result = subprocess.run(
        [sys.executable, "-m", "toponym", "normalize", "-c", "location", "--gazetteer", str(pack)],
        input=source.encode(),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert out.startswith("id,location,notes,location_id,")
    assert '1,Lattakia,"two\nlines, ""quoted""",geonames:173576,Latakia,' in out
    assert out.endswith(",empty\r\n")
    assert b"2 rows" in result.stderr


def test_subprocess_into_a_closed_pipe_is_quiet(pack: Path, tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    source.write_text("location\n" + "Aleppo\n" * 200_000)
    command = [sys.executable, "-m", "toponym", "normalize", str(source), "-c", "1", "--gazetteer", str(pack)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()  # like `| head -1`
        process.stdout.close()
        errors = process.stderr.read()
        process.wait(timeout=60)
    assert first.startswith(b"location,location_id,")
    assert errors == b""


def test_the_default_gazetteer_end_to_end(tmp_path: Path) -> None:
    source = tmp_path / "events.csv"
    source.write_text("location,admin1\nAleppo,Aleppo\nQwxzplk Vbnmtr,\n,\n", encoding="utf-8")
    env = {"TOPONYM_GAZETTEER": "", "TOPONYM_DATA_DIR": str(tmp_path / "data")}  # the embedded default
    result = CliRunner().invoke(
        main, ["normalize", str(source), "-c", "location", "--admin1-column", "2"], env=env
    )
    assert result.exit_code == 0, result.stderr
    rows = rows_of(result.stdout)
    assert rows[1][-1] in ("matched", "ambiguous")  # the city or the governorate: the matcher decides
    assert [row[-1] for row in rows[2:]] == ["unmatched", "empty"]
    assert rows[1][2].startswith("geonames:") and rows[1][3] == "Aleppo"
