"""`toponym normalize` on .xlsx workbooks written by openpyxl and Parquet files written by pyarrow,
through the real CLI on the embedded default: every input cell unchanged (types, styles, other
sheets), the appended columns equal to `resolve`, and clear errors that leave nothing behind."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from openpyxl.styles import Font
from tables import read_csv_places

from toponym.cli import main
from toponym.gazetteer import Gazetteer
from toponym.packs.pack import write_pack
from toponym.tabular import DEFAULT_FIELDS, FIELDS

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "xlsx"
NONSENSE = "Qwxzplk Vbnmtr"
# (id, location, governorate, when, people, share): typed cells, Arabic, blanks, a place twice
EVENTS = [
    (1, "Aleppo", "Aleppo", datetime.datetime(2024, 3, 1), 120, 0.25),
    (2, "حلب", None, datetime.datetime(2024, 3, 2, 14, 30), None, 1.5),
    (3, NONSENSE, None, None, 7, None),
    (4, None, "Homs", datetime.datetime(2024, 3, 4), 0, -2.0),
    (5, "Deir ez-Zor", "Deir-ez-Zor", datetime.datetime(2024, 3, 5), 3, 0.0),
    (6, "Aleppo", "Aleppo", datetime.datetime(2024, 3, 6), 120, 0.25),
]
SITES = ["Latakia", "دمشق", "Tadmur"]


def run(*args: str) -> tuple[int, str]:
    """The CLI on the embedded default gazetteer; gives the exit code and stderr."""
    env = {"TOPONYM_GAZETTEER": ""}
    result = CliRunner().invoke(main, ["normalize", *args], env=env)
    return result.exit_code, result.stderr


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected(gazetteer: Gazetteer, value: object, admin1: object = None) -> tuple[object, ...]:
    """The six result cells of one value, typed, as `resolve` gives them."""
    if value is None or not str(value).strip():
        return (None, None, None, None, None, "empty")
    match = gazetteer.resolve(str(value), admin1=None if admin1 is None else str(admin1))
    if match is None:
        return (None, None, None, None, None, "unmatched")
    place = match.place
    status = "ambiguous" if match.ambiguous else "matched"
    return (place.id, place.name, place.lat, place.lon, match.score, status)


def same_cells(found: tuple[object, ...], wanted: tuple[object, ...]) -> bool:
    return all(
        f == pytest.approx(w) if isinstance(w, float) else f == w for f, w in zip(found, wanted, strict=True)
    )


# -- workbooks -----------------------------------------------------------------------------------


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """Two sheets: "Events" (a blank row above the header, typed cells, styles, a blank row between
    data rows) and "Sites" (a bare list of names, and a note in merged cells below it)."""
    book = openpyxl.Workbook()
    events = book.active
    events.title = "Events"
    events.append([])
    events.append(["id", "location", "governorate", "when", "people", "share"])
    for cell in events[2]:
        cell.font = Font(bold=True)
    for number, row in enumerate(EVENTS):
        if number == 3:
            events.append([])  # a blank row between data rows
        events.append(list(row))
    for row in events.iter_rows(min_row=3, min_col=4, max_col=4):
        row[0].number_format = "dd/mm/yyyy"
    events.column_dimensions["B"].width = 30
    sites = book.create_sheet("Sites")
    sites.append(["site", "visits"])
    for visits, site in enumerate(SITES, start=1):
        sites.append([site, visits])
    sites.append(["visited in March", None])
    sites.merge_cells("A5:B5")
    path = tmp_path / "events.xlsx"
    book.save(path)
    return path


def cell_snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every cell of every sheet: its value, type, number format and font, and the merged ranges."""
    book = openpyxl.load_workbook(path)
    return {
        sheet.title: [
            (cell.coordinate, cell.value, cell.data_type, cell.number_format, cell.font.b)
            for row in sheet.iter_rows()
            for cell in row
        ]
        + [tuple(str(merged) for merged in sheet.merged_cells.ranges)]
        for sheet in book.worksheets
    }


