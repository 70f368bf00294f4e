"""The name index: every reading of every name of a set of places, filed under block keys.

Each indexable text of a place (:func:`~toponym.index.places.indexable_texts`) becomes one or two
:class:`~toponym.text.keys.NameKey` readings; equal readings are stored once, with the places (owners)
that carry them — so every homonym of a reading is at hand. A reading is filed under its *block keys*:
the consonant skeleton of its specific words joined, and of the whole name with its generic words,
plus — for skeletons of four consonants or more — every skeleton with one consonant deleted (a
symmetric-delete index: two skeletons one edit apart share a key; shorter skeletons would flood
two-consonant keys), and the skeleton of each word of a multi-word name. A query is scored only
against the readings that share a block key with it, and of those only the ``SHORTLIST`` whose keys
are most alike (one C-level rapidfuzz pass) are scored in full.

The index is stored in packs as a few blobs (``to_blobs``/``from_blobs``): the readings as lines of
text decoded one by one when first scored, owners and blocks as flat integer arrays. Reading it back
costs a few hundredths of a second, and building it (a few seconds for Syria) happens once, when the
pack is written. ``INDEX_FORMAT`` changes whenever the keys or the stored layout change; a stored
index of another format is not used.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Indel

from toponym.index.places import PlaceTable
from toponym.index.similarity import name_similarity
from toponym.lazy import lazy
from toponym.text.keys import NameKey, name_keys

INDEX_FORMAT = 20
SHORTLIST = 20  # readings scored in full, chosen among the blocked ones by a quick key similarity...
# ... and only those whose quick similarity is at most this far below the best one's: on the crosswalk
# dev set, no answer comes from a reading further behind (and the full scoring of a fifth of the
# readings is saved)
SHORTLIST_SPREAD = 0.2
_MIN_DELETE_LENGTH = 4
_MIN_WORD_BLOCK_LENGTH = 3
_WORD = "w:"  # prefix of the block keys of single words of multi-word names
_ROW = "\n"

Scores = dict[int, tuple[float, int]]  # place position -> (best score, index of the text that scored it)


def block_keys(key: NameKey) -> set[str]:
    """The block keys a reading is filed under (see the module docstring)."""
    out: set[str] = set()
    for whole in (key.skeleton, key.full_skeleton):
        if whole:
            out.add(whole)
            if len(whole) >= _MIN_DELETE_LENGTH:
                out.update([whole[:i] + whole[i + 1 :] for i in range(len(whole))])
    if len(key.skeletons) > 1:
        out.update([f"{_WORD}{word}" for word in key.skeletons if len(word) >= _MIN_WORD_BLOCK_LENGTH])
    return out


def _query_block_keys(readings: Sequence[NameKey]) -> set[str]:
    """A query's block keys: its readings' own, and each of its words alone (a query word may be a
    whole name: "Deiruneh Jableh")."""
    out: set[str] = set()
    for reading in readings:
        out |= block_keys(reading)
        if len(reading.skeletons) > 1:
            out.update(reading.skeletons)
    return out


class NameIndex:
    """The distinct readings of the names of a ``PlaceTable``'s places, filed under their block keys."""

    def __init__(
        self,
        *,
        readings: list[str] | list[NameKey],
        full_keys: list[str],
        owner_starts: Sequence[int],
        owners: Sequence[int],
        block_positions: Mapping[str, int],
        block_starts: Sequence[int],
        blocked: Sequence[int],
    ) -> None:
        self._readings: list[Any] = list(readings)  # NameKey, or its encoded line until first needed
        self._full_keys = full_keys
        self._owner_starts = owner_starts  # owners of reading r: owners[starts[r]:starts[r+1]]
        self._owners = owners  # flat: place position, text index, place position, text index, ...
        self._block_positions = block_positions  # block key -> its number
        self._block_starts = block_starts
        self._blocked = blocked  # flat: reading ids, block by block

    # -- building and storing -----------------------------------------------------------------
    @classmethod
    def build(cls, table: PlaceTable) -> NameIndex:
        """Index the texts of every place of ``table`` (a few seconds for the whole of Syria)."""
        readings: list[NameKey] = []
        owners: list[list[int]] = []
        reading_ids: dict[NameKey, int] = {}
        blocks: defaultdict[str, list[int]] = defaultdict(list)
        for position in range(len(table)):
            for text_index, text in enumerate(table.texts(position)):
                for reading in name_keys(text):
                    reading_id = reading_ids.get(reading)
                    if reading_id is None:
                        reading_id = reading_ids[reading] = len(readings)
                        readings.append(reading)
                        owners.append([])
                        for block in block_keys(reading):
                            blocks[block].append(reading_id)
                    owners[reading_id].extend((position, text_index))
        block_positions = {block: i for i, block in enumerate(blocks)}
        return cls(
            readings=readings,
            full_keys=[reading.full_key for reading in readings],
            owner_starts=_starts(owners),
            owners=array("i", (owner for group in owners for owner in group)),
            block_positions=block_positions,
            block_starts=_starts(blocks.values()),
            blocked=array("i", (r for group in blocks.values() for r in group)),
        )

    def to_blobs(self) -> dict[str, bytes]:
        lines = [r.encode() if isinstance(r, NameKey) else r for r in self._readings]
        return {
            "names.readings": _ROW.join(lines).encode(),
            "names.full_keys": _ROW.join(self._full_keys).encode(),
            "names.owner_starts": array("i", self._owner_starts).tobytes(),
            "names.owners": array("i", self._owners).tobytes(),
            "names.blocks": _ROW.join(self._block_positions).encode(),
            "names.block_starts": array("i", self._block_starts).tobytes(),
            "names.blocked": array("i", self._blocked).tobytes(),
        }

    @classmethod
    def from_blobs(cls, blobs: Mapping[str, bytes]) -> NameIndex:
        readings = _lines(blobs["names.readings"])
        blocks = _lines(blobs["names.blocks"])
        return cls(
            readings=readings,
            full_keys=_lines(blobs["names.full_keys"]) if readings else [],
            owner_starts=_ints(blobs["names.owner_starts"]),
            owners=_ints(blobs["names.owners"]),
            block_positions=dict(zip(blocks, range(len(blocks)), strict=True)),
            block_starts=_ints(blobs["names.block_starts"]),
            blocked=_ints(blobs["names.blocked"]),
        )

    # -- looking up -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._readings)

    def reading(self, reading_id: int) -> NameKey:
        """A reading by id (a stored one is decoded on first use: most are never needed)."""
        reading = self._readings[reading_id]
        if isinstance(reading, str):
            reading = self._readings[reading_id] = NameKey.decode(reading)
        return reading

    def owners(self, reading_id: int) -> Sequence[int]:
        """Flat (place position, text index) pairs of the places that carry this reading."""
        return self._owners[self._owner_starts[reading_id] : self._owner_starts[reading_id + 1]]

    def candidate_readings(self, readings: Sequence[NameKey]) -> Iterable[int]:
        """The readings sharing a block with the query, pruned to the ``SHORTLIST`` most alike keys."""
        found: set[int] = set()
        positions, starts, blocked = self._block_positions, self._block_starts, self._blocked
        for block in _query_block_keys(readings):
            number = positions.get(block)
            if number is not None:
                found.update(blocked[starts[number] : starts[number + 1]])
        if len(found) <= SHORTLIST:
            return sorted(found)
        # in id order: keys alike at the shortlist's edge are then kept by id, not by the order a set
        # of block keys (strings, hashed anew in each process) happened to gather them in
        ids = sorted(found)
        keys = itemgetter(*ids)(self._full_keys)  # more than SHORTLIST ids: a tuple
        shortlist: set[int] = set()
        for reading in readings:
            found_keys = process.extract(
                reading.full_key, keys, scorer=Indel.normalized_similarity, limit=SHORTLIST
            )
            floor = found_keys[0][1] - SHORTLIST_SPREAD if found_keys else 0.0
            shortlist.update(ids[position] for _, similarity, position in found_keys if similarity >= floor)
        return sorted(shortlist)

    def same_scores(self, readings: Sequence[NameKey]) -> Scores:
        """The scores of the readings equal to the query's own (every homonym of its keys), without
        blocking or scoring the rest: what a caller asks when only exact spellings matter."""
        best: Scores = {}
        ids = self._reading_ids
        for reading in readings:
            reading_id = ids.get(reading.encode())
            if reading_id is None:
                continue
            score = name_similarity(reading, self.reading(reading_id))
            owners = self.owners(reading_id)
            for i in range(0, len(owners), 2):
                current = best.get(owners[i])
                if current is None or score > current[0]:
                    best[owners[i]] = (score, owners[i + 1])
        return best

    @lazy
    def _reading_ids(self) -> dict[str, int]:
        """Every reading's encoded line -> its id (made on first use, from the stored lines)."""
        return {(r.encode() if isinstance(r, NameKey) else r): i for i, r in enumerate(self._readings)}

    def scores(self, readings: Sequence[NameKey]) -> Scores:
        """Best score and matched text index per place position, for the places sharing a block with
        the query."""
        best: Scores = {}
        for reading_id in self.candidate_readings(readings):
            name = self.reading(reading_id)
            if len(readings) == 1:
                score = name_similarity(readings[0], name)
            else:
                score = max([name_similarity(reading, name) for reading in readings])
            owners = self.owners(reading_id)
            for i in range(0, len(owners), 2):
                position = owners[i]
                current = best.get(position)
                if current is None or score > current[0]:
                    best[position] = (score, owners[i + 1])
        return best


def _starts(groups: Iterable[Sequence[int]]) -> array[int]:
    """Where each group starts in the flat array of all groups, and where the last one ends."""
    starts = array("i", [0])
    for group in groups:
        starts.append(starts[-1] + len(group))
    return starts


def _lines(blob: bytes) -> list[str]:
    return blob.decode().split(_ROW) if blob else []


def _ints(blob: bytes) -> array[int]:
    values = array("i")
    values.frombytes(blob)
    return values
