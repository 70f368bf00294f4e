"""The service manifest (``GET /reconcile``): what OpenRefine reads when the service is added.

URLs in it are absolute and made from the address the request came to, so the manifest is right
whichever host name or port the user reached the service by.
"""

from __future__ import annotations

from typing import Any

from toponym._version import __version__
from toponym.serve.cards import PREVIEW_HEIGHT, PREVIEW_WIDTH
from toponym.serve.vocabulary import TYPES

# Identifiers are toponym's canonical place ids (geonames:173576, ocha:C3480…), named by this URI.
IDENTIFIER_SPACE = "urn:toponym:place"
SCHEMA_SPACE = "urn:toponym:schema"


def manifest(base_url: str) -> dict[str, Any]:
    """The manifest, with every service URL under ``base_url`` (``http://127.0.0.1:8000``)."""
    base = base_url.rstrip("/")
    suggest = {"service_url": base}
    return {
        "versions": ["0.2"],
        "name": "toponym: Syrian places",
        "identifierSpace": IDENTIFIER_SPACE,
        "schemaSpace": SCHEMA_SPACE,
        "serviceVersion": __version__,
        "defaultTypes": [t.ref() for t in TYPES],
        "view": {"url": f"{base}/place/{{{{id}}}}"},
        "preview": {
            "url": f"{base}/reconcile/preview?id={{{{id}}}}",
            "width": PREVIEW_WIDTH,
            "height": PREVIEW_HEIGHT,
        },
        "suggest": {
            "entity": {**suggest, "service_path": "/reconcile/suggest/entity"},
            "type": {**suggest, "service_path": "/reconcile/suggest/type"},
            "property": {**suggest, "service_path": "/reconcile/suggest/property"},
        },
        "extend": {"propose_properties": {**suggest, "service_path": "/reconcile/propose_properties"}},
    }
