"""Normalising a sheet of an Excel workbook (.xlsx) with openpyxl (``normalize_workbook``).

The workbook is loaded whole and the result columns are written into the chosen sheet, right of its
last column; nothing else is touched, so every cell keeps its value, type and style (numbers stay
numbers, dates stay dates) and the other sheets are saved as they were. What openpyxl cannot read
(shapes, form controls) is not saved. The sheet's rows go through the same copying core as CSV
(``copy_with_results``), as text: a blank row stays blank, the header is the first non-blank row. A
formula is read as its text (``=B2``), not as the value Excel last computed.

An encrypted (password-protected) workbook is not a ZIP archive but an OLE compound file, the format
of the old .xls too: both are recognised from their first bytes and refused with what to do.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from toponym.errors import InputError
from toponym.tabular.columns import typed_cells
from toponym.tabular.decoding import OLE_SIGNATURE
from toponym.tabular.errors import InvalidOption
from toponym.tabular.extras import optional_import
from toponym.tabular.points import point_typed_cells
from toponym.tabular.report import NormalizeSummary
from toponym.tabular.resolution import cell_text
from toponym.tabular.stream import copy_with_results
from toponym.tabular.values import CachedResolver

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

_ENCRYPTED_STREAM = "EncryptionInfo".encode("utf-16-le")  # a stream name in the OLE directory


def normalize_workbook(
    source: Path,
    sink: BinaryIO,
    *,
    columns: Sequence[str],
    admin1_column: str | None,
    admin2_column: str | None,
    fields: tuple[str, ...],
    resolver: CachedResolver,
    sheet: str | None = None,
    points: tuple[str, str] | None = None,
    progress: Callable[[float], None] | None = None,
) -> NormalizeSummary:
    """Write the workbook ``source`` to ``sink`` with the result columns of ``fields`` appended to
    ``sheet`` (a name or a 1-based number; default the active sheet, the one Excel opens on). lat,
    lon and score are numbers, the other result cells text, and a cell with no value is left empty. ``progress`` gets
    the share of the sheet's rows done (0 to 1). Raises ``InputError`` for an encrypted, old or
    corrupt workbook or an empty sheet, ``InvalidOption`` for a sheet or column that does not exist.
    """
    book = _load(source)
    target = _choose_sheet(book, sheet, source)
    if not any(value is not None for row in target.iter_rows(values_only=True) for value in row):
        raise InputError(f"sheet {target.title!r} of {source.name} is empty: expected a header row")
    appender = _SheetAppender(target)
    on_progress = None
    if progress is not None:
        on_progress = lambda: progress(appender.rows_written / target.max_row)  # noqa: E731 - a closure
    summary = copy_with_results(
        _text_rows(target),
        appender,
        columns=columns,
        admin1_column=admin1_column,
        admin2_column=admin2_column,
        fields=fields,
        resolver=resolver,
        progress=on_progress,
        cells=typed_cells(fields),
        points=points,
        point_cells=point_typed_cells,
    )
    book.save(sink)
    return summary


def _load(source: Path) -> Workbook:
    openpyxl = optional_import("openpyxl", needed_for="reading .xlsx workbooks")
    from openpyxl.utils.exceptions import InvalidFileException

    with open(source, "rb") as handle:
        head = handle.read(len(OLE_SIGNATURE))
    if head == OLE_SIGNATURE:
        if _ENCRYPTED_STREAM in source.read_bytes():
            raise InputError(
                f"{source.name} is a password-protected (encrypted) workbook: open it in Excel, remove "
                "the password (File > Info > Protect Workbook > Encrypt with Password) and save it"
            )
        raise InputError(
            f"{source.name} is an Excel 97-2003 workbook (.xls), not .xlsx: save it as 'Excel Workbook (.xlsx)'"
        )
    try:
        # rich_text: a cell whose words are formatted differently keeps its formatting when saved.
        return openpyxl.load_workbook(source, rich_text=True)
    except zipfile.BadZipFile as error:
        raise InputError(
            f"{source.name} is not a readable .xlsx workbook (corrupt or truncated): {error}"
        ) from error
    except (KeyError, ValueError, TypeError, EOFError, SyntaxError, InvalidFileException) as error:
        # openpyxl's errors for a ZIP archive that is not a workbook, or one with damaged XML parts
        # (ElementTree's ParseError is a SyntaxError).
        raise InputError(f"{source.name} is not a readable .xlsx workbook: {error}") from error


def _choose_sheet(book: Workbook, spec: str | None, source: Path) -> Worksheet:
    """The sheet named ``spec`` (exactly), else numbered ``spec`` (1-based, in tab order); the active
    sheet when ``spec`` is None."""
    from openpyxl.worksheet.worksheet import Worksheet

    names = book.sheetnames
    if spec is None:
        chosen = book.active
    elif spec in names:
        chosen = book[spec]
    elif spec.strip().isdigit() and 1 <= int(spec) <= len(names):
        chosen = book[names[int(spec) - 1]]
    else:
        listing = ", ".join(f"{number}:{name!r}" for number, name in enumerate(names, start=1))
        raise InvalidOption(f"sheet {spec!r} not found in {source.name}; its sheets are: {listing}")
    if not isinstance(chosen, Worksheet):
        raise InvalidOption(
            f"sheet {chosen.title!r} of {source.name} is a chart, not a table: choose another with --sheet"
        )
    return chosen


def _text_rows(sheet: Worksheet) -> Iterator[list[str]]:
    """Every row from the sheet's first (A1) to its last cell, as text; a row with no value is []."""
    for values in sheet.iter_rows(
        min_row=1, min_col=1, max_row=sheet.max_row, max_col=sheet.max_column, values_only=True
    ):
        if all(value is None or value == "" for value in values):
            yield []
        else:
            yield [cell_text(value) for value in values]


class _SheetAppender:
    """A ``RowWriter`` that writes into the sheet only what comes after its last column: the rest of
    each row is the sheet's own cells, already there and left untouched."""

    def __init__(self, sheet: Worksheet) -> None:
        self._sheet = sheet
        self._width = sheet.max_column
        self.rows_written = 0

    def writerow(self, row: Sequence[object]) -> None:
        self.rows_written += 1
        for column, value in enumerate(row[self._width :], start=self._width + 1):
            if value is not None:
                self._sheet.cell(row=self.rows_written, column=column, value=value)
