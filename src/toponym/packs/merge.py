"""Join the records of one place from several sources into one Place.

Records are joined in three stages, each a union-find over the records:

1. **ids**: records sharing any ``scheme:value`` id (GeoNames first, then P-codes, WOF, …);
2. **Arabic names**: equal folded Arabic names (``toponym.text.normalize``) within a distance limit;
3. **Latin names**: equal normalised Latin names within the same limit.

Two guards hold in every stage. Kinds must be compatible: a governorate and the city of the same name
stay two places even at one point, while city / town / village / neighbourhood / locality are one
family (sources disagree about a settlement's size). And two groups never join when each already
carries a *different* GeoNames id, OCHA P-code, OpenSyria id or curated id: those sources say they
are different places. Name pairs are tried nearest first, so a community joins the closest of two
homonymous GeoNames villages.

The distance limit is 2 km for settlements and features; administrative units are compared by their
centroids, which each source computes its own way (the same district's differ by up to ~45 km
between Who's On First and OpenSyria), so they get wider limits. Records of the "world" layer (other
countries and their cities) join only by shared ids.

Then each group becomes one Place: curated records win every field (they are reviewed); otherwise
each field comes from the source best at it (see the ``_*_PRIORITY`` tables). Finally every place's
``admin1`` / ``admin2`` are rewritten to the preferred name of the governorate / district place they
name, so "Idleb", "Idlib" and "Muhafazat Idlib" become one spelling.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from toponym.geo import Grid, distance_km
from toponym.models import PLACE_KINDS, Name, Place
from toponym.packs.sources import SourceRecords
from toponym.text.normalize import normalize

MAX_KM = 2.0
# Sources put a town's or city's point at different spots of it (OCHA's Lattakia is 2.4 km from
# GeoNames', WOF's Natural Earth Qamishli 2.5 km), and the centroids of administrative units are
# further apart still. A pair gets the larger limit of its two kinds.
_KIND_MAX_KM = {
    "city": 10.0,
    "town": 5.0,
    "locality": 5.0,  # size unknown: mostly WOF's Quattroshapes / Natural Earth copies of big places
    "subdistrict": 25.0,
    "district": 50.0,
    "governorate": 100.0,
    "country": 0.0,  # countries join by ids only
}
_SETTLEMENT_KINDS = frozenset({"city", "town", "village", "neighbourhood", "locality"})
_ADMIN_KINDS = frozenset({"governorate", "district", "subdistrict"})
# Schemes whose ids name exactly one place: two different ones mean two different places. Not so
# for P-codes of administrative units: OCHA re-issues them when units are redrawn (its 2015
# subdistricts SY1002xx of Baniyas are SY1006xx of the newer Qadmous district).
_UNIQUE_SCHEMES = ("geonames", "ocha", "opensyria", "curated")
_UNIT_UNIQUE_SCHEMES = ("geonames", "opensyria", "curated")
_SCHEME_ORDER = ("geonames", "ocha", "wof", "opensyria", "curated", "iso", "wikidata")
_ID_ONLY_SOURCES = frozenset({"world"})

# Which source to believe first, field by field ("curated" always first: we reviewed it).
_RECORD_PRIORITY = ("curated", "opensyria", "geonames", "wof", "ocha", "world")
_ARABIC_PRIORITY = ("curated", "opensyria", "ocha", "wof", "geonames", "world")
_POINT_PRIORITY = ("curated", "geonames", "wof", "ocha", "opensyria", "world")
_ADMIN_POINT_PRIORITY = ("curated", "opensyria", "geonames", "wof", "ocha", "world")
_POPULATION_PRIORITY = ("curated", "opensyria", "geonames", "wof", "world", "ocha")
_ADMIN_NAME_PRIORITY = ("curated", "ocha", "opensyria", "geonames", "wof", "world")
_UNIT_CHAIN_PRIORITY = ("curated", "opensyria", "ocha", "geonames", "wof", "world")  # newer units
# Generic words around a unit's name: "Muhafazat Idlib", "Idlib Governorate", "منطقة الحسكة".
_UNIT_WORDS = re.compile(
    r"\b(?:governorate|governate|province|muhafazat|muhafazah|muhafaza|mohafazat|district|"
    r"subdistrict|nahiyat|nahiya|mantiqat|محافظه|منطقه|ناحيه)\b"
)


@dataclass(frozen=True)
class MergeResult:
    """The merged places and how they came about."""

    places: list[Place]
    records_in: int
    places_out: int
    merged_by_id: int
    merged_by_arabic: int
    merged_by_latin: int
    refused: int = 0  # joins refused: incompatible kinds, or two different GeoNames ids / P-codes
    warnings: tuple[str, ...] = field(default=())

    @property
    def stats(self) -> dict[str, int]:
        return {
            "records_in": self.records_in,
            "places_out": self.places_out,
            "merged_by_id": self.merged_by_id,
            "merged_by_arabic": self.merged_by_arabic,
            "merged_by_latin": self.merged_by_latin,
            "refused": self.refused,
        }


def merge(records: Iterable[SourceRecords], *, max_km: float = MAX_KM) -> MergeResult:
    """Merge the importers' records: one Place per real place, carrying every name and id."""
    places = [place for source_records in records for place in source_records.places]
    groups = _Groups(places)
    by_id = groups.join_by_ids()
    by_arabic = groups.join_by_names(_arabic_keys, max_km)
    by_latin = groups.join_by_names(_latin_keys, max_km)
    merged = [_merged_place(members) for members in groups.members()]
    merged = _consistent_admin_names(merged)
    return MergeResult(
        places=merged,
        records_in=len(places),
        places_out=len(merged),
        merged_by_id=by_id,
        merged_by_arabic=by_arabic,
        merged_by_latin=by_latin,
        refused=groups.refused,
        warnings=tuple(groups.warnings),
    )


