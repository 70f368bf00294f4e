"""Reviewed decisions that stick: the review loop through the real CLI (normalize --report, a reviewer
fills the decision column, normalize --decisions), its errors, and the same decisions in the library."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from toponym.cli import main
from toponym.errors import InputError
from toponym.gazetteer import Gazetteer
from toponym.tabular import REPORT_HEADER, Decisions, normalize_dataframe, resolve_values

ARIHA_TOWN, ARIHA_DISTRICT, ARIHA_SUBDISTRICT = "geonames:172994", "geonames:8537261", "geonames:8605900"
BAZABUR, ALEPPO, AZAZ = "geonames:171063", "geonames:170063", "geonames:172082"
EVENTS = (
    "event,location,governorate\n"
    "1,Ariha,Idleb\n"
    "2,ARIHA ,idleb\n"  # the same value and context, as the resolver folds them
    "3,Ariha,\n"  # the same value in another context: another question
    "4,Bazabur,Idleb\n"
    "5,Camp 7 (informal),Idleb\n"
    "6,Tal Hamis,\n"
    "7,Azaz,Aleppo\n"
    "8,,\n"
)


@pytest.fixture
def run(tmp_path: Path):
    env = {"TOPONYM_GAZETTEER": "", "TOPONYM_DATA_DIR": str(tmp_path / "data")}  # the embedded default

    def invoke(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, ["normalize", *args], env=env)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def read_report(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def fill(
    report: Path, destination: Path, decisions: dict[tuple[str, str], str], *, extra: tuple[dict, ...] = ()
) -> None:
    """A reviewer's edit: the decision column filled for some (value, admin1) rows of the report."""
    rows = read_report(report)
    for row in rows:
        row["decision"] = decisions.get((row["value"], row["admin1"]), row["decision"])
    with destination.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=REPORT_HEADER)
        writer.writeheader()
        writer.writerows([*rows, *({**dict.fromkeys(REPORT_HEADER, ""), **row} for row in extra)])


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.csv"
    path.write_text(EVENTS, encoding="utf-8")
    return path


def normalize(run, events: Path, *args: str) -> tuple[int, list[list[str]], str]:
    code, out, err = run(str(events), "-c", "location", "--admin1-column", "governorate", *args)
    return code, rows_of(out), err


def test_the_review_loop(run, events: Path, tmp_path: Path, default_gazetteer: Gazetteer) -> None:
    report, review = tmp_path / "report.csv", tmp_path / "review.csv"
    code, first, err = normalize(run, events, "--report", str(report))
    assert code == 0, err
    assert list(read_report(report)[0]) == list(REPORT_HEADER)
    assert {row["decision"] for row in read_report(report)} == {""}  # for the reviewer to fill
    fill(
        report,
        review,
        {
            ("Ariha", "Idleb"): "SY0705",  # a bare P-code: the district, not the town
            ("Bazabur", "Idleb"): "ocha:C4268",  # OCHA's scheme: the place whose id that is
            ("Camp 7 (informal)", "Idleb"): "none",  # looked at: no place
            ("Azaz", "Aleppo"): "",  # not reviewed yet
        },
        extra=({"column": "location", "value": "Kafr Nabl", "admin1": "Idleb", "decision": "C4068"},),
    )
    code, second, err = normalize(
        run, events, "--decisions", str(review), "--report", str(tmp_path / "next.csv")
    )
    assert code == 0, err
    assert [row[-1] for row in second[1:]] == [
        "reviewed",
        "reviewed",
        first[3][-1],  # Ariha with no governorate: not the decided question
        "reviewed",
        "reviewed",
        first[6][-1],
        first[7][-1],  # a blank decision: resolved as before
        "empty",
    ]
    ids = [row[3] for row in second[1:]]
    assert ids[:2] == [ARIHA_DISTRICT, ARIHA_DISTRICT] and ids[3] == BAZABUR and ids[4] == ""
    assert ids[2] == first[3][3] == default_gazetteer.resolve("Ariha").place.id
    assert ids[6] == first[7][3] == AZAZ
    district = default_gazetteer.get(ARIHA_DISTRICT)
    assert second[1][4:] == [district.name, f"{district.lat:.6f}", f"{district.lon:.6f}", "100.0", "reviewed"]
    assert re.search(r"reviewed +4 ", err)
    assert "note: 1 decision unused (values not in this table)" in err
    # The next report carries the decisions it applied, as ids: it can be reviewed further and reused.
    carried = {(row["value"], row["admin1"]): row["decision"] for row in read_report(tmp_path / "next.csv")}
    assert carried[("Ariha", "Idleb")] == ARIHA_DISTRICT
    assert carried[("Camp 7 (informal)", "Idleb")] == "none"
    assert carried[("Azaz", "Aleppo")] == ""
    code, third, err = normalize(run, events, "--decisions", str(tmp_path / "next.csv"))
    assert code == 0, err
    assert third == second
    assert "unused" not in err


