"""Matches as the rows the web page shows and downloads: one flat JSON object per match."""

from __future__ import annotations

from typing import Any

from toponym.models import Match
from toponym.serve.mapsvg import MapPoint

# The row fields, in the order the page's table and its CSV download use.
ROW_FIELDS = (
    "query",
    "status",
    "id",
    "name",
    "name_ar",
    "kind",
    "governorate",
    "district",
    "lat",
    "lon",
    "score",
    "ambiguous",
    "runner_up",
)


def match_row(query: str, match: Match | None, status: str) -> dict[str, Any]:
    """A row for ``query``: the match's place and score, or only the query and its status."""
    row: dict[str, Any] = dict.fromkeys(ROW_FIELDS)
    row.update(query=query, status=status, ambiguous=False)
    if match is not None:
        place = match.place
        row.update(
            id=place.id,
            name=place.name,
            name_ar=place.name_ar,
            kind=place.kind,
            governorate=place.admin1 if place.country == "SY" else place.country,
            district=place.admin2 if place.country == "SY" else None,
            lat=place.lat,
            lon=place.lon,
            score=round(match.score, 1),
            ambiguous=match.ambiguous,
            runner_up=match.runner_up.id if match.runner_up else None,
        )
    return row


def row_points(rows: list[dict[str, Any]]) -> list[MapPoint]:
    """A point for each row with coordinates, keyed by its position so the page can link the two."""
    return [
        MapPoint(
            row["lat"],
            row["lon"],
            f"{row['query']}: {row['name']} ({row['id']})",
            "ambiguous" if row["ambiguous"] else "resolved",
            str(index),
        )
        for index, row in enumerate(rows)
        if row["lat"] is not None and row["lon"] is not None
    ]