# Names repeat across languages and sources ("Latakia" in forty languages): normalise each once.
_key = functools.lru_cache(maxsize=1 << 17)(normalize)


def kind_family(kind: str) -> str:
    """Kinds that may be one place: every settlement kind is "settlement", other kinds stand alone."""
    return "settlement" if kind in _SETTLEMENT_KINDS else kind


def _scheme(place_id: str) -> str:
    return place_id.split(":", 1)[0]


def _source_rank(source: str, priority: Sequence[str]) -> int:
    return priority.index(source) if source in priority else len(priority)


def _source(place: Place) -> str:
    return place.sources[0] if place.sources else _scheme(place.id)


def _ids(place: Place) -> tuple[str, ...]:
    return tuple(dict.fromkeys((place.id, *place.ids)))


# --- grouping ------------------------------------------------------------------------------------


class _Groups:
    """Union-find over the records, with the guards that keep different places apart."""

    def __init__(self, places: list[Place]) -> None:
        self.places = places
        self._parent = list(range(len(places)))
        self._family = [kind_family(p.kind) for p in places]
        self._curated = [_source(p) == "curated" for p in places]
        self._unique: list[dict[str, set[str]]] = []
        for place in places:
            unique: dict[str, set[str]] = defaultdict(set)
            schemes = _UNIT_UNIQUE_SCHEMES if place.kind in _ADMIN_KINDS else _UNIQUE_SCHEMES
            for place_id in _ids(place):
                if _scheme(place_id) in schemes:
                    unique[_scheme(place_id)].add(place_id)
            self._unique.append(unique)
        self.refused = 0
        self.warnings: list[str] = []

    def root(self, i: int) -> int:
        while self._parent[i] != i:
            self._parent[i] = self._parent[self._parent[i]]
            i = self._parent[i]
        return i

    def union(self, i: int, j: int, why: str, *, by_id: bool = False) -> bool:
        """Join the groups of records i and j unless a guard forbids it; True if they were joined."""
        a, b = self.root(i), self.root(j)
        if a == b:
            return False
        conflict = self._conflict(a, b, by_id)
        if conflict:
            self.refused += 1
            if len(self.warnings) < 20:
                self.warnings.append(
                    f"not merged by {why}: {self.places[i].id} and {self.places[j].id} ({conflict})"
                )
            return False
        if a > b:
            a, b = b, a
        self._parent[b] = a
        if self._curated[b] and not self._curated[a]:
            self._family[a] = self._family[b]  # the reviewed kind
        self._curated[a] = self._curated[a] or self._curated[b]
        for scheme, ids in self._unique[b].items():
            self._unique[a][scheme] |= ids
        return True

    def _conflict(self, a: int, b: int, by_id: bool) -> str | None:
        # A curated record names the ids of its place and its kind was reviewed: it overrides the
        # kind the upstream record gives (a "village" that is really a mountain).
        curated_decides = by_id and self._curated[a] != self._curated[b]
        if self._family[a] != self._family[b] and not curated_decides:
            return f"kinds {self._family[a]} / {self._family[b]}"
        for scheme in _UNIQUE_SCHEMES:
            ours, theirs = self._unique[a].get(scheme), self._unique[b].get(scheme)
            if ours and theirs and ours.isdisjoint(theirs):
                return f"different {scheme} ids"
        return None

    def join_by_ids(self) -> int:
        """Stage 1: join records sharing any id, strongest schemes first."""
        holders: dict[str, list[int]] = defaultdict(list)
        for i, place in enumerate(self.places):
            for place_id in _ids(place):
                holders[place_id].append(i)
        order = {scheme: rank for rank, scheme in enumerate(_SCHEME_ORDER)}
        joined = 0
        for place_id in sorted(holders, key=lambda x: (order.get(_scheme(x), len(order)), x)):
            first, *others = holders[place_id]
            joined += sum(self.union(first, other, f"id {place_id}", by_id=True) for other in others)
        return joined

    def join_by_names(self, keys_of: Callable[[Place], set[str]], max_km: float) -> int:
        """Stages 2 and 3: join records with an equal name key within the distance limit of their
        kind, nearest pairs first. Records are bucketed by key, and within a bucket by grid cells
        as large as the limit, so that only neighbours are ever compared."""
        buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, place in enumerate(self.places):
            if _has_point(place) and _source(place) not in _ID_ONLY_SOURCES:
                for key in keys_of(place):
                    buckets[(key, self._family[i])].append(i)
        cell_km = {f: _cell_km(f, max_km) for f in set(self._family)}
        pairs: set[tuple[int, int]] = set()
        for (_, family), members in buckets.items():
            if len(members) > 1 and cell_km[family]:
                pairs.update(self._neighbours(members, cell_km[family] / 55.0))
        candidates = []
        for i, j in pairs:
            a, b = self.places[i], self.places[j]
            limit = max(_limit_km(a.kind, max_km), _limit_km(b.kind, max_km))
            km = distance_km(a, b)
            if km <= limit:
                candidates.append((km, i, j))
        candidates.sort()
        why = "Arabic name" if keys_of is _arabic_keys else "Latin name"
        return sum(self.union(i, j, why) for _, i, j in candidates)

    def _neighbours(self, members: list[int], size: float) -> Iterator[tuple[int, int]]:
        """Pairs of records in the same or adjacent grid cells (``size`` degrees, at least the
        distance limit in both axes up to 60° latitude)."""
        grid: Grid[int] = Grid(size)
        for i in members:
            place = self.places[i]
            assert place.lat is not None and place.lon is not None  # only records with a point
            for j in grid.around(place.lat, place.lon):
                if j != i:
                    yield (j, i) if j < i else (i, j)
            grid.add(place.lat, place.lon, i)

    def members(self) -> list[list[Place]]:
        """The groups, each as its records, in the order of their first record."""
        groups: dict[int, list[Place]] = defaultdict(list)
        for i, place in enumerate(self.places):
            groups[self.root(i)].append(place)
        return list(groups.values())


