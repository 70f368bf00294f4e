"""``toponym reverse LAT LON``: the governorate, district and nearest settlements of a point."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from toponym.cli.options import echo_json, gazetteer_option, library_errors, open_gazetteer, quiet_broken_pipe
from toponym.models import Location, Place

_COLUMNS = ("id", "name", "arabic", "kind", "pcode", "km")


@click.command(context_settings={"ignore_unknown_options": True})  # "-5.2" is a number, not an option
@click.argument("lat", type=float)
@click.argument("lon", type=float)
@click.option(
    "--limit", type=click.IntRange(min=1), default=3, show_default=True, help="Nearest settlements to list."
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output: one object.")
@gazetteer_option
def reverse(lat: float, lon: float, limit: int, as_json: bool, gazetteer_path: Path | None) -> None:
    """Where the point LAT LON (WGS84 degrees) is: the governorate and district it lies in, with their
    OCHA P-codes, and the nearest Syrian settlements (within 100 km) with their distance.

    A point outside Syria says so; one that lies in Syria only with LAT and LON exchanged is answered
    for the exchanged point, with a warning. Exits 1 when the point is outside Syria, 2 when it is no
    point (latitude beyond ±90, longitude beyond ±180)."""
    quiet_broken_pipe()
    gazetteer = open_gazetteer(gazetteer_path)
    try:
        with library_errors():
            location = gazetteer.reverse(lat, lon, limit=limit)
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    if as_json:
        echo_json(location.to_dict())
    else:
        _print(location)
    if location.status == "swapped":
        click.echo(
            f"warning: {lat:g}, {lon:g} is outside Syria; read as {location.lat:g}, {location.lon:g}",
            err=True,
        )
    if location.status == "outside":
        click.echo(f"outside Syria: {lat:g}, {lon:g} lies in no Syrian district", err=True)
        sys.exit(1)


def _print(location: Location) -> None:
    for label, unit in (("governorate", location.governorate), ("district", location.district)):
        if unit is not None:
            arabic = f"  {unit.name_ar}" if unit.name_ar else ""
            click.echo(f"{label + ':':<13}{unit.name}{arabic}  {unit.pcode or ''}".rstrip())
    if not location.nearest:
        return
    rows = [_row(near.place, near.km) for near in location.nearest]
    widths = [max(len(cell) for cell in column) for column in zip(_COLUMNS, *rows, strict=False)]
    click.echo("")
    for row in (_COLUMNS, *rows):
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def _row(place: Place, km: float) -> tuple[str, ...]:
    return (place.id, place.name, place.name_ar or "", place.kind, place.pcode or "", f"{km:.1f}")
