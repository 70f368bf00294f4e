"""The word lists extraction relies on, read once from ``lexicon/`` (see its README for each list)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import resources

from toponym.text.normalize import normalize

_lock = threading.Lock()
_cached: Lexicon | None = None


@dataclass(frozen=True, slots=True)
class Cue:
    """A word that announces a place: the kind it implies (None: any) and whether it is part of the name."""

    kind: str | None
    feature: bool  # mountain, plain, valley...: kept in the mention when written capitalised


@dataclass(frozen=True, slots=True)
class Relation:
    """Words between two mentions that say how the places lie: ``part_of``, ``near``, ``and`` (a list)
    or ``skip`` (words that change nothing), and whether they need the first place's cue word before them."""

    role: str
    after_cue: bool


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every list as a frozenset of ``normalize`` keys (acronyms: upper-case forms as written)."""

    cues: dict[str, Cue]
    generics: frozenset[str]
    articles: frozenset[str]
    directions: frozenset[str]
    common_words: frozenset[str]
    demonyms: frozenset[str]
    organisations: frozenset[str]
    org_heads: frozenset[str]
    org_tails: frozenset[str]
    titles: frozenset[str]
    given_names: frozenset[str]
    acronyms: frozenset[str]
    arabic_cues: frozenset[str]
    organisation_max_words: int
    relations: dict[tuple[str, ...], Relation]  # phrase (its ``normalize`` words) -> relation
    relation_max_words: int


def lexicon() -> Lexicon:
    """The lexicon, loaded on first use (under a lock, as pycountry loads its databases)."""
    global _cached
    if _cached is None:
        with _lock:
            if _cached is None:
                _cached = _load()
    return _cached


def _lines(filename: str) -> list[str]:
    text = resources.files("toponym.text").joinpath("words").joinpath(filename).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _keys(filename: str) -> frozenset[str]:
    return frozenset(key for key in map(normalize, _lines(filename)) if key)


def _load() -> Lexicon:
    cues: dict[str, Cue] = {}
    for line in _lines("cues.tsv"):
        word, kind, role = line.split("\t")
        cues[normalize(word)] = Cue(kind=None if kind == "-" else kind, feature=role == "feature")
    organisations = _keys("organisations.txt")
    relations: dict[tuple[str, ...], Relation] = {}
    for line in _lines("relations.tsv"):
        phrase, role, after_cue = line.split("\t")
        relations[tuple(normalize(phrase).split())] = Relation(role=role, after_cue=after_cue == "yes")
    return Lexicon(
        cues=cues,
        generics=_keys("generics.txt"),
        articles=_keys("articles.txt"),
        directions=_keys("directions.txt"),
        common_words=_keys("common_words.txt"),
        demonyms=_keys("demonyms.txt"),
        organisations=organisations,
        org_heads=_keys("org_heads.txt"),
        org_tails=_keys("org_tails.txt"),
        titles=_keys("titles.txt"),
        given_names=_keys("given_names.txt"),
        acronyms=frozenset(_lines("acronyms.txt")),
        arabic_cues=_keys("arabic_cues.txt"),
        organisation_max_words=max(len(key.split()) for key in organisations),
        relations=relations,
        relation_max_words=max(len(phrase) for phrase in relations),
    )
