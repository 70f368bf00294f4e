"""`toponym normalize --lat-column --lon-column`: a 4W-style table whose rows already have coordinates
(OCHA's real community points, some written the wrong way round, blank, broken or abroad) gets each
point's governorate and district with their P-codes and its nearest settlement, in CSV, .xlsx and
Parquet, every input cell unchanged."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from toponym.cli import main
from toponym.tabular import normalize_csv
from toponym.tabular.points import POINT_NAMES, PointResolver, coordinate

HEADER = ["Organisation", "Community", "Latitude", "Longitude", "Households"]
# rows that are no Syrian point, with the status each must get
ODD_ROWS = [
    (["WFP", "Paris office", "48.8566", "2.3522", "1"], "outside"),
    (["WFP", "no point yet", "", "", "2"], "empty"),
    (["WFP", "typo", "35.9x", "36.63", "3"], "invalid"),
    (["WFP", "half", "35.93", "", "4"], "invalid"),
    (["WFP", "beyond", "95.0", "36.63", "5"], "invalid"),
    (["WFP", "decimal comma", "35,9306", "36,6339", "6"], "inside"),
]


@pytest.fixture(scope="module")
def communities(shared_data: Path) -> list[dict]:
    path = shared_data / "ocha-cod-syria-2015" / "syr_admin4_point.geojson"
    features = json.loads(path.read_bytes().decode("utf-8", errors="replace"))["features"]
    return [f["properties"] for f in features][::97]  # about fifty, from every governorate


@pytest.fixture(scope="module")
def table(communities) -> list[list[str]]:
    rows = [HEADER]
    for number, p in enumerate(communities):
        lat, lon = str(p["LATITUDE"]), str(p["LONGITUDE"])
        if number % 10 == 3:
            lat, lon = lon, lat  # written the wrong way round
        rows.append(["SARC", p["NAME_EN"], lat, lon, str(number)])
    rows += [row for row, _status in ODD_ROWS]
    return rows


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["normalize", *args], env={"TOPONYM_GAZETTEER": ""})
    return result.exit_code, result.stdout, result.stderr


def _check(rows: list[list[object]], communities: list[dict]) -> None:
    """The appended point cells: OCHA's P-codes for its own points, the statuses of the odd rows."""
    header, data = rows[0], rows[1:]
    assert header == HEADER + list(POINT_NAMES)
    at = {name: header.index(name) for name in POINT_NAMES}
    agreeing = 0
    for number, p in enumerate(communities):
        row = data[number]
        assert row[at["point_status"]] == ("swapped" if number % 10 == 3 else "inside"), p["PCODE"]
        assert row[at["point_admin1_pcode"]] == p["ADMIN1_COD"]
        agreeing += row[at["point_admin2_pcode"]] == p["ADMIN2_COD"]
        assert float(row[at["point_nearest_km"]]) < 3.0
    assert agreeing >= len(communities) - 1  # OCHA's points sit a few metres over its borders, rarely
    for row, (_odd, status) in zip(data[len(communities) :], ODD_ROWS, strict=True):
        assert row[at["point_status"]] == status
        if status in {"empty", "invalid"}:
            assert all(cell in ("", None) for cell in row[at["point_admin1"] :])
    outside = data[len(communities)]
    assert outside[at["point_admin1_pcode"]] in ("", None)


def test_a_csv_4w_table_gets_pcodes_from_its_coordinates(tmp_path: Path, table, communities) -> None:
    source = tmp_path / "4w.csv"
    source.write_text(_csv(table), encoding="utf-8")
    before = source.read_bytes()
    code, out, err = _run(str(source), "--lat-column", "Latitude", "--lon-column", "Longitude")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert [row[: len(HEADER)] for row in rows] == table  # every input cell unchanged
    _check(rows, communities)
    assert "swapped" in err and "points (latitude, longitude)" in err
    assert source.read_bytes() == before


