"""A query that writes the areas its place lies in: "Douma, Rif Dimashq", "ريف دمشق - دوما",
"Saraqib (Idlib)", "Aleppo, Syria", "Beirut, Lebanon".

Event tables and documentation archives often keep one location column that names the place together
with its governorate, district or country, in either order (English tables go from the place out, Arabic
ones often from the governorate in). Such a query is no name of any place, so read whole it finds
nothing; read as a name and the areas around it, it is a name and a hint.

The parts are cut at the separators such columns use: a comma (Latin or Arabic), semicolon, colon,
slash, vertical bar, backslash, brackets, ">" (a path: "Syria > Idlib > Saraqib"), and a dash with a
space on each side. A hyphen inside a word is no separator (Deir-ez-Zor, Al-Bab). A part names an area
when it surely names a governorate or district (``Areas.named``) or a country
(``Areas.country_named``), against the gazetteer's own areas and countries; the other parts are names.
When every part names an area ("Aleppo, Syria", "Idlib, Idlib Governorate") the most specific one is
the name, a part written without a descriptor before one with ("Ariha District, Ariha": the bare name
is the town). When several parts are names beside the areas ("حمص - الحولة - تلدو", Homs - Houla -
Taldou), the value is a path from the areas in or out, and its names are nested places: the one
farthest from the areas is the place, the others lie around it (``Reading.nested``), not rivals. A
hint the caller gave wins over one the query writes: it is the column the user chose.

A slash and brackets also give a place's other name, as conflict-event tables write their locations:
"Aydun/Abdun village", "Aaliyah (Qurujah) village", "Hacilar / Hajilar". So when they part the value,
every part is a name to try even when none names an area, and the best answer wins; a descriptor
written once after them ("village") goes with each. Parts cut only by commas, colons or dashes, none of
which names an area ("Kinsabba, Nowhere"), are no reading: the value is matched as written, so a part is
never silently dropped.

Place names of the sources contain some of these separators too (OCHA's "Hseiniyeh - Tal Kalba",
WOF's "Homs (Hims)"), so the matcher ranks the whole query first and reads its parts only when the
whole does not fit surely (``Matcher.candidates``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from toponym.resolve.admin import DISTRICT, GOVERNORATE
from toponym.resolve.context import Context
from toponym.text.lexicon import lexicon

_SEPARATOR = re.compile(r"\s*([,،;:/|\\()\[\]>]|\s[-–—]\s)\s*")
# The separators that give another name of the same place rather than an area.
_ALTERNATIVE = frozenset("/()[]")
# A query cut into more parts than this is a list or debris, not a place and its areas.
MAX_PARTS = 4
# How specific each level is: the name of a query whose every part names an area is the most specific.
_LEVELS = ("country", GOVERNORATE, DISTRICT)

AreaNamed = Callable[[str, str], bool]  # (part, level) -> whether the part names an area of that level
CountryNamed = Callable[[str], str | None]  # part -> the ISO 3166-1 alpha-2 code of the country it names


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a query that writes its areas: the name to look up, with the context its areas
    add to the caller's."""

    name: str
    context: Context
    nested: bool = False  # one name of a path of places, most specific first ("Homs - Houla - Taldou")


def written_area_readings(
    query: str, context: Context, *, area_named: AreaNamed, country_named: CountryNamed
) -> list[Reading]:
    """The readings of ``query`` as a name and the areas it writes, best first; none when the query
    has no separator, is cut into too many parts, or writes no area."""
    pieces = _SEPARATOR.split(query)
    parts = [part for part in pieces[::2] if part.strip()]
    alternatives = any(separator.strip() in _ALTERNATIVE for separator in pieces[1::2])
    parts, descriptor = _trailing_descriptor(parts) if alternatives else (parts, "")
    if not 2 <= len(parts) <= MAX_PARTS:
        return []
    levels = [_level(part, area_named, country_named) for part in parts]
    if all(level is None for level in levels) and not alternatives:
        return []
    names = [
        f"{part} {descriptor}".rstrip() for part, level in zip(parts, levels, strict=True) if level is None
    ]
    if not names:  # every part names an area: the most specific one is the place, a bare name first
        deepest = max(
            range(len(parts)), key=lambda i: (_LEVELS.index(levels[i] or "country"), not _says_kind(parts[i]))
        )
        names = [parts[deepest]]
        levels[deepest] = None
    written = _context(parts, levels, context, country_named)
    nested = len(names) > 1 and not alternatives
    if nested and levels[0] is not None:
        names.reverse()  # written from the areas in: the last name is the most specific
    return [Reading(name, written, nested) for name in names]


def _trailing_descriptor(parts: list[str]) -> tuple[list[str], str]:
    """The parts without the descriptor written alone after the last alternative ("Aaliyah (Qurujah)
    village"), and that descriptor ("" when there is none)."""
    if len(parts) > 2 and parts[-1].strip().lower() in lexicon().descriptor_words:
        return parts[:-1], parts[-1].strip()
    return parts, ""


def _says_kind(part: str) -> bool:
    """Whether the part has a descriptor ("Ariha District", "منطقة عفرين"): of two parts naming the
    same area, the bare "Ariha" is the town."""
    descriptors = lexicon().descriptor_words
    return any(word.lower() in descriptors for word in part.split())


def _level(part: str, area_named: AreaNamed, country_named: CountryNamed) -> str | None:
    """The broadest level of area the part names (a governorate before its district of one name), or
    None when it names none."""
    if area_named(part, GOVERNORATE):
        return GOVERNORATE
    if area_named(part, DISTRICT):
        return DISTRICT
    return "country" if country_named(part) else None


def _context(
    parts: list[str], levels: list[str | None], context: Context, country_named: CountryNamed
) -> Context:
    """The caller's context with the areas the parts name filling what it leaves open."""
    written: dict[str, str | None] = {}
    for part, level in zip(parts, levels, strict=True):
        if level == GOVERNORATE:
            written.setdefault("admin1", part)
        elif level == DISTRICT:
            written.setdefault("admin2", part)
        elif level == "country":
            written.setdefault("country", country_named(part))
    return replace(
        context, **{field: value for field, value in written.items() if getattr(context, field) is None}
    )
