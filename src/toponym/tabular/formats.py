"""Which table format a file is in (``TableFormat``): the one given, else the one its extension names,
else CSV. The output's format is the one its extension names, else the input's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from toponym.tabular.errors import InvalidOption

TableFormat = Literal["csv", "tsv", "xlsx", "parquet"]
FORMATS: tuple[TableFormat, ...] = ("csv", "tsv", "xlsx", "parquet")
TEXT_FORMATS: tuple[TableFormat, ...] = ("csv", "tsv")  # delimited text, streamed by the csv module
DELIMITERS: dict[TableFormat, str] = {"csv": ",", "tsv": "\t"}

_EXTENSIONS: dict[str, TableFormat] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
}


def named_format(path: object) -> TableFormat | None:
    """The format a path's extension names (case ignored), or None (a stream, another extension)."""
    return _EXTENSIONS.get(path.suffix.lower()) if isinstance(path, Path) else None


def input_format(source: object, given: str | None = None) -> TableFormat:
    """The format to read ``source`` (a path or a stream) in: ``given``, else its extension's, else CSV."""
    if given is None:
        return named_format(source) or "csv"
    chosen = given.lower()
    if chosen not in FORMATS:
        raise InvalidOption(f"unknown format {given!r}; formats are: {', '.join(FORMATS)}")
    return chosen  # type: ignore[return-value]  # checked against FORMATS just above


def output_format(destination: object, read: TableFormat) -> TableFormat:
    """The format to write ``destination`` in: its extension's, else the input's (``read``)."""
    return named_format(destination) or read
