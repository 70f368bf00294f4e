"""What a CSV run did (``NormalizeSummary``, one ``ValueTally`` per distinct value) and the review
report written from it (``write_report``: one row per distinct value, its count and resolution, and a
``decision`` column for a reviewer to fill, which ``--decisions`` reads back).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TextIO

from toponym.tabular.columns import text_cells
from toponym.tabular.decisions import NO_PLACE
from toponym.tabular.resolution import STATUSES, Resolution, Status
from toponym.tabular.writer import csv_writer

REPORT_HEADER = (
    "column",
    "value",
    "admin1",
    "admin2",
    "country",
    "count",
    "status",
    "id",
    "name",
    "place_admin1",
    "lat",
    "lon",
    "score",
    "runner_up_id",
    "runner_up_name",
    "unknown_context",  # "admin1", "admin2" or both: a context value naming no area, so ignored
    "decision",  # for the reviewer: a place id or "none"; filled in where a decision was applied
)
_PLACE_CELLS = text_cells(("id", "name", "lat", "lon", "score", "status"))


@dataclass(frozen=True, slots=True)
class ValueTally:
    """One distinct (column, value, context) of a run: how often it occurred and what it resolved to."""

    column: str  # the prefix of the appended columns (the header name, as a rule)
    value: str
    admin1: str | None
    admin2: str | None
    count: int
    resolution: Resolution
    unknown_context: tuple[str, ...] = ()  # the levels ("admin1", "admin2") whose value names no area

    @property
    def status(self) -> Status:
        return self.resolution.status


@dataclass(frozen=True, slots=True)
class NormalizeSummary:
    """What a run did: rows, per-status counts and every distinct value, ready for review."""

    rows: int  # data records, blank lines not included
    blank_lines: int
    short_rows: int  # fewer fields than the header: padded
    long_rows: int  # more fields than the header: all kept
    columns: tuple[str, ...]  # prefixes of the appended column groups
    header: tuple[str, ...]  # the output header
    country: str | None
    tallies: tuple[ValueTally, ...]  # review order: unmatched, ambiguous, matched, reviewed, empty; by count
    hxl: bool = False  # an HXL hashtag row was under the header (passed through, tags appended)
    unused_decisions: int | None = None  # decisions no value of the table used (None: none were given)
    point_counts: dict[str, int] | None = None  # rows per point status (None: no coordinate columns)

    @property
    def status_counts(self) -> dict[str, int]:
        """Cells per status over every normalised column (every status present)."""
        counts = dict.fromkeys(STATUSES, 0)
        for tally in self.tallies:
            counts[tally.status] += tally.count
        return counts

    @property
    def distinct(self) -> int:
        return len(self.tallies)

    def most_frequent(self, status: Status, limit: int = 10) -> list[ValueTally]:
        return [t for t in self.tallies if t.status == status][:limit]

    def unknown_context(self) -> list[tuple[str, str, int]]:
        """Each context value that names no area of the gazetteer (and so was ignored), as (level,
        value, rows), most frequent first. Counted over the first column's tallies: every
        normalised column of a row shares the row's context."""
        if not self.columns:
            return []
        rows: Counter[tuple[str, str]] = Counter()
        for tally in self.tallies:
            if tally.column == self.columns[0]:
                for level in tally.unknown_context:
                    rows[(level, (tally.admin1 if level == "admin1" else tally.admin2) or "")] += tally.count
        return [(level, value, count) for (level, value), count in rows.most_common()]


def write_report(summary: NormalizeSummary, sink: TextIO, *, delimiter: str = ",") -> None:
    """One CSV row per distinct (column, value, context): its count, status and resolution, and its
    decision: empty for a reviewer to fill, or the decision applied (the place's id, or none)."""
    writer = csv_writer(sink, delimiter=delimiter, lineterminator="\n")
    writer.writerow(REPORT_HEADER)
    for tally in summary.tallies:
        match = tally.resolution.match
        place = match.place if match else None
        runner_up = match.runner_up if match else None
        place_id, name, lat, lon, score, status = _PLACE_CELLS(tally.resolution)
        writer.writerow(
            (
                tally.column,
                tally.value,
                tally.admin1 or "",
                tally.admin2 or "",
                summary.country or "",
                tally.count,
                status,
                place_id,
                name,
                (place.admin1 or "") if place else "",
                lat,
                lon,
                score,
                runner_up.id if runner_up else "",
                runner_up.name if runner_up else "",
                " ".join(tally.unknown_context),
                _decision(tally.resolution),
            )
        )


def _decision(resolution: Resolution) -> str:
    if resolution.status != "reviewed":
        return ""
    return NO_PLACE if resolution.match is None else resolution.match.place.id
