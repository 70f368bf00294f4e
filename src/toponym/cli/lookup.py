"""``toponym lookup NAME...``: resolve names and print them as a table or JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from toponym.arguments import text_argument
from toponym.cli.options import (
    context_warnings_reported,
    country_option,
    echo_json,
    gazetteer_option,
    kind_option,
    open_gazetteer,
    quiet_broken_pipe,
    shorten,
    warn_unknown_context,
)
from toponym.gazetteer import Gazetteer
from toponym.models import Match, is_bare_pcode

_COLUMNS = ("query", "id", "name", "arabic", "governorate", "lat", "lon", "score")


@click.command()
@click.argument("names", nargs=-1, required=True)
@country_option("Country the place is in: ISO code (SY, SYR) or name.")
@click.option("--admin1", metavar="NAME", help="Governorate, in any spelling (Idleb, Rural Damascus…).")
@click.option("--admin2", metavar="NAME", help="District, in any spelling.")
@kind_option
@click.option(
    "--limit", type=click.IntRange(min=1), default=1, show_default=True, help="Candidates per name."
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output: a list of objects.")
@gazetteer_option
def lookup(
    names: tuple[str, ...],
    country: str | None,
    admin1: str | None,
    admin2: str | None,
    kind: str | None,
    limit: int,
    as_json: bool,
    gazetteer_path: Path | None,
) -> None:
    """Look up place NAMES (one or more; `-` reads names from stdin, one per line).

    A NAME that is a place id of any scheme (geonames:173576, ocha:C3480, wof:…) or a bare OCHA P-code
    (SY0705, C4268) finds that place.

    Exits 1 when a name has no match (with --json, its result is simply absent)."""
    quiet_broken_pipe()
    gazetteer = open_gazetteer(gazetteer_path)
    queries = _expand_stdin(names)
    results: list[Match] = []
    unmatched: list[str] = []
    context = {"country": country, "admin1": admin1, "admin2": admin2, "kind": kind}
    warn_unknown_context(gazetteer, admin1=admin1, admin2=admin2)
    with context_warnings_reported():
        for query in queries:
            found = _look_up(gazetteer, query, limit, context)
            results.extend(found)
            if not found:
                unmatched.append(query)
    if as_json:
        echo_json([match.to_dict() for match in results])
    else:
        if results:
            _print_table(results)
        for query in unmatched:
            click.echo(f"no match: {shorten(query)}", err=True)
    if unmatched:
        sys.exit(1)


def _look_up(gazetteer: Gazetteer, query: str, limit: int, context: dict[str, str | None]) -> list[Match]:
    """The matches of one name, or the place of one id ("ocha:C3480"); [] for no match."""
    by_id = gazetteer.get(query) if ":" in query or is_bare_pcode(query) else None
    if by_id is not None:
        return [Match(place=by_id, score=100.0, matched_name=by_id.name, query=query)]
    if limit == 1:
        best = gazetteer.resolve(query, **context)
        return [best] if best else []
    return gazetteer.candidates(query, limit=limit, **context)


def _expand_stdin(names: tuple[str, ...]) -> list[str]:
    """The names, `-` replaced by the lines of stdin. Undecodable bytes (given on the command line
    or stdin) become U+FFFD, with one warning for stdin."""
    expanded: list[str] = []
    for name in names:
        if name == "-":
            expanded.extend(line.strip() for line in _stdin_lines() if line.strip())
        else:
            expanded.append(text_argument(name, "NAME") or "")
    return expanded


def _stdin_lines() -> list[str]:
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        click.echo(
            f"warning: stdin is not valid UTF-8 (line {line}, byte 0x{data[error.start]:02x}); "
            "undecodable bytes were replaced by U+FFFD",
            err=True,
        )
        text = data.decode("utf-8-sig", errors="replace")
    return text.splitlines()


def _print_table(matches: list[Match]) -> None:
    rows = [
        (
            m.query,
            m.place.id,
            m.place.name,
            m.place.name_ar or "",
            m.place.admin1 or ("" if m.place.country == "SY" else m.place.country or ""),
            f"{m.place.lat:.5f}" if m.place.lat is not None else "",
            f"{m.place.lon:.5f}" if m.place.lon is not None else "",
            f"{m.score:.0f}" + (" ?" if m.ambiguous else ""),
        )
        for m in matches
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(_COLUMNS, *rows, strict=False)]
    for row in (_COLUMNS, *rows):
        click.echo(
            "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
