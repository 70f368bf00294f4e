"""Which word sequences of a text may be names: every indexable text of every place under its three
detection keys (:func:`toponym.text.keys.detection_key`: exact, loose, skeleton), with the places
that bear it, and every leading part of every key (where a name may go on).

It answers extraction's two questions about a run of capitalised words — may it go on, and is it a
name at all, and how closely — with a few set look-ups per word; *which* place a name means is the
matcher's business (:mod:`toponym.resolve`). Stored in packs beside the name index, as blobs.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

from toponym.index.places import PlaceTable
from toponym.text.keys import DetectionKey, detection_key

# Names longer than this (in words) are not looked for in text.
MAX_NAME_WORDS = 6
# A skeleton of fewer consonants than this meets too many words to mean anything.
MIN_SKELETON_CONSONANTS = 3

EXACT, LOOSE, SKELETON = "exact", "loose", "skeleton"
_LEVELS = (EXACT, LOOSE, SKELETON)
_ROW = "\n"


def skeleton_usable(skeleton: str) -> bool:
    return len(skeleton) - skeleton.count(" ") >= MIN_SKELETON_CONSONANTS


class _Level:
    """One level's table: key → the positions of the places with a text of that key, kept as one flat
    array (a key's places are sliced out when asked for, not at load)."""

    def __init__(self, numbers: Mapping[str, int], starts: Sequence[int], places: Sequence[int]) -> None:
        self.numbers = numbers
        self.starts = starts
        self.flat = places

    @classmethod
    def of(cls, table: Mapping[str, Sequence[int]]) -> _Level:
        starts, flat = array("i", [0]), array("i")
        for places in table.values():
            flat.extend(places)
            starts.append(len(flat))
        return cls({key: i for i, key in enumerate(table)}, starts, flat)

    def __contains__(self, key: object) -> bool:
        return key in self.numbers

    def __iter__(self) -> Iterator[str]:
        return iter(self.numbers)

    def get(self, key: str) -> Sequence[int]:
        number = self.numbers.get(key)
        return () if number is None else self.flat[self.starts[number] : self.starts[number + 1]]


class DetectionTables:
    """Detection key → the positions of the places with a text of that key, at each level."""

    def __init__(self, levels: Mapping[str, _Level], prefixes: frozenset[str]) -> None:
        self.exact = levels[EXACT]
        self.loose = levels[LOOSE]
        self.skeletons = levels[SKELETON]
        self.prefixes = prefixes  # every key's leading words, at every level

    @classmethod
    def build(cls, table: PlaceTable) -> DetectionTables:
        found: dict[str, defaultdict[str, dict[int, None]]] = {level: defaultdict(dict) for level in _LEVELS}
        for position in range(len(table)):
            for text in table.texts(position):
                keys = detection_key(text)
                if not keys.exact or keys.exact.count(" ") >= MAX_NAME_WORDS:
                    continue
                found[EXACT][keys.exact][position] = None
                if keys.loose:
                    found[LOOSE][keys.loose][position] = None
                if keys.skeleton:
                    found[SKELETON][keys.skeleton][position] = None
        levels = {level: _Level.of({key: tuple(p) for key, p in found[level].items()}) for level in _LEVELS}
        return cls(levels, _prefixes(levels))

    def may_continue(self, exact: str, loose: str, skeleton: str) -> bool:
        """Whether some name starts with these words (a cheap test before looking a sequence up)."""
        prefixes = self.prefixes
        return exact in prefixes or loose in prefixes or (bool(skeleton) and skeleton in prefixes)

    def known(self, keys: DetectionKey) -> str:
        """How the tables know this word sequence: EXACT, LOOSE, SKELETON, or "" (not at all)."""
        # (the levels' key dicts asked directly: ``in`` a level is a Python call, and extraction asks
        # this of every word sequence it grows)
        if keys.exact in self.exact.numbers:
            return EXACT
        if keys.loose and keys.loose in self.loose.numbers:
            return LOOSE
        if skeleton_usable(keys.skeleton) and keys.skeleton in self.skeletons.numbers:
            return SKELETON
        return ""

    def places(self, keys: DetectionKey) -> dict[int, str]:
        """The positions of the places that may bear this name, each with the closest level."""
        found: dict[int, str] = dict.fromkeys(self.exact.get(keys.exact), EXACT)
        for position in self.loose.get(keys.loose) if keys.loose else ():
            found.setdefault(position, LOOSE)
        if skeleton_usable(keys.skeleton):
            for position in self.skeletons.get(keys.skeleton):
                found.setdefault(position, SKELETON)
        return found

    # -- storage --------------------------------------------------------------------------------
    def to_blobs(self) -> dict[str, bytes]:
        blobs: dict[str, bytes] = {}
        for level, table in ((EXACT, self.exact), (LOOSE, self.loose), (SKELETON, self.skeletons)):
            blobs[f"detection.{level}.keys"] = _ROW.join(table.numbers).encode()
            blobs[f"detection.{level}.starts"] = array("i", table.starts).tobytes()
            blobs[f"detection.{level}.places"] = array("i", table.flat).tobytes()
        # stored, not worked out again at load: splitting 300,000 keys into their leading words took
        # a fifth of a second of every process's first extraction
        blobs["detection.prefixes"] = _ROW.join(sorted(self.prefixes)).encode()
        return blobs

    @classmethod
    def from_blobs(cls, blobs: Mapping[str, bytes]) -> DetectionTables:
        levels: dict[str, _Level] = {}
        for level in _LEVELS:
            text = blobs[f"detection.{level}.keys"].decode()
            keys = text.split(_ROW) if text else []
            starts, flat = array("i"), array("i")
            starts.frombytes(blobs[f"detection.{level}.starts"])
            flat.frombytes(blobs[f"detection.{level}.places"])
            levels[level] = _Level(dict(zip(keys, range(len(keys)), strict=True)), starts, flat)
        prefixes = blobs["detection.prefixes"].decode()
        return cls(levels, frozenset(prefixes.split(_ROW)) if prefixes else frozenset())


def _prefixes(levels: Mapping[str, _Level]) -> frozenset[str]:
    out: set[str] = set()
    for level in levels.values():
        for key in level:
            words = key.split(" ")
            out.update(" ".join(words[:size]) for size in range(1, len(words) + 1))
    return frozenset(out)
