"""Reading the table-driven test cases in tests/cases/ (TSV with a header; `#` lines are comments)."""

from __future__ import annotations

import csv
from pathlib import Path

from toponym.models import Name, Place
from toponym.text.normalize import script_of

CASES_DIR = Path(__file__).resolve().parent / "cases"


def read_table(name_or_path: str | Path) -> list[dict[str, str]]:
    """Rows of a TSV case table, by file name under tests/cases/ or by path."""
    path = Path(name_or_path)
    if not path.is_absolute():
        path = CASES_DIR / path
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def place_from_row(row: dict[str, str]) -> Place:
    """A Place from a row of a test gazetteer table (columns id, name, kind, lat, lon, names — `|`
    between spellings, the first preferred — and optional admin1, admin2, country, population)."""
    names = tuple(
        Name(text=text, script=script_of(text), source="test", status="preferred" if i == 0 else "variant")
        for i, text in enumerate(row["names"].split("|"))
    )
    return Place(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        country=row.get("country") or None,
        admin1=row.get("admin1") or None,
        admin2=row.get("admin2") or None,
        population=int(row["population"]) if row.get("population") else None,
        names=names,
    )


CSV_PLACES_TSV = Path(__file__).resolve().parent / "fixtures" / "csv" / "places.tsv"


def read_csv_places(path: Path = CSV_PLACES_TSV) -> list[Place]:
    """The small gazetteer the CSV tests resolve against (tests/fixtures/csv/places.tsv): Syrian
    cities, every spelling of a row (`|` between them) a name of the place."""
    return [
        Place(
            id=row["id"],
            name=row["name"],
            kind="city",
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            country="SY",
            admin1=row["admin1"],
            ids=(row["id"],),
            names=tuple(Name(text, script=script_of(text)) for text in row["names"].split("|")),
        )
        for row in read_table(path)
    ]
