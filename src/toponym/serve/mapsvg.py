"""The offline map: the gazetteer's governorate and district outlines drawn as SVG, points on top.

**Projection.** A plain equirectangular projection over Syria's bounding box, with longitudes scaled
by the cosine of the box's middle latitude (34.9°N), so that shapes keep their proportions across a
country 5° tall: no map library, no tiles, nothing fetched. A point outside the box (Geneva, Ankara)
is not drawn; the map says how many were left out.

**Drawing.** The outlines the pack stores are simplified for point-in-polygon work (about 100 m); the
map simplifies them once more to a fraction of a pixel of the drawn map (``DRAW_TOLERANCE``), so a
map costs a few tens of kilobytes. Everything written into the SVG (names in ``<title>``) is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from toponym.packs.outlines import Outline

PointStatus = Literal["resolved", "ambiguous", "approximate"]

# Syria's bounding box (lon/lat degrees) with a small margin: the OCHA outlines span 35.6–42.4°E,
# 32.3–37.4°N.
WEST, EAST, SOUTH, NORTH = 35.45, 42.55, 32.15, 37.55
WIDTH = 1000.0  # SVG user units across the map; the height follows from the projection
DRAW_TOLERANCE = 0.01  # degrees: about a pixel of a 700-pixel-wide map


@dataclass(frozen=True, slots=True)
class MapPoint:
    """A point to draw: where, what to call it, how sure we are, and a key the page links it by."""

    lat: float
    lon: float
    label: str
    status: PointStatus = "resolved"
    key: str = ""


class BaseMap:
    """The outlines of one gazetteer, projected and turned into SVG paths once."""

    def __init__(self, outlines: Iterable[Outline]) -> None:
        self._x_scale = math.cos(math.radians((SOUTH + NORTH) / 2))
        self._unit = WIDTH / ((EAST - WEST) * self._x_scale)  # SVG units per degree of latitude
        self.height = round((NORTH - SOUTH) * self._unit, 1)
        layers: dict[str, list[str]] = {"district": [], "governorate": []}
        for outline in outlines:
            path = self._path(outline.geometry.simplify(DRAW_TOLERANCE, preserve_topology=True))
            layers.setdefault(outline.level, []).append(
                f'<path class="outline {outline.level}" d="{path}"><title>{escape(outline.name)}'
                f"{' · ' + escape(outline.name_ar) if outline.name_ar else ''} ({escape(outline.pcode)})"
                "</title></path>"
            )
        self.has_outlines = any(layers.values())
        # districts under governorates, so the governorates' thicker borders are drawn on top
        self._layers = "".join(f'<g class="{level}s">{"".join(paths)}</g>' for level, paths in layers.items())

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        return (lon - WEST) * self._x_scale * self._unit, (NORTH - lat) * self._unit

    def inside(self, lat: float, lon: float) -> bool:
        return WEST <= lon <= EAST and SOUTH <= lat <= NORTH

    def render(self, points: Sequence[MapPoint] = (), *, css_class: str = "map") -> str:
        """The SVG element: outlines, then the points inside the map, then a note on those outside."""
        # approximate points first, drawn as larger rings: one at a known place's point stays visible
        # around that place's own dot
        drawn = sorted(
            (p for p in points if self.inside(p.lat, p.lon)), key=lambda p: p.status != "approximate"
        )
        outside = len(points) - len(drawn)
        circles = "".join(self._circle(point) for point in drawn)
        note = ""
        if outside:
            note = (
                f'<text class="map-note" x="10" y="{self.height - 10:.0f}">'
                f"{outside} place{'s' if outside > 1 else ''} outside this map</text>"
            )
        if not self.has_outlines:
            note += '<text class="map-note" x="10" y="24">no outlines in this gazetteer</text>'
        return (
            f'<svg class="{escape(css_class)}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {WIDTH:.0f} {self.height:.0f}" role="img" aria-label="map of Syria" '
            f'data-points="{len(drawn)}">'
            f'<rect class="map-sea" width="{WIDTH:.0f}" height="{self.height:.0f}"/>'
            f'{self._layers}<g class="points">{circles}</g>{note}</svg>'
        )

    def _circle(self, point: MapPoint) -> str:
        x, y = self.project(point.lat, point.lon)
        key = f' data-key="{escape(point.key)}"' if point.key else ""
        return (
            f'<circle class="point {point.status}" cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{11 if point.status == "approximate" else 7}"{key}>'
            f"<title>{escape(point.label)}</title></circle>"
        )

    def _path(self, geometry: BaseGeometry) -> str:
        polygons: list[Polygon] = list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]
        rings = [ring for polygon in polygons for ring in (polygon.exterior, *polygon.interiors)]
        return "".join(self._ring(ring.coords) for ring in rings)

    def _ring(self, coordinates: Iterable[tuple[float, ...]]) -> str:
        points = [self.project(lat, lon) for lon, lat, *_ in coordinates]
        return "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z"
