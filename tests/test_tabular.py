"""toponym.tabular: resolving many values once each, streaming CSV losslessly, files written safely."""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
from pathlib import Path

import pytest
from tables import read_csv_places

from toponym.errors import InputError
from toponym.gazetteer import Gazetteer
from toponym.models import Match
from toponym.tabular import (
    DEFAULT_FIELDS,
    EMPTY,
    CachedResolver,
    ColumnNotFound,
    InvalidOption,
    Resolution,
    UndecodableInput,
    find_column,
    normalize_csv,
    normalize_file,
    resolve_values,
    write_report,
)
from toponym.tabular.columns import text_cells

LATAKIA, ALEPPO, DAMASCUS = "geonames:173576", "geonames:170063", "geonames:170654"
NONSENSE = "Qwxzplk Vbnmtr"  # no gazetteer name is anywhere near it


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(read_csv_places())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def run_csv(gazetteer: Gazetteer, text: str, **options) -> tuple[list[list[str]], object]:
    sink = io.StringIO(newline="")
    summary = normalize_csv(io.StringIO(text, newline=""), sink, gazetteer=gazetteer, **options)
    return parse(sink.getvalue()), summary


# -- resolving values ----------------------------------------------------------------------------


def test_resolve_values_keeps_order_and_gives_every_status(gazetteer: Gazetteer) -> None:
    values = ["Lattakia", NONSENSE, "", "   ", None, float("nan"), "حلب", "  Damascus "]
    results = list(resolve_values(values, gazetteer=gazetteer))
    assert [r.status for r in results] == [
        "matched",
        "unmatched",
        "empty",
        "empty",
        "empty",
        "empty",
        "matched",
        "matched",
    ]
    assert [r.match.place.id for r in results if r.match] == [LATAKIA, ALEPPO, DAMASCUS]


@pytest.mark.filterwarnings(
    "ignore::toponym.errors.UnknownContextWarning"
)  # a small gazetteer: no governorates
def test_each_distinct_value_and_context_is_resolved_once(gazetteer: Gazetteer) -> None:
    resolver = CachedResolver(gazetteer)
    first = resolver.resolve("Aleppo", "Aleppo")
    assert resolver.resolve(" Aleppo ", "Aleppo ") is first  # surrounding space is not part of a value
    assert resolver.resolve("ALEPPO", "aleppo") is first  # nor is case (the matcher folds it)
    assert resolver.resolve("Aleppo", "") is not first  # another context is another question
    assert resolver.resolve("Aleppo", None) is resolver.resolve("Aleppo", "  ")
    assert len(resolver) == 2


@pytest.mark.filterwarnings(
    "ignore::toponym.errors.UnknownContextWarning"
)  # a small gazetteer: no governorates
def test_context_may_be_one_string_or_one_per_value(gazetteer: Gazetteer) -> None:
    per_value = list(resolve_values(["Raqqa", "Raqqa"], gazetteer=gazetteer, admin1=["Ar-Raqqa", None]))
    constant = list(resolve_values(["Raqqa", "Tadmor"], gazetteer=gazetteer, admin1="Homs"))
    assert len(per_value) == len(constant) == 2
    with pytest.raises(ValueError, match="admin1 has fewer items"):
        list(resolve_values(["Raqqa", "Tadmor"], gazetteer=gazetteer, admin1=["Ar-Raqqa"]))


def test_an_ambiguous_match_keeps_its_best_guess_and_says_so(gazetteer: Gazetteer) -> None:
    place = gazetteer.get(LATAKIA)
    clear = Resolution.of(Match(place, 97.25, "Lattakia"))
    close_call = Resolution.of(Match(place, 81.0, "Lattakia", ambiguous=True))
    assert text_cells()(clear) == (LATAKIA, "Latakia", "35.531680", "35.790110", "97.2", "matched")
    assert close_call.status == "ambiguous"
    assert text_cells()(close_call)[0] == LATAKIA
    assert text_cells()(Resolution.of(None)) == ("", "", "", "", "", "unmatched")
    assert text_cells()(EMPTY) == ("", "", "", "", "", "empty")