def test_an_unknown_id_is_an_error_naming_the_row_and_the_id(run, events: Path, tmp_path: Path) -> None:
    report, review, output = tmp_path / "report.csv", tmp_path / "review.csv", tmp_path / "out.csv"
    assert normalize(run, events, "--report", str(report))[0] == 0
    fill(report, review, {("Bazabur", "Idleb"): "geonames:999999999"})
    line = 1 + next(i for i, row in enumerate(read_report(review), start=1) if row["value"] == "Bazabur")
    code, _, err = normalize(run, events, "--decisions", str(review), "-o", str(output))
    assert code == 1
    assert f"{review} line {line}: the decision 'geonames:999999999' (for 'Bazabur') names no place" in err
    assert not output.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            "value,decision\nAriha,SY0705\n", "has no column 'admin1', 'admin2'", id="missing columns"
        ),
        pytest.param(
            "value,admin1,admin2,decision\nAriha,Idleb,,SY0705\n ariha ,IDLEB,,SY070500\n",
            "line 3: the decision 'SY070500' for 'ariha' contradicts 'SY0705' at",
            id="contradiction",
        ),
    ],
)
def test_a_decisions_file_that_cannot_be_used_is_an_error(
    run, events: Path, tmp_path: Path, content: str, message: str
) -> None:
    review = tmp_path / "review.csv"
    review.write_text(content, encoding="utf-8")
    code, _, err = normalize(run, events, "--decisions", str(review))
    assert code == 1
    assert message in err


def test_a_hand_written_decisions_file_in_excel_style(run, events: Path, tmp_path: Path) -> None:
    review = tmp_path / "review.csv"  # saved by Excel: a BOM, semicolons, header case, CRLF
    review.write_bytes("\ufeffValue;Admin1;Admin2;Decision\r\nAriha;Idleb;;SY070500\r\n".encode())
    code, rows, err = normalize(run, events, "--decisions", str(review), "-q")
    assert code == 0, err
    assert [row[3] for row in rows[1:3]] == [ARIHA_SUBDISTRICT, ARIHA_SUBDISTRICT]


def test_the_report_may_not_replace_the_decisions(run, events: Path, tmp_path: Path) -> None:
    review = tmp_path / "review.csv"
    review.write_text("value,admin1,admin2,decision\nAriha,Idleb,,SY0705\n", encoding="utf-8")
    before = review.read_bytes()
    code, _, err = normalize(run, events, "--decisions", str(review), "--report", str(review))
    assert code == 2
    assert "the report would replace the decisions file" in err
    assert review.read_bytes() == before


