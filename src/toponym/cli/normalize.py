"""``toponym normalize``: append canonical ids, coordinates and P-codes to the place-name columns of a
table (CSV/TSV, an .xlsx workbook, a Parquet file)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from toponym.cli.options import (
    context_warnings_reported,
    country_option,
    gazetteer_option,
    input_file_argument,
    library_errors,
    open_gazetteer,
    quiet_broken_pipe,
    shorten,
)
from toponym.tabular import (
    DEFAULT_ENCODING,
    DEFAULT_FIELDS,
    FIELDS,
    FORMATS,
    NormalizeSummary,
    normalize_file,
)
from toponym.tabular.columns import check_fields
from toponym.tabular.errors import InvalidOption

_TOP_UNMATCHED = 10
# The --fields list for --help, from the one table of fields: "\b" keeps click from rewrapping it.
_FIELDS_HELP = "\b\nFIELDS          meaning                             HXL hashtag\n" + "\n".join(
    f"  {name:<13} {field.meaning:<35} {field.hxl}" for name, field in FIELDS.items()
)


@click.command(epilog=_FIELDS_HELP)
@input_file_argument("input_path", "[INPUT]")
@click.option(
    "-c",
    "--column",
    "columns",
    multiple=True,
    metavar="COL",
    help="Column of place names, by header name, 1-based number or HXL tag ('#loc+name'); repeat for several.",
)
@click.option(
    "--lat-column",
    metavar="COL",
    help="Column of latitudes: with --lon-column, each row's point gets point_status, its governorate "
    "and district with P-codes, and the nearest settlement (no --column needed).",
)
@click.option("--lon-column", metavar="COL", help="Column of longitudes (with --lat-column).")
@click.option("--admin1-column", metavar="COL", help="Column holding the governorate (context).")
@click.option("--admin2-column", metavar="COL", help="Column holding the district (context).")
@country_option("Country every place is in: ISO code (SY, SYR) or name.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Output file, written atomically, in the format its extension names (.csv, .tsv, .xlsx, "
    ".parquet), else the input's [default: stdout].",
)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(FORMATS, case_sensitive=False),
    help="Input format [default: by the input's extension, else csv].",
)
@click.option(
    "--sheet",
    metavar="NAME|N",
    help="Sheet of an .xlsx workbook to normalise, by name or 1-based number [default: the active "
    "sheet]; the other sheets are copied unchanged.",
)
@click.option(
    "--encoding",
    default=DEFAULT_ENCODING,
    metavar="ENC",
    show_default=True,
    help="Input encoding of CSV/TSV; Arabic Windows/Excel exports are often cp1256.",
)
@click.option("-d", "--delimiter", metavar="D", help="Field delimiter (one character, or 'tab').")
@click.option("-t", "--tsv", is_flag=True, help="Tab-separated input and output.")
@click.option(
    "--fields",
    default=",".join(DEFAULT_FIELDS),
    show_default=True,
    metavar="F,F,...",
    callback=lambda _ctx, _param, value: _fields(value),
    help="Fields to append for each column, in this order (see FIELDS below).",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write one row per distinct value (count, status, resolution) to this CSV, with an empty "
    "decision column for review.",
)
@click.option(
    "--decisions",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A review table (a --report) whose decision column holds a place id or none: applied "
    "before matching, with status reviewed.",
)
@gazetteer_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
def normalize(
    input_path: Path | None,
    columns: tuple[str, ...],
    lat_column: str | None,
    lon_column: str | None,
    admin1_column: str | None,
    admin2_column: str | None,
    country: str | None,
    output: Path | None,
    file_format: str | None,
    sheet: str | None,
    encoding: str,
    delimiter: str | None,
    tsv: bool,
    fields: tuple[str, ...],
    report: Path | None,
    decisions: Path | None,
    gazetteer_path: Path | None,
    quiet: bool,
) -> None:
    """Add canonical ids, coordinates and P-codes for the place names in columns of a table.

    Reads INPUT (or stdin for `-` or none) and writes every row and field unchanged, with
    COL_id, COL_name, COL_lat, COL_lon, COL_score and COL_status (matched, ambiguous, unmatched,
    reviewed or empty) appended for each --column COL, or the --fields chosen. Each distinct value
    (with its context) is resolved once. A short summary goes to stderr.

    HXL: a row of hashtags under the header (#adm1+name, #loc+name) is kept as it is, the appended
    columns get hashtags too, and --column '#loc+name' chooses a column by tag (needs
    pip install 'toponym[hxl]').

    Coordinates: with --lat-column and --lon-column, point_status (inside, swapped: lat and lon
    exchanged, outside Syria, invalid, empty), point_admin1, point_admin1_pcode, point_admin2,
    point_admin2_pcode, point_nearest_id, point_nearest_name, point_nearest_pcode and
    point_nearest_km are appended after the name columns' results.

    Review: fill the decision column of a --report with a place id (geonames:170063, ocha:C4268,
    SY0705) or none, and pass it back with --decisions; a decision naming no place is an error.

    \b
    Formats, by --format or the file's extension:
      .csv .tsv  delimited text, streamed (stdin and stdout too)
      .xlsx      an Excel workbook (pip install 'toponym[excel]'): the results
                 go into one sheet (--sheet), right of its last column; every
                 cell keeps its type and style, the other sheets are copied
      .parquet   a Parquet file (pip install 'toponym[parquet]'), streamed by
                 batches: columns keep their types; lat, lon and score are
                 float64, the other results string
    The output is in the format its extension names, else the input's. A
    workbook or Parquet file is read from a path and written in its own format.

    Exit codes: 0 ok, 1 unreadable input or decisions, 2 usage error.
    """
    quiet_broken_pipe()
    points = _points(lat_column, lon_column)
    if not columns and points is None:
        raise click.UsageError(
            "give --column COL (names), or --lat-column and --lon-column (points), or both"
        )
    source = _stdin_or(input_path)
    destination = None if output is None or str(output) == "-" else output
    gazetteer = open_gazetteer(gazetteer_path)
    show_progress = not quiet and source is not None and sys.stderr.isatty()
    progress_path = source if show_progress else None
    with _progress_bar(progress_path) as progress, library_errors(), context_warnings_reported():
        summary = normalize_file(
            source if source is not None else sys.stdin.buffer,
            destination if destination is not None else sys.stdout.buffer,
            columns=columns,
            admin1_column=admin1_column,
            admin2_column=admin2_column,
            country=country,
            gazetteer=gazetteer,
            fields=fields,
            decisions=decisions,
            points=points,
            encoding=encoding,
            delimiter=_delimiter(delimiter, tsv),
            file_format=file_format,
            sheet=sheet,
            report=report,
            progress=progress,
        )
    if not quiet:
        _print_summary(summary, report)


def _fields(value: str) -> tuple[str, ...]:
    """--fields as the library checks it; an unknown name is a usage error listing the fields."""
    try:
        return check_fields([name.strip() for name in value.split(",") if name.strip()])
    except InvalidOption as error:
        raise click.BadParameter(str(error), param_hint="'--fields'") from error


def _points(lat_column: str | None, lon_column: str | None) -> tuple[str, str] | None:
    if (lat_column is None) != (lon_column is None):
        raise click.UsageError("give --lat-column and --lon-column together")
    return None if lat_column is None or lon_column is None else (lat_column, lon_column)


def _stdin_or(path: Path | None) -> Path | None:
    return None if path is None or str(path) == "-" else path


def _delimiter(delimiter: str | None, tsv: bool) -> str | None:
    """The delimiter asked for, or None: the format's (a comma, or a tab for .tsv)."""
    if tsv and delimiter is not None:
        raise click.UsageError("give --delimiter or --tsv, not both")
    if tsv:
        return "\t"
    if delimiter is None:
        return None
    return "\t" if delimiter in ("tab", "\\t") else delimiter


@contextmanager
def _progress_bar(path: Path | None) -> Iterator[Callable[[int], None] | None]:
    """A bar over the input's bytes, or None (no bar) when there is no file to measure."""
    if path is None:
        yield None
        return
    with click.progressbar(length=path.stat().st_size, label="normalizing", file=sys.stderr) as bar:
        done = 0

        def advance(position: int) -> None:
            nonlocal done
            bar.update(position - done)
            done = position

        yield advance
        bar.update(bar.length - done)


def _print_summary(summary: NormalizeSummary, report: Path | None) -> None:
    say = lambda message: click.echo(message, err=True)  # noqa: E731
    columns = ", ".join(summary.columns)
    if summary.columns:
        say(
            f"{_count(summary.rows, 'row')}; {'columns' if len(summary.columns) > 1 else 'column'} {columns}: "
            f"{_count(summary.distinct, 'distinct value')}"
        )
    else:
        say(_count(summary.rows, "row"))
    if summary.rows == 0:
        say("warning: the input has a header but no data rows; wrote the header only")
    cells = summary.rows * len(summary.columns)
    for status, count in summary.status_counts.items() if summary.columns else ():
        share = f"{100 * count / cells:5.1f}%" if cells else "     -"
        say(f"  {status:<10} {count:>10,} {share}")
    if summary.point_counts is not None:
        say("points (latitude, longitude):")
        for status, count in summary.point_counts.items():
            share = f"{100 * count / summary.rows:5.1f}%" if summary.rows else "     -"
            say(f"  {status:<10} {count:>10,} {share}")
        if summary.point_counts["swapped"]:
            say(
                "warning: some points lie in Syria only with latitude and longitude exchanged (status swapped)"
            )
    unmatched = summary.most_frequent("unmatched", _TOP_UNMATCHED)
    if unmatched:
        say("most frequent unmatched:")
        for tally in unmatched:
            context = ", ".join(filter(None, (tally.admin1, tally.admin2)))
            column = f"{tally.column}: " if len(summary.columns) > 1 else ""
            say(
                f"  {tally.count:>8,}  {column}{shorten(tally.value)}"
                + (f"  ({shorten(context)})" if context else "")
            )
    _print_unknown_context(summary, say)
    if summary.hxl:
        say("HXL: the hashtag row under the header was kept, with hashtags for the new columns")
    if summary.unused_decisions:
        say(f"note: {_count(summary.unused_decisions, 'decision')} unused (values not in this table)")
    if summary.short_rows:
        say(
            f"note: {_count(summary.short_rows, 'row')} had fewer fields than the header (padded with empty fields)"
        )
    if summary.long_rows:
        say(
            f"note: {_count(summary.long_rows, 'row')} had more fields than the header (kept, after the new columns)"
        )
    if report is not None:
        say(f"report: {report}")


def _print_unknown_context(summary: NormalizeSummary, say: Callable[[str], None]) -> None:
    """The context values that name no governorate/district of the gazetteer, and so were ignored."""
    unknown = summary.unknown_context()
    for level, area in (("admin1", "governorate"), ("admin2", "district")):
        values = [(value, rows) for found_level, value, rows in unknown if found_level == level]
        if not values:
            continue
        noun = "value names" if len(values) == 1 else "values name"
        say(f"warning: {len(values):,} {level} {noun} no {area} in the gazetteer (ignored as context):")
        for value, rows in values[:_TOP_UNMATCHED]:
            say(f"  {rows:>8,}  {shorten(value)}")


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
