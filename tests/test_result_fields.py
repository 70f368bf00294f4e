"""normalize --fields: each field's cell on the embedded default (tests/cases/result_fields.tsv), the
order kept, unknown names refused, and the same values in CSV cells and DataFrame columns."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from tables import read_table

from toponym.cli import main
from toponym.gazetteer import Gazetteer
from toponym.tabular import DEFAULT_FIELDS, FIELDS, InvalidOption, normalize_csv, normalize_dataframe

CASES = read_table("result_fields.tsv")


def normalized_cells(gazetteer: Gazetteer, rows: list[tuple[str, str, str]], fields: tuple[str, ...]):
    text = io.StringIO(newline="")
    csv.writer(text).writerows([("value", "admin1", "admin2"), *rows])
    sink = io.StringIO(newline="")
    normalize_csv(
        io.StringIO(text.getvalue(), newline=""),
        sink,
        columns=["value"],
        admin1_column="admin1",
        admin2_column="admin2",
        fields=fields,
        gazetteer=gazetteer,
    )
    return list(csv.reader(io.StringIO(sink.getvalue(), newline="")))


def test_every_field_has_a_case() -> None:
    assert {case["field"] for case in CASES} == set(FIELDS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['case']}: {c['value'] or '(blank)'} {c['field']}")
def test_each_field_cell_on_the_default(default_gazetteer: Gazetteer, case: dict[str, str]) -> None:
    row = (case["value"], case["admin1"], case["admin2"])
    fields = tuple(dict.fromkeys(("id", case["field"])))
    output = normalized_cells(default_gazetteer, [row], fields)
    assert output[0] == ["value", "admin1", "admin2", *(f"value_{name}" for name in fields)]
    place_id, cell = output[1][3], output[1][-1]
    assert cell == case["cell"]
    match = default_gazetteer.resolve(
        case["value"], admin1=case["admin1"] or None, admin2=case["admin2"] or None
    )
    assert place_id == (match.place.id if match else "")  # the cells are those of the place resolve gives


def test_fields_keep_their_order_and_read_the_resolved_place(default_gazetteer: Gazetteer) -> None:
    fields = ("kind", "pcode", "admin3_pcode", "admin2_pcode", "admin1_pcode", "name_ar", "admin1", "admin2")
    rows = [("Sarmada", "Idleb", "Harim"), ("Ein Issa", "Ar-Raqqa", "Tell Abiad"), ("Atareb", "Aleppo", "")]
    output = normalized_cells(default_gazetteer, rows, fields)
    assert output[0][3:] == [f"value_{name}" for name in fields]
    for (value, admin1, admin2), cells in zip(rows, output[1:], strict=True):
        place = default_gazetteer.resolve(value, admin1=admin1, admin2=admin2 or None).place
        assert place.pcodes is not None and place.pcodes.community is not None
        expected = [
            place.kind,
            place.pcodes.community,
            place.pcodes.admin3,
            place.pcodes.admin2,
            place.pcodes.admin1,
            place.name_ar,
            place.admin1,
            place.admin2,
        ]
        assert cells[3:] == expected


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param(
            "id,pcodes",
            "unknown field 'pcodes'; fields are: id, name, lat, lon, score, status, admin1, admin2, "
            "admin1_pcode, admin2_pcode, admin3_pcode, admin3_source, pcode, name_ar, kind",
            id="unknown",
        ),
        pytest.param("id,id", "a field is given twice", id="twice"),
        pytest.param(" , ", "give at least one field", id="none"),
    ],
)
def test_a_bad_fields_list_is_a_usage_error(tmp_path: Path, fields: str, message: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text("location\nAleppo\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["normalize", str(source), "-c", "location", "--fields", fields])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())  # click wraps long messages


def test_cli_fields_default_and_chosen(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("location,admin1\nBazabur,Idleb\n", encoding="utf-8")
    env = {"TOPONYM_GAZETTEER": "", "TOPONYM_DATA_DIR": str(tmp_path / "data")}  # the embedded default
    default = CliRunner().invoke(main, ["normalize", str(source), "-c", "location", "-q"], env=env)
    chosen = CliRunner().invoke(
        main, ["normalize", str(source), "-c", "1", "--fields", "pcode, admin2_pcode,status", "-q"], env=env
    )
    assert default.exit_code == chosen.exit_code == 0, default.stderr + chosen.stderr
    assert default.stdout.splitlines()[0].split(",")[2:] == [f"location_{name}" for name in DEFAULT_FIELDS]
    assert chosen.stdout.splitlines() == [
        "location,admin1,location_pcode,location_admin2_pcode,location_status",
        "Bazabur,Idleb,C4268,SY0705,matched",
    ]


def test_dataframe_fields_agree_with_the_csv_cells(default_gazetteer: Gazetteer) -> None:
    pd = pytest.importorskip("pandas")
    rows = [
        ("Bazabur", "Idleb", "Ariha"),
        ("Qwxzplk Vbnmtr", "", ""),
        ("Ariha District", "", ""),
        ("", "", ""),
    ]
    fields = ("pcode", "lat", "admin1_pcode", "score", "status")
    frame = pd.DataFrame(rows, columns=["town", "gov", "district"])
    result = normalize_dataframe(
        frame,
        "town",
        admin1_column="gov",
        admin2_column="district",
        gazetteer=default_gazetteer,
        fields=fields,
    )
    assert list(result.columns) == ["town", "gov", "district", *(f"town_{name}" for name in fields)]
    assert result["town_lat"].dtype == "float64" and math.isnan(result["town_lat"][1])
    assert result["town_pcode"].isna().tolist() == [False, True, False, True]
    csv_rows = normalized_cells(default_gazetteer, rows, fields)[1:]
    for (_, frame_row), cells in zip(result.iterrows(), csv_rows, strict=True):
        for name, cell in zip(fields, cells[3:], strict=True):
            value = frame_row[f"town_{name}"]
            if FIELDS[name].numeric:
                assert cell == ("" if math.isnan(value) else f"{value:.{FIELDS[name].decimals}f}")
            else:
                assert cell == ("" if pd.isna(value) else value)
    with pytest.raises(InvalidOption, match="unknown field 'pcodes'"):
        normalize_dataframe(frame, "town", gazetteer=default_gazetteer, fields=("pcodes",))
