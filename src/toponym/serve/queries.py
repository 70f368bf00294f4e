"""Reading a reconciliation query batch (Reconciliation Service API 0.2) into typed queries.

The checks follow the specification's JSON Schema (``reconciliation-query-batch.json``), field by
field, so that each mistake gets a message that names the query and the field; then our vocabulary
is checked (an unknown type or property id is a mistake in the request, not an empty answer). Values
of properties are never rejected: a blank or unreadable cell in one row must not fail the whole batch
OpenRefine sent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from toponym.serve.errors import RequestError
from toponym.serve.vocabulary import QUERY_PROPERTIES_BY_ID, TYPES_BY_ID, EntityType

MAX_BATCH = 50  # queries in one batch (OpenRefine sends 10 at a time)
DEFAULT_LIMIT = 5
MAX_LIMIT = 25
_FIELDS = ("query", "type", "limit", "properties", "type_strict")
_TYPE_STRICT = ("any", "should", "all")

# A property value as the specification allows it: a string, number, boolean, or an entity
# ({"id": …, "name": …}) reconciled before.
PropertyValue = str | int | float | bool | Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Query:
    """One query of a batch: the name to match (None when only properties are given), the types
    wanted (empty: any), how many candidates, and the property values by property id."""

    text: str | None
    types: tuple[EntityType, ...] = ()
    limit: int = DEFAULT_LIMIT
    properties: tuple[tuple[str, tuple[PropertyValue, ...]], ...] = ()

    def values(self, pid: str) -> tuple[PropertyValue, ...]:
        """Every value given for the property ``pid``, in order."""
        return tuple(value for key, values in self.properties if key == pid for value in values)


def parse_batch_json(text: str) -> dict[str, Query]:
    """A batch from the JSON text of a ``queries`` parameter or request body."""
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise RequestError(f"queries is not valid JSON: {error}") from error
    return parse_batch(raw)


def parse_batch(raw: object) -> dict[str, Query]:
    """A batch from its decoded JSON: an object mapping query ids to queries."""
    if not isinstance(raw, dict):
        raise RequestError(
            f"a query batch is a JSON object of queries by id ({{'q0': {{'query': ...}}}}), not {_kind(raw)}"
        )
    if len(raw) > MAX_BATCH:
        raise RequestError(f"a batch holds at most {MAX_BATCH} queries; this one has {len(raw)}")
    return {str(key): _query(str(key), value) for key, value in raw.items()}


def _query(key: str, raw: object) -> Query:
    if not isinstance(raw, dict):
        raise RequestError(f"query {key!r} is {_kind(raw)}, not an object")
    unknown = [name for name in raw if name not in _FIELDS]
    if unknown:
        raise RequestError(
            f"query {key!r} has an unknown field {unknown[0]!r}; the fields are {', '.join(_FIELDS)}"
        )
    text = raw.get("query")
    if text is not None and not isinstance(text, str):
        raise RequestError(f"query {key!r}: 'query' must be a string, not {_kind(text)}")
    properties = _properties(key, raw.get("properties"))
    if text is None and not properties:
        raise RequestError(f"query {key!r} has neither a 'query' string nor any 'properties'")
    strict = raw.get("type_strict")
    if strict is not None and strict not in _TYPE_STRICT:
        raise RequestError(f"query {key!r}: 'type_strict' must be one of {', '.join(_TYPE_STRICT)}")
    return Query(
        text=(text.strip() or None) if text is not None else None,
        types=_types(key, raw.get("type")),
        limit=_limit(key, raw.get("limit")),
        properties=properties,
    )


def _types(key: str, raw: object) -> tuple[EntityType, ...]:
    if raw is None:
        return ()
    ids = [raw] if isinstance(raw, str) else raw
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise RequestError(f"query {key!r}: 'type' must be a type id or a list of them")
    unknown = [i for i in ids if i not in TYPES_BY_ID]
    if unknown:
        raise RequestError(
            f"query {key!r}: unknown type {unknown[0]!r}; the types are {', '.join(TYPES_BY_ID)}"
        )
    return tuple(TYPES_BY_ID[i] for i in dict.fromkeys(ids))


def _limit(key: str, raw: object) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 1:
        raise RequestError(f"query {key!r}: 'limit' must be a positive number")
    return min(int(raw), MAX_LIMIT)


def _properties(key: str, raw: object) -> tuple[tuple[str, tuple[PropertyValue, ...]], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise RequestError(f"query {key!r}: 'properties' must be a list of {{'pid', 'v'}} objects")
    parsed = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("pid"), str) or "v" not in item:
            raise RequestError(f"query {key!r}: each property is an object with a 'pid' string and a 'v'")
        pid = item["pid"]
        if pid not in QUERY_PROPERTIES_BY_ID:
            raise RequestError(
                f"query {key!r}: unknown property {pid!r}; the properties are {', '.join(QUERY_PROPERTIES_BY_ID)}"
            )
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        if not all(_is_value(value) for value in values):
            raise RequestError(
                f"query {key!r}: the value of {pid!r} must be a string, number, boolean or "
                "an {'id': ...} object, or a list of them"
            )
        parsed.append((pid, tuple(values)))
    return tuple(parsed)


def _is_value(value: object) -> bool:
    if isinstance(value, dict):
        return isinstance(value.get("id"), str)
    return isinstance(value, str | int | float | bool)


def _kind(value: object) -> str:
    """How JSON would call this value, for messages ("a list", "a string")."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
