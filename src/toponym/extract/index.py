"""Which word sequences may be gazetteer names: every name of every place under three detection keys.

Each key maps to the places that have a name with that key, so a mention's homonyms (the dozens of
"As Sawda") are all at hand for document-context resolution. Built once per gazetteer on first use
(under a lock) and kept beside it in a weak mapping, so a dropped gazetteer takes its index with it.
"""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toponym.extract.keys import loose_words, skeleton_of_words
from toponym.text.lexicon import lexicon
from toponym.text.normalize import normalize

if TYPE_CHECKING:
    from toponym.gazetteer import Gazetteer

# Names longer than this (in words) are not looked for in text.
MAX_NAME_WORDS = 6
# A skeleton of fewer consonants than this meets too many words to mean anything.
MIN_SKELETON_CONSONANTS = 3

EXACT, LOOSE, SKELETON = "exact", "loose", "skeleton"


@dataclass(frozen=True, slots=True)
class Keys:
    """The three detection keys of one word sequence."""

    exact: str
    loose: str
    skeleton: str

    @classmethod
    def of(cls, text: str) -> Keys:
        key = normalize(text)
        words = loose_words(key, lexicon().articles)
        return cls(key, " ".join(words), skeleton_of_words(words))


@dataclass(frozen=True, slots=True)
class NameIndex:
    exact: dict[str, tuple[str, ...]]  # key -> ids of the places with a name of that key
    loose: dict[str, tuple[str, ...]]
    skeletons: dict[str, tuple[str, ...]]
    governorate_of_name: dict[str, str]  # normalised governorate name (any spelling) -> place id
    governorate_of_skeleton: dict[str, str]  # the same by skeleton, where only one governorate has it
    prefixes: frozenset[str]  # every key's leading words, at every level: where a name may go on

    def may_continue(self, exact: str, loose: str, skeleton: str) -> bool:
        """Whether some name starts with these words (a cheap test before looking a sequence up)."""
        prefixes = self.prefixes
        return exact in prefixes or loose in prefixes or (bool(skeleton) and skeleton in prefixes)

    def known(self, keys: Keys) -> str:
        """How the index knows this word sequence: EXACT, LOOSE, SKELETON, or "" (not at all)."""
        if keys.exact in self.exact:
            return EXACT
        if keys.loose in self.loose:
            return LOOSE
        if _skeleton_usable(keys.skeleton) and keys.skeleton in self.skeletons:
            return SKELETON
        return ""

    def places(self, keys: Keys) -> dict[str, str]:
        """The places that may bear this name: id -> the closest level at which it is known."""
        found: dict[str, str] = dict.fromkeys(self.exact.get(keys.exact, ()), EXACT)
        for place_id in self.loose.get(keys.loose, ()):
            found.setdefault(place_id, LOOSE)
        if _skeleton_usable(keys.skeleton):
            for place_id in self.skeletons.get(keys.skeleton, ()):
                found.setdefault(place_id, SKELETON)
        return found

    def governorate(self, admin1: str | None) -> str | None:
        """The id of the governorate a place's ``admin1`` names, whatever its spelling."""
        if not admin1:
            return None
        keys = Keys.of(admin1)
        found = self.governorate_of_name.get(keys.exact)
        return found if found is not None else self.governorate_of_skeleton.get(keys.skeleton)


def _prefixes(key: str) -> list[str]:
    words = key.split(" ")
    return [" ".join(words[:size]) for size in range(1, len(words) + 1)]


def _skeleton_usable(skeleton: str) -> bool:
    return len(skeleton) - skeleton.count(" ") >= MIN_SKELETON_CONSONANTS


_indexes: weakref.WeakKeyDictionary[Gazetteer, NameIndex] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def name_index(gazetteer: Gazetteer) -> NameIndex:
    index = _indexes.get(gazetteer)
    if index is None:
        with _lock:
            index = _indexes.get(gazetteer)
            if index is None:
                index = _build(gazetteer)
                _indexes[gazetteer] = index
    return index


def _build(gazetteer: Gazetteer) -> NameIndex:
    articles = lexicon().articles
    exact: defaultdict[str, dict[str, None]] = defaultdict(dict)
    loose: defaultdict[str, dict[str, None]] = defaultdict(dict)
    skeletons: defaultdict[str, dict[str, None]] = defaultdict(dict)
    governorates: dict[str, str] = {}
    for place in gazetteer:
        for text in {place.name, *(name.text for name in place.names)}:
            key = normalize(text)
            if not key or len(key.split()) > MAX_NAME_WORDS:
                continue
            words = loose_words(key, articles)
            exact[key][place.id] = None
            loose[" ".join(words)][place.id] = None
            skeleton = skeleton_of_words(words)
            if skeleton:
                skeletons[skeleton][place.id] = None
            if place.kind == "governorate":
                governorates.setdefault(key, place.id)
        if place.kind == "governorate" and place.admin1:
            governorates.setdefault(normalize(place.admin1), place.id)
    by_skeleton: defaultdict[str, set[str]] = defaultdict(set)
    for key, place_id in governorates.items():
        by_skeleton[skeleton_of_words(loose_words(key, articles))].add(place_id)
    return NameIndex(
        exact={key: tuple(ids) for key, ids in exact.items()},
        loose={key: tuple(ids) for key, ids in loose.items()},
        skeletons={key: tuple(ids) for key, ids in skeletons.items()},
        governorate_of_name=governorates,
        governorate_of_skeleton={key: ids.pop() for key, ids in by_skeleton.items() if len(ids) == 1 and key},
        prefixes=frozenset(
            prefix for keys in (exact, loose, skeletons) for key in keys for prefix in _prefixes(key)
        ),
    )
