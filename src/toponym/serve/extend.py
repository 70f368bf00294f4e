"""Data extension: the columns OpenRefine can add from reconciled places ("Add columns from
reconciled values"), and the property proposals it lists for a type.

Each property is a row of ``EXTENSION_PROPERTIES``: its id, name, description and how its values are
read from a place. The governorate and district come back as entities (id and name), so the new column
is itself reconciled; everything else as strings, numbers or integers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from toponym.gazetteer import Gazetteer
from toponym.models import Place
from toponym.serve.admin import AdminChain, scheme_ids
from toponym.serve.errors import RequestError
from toponym.serve.queries import MAX_BATCH
from toponym.serve.vocabulary import TYPES_BY_ID, Property

Value = dict[str, Any]  # {"str": …}, {"float": …}, {"int": …} or {"id": …, "name": …}
MAX_IDS = MAX_BATCH * 10  # OpenRefine asks for the rows of one batch at a time


@dataclass(frozen=True, slots=True)
class ExtensionProperty:
    property: Property
    values: Callable[[Place, AdminChain], list[Value]]
    entity_type: str | None = None  # the type of the entities the values are, for the response's meta


def _text(value: str | None) -> list[Value]:
    return [{"str": value}] if value else []


def _entity(place: Place | None) -> list[Value]:
    return [{"id": place.id, "name": place.name}] if place is not None else []


def _ids(scheme: str) -> Callable[[Place, AdminChain], list[Value]]:
    return lambda place, _chain: [{"str": value} for value in scheme_ids(place, scheme)]


def _admin_pcode(level: str) -> Callable[[Place, AdminChain], list[Value]]:
    def values(place: Place, chain: AdminChain) -> list[Value]:
        unit = getattr(chain.of(place), level)
        return _text(unit.pcode) if unit is not None else []

    return values


EXTENSION_PROPERTIES: tuple[ExtensionProperty, ...] = (
    ExtensionProperty(
        Property("lat", "Latitude", "WGS84 degrees"),
        lambda p, _c: [{"float": p.lat}] if p.lat is not None else [],
    ),
    ExtensionProperty(
        Property("lon", "Longitude", "WGS84 degrees"),
        lambda p, _c: [{"float": p.lon}] if p.lon is not None else [],
    ),
    ExtensionProperty(
        Property("name_ar", "Arabic name", "the preferred Arabic name"), lambda p, _c: _text(p.name_ar)
    ),
    ExtensionProperty(
        Property("kind", "Kind of place", "city, town, village, …"), lambda p, _c: _text(p.kind)
    ),
    ExtensionProperty(
        Property("governorate", "Governorate", "the governorate the place lies in, as a reconciled place"),
        lambda p, c: _entity(c.of(p).governorate),
        "governorate",
    ),
    ExtensionProperty(
        Property("district", "District", "the district the place lies in, as a reconciled place"),
        lambda p, c: _entity(c.of(p).district),
        "district",
    ),
    ExtensionProperty(Property("country", "Country", "ISO 3166-1 code"), lambda p, _c: _text(p.country)),
    ExtensionProperty(
        Property("pcode", "P-code", "the place's own OCHA P-code"), lambda p, _c: _text(p.pcode)
    ),
    ExtensionProperty(
        Property("governorate_pcode", "Governorate P-code", "OCHA P-code of the governorate (SY07)"),
        _admin_pcode("governorate"),
    ),
    ExtensionProperty(
        Property("district_pcode", "District P-code", "OCHA P-code of the district (SY0700)"),
        _admin_pcode("district"),
    ),
    ExtensionProperty(
        Property("geonames", "GeoNames id", "every GeoNames id of the place"), _ids("geonames")
    ),
    ExtensionProperty(Property("ocha", "OCHA ids", "every OCHA P-code the place carries"), _ids("ocha")),
    ExtensionProperty(Property("wof", "Who's On First ids", "every WOF record of the place"), _ids("wof")),
    ExtensionProperty(Property("wikidata", "Wikidata id", "Q-number"), _ids("wikidata")),
    ExtensionProperty(Property("opensyria", "OpenSyria id", "OpenSyria's id"), _ids("opensyria")),
    ExtensionProperty(Property("iso", "ISO 3166 code", "for countries and governorates"), _ids("iso")),
    ExtensionProperty(
        Property("population", "Population", "where a source gives it"),
        lambda p, _c: [{"int": p.population}] if p.population is not None else [],
    ),
)
EXTENSION_BY_ID: dict[str, ExtensionProperty] = {e.property.id: e for e in EXTENSION_PROPERTIES}


def parse_extension(raw: object) -> tuple[list[str], list[ExtensionProperty]]:
    """The ids and properties of a data extension query (``data-extension-query.json``)."""
    if not isinstance(raw, dict):
        raise RequestError("a data extension query is an object with 'ids' and 'properties'")
    ids, properties = raw.get("ids"), raw.get("properties")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise RequestError("extend: 'ids' must be a list of place ids")
    if len(ids) > MAX_IDS:
        raise RequestError(f"extend: at most {MAX_IDS} ids at a time; this query has {len(ids)}")
    if not isinstance(properties, list) or not all(
        isinstance(p, dict) and isinstance(p.get("id"), str) for p in properties
    ):
        raise RequestError("extend: 'properties' must be a list of {'id': ...} objects")
    unknown = [p["id"] for p in properties if p["id"] not in EXTENSION_BY_ID]
    if unknown:
        raise RequestError(
            f"extend: unknown property {unknown[0]!r}; the properties are {', '.join(EXTENSION_BY_ID)}"
        )
    return ids, [EXTENSION_BY_ID[p["id"]] for p in properties]


def extend(
    gazetteer: Gazetteer, chain: AdminChain, ids: Sequence[str], properties: Sequence[ExtensionProperty]
) -> dict[str, Any]:
    """The data extension response: each property's values for each id (none for an unknown id)."""
    rows: dict[str, dict[str, list[Value]]] = {}
    for place_id in ids:
        place = gazetteer.get(place_id)
        rows[place_id] = {
            e.property.id: (e.values(place, chain) if place is not None else []) for e in properties
        }
    return {"meta": [_meta(e) for e in properties], "rows": rows}


def _meta(extension: ExtensionProperty) -> dict[str, Any]:
    meta: dict[str, Any] = {"id": extension.property.id, "name": extension.property.name}
    if extension.entity_type is not None:
        meta["type"] = TYPES_BY_ID[extension.entity_type].ref()
    return meta


def propose_properties(type_id: str | None, limit: int | None) -> dict[str, Any]:
    """The properties OpenRefine offers in "Add columns from reconciled values" (every type has all)."""
    if type_id is not None and type_id not in TYPES_BY_ID:
        raise RequestError(f"unknown type {type_id!r}; the types are {', '.join(TYPES_BY_ID)}")
    properties = [e.property.to_dict() for e in EXTENSION_PROPERTIES][: limit or None]
    proposal: dict[str, Any] = {"properties": properties}
    if type_id is not None:
        proposal["type"] = type_id
    if limit is not None:
        proposal["limit"] = limit
    return proposal
