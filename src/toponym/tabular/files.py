"""Normalising a CSV file into another (``normalize_file``): decoding the input, refusing to overwrite
it, keeping its line terminator, and writing the output and the report by the rule of
:mod:`toponym.output` (files atomically, devices and FIFOs directly).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

from toponym.gazetteer import Gazetteer
from toponym.output import PendingOutput, check_output_path, open_output
from toponym.tabular.columns import DEFAULT_FIELDS
from toponym.tabular.decisions import DecisionsSource
from toponym.tabular.decoding import check_encoding, check_head, line_terminator, undecodable
from toponym.tabular.errors import InvalidOption
from toponym.tabular.report import NormalizeSummary, write_report
from toponym.tabular.stream import normalize_csv

DEFAULT_ENCODING = "utf-8-sig"  # plain UTF-8, and Excel's "CSV UTF-8" with its byte-order mark
OUTPUT_ENCODING = "utf-8"
_HEAD_BYTES = 64 * 1024  # read ahead to recognise binary, UTF-16 and the line terminator


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
    encoding: str = DEFAULT_ENCODING,
    delimiter: str = ",",
    report: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> NormalizeSummary:
    """Normalise a CSV file (or binary stream) into another, written in UTF-8 (no byte-order mark).

    Paths are written by the rule of :mod:`toponym.output`: a file atomically (to a temporary file
    beside it, renamed once everything succeeded, so after any error or signal there is no output file
    and an existing one is left as it was); a device or FIFO directly. The input's
    line terminator is kept. ``report`` (a path; tab-separated if it ends in .tsv) receives
    ``write_report``'s table. ``fields`` and ``decisions`` as for ``normalize_csv``. ``progress``
    gets the number of input bytes read so far.
    """
    check_encoding(encoding)
    if len(delimiter) != 1:
        raise InvalidOption(f"the delimiter must be one character, not {delimiter!r}")
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
        with _open_binary(source) as raw:
            head = raw.peek(_HEAD_BYTES)[:_HEAD_BYTES]
            check_head(head, encoding)
            if isinstance(destination, Path):
                pending.append(open_output(destination))
                out = pending[-1].handle
            else:
                out = destination
            on_progress = None
            if progress is not None:
                on_progress = lambda: progress(raw.tell())  # noqa: E731 - a one-line closure
            with _text(raw, encoding) as text, _text(out, OUTPUT_ENCODING) as sink:
                try:
                    summary = normalize_csv(
                        text,
                        sink,
                        columns=columns,
                        admin1_column=admin1_column,
                        admin2_column=admin2_column,
                        country=country,
                        gazetteer=gazetteer,
                        fields=fields,
                        decisions=decisions,
                        delimiter=delimiter,
                        lineterminator=line_terminator(head, encoding),
                        progress=on_progress,
                    )
                except UnicodeDecodeError as error:
                    raise undecodable(error, source, encoding) from error
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