def test_workbook_sheet_gets_results_and_every_cell_is_kept(
    workbook: Path, tmp_path: Path, default_gazetteer: Gazetteer
) -> None:
    before = sha256(workbook)
    output = tmp_path / "out.xlsx"
    report = tmp_path / "review.csv"
    code, err = run(
        str(workbook),
        "-c",
        "location",
        "--admin1-column",
        "governorate",
        "-o",
        str(output),
        "--report",
        str(report),
    )
    assert code == 0, err
    assert sha256(workbook) == before  # the input is never modified
    assert "6 rows" in err and f"1  {NONSENSE}" in err
    assert report.read_text(encoding="utf-8").startswith("column,value,")

    original, result = cell_snapshot(workbook), cell_snapshot(output)
    assert result["Sites"] == original["Sites"]  # the other sheet: copied unchanged
    width = 6
    kept = [
        cell for cell in result["Events"][:-1] if openpyxl.utils.cell.coordinate_to_tuple(cell[0])[1] <= width
    ]
    assert kept == original["Events"][:-1]  # every input cell: value, type, date format, bold header
    assert result["Events"][-1] == original["Events"][-1]

    sheet = openpyxl.load_workbook(output)["Events"]
    assert sheet.column_dimensions["B"].width == 30
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (None,) * (width + 6)  # the blank row above the header stays blank
    assert rows[1][width:] == tuple(f"location_{suffix}" for suffix in DEFAULT_FIELDS)
    assert rows[5] == (None,) * (width + 6)  # the blank row between data rows too
    data = [row for row in rows[2:] if any(cell is not None for cell in row)]
    assert len(data) == len(EVENTS)
    for row, event in zip(data, EVENTS, strict=True):
        assert row[:width] == event
        assert same_cells(row[width:], expected(default_gazetteer, event[1], event[2])), row
    assert isinstance(data[0][width + 2], float) and data[0][-1] in ("matched", "ambiguous")
    assert data[2][-1] == "unmatched" and data[3][-1] == "empty"


@pytest.mark.parametrize("sheet", ["Sites", "2"], ids=["by name", "by number"])
def test_sheet_option_chooses_the_sheet_to_normalise(
    workbook: Path, tmp_path: Path, sheet: str, default_gazetteer: Gazetteer
) -> None:
    output = tmp_path / "out.xlsx"
    code, err = run(str(workbook), "--sheet", sheet, "-c", "site", "-o", str(output), "-q")
    assert code == 0, err
    assert cell_snapshot(output)["Events"] == cell_snapshot(workbook)["Events"]
    rows = list(openpyxl.load_workbook(output)["Sites"].iter_rows(values_only=True))
    assert rows[0] == ("site", "visits", *[f"site_{suffix}" for suffix in DEFAULT_FIELDS])
    for row, site in zip(rows[1:4], SITES, strict=True):
        assert same_cells(row[2:], expected(default_gazetteer, site)), row


