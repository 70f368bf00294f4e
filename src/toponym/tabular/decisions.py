"""Reviewed decisions that stick: a person's choice of place for a (value, context), applied before
matching (``Decisions``).

The review table of a run (``--report``) has a ``decision`` column; a reviewer fills it with a place id
(any scheme: ``geonames:170063``, ``ocha:C4268``, a bare P-code ``SY0705`` or ``C4268``) or ``none``
(no place), and the next run reads the file back (``--decisions``). Decisions are keyed by (value,
admin1, admin2) compared as the resolver compares cells (``cell_key``: case and runs of white space),
and by column too when the review table holds several columns. A blank decision is not a decision
(not reviewed yet). Every id is checked against the gazetteer before anything is resolved: an
unknown one is an ``InputError`` naming its line.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from toponym.errors import InputError
from toponym.models import Match
from toponym.tabular.resolution import Resolution, cell_key

if TYPE_CHECKING:
    from toponym.gazetteer import Gazetteer

DECISION_COLUMNS = ("value", "admin1", "admin2", "decision")  # needed; "column" is read when present
NO_PLACE = "none"
REVIEWED_SCORE = 100.0  # a person chose the place: as sure as we get
_DELIMITERS = (",", "\t", ";")  # a review table saved back by Excel may use its locale's separator

Key = tuple[str, str, str]  # (value, admin1, admin2), each as cell_key folds it
# A mapping's key: the value alone, or (value, admin1, admin2); its item: a place id or "none".
DecisionMapping = Mapping[str | tuple[object, ...], str | None]


@dataclass(frozen=True, slots=True)
class Decision:
    """One reviewed (value, context): the id or ``none`` a person wrote, and where they wrote it."""

    where: str  # "review.csv line 4", for messages
    column: str  # the column it applies to, or "" for every column
    key: Key
    value: str  # the value as written, for messages
    text: str  # the decision as written: a place id or "none"


class Decisions:
    """Reviewed decisions, looked up by (column, value, admin1, admin2) before anything is matched.

    ``read`` a review table, or build them ``from_mapping``. ``bind`` checks every id against a
    gazetteer (the resolver does it before the first value); ``get`` gives a decision's resolution
    (status ``reviewed``) and remembers that it was used; ``unused`` counts the decisions no value has
    used since they were made (values absent from the table: worth knowing, not an error).
    """

    def __init__(self, decisions: Iterable[Decision]) -> None:
        self._by_key: dict[Key, dict[str, Decision]] = {}
        self._repeated: list[tuple[Decision, Decision]] = []  # (kept, repeat): checked alike by bind
        for decision in decisions:
            by_column = self._by_key.setdefault(decision.key, {})
            earlier = by_column.setdefault(decision.column, decision)
            if earlier is not decision:
                self._repeated.append((earlier, decision))
        self._resolutions: dict[Decision, Resolution] = {}
        self._gazetteer: Gazetteer | None = None
        self._used: set[Decision] = set()

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Decisions:
        """The filled decisions of a review table (CSV, or TSV if it ends in .tsv; UTF-8)."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise InputError(
                f"the decisions file {path} is not valid UTF-8 (byte {error.start}): save it as CSV UTF-8"
            ) from error
        records = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(path, text))
        header = [name.strip().casefold() for name in next(records, [])]
        missing = [name for name in DECISION_COLUMNS if name not in header]
        if missing:
            raise InputError(
                f"the decisions file {path} has no column {', '.join(map(repr, missing))}: it needs "
                f"{', '.join(DECISION_COLUMNS)} (a --report table with its decision column filled)"
            )
        at = {name: header.index(name) for name in (*DECISION_COLUMNS, "column") if name in header}
        rows = []
        line = records.line_num + 1
        for record in records:
            cells = {name: record[i].strip() if i < len(record) else "" for name, i in at.items()}
            rows.append((line, cells))
            line = records.line_num + 1
        # The column counts only when the table holds several: a renamed header must not orphan them.
        several = len({cells.get("column", "") for _, cells in rows} - {""}) > 1
        return cls(
            Decision(
                where=f"{path} line {number}",
                column=cells.get("column", "") if several else "",
                key=(cell_key(cells["value"]), cell_key(cells["admin1"]), cell_key(cells["admin2"])),
                value=cells["value"],
                text=cells["decision"],
            )
            for number, cells in rows
            if cells["decision"]
        )

    @classmethod
    def from_mapping(cls, mapping: DecisionMapping) -> Decisions:
        """Decisions from ``{value: id}`` or ``{(value, admin1, admin2): id}``; ``None`` or "none" is
        no place, a blank id is no decision."""
        decisions = []
        for key, text in mapping.items():
            parts = (key,) if isinstance(key, str) else tuple(key)
            if not 1 <= len(parts) <= 3:
                raise InputError(f"a decision's key is a value or (value, admin1, admin2), not {key!r}")
            value, admin1, admin2 = (*parts, None, None)[:3]
            decision = NO_PLACE if text is None else str(text).strip()
            if decision:
                folded = (cell_key(value), cell_key(admin1), cell_key(admin2))
                decisions.append(Decision(f"the decision for {key!r}", "", folded, str(value), decision))
        return cls(decisions)

    def __len__(self) -> int:
        return sum(len(by_column) for by_column in self._by_key.values())

    def bind(self, gazetteer: Gazetteer) -> None:
        """Find every decision's place in ``gazetteer``: ``InputError`` naming the first unknown id, or
        two lines deciding the same (column, value, context) for different places."""
        if gazetteer is self._gazetteer:
            return
        resolutions = {}
        for by_column in self._by_key.values():
            for decision in by_column.values():
                resolutions[decision] = _resolution(decision, gazetteer)
        for kept, repeat in self._repeated:
            if _place_id(_resolution(repeat, gazetteer)) != _place_id(resolutions[kept]):
                raise InputError(
                    f"{repeat.where}: the decision {repeat.text!r} for {repeat.value!r} contradicts "
                    f"{kept.text!r} at {kept.where}; keep one"
                )
        self._resolutions, self._gazetteer = resolutions, gazetteer

    def get(self, column: str | None, key: Key) -> Resolution | None:
        """The reviewed resolution of ``key`` (folded by ``cell_key``) in ``column``, or None.

        A decision for the column wins over one for every column. Without a column (values that come
        from no column), a key decided alike in every column has that decision; decided differently,
        it is an ``InputError``. Call ``bind`` first."""
        by_column = self._by_key.get(key)
        if not by_column:
            return None
        if column is not None:
            decision = by_column.get(column) or by_column.get("")
        else:
            decision = by_column.get("")
            if decision is None:
                if len({_place_id(self._resolutions[d]) for d in by_column.values()}) > 1:
                    places = "; ".join(f"{d.text!r} in {d.column} ({d.where})" for d in by_column.values())
                    raise InputError(f"the decisions for {key[0]!r} differ between columns: {places}")
                decision = next(iter(by_column.values()))
        if decision is None:
            return None
        self._used.add(decision)
        return self._resolutions[decision]

    @property
    def unused(self) -> int:
        """How many decisions no ``get`` has used."""
        return len(self) - len(self._used)


