"""Normalising a table file into another (``normalize_file``): choosing the formats, refusing to
overwrite the input, and writing the output and the report by the rule of :mod:`toponym.output` (files
atomically, devices and FIFOs directly). Delimited text is decoded and copied here, keeping its line
terminator; workbooks and Parquet files are copied by their own modules.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from toponym.gazetteer import Gazetteer
from toponym.output import PendingOutput, check_output_path, open_output
from toponym.tabular.columns import DEFAULT_FIELDS, check_fields
from toponym.tabular.decisions import DecisionsSource
from toponym.tabular.decoding import check_encoding, check_head, line_terminator, undecodable
from toponym.tabular.errors import InvalidOption
from toponym.tabular.formats import DELIMITERS, TEXT_FORMATS, TableFormat, input_format, output_format
from toponym.tabular.parquet import normalize_parquet
from toponym.tabular.report import NormalizeSummary, write_report
from toponym.tabular.stream import check_columns, normalize_csv
from toponym.tabular.values import CachedResolver
from toponym.tabular.workbook import normalize_workbook

DEFAULT_ENCODING = "utf-8-sig"  # plain UTF-8, and Excel's "CSV UTF-8" with its byte-order mark
OUTPUT_ENCODING = "utf-8"
_HEAD_BYTES = 64 * 1024  # read ahead to recognise binary, UTF-16 and the line terminator


@dataclass(frozen=True, slots=True)
class _Formats:
    """What is read and what is written; the delimiters are for delimited text only."""

    read: TableFormat
    written: TableFormat
    delimiter: str = ","
    output_delimiter: str = ","


@dataclass(frozen=True, slots=True)
class _Job:
    """What ``normalize_file`` was asked to do with the rows, handed as one to the copier of the
    input's format."""

    columns: Sequence[str]
    admin1_column: str | None
    admin2_column: str | None
    gazetteer: Gazetteer | None
    country: str | None
    fields: Sequence[str]
    decisions: DecisionsSource | None
    points: tuple[str, str] | None
    encoding: str  # of delimited text (binary formats carry their own)
    sheet: str | None  # of a workbook (``_choose_formats`` refuses one for other formats)
    progress: Callable[[int], None] | None