def _limit_km(kind: str, max_km: float) -> float:
    return _KIND_MAX_KM.get(kind, max_km)


def _cell_km(family: str, max_km: float) -> float:
    """Grid cell size of a kind family: its largest distance limit."""
    return max(_limit_km(k, max_km) for k in (*PLACE_KINDS, family) if kind_family(k) == family)


def _arabic_keys(place: Place) -> set[str]:
    texts = [n.text for n in place.names if n.script == "Arab"]
    if place.name_ar:
        texts.append(place.name_ar)
    return {key for key in map(_key, texts) if len(key) > 1}


def _latin_keys(place: Place) -> set[str]:
    texts = [n.text for n in place.names if n.script == "Latn"]
    texts.append(place.name)
    return {key for key in map(_key, texts) if len(key) > 1}


# --- one group → one Place -----------------------------------------------------------------------


def _merged_place(members: list[Place]) -> Place:
    if len(members) == 1:  # most places: only the id and the order of ids change
        only, ids = members[0], _ids(members[0])
        canonical = _canonical_id(members, list(ids))
        ordered = _ordered_ids(canonical, ids)
        if (canonical, ordered) == (only.id, only.ids):
            return only
        return replace(only, id=canonical, ids=ordered)
    members = sorted(members, key=lambda p: _source_rank(_source(p), _RECORD_PRIORITY))
    curated = next((p for p in members if _source(p) == "curated"), None)
    kind = curated.kind if curated else _kind(members)
    admin = kind in _ADMIN_KINDS
    point = _first(members, _ADMIN_POINT_PRIORITY if admin else _POINT_PRIORITY, _has_point)
    population = _first(members, _POPULATION_PRIORITY, lambda p: p.population is not None)
    arabic = _first(members, _ARABIC_PRIORITY, lambda p: bool(p.name_ar))
    chain_priority = _UNIT_CHAIN_PRIORITY if admin else _ADMIN_NAME_PRIORITY
    admin1 = _first(members, chain_priority, lambda p: bool(p.admin1))
    admin2 = _first(members, chain_priority, lambda p: bool(p.admin2))
    country = next((p.country for p in members if p.country), None)
    all_ids = [place_id for p in members for place_id in _ids(p)]
    canonical = _canonical_id(members, all_ids)
    names: dict[tuple[str, str, str], Name] = {}
    for p in members:
        for n in p.names:
            names.setdefault((n.text, n.lang, n.status), n)
    return Place(
        id=canonical,
        name=min(members, key=lambda p: _name_rank(p, admin)).name,
        kind=kind,
        lat=point.lat if point else None,
        lon=point.lon if point else None,
        name_ar=arabic.name_ar if arabic else None,
        country=country,
        admin1=admin1.admin1 if admin1 else None,
        admin2=admin2.admin2 if admin2 else None,
        population=population.population if population else None,
        ids=_ordered_ids(canonical, all_ids),
        names=tuple(names.values()),
        sources=tuple(dict.fromkeys(s for p in members for s in (p.sources or (_source(p),)))),
        pcodes=next((p.pcodes for p in members if p.pcodes), None),  # OCHA's: the only source of them
    )