DecisionsSource = Decisions | str | os.PathLike[str] | DecisionMapping


def decisions_from(source: DecisionsSource) -> Decisions:
    """A ``Decisions`` as given, read from a review table's path, or built from a mapping."""
    if isinstance(source, Decisions):
        return source
    if isinstance(source, (str, os.PathLike)):
        return Decisions.read(source)
    if isinstance(source, Mapping):
        return Decisions.from_mapping(source)
    raise TypeError(f"decisions are a review table's path or a mapping, not {type(source).__name__}")


def _resolution(decision: Decision, gazetteer: Gazetteer) -> Resolution:
    if decision.text.casefold() == NO_PLACE:
        return Resolution("reviewed")
    place = gazetteer.get(decision.text)  # any scheme, and a bare P-code
    if place is None:
        raise InputError(
            f"{decision.where}: the decision {decision.text!r} (for {decision.value!r}) names no place of "
            "the gazetteer; write a place id (geonames:170063, ocha:C4268, SY0705) or none"
        )
    return Resolution("reviewed", Match(place, REVIEWED_SCORE, place.name, query=decision.value))


def _place_id(resolution: Resolution) -> str | None:
    return None if resolution.match is None else resolution.match.place.id


def _delimiter(path: Path, text: str) -> str:
    if path.suffix.casefold() == ".tsv":
        return "\t"
    first_line = text.split("\n", 1)[0]
    return max(_DELIMITERS, key=first_line.count)
