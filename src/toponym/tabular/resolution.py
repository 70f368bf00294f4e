"""What one cell resolved to (``Resolution``, its ``Status``), and how cells are compared (``cell_key``).

The bottom of ``toponym.tabular``: the resolver, the reviewed decisions, the result fields and the
report all speak of resolutions, and all compare cells the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from toponym.models import Match

Status = Literal["matched", "ambiguous", "unmatched", "reviewed", "empty"]
STATUSES: tuple[Status, ...] = ("matched", "ambiguous", "unmatched", "reviewed", "empty")


@dataclass(frozen=True, slots=True)
class Resolution:
    """What one cell resolved to: its status and, unless unmatched or empty, the match.

    ``reviewed``: a person decided (``--decisions``), with the place they chose, or no place for a
    decision of ``none``."""

    status: Status
    match: Match | None = None

    @classmethod
    def of(cls, match: Match | None) -> Resolution:
        """The resolution of a non-blank value: matched, ambiguous (a close runner-up) or unmatched."""
        if match is None:
            return cls("unmatched")
        return cls("ambiguous" if match.ambiguous else "matched", match)


EMPTY = Resolution("empty")  # a blank cell: nothing to resolve


def cell_text(value: object) -> str:
    """A cell as text: None and NaN (pandas' missing value) are empty; numbers become their str."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value if isinstance(value, str) else str(value)


def blank_to_none(value: object) -> str | None:
    """A cell as stripped text, or None if it is blank or missing (a context column left empty)."""
    return cell_text(value).strip() or None


def cell_key(value: object) -> str:
    """A cell as the resolver compares it: up to case and runs of white space ("ALEPPO", " Aleppo ",
    "aleppo" are one value), which the matcher's keys fold anyway; blank and missing are ""."""
    return " ".join(cell_text(value).split()).casefold()
