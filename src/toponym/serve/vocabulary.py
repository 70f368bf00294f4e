"""What the reconciliation service speaks of: its entity types and the properties a query may give.

Types group the gazetteer's kinds of place the way a person reconciling a column thinks of them (a
"settlement" is a city, a town or a village). Property values are read as ``Gazetteer.resolve`` reads
its context: a governorate or district in any spelling, a country by ISO code or name, a kind.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EntityType:
    id: str
    name: str
    kinds: frozenset[str]  # the gazetteer kinds (``toponym.models.PLACE_KINDS``) of this type
    description: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "description": self.description}

    def ref(self) -> dict[str, str]:
        """The type as it appears on a candidate or a suggestion: id and name only."""
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True, slots=True)
class Property:
    id: str
    name: str
    description: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "description": self.description}


TYPES: tuple[EntityType, ...] = (
    EntityType(
        "settlement",
        "Settlement",
        frozenset({"city", "town", "village", "locality"}),
        "a city, town or village (or a smaller locality: a farm, a hamlet, an abandoned site)",
    ),
    EntityType("neighbourhood", "Neighbourhood", frozenset({"neighbourhood"}), "a part of a city"),
    EntityType(
        "governorate", "Governorate", frozenset({"governorate"}), "a first-level division (muhafazah)"
    ),
    EntityType("district", "District", frozenset({"district"}), "a second-level division (mantiqah)"),
    EntityType("subdistrict", "Subdistrict", frozenset({"subdistrict"}), "a third-level division (nahiyah)"),
    EntityType("country", "Country", frozenset({"country"}), "a country"),
    EntityType(
        "area",
        "Area or natural feature",
        frozenset({"region", "mountain", "plain", "valley"}),
        "a region, mountain, plain or valley",
    ),
)
TYPES_BY_ID: dict[str, EntityType] = {entity_type.id: entity_type for entity_type in TYPES}
TYPE_OF_KIND: dict[str, EntityType] = {kind: t for t in TYPES for kind in t.kinds}

# The properties a reconciliation query may carry to narrow its candidates (pid -> meaning).
QUERY_PROPERTIES: tuple[Property, ...] = (
    Property(
        "governorate", "Governorate", "the governorate, in any spelling (Idleb, Rural Damascus, ريف دمشق)"
    ),
    Property("district", "District", "the district, in any spelling"),
    Property("country", "Country", "ISO 3166-1 code (SY, TR) or a country's name"),
    Property("kind", "Kind of place", "city, town, village, governorate, district, neighbourhood, …"),
)
QUERY_PROPERTIES_BY_ID: dict[str, Property] = {p.id: p for p in QUERY_PROPERTIES}


def type_of(kind: str) -> EntityType:
    """The reconciliation type of a gazetteer kind (an unlisted kind counts as an area)."""
    return TYPE_OF_KIND.get(kind, TYPES_BY_ID["area"])
