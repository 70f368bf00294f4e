"""Resolving values in bulk: what a cell resolved to (``Resolution``), a per-run cache of distinct
values (``CachedResolver``), and the two in-memory entry points, ``resolve_values`` (any iterable)
and ``normalize_dataframe`` (a pandas DataFrame).

Values repeat in real tables (one town, thousands of events), so each distinct (value, context) is
resolved once and cached.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, repeat
from typing import TYPE_CHECKING, Literal

from toponym.gazetteer import AdminLevel, Gazetteer
from toponym.loader import load
from toponym.models import Match
from toponym.resolve.context import country_code
from toponym.tabular.errors import ColumnNotFound

if TYPE_CHECKING:
    import pandas

Status = Literal["matched", "ambiguous", "unmatched", "empty"]
STATUSES: tuple[Status, ...] = ("matched", "ambiguous", "unmatched", "empty")


# -- one value -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Resolution:
    """What one cell resolved to: its status and, unless unmatched or empty, the match."""

    status: Status
    match: Match | None = None

    @classmethod
    def of(cls, match: Match | None) -> Resolution:
        """The resolution of a non-blank value: matched, ambiguous (a close runner-up) or unmatched."""
        if match is None:
            return cls("unmatched")
        return cls("ambiguous" if match.ambiguous else "matched", match)

    def cells(self) -> tuple[str, str, str, str, str, str]:
        """The six appended CSV fields: id, name, lat, lon, score, status ("" where unknown)."""
        if self.match is None:
            return ("", "", "", "", "", self.status)
        place = self.match.place
        return (
            place.id,
            place.name,
            _format_degrees(place.lat),
            _format_degrees(place.lon),
            f"{self.match.score:.1f}",
            self.status,
        )


EMPTY = Resolution("empty")  # a blank cell: nothing to resolve
_LEVELS: tuple[AdminLevel, AdminLevel] = ("admin1", "admin2")


def _format_degrees(value: float | None) -> str:
    # Six decimals is ~10 cm: more would be noise, and fixed-point never prints 1e-05.
    return "" if value is None else f"{value:.6f}"


class CachedResolver:
    """Resolves values through a gazetteer once per distinct (value, admin1, admin2).

    Values are compared up to case and runs of white space ("ALEPPO", " Aleppo ", "aleppo"), which
    the matcher's keys fold anyway: the first spelling seen is resolved, the others reuse its result.
    ``country`` is checked at once (an ISO code or name, kept as alpha-2: ``InvalidOption`` if unknown).
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, country: str | None = None) -> None:
        self._gazetteer = gazetteer
        given = blank_to_none(country)
        self.country = country_code(given) if given else None
        self._cache: dict[tuple[str, str, str], Resolution] = {}
        self._areas: dict[tuple[AdminLevel, str], bool] = {}

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:  # loaded on first use: no cost for an empty or invalid input
            self._gazetteer = load()
        return self._gazetteer

    def __len__(self) -> int:
        """How many distinct (value, admin1, admin2) were resolved."""
        return len(self._cache)

    def resolve(self, value: object, admin1: object = None, admin2: object = None) -> Resolution:
        texts = (cell_text(value), cell_text(admin1), cell_text(admin2))
        key = (_fold(texts[0]), _fold(texts[1]), _fold(texts[2]))
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._resolve(*(text.strip() or None for text in texts))
        return cached

    def unknown_context(self, admin1: object = None, admin2: object = None) -> tuple[AdminLevel, ...]:
        """The context levels ("admin1", "admin2") whose value names no area of the gazetteer, and so
        is ignored by the matcher (blank values name nothing and are not listed)."""
        unknown: list[AdminLevel] = []
        for level, value in zip(_LEVELS, (admin1, admin2), strict=True):
            text = blank_to_none(value)
            if text is None:
                continue
            key = (level, _fold(text))
            if key not in self._areas:
                self._areas[key] = self.gazetteer.area(text, level) is not None
            if not self._areas[key]:
                unknown.append(level)
        return tuple(unknown)

    def _resolve(self, value: str | None, admin1: str | None, admin2: str | None) -> Resolution:
        if value is None:
            return EMPTY
        return Resolution.of(
            self.gazetteer.resolve(value, admin1=admin1, admin2=admin2, country=self.country)
        )


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def cell_text(value: object) -> str:
    """A cell as text: None and NaN (pandas' missing value) are empty; numbers become their str."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value if isinstance(value, str) else str(value)


def blank_to_none(value: object) -> str | None:
    """A cell as stripped text, or None if it is blank or missing (a context column left empty)."""
    return cell_text(value).strip() or None


def resolve_values(
    values: Iterable[object],
    *,
    gazetteer: Gazetteer | None = None,
    admin1: str | Iterable[object] | None = None,
    admin2: str | Iterable[object] | None = None,
    country: str | None = None,
) -> Iterator[Resolution]:
    """Resolve each value, lazily and in order, each distinct (value, admin1, admin2) only once.

    ``admin1``/``admin2`` are either one string for every value or an iterable as long as ``values``
    (one context per value). ``None``, NaN and blank values give status ``empty``.
    """
    resolver = CachedResolver(gazetteer, country=country)
    admin1s = _per_value(admin1, "admin1")
    admin2s = _per_value(admin2, "admin2")
    for value in values:
        yield resolver.resolve(value, next(admin1s), next(admin2s))


def _per_value(context: str | Iterable[object] | None, name: str) -> Iterator[object]:
    """One context per value: a constant repeated, or the given iterable (which must be long enough)."""
    if context is None or isinstance(context, str):
        return repeat(context)
    return chain(context, _exhausted(name))


def _exhausted(name: str) -> Iterator[object]:
    raise ValueError(f"{name} has fewer items than values")
    yield  # a generator, so that the error comes when the values outnumber the contexts


# -- pandas --------------------------------------------------------------------------------------


def normalize_dataframe(
    frame: pandas.DataFrame,
    column: str,
    *,
    admin1_column: str | None = None,
    admin2_column: str | None = None,
    country: str | None = None,
    gazetteer: Gazetteer | None = None,
    prefix: str | None = None,
) -> pandas.DataFrame:
    """A copy of ``frame`` with ``{prefix}_id, _name, _lat, _lon, _score, _status`` appended
    (``prefix`` defaults to ``column``; existing columns of those names are replaced).

    Needs pandas (``pip install 'toponym[pandas]'``). lat, lon and score are floats (NaN where unknown).
    """
    try:
        import pandas as pd
    except ImportError as error:
        raise ImportError("normalize_dataframe needs pandas: pip install 'toponym[pandas]'") from error
    for name in (column, admin1_column, admin2_column):
        if name is not None and name not in frame.columns:
            raise ColumnNotFound(
                f"column {name!r} not found; columns are: {', '.join(map(str, frame.columns))}"
            )

    def cleaned(name: str | None) -> list[object] | None:
        # pd.NA and NaT cannot be compared; turn every kind of missing value into None first.
        return None if name is None else frame[name].astype(object).where(frame[name].notna(), None).tolist()

    resolutions = list(
        resolve_values(
            cleaned(column) or [],
            gazetteer=gazetteer,
            admin1=cleaned(admin1_column),
            admin2=cleaned(admin2_column),
            country=country,
        )
    )
    matches = [r.match for r in resolutions]
    nan = float("nan")
    prefix = column if prefix is None else prefix
    new_columns = {
        f"{prefix}_id": [m.place.id if m else None for m in matches],
        f"{prefix}_name": [m.place.name if m else None for m in matches],
        f"{prefix}_lat": [m.place.lat if m and m.place.lat is not None else nan for m in matches],
        f"{prefix}_lon": [m.place.lon if m and m.place.lon is not None else nan for m in matches],
        f"{prefix}_score": [m.score if m else nan for m in matches],
        f"{prefix}_status": [r.status for r in resolutions],
    }
    return frame.assign(**{name: pd.Series(data, index=frame.index) for name, data in new_columns.items()})