def test_decisions_differ_by_column_when_the_review_has_several(run, tmp_path: Path) -> None:
    trips = tmp_path / "trips.csv"
    trips.write_text("origin,destination\nAriha,Ariha\nAzaz,Ariha\n", encoding="utf-8")
    review = tmp_path / "review.csv"
    review.write_text(
        "column,value,admin1,admin2,decision\norigin,Ariha,,,SY0705\ndestination,Ariha,,,SY070500\n",
        encoding="utf-8",
    )
    code, out, err = run(
        str(trips), "-c", "origin", "-c", "destination", "--decisions", str(review), "--fields", "id"
    )
    assert code == 0, err
    assert rows_of(out)[1:] == [
        ["Ariha", "Ariha", ARIHA_DISTRICT, ARIHA_SUBDISTRICT],
        ["Azaz", "Ariha", AZAZ, ARIHA_SUBDISTRICT],
    ]
    # One column in the review: its name does not matter (a renamed header keeps its decisions).
    review.write_text("column,value,admin1,admin2,decision\nplace,Ariha,,,SY0705\n", encoding="utf-8")
    code, out, err = run(
        str(trips), "-c", "origin", "-c", "destination", "--decisions", str(review), "--fields", "id"
    )
    assert code == 0, err
    assert rows_of(out)[1] == ["Ariha", "Ariha", ARIHA_DISTRICT, ARIHA_DISTRICT]


# -- the library ---------------------------------------------------------------------------------


def test_resolve_values_takes_a_mapping_or_a_path(default_gazetteer: Gazetteer, tmp_path: Path) -> None:
    values = ["Ariha", " ariha", "Azaz", None, "Bazabur"]
    decisions = Decisions.from_mapping({"ARIHA": "SY0705", "Bazabur": None, "Nowhere": "C4268"})
    results = list(resolve_values(values, gazetteer=default_gazetteer, decisions=decisions))
    assert [r.status for r in results] == ["reviewed", "reviewed", "matched", "empty", "reviewed"]
    assert [r.match.place.id if r.match else None for r in results] == [
        ARIHA_DISTRICT,
        ARIHA_DISTRICT,
        AZAZ,
        None,
        None,
    ]
    assert decisions.unused == 1  # Nowhere
    review = tmp_path / "review.csv"
    review.write_text("value,admin1,admin2,decision\nAzaz,Aleppo,,ocha:C1007\n", encoding="utf-8")
    by_path = list(
        resolve_values(
            ["Azaz", "Azaz"], admin1=["Aleppo", None], gazetteer=default_gazetteer, decisions=review
        )
    )
    assert [(r.status, r.match.place.id) for r in by_path] == [("reviewed", ALEPPO), ("matched", AZAZ)]
    by_str = list(
        resolve_values(["Azaz"], admin1="Aleppo", gazetteer=default_gazetteer, decisions=os.fspath(review))
    )
    assert by_str == by_path[:1]
    with pytest.raises(InputError, match="the decision for 'Azaz': the decision 'nowhere:1'"):
        list(resolve_values(["x"], gazetteer=default_gazetteer, decisions={"Azaz": "nowhere:1"}))


def test_normalize_dataframe_takes_decisions(default_gazetteer: Gazetteer, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"location": ["Ariha", "Azaz", None], "governorate": ["Idleb", "Aleppo", None]})
    review = tmp_path / "review.csv"
    review.write_text("column,value,admin1,admin2,decision\nlocation,Ariha,Idleb,,SY0705\n", encoding="utf-8")
    result = normalize_dataframe(
        frame, "location", admin1_column="governorate", gazetteer=default_gazetteer, decisions=review
    )
    assert result["location_status"].tolist() == ["reviewed", "matched", "empty"]
    assert result["location_id"].tolist()[:2] == [ARIHA_DISTRICT, AZAZ]
    assert result["location_score"].tolist()[0] == 100.0


def test_one_place_written_two_ways_is_no_contradiction(run, events: Path, tmp_path: Path) -> None:
    review = tmp_path / "review.csv"
    review.write_text(
        f"value,admin1,admin2,decision\nAriha,Idleb,,SY0705\nARIHA,idleb,,{ARIHA_DISTRICT}\n",
        encoding="utf-8",
    )
    code, rows, err = normalize(run, events, "--decisions", str(review), "-q")
    assert code == 0, err
    assert [row[3] for row in rows[1:3]] == [ARIHA_DISTRICT, ARIHA_DISTRICT]