def _kind(members: list[Place]) -> str:
    """The most important kind the sources give (a city rather than a village; "locality", the
    unknown settlement, only when no source knows better)."""
    rank = {kind: i for i, kind in enumerate(PLACE_KINDS)}
    return min((p.kind for p in members), key=lambda k: rank.get(k, len(rank)))


def _has_point(place: Place) -> bool:
    return place.lat is not None and place.lon is not None


def _first(members: list[Place], priority: Sequence[str], wanted: Callable[[Place], bool]) -> Place | None:
    """The record of the highest-priority source that has the field; among records of one source,
    the one carrying a GeoNames id (the WOF record imported from GeoNames, not its duplicates)."""
    found = [p for p in members if wanted(p)]
    if not found:
        return None
    return min(
        found,
        key=lambda p: (
            _source_rank(_source(p), priority),
            not any(i.startswith("geonames:") for i in p.ids),
        ),
    )


def _name_rank(place: Place, admin: bool) -> int:
    """Whose Latin name the place takes: curated; then English preferred from WOF / GeoNames, then
    OpenSyria, then OCHA, then the GeoNames main name. For administrative units OpenSyria comes
    first: WOF's are imports with names like "H'alab" and "Days Az Zawr"."""
    source = _source(place)
    english = source in ("wof", "geonames") and any(
        n.text == place.name and n.lang == "eng" and n.status == "preferred" for n in place.names
    )
    if source == "curated":
        return 0
    if source == "opensyria":
        return 1 if admin else 2
    if english:
        return 2 if admin else 1
    return 3 if source == "ocha" else 4