@pytest.mark.filterwarnings(
    "ignore::toponym.errors.UnknownContextWarning"
)  # a small gazetteer: no governorates
def test_dataframe_gets_six_typed_columns(gazetteer: Gazetteer) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {"town": ["Lattakia", None, NONSENSE, "Lattakia"], "gov": ["Latakia", "x", None, pd.NA]}
    )
    from toponym.tabular import normalize_dataframe

    result = normalize_dataframe(frame, "town", admin1_column="gov", gazetteer=gazetteer)
    assert list(frame.columns) == ["town", "gov"]  # the input frame is not modified
    assert list(result.columns) == ["town", "gov"] + [f"town_{suffix}" for suffix in DEFAULT_FIELDS]
    assert result["town_status"].tolist() == ["matched", "empty", "unmatched", "matched"]
    assert result["town_id"].tolist()[0] == LATAKIA
    assert result["town_lat"].dtype == float and math.isnan(result["town_lat"][1])
    with pytest.raises(ColumnNotFound, match="'nope' not found"):
        normalize_dataframe(frame, "nope", gazetteer=gazetteer)


# -- columns -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "index"),
    [
        pytest.param("location", 1, id="name"),
        pytest.param("3", 2, id="1-based number"),
        pytest.param("2", 3, id="a column named 2 wins over number 2"),
        pytest.param(" LOCATION ", 1, id="case and space, when unique"),
        pytest.param("notes", 4, id="name after a BOM"),
        pytest.param("# of hh", 5, id="a header starting with # is a name, not a tag"),
    ],
)
def test_find_column(spec: str, index: int) -> None:
    assert find_column(["id", "location", "admin1", "2", "\ufeffnotes", "# of HH"], spec) == index


