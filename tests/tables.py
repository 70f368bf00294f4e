"""Reading the table-driven test cases in tests/cases/ (TSV with a header; `#` lines are comments)."""

from __future__ import annotations

import csv
from pathlib import Path

CASES_DIR = Path(__file__).resolve().parent / "cases"


def read_table(name_or_path: str | Path) -> list[dict[str, str]]:
    """Rows of a TSV case table, by file name under tests/cases/ or by path."""
    path = Path(name_or_path)
    if not path.is_absolute():
        path = CASES_DIR / path
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))
