"""Normalising place-name columns in bulk: a CSV stream, an iterable of values, a pandas DataFrame.

Values repeat in real tables (one town, thousands of events), so each distinct (value, context) is
resolved once and cached. CSV is streamed row by row: memory grows with the number of distinct
values, never with the number of rows. Every input field is written back unchanged and in order;
the result columns ``COL_id, COL_name, COL_lat, COL_lon, COL_score, COL_status`` are appended.

Ragged rows: a row shorter than the header is padded with empty fields up to the header's width, so
the new columns sit under their own headers; a row longer than the header keeps all its fields, the
ones beyond the header's width coming after the new columns. A blank line stays a blank line.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal, TextIO

from toponym.errors import InputError
from toponym.gazetteer import Gazetteer
from toponym.loader import load
from toponym.models import Match

if TYPE_CHECKING:
    import _csv

    import pandas

Status = Literal["matched", "ambiguous", "unmatched", "empty"]
STATUSES: tuple[Status, ...] = ("matched", "ambiguous", "unmatched", "empty")
RESULT_SUFFIXES = ("id", "name", "lat", "lon", "score", "status")
REPORT_HEADER = (
    "column",
    "value",
    "admin1",
    "admin2",
    "country",
    "count",
    "status",
    "id",
    "name",
    "place_admin1",
    "lat",
    "lon",
    "score",
    "runner_up_id",
    "runner_up_name",
)
DEFAULT_ENCODING = "utf-8-sig"  # plain UTF-8, and Excel's "CSV UTF-8" with its byte-order mark
OUTPUT_ENCODING = "utf-8"
# A field this large is almost always an unclosed quote swallowing the rest of the file.
FIELD_SIZE_LIMIT = 64 * 1024 * 1024
_HEAD_BYTES = 64 * 1024  # read ahead to recognise binary, UTF-16 and the line terminator
_PROGRESS_EVERY = 4096  # rows between progress callbacks
_REVIEW_ORDER = {"unmatched": 0, "ambiguous": 1, "matched": 2, "empty": 3}


class InvalidOption(InputError):
    """An option's value cannot be used with this input (unknown column, output = input…): a usage error."""


class ColumnNotFound(InvalidOption, LookupError):
    """No column has this name or 1-based number; the message lists the columns there are."""


class UndecodableInput(InputError, UnicodeError):
    """The input is not in the encoding we read it with; the message suggests the likely one."""


# -- one value -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Resolution:
    """What one cell resolved to: its status and, unless unmatched or empty, the match."""

    status: Status
    match: Match | None = None

    @classmethod
    def of(cls, match: Match | None) -> Resolution:
        """The resolution of a non-blank value: matched, ambiguous (a close runner-up) or unmatched."""
        if match is None:
            return cls("unmatched")
        return cls("ambiguous" if match.ambiguous else "matched", match)

    def cells(self) -> tuple[str, str, str, str, str, str]:
        """The six appended CSV fields: id, name, lat, lon, score, status ("" where unknown)."""
        if self.match is None:
            return ("", "", "", "", "", self.status)
        place = self.match.place
        return (
            place.id,
            place.name,
            _format_degrees(place.lat),
            _format_degrees(place.lon),
            f"{self.match.score:.1f}",
            self.status,
        )


EMPTY = Resolution("empty")  # a blank cell: nothing to resolve


def _format_degrees(value: float | None) -> str:
    # Six decimals is ~10 cm: more would be noise, and fixed-point never prints 1e-05.
    return "" if value is None else f"{value:.6f}"