def test_names_and_points_together_and_hxl_tags(tmp_path: Path, table) -> None:
    tagged = [table[0], ["#org", "#loc+name", "#geo+lat", "#geo+lon", "#reached+hh"], *table[1:]]
    source = tmp_path / "4w_hxl.csv"
    source.write_text(_csv(tagged), encoding="utf-8")
    code, out, err = _run(
        str(source),
        "-c",
        "#loc+name",
        "--lat-column",
        "#geo+lat",
        "--lon-column",
        "#geo+lon",
        "--fields",
        "id,status",
    )
    assert code == 0, err
    header, tags = list(csv.reader(io.StringIO(out)))[:2]
    assert header[len(HEADER) :] == ["Community_id", "Community_status", *POINT_NAMES]
    assert tags[len(HEADER) :][:3] == ["#loc+code+matched", "#meta+status+matched", "#meta+status+point"]
    assert "#adm2+code+point" in tags


def test_a_workbook_and_a_parquet_file_get_typed_point_columns(tmp_path: Path, table, communities) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for number, row in enumerate(table):
        # numbers as numbers, as a 4W workbook has them (the odd rows keep their text)
        cells = [float(c) if number and i in (2, 3) and _is_number(c) else c for i, c in enumerate(row)]
        sheet.append(cells)
    workbook = tmp_path / "4w.xlsx"
    book.save(workbook)
    code, _out, err = _run(
        str(workbook),
        "--lat-column",
        "Latitude",
        "--lon-column",
        "Longitude",
        "-o",
        str(tmp_path / "out.xlsx"),
    )
    assert code == 0, err
    written = [
        list(r) for r in openpyxl.load_workbook(tmp_path / "out.xlsx").active.iter_rows(values_only=True)
    ]
    assert isinstance(written[1][len(HEADER) + POINT_NAMES.index("point_nearest_km")], float)
    _check([[("" if c is None else c) for c in row] for row in written], communities)

    columns = list(zip(*table[1:], strict=True))
    arrays = [pa.array(list(column)) for column in columns]
    arrays[2] = pa.array([coordinate(c) for c in columns[2]], type=pa.float64())  # typed, nulls for text
    arrays[3] = pa.array([coordinate(c) for c in columns[3]], type=pa.float64())
    parquet = tmp_path / "4w.parquet"
    pq.write_table(pa.table(arrays, names=HEADER), parquet)
    code, _out, err = _run(
        str(parquet),
        "--lat-column",
        "Latitude",
        "--lon-column",
        "Longitude",
        "-o",
        str(tmp_path / "out.parquet"),
    )
    assert code == 0, err
    result = pq.read_table(tmp_path / "out.parquet")
    assert result.schema.field("point_nearest_km").type == pa.float64()
    assert result.column("point_admin1_pcode").to_pylist()[: len(communities)] == [
        p["ADMIN1_COD"] for p in communities
    ]
    assert result.column("Latitude").equals(pq.read_table(parquet).column("Latitude"))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lat-column", "Latitude"], "together"),
        (["--lat-column", "Lat", "--lon-column", "Longitude"], "not found"),
        (["--lat-column", "Latitude", "--lon-column", "Latitude"], "same column"),
        ([], "--column"),
    ],
)
def test_usage_errors_name_the_problem(tmp_path: Path, table, args, message) -> None:
    source = tmp_path / "4w.csv"
    source.write_text(_csv(table), encoding="utf-8")
    code, _out, err = _run(str(source), *args)
    assert code == 2 and message in err


def test_the_library_counts_point_statuses(default_gazetteer, table) -> None:
    out = io.StringIO()
    summary = normalize_csv(
        io.StringIO(_csv(table)),
        out,
        columns=[],
        points=("Latitude", "Longitude"),
        gazetteer=default_gazetteer,
    )
    assert summary.point_counts["swapped"] == sum(
        1 for n in range(len(table) - 1 - len(ODD_ROWS)) if n % 10 == 3
    )
    assert summary.point_counts["invalid"] == 3 and summary.point_counts["empty"] == 1
    resolver = PointResolver(default_gazetteer)
    assert resolver.resolve(" 35.93 ", "36.63").location.district.pcode == "SY0700"
    assert resolver.resolve(35.93, float("nan")).status == "invalid"
    assert resolver.resolve(None, None).status == "empty"
