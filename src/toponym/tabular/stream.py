"""Normalising a CSV stream: choosing the columns (``find_column``), then copying every row losslessly
with the result columns ``COL_id, COL_name, COL_lat, COL_lon, COL_score, COL_status`` (or the chosen
fields) appended (``normalize_csv``), and tallying each distinct value for the summary.

CSV is streamed row by row: memory grows with the number of distinct values, never with the number
of rows. Every input field is written back unchanged and in order.

Ragged rows: a row shorter than the header is padded with empty fields up to the header's width, so
the new columns sit under their own headers; a row longer than the header keeps all its fields, the
ones beyond the header's width coming after the new columns. A blank line stays a blank line.

HXL: a hashtag row right under the header is not data. It is copied like a row (padded the same way)
with the appended columns' hashtags, is neither resolved nor counted, and lets columns be chosen by
tag pattern.

The copying core is not CSV's alone: ``copy_with_results`` takes rows of text and any ``RowWriter``
(a workbook's sheet goes through it too), and ``ResultAppender``, the resolving and counting of each
row's selected cells, also serves Parquet, whose columns are not copied row by row.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TextIO

from toponym.errors import InputError
from toponym.gazetteer import Gazetteer
from toponym.tabular.columns import DEFAULT_FIELDS, check_fields, text_cells
from toponym.tabular.decisions import DecisionsSource
from toponym.tabular.errors import ColumnNotFound, InvalidOption
from toponym.tabular.hashtags import Tags, field_tags, find_tagged, hashtag_row, looks_like_tag
from toponym.tabular.points import (
    POINT_FIELDS,
    POINT_NAMES,
    POINT_STATUSES,
    PointResolution,
    PointResolver,
    point_text_cells,
)
from toponym.tabular.report import NormalizeSummary, ValueTally
from toponym.tabular.resolution import Resolution, blank_to_none
from toponym.tabular.values import CachedResolver
from toponym.tabular.writer import RowWriter, csv_writer

# A field this large is almost always an unclosed quote swallowing the rest of the file.
FIELD_SIZE_LIMIT = 64 * 1024 * 1024
_PROGRESS_EVERY = 4096  # rows between progress callbacks
POINT_TAGS = [field.hxl for field in POINT_FIELDS]
_REVIEW_ORDER = {"unmatched": 0, "ambiguous": 1, "matched": 2, "reviewed": 3, "empty": 4}


@dataclass(frozen=True, slots=True)
class PointColumns:
    """The latitude and longitude columns of rows that have coordinates, as 0-based indices."""

    lat: int
    lon: int


@dataclass(frozen=True, slots=True)
class _Selected:
    """A column to normalise and its context columns, as 0-based indices into a row."""

    prefix: str
    value: int
    admin1: int | None
    admin2: int | None


def find_column(header: Sequence[str], spec: str, tags: Tags | None = None) -> int:
    """The 0-based index of the column named ``spec``, numbered ``spec`` (1-based), or, for a ``spec``
    starting with ``#``, tagged so in the HXL hashtag row ``tags`` (``hashtags.find_tagged``).

    An exact name wins over a number (a column may be called "2"); then a unique name equal up to case
    and surrounding space; then a tag. A name that several columns share must be chosen by number.
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
    if looks_like_tag(spec):
        return find_tagged(tags, spec)
    listing = ", ".join(f"{i}:{name!r}" for i, name in enumerate(header, start=1))
    close = difflib.get_close_matches(spec, header, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ColumnNotFound(f"column {spec!r} not found{hint}; columns are: {listing}")


def _loose(name: str) -> str:
    return name.lstrip("\ufeff").strip().casefold()


def select_columns(
    header: Sequence[str],
    tags: Tags | None,
    columns: Sequence[str],
    admin1_column: str | None,
    admin2_column: str | None,
) -> list[_Selected]:
    indices = [find_column(header, spec, tags) for spec in columns]
    if len(set(indices)) != len(indices):
        raise InvalidOption("the same column is given twice")
    admin1 = find_column(header, admin1_column, tags) if admin1_column is not None else None
    admin2 = find_column(header, admin2_column, tags) if admin2_column is not None else None
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


def select_points(
    header: Sequence[str], tags: Tags | None, points: tuple[str, str] | None
) -> PointColumns | None:
    """The (lat, lon) columns named by ``points``, or None when none are given."""
    if points is None:
        return None
    lat, lon = (find_column(header, spec, tags) for spec in points)
    if lat == lon:
        raise InvalidOption("the latitude and longitude columns are the same column")
    return PointColumns(lat, lon)


def check_columns(columns: Sequence[str], points: tuple[str, str] | None) -> None:
    """Something to do: a column of names, or a pair of coordinate columns."""
    if not columns and points is None:
        raise InvalidOption("give a column of names to normalise, or the latitude and longitude columns")


def normalize_csv(
    source: TextIO,
    sink: TextIO,
    *,
    columns: Sequence[str],
    admin1_column: str | None = None,
    admin2_column: str | None = None,
    country: str | None = None,
    gazetteer: Gazetteer | None = None,
    fields: Sequence[str] = DEFAULT_FIELDS,
    decisions: DecisionsSource | None = None,
    points: tuple[str, str] | None = None,
    delimiter: str = ",",
    lineterminator: str = "\r\n",
    progress: Callable[[], None] | None = None,
    output_delimiter: str | None = None,
) -> NormalizeSummary:
    """Copy the CSV ``source`` to ``sink`` with the result columns of ``fields`` appended for each of
    ``columns``.

    Both streams must be opened with ``newline=""`` (the csv module's rule). ``columns`` and the
    context columns are header names, 1-based numbers or HXL tag patterns. ``decisions`` (a review
    table's path, a mapping or a ``Decisions``) are applied before matching. ``points`` names the
    (latitude, longitude) columns of rows that have coordinates: their governorate, district and
    nearest settlement are appended (``toponym.tabular.points``). ``progress`` is called
    every few thousand rows; ``output_delimiter`` (default: ``delimiter``) separates the output's
    fields. Raises ``ColumnNotFound``/``InvalidOption`` for bad columns or fields,
    ``InputError`` for an empty input, a broken CSV or a decision naming no place.
    """
    chosen = check_fields(fields)
    check_columns(columns, points)
    previous_limit = csv.field_size_limit(FIELD_SIZE_LIMIT)
    tap = _LineTap(source)
    reader = csv.reader(tap, delimiter=delimiter)
    writer = csv_writer(sink, delimiter=output_delimiter or delimiter, lineterminator=lineterminator)
    same_delimiter = (output_delimiter or delimiter) == delimiter
    try:
        return copy_with_results(
            reader,
            writer,
            raw=_RawLines(tap, sink, delimiter, lineterminator) if same_delimiter else None,
            columns=columns,
            admin1_column=admin1_column,
            admin2_column=admin2_column,
            fields=chosen,
            resolver=CachedResolver(gazetteer, country=country, decisions=decisions),
            progress=progress,
            points=points,
        )
    except csv.Error as error:
        raise InputError(
            f"the input is not readable as CSV near line {reader.line_num}: {error}"
            + (" (an unclosed quote?)" if "field larger" in str(error) else "")
        ) from error
    finally:
        csv.field_size_limit(previous_limit)


def copy_with_results(
    reader: Iterator[list[str]],
    writer: RowWriter,
    *,
    columns: Sequence[str],
    admin1_column: str | None,
    admin2_column: str | None,
    fields: tuple[str, ...],
    resolver: CachedResolver,
    progress: Callable[[], None] | None,
    cells: Callable[[Resolution], Sequence[object]] | None = None,
    points: tuple[str, str] | None = None,
    point_cells: Callable[[PointResolution], Sequence[object]] = point_text_cells,
    raw: _RawLines | None = None,
) -> NormalizeSummary:
    """Copy the rows of any table format: the header (the first non-empty row), then every row with
    the result ``cells`` of each selected column appended, then a point's (``points``: the latitude
    and longitude columns). Rows are lists of text; ``cells`` and ``point_cells`` give the appended
    values (default: CSV's text; typed values for the formats that keep types). With ``raw`` (delimited
    text read through a ``_LineTap``), a row that is one physical line as wide as the header is passed
    through as its own line, with the appended cells' text after it (see ``_RawLines``)."""
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
    width = len(header)
    records: Iterable[list[str]] = reader
    if raw is not None:
        del raw.tap.lines[:]  # the header's lines: the tap keeps the next row's only
    under_header = next(reader, None)
    tags = None if under_header is None else hashtag_row(under_header, header)
    if under_header is not None and tags is None:
        records = chain([under_header], reader)  # a data row after all: read it first
    selected = select_columns(header, tags, columns, admin1_column, admin2_column)
    point = select_points(header, tags, points)
    out_header = header + result_names(selected, fields, point)
    writer.writerow(out_header)
    if tags is not None:
        appended_tags = field_tags(fields) * len(selected) + (POINT_TAGS if point else [])
        writer.writerow(_padded(under_header, width, appended_tags))

    results = ResultAppender(
        selected,
        resolver,
        text_cells(fields) if cells is None else cells,
        point=point,
        point_cells=point_cells,
    )
    rows = short_rows = long_rows = 0
    lines = None if raw is None else raw.tap.lines  # the physical lines of the row being copied
    if lines is not None and tags is not None:
        del lines[:]  # the hashtag row's: the first data row is still to be read
    for row in records:
        if not row:
            writer.writerow(row)
            blank_lines += 1
        else:
            rows += 1
            short_rows += len(row) < width
            long_rows += len(row) > width
            _copy_row(row, lines, raw, results, writer, width)
            if progress is not None and not rows % _PROGRESS_EVERY:
                progress()
        if lines is not None:
            del lines[:]

    return results.summary(
        rows=rows,
        header=out_header,
        blank_lines=blank_lines,
        short_rows=short_rows,
        long_rows=long_rows,
        hxl=tags is not None,
    )


class _LineTap:
    """The lines of a text stream, as ``csv.reader`` pulls them, kept until the caller clears them:
    after a record is read they are exactly the physical lines it was made of."""

    def __init__(self, source: Iterable[str]) -> None:
        self._source = iter(source)
        self.lines: list[str] = []

    def __iter__(self) -> _LineTap:
        return self

    def __next__(self) -> str:
        line = next(self._source)
        self.lines.append(line)
        return line


@dataclass(frozen=True, slots=True)
class _RawLines:
    """Where a delimited row's own line is passed through: an unchanged row need not be taken apart
    and written again field by field. What the csv module would write for it holds the same fields;
    the line as it came holds them too, with its own quoting (a field quoted without need stays
    quoted), and costs nothing to write."""

    tap: _LineTap
    sink: TextIO
    delimiter: str
    lineterminator: str


def _copy_row(
    row: list[str],
    lines: list[str] | None,
    raw: _RawLines | None,
    results: ResultAppender,
    writer: RowWriter,
    width: int,
) -> None:
    """Write one data row: its own line and the appended text when it is one physical line as wide
    as the header (``raw`` given); else (a quoted line break, a ragged row, any other format) with
    the result cells appended by ``writer``: a short row padded to the header's width, a long row's
    extra fields after the results."""
    if raw is not None and lines is not None and len(lines) == 1 and len(row) == width:
        line = lines[0]
        if line.endswith("\r\n"):
            line = line[:-2]
        elif line.endswith(("\n", "\r")):
            line = line[:-1]
        raw.sink.write(
            f"{line}{raw.delimiter}{results.appended_text(row, raw.delimiter)}{raw.lineterminator}"
        )
        return
    extra = None
    if len(row) < width:
        row.extend([""] * (width - len(row)))
    elif len(row) > width:
        extra = row[width:]
        del row[width:]
    results.append(row)
    if extra:
        row.extend(extra)
    writer.writerow(row)


def result_names(
    selected: Sequence[_Selected], fields: Sequence[str], point: PointColumns | None = None
) -> list[str]:
    """The appended columns' names, ``{prefix}_{field}`` for each selected column in turn, then the
    point's (``point_status`` …)."""
    return [f"{s.prefix}_{name}" for s in selected for name in fields] + (list(POINT_NAMES) if point else [])


class ResultAppender:
    """Appends to a row the result cells of each selected column, resolving each distinct (value,
    admin1, admin2) of a column once and counting how often it occurs: the part of a run every table
    format shares (CSV and workbooks pass their rows, Parquet the selected cells of each batch)."""

    def __init__(
        self,
        selected: Sequence[_Selected],
        resolver: CachedResolver,
        cells: Callable[[Resolution], Sequence[object]],
        *,
        point: PointColumns | None = None,
        point_cells: Callable[[PointResolution], Sequence[object]] = point_text_cells,
    ) -> None:
        self._selected = selected
        self._resolver = resolver
        self._cells = cells
        self._point = point
        self._point_cells = point_cells
        # raw (lat, lon) cells -> [count, appended cells, resolution]
        self._points: dict[tuple[object, object], list] = {}
        self._point_resolver: PointResolver | None = None
        # Per column, raw (value, admin1, admin2) cells -> [count, appended cells, resolution, their
        # delimited text or None until a passed-through line needs it]. The raw
        # cells are the key so the common case costs one dict lookup; the resolver strips and dedupes.
        self._seen: list[dict[tuple[str, str, str], list]] = [{} for _ in selected]
        self._plan = [
            (s.prefix, s.value, s.admin1, s.admin2, cache)
            for s, cache in zip(selected, self._seen, strict=True)
        ]

    def append(self, row: list) -> None:
        """Extend ``row`` (a list of text cells, as wide as the header) with the result cells."""
        for entry in self._entries(row):
            row.extend(entry[1])
        if self._point is not None:
            self._append_point(row, self._point)

    def appended_text(self, row: list, delimiter: str) -> str:
        """The result cells ``append`` would add to ``row``, as the delimited text the csv module
        writes for them (each distinct value's text made once)."""
        texts = []
        for entry in self._entries(row):
            if entry[3] is None:
                entry[3] = _delimited(entry[1], delimiter)
            texts.append(entry[3])
        if self._point is not None:
            cells: list = []
            self._append_point(cells, self._point, row)
            texts.append(_delimited(cells, delimiter))
        return delimiter.join(texts)

    def _entries(self, row: list) -> Iterator[list]:
        """Each selected column's entry for ``row`` (resolved on first sight), its count raised."""
        for prefix, value_at, admin1_at, admin2_at, cache in self._plan:
            key = (
                row[value_at],
                "" if admin1_at is None else row[admin1_at],
                "" if admin2_at is None else row[admin2_at],
            )
            entry = cache.get(key)
            if entry is None:
                resolution = self._resolver.resolve(*key, column=prefix)
                entry = cache[key] = [0, self._cells(resolution), resolution, None]
            entry[0] += 1
            yield entry

    def _append_point(self, row: list, point: PointColumns, source: list | None = None) -> None:
        cells = row if source is None else source
        key = (cells[point.lat], cells[point.lon])
        entry = self._points.get(key)
        if entry is None:
            if self._point_resolver is None:
                self._point_resolver = PointResolver(self._resolver.gazetteer)
            resolution = self._point_resolver.resolve(*key)
            entry = self._points[key] = [0, self._point_cells(resolution), resolution]
        entry[0] += 1
        row.extend(entry[1])

    def summary(
        self,
        *,
        rows: int,
        header: Sequence[str],
        blank_lines: int = 0,
        short_rows: int = 0,
        long_rows: int = 0,
        hxl: bool = False,
    ) -> NormalizeSummary:
        """What the run did, once every row went through ``append``."""
        decisions = self._resolver.decisions
        return NormalizeSummary(
            rows=rows,
            blank_lines=blank_lines,
            short_rows=short_rows,
            long_rows=long_rows,
            columns=tuple(s.prefix for s in self._selected),
            header=tuple(header),
            country=self._resolver.country,
            tallies=_tallies(self._selected, self._seen, self._resolver),
            hxl=hxl,
            unused_decisions=None if decisions is None else decisions.unused,
            point_counts=self._point_counts() if self._point is not None else None,
        )

    def _point_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(POINT_STATUSES, 0)
        for count, _cells, resolution in self._points.values():
            counts[resolution.status] += count
        return counts


def _delimited(cells: Sequence[object], delimiter: str) -> str:
    """Cells as the csv module writes them on one line (``csv_writer``'s rule for a line break)."""
    out = io.StringIO()
    csv_writer(out, delimiter=delimiter, lineterminator="\n").writerow(cells)
    return out.getvalue()[:-1]


def _padded(row: list[str], width: int, appended: list[str]) -> list[str]:
    """``row`` with ``appended`` after its first ``width`` fields, as data rows get their results."""
    return row[:width] + [""] * (width - len(row)) + appended + row[width:]


def _tallies(
    selected: Sequence[_Selected], seen: Sequence[dict], resolver: CachedResolver
) -> tuple[ValueTally, ...]:
    """Merge raw keys that differ only in surrounding space, note context values that name no area,
    and sort them for review."""
    merged: dict[tuple[str, str, str | None, str | None], list] = {}
    for column, cache in zip(selected, seen, strict=True):
        for (value, admin1, admin2), (count, _cells, resolution, _text) in cache.items():
            key = (column.prefix, value.strip(), blank_to_none(admin1), blank_to_none(admin2))
            if key in merged:
                merged[key][0] += count
            else:
                merged[key] = [count, resolution]
    tallies = [
        ValueTally(column, value, admin1, admin2, count, resolution, resolver.unknown_context(admin1, admin2))
        for (column, value, admin1, admin2), (count, resolution) in merged.items()
    ]
    tallies.sort(key=lambda t: (_REVIEW_ORDER[t.status], -t.count, t.column, t.value))
    return tuple(tallies)
