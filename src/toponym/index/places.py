"""The places of an index, by position: the facts ranking needs, and each record ready to decode.

Ranking looks at dozens of candidate places per query but hands out only the few it returns, so the
facts it compares (kind, country, population, point, the names it matches on) sit in flat columns,
and a whole :class:`~toponym.models.Place` is decoded from its stored record only when it is handed
out (and then kept). Everything is stored as a few blobs (``to_blobs``/``from_blobs``): reading a
table back is splitting some strings and wrapping some arrays, about a hundredth of a second for the
whole of Syria, where building 20,000 places and 120,000 names as objects took half a second.
"""

from __future__ import annotations

import json
import math
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from toponym.models import Extent, Name, PCodes, Place
from toponym.text.normalize import normalize

# Places outside Syria are matched on their preferred, English and Arabic names only: the world
# layer's alternate names in every language ("Urusan" for Ulsan) would catch words that are no place.
_INDEXED_SCRIPTS = frozenset({"Latn", "Arab"})
_ROW = "\n"  # separates the rows of a column (no record or name holds a raw newline: JSON escapes it)
_FIELD = "\x1f"  # separates the texts of one place


def indexable_texts(place: Place) -> tuple[str, ...]:
    """The distinct Latin/Arabic texts a place is matched on, its preferred forms first."""
    texts = [place.name, place.name_ar or ""]
    foreign = place.country not in ("SY", None)
    texts.extend(
        name.text
        for name in place.names
        if name.script in _INDEXED_SCRIPTS
        and (not foreign or name.status == "preferred" or name.lang == "eng" or name.script == "Arab")
    )
    return tuple(dict.fromkeys(t.strip().replace(_FIELD, " ") for t in texts if t and t.strip()))


