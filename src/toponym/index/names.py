"""The name index: every reading of every name of a set of places, filed under block keys.

Each Latin- or Arabic-script name of a place (other scripts are skipped) becomes one or two
:class:`~toponym.text.keys.NameKey` readings; equal readings are stored once, with the places (owners) that
carry them. A reading is filed under its *block keys*: the consonant skeleton of its specific words
joined, and of the whole name with its generic words, plus — for skeletons of four consonants or
more — every skeleton with one consonant deleted (a symmetric-delete index: two skeletons one edit
apart share a key; shorter skeletons would flood two-consonant keys), and the skeleton of each word
of a multi-word name. A query is scored only
against the readings that share a block key with it, and of those only the ``SHORTLIST`` whose keys
are most alike (one C-level rapidfuzz pass) are scored in full.

Building the index costs a second or two per 50,000 names (pure Python), so a built index can be
exported to JSON (``to_data``) and read back (``from_data``) in a fraction of that: a pack can carry
it. ``INDEX_FORMAT`` changes whenever the keys or the stored layout change; a stored index of another
format is ignored and the index rebuilt.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from operator import itemgetter
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Indel

from toponym.index.similarity import name_similarity
from toponym.models import Place
from toponym.text.keys import NameKey, name_keys

INDEX_FORMAT = 5
SHORTLIST = 20  # readings scored in full, chosen among the blocked ones by a quick key similarity
_MIN_DELETE_LENGTH = 4
_MIN_WORD_BLOCK_LENGTH = 3
_WORD = "w:"  # prefix of the block keys of single words of multi-word names
_INDEXED_SCRIPTS = frozenset({"Latn", "Arab"})


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects that are all kept: its
    passes would otherwise rescan them again and again (loading doubles in time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def block_keys(key: NameKey) -> set[str]:
    """The block keys a reading is filed under (see the module docstring)."""
    out: set[str] = set()
    for whole in (key.skeleton, key.full_skeleton):
        if whole:
            out.add(whole)
            if len(whole) >= _MIN_DELETE_LENGTH:
                out.update(whole[:i] + whole[i + 1 :] for i in range(len(whole)))
    if len(key.skeletons) > 1:
        out.update(f"{_WORD}{word}" for word in key.skeletons if len(word) >= _MIN_WORD_BLOCK_LENGTH)
    return out


def indexable_texts(place: Place) -> list[str]:
    """The distinct Latin/Arabic texts of a place's names (its preferred forms first). Places outside
    Syria keep only their preferred, English and Arabic names: the world layer's alternate names in
    every language ("Urusan" for Ulsan) would catch words that are no place at all."""
    texts = [place.name, place.name_ar or ""]
    foreign = place.country not in ("SY", None)
    texts.extend(
        name.text
        for name in place.names
        if name.script in _INDEXED_SCRIPTS
        and (not foreign or name.status == "preferred" or name.lang == "eng" or name.script == "Arab")
    )
    return list(dict.fromkeys(t.strip() for t in texts if t and t.strip()))


class NameIndex:
    """The distinct readings of the names of some places, filed under their block keys."""

    def __init__(
        self,
        places: Sequence[Place],
        readings: list[NameKey | None],
        owners: list[list[int]],
        blocks: dict[str, list[int]],
        *,
        rows: list[list[Any]] | None = None,
    ) -> None:
        self.places = places
        self._readings = readings  # None where not yet rebuilt from ``rows`` (see ``reading``)
        self._rows = rows
        self.owners = owners  # per reading: place index, text index, place index, text index, ...
        self.blocks = blocks
        if rows is not None:
            self._full_keys = [row[0] for row in rows]
        else:
            self._full_keys = [reading.full_key for reading in readings if reading is not None]
        self.text = lru_cache(maxsize=4096)(self._text)

    def reading(self, reading_id: int) -> NameKey:
        """A reading by id (a stored index rebuilds each on first use: most are never needed)."""
        reading = self._readings[reading_id]
        if reading is None and self._rows is not None:
            reading = self._readings[reading_id] = NameKey.from_row(self._rows[reading_id][1])
        assert reading is not None
        return reading

    @classmethod
    def build(cls, places: Sequence[Place]) -> NameIndex:
        """Index the names of ``places`` (about a second per 50,000 names)."""
        readings: list[NameKey] = []
        owners: list[list[int]] = []
        blocks: dict[str, list[int]] = defaultdict(list)
        reading_ids: dict[NameKey, int] = {}
        with paused_gc():
            cls._file(places, readings, owners, blocks, reading_ids)
        return cls(places, list(readings), owners, dict(blocks))

    @staticmethod
    def _file(
        places: Sequence[Place],
        readings: list[NameKey],
        owners: list[list[int]],
        blocks: dict[str, list[int]],
        reading_ids: dict[NameKey, int],
    ) -> None:
        for place_index, place in enumerate(places):
            for text_index, text in enumerate(indexable_texts(place)):
                for reading in name_keys(text):
                    reading_id = reading_ids.get(reading)
                    if reading_id is None:
                        reading_id = reading_ids[reading] = len(readings)
                        readings.append(reading)
                        owners.append([])
                        for block in block_keys(reading):
                            blocks[block].append(reading_id)
                    owners[reading_id].extend((place_index, text_index))

    def to_data(self) -> dict[str, Any]:
        """The index as JSON-ready data (see ``from_data``)."""
        readings = [self.reading(i) for i in range(len(self._readings))]
        return {
            "readings": [[reading.full_key, reading.to_row()] for reading in readings],
            "owners": self.owners,
            "blocks": self.blocks,
        }

    @classmethod
    def from_data(cls, places: Sequence[Place], data: dict[str, Any]) -> NameIndex:
        """An index read back from ``to_data`` output, for the same places in the same order."""
        rows = data["readings"]
        return cls(places, [None] * len(rows), data["owners"], data["blocks"], rows=rows)

    def _text(self, place_index: int, text_index: int) -> str:
        return indexable_texts(self.places[place_index])[text_index]

    def candidate_readings(self, readings: Sequence[NameKey]) -> set[int]:
        """The readings sharing a block with the query, pruned to the ``SHORTLIST`` most alike keys."""
        found: set[int] = set()
        for reading in readings:
            for block in block_keys(reading):
                found.update(self.blocks.get(block, ()))
            if len(reading.skeletons) > 1:  # a query word may be a whole name: "Deiruneh Jableh"
                for word in reading.skeletons:
                    found.update(self.blocks.get(word, ()))
        if len(found) <= SHORTLIST:
            return found
        ids = list(found)
        keys = itemgetter(*ids)(self._full_keys)
        shortlist: set[int] = set()
        for reading in readings:
            for _, _, position in process.extract(
                reading.full_key, keys, scorer=Indel.normalized_similarity, limit=SHORTLIST
            ):
                shortlist.add(ids[position])
        return shortlist

    def scores(self, readings: Sequence[NameKey]) -> dict[int, tuple[float, int]]:
        """Best score and matched text index per place index, for the places sharing a block with the
        query (``text(place_index, text_index)`` gives the name as written)."""
        best: dict[int, tuple[float, int]] = {}
        for reading_id in self.candidate_readings(readings):
            name = self.reading(reading_id)
            score = max(name_similarity(reading, name) for reading in readings)
            owners = self.owners[reading_id]
            for i in range(0, len(owners), 2):
                place_index = owners[i]
                current = best.get(place_index)
                if current is None or score > current[0]:
                    best[place_index] = (score, owners[i + 1])
        return best
