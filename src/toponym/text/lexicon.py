"""The word tables of ``words/``, read once on first use: one list per kind of word, used alike by the
matching keys (:mod:`toponym.text.keys`), the ranking (words that name no place) and extraction.

``words/README.md`` says what each file holds and who uses it. Lists of words are kept as
``normalize`` keys (acronyms as written, upper case); the tables the keys fold (generic words,
qualifiers, descriptors) keep their spellings as written, for the keys to fold their own way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from toponym.lazy import once
from toponym.text.normalize import normalize

NO_KIND = "-"  # in the tables: a word that says "a place" without saying which kind
# A short upper-case word ("SANA", "NDF") is an acronym, not a place, unless acronyms.txt lists it.
ACRONYM_MAX_LETTERS = 5
NOT_A_CUE = "no"  # generics.tsv: its English words are everyday words ("well", "spring"), not cues


@dataclass(frozen=True, slots=True)
class Cue:
    """A word that announces a place: the kind it implies (None: any) and whether it is part of the name."""

    kind: str | None
    feature: bool  # mountain, plain, valley...: kept in the mention when written capitalised
    named: bool = False  # air base, camp, dam...: part of a feature's name, kept however written


@dataclass(frozen=True, slots=True)
class Relation:
    """Words between two mentions that say how the places lie: ``part_of``, ``near``, ``and`` (a list)
    or ``skip`` (words that change nothing), and whether they need the first place's cue word before them."""

    role: str
    after_cue: bool


@dataclass(frozen=True, slots=True)
class GenericWord:
    """A toponymic head (Tall, Jabal, Kafr): its spellings before a name and its English words."""

    canonical: str
    spellings: tuple[str, ...]  # Arabic script and romanised, as written in the table
    english: tuple[str, ...]
    cue: bool  # whether its English words after a name announce a place ("al-Ghab Plain")
    cue_kind: str | None  # the kind they imply ("X Mountain": mountain; None: any)