def test_the_active_sheet_is_the_default(workbook: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book.active = 1  # "Sites": the sheet Excel opens on
    book.save(workbook)
    output = tmp_path / "out.xlsx"
    code, err = run(str(workbook), "-c", "site", "-o", str(output))
    assert code == 0, err
    assert "4 rows" in err


def truncated(workbook: Path) -> None:
    workbook.write_bytes(workbook.read_bytes()[:2000])


def encrypted(workbook: Path) -> None:
    shutil.copyfile(FIXTURES / "encrypted.xlsx", workbook)


def not_a_zip(workbook: Path) -> None:
    workbook.write_text("location\nAleppo\n")


def empty_sheet(workbook: Path) -> None:
    book = openpyxl.Workbook()
    book.save(workbook)


@pytest.mark.parametrize(
    ("spoil", "args", "code", "message"),
    [
        pytest.param(
            None,
            ["--sheet", "Notes"],
            2,
            "sheet 'Notes' not found in events.xlsx; its sheets are: 1:'Events', 2:'Sites'",
            id="no such sheet",
        ),
        pytest.param(None, ["--sheet", "3"], 2, "its sheets are: 1:'Events'", id="no such sheet number"),
        pytest.param(None, ["-c", "place"], 2, "column 'place' not found", id="no such column"),
        pytest.param(None, ["-d", ";"], 2, "a delimiter separates the fields of CSV", id="delimiter"),
        pytest.param(
            truncated,
            [],
            1,
            "events.xlsx is not a readable .xlsx workbook (corrupt or truncated)",
            id="truncated",
        ),
        pytest.param(
            encrypted, [], 1, "events.xlsx is a password-protected (encrypted) workbook", id="encrypted"
        ),
        pytest.param(not_a_zip, [], 1, "events.xlsx is not a readable .xlsx workbook", id="not a zip"),
        pytest.param(empty_sheet, [], 1, "sheet 'Sheet' of events.xlsx is empty", id="empty sheet"),
    ],
)
def test_workbook_errors_name_the_problem_and_leave_nothing(
    workbook: Path, tmp_path: Path, spoil, args: list[str], code: int, message: str
) -> None:
    if spoil is not None:
        spoil(workbook)
    before = sha256(workbook)
    output = tmp_path / "out.xlsx"
    output.write_bytes(b"yesterday's output")
    found, err = run(str(workbook), "-c", "location", "-o", str(output), *args)
    assert found == code, err
    assert message in err
    assert output.read_bytes() == b"yesterday's output"  # atomic: an existing output is left as it was
    assert sorted(os.listdir(tmp_path)) == ["events.xlsx", "out.xlsx"]  # no temporary file left
    assert sha256(workbook) == before


def test_a_workbook_needs_the_excel_extra(workbook: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as on a machine without it: import fails
    code, err = run(str(workbook), "-c", "location", "-o", str(tmp_path / "out.xlsx"))
    assert code == 1
    assert (
        "reading .xlsx workbooks needs openpyxl, which is not installed: pip install 'toponym[excel]'" in err
    )
    assert sorted(os.listdir(tmp_path)) == ["events.xlsx"]


HXL_4W = Path(__file__).resolve().parent / "fixtures" / "hxl" / "syria_4w.csv"


def test_a_sheet_with_an_hxl_row_takes_tags_and_fields(tmp_path: Path, default_gazetteer: Gazetteer) -> None:
    """The HDX-style 4W table as a workbook: its hashtag row is kept and extended with the appended
    columns' tags, columns are chosen by tag, and --fields chooses what is appended."""
    with HXL_4W.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    book = openpyxl.Workbook()
    for row in table:
        book.active.append(row)
    source = tmp_path / "4w.xlsx"
    book.save(source)
    fields = ("id", "pcode", "admin1_pcode", "lat")
    output = tmp_path / "out.xlsx"
    code, err = run(
        str(source),
        "-c",
        "#loc+name",
        "--admin1-column",
        "#adm1+name",
        "--fields",
        ",".join(fields),
        "-o",
        str(output),
    )
    assert code == 0, err
    assert f"{len(table) - 2:,} rows" in err  # the hashtag row is not data
    rows = list(openpyxl.load_workbook(output).active.iter_rows(values_only=True))
    width = len(table[0])
    assert rows[0][width:] == tuple(f"Community_{name}" for name in fields)
    assert rows[1][:width] == tuple(table[1]) and rows[1][width:] == tuple(
        FIELDS[name].hxl for name in fields
    )
    community, governorate = table[0].index("Community"), table[0].index("Governorate")
    for row, source_row in zip(rows[2:], table[2:], strict=True):
        match = default_gazetteer.resolve(source_row[community], admin1=source_row[governorate])
        place = match.place if match else None
        assert row[width:] == (
            place and place.id,
            place and place.pcode,
            place and place.pcodes and place.pcodes.admin1,
            place and pytest.approx(place.lat),
        ), source_row[community]


# -- Parquet -------------------------------------------------------------------------------------

PLACES = ["Aleppo", "حلب", None, NONSENSE, "Homs", "Latakia", "", "Deir ez-Zor", "Aleppo", "Idlib"]


@pytest.fixture
def parquet(tmp_path: Path) -> Path:
    """Ten rows in four row groups: ints, floats, dates, timestamps, booleans, lists, a dictionary
    column, nulls in each; zstd-compressed, with schema metadata."""
    count = len(PLACES)
    table = pa.table(
        {
            "id": pa.array(range(count), type=pa.int32()),
            "location": PLACES,
            "governorate": pa.array(
                ["Aleppo", None, None, None, "Homs", None, None, None, "Aleppo", None]
            ).dictionary_encode(),
            "day": [datetime.date(2024, 1, 1 + i) if i % 3 else None for i in range(count)],
            "seen": pa.array(
                [datetime.datetime(2024, 1, 1, i) for i in range(count)], type=pa.timestamp("ns")
            ),
            "people": [i * 10 if i % 4 else None for i in range(count)],
            "share": [i / 3 for i in range(count)],
            "checked": [i % 2 == 0 for i in range(count)],
            "tags": [["a", "b"] if i % 2 else [] for i in range(count)],
        }
    ).replace_schema_metadata({"source": "tests"})
    path = tmp_path / "events.parquet"
    pq.write_table(table, path, row_group_size=3, compression="zstd")
    return path


def test_parquet_columns_are_kept_and_results_appended_typed(
    parquet: Path, tmp_path: Path, default_gazetteer: Gazetteer
) -> None:
    before = sha256(parquet)
    output = tmp_path / "out.parquet"
    code, err = run(str(parquet), "-c", "location", "--admin1-column", "governorate", "-o", str(output))
    assert code == 0, err
    assert sha256(parquet) == before
    assert "10 rows" in err and f"1  {NONSENSE}" in err
    original, result = pq.read_table(parquet), pq.read_table(output)
    assert pq.ParquetFile(parquet).metadata.num_row_groups == 4
    assert result.select(original.column_names).equals(original)  # every column: types, values, nulls
    assert result.schema.metadata == original.schema.metadata
    names = [f"location_{suffix}" for suffix in DEFAULT_FIELDS]
    assert result.column_names == original.column_names + names
    assert [result.schema.field(name).type for name in names] == [
        pa.string(),
        pa.string(),
        pa.float64(),
        pa.float64(),
        pa.float64(),
        pa.string(),
    ]
    assert pq.ParquetFile(output).metadata.row_group(0).column(0).compression == "ZSTD"
    governorates = original.column("governorate").to_pylist()
    for number, (place, governorate) in enumerate(zip(PLACES, governorates, strict=True)):
        row = tuple(result.column(name)[number].as_py() for name in names)
        assert same_cells(row, expected(default_gazetteer, place, governorate)), (place, row)


def test_parquet_takes_fields_and_reviewed_decisions(
    parquet: Path, tmp_path: Path, default_gazetteer: Gazetteer
) -> None:
    decisions = tmp_path / "review.csv"
    decisions.write_text(
        f"value,admin1,admin2,decision\n{NONSENSE},,,SY0705\nHoms,Homs,,none\n", encoding="utf-8"
    )
    output = tmp_path / "out.parquet"
    code, err = run(
        str(parquet),
        "-c",
        "location",
        "--admin1-column",
        "governorate",
        "--decisions",
        str(decisions),
        "--fields",
        "id,pcode,score,status",
        "-o",
        str(output),
    )
    assert code == 0, err
    result = pq.read_table(output)
    names = ["location_id", "location_pcode", "location_score", "location_status"]
    assert result.column_names[-4:] == names
    assert [result.schema.field(name).type for name in names] == [
        pa.string(),
        pa.string(),
        pa.float64(),
        pa.string(),
    ]
    rows = dict(
        zip(PLACES, zip(*(result.column(name).to_pylist() for name in names), strict=True), strict=True)
    )
    district = default_gazetteer.get("SY0705")
    assert rows[NONSENSE] == (district.id, district.pcode, 100.0, "reviewed")
    assert rows["Homs"] == (None, None, None, "reviewed")  # decided: no place
    assert rows["Aleppo"][3] in ("matched", "ambiguous")


def test_parquet_chosen_by_format_option(parquet: Path, tmp_path: Path) -> None:
    bare = tmp_path / "events"  # no extension: --format says what it is
    parquet.rename(bare)
    output = tmp_path / "out.parquet"
    code, err = run(str(bare), "--format", "parquet", "-c", "2", "-o", str(output), "-q")
    assert code == 0, err
    assert pq.read_table(output).num_rows == len(PLACES)


@pytest.mark.parametrize(
    ("spoil", "args", "code", "message"),
    [
        pytest.param(
            None,
            ["-c", "place"],
            2,
            "column 'place' not found; columns are: 1:'id', 2:'location'",
            id="no such column",
        ),
        pytest.param(
            None,
            ["-c", "tags"],
            2,
            "column 'tags' holds list<element: string>, not names",
            id="a list column",
        ),
        pytest.param(
            None,
            ["-c", "location", "--sheet", "1"],
            2,
            "--sheet chooses a sheet of an .xlsx workbook",
            id="sheet",
        ),
        pytest.param(
            None,
            ["-c", "location", "-o", "{tmp}/out.csv"],
            2,
            "cannot write parquet input as csv",
            id="conversion",
        ),
        pytest.param(
            "location_id", ["-c", "location"], 2, "already has a column 'location_id'", id="taken name"
        ),
        pytest.param(
            b"location\nAleppo\n",
            ["-c", "location"],
            1,
            "events.parquet is not a Parquet file",
            id="csv named .parquet",
        ),
        pytest.param(
            b"PAR1truncated", ["-c", "location"], 1, "events.parquet is not a Parquet file", id="truncated"
        ),
    ],
)
def test_parquet_errors_name_the_problem_and_leave_nothing(
    parquet: Path, tmp_path: Path, spoil, args: list[str], code: int, message: str
) -> None:
    if isinstance(spoil, bytes):
        parquet.write_bytes(spoil)
    elif spoil is not None:  # a column already called like a result column
        table = pq.read_table(parquet)
        pq.write_table(table.append_column(spoil, pa.array(["x"] * table.num_rows)), parquet)
    before = sha256(parquet)
    output = tmp_path / "out.parquet"
    found, err = run(str(parquet), "-o", str(output), *[arg.format(tmp=tmp_path) for arg in args])
    assert found == code, err
    assert message in err
    assert sorted(os.listdir(tmp_path)) == ["events.parquet"]
    assert sha256(parquet) == before


def test_parquet_needs_the_parquet_extra(parquet: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    code, err = run(str(parquet), "-c", "location", "-o", str(tmp_path / "out.parquet"))
    assert code == 1
    assert "pip install 'toponym[parquet]'" in err


# -- choosing formats ----------------------------------------------------------------------------


def test_delimited_text_follows_the_output_extension(tmp_path: Path) -> None:
    source = tmp_path / "in.tsv"  # tab-separated by its extension, no --tsv needed
    source.write_text("id\tlocation\n1\tAleppo\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    code, err = run(str(source), "-c", "location", "-o", str(output), "-q")
    assert code == 0, err
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,location," + ",".join(f"location_{s}" for s in DEFAULT_FIELDS)
    assert lines[1].startswith("1,Aleppo,geonames:")


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        pytest.param("in.csv", ["-o", "{tmp}/out.xlsx"], "cannot write csv input as xlsx", id="csv to xlsx"),
        pytest.param(
            "in.csv",
            ["--sheet", "1"],
            "--sheet chooses a sheet of an .xlsx workbook; the input is csv",
            id="sheet of csv",
        ),
        pytest.param("in.csv", ["--format", "ods"], "Invalid value for '--format'", id="unknown format"),
    ],
)
def test_format_usage_errors_exit_2(tmp_path: Path, name: str, args: list[str], message: str) -> None:
    source = tmp_path / name
    source.write_text("location\nAleppo\n", encoding="utf-8")
    code, err = run(str(source), "-c", "location", *[arg.format(tmp=tmp_path) for arg in args])
    assert code == 2
    assert message in err
    assert sorted(os.listdir(tmp_path)) == [name]


def test_a_workbook_given_as_csv_says_what_it_is(workbook: Path) -> None:
    code, err = run(str(workbook), "--format", "csv", "-c", "location")
    assert code == 1
    assert "ZIP archive, probably an Excel workbook: give its path with --format xlsx" in err


def test_a_workbook_is_read_from_a_file_not_stdin(workbook: Path) -> None:
    result = CliRunner().invoke(
        main, ["normalize", "-", "--format", "xlsx", "-c", "location"], input=workbook.read_bytes()
    )
    assert result.exit_code == 2
    assert "xlsx input is read from a file: give its path, not stdin" in result.stderr


# -- signals -------------------------------------------------------------------------------------


def big_workbook(path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("events")
    sheet.append(["id", "location", "note"])
    for i in range(40_000):
        sheet.append([i, ("Lattakia", "Aleppo", "حلب", None)[i % 4], f"note {i}"])
    book.save(path)


def big_parquet(path: Path) -> None:
    rows = 2_000_000
    names = pa.array(["Lattakia", "Aleppo", "حلب", None] * (rows // 4))
    pq.write_table(pa.table({"id": pa.array(range(rows)), "location": names}), path)


@pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="POSIX signals")
@pytest.mark.parametrize("make", [big_workbook, big_parquet], ids=["xlsx", "parquet"])
def test_a_signal_mid_run_leaves_no_debris(tmp_path: Path, make) -> None:
    pack = write_pack(read_csv_places(), tmp_path / "small.db", provenance={})
    suffix = ".xlsx" if make is big_workbook else ".parquet"
    source = tmp_path / f"events{suffix}"
    make(source)
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    output = outputs / f"out{suffix}"
    output.write_bytes(b"yesterday's output")
    command = [
        sys.executable,
        "-m",
        "toponym",
        "normalize",
        str(source),
        "-c",
        "location",
        "--gazetteer",
        str(pack),
    ]
    process = subprocess.Popen([*command, "-o", str(output)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not any(p.name.endswith(".part") for p in outputs.iterdir()):  # it has started writing
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "no temporary output appeared"
            time.sleep(0.01)
        time.sleep(0.6)  # past the imports a loaded machine may still be doing
        os.kill(process.pid, signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 143, err.decode()
    assert b"Traceback" not in err
    assert sorted(os.listdir(outputs)) == [output.name]
    assert output.read_bytes() == b"yesterday's output"


def test_a_workbook_can_go_to_a_redirected_stdout(workbook: Path) -> None:
    result = CliRunner().invoke(
        main, ["normalize", str(workbook), "-c", "location", "-q"], env={"TOPONYM_GAZETTEER": ""}
    )
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(io.BytesIO(result.stdout_bytes))
    assert book.sheetnames == ["Events", "Sites"]
    assert book["Events"]["G2"].value == "location_id"
