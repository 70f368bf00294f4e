"""The Reconciliation Service API 0.2's JSON Schemas and examples, read from ../shared, and a check
that an instance conforms (every ``$ref`` resolved within the published schemas, Swagger's included)."""

from __future__ import annotations

import json

from conftest import SHARED_DIR
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SPEC = SHARED_DIR / "reconciliation-api-0.2"
EXAMPLES = SPEC / "examples"
SCHEMAS: dict[str, dict] = {
    path.stem: json.loads(path.read_text()) for path in (SPEC / "schemas").glob("*.json")
}
REGISTRY = Registry().with_resources(
    (schema["$id"].rstrip("#"), Resource.from_contents(schema, default_specification=DRAFT7))
    for schema in SCHEMAS.values()
)


def conforms(name: str, instance: object) -> None:
    """Fail with the schema's first complaint unless ``instance`` is valid under schema ``name``."""
    errors = sorted(Draft7Validator(SCHEMAS[name], registry=REGISTRY).iter_errors(instance), key=str)
    assert not errors, f"{name}: {errors[0].message} at {list(errors[0].absolute_path)}"