def normalize_file(
    source: Path | BinaryIO,
    destination: Path | BinaryIO,
    *,
    columns: Sequence[str],
    admin1_column: str | None = None,
    admin2_column: str | None = None,
    country: str | None = None,
    gazetteer: Gazetteer | None = None,
    fields: Sequence[str] = DEFAULT_FIELDS,
    decisions: DecisionsSource | None = None,
    points: tuple[str, str] | None = None,
    encoding: str = DEFAULT_ENCODING,
    delimiter: str | None = None,
    file_format: str | None = None,
    sheet: str | None = None,
    report: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> NormalizeSummary:
    """Normalise a table file (or binary stream) into another.

    The input's format is ``file_format`` (csv, tsv, xlsx, parquet), else the one ``source``'s
    extension names, else CSV; the output's is the one ``destination``'s extension names, else the
    input's. Delimited text is read in ``encoding`` and written in UTF-8 (no byte-order mark) with the
    input's line terminator; ``delimiter`` (default: the format's) separates its fields, in the
    output too unless that is the other text format (.csv from .tsv). A workbook (``sheet``: a name
    or a 1-based number, default the active sheet) or a Parquet file is read from a path and written
    in its own format.

    Paths are written by the rule of :mod:`toponym.output`: a file atomically (to a temporary file
    beside it, renamed once everything succeeded, so after any error or signal there is no output file
    and an existing one is left as it was); a device or FIFO directly. ``report`` (a path;
    tab-separated if it ends in .tsv) receives ``write_report``'s table. ``fields``, ``decisions`` and
    ``points`` (the latitude and longitude columns) as for ``normalize_csv``. ``progress`` gets the number of input bytes read so far (for a workbook
    or Parquet file: its size times the share of rows done).
    """
    check_encoding(encoding)
    check_columns(columns, points)
    chosen = _choose_formats(source, destination, file_format, delimiter, sheet)
    _refuse_overwriting_input(source, destination, report)
    if (
        isinstance(decisions, (str, os.PathLike))
        and report is not None
        and _same_file(Path(decisions), report)
    ):
        # The new report keeps only the decisions this table used: the others would be lost.
        raise InvalidOption("the report would replace the decisions file: write it somewhere else")
    pending: list[PendingOutput] = []
    try:
        if isinstance(destination, Path):
            pending.append(open_output(destination))
            out = pending[-1].handle
        else:
            out = destination
        job = _Job(
            columns=columns,
            admin1_column=admin1_column,
            admin2_column=admin2_column,
            gazetteer=gazetteer,
            country=country,
            fields=fields,
            decisions=decisions,
            points=points,
            encoding=encoding,
            sheet=sheet,
            progress=progress,
        )
        copy = _copy_text if chosen.read in TEXT_FORMATS else _copy_binary
        summary = copy(source, out, chosen, job)
        if report is not None:
            pending.append(open_output(report))
            with _text(pending[-1].handle, OUTPUT_ENCODING) as report_text:
                write_report(summary, report_text, delimiter="\t" if report.suffix.lower() == ".tsv" else ",")
        for file in pending:
            file.commit()
    except BaseException:
        for file in pending:
            file.discard()
        raise
    return summary


def _choose_formats(
    source: Path | BinaryIO,
    destination: Path | BinaryIO,
    file_format: str | None,
    delimiter: str | None,
    sheet: str | None,
) -> _Formats:
    """The formats to read and write, or ``InvalidOption`` for options that do not fit them."""
    read = input_format(source, file_format)
    written = output_format(destination, read)
    if sheet is not None and read != "xlsx":
        raise InvalidOption(f"--sheet chooses a sheet of an .xlsx workbook; the input is {read}")
    if read in TEXT_FORMATS:
        if written not in TEXT_FORMATS:
            raise InvalidOption(
                f"cannot write {read} input as {written}: give an output ending in .csv or .tsv"
            )
        given = DELIMITERS[read] if delimiter is None else delimiter
        if len(given) != 1:
            raise InvalidOption(f"the delimiter must be one character, not {given!r}")
        return _Formats(read, written, given, given if written == read else DELIMITERS[written])
    if written != read:
        raise InvalidOption(f"cannot write {read} input as {written}: give an output ending in .{read}")
    if delimiter is not None:
        raise InvalidOption(f"a delimiter separates the fields of CSV; the input is {read}")
    if not isinstance(source, Path):
        raise InvalidOption(f"{read} input is read from a file: give its path, not stdin")
    if not isinstance(destination, Path) and destination.isatty():
        raise InvalidOption(f"{read} output is binary, not for a terminal: give -o FILE.{read}")
    return _Formats(read, written)


def _copy_text(source: Path | BinaryIO, out: BinaryIO, chosen: _Formats, job: _Job) -> NormalizeSummary:
    """Delimited text: the input's first bytes checked, then decoded, copied and written in UTF-8."""
    with _open_binary(source) as raw:
        head = raw.peek(_HEAD_BYTES)[:_HEAD_BYTES]
        check_head(head, job.encoding)
        on_progress = None
        if job.progress is not None:
            report_progress = job.progress
            on_progress = lambda: report_progress(raw.tell())  # noqa: E731 - a one-line closure
        with _text(raw, job.encoding) as text, _text(out, OUTPUT_ENCODING) as sink:
            try:
                return normalize_csv(
                    text,
                    sink,
                    columns=job.columns,
                    admin1_column=job.admin1_column,
                    admin2_column=job.admin2_column,
                    country=job.country,
                    gazetteer=job.gazetteer,
                    fields=job.fields,
                    decisions=job.decisions,
                    points=job.points,
                    delimiter=chosen.delimiter,
                    output_delimiter=chosen.output_delimiter,
                    lineterminator=line_terminator(head, job.encoding),
                    progress=on_progress,
                )
            except UnicodeDecodeError as error:
                raise undecodable(error, source, job.encoding) from error


def _copy_binary(source: Path | BinaryIO, out: BinaryIO, chosen: _Formats, job: _Job) -> NormalizeSummary:
    """A workbook or a Parquet file, read from its path (``_choose_formats`` refuses a stream)."""
    assert isinstance(source, Path)
    size = source.stat().st_size
    progress = job.progress
    share = None if progress is None else lambda done: progress(int(size * done))
    resolver = CachedResolver(job.gazetteer, country=job.country, decisions=job.decisions)
    options = {
        "columns": job.columns,
        "admin1_column": job.admin1_column,
        "admin2_column": job.admin2_column,
        "fields": check_fields(job.fields),
        "points": job.points,
    }
    if chosen.read == "xlsx":
        return normalize_workbook(source, out, resolver=resolver, sheet=job.sheet, progress=share, **options)
    return normalize_parquet(source, out, resolver=resolver, progress=share, **options)


@contextmanager
def _text(stream: BinaryIO, encoding: str) -> Iterator[TextIO]:
    """A text view of a binary stream that leaves the stream open (its owner closes it)."""
    wrapper = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()


def _refuse_overwriting_input(
    source: Path | BinaryIO, destination: Path | BinaryIO, report: Path | None
) -> None:
    outputs = [p for p in (destination, report) if isinstance(p, Path)]
    if isinstance(source, Path):
        for output in outputs:
            if _same_file(source, output):
                raise InvalidOption(f"{output} is the input file: write the output somewhere else")
    if len(outputs) == 2 and _same_file(outputs[0], outputs[1]):
        raise InvalidOption("the report and the output are the same file")
    for output in outputs:
        check_output_path(output)  # a directory, or one that does not exist: before reading anything


def _same_file(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


@contextmanager
def _open_binary(source: Path | BinaryIO) -> Iterator[io.BufferedReader]:
    """A buffered binary reader whose head can be inspected (``peek``) without consuming it."""
    if isinstance(source, Path):
        with open(source, "rb", buffering=_HEAD_BYTES) as handle:
            yield handle
    elif isinstance(source, io.BufferedReader):
        yield source
    else:
        buffered = io.BufferedReader(source, buffer_size=_HEAD_BYTES)  # type: ignore[arg-type]
        try:
            yield buffered
        finally:
            buffered.detach()