@pytest.mark.parametrize(
    ("spec", "error", "message"),
    [
        pytest.param("lokation", ColumnNotFound, "did you mean 'location'.*1:'id', 2:'location'", id="typo"),
        pytest.param("9", ColumnNotFound, "there is no column 9: the header has 3", id="number out of range"),
        pytest.param("id", InvalidOption, "2 columns are named 'id' .numbers 1, 3.", id="duplicate name"),
    ],
)
def test_find_column_errors_say_what_to_do(spec: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        find_column(["id", "location", "id"], spec)


# -- CSV streams ---------------------------------------------------------------------------------

MESSY = (
    "id,location,notes,id\r\n"
    '1,Lattakia,"shelling, then ""clashes""",a\r\n'
    '2,  حلب ,"two\nlines",b\r\n'
    "3,,empty location,c\r\n"
    "4,Damascus\r\n"  # short row
    "5,Qwxzplk Vbnmtr,x,d,extra1,extra2\r\n"  # long row
    "\r\n"  # a blank line
    "6,lattakia,قصف على اللاذقية,e\r\n"
)


def test_every_field_comes_back_unchanged_and_in_order(gazetteer: Gazetteer) -> None:
    rows, summary = run_csv(gazetteer, MESSY, columns=["location"])
    original = parse(MESSY)
    assert len(rows) == len(original)  # same number of rows, blank line included
    new = [f"location_{suffix}" for suffix in DEFAULT_FIELDS]
    assert rows[0] == ["id", "location", "notes", "id", *new]  # duplicate header names kept
    width = len(original[0])
    for before, after in zip(original[1:], rows[1:], strict=True):
        if not before:
            assert after == []
            continue
        padded = before[:width] + [""] * (width - len(before))
        assert after[:width] == padded
        assert after[width + 6 :] == before[width:]  # fields beyond the header come after the new ones
    assert [row[-1] if len(row) == width + 6 else row[width + 5] for row in rows[1:] if row] == [
        "matched",
        "matched",
        "empty",
        "matched",
        "unmatched",
        "matched",
    ]
    assert (summary.rows, summary.blank_lines, summary.short_rows, summary.long_rows) == (6, 1, 1, 1)


def test_unchanged_fields_are_byte_identical_when_minimally_quoted(gazetteer: Gazetteer) -> None:
    sink = io.StringIO(newline="")
    normalize_csv(io.StringIO(MESSY, newline=""), sink, gazetteer=gazetteer, columns=["2"])
    lines = sink.getvalue().split("\r\n")
    assert lines[1].startswith('1,Lattakia,"shelling, then ""clashes""",a,geonames:173576,')
    assert lines[2].startswith('2,  حلب ,"two\nlines",b,geonames:170063,Aleppo,36.201240,37.161170,')


def test_summary_counts_statuses_and_lists_values_for_review(gazetteer: Gazetteer) -> None:
    text = "place,gov\n" + "Lattakia,\n" * 3 + f"{NONSENSE},\n" * 2 + "lattakia,\n,\nAleppo,Aleppo\n"
    _, summary = run_csv(gazetteer, text, columns=["place"], admin1_column="gov")
    assert summary.status_counts == {"matched": 5, "ambiguous": 0, "unmatched": 2, "reviewed": 0, "empty": 1}
    assert summary.distinct == 5
    first = summary.tallies[0]
    assert (first.status, first.value, first.count) == ("unmatched", NONSENSE, 2)
    assert [t.status for t in summary.tallies] == ["unmatched", "matched", "matched", "matched", "empty"]
    report = io.StringIO(newline="")
    write_report(summary, report)
    rows = parse(report.getvalue())
    assert rows[0][:7] == ["column", "value", "admin1", "admin2", "country", "count", "status"]
    assert rows[1][:7] == ["place", NONSENSE, "", "", "", "2", "unmatched"]
    assert ["place", "Aleppo", "Aleppo", "", "", "1", "matched", ALEPPO] in [r[:8] for r in rows]


def test_several_columns_and_repeated_header_names_get_distinct_prefixes(gazetteer: Gazetteer) -> None:
    rows, summary = run_csv(gazetteer, "from,to,to\nAleppo,Damascus,Halab\n", columns=["from", "3"])
    assert summary.columns == ("from", "to_3")
    assert rows[0][3:5] == ["from_id", "from_name"] and rows[0][9:11] == ["to_3_id", "to_3_name"]
    assert rows[1][3] == ALEPPO and rows[1][9] == ALEPPO


@pytest.mark.parametrize(
    ("text", "columns", "error", "message"),
    [
        pytest.param("", ["x"], InputError, "empty", id="empty"),
        pytest.param("\n\n", ["x"], InputError, "empty", id="blank lines only"),
        pytest.param("a,b\n1,2\n", ["c"], ColumnNotFound, "columns are: 1:'a', 2:'b'", id="missing column"),
        pytest.param("a,b\n", ["a", "1"], InvalidOption, "given twice", id="same column twice"),
        pytest.param('a\n"' + "x" * 70_000_000, ["a"], InputError, "unclosed quote", id="huge field"),
    ],
)
def test_stream_errors(
    gazetteer: Gazetteer, text: str, columns: list[str], error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        run_csv(gazetteer, text, columns=columns)


def test_a_large_field_is_fine_and_the_field_limit_is_restored(gazetteer: Gazetteer) -> None:
    limit = csv.field_size_limit()
    notes = "x" * (limit + 10)
    sink = io.StringIO(newline="")
    text = f"location,notes\nAleppo,{notes}\n"
    normalize_csv(io.StringIO(text, newline=""), sink, gazetteer=gazetteer, columns=["location"])
    assert sink.getvalue().splitlines()[1].startswith(f"Aleppo,{notes},{ALEPPO},")
    assert csv.field_size_limit() == limit


# -- files ---------------------------------------------------------------------------------------


def normalize(source: Path, destination: Path, gazetteer: Gazetteer, **options):
    return normalize_file(source, destination, gazetteer=gazetteer, columns=["location"], **options)


def test_cp1256_file_with_the_right_encoding(gazetteer: Gazetteer, tmp_path: Path) -> None:
    source = tmp_path / "arabic.csv"
    source.write_bytes("location,notes\r\nحلب,قصف\r\nدمشق,\r\n".encode("cp1256"))
    output = tmp_path / "out.csv"
    normalize(source, output, gazetteer, encoding="cp1256")
    rows = parse(output.read_text(encoding="utf-8"))
    assert rows[1][:3] == ["حلب", "قصف", ALEPPO]
    assert rows[2][2] == DAMASCUS


def test_cp1256_file_read_as_utf8_suggests_cp1256_and_leaves_no_output(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    source = tmp_path / "arabic.csv"
    # Valid UTF-8 for thousands of lines (so output has been written), then one cp1256 line.
    source.write_bytes(b"location\n" + b"Aleppo\n" * 20_000 + "حلب\n".encode("cp1256") + b"Aleppo\n")
    output = tmp_path / "out.csv"
    with pytest.raises(
        UndecodableInput, match=r"not valid utf-8-sig at line 20002 .byte 0xcd.*--encoding cp1256"
    ):
        normalize(source, output, gazetteer)
    assert os.listdir(tmp_path) == ["arabic.csv"]  # neither the output nor a temporary file


def test_an_existing_output_is_untouched_after_an_error(gazetteer: Gazetteer, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b"location\nAleppo\n\xff\n")
    output = tmp_path / "out.csv"
    output.write_text("yesterday's results\n")
    before = sha256(source)
    with pytest.raises(UndecodableInput):
        normalize(source, output, gazetteer)
    assert output.read_text() == "yesterday's results\n"
    assert sorted(os.listdir(tmp_path)) == ["in.csv", "out.csv"]
    assert sha256(source) == before


def test_success_replaces_the_output_and_never_touches_the_input(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes("\ufefflocation,n\r\nLattakia,1\r\n".encode())  # Excel's CSV UTF-8, with a BOM
    output = tmp_path / "out.csv"
    output.write_text("old\n")
    output.chmod(0o640)
    before = sha256(source)
    summary = normalize(source, output, gazetteer)
    assert summary.rows == 1
    data = output.read_bytes()
    assert data.startswith(b"location,n,location_id,")  # the BOM is read as a BOM, not written back
    assert data.endswith(b"matched\r\n")  # the input's CRLF line ends are kept
    assert output.stat().st_mode & 0o777 == 0o640
    assert sha256(source) == before
    assert sorted(os.listdir(tmp_path)) == ["in.csv", "out.csv"]


def test_a_new_output_gets_ordinary_permissions(gazetteer: Gazetteer, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("location\nAleppo\n")
    output = tmp_path / "out.csv"
    normalize(source, output, gazetteer)
    umask = os.umask(0)
    os.umask(umask)
    assert output.stat().st_mode & 0o777 == 0o666 & ~umask
    assert output.read_bytes().endswith(b",matched\n")  # LF in, LF out


def test_report_is_written_with_the_output(gazetteer: Gazetteer, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("location\nAleppo\nAleppo\nQwxzplk Vbnmtr\n")
    report = tmp_path / "review.tsv"
    normalize(source, tmp_path / "out.csv", gazetteer, report=report)
    rows = [line.split("\t") for line in report.read_text(encoding="utf-8").splitlines()]
    assert [(r[1], r[5], r[6]) for r in rows[1:]] == [
        (NONSENSE, "1", "unmatched"),
        ("Aleppo", "2", "matched"),
    ]


@pytest.mark.parametrize(
    ("content", "encoding", "message"),
    [
        pytest.param(b"", "utf-8-sig", "empty", id="empty"),
        pytest.param(b"\xef\xbb\xbf", "utf-8-sig", "empty", id="BOM only"),
        pytest.param(b"loc\x00ation\n\x00\x01\x02", "utf-8-sig", "binary", id="NUL bytes"),
        pytest.param(b"PK\x03\x04\x14\x00", "utf-8-sig", "Excel workbook", id="xlsx"),
        pytest.param(b"\x1f\x8b\x08\x00", "utf-8-sig", "gzip", id="gzip"),
        pytest.param("location\nحلب\n".encode("utf-16"), "utf-8-sig", "--encoding utf-16", id="UTF-16"),
        pytest.param(b"location\n\xc7\xe1\n", "cp1252", None, id="valid for cp1252 -> no error"),
    ],
)
def test_unreadable_inputs_are_named(
    gazetteer: Gazetteer, tmp_path: Path, content: bytes, encoding: str, message: str | None
) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    output = tmp_path / "out.csv"
    if message is None:
        normalize(source, output, gazetteer, encoding=encoding)
        assert output.exists()
        return
    with pytest.raises(InputError, match=message):
        normalize(source, output, gazetteer, encoding=encoding)
    assert not output.exists()


def test_utf16_is_read_when_asked(gazetteer: Gazetteer, tmp_path: Path) -> None:
    source = tmp_path / "unicode.txt"
    source.write_bytes("location\tn\r\nحلب\t1\r\n".encode("utf-16"))
    output = tmp_path / "out.tsv"
    normalize(source, output, gazetteer, encoding="utf-16", delimiter="\t")
    assert output.read_text(encoding="utf-8").splitlines()[1].startswith(f"حلب\t1\t{ALEPPO}\t")


def test_header_only_gives_the_header_with_new_columns(gazetteer: Gazetteer, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,location\n")
    output = tmp_path / "out.csv"
    summary = normalize(source, output, gazetteer)
    assert summary.rows == 0
    assert output.read_text() == "id,location," + ",".join(f"location_{s}" for s in DEFAULT_FIELDS) + "\n"


@pytest.mark.parametrize(
    ("output_name", "report_name", "message"),
    [
        pytest.param("in.csv", None, "is the input file", id="output is input"),
        pytest.param("link.csv", None, "is the input file", id="output is a link to the input"),
        pytest.param("out.csv", "in.csv", "is the input file", id="report is input"),
        pytest.param("out.csv", "out.csv", "the report and the output", id="report is output"),
        pytest.param("missing/out.csv", None, "does not exist", id="no such directory"),
    ],
)
def test_refuses_to_overwrite_the_input(
    gazetteer: Gazetteer, tmp_path: Path, output_name: str, report_name: str | None, message: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("location\nAleppo\n")
    (tmp_path / "link.csv").symlink_to(source)
    before = sha256(source)
    report = tmp_path / report_name if report_name else None
    with pytest.raises(InvalidOption, match=message):
        normalize(source, tmp_path / output_name, gazetteer, report=report)
    assert sha256(source) == before


def test_options_are_checked_before_reading(gazetteer: Gazetteer, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("location\nAleppo\n")
    with pytest.raises(InvalidOption, match="unknown encoding 'utf-9'"):
        normalize(source, tmp_path / "out.csv", gazetteer, encoding="utf-9")
    with pytest.raises(InvalidOption, match="one character"):
        normalize(source, tmp_path / "out.csv", gazetteer, delimiter=";;")


def test_streams_in_and_out(gazetteer: Gazetteer) -> None:
    source = io.BytesIO(b"location\r\nLattakia\r\n")
    sink = io.BytesIO()
    normalize_file(source, sink, gazetteer=gazetteer, columns=["location"])
    assert sink.getvalue().decode().splitlines()[1].startswith(f"Lattakia,{LATAKIA},Latakia,")
    assert not sink.closed and not source.closed


def test_progress_reports_bytes_read(gazetteer: Gazetteer, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("location\n" + "Aleppo\n" * 20_000)
    seen: list[int] = []
    normalize(source, tmp_path / "out.csv", gazetteer, progress=seen.append)
    assert seen and seen == sorted(seen) and seen[-1] <= source.stat().st_size


def test_an_unchanged_line_is_passed_through_as_it_came(gazetteer: Gazetteer) -> None:
    # a one-line row as wide as the header keeps its own bytes (its needless quotes, its spaces);
    # rows the csv module must rebuild (a quoted line break, a short row) are written field by field
    text = 'id,location,note\n"1","Lattakia" ,"plain"\n2,Lattakia,"two\nlines"\n3,Lattakia\n'
    sink = io.StringIO(newline="")
    normalize_csv(
        io.StringIO(text, newline=""),
        sink,
        gazetteer=gazetteer,
        columns=["location"],
        fields=["id"],
        lineterminator="\n",
    )
    lines = sink.getvalue().split("\n")
    assert lines[1] == '"1","Lattakia" ,"plain",geonames:173576'
    assert lines[2:4] == ['2,Lattakia,"two', 'lines",geonames:173576']
    assert lines[4] == "3,Lattakia,,geonames:173576"
    assert [row[:3] for row in parse(sink.getvalue())[1:]] == [
        ["1", "Lattakia ", "plain"],
        *parse(text)[2:3],
        ["3", "Lattakia", ""],
    ]
