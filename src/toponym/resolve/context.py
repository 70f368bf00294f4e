"""What a caller knows about where a place is: the context of a query."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Context:
    """What the caller knows about where the place is; any field may be None."""

    admin1: str | None = None  # the governorate, in any spelling
    admin2: str | None = None  # the district, in any spelling
    country: str | None = None  # ISO 3166-1 alpha-2
    kind: str | None = None  # one of ``toponym.models.PLACE_KINDS``