class CachedResolver:
    """Resolves values through a gazetteer once per distinct (value, admin1, admin2).

    Values are compared up to case and runs of white space ("ALEPPO", " Aleppo ", "aleppo"), which
    the matcher's keys fold anyway: the first spelling seen is resolved, the others reuse its result.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, country: str | None = None) -> None:
        self._gazetteer = gazetteer
        self.country = _blank_to_none(country)
        self._cache: dict[tuple[str, str, str], Resolution] = {}

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:  # loaded on first use: no cost for an empty or invalid input
            self._gazetteer = load()
        return self._gazetteer

    def __len__(self) -> int:
        """How many distinct (value, admin1, admin2) were resolved."""
        return len(self._cache)

    def resolve(self, value: object, admin1: object = None, admin2: object = None) -> Resolution:
        texts = (_as_text(value), _as_text(admin1), _as_text(admin2))
        key = (_fold(texts[0]), _fold(texts[1]), _fold(texts[2]))
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._resolve(*(text.strip() or None for text in texts))
        return cached

    def _resolve(self, value: str | None, admin1: str | None, admin2: str | None) -> Resolution:
        if value is None:
            return EMPTY
        return Resolution.of(
            self.gazetteer.resolve(value, admin1=admin1, admin2=admin2, country=self.country)
        )


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _as_text(value: object) -> str:
    """A cell as text: None and NaN (pandas' missing value) are empty; numbers become their str."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value if isinstance(value, str) else str(value)


def _blank_to_none(value: object) -> str | None:
    return _as_text(value).strip() or None


def resolve_values(
    values: Iterable[object],
    *,
    gazetteer: Gazetteer | None = None,
    admin1: str | Iterable[object] | None = None,
    admin2: str | Iterable[object] | None = None,
    country: str | None = None,
) -> Iterator[Resolution]:
    """Resolve each value, lazily and in order, each distinct (value, admin1, admin2) only once.

    ``admin1``/``admin2`` are either one string for every value or an iterable as long as ``values``
    (one context per value). ``None``, NaN and blank values give status ``empty``.
    """
    resolver = CachedResolver(gazetteer, country=country)
    admin1s = _per_value(admin1, "admin1")
    admin2s = _per_value(admin2, "admin2")
    for value in values:
        yield resolver.resolve(value, next(admin1s), next(admin2s))


def _per_value(context: str | Iterable[object] | None, name: str) -> Iterator[object]:
    """One context per value: a constant repeated, or the given iterable (which must be long enough)."""
    if context is None or isinstance(context, str):
        return repeat(context)
    return chain(context, _exhausted(name))


def _exhausted(name: str) -> Iterator[object]:
    raise ValueError(f"{name} has fewer items than values")
    yield  # a generator, so that the error comes when the values outnumber the contexts


# -- pandas --------------------------------------------------------------------------------------


def normalize_dataframe(
    frame: pandas.DataFrame,
    column: str,
    *,
    admin1_column: str | None = None,
    admin2_column: str | None = None,
    country: str | None = None,
    gazetteer: Gazetteer | None = None,
    prefix: str | None = None,
) -> pandas.DataFrame:
    """A copy of ``frame`` with ``{prefix}_id, _name, _lat, _lon, _score, _status`` appended
    (``prefix`` defaults to ``column``; existing columns of those names are replaced).

    Needs pandas (``pip install 'toponym[pandas]'``). lat, lon and score are floats (NaN where unknown).
    """
    try:
        import pandas as pd
    except ImportError as error:
        raise ImportError("normalize_dataframe needs pandas: pip install 'toponym[pandas]'") from error
    for name in (column, admin1_column, admin2_column):
        if name is not None and name not in frame.columns:
            raise ColumnNotFound(
                f"column {name!r} not found; columns are: {', '.join(map(str, frame.columns))}"
            )

    def cleaned(name: str | None) -> list[object] | None:
        # pd.NA and NaT cannot be compared; turn every kind of missing value into None first.
        return None if name is None else frame[name].astype(object).where(frame[name].notna(), None).tolist()

    resolutions = list(
        resolve_values(
            cleaned(column) or [],
            gazetteer=gazetteer,
            admin1=cleaned(admin1_column),
            admin2=cleaned(admin2_column),
            country=country,
        )
    )
    matches = [r.match for r in resolutions]
    nan = float("nan")
    prefix = column if prefix is None else prefix
    new_columns = {
        f"{prefix}_id": [m.place.id if m else None for m in matches],
        f"{prefix}_name": [m.place.name if m else None for m in matches],
        f"{prefix}_lat": [m.place.lat if m and m.place.lat is not None else nan for m in matches],
        f"{prefix}_lon": [m.place.lon if m and m.place.lon is not None else nan for m in matches],
        f"{prefix}_score": [m.score if m else nan for m in matches],
        f"{prefix}_status": [r.status for r in resolutions],
    }
    return frame.assign(**{name: pd.Series(data, index=frame.index) for name, data in new_columns.items()})


# -- CSV streams ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ValueTally:
    """One distinct (column, value, context) of a run: how often it occurred and what it resolved to."""

    column: str  # the prefix of the appended columns (the header name, as a rule)
    value: str
    admin1: str | None
    admin2: str | None
    count: int
    resolution: Resolution

    @property
    def status(self) -> Status:
        return self.resolution.status


@dataclass(frozen=True, slots=True)
class NormalizeSummary:
    """What a run did: rows, per-status counts and every distinct value, ready for review."""

    rows: int  # data records, blank lines not included
    blank_lines: int
    short_rows: int  # fewer fields than the header: padded
    long_rows: int  # more fields than the header: all kept
    columns: tuple[str, ...]  # prefixes of the appended column groups
    header: tuple[str, ...]  # the output header
    country: str | None
    tallies: tuple[ValueTally, ...]  # review order: unmatched, ambiguous, matched, empty; then by count

    @property
    def status_counts(self) -> dict[str, int]:
        """Cells per status over every normalised column (all four statuses present)."""
        counts = dict.fromkeys(STATUSES, 0)
        for tally in self.tallies:
            counts[tally.status] += tally.count
        return counts

    @property
    def distinct(self) -> int:
        return len(self.tallies)

    def most_frequent(self, status: Status, limit: int = 10) -> list[ValueTally]:
        return [t for t in self.tallies if t.status == status][:limit]


@dataclass(frozen=True, slots=True)
class _Selected:
    """A column to normalise and its context columns, as 0-based indices into a row."""

    prefix: str
    value: int
    admin1: int | None
    admin2: int | None


def find_column(header: Sequence[str], spec: str) -> int:
    """The 0-based index of the column named ``spec``, or numbered ``spec`` (1-based).

    An exact name wins over a number (a column may be called "2"); then a unique name equal up to case
    and surrounding space. A name that several columns share must be chosen by number.
    """
    exact = [i for i, name in enumerate(header) if name == spec]
    if len(exact) == 1:
        return exact[0]
    if exact:
        numbers = ", ".join(str(i + 1) for i in exact)
        raise InvalidOption(
            f"{len(exact)} columns are named {spec!r} (numbers {numbers}): choose one by its number"
        )
    if spec.strip().isdigit():
        number = int(spec)
        if 1 <= number <= len(header):
            return number - 1
        raise ColumnNotFound(f"there is no column {number}: the header has {len(header)} columns")
    loose = [i for i, name in enumerate(header) if _loose(name) == _loose(spec)]
    if len(loose) == 1:
        return loose[0]
    listing = ", ".join(f"{i}:{name!r}" for i, name in enumerate(header, start=1))
    close = difflib.get_close_matches(spec, header, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ColumnNotFound(f"column {spec!r} not found{hint}; columns are: {listing}")


def _loose(name: str) -> str:
    return name.lstrip("\ufeff").strip().casefold()


def _select(
    header: Sequence[str],
    columns: Sequence[str],
    admin1_column: str | None,
    admin2_column: str | None,
) -> list[_Selected]:
    if not columns:
        raise InvalidOption("give at least one column to normalise")
    indices = [find_column(header, spec) for spec in columns]
    if len(set(indices)) != len(indices):
        raise InvalidOption("the same column is given twice")
    admin1 = find_column(header, admin1_column) if admin1_column is not None else None
    admin2 = find_column(header, admin2_column) if admin2_column is not None else None
    names = Counter(header)
    selected = []
    for index in indices:
        name = header[index].lstrip("\ufeff").strip()
        # A blank or repeated header name would give ambiguous result columns: add the number.
        if not name:
            prefix = f"column{index + 1}"
        elif names[header[index]] > 1:
            prefix = f"{name}_{index + 1}"
        else:
            prefix = name
        selected.append(_Selected(prefix, index, admin1, admin2))
    return selected


def normalize_csv(
    source: TextIO,
    sink: TextIO,
    *,
    columns: Sequence[str],
    admin1_column: str | None = None,
    admin2_column: str | None = None,
    country: str | None = None,
    gazetteer: Gazetteer | None = None,
    delimiter: str = ",",
    lineterminator: str = "\r\n",
    progress: Callable[[], None] | None = None,
) -> NormalizeSummary:
    """Copy the CSV ``source`` to ``sink`` with result columns appended for each of ``columns``.

    Both streams must be opened with ``newline=""`` (the csv module's rule). ``columns`` and the
    context columns are header names or 1-based numbers. ``progress`` is called every few thousand
    rows. Raises ``ColumnNotFound``/``InvalidOption`` for bad columns, ``InputError`` for an empty
    input or a broken CSV.
    """
    previous_limit = csv.field_size_limit(FIELD_SIZE_LIMIT)
    reader = csv.reader(source, delimiter=delimiter)
    writer = csv.writer(sink, delimiter=delimiter, lineterminator=lineterminator)
    try:
        return _copy_with_results(
            reader,
            writer,
            columns=columns,
            admin1_column=admin1_column,
            admin2_column=admin2_column,
            resolver=CachedResolver(gazetteer, country=country),
            progress=progress,
        )
    except csv.Error as error:
        raise InputError(
            f"the input is not readable as CSV near line {reader.line_num}: {error}"
            + (" (an unclosed quote?)" if "field larger" in str(error) else "")
        ) from error
    finally:
        csv.field_size_limit(previous_limit)


def _copy_with_results(
    reader: Iterator[list[str]],
    writer: _csv._writer,
    *,
    columns: Sequence[str],
    admin1_column: str | None,
    admin2_column: str | None,
    resolver: CachedResolver,
    progress: Callable[[], None] | None,
) -> NormalizeSummary:
    header = None
    blank_lines = 0
    for record in reader:
        if record:
            header = record
            break
        writer.writerow(record)  # blank lines before the header stay where they are
        blank_lines += 1
    if header is None:
        raise InputError("the input is empty: expected a CSV file with a header row")
    selected = _select(header, columns, admin1_column, admin2_column)
    width = len(header)
    out_header = header + [f"{s.prefix}_{suffix}" for s in selected for suffix in RESULT_SUFFIXES]
    writer.writerow(out_header)

    # Per column, raw (value, admin1, admin2) cells -> [count, appended cells, resolution]. The raw
    # cells are the key so the common case costs one dict lookup; the resolver strips and dedupes.
    seen: list[dict[tuple[str, str, str], list]] = [{} for _ in selected]
    plan = [(s.value, s.admin1, s.admin2, cache) for s, cache in zip(selected, seen, strict=True)]
    rows = short_rows = long_rows = 0
    for row in reader:
        if not row:
            writer.writerow(row)
            blank_lines += 1
            continue
        rows += 1
        extra = None
        if len(row) != width:
            if len(row) < width:
                row.extend([""] * (width - len(row)))
                short_rows += 1
            else:
                extra = row[width:]
                del row[width:]
                long_rows += 1
        for value_at, admin1_at, admin2_at, cache in plan:
            key = (
                row[value_at],
                "" if admin1_at is None else row[admin1_at],
                "" if admin2_at is None else row[admin2_at],
            )
            entry = cache.get(key)
            if entry is None:
                resolution = resolver.resolve(*key)
                entry = cache[key] = [0, resolution.cells(), resolution]
            entry[0] += 1
            row.extend(entry[1])
        if extra:
            row.extend(extra)
        writer.writerow(row)
        if progress is not None and not rows % _PROGRESS_EVERY:
            progress()

    return NormalizeSummary(
        rows=rows,
        blank_lines=blank_lines,
        short_rows=short_rows,
        long_rows=long_rows,
        columns=tuple(s.prefix for s in selected),
        header=tuple(out_header),
        country=resolver.country,
        tallies=_tallies(selected, seen),
    )


def _tallies(selected: Sequence[_Selected], seen: Sequence[dict]) -> tuple[ValueTally, ...]:
    """Merge raw keys that differ only in surrounding space, and sort them for review."""
    merged: dict[tuple[str, str, str | None, str | None], list] = {}
    for column, cache in zip(selected, seen, strict=True):
        for (value, admin1, admin2), (count, _cells, resolution) in cache.items():
            key = (column.prefix, value.strip(), _blank_to_none(admin1), _blank_to_none(admin2))
            if key in merged:
                merged[key][0] += count
            else:
                merged[key] = [count, resolution]
    tallies = [
        ValueTally(column, value, admin1, admin2, count, resolution)
        for (column, value, admin1, admin2), (count, resolution) in merged.items()
    ]
    tallies.sort(key=lambda t: (_REVIEW_ORDER[t.status], -t.count, t.column, t.value))
    return tuple(tallies)


def write_report(summary: NormalizeSummary, sink: TextIO, *, delimiter: str = ",") -> None:
    """One CSV row per distinct (column, value, context): its count, status and resolution."""
    writer = csv.writer(sink, delimiter=delimiter, lineterminator="\n")
    writer.writerow(REPORT_HEADER)
    for tally in summary.tallies:
        match = tally.resolution.match
        place = match.place if match else None
        runner_up = match.runner_up if match else None
        place_id, name, lat, lon, score, status = tally.resolution.cells()
        writer.writerow(
            (
                tally.column,
                tally.value,
                tally.admin1 or "",
                tally.admin2 or "",
                summary.country or "",
                tally.count,
                status,
                place_id,
                name,
                (place.admin1 or "") if place else "",
                lat,
                lon,
                score,
                runner_up.id if runner_up else "",
                runner_up.name if runner_up else "",
            )
        )


# -- files ---------------------------------------------------------------------------------------


def normalize_file(
    source: Path | BinaryIO,
    destination: Path | BinaryIO,
    *,
    columns: Sequence[str],
    admin1_column: str | None = None,
    admin2_column: str | None = None,
    country: str | None = None,
    gazetteer: Gazetteer | None = None,
    encoding: str = DEFAULT_ENCODING,
    delimiter: str = ",",
    report: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> NormalizeSummary:
    """Normalise a CSV file (or binary stream) into another, written in UTF-8 (no byte-order mark).

    Paths are written atomically: to temporary files beside them, renamed once everything succeeded,
    so after any error there is no output file (and an existing one is left as it was). The input's
    line terminator is kept. ``report`` (a path; tab-separated if it ends in .tsv) receives
    ``write_report``'s table. ``progress`` gets the number of input bytes read so far.
    """
    _check_encoding(encoding)
    if len(delimiter) != 1:
        raise InvalidOption(f"the delimiter must be one character, not {delimiter!r}")
    _refuse_overwriting_input(source, destination, report)
    pending: list[_PendingFile] = []
    try:
        with _open_binary(source) as raw:
            head = raw.peek(_HEAD_BYTES)[:_HEAD_BYTES]
            _check_head(head, encoding)
            if isinstance(destination, Path):
                pending.append(_PendingFile(destination))
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
                        delimiter=delimiter,
                        lineterminator=_line_terminator(head, encoding),
                        progress=on_progress,
                    )
                except UnicodeDecodeError as error:
                    raise _undecodable(error, source, encoding) from error
        if report is not None:
            pending.append(_PendingFile(report))
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


def _check_encoding(encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InvalidOption(
            f"unknown encoding {encoding!r} (try utf-8-sig, cp1256, utf-16, latin-1)"
        ) from None


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
        if not output.parent.is_dir():
            raise InvalidOption(f"cannot write {output}: the directory {output.parent} does not exist")


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


_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _check_head(head: bytes, encoding: str) -> None:
    """Recognise, from the first bytes, what no CSV reader should try to read."""
    wide = codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    if not head:
        raise InputError("the input is empty: expected a CSV file with a header row")
    if not wide and head.startswith(_WIDE_BOMS):
        raise UndecodableInput(
            "the input is UTF-16 text (Excel's 'Unicode Text' export): use --encoding utf-16 "
            "(and --tsv if it is tab-separated)"
        )
    if head.startswith(b"PK\x03\x04"):
        raise InputError(
            "the input is a ZIP archive, probably an Excel workbook: save it as 'CSV UTF-8' first"
        )
    if head.startswith(b"\x1f\x8b"):
        raise InputError("the input is gzip-compressed: decompress it first (gunzip -c FILE | toponym …)")
    if not wide and b"\x00" in head:
        raise InputError("the input is binary, not CSV text (it contains NUL bytes)")


def _line_terminator(head: bytes, encoding: str) -> str:
    """The input's line ending (CRLF or LF), so that the output does not differ on every line."""
    text = head.decode(encoding, errors="replace")
    newline = text.find("\n")
    if newline == -1:
        return "\r\n" if "\r" in text else "\n"
    return "\r\n" if newline > 0 and text[newline - 1] == "\r" else "\n"


def _undecodable(error: UnicodeDecodeError, source: Path | BinaryIO, encoding: str) -> UndecodableInput:
    found = _first_undecodable(source, encoding) if isinstance(source, Path) else None
    if found:
        line, byte = found
        where = f" at line {line} (byte 0x{byte:02x})"
    else:
        where = f" (byte 0x{error.object[error.start]:02x})"
    if codecs.lookup(encoding).name in ("utf-8", "utf-8-sig"):
        hint = "Arabic Windows and Excel exports are usually cp1256: try --encoding cp1256"
    else:
        hint = "try --encoding utf-8-sig (the default) or the encoding the file was saved in"
    return UndecodableInput(f"the input is not valid {encoding}{where}; {hint}")


def _first_undecodable(path: Path, encoding: str) -> tuple[int, int] | None:
    """The 1-based line and the value of the first byte that does not decode (on the error path only)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:
                return line + error.object[: error.start].count(b"\n"), error.object[error.start]
            line += block.count(b"\n")
    return None


class _PendingFile:
    """A new file beside ``destination`` that replaces it on ``commit`` and vanishes on ``discard``."""

    def __init__(self, destination: Path) -> None:
        self.destination = destination
        # O_EXCL with mode 0o666: a fresh name, and the permissions a plain open() would give (umask).
        for _ in range(100):
            temporary = destination.with_name(f".{destination.name}.{os.urandom(4).hex()}.part")
            try:
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                break
            except FileExistsError:
                continue
        else:
            raise FileExistsError(f"cannot create a temporary file beside {destination}")
        self.temporary = temporary
        self.handle: BinaryIO = os.fdopen(fd, "wb")

    def commit(self) -> None:
        self.handle.close()
        if self.destination.exists():  # replacing a file keeps its permissions
            os.chmod(self.temporary, self.destination.stat().st_mode & 0o7777)
        os.replace(self.temporary, self.destination)

    def discard(self) -> None:
        self.handle.close()
        self.temporary.unlink(missing_ok=True)
