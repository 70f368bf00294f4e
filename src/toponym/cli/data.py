"""``toponym data build|info|fetch``: make and inspect gazetteer packs."""

from __future__ import annotations

import time
from pathlib import Path

import click

from toponym.cli.options import echo_json, gazetteer_option, library_errors, open_gazetteer
from toponym.loader import EMBEDDED
from toponym.packs.pack import read_meta

_source_path = click.Path(exists=True, path_type=Path)


@click.group()
def data() -> None:
    """Build, fetch and inspect gazetteer packs."""


@data.command()
@click.option(
    "--wof", type=_source_path, help="Who's On First: the GitHub .tar.gz or a directory of .geojson."
)
@click.option("--opensyria", type=_source_path, help="OpenSyria data-geography directory.")
@click.option("--ocha", type=_source_path, help="OCHA COD admin4 points GeoJSON (or its directory).")
@click.option("--geonames", type=_source_path, help="GeoNames dump: SY.txt/allCountries.txt or a directory.")
@click.option("--no-curated", is_flag=True, help="Leave out toponym's curated layer.")
@click.option("--no-world", is_flag=True, help="Leave out the world layer (countries and large cities).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Pack to write."
)
def build(
    wof: Path | None,
    opensyria: Path | None,
    ocha: Path | None,
    geonames: Path | None,
    no_curated: bool,
    no_world: bool,
    output: Path,
) -> None:
    """Build a gazetteer pack (one SQLite file) from upstream sources."""
    from toponym.packs.pipeline import build_pack  # imported here: importers are only needed to build

    if not any((wof, opensyria, ocha, geonames)) and no_curated and no_world:
        raise click.UsageError("nothing to build: give at least one source")
    started = time.perf_counter()
    with library_errors():
        report = build_pack(
            output=output,
            wof=wof,
            opensyria=opensyria,
            ocha=ocha,
            geonames=geonames,
            curated=not no_curated,
            world=not no_world,
            progress=lambda message: click.echo(message, err=True),
        )
    click.echo(
        f"wrote {report.path}: {report.places:,} places, {report.names:,} names "
        f"in {time.perf_counter() - started:.1f}s",
        err=True,
    )


@data.command()
@click.argument("pack", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@gazetteer_option
def info(pack: Path | None, as_json: bool, gazetteer_path: Path | None) -> None:
    """Show what a pack holds: places, names, sources (default: the gazetteer in use; "embedded": the
    embedded default)."""
    chosen = pack or gazetteer_path
    if chosen is not None and str(chosen) != EMBEDDED:
        with library_errors():
            summary = read_meta(chosen)
        summary["path"] = str(chosen)
    else:
        gazetteer = open_gazetteer(chosen)
        summary = {
            "places": len(gazetteer),
            "names": gazetteer.names_count,
            **dict(gazetteer.provenance),
            "path": str(gazetteer.path) if gazetteer.path else "embedded",
        }
    if as_json:
        echo_json(summary)
        return
    click.echo(f"pack:    {summary['path']}")
    click.echo(f"places:  {summary['places']:,}")
    click.echo(f"names:   {summary['names']:,}")
    if summary.get("built_at"):
        click.echo(f"built:   {summary['built_at']} (toponym {summary.get('toponym_version', '?')})")
    for source in summary.get("sources", []):
        stats = ", ".join(f"{key} {value:,}" for key, value in source.get("stats", {}).items())
        click.echo(
            f"source:  {source['name']}"
            + (f" ({source['path']})" if source.get("path") else "")
            + f": {stats}"
        )
        if source.get("licence"):
            click.echo(f"         licence {source['licence']}; credit: {source['attribution']}")
    if summary.get("generated"):
        click.echo(f"note:    {summary['generated']}")


@data.command()
@click.argument("region", type=click.Choice(["syria"]))
@click.option(
    "--dir",
    "destination",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to download and build (default: the user data directory).",
)
def fetch(region: str, destination: Path | None) -> None:
    """Download the public upstream sources and build the full pack; it becomes the default."""
    from toponym.packs.fetch import fetch_syria

    with library_errors():
        report = fetch_syria(destination, progress=lambda message: click.echo(message, err=True))
    click.echo(f"{region}: wrote {report.path} ({report.places:,} places, {report.names:,} names)")