def encode_place(place: Place) -> str:
    """A place as one line of JSON (``decode_place`` reads it back)."""
    return json.dumps(
        [
            place.id,
            place.name,
            place.kind,
            place.lat,
            place.lon,
            place.name_ar,
            place.country,
            place.admin1,
            place.admin2,
            place.population,
            place.ids,
            [[n.text, n.lang, n.script, n.source, n.status] for n in place.names],
            place.sources,
            encode_extent(place.extent),
            encode_pcodes(place.pcodes),
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def encode_extent(extent: Extent | None) -> str | None:
    """An extent as "min_lat min_lon max_lat max_lon" (None for none)."""
    if extent is None:
        return None
    return " ".join(repr(v) for v in (extent.min_lat, extent.min_lon, extent.max_lat, extent.max_lon))


def decode_extent(text: str | None) -> Extent | None:
    if not text:
        return None
    min_lat, min_lon, max_lat, max_lon = map(float, text.split())
    return Extent(min_lat, min_lon, max_lat, max_lon)


def encode_pcodes(pcodes: PCodes | None) -> list[object] | None:
    """P-codes as [admin1, admin2, admin3, community, admin3_derived] (None for none)."""
    if pcodes is None:
        return None
    return [pcodes.admin1, pcodes.admin2, pcodes.admin3, pcodes.community, pcodes.admin3_derived]


def decode_pcodes(fields: list[object] | None) -> PCodes | None:
    return None if fields is None else PCodes(*fields)  # type: ignore[arg-type]


def decode_place(record: str) -> Place:
    (
        pid,
        name,
        kind,
        lat,
        lon,
        name_ar,
        country,
        admin1,
        admin2,
        population,
        ids,
        names,
        sources,
        extent,
        pcodes,
    ) = json.loads(record)
    return Place(
        id=pid,
        name=name,
        kind=kind,
        lat=lat,
        lon=lon,
        name_ar=name_ar,
        country=country,
        admin1=admin1,
        admin2=admin2,
        population=population,
        ids=tuple(ids),
        names=tuple(map(Name._make, names)),
        sources=tuple(sources),
        extent=decode_extent(extent),
        pcodes=decode_pcodes(pcodes),
    )


class Spot(NamedTuple):
    """A point of a place by position (what ``toponym.geo`` measures). A named tuple: extraction asks
    for tens of thousands, made in a fraction of a frozen dataclass's time."""

    lat: float | None
    lon: float | None


class _Column:
    """Strings stored end to end in one blob, each decoded when first asked for (a column of tens of
    thousands costs nothing to open)."""

    def __init__(self, blob: bytes, starts: Sequence[int]) -> None:
        self._blob = blob
        self._starts = starts

    @classmethod
    def of(cls, values: Sequence[str]) -> _Column:
        encoded = [value.encode() for value in values]
        starts = array("i", [0])
        for value in encoded:
            starts.append(starts[-1] + len(value))
        return cls(b"".join(encoded), starts)

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, position: int) -> str:
        return self._blob[self._starts[position] : self._starts[position + 1]].decode()

    def blobs(self, name: str) -> dict[str, bytes]:
        return {name: self._blob, f"{name}_starts": array("i", self._starts).tobytes()}

    @classmethod
    def from_blobs(cls, blobs: Mapping[str, bytes], name: str) -> _Column:
        return cls(blobs[name], _array("i", blobs[f"{name}_starts"]))


RecordSource = Callable[[int], str]  # position -> the place's record (``encode_place``)


class PlaceTable:
    """Places by position (0 … n-1): flat columns of facts, and records decoded on demand.

    Built from places (``build``) it holds them; read back (``from_blobs``) it decodes a place from
    its record, which ``records`` (a pack's table of records) gives one at a time."""

    def __init__(
        self,
        *,
        ids: Sequence[str],
        kinds: Sequence[str],
        countries: Sequence[str],
        populations: Sequence[int],
        lats: Sequence[float],
        lons: Sequence[float],
        arabic: bytes,
        texts: _Column,
        normalized: _Column,
        external_ids: bytes | None = None,
        records: RecordSource | None = None,
        places: Sequence[Place] | None = None,
    ) -> None:
        self.ids = ids
        self.kinds = kinds
        self.countries = countries  # "" where unknown
        self.populations = populations  # 0 where unknown
        self.lats = lats  # NaN where unknown
        self.lons = lons
        self._arabic = arabic  # b"\x01" where the place has an Arabic name
        self._texts = texts  # per place: its indexable texts joined by _FIELD
        self._normalized_texts = normalized  # the same, each through ``normalize``
        self._external_ids = external_ids  # "id\tposition" lines for the ids that are not canonical
        self._records = records
        self._decoded: dict[int, Place] = dict(enumerate(places)) if places is not None else {}
        self._split_texts: dict[int, tuple[str, ...]] = {}
        self._split_normalized: dict[int, tuple[str, ...]] = {}
        self._by_id: dict[str, int] | None = None

    @classmethod
    def build(cls, places: Sequence[Place]) -> PlaceTable:
        nan = math.nan
        texts = [indexable_texts(p) for p in places]
        return cls(
            ids=[p.id for p in places],
            kinds=[p.kind for p in places],
            countries=[p.country or "" for p in places],
            populations=array("q", [p.population or 0 for p in places]),
            lats=array("d", [nan if p.lat is None else p.lat for p in places]),
            lons=array("d", [nan if p.lon is None else p.lon for p in places]),
            arabic=bytes(_has_arabic_name(p) for p in places),
            texts=_Column.of([_FIELD.join(t) for t in texts]),
            normalized=_Column.of([_FIELD.join(normalize(text) for text in t) for t in texts]),
            places=places,
        )

    # -- facts --------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    def country(self, position: int) -> str | None:
        return self.countries[position] or None

    def has_arabic(self, position: int) -> bool:
        return bool(self._arabic[position])

    def spot(self, position: int) -> Spot:
        lat, lon = self.lats[position], self.lons[position]
        return Spot(None if math.isnan(lat) else lat, None if math.isnan(lon) else lon)

    def texts(self, position: int) -> tuple[str, ...]:
        """The place's indexable texts (``indexable_texts``), preferred forms first."""
        found = self._split_texts.get(position)
        if found is None:
            found = self._split_texts[position] = tuple(self._texts[position].split(_FIELD))
        return found

    def normalized(self, position: int) -> tuple[str, ...]:
        """``normalize`` of each of the place's texts, in the same order."""
        found = self._split_normalized.get(position)
        if found is None:
            found = self._split_normalized[position] = tuple(self._normalized_texts[position].split(_FIELD))
        return found

    # -- whole places ---------------------------------------------------------------------------
    def place(self, position: int) -> Place:
        """The place at ``position`` (decoded from its record on first use)."""
        found = self._decoded.get(position)
        if found is None:
            assert self._records is not None
            found = self._decoded[position] = decode_place(self._records(position))
        return found

    def __iter__(self) -> Iterator[Place]:
        return (self.place(position) for position in range(len(self)))

    def position(self, place_id: str) -> int | None:
        """The position of the place with this id, canonical or external (``ocha:C3480``)."""
        if self._by_id is None:
            self._by_id = self._all_ids()
        return self._by_id.get(place_id)

    def _all_ids(self) -> dict[str, int]:
        """Every id of every place → its position; a canonical id wins over another place's external id."""
        found: dict[str, int] = {}
        if self._external_ids is None:
            for position in range(len(self)):
                for external_id in self.place(position).ids:
                    found.setdefault(external_id, position)
        elif self._external_ids:
            for line in self._external_ids.decode().split(_ROW):
                external_id, position = line.split("\t")
                found.setdefault(external_id, int(position))
        found.update((place_id, position) for position, place_id in enumerate(self.ids))
        return found

    # -- storage --------------------------------------------------------------------------------
    def records(self) -> Iterator[str]:
        """Every place's record, in order (a pack stores them one row each)."""
        return (encode_place(self.place(position)) for position in range(len(self)))

    def to_blobs(self) -> dict[str, bytes]:
        external = [
            f"{external_id}\t{position}"
            for position in range(len(self))
            for external_id in dict.fromkeys(self.place(position).ids)
            if external_id != self.ids[position]
        ]
        return {
            "places.count": str(len(self)).encode(),
            "places.ids": _ROW.join(self.ids).encode(),
            "places.kinds": _ROW.join(self.kinds).encode(),
            "places.countries": _ROW.join(self.countries).encode(),
            "places.populations": array("q", self.populations).tobytes(),
            "places.lats": array("d", self.lats).tobytes(),
            "places.lons": array("d", self.lons).tobytes(),
            "places.arabic": bytes(self._arabic),
            "places.external_ids": _ROW.join(external).encode(),
            **self._texts.blobs("places.texts"),
            **self._normalized_texts.blobs("places.normalized"),
        }

    @classmethod
    def from_blobs(cls, blobs: Mapping[str, bytes], records: RecordSource) -> PlaceTable:
        count = int(blobs["places.count"])
        return cls(
            ids=_rows(blobs["places.ids"], count),
            kinds=_rows(blobs["places.kinds"], count),
            countries=_rows(blobs["places.countries"], count),
            populations=_array("q", blobs["places.populations"]),
            lats=_array("d", blobs["places.lats"]),
            lons=_array("d", blobs["places.lons"]),
            arabic=blobs["places.arabic"],
            texts=_Column.from_blobs(blobs, "places.texts"),
            normalized=_Column.from_blobs(blobs, "places.normalized"),
            external_ids=blobs["places.external_ids"],
            records=records,
        )


def _has_arabic_name(place: Place) -> bool:
    return bool(place.name_ar) or any(name.script == "Arab" for name in place.names)


def _rows(blob: bytes, count: int) -> list[str]:
    """A column of ``count`` strings (an empty blob is one empty string, or none)."""
    return blob.decode().split(_ROW) if count else []


def _array(typecode: str, blob: bytes) -> array[Any]:
    values = array(typecode)
    values.frombytes(blob)
    return values
