"""``toponym extract [FILE|-]``: the place mentions of a text, as a list, JSON or GeoJSON."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from toponym.cli.options import (
    echo_json,
    gazetteer_option,
    input_file_argument,
    library_errors,
    open_gazetteer,
    quiet_broken_pipe,
)
from toponym.extract import to_geojson
from toponym.extract.placement import COARSE
from toponym.gazetteer import Gazetteer
from toponym.models import Match, Mention, NearMatch
from toponym.output import atomic_output
from toponym.tabular.decoding import check_encoding, check_text_head, undecodable

_HEAD_BYTES = 64 * 1024  # what the binary and byte-order-mark checks look at
_COLUMNS = ("start", "end", "text", "id", "name", "governorate", "lat", "lon", "score")


@click.command()
@input_file_argument("file", "[FILE]")
@click.option("--json", "as_json", is_flag=True, help="A JSON list of mentions with their offsets.")
@click.option(
    "--geojson", "as_geojson", is_flag=True, help="A GeoJSON FeatureCollection of resolved mentions."
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also write the text with its mentions highlighted and mapped, as one self-contained HTML file.",
)
@click.option("--encoding", default="utf-8-sig", show_default=True, help="Encoding of the text.")
@gazetteer_option
def extract(
    file: Path | None,
    as_json: bool,
    as_geojson: bool,
    html_path: Path | None,
    encoding: str,
    gazetteer_path: Path | None,
) -> None:
    """Find and resolve the place mentions in a text (FILE, or stdin for `-` or none).

    Every occurrence is listed; a place the text clearly names ("the village of X") but the
    gazetteer does not know is listed as unresolved (JSON: "match": null). When the text locates it
    by a known place ("X neighborhood of Aleppo"), it is shown "~ near" that place, at its point
    (JSON: "near"; GeoJSON: a point with "approximate": true); otherwise it has no point."""
    if as_json and as_geojson:
        raise click.UsageError("choose one of --json and --geojson")
    quiet_broken_pipe()
    text = _read_text(file, encoding)
    gazetteer = open_gazetteer(gazetteer_path)
    mentions = gazetteer.extract(text)
    if html_path is not None:
        _write_html(
            html_path, text, mentions, gazetteer, title=file.name if file and str(file) != "-" else "stdin"
        )
    if as_json:
        echo_json([mention.to_dict() for mention in mentions])
    elif as_geojson:
        echo_json(to_geojson(mentions))
    else:
        _print_table(mentions)


def _write_html(path: Path, text: str, mentions: list[Mention], gazetteer: Gazetteer, *, title: str) -> None:
    """The article view the web page shows (``toponym.serve.article``), as one file (``toponym.output``)."""
    from toponym.serve.article import article_document  # imported here: only --html draws a map
    from toponym.serve.mapsvg import BaseMap

    html = article_document(text, mentions, BaseMap(gazetteer.outlines()), title=title)
    with library_errors(), atomic_output(path) as handle:
        handle.write(html.encode("utf-8"))


def _read_text(file: Path | None, encoding: str) -> str:
    """The text to read, checked as ``normalize`` checks its input: an unknown encoding is a usage
    error; UTF-16/32 text (by its byte-order mark) read as another encoding, binary data and bytes
    that do not decode are errors that say which encoding to try."""
    with library_errors():
        check_encoding(encoding)
        if file is None or str(file) == "-":
            data, source = sys.stdin.buffer.read(), None
        else:
            data, source = file.read_bytes(), file
        check_text_head(data[:_HEAD_BYTES], encoding)
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            raise undecodable(error, source if source is not None else io.BytesIO(data), encoding) from error


def _print_table(mentions: list[Mention]) -> None:
    rows = [_row(mention) for mention in mentions]
    widths = [max(len(cell) for cell in column) for column in zip(_COLUMNS, *rows, strict=False)]
    for row in (_COLUMNS, *rows):
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def _row(mention: Mention) -> tuple[str, ...]:
    match = mention.match
    text = " ".join(mention.text.split())  # a name broken over two lines stays on one row
    if match is None and mention.near is not None:
        return _approximate_row(mention, text, mention.near)
    if match is None:
        return (str(mention.start), str(mention.end), text, "-", "(not in the gazetteer)", "", "", "", "")
    place = match.place
    return (
        str(mention.start),
        str(mention.end),
        text,
        place.id,
        place.name,
        place.admin1 or ("" if place.country == "SY" else place.country or ""),
        f"{place.lat:.5f}" if place.lat is not None else "",
        f"{place.lon:.5f}" if place.lon is not None else "",
        f"{match.score:.0f}" + (" ?" if match.ambiguous else ""),
    )


def _approximate_row(mention: Mention, text: str, near: Match) -> tuple[str, ...]:
    """An unknown place at the point of the known place the text locates it by: "~ near Aleppo (part_of)"."""
    place = near.place
    how = ""
    if isinstance(near, NearMatch):
        how = near.relation.replace("_", " ") + (", coarse" if near.precision == COARSE else "")
    return (
        str(mention.start),
        str(mention.end),
        text,
        "-",
        f"~ near {place.name}" + (f" ({how})" if how else ""),
        place.admin1 or ("" if place.country == "SY" else place.country or ""),
        f"{place.lat:.5f}" if place.lat is not None else "",
        f"{place.lon:.5f}" if place.lon is not None else "",
        "~",
    )
