"""Administrative outlines: OCHA's governorate and district polygons (``syr_admin1.geojson``,
``syr_admin2.geojson``), simplified, as shapely geometries with their P-codes and names.

The reader is general on purpose: the web map draws these outlines, and the same records serve
point-in-polygon questions (which district is this point in?) through their shapely ``geometry``.

**Simplification.** The delivered polygons carry 26,528 (governorates) and 73,709 (districts)
vertices, most of them closer together than anything the gazetteer's points can tell apart. Each level
is simplified as one *coverage* (``shapely.coverage_simplify``, GEOS's topology-preserving coverage
simplifier), not polygon by polygon: neighbouring districts keep one shared edge, so the simplified
outlines have no slivers or gaps between them and no point falls in two of them. The
tolerance, 0.001° (roughly the square root of the area of the triangles removed: about 100 m), is below
the precision of the communities' own coordinates; it keeps about a fifth of the vertices and every one of
OCHA's 5,251 communities on the same side of every district boundary as the original polygons do
(``tests/test_outlines.py`` checks this on the real files).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from toponym.errors import SourceError

Level = Literal["governorate", "district"]

# OCHA's file for each level, as the COD distributes them beside the community points.
FILENAMES: dict[Level, str] = {"governorate": "syr_admin1.geojson", "district": "syr_admin2.geojson"}
SIMPLIFY_TOLERANCE = 0.001  # degrees; see the module docstring


@dataclass(frozen=True, slots=True)
class Outline:
    """One administrative unit's polygon: its OCHA P-code (``SY07``, ``SY0705``), level and names."""

    pcode: str
    level: Level
    name: str
    name_ar: str | None
    geometry: BaseGeometry  # Polygon or MultiPolygon, lon/lat degrees (WGS84)

    def geojson(self) -> str:
        """The geometry as GeoJSON text (how a pack stores it)."""
        return json.dumps(mapping(self.geometry), separators=(",", ":"))

    @classmethod
    def from_geojson(cls, pcode: str, level: Level, name: str, name_ar: str | None, text: str) -> Outline:
        return cls(pcode, level, name, name_ar, shape(json.loads(text)))


def outline_files(directory: Path) -> dict[Level, Path]:
    """The outline files lying in ``directory`` (beside OCHA's points file), by level."""
    found = {level: Path(directory) / name for level, name in FILENAMES.items()}
    return {level: path for level, path in found.items() if path.is_file()}


def read_outlines(files: dict[Level, Path]) -> list[Outline]:
    """Read and simplify each level's polygons, governorates first, each level in P-code order."""
    outlines: list[Outline] = []
    for level in ("governorate", "district"):
        if level in files:
            outlines += _read_level(files[level], level)
    return outlines


def _read_level(path: Path, level: Level) -> list[Outline]:
    features = _features(path)
    units: list[tuple[str, str, str | None]] = []
    geometries: list[BaseGeometry] = []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") or {}
        pcode = str(properties.get("PCODE") or "").strip()
        if not pcode or not feature.get("geometry"):
            raise SourceError(f"{path}: feature {number} has no PCODE or no geometry")
        name = str(properties.get("NAME_EN") or pcode).strip()
        name_ar = str(properties.get("NAME_ARA") or "").strip() or None
        units.append((pcode, name, name_ar))
        geometries.append(shape(feature["geometry"]))
    simplified = shapely.coverage_simplify(geometries, SIMPLIFY_TOLERANCE)
    outlines = [
        Outline(pcode, level, name, name_ar, geometry)
        for (pcode, name, name_ar), geometry in zip(units, simplified, strict=True)
    ]
    return sorted(outlines, key=lambda outline: outline.pcode)


def _features(path: Path) -> Iterable[dict[str, Any]]:
    try:
        collection = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise SourceError(f"{path} is not GeoJSON: {error}") from error
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise SourceError(f"{path} is not a GeoJSON FeatureCollection")
    return [feature for feature in features if isinstance(feature, dict)]
