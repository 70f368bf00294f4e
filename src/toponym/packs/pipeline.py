"""Building a pack: run the importers, merge their records, write the pack with provenance."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any

from toponym._version import __version__
from toponym.output import check_output_path
from toponym.packs.features import place_features
from toponym.packs.merge import merge
from toponym.packs.outlines import Outline, outline_files, read_outlines
from toponym.packs.pack import write_pack
from toponym.packs.pcodes import with_pcodes
from toponym.packs.sources import LICENCES, SourceRecords
from toponym.packs.sources.curated import SOURCE as CURATED
from toponym.packs.sources.curated import curated_hash, read_curated
from toponym.packs.sources.geonames import read_geonames
from toponym.packs.sources.ocha import read_ocha
from toponym.packs.sources.opensyria import read_opensyria
from toponym.packs.sources.wof import read_wof
from toponym.packs.sources.world import read_world

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote: where, how much, and from what."""

    path: Path
    places: int
    names: int
    provenance: dict[str, Any]


def build_pack(
    *,
    output: Path,
    wof: Path | None = None,
    opensyria: Path | None = None,
    ocha: Path | None = None,
    geonames: Path | None = None,
    curated: bool = True,
    world: bool = True,
    progress: Progress | None = None,
    note: Mapping[str, Any] | None = None,
) -> BuildReport:
    """Import each given source, merge, and write one pack at ``output`` (atomically). ``note`` is
    added to the pack's provenance (the embedded default says there how it was generated)."""
    say = progress or (lambda _message: None)
    check_output_path(output, stream_ok=False, what="gazetteer pack (SQLite)")  # before minutes of work
    readers: list[Callable[[], SourceRecords]] = [
        partial(reader, Path(path))
        for reader, path in (
            (read_wof, wof),
            (read_opensyria, opensyria),
            (read_ocha, ocha),
            (read_geonames, geonames),
        )
        if path is not None
    ]
    if curated:
        readers.append(read_curated)
    if world:
        readers.append(read_world)
    if not readers:
        raise ValueError("nothing to build: give at least one source")

    records: list[SourceRecords] = []
    for read in readers:
        started = time.perf_counter()
        source_records = read()
        say(
            f"{source_records.source}: {len(source_records.places):,} records "
            f"in {time.perf_counter() - started:.1f}s"
        )
        for warning in source_records.warnings:
            say(f"{source_records.source}: warning: {warning}")
        records.append(source_records)

    merged = merge(records)
    say(f"merged {merged.stats.get('records_in', 0):,} records into {len(merged.places):,} places")
    features, feature_warnings = place_features(
        [feature for r in records for feature in r.features], merged.places
    )
    for warning in feature_warnings:
        say(f"curated: warning: {warning}")
    places = [*merged.places, *features]
    provenance = {
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "toponym_version": __version__,
        "sources": [_describe(r) for r in records],
        "merge": dict(merged.stats),
        "features": {"placed": len(features), "warnings": feature_warnings},
        **(note or {}),
    }
    outlines = _ocha_outlines(records, provenance, say)
    places, pcode_counts = with_pcodes(places, outlines)
    provenance["pcodes"] = pcode_counts
    say(
        f"P-codes: {pcode_counts['from_ocha']:,} Syrian places from OCHA, {pcode_counts['from_outline']:,} "
        f"from the district outlines ({pcode_counts['admin3_derived']:,} with a derived subdistrict), "
        f"{pcode_counts['outside']:,} outside every district"
    )
    started = time.perf_counter()
    write_pack(places, output, provenance=provenance, outlines=outlines)
    say(f"indexed the names for matching and wrote the pack in {time.perf_counter() - started:.1f}s")
    names = sum(len(place.names) for place in places)
    return BuildReport(path=Path(output), places=len(places), names=names, provenance=provenance)


def _ocha_outlines(records: list[SourceRecords], provenance: dict[str, Any], say: Progress) -> list[Outline]:
    """The governorate and district polygons found beside OCHA's points file (none without OCHA),
    recorded in the provenance with each file's hash."""
    ocha = next((r for r in records if r.source == "ocha" and r.path is not None), None)
    files = outline_files(ocha.path.parent) if ocha is not None and ocha.path is not None else {}
    if not files:
        return []
    outlines = read_outlines(files)
    provenance["outlines"] = [
        {"path": path.name, "sha256": content_hash(path), "level": level} for level, path in files.items()
    ]
    say(f"outlines: {len(outlines)} governorate and district polygons")
    return outlines


def _describe(records: SourceRecords) -> dict[str, Any]:
    described: dict[str, Any] = {"name": records.source, "stats": dict(records.stats)}
    licence = LICENCES.get(records.source)
    if licence is not None:
        described["licence"] = licence.licence
        described["attribution"] = licence.attribution
    if records.path is not None:
        described["path"] = records.path.name
        described["sha256"] = content_hash(records.path)
    elif records.source == CURATED:
        described["sha256"] = curated_hash()
    if records.also_read:
        described["also_read"] = [{"path": p.name, "sha256": content_hash(p)} for p in records.also_read]
    if records.warnings:
        described["warnings"] = list(records.warnings)
    return described


def content_hash(path: Path) -> str:
    """SHA-256 of a file, or of a directory's files (names and contents, in sorted order)."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        with file.open("rb") as handle:
            for block in iter(lambda handle=handle: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()
