"""Resolving values in bulk: a per-run cache of distinct values (``CachedResolver``), and the two
in-memory entry points, ``resolve_values`` (any iterable) and ``normalize_dataframe`` (a pandas
DataFrame). What a value resolved to is a ``Resolution`` (``toponym.tabular.resolution``).

Values repeat in real tables (one town, thousands of events), so each distinct (value, context) is
resolved once and cached. Reviewed decisions (``toponym.tabular.decisions``) are applied first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, repeat
from typing import TYPE_CHECKING

from toponym.gazetteer import AdminLevel, Gazetteer
from toponym.loader import load
from toponym.resolve.context import country_code
from toponym.tabular.columns import DEFAULT_FIELDS, check_fields, result_columns
from toponym.tabular.decisions import Decisions, DecisionsSource, decisions_from
from toponym.tabular.errors import ColumnNotFound
from toponym.tabular.resolution import EMPTY, Resolution, blank_to_none, cell_key

if TYPE_CHECKING:
    import pandas

_LEVELS: tuple[AdminLevel, AdminLevel] = ("admin1", "admin2")


class CachedResolver:
    """Resolves values through a gazetteer once per distinct (value, admin1, admin2).

    Values are compared by ``cell_key``, up to case and runs of white space ("ALEPPO", " Aleppo ",
    "aleppo"), which the matcher's keys fold anyway: the first spelling seen is resolved, the others
    reuse its result. ``country`` is checked at once (an ISO code or name, kept as alpha-2:
    ``InvalidOption`` if unknown). ``decisions`` (a ``Decisions``, a review table's path or a mapping:
    ``decisions_from``; reviewed, status ``reviewed``) are applied before
    matching; their ids are checked against the gazetteer at once (``InputError`` if unknown).
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        country: str | None = None,
        decisions: DecisionsSource | None = None,
    ) -> None:
        self._gazetteer = gazetteer
        given = blank_to_none(country)
        self.country = country_code(given) if given else None
        self.decisions: Decisions | None = None if decisions is None else decisions_from(decisions)
        if self.decisions is not None:
            self.decisions.bind(self.gazetteer)  # every id checked before the first value is resolved
        self._cache: dict[tuple[str, str, str], Resolution] = {}
        self._areas: dict[tuple[AdminLevel, str], bool] = {}

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:  # loaded on first use: no cost for an empty or invalid input
            self._gazetteer = load()
        return self._gazetteer

    def __len__(self) -> int:
        """How many distinct (value, admin1, admin2) were resolved (reviewed ones not included)."""
        return len(self._cache)

    def resolve(
        self, value: object, admin1: object = None, admin2: object = None, *, column: str | None = None
    ) -> Resolution:
        """The resolution of a value in its context; ``column`` (the column it comes from, if any)
        chooses among reviewed decisions that differ by column."""
        key = (cell_key(value), cell_key(admin1), cell_key(admin2))
        if self.decisions is not None:
            reviewed = self.decisions.get(column, key)
            if reviewed is not None:
                return reviewed
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._resolve(
                blank_to_none(value), blank_to_none(admin1), blank_to_none(admin2)
            )
        return cached

    def unknown_context(self, admin1: object = None, admin2: object = None) -> tuple[AdminLevel, ...]:
        """The context levels ("admin1", "admin2") whose value names no area of the gazetteer, and so
        is ignored by the matcher (blank values name nothing and are not listed)."""
        unknown: list[AdminLevel] = []
        for level, value in zip(_LEVELS, (admin1, admin2), strict=True):
            text = blank_to_none(value)
            if text is None:
                continue
            key = (level, cell_key(text))
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


def resolve_values(
    values: Iterable[object],
    *,
    gazetteer: Gazetteer | None = None,
    admin1: str | Iterable[object] | None = None,
    admin2: str | Iterable[object] | None = None,
    country: str | None = None,
    decisions: DecisionsSource | None = None,
) -> Iterator[Resolution]:
    """Resolve each value, lazily and in order, each distinct (value, admin1, admin2) only once.

    ``admin1``/``admin2`` are either one string for every value or an iterable as long as ``values``
    (one context per value). ``None``, NaN and blank values give status ``empty``. ``decisions`` (a
    review table's path, a mapping or a ``Decisions``: see ``toponym.tabular.decisions``) are applied
    first, with status ``reviewed``; pass a ``Decisions`` to read its ``unused`` count afterwards.
    """
    resolver = CachedResolver(gazetteer, country=country, decisions=decisions)
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


def require_columns(available: Sequence[object], *names: str | None) -> None:
    """``ColumnNotFound`` for the first of ``names`` (None: not asked for) a frame does not have."""
    for name in names:
        if name is not None and name not in available:
            raise ColumnNotFound(f"column {name!r} not found; columns are: {', '.join(map(str, available))}")


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
    fields: Sequence[str] = DEFAULT_FIELDS,
    decisions: DecisionsSource | None = None,
) -> pandas.DataFrame:
    """A copy of ``frame`` with ``{prefix}_id, _name, _lat, _lon, _score, _status`` (or the chosen
    ``fields``, in their order: ``toponym.tabular.FIELDS``) appended (``prefix`` defaults to
    ``column``; existing columns of those names are replaced). ``decisions`` as for ``resolve_values``,
    a decision for a column of the review table applying to the column of that name here.

    Needs pandas (``pip install 'toponym[pandas]'``). lat, lon and score are floats (NaN where unknown).
    """
    try:
        import pandas  # noqa: F401
    except ImportError as error:
        raise ImportError("normalize_dataframe needs pandas: pip install 'toponym[pandas]'") from error
    chosen = check_fields(fields)
    require_columns(frame.columns, column, admin1_column, admin2_column)

    def cleaned(name: str | None) -> list[object]:
        # pd.NA and NaT cannot be compared; turn every kind of missing value into None first.
        if name is None:
            return [None] * len(frame)
        return frame[name].astype(object).where(frame[name].notna(), None).tolist()

    resolver = CachedResolver(gazetteer, country=country, decisions=decisions)
    resolutions = [
        resolver.resolve(value, admin1, admin2, column=column)
        for value, admin1, admin2 in zip(
            cleaned(column), cleaned(admin1_column), cleaned(admin2_column), strict=True
        )
    ]
    prefix = column if prefix is None else prefix
    return frame.assign(**result_columns(resolutions, prefix=prefix, fields=chosen, index=frame.index))
