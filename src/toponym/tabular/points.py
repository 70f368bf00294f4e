"""Rows that already have coordinates (a 4W table's community points): their governorate and district
with P-codes, and the nearest settlement, through ``Gazetteer.reverse``; each distinct (lat, lon) pair
once.

A cell pair becomes a ``PointResolution`` whose status says what the coordinates were:

- ``inside``: a point in a Syrian district;
- ``swapped``: outside Syria as written, inside with latitude and longitude exchanged (answered for
  the exchanged point: the commonest mistake in real tables, and one a reviewer wants to see);
- ``outside``: a real point in no Syrian district (the nearest settlement is still given when one is
  within 100 km: a camp over the border, a point off the coast);
- ``invalid``: not a point (text, one of the two blank, beyond ±90/±180);
- ``empty``: both cells blank.

On a pack without district outlines, the units are the nearest settlement's and ``inside`` means one
lies within 100 km.

Numbers are read as a table writes them: a decimal point, or a decimal comma ("35,93") in a cell with
no point; surrounding space is ignored. Degrees-minutes-seconds are not read (``invalid``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from toponym.gazetteer import Gazetteer
from toponym.models import Location, Nearby, Place
from toponym.tabular.columns import ResultField

PointStatus = Literal["inside", "swapped", "outside", "invalid", "empty"]
POINT_STATUSES: tuple[PointStatus, ...] = ("inside", "swapped", "outside", "invalid", "empty")
POINT_PREFIX = "point"  # the appended columns are point_status, point_admin1_pcode, …


@dataclass(frozen=True, slots=True)
class PointResolution:
    """What one row's coordinates resolved to."""

    status: PointStatus
    location: Location | None = None

    @property
    def nearest(self) -> Nearby | None:
        return self.location.nearest[0] if self.location and self.location.nearest else None


def _unit(level: str, read: Callable[[Place], object]) -> Callable[[PointResolution], object]:
    def value(resolution: PointResolution) -> object:
        unit = getattr(resolution.location, level) if resolution.location else None
        return None if unit is None else read(unit)

    return value


def _nearest(read: Callable[[Nearby], object]) -> Callable[[PointResolution], object]:
    return lambda resolution: None if resolution.nearest is None else read(resolution.nearest)


# The appended columns of a point, in order (the same record as the name fields' table).
POINT_FIELDS: tuple[ResultField, ...] = (
    ResultField(
        "status", "inside, swapped, outside, invalid, empty", lambda r: r.status, "#meta+status+point"
    ),
    ResultField(
        "admin1", "the governorate it lies in", _unit("governorate", lambda p: p.name), "#adm1+name+point"
    ),
    ResultField(
        "admin1_pcode", "its P-code (SY07)", _unit("governorate", lambda p: p.pcode), "#adm1+code+point"
    ),
    ResultField("admin2", "the district it lies in", _unit("district", lambda p: p.name), "#adm2+name+point"),
    ResultField(
        "admin2_pcode", "its P-code (SY0705)", _unit("district", lambda p: p.pcode), "#adm2+code+point"
    ),
    ResultField(
        "nearest_id", "the nearest settlement's id", _nearest(lambda n: n.place.id), "#loc+code+point"
    ),
    ResultField("nearest_name", "its name", _nearest(lambda n: n.place.name), "#loc+name+point"),
    ResultField(
        "nearest_pcode", "its own P-code", _nearest(lambda n: n.place.pcode), "#loc+code+v_pcode+point"
    ),
    ResultField("nearest_km", "how far it is, km", _nearest(lambda n: n.km), "#meta+distance+point", 3),
)
POINT_NAMES: tuple[str, ...] = tuple(f"{POINT_PREFIX}_{field.name}" for field in POINT_FIELDS)


def point_text_cells(resolution: PointResolution) -> tuple[str, ...]:
    """A point's appended fields as CSV cells ("" where unknown)."""
    return tuple(field.cell(resolution) for field in POINT_FIELDS)  # type: ignore[arg-type]


def point_typed_cells(resolution: PointResolution) -> tuple[object, ...]:
    """A point's appended fields as values of their own type (None where unknown)."""
    return tuple(field.value(resolution) for field in POINT_FIELDS)  # type: ignore[arg-type]


class PointResolver:
    """Resolves (lat, lon) cells through a gazetteer, once per distinct pair of cells."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._cache: dict[tuple[object, object], PointResolution] = {}

    def resolve(self, lat: object, lon: object) -> PointResolution:
        key = (lat, lon)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._resolve(lat, lon)
        return found

    def _resolve(self, lat_cell: object, lon_cell: object) -> PointResolution:
        if _blank(lat_cell) and _blank(lon_cell):
            return PointResolution("empty")
        lat, lon = coordinate(lat_cell), coordinate(lon_cell)
        if lat is None or lon is None or not -90 <= lat <= 90 or not -180 <= lon <= 180:
            return PointResolution("invalid")
        location = self._gazetteer.reverse(lat, lon)
        if location.status == "unknown":  # a pack without outlines: the nearest settlement's units
            return PointResolution("inside" if location.governorate else "outside", location)
        return PointResolution(location.status, location)


def coordinate(cell: object) -> float | None:
    """A cell's number of degrees, or None (blank, text, NaN)."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        number = float(cell)
    elif isinstance(cell, str):
        text = cell.strip()
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")  # a decimal comma
        try:
            number = float(text)
        except ValueError:
            return None
    else:
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def _blank(cell: object) -> bool:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return True
    return isinstance(cell, str) and not cell.strip()
