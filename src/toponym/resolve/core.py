"""The names core of a gazetteer: everything lookup and extraction stand on, derived once from its
places, stored in its pack, and read back part by part as it is first needed.

- ``table``: the places by position (:class:`~toponym.index.places.PlaceTable`);
- ``index``: every reading of every name under its block keys (:class:`~toponym.index.names.NameIndex`);
- ``areas``: governorates and districts, and the one each place lies in (:class:`~toponym.resolve.admin.Areas`);
- ``detection``: the keys extraction finds names in text by (:class:`~toponym.index.detection.DetectionTables`);
- ``matcher``: the one ranking lookup and extraction share (:class:`~toponym.resolve.ranking.Matcher`).

A gazetteer that only looks places up by id reads the table alone; one that resolves names reads
the index and areas too; the detection tables are read when a text is first searched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from toponym.index.detection import DetectionTables
from toponym.index.names import INDEX_FORMAT, NameIndex
from toponym.index.places import PlaceTable, RecordSource
from toponym.lazy import lazy
from toponym.models import Place
from toponym.resolve.admin import Areas
from toponym.resolve.ranking import Matcher

# The stored parts, each a group of blobs named "<part>.<blob>".
PARTS = ("places", "names", "areas", "detection")

BlobSource = Callable[[str], Mapping[str, bytes]]  # a part's name -> its blobs


class NamesCore:
    """See the module docstring. ``load`` reads a stored core; ``build`` derives one from places."""

    def __init__(
        self,
        blobs: BlobSource | None = None,
        records: RecordSource | None = None,
        *,
        places: Sequence[Place] | None = None,
    ) -> None:
        self._blobs = blobs
        self._records = records
        self._places = places

    @classmethod
    def build(cls, places: Sequence[Place]) -> NamesCore:
        """A core derived from ``places`` (built part by part on first use)."""
        return cls(places=list(places))

    @classmethod
    def load(cls, blobs: BlobSource, records: RecordSource) -> NamesCore:
        """A core read from storage: ``blobs`` gives each part's blobs, ``records`` a place's record."""
        return cls(blobs, records)

    @lazy
    def table(self) -> PlaceTable:
        if self._blobs is not None:
            assert self._records is not None
            return PlaceTable.from_blobs(self._blobs("places"), self._records)
        assert self._places is not None
        return PlaceTable.build(self._places)

    @lazy
    def index(self) -> NameIndex:
        if self._blobs is not None:
            return NameIndex.from_blobs(self._blobs("names"))
        return NameIndex.build(self.table)

    @lazy
    def areas(self) -> Areas:
        if self._blobs is not None:
            return Areas.from_blobs(self.table, self._blobs("areas"))
        return Areas.build(self.table)

    @lazy
    def detection(self) -> DetectionTables:
        if self._blobs is not None:
            return DetectionTables.from_blobs(self._blobs("detection"))
        return DetectionTables.build(self.table)

    @lazy
    def matcher(self) -> Matcher:
        return Matcher(self.table, self.index, self.areas)

    def to_blobs(self) -> dict[str, bytes]:
        """Every part as named blobs, for a pack to store (``load`` reads them back with the places'
        records, which ``table.records()`` gives and a pack keeps one row each)."""
        blobs = {"format": str(INDEX_FORMAT).encode()}
        for part in (self.table, self.index, self.areas, self.detection):
            blobs.update(part.to_blobs())
        return blobs
