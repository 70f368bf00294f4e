"""The article view: a text with its place mentions highlighted, their map and their table.

One renderer for both places it is shown: the web page puts the fragment ``article_view`` returns
into the page (``/api/extract``), and ``toponym extract --html`` wraps the same fragment into one
self-contained document (``article_document``: stylesheet, script and the SVG map inline). Every bit
of the text is escaped; a mention is ``resolved`` (the gazetteer knows the place), ``approximate`` (an
unknown place the text locates by a known one, ``Mention.near``) or ``unknown``.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from toponym.models import Mention, NearMatch
from toponym.serve.html import document
from toponym.serve.mapsvg import BaseMap, MapPoint, PointStatus

STATUSES = ("resolved", "approximate", "unknown")


def status_of(mention: Mention) -> str:
    if mention.match is not None:
        return "resolved"
    return "approximate" if mention.near is not None else "unknown"


def point_key(mention: Mention) -> str:
    """What links a mention to its point: the place id, or ``~`` and the id of the place it is near."""
    if mention.match is not None:
        return mention.match.place.id
    return f"~{mention.near.place.id}" if mention.near is not None else ""


def article_points(mentions: Sequence[Mention]) -> list[MapPoint]:
    """One point per place (or approximate anchor) the mentions have, labelled with their texts."""
    texts: dict[str, list[str]] = {}
    first: dict[str, Mention] = {}
    ambiguous: set[str] = set()
    for mention in mentions:
        located = mention.match or mention.near
        if located is None or located.place.lat is None or located.place.lon is None:
            continue
        key = point_key(mention)
        first.setdefault(key, mention)
        surface = " ".join(mention.text.split())
        if surface not in texts.setdefault(key, []):
            texts[key].append(surface)
        if mention.match is not None and mention.match.ambiguous:
            ambiguous.add(key)
    points = []
    for key, mention in first.items():
        located = mention.match or mention.near
        assert located is not None and located.place.lat is not None and located.place.lon is not None
        status: PointStatus = "resolved" if mention.match is not None else "approximate"
        label = " / ".join(texts[key])
        if mention.match is None:
            label = f"~ {label} (near {located.place.name})"
        elif located.place.name not in texts[key]:
            label = f"{label}: {located.place.name}"
        points.append(
            MapPoint(
                located.place.lat, located.place.lon, label, "ambiguous" if key in ambiguous else status, key
            )
        )
    return points


def article_view(text: str, mentions: Sequence[Mention], base_map: BaseMap) -> str:
    """The HTML fragment: legend, highlighted text beside its map, and the table of mentions."""
    counts = {status: sum(1 for m in mentions if status_of(m) == status) for status in STATUSES}
    legend = "".join(
        f'<span class="mention {status}">{status}</span> {counts[status]} ' for status in STATUSES
    )
    return (
        '<section class="article-view">'
        f'<p class="legend">{legend}</p>'
        f'<div class="article-body"><div class="article-text">{_highlighted(text, mentions)}</div>'
        f"{base_map.render(article_points(mentions))}</div>"
        f"{_table(mentions)}</section>"
    )


def article_document(text: str, mentions: Sequence[Mention], base_map: BaseMap, *, title: str) -> str:
    """The article view as one self-contained HTML file."""
    body = f"<header><h1>{escape(title)}</h1></header><main>{article_view(text, mentions, base_map)}</main>"
    return document(title, body, script="article.js", body_class="standalone")


def _highlighted(text: str, mentions: Sequence[Mention]) -> str:
    parts, position = [], 0
    for index, mention in enumerate(mentions):
        if mention.start < position or mention.end > len(text):
            continue  # overlapping or out of range: never cut the text apart
        parts.append(escape(text[position : mention.start]))
        status = status_of(mention)
        classes = f"mention {status}" + (" ambiguous" if mention.match and mention.match.ambiguous else "")
        parts.append(
            f'<mark class="{classes}" data-key="{escape(point_key(mention))}" data-index="{index}" '
            f'title="{escape(_describe(mention))}">{escape(text[mention.start : mention.end])}</mark>'
        )
        position = mention.end
    parts.append(escape(text[position:]))
    return "".join(parts)


def _describe(mention: Mention) -> str:
    if mention.match is not None:
        place, match = mention.match.place, mention.match
        where = f", {place.admin1}" if place.admin1 else (f", {place.country}" if place.country else "")
        doubt = " — ambiguous" if match.ambiguous else ""
        return f"{place.name}{where} ({place.id}), score {match.score:.0f}{doubt}"
    if mention.near is not None:
        return f"not in the gazetteer; ~ near {mention.near.place.name}{_relation(mention)}"
    return "not in the gazetteer"


def _relation(mention: Mention) -> str:
    near = mention.near
    return f" ({near.relation.replace('_', ' ')}, {near.precision})" if isinstance(near, NearMatch) else ""


def _table(mentions: Sequence[Mention]) -> str:
    header = "<tr><th>text</th><th>status</th><th>id</th><th>name</th><th>Arabic</th><th>governorate</th><th>score</th></tr>"
    rows = []
    for index, mention in enumerate(mentions):
        status = status_of(mention)
        located = mention.match or mention.near
        place = located.place if located is not None else None
        if mention.match is not None:
            score = f"{mention.match.score:.0f}" + (" ?" if mention.match.ambiguous else "")
        else:
            score = "~" if mention.near is not None else ""
        name = (
            (f"~ near {place.name}{_relation(mention)}" if mention.match is None else place.name)
            if place
            else ""
        )
        cells = (
            " ".join(mention.text.split()),
            status,
            place.id if place is not None and mention.match is not None else "",
            name,
            place.name_ar or "" if place is not None and mention.match is not None else "",
            place.admin1 or "" if place is not None else "",
            score,
        )
        row = "".join(f"<td>{escape(cell)}</td>" for cell in cells)
        rows.append(
            f'<tr class="{status}" data-key="{escape(point_key(mention))}" data-index="{index}">{row}</tr>'
        )
    return f'<table class="mentions">{header}{"".join(rows)}</table>'