def _canonical_id(members: list[Place], all_ids: list[str]) -> str:
    """geonames:<id> if the place has one, else ocha:<pcode>, wof:<id>, opensyria:<id>, curated:…"""
    counts = Counter(all_ids)
    curated_ids = {i for p in members if _source(p) == "curated" for i in _ids(p)}
    own_ids = {p.id for p in members}
    for scheme in ("geonames", "ocha", "wof", "opensyria", "curated"):
        ids = [i for i in counts if _scheme(i) == scheme]
        if ids:
            # The curated record's choice, then a record's own id, then the most shared one.
            return max(ids, key=lambda i: (i in curated_ids, i in own_ids, counts[i], i))
    return members[0].id


def _ordered_ids(canonical: str, ids: Iterable[str]) -> tuple[str, ...]:
    order = {scheme: rank for rank, scheme in enumerate(_SCHEME_ORDER)}
    rest = sorted(set(ids) - {canonical}, key=lambda i: (order.get(_scheme(i), len(order)), i))
    return (canonical, *rest)


# --- admin1 / admin2 spelled as their governorate / district -------------------------------------


class _UnitIndex:
    """Preferred names of governorates or districts by each of their keys, within a scope (the
    country; for districts also the governorate), so that homonyms elsewhere never interfere."""

    def __init__(self) -> None:
        self._names: dict[tuple[Hashable, str], set[str]] = defaultdict(set)

    def add(self, place: Place, scope: Hashable) -> None:
        keys = {_key(n.text) for n in place.names} | {_key(place.name)}
        for key in keys | {_without_unit_words(k) for k in keys}:
            if key:
                self._names[(scope, key)].add(place.name)

    def find(self, name: str | None, scope: Hashable) -> str | None:
        """The one unit ``name`` designates (as written, or without "Governorate" …), else None."""
        if not name:
            return None
        key = _key(name)
        for candidate in (key, _without_unit_words(key)):
            found = self._names.get((scope, candidate))
            if found and len(found) == 1:
                return next(iter(found))
        return None


def _consistent_admin_names(places: list[Place]) -> list[Place]:
    """Rewrite admin1 / admin2 to the preferred name of the governorate / district place they name
    (matched by any of its names, with or without "Governorate", "Muhafazat", "منطقة" …)."""
    governorates, districts = _UnitIndex(), _UnitIndex()
    for place in places:
        if place.kind == "governorate":
            governorates.add(place, place.country)
    for place in places:
        if place.kind == "district":
            governorate = governorates.find(place.admin1, place.country) or place.admin1
            districts.add(place, (place.country, governorate))
            districts.add(place, (place.country, None))
    rewritten = []
    for place in places:
        admin1 = governorates.find(place.admin1, place.country) or place.admin1
        admin2 = place.admin2
        if admin2:
            admin2 = (
                districts.find(admin2, (place.country, admin1))
                or districts.find(admin2, (place.country, None))
                or admin2
            )
        if (admin1, admin2) != (place.admin1, place.admin2):
            place = replace(place, admin1=admin1, admin2=admin2)
        rewritten.append(place)
    return rewritten


def _without_unit_words(key: str) -> str:
    return " ".join(_UNIT_WORDS.sub(" ", key).split())
