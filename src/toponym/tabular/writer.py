"""Writing CSV rows so that every reader reads back the same fields (``csv_writer``).

The csv module quotes a field only when it holds the delimiter, the quote character or a character
of the line terminator. With an LF terminator a field holding a lone CR is written bare, and every
CSV reader (the csv module included) then ends the row at that CR: the field is cut and a row is
added. Rows holding a CR are therefore written with every field quoted, when the terminator does
not already make CR special.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from collections.abc import Sequence


class RowWriter(Protocol):
    def writerow(self, row: Sequence[object], /) -> object: ...


class _CarriageReturnSafe:
    def __init__(self, sink: TextIO, delimiter: str, lineterminator: str) -> None:
        self._plain = csv.writer(sink, delimiter=delimiter, lineterminator=lineterminator)
        self._quoted = csv.writer(
            sink, delimiter=delimiter, lineterminator=lineterminator, quoting=csv.QUOTE_ALL
        )

    def writerow(self, row: Sequence[object]) -> object:
        try:
            carriage_return = "\r" in "".join(row)  # type: ignore[arg-type]  # the common case: all text
        except TypeError:
            carriage_return = any(isinstance(field, str) and "\r" in field for field in row)
        return (self._quoted if carriage_return else self._plain).writerow(row)


def csv_writer(sink: TextIO, *, delimiter: str = ",", lineterminator: str = "\r\n") -> RowWriter:
    """A ``csv.writer`` whose rows always read back as written (see the module docstring)."""
    if "\r" in lineterminator:
        return csv.writer(sink, delimiter=delimiter, lineterminator=lineterminator)
    return _CarriageReturnSafe(sink, delimiter, lineterminator)
