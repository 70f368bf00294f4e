"""A place as a small HTML card: names in both scripts, the admin chain with P-codes, coordinates,
ids and a mini map. It is the reconciliation preview (OpenRefine shows it in a 400×220 frame when the
pointer rests on a candidate) and the view page a reconciled cell links to."""

from __future__ import annotations

from html import escape

from toponym.models import Place
from toponym.serve.admin import AdminChain
from toponym.serve.html import document
from toponym.serve.mapsvg import BaseMap, MapPoint

PREVIEW_WIDTH, PREVIEW_HEIGHT = 400, 220


def place_card(place: Place, chain: AdminChain, base_map: BaseMap) -> str:
    """The card as a whole HTML document."""
    units = chain.of(place)
    rows = [("Kind", escape(place.kind) + (f" · {escape(place.country)}" if place.country else ""))]
    for label, unit in (("Governorate", units.governorate), ("District", units.district)):
        if unit is not None:
            rows.append((label, _named(unit)))
    if place.pcode:
        rows.append(("P-code", escape(place.pcode or "")))
    if place.lat is not None and place.lon is not None:
        rows.append(("Coordinates", f"{place.lat:.5f}, {place.lon:.5f}"))
    if place.population:
        rows.append(("Population", f"{place.population:,}"))
    rows.append(("Ids", " ".join(f"<code>{escape(i)}</code>" for i in place.ids)))
    points = []
    if place.lat is not None and place.lon is not None:
        points.append(MapPoint(place.lat, place.lon, place.name, key=place.id))
    arabic = f' <span class="ar" lang="ar" dir="rtl">{escape(place.name_ar)}</span>' if place.name_ar else ""
    facts = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    body = (
        f'<article class="card" data-id="{escape(place.id)}"><div class="card-text">'
        f"<h1>{escape(place.name)}{arabic}</h1><dl>{facts}</dl></div>"
        f"{base_map.render(points, css_class='map mini')}</article>"
    )
    return document(f"{place.name} — toponym", body, body_class="preview")


def missing_card(place_id: str) -> str:
    """The card for an id no place has (sent with a 404)."""
    body = (
        f'<article class="card missing"><p>No place has the id <code>{escape(place_id)}</code>.</p></article>'
    )
    return document("not found — toponym", body, body_class="preview")


def _named(unit: Place) -> str:
    code = unit.pcode
    arabic = f' <span lang="ar" dir="rtl">{escape(unit.name_ar)}</span>' if unit.name_ar else ""
    return escape(unit.name) + arabic + (f" <code>{escape(code)}</code>" if code else "")