@dataclass(frozen=True, slots=True)
class QualifierWord:
    """A word telling two places of one name apart (Upper, Eastern, Big): Arabic and English forms."""

    canonical: str
    arabic: tuple[str, ...]
    english: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every table of ``words/``."""

    generic_words: tuple[GenericWord, ...]
    qualifier_words: tuple[QualifierWord, ...]
    descriptor_words: Mapping[str, str | None]  # word as written -> the kind it names (None: any)
    descriptor_cues: frozenset[str]  # the descriptors that are cues in English text
    descriptor_links: frozenset[str]  # "of", "de" after a descriptor: "Governorate of Idlib"
    cues: Mapping[str, Cue]  # normalize key -> cue (a feature cue of two words: "air base")
    cue_max_words: int
    cue_first_words: frozenset[str]  # the first word of each cue: no cue starts with any other
    cue_adjectives: frozenset[
        str
    ]  # "residential": before a descriptor, the same cue ("residential neighborhoods")
    generics: frozenset[str]  # normalize keys of every romanised head (text: "a run led by one")
    articles: frozenset[str]
    particles: frozenset[str]
    connectors: frozenset[str]  # articles and particles: lower-case words that join a name's words
    directions: frozenset[str]
    common_words: frozenset[str]
    demonyms: frozenset[str]
    organisations: frozenset[str]
    org_heads: frozenset[str]
    org_tails: frozenset[str]
    reporting: frozenset[str]  # words that make a medium of a name that is also a place
    speech_verbs: frozenset[str]  # "said", "pointed": after a short run, the person quoted
    locatives: frozenset[str]  # "in", "near": a run after one is set as a place
    bodies: frozenset[str]  # "party", "movement": after a name, the name of a body
    function_words: frozenset[str]  # "In", "The" at a sentence's start: no loosely read name begins so
    modifiers: frozenset[str]  # "-made", "-backed": hyphenated after a name, an adjective of origin
    titles: frozenset[str]
    given_names: frozenset[str]
    facilities: frozenset[str]  # a foreign place's name before one names a facility (al-Quds hospital)
    acronyms: frozenset[str]
    arabic_cues: frozenset[str]
    organisation_max_words: int
    relations: Mapping[tuple[str, ...], Relation]  # phrase (its ``normalize`` words) -> relation
    relation_max_words: int


def _lines(filename: str) -> list[str]:
    text = resources.files("toponym.text").joinpath("words").joinpath(filename).read_text(encoding="utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _columns(filename: str, count: int) -> list[list[str]]:
    rows = []
    for number, line in enumerate(_lines(filename), 1):
        fields = line.split("\t")
        if len(fields) != count:
            raise ValueError(f"words/{filename}: row {number} has {len(fields)} fields, not {count}")
        rows.append([field.strip() for field in fields])
    return rows


def _keys(filename: str) -> frozenset[str]:
    return frozenset(key for key in map(normalize, _lines(filename)) if key)


def _kind(value: str) -> str | None:
    return None if value == NO_KIND else value


@once
def lexicon() -> Lexicon:
    """The word tables, loaded on first use."""
    generic_words = tuple(
        GenericWord(
            canonical,
            tuple(spellings.split()),
            tuple(english.split()),
            kind != NOT_A_CUE,
            _kind(kind) if kind != NOT_A_CUE else None,
        )
        for canonical, spellings, english, kind in _columns("generics.tsv", 4)
    )
    qualifier_words = tuple(
        QualifierWord(canonical, tuple(arabic.split()), tuple(english.split()))
        for canonical, arabic, english in _columns("qualifiers.tsv", 3)
    )
    descriptor_rows = _columns("descriptors.tsv", 3)
    feature_cues = {
        normalize(phrase): Cue(_kind(kind), feature=True, named=True)
        for phrase, kind in _columns("feature_cues.tsv", 2)
    }
    descriptor_words = {word: _kind(kind) for word, kind, _ in descriptor_rows}
    descriptor_cues = frozenset(word for word, _, cue in descriptor_rows if cue == "yes")
    articles = _keys("articles.txt")
    particles = _keys("particles.txt")
    cues = (
        _cues({w: descriptor_words[w] for w in descriptor_cues}, generic_words, qualifier_words)
        | feature_cues
    )
    # "al-Jora residential neighborhoods": an adjective before a descriptor leaves it the same cue
    cue_adjectives = _keys("cue_adjectives.txt")
    cues |= {
        f"{adjective} {normalize(word)}": Cue(descriptor_words[word], feature=False)
        for adjective in cue_adjectives
        for word in descriptor_cues
        if word.isascii()
    }
    organisations = _keys("organisations.txt")
    relations: dict[tuple[str, ...], Relation] = {}
    for phrase, role, after_cue in _columns("relations.tsv", 3):
        relations[tuple(normalize(phrase).split())] = Relation(role=role, after_cue=after_cue == "yes")
    return Lexicon(
        generic_words=generic_words,
        qualifier_words=qualifier_words,
        descriptor_words=MappingProxyType(descriptor_words),
        descriptor_cues=descriptor_cues,
        descriptor_links=_keys("descriptor_links.txt"),
        cues=MappingProxyType(cues),
        cue_max_words=max(len(key.split()) for key in cues),
        cue_first_words=frozenset(key.split()[0] for key in cues),
        cue_adjectives=cue_adjectives,
        generics=frozenset(
            normalize(spelling)
            for word in generic_words
            for spelling in word.spellings
            if spelling.isascii() and normalize(spelling) not in articles
        ),
        articles=articles,
        particles=particles,
        connectors=articles | particles,
        directions=_keys("directions.txt"),
        common_words=_keys("common_words.txt"),
        demonyms=_keys("demonyms.txt"),
        organisations=organisations,
        org_heads=_keys("org_heads.txt"),
        org_tails=_keys("org_tails.txt"),
        reporting=_keys("reporting.txt"),
        speech_verbs=_keys("speech_verbs.txt"),
        locatives=_keys("locatives.txt"),
        bodies=_keys("bodies.txt"),
        function_words=_keys("function_words.txt"),
        modifiers=_keys("modifiers.txt"),
        titles=_keys("titles.txt"),
        given_names=_keys("given_names.txt"),
        facilities=_keys("facilities.txt"),
        acronyms=frozenset(_lines("acronyms.txt")),
        arabic_cues=_keys("arabic_cues.txt"),
        organisation_max_words=max(len(key.split()) for key in organisations),
        relations=MappingProxyType(relations),
        relation_max_words=max(len(phrase) for phrase in relations),
    )


def _cues(
    descriptors: Mapping[str, str | None],
    generics: tuple[GenericWord, ...],
    qualifiers: tuple[QualifierWord, ...],
) -> dict[str, Cue]:
    """The words that announce a place in text: the English descriptors ("X village", "the towns of"),
    the English generic words, which stay in the mention ("al-Ghab Plain"), and the words of the rural
    qualifier ("Hama countryside"), which say "an area" without saying which."""
    cues = {normalize(word): Cue(kind, feature=False) for word, kind in descriptors.items() if word.isascii()}
    for generic in generics:
        if generic.cue:
            cues.update({normalize(w): Cue(generic.cue_kind, feature=True) for w in generic.english})
    for qualifier in qualifiers:
        if qualifier.canonical == "rural":
            cues.update({normalize(w): Cue(None, feature=False) for w in qualifier.english if w.isascii()})
    return cues
