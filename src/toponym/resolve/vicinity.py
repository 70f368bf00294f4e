"""A value that says where in relation to a place: "near Saraqib", "east of Aleppo", "on the outskirts
of Douma", "قرب سراقب", "in the north of Hama".

Event tables describe many locations so ("where_description", an archive's free-text location), and
they place such an event at the place named, as UCDP's precision codes do ("within 25 km of a known
point": the point is the known place's). So the answer is that place, but never a sure one: the value
does not name it, it names somewhere by it. The phrases are extraction's relation words
(``relations.tsv``, roles ``near`` and ``part_of``), read at the start of the value only, and only when
the whole value fits no place surely (``Matcher.candidates``): "Outside" could begin a name.
"""

from __future__ import annotations

import re
from itertools import islice

from toponym.text.keys import RURAL, query_keys
from toponym.text.lexicon import lexicon
from toponym.text.normalize import normalize

# The most an answer read through a relation shows: the place named is where the value is, near it or
# in it, not what it is (the top of the band of matches to review).
VICINITY_CEILING = 94.0
_ROLES = frozenset({"near", "part_of"})
# Words as relations.tsv counts them: hyphens are spaces ("north-east of").
_WORD = re.compile(r"[^\s\-‐‑–]+")


def vicinity_anchor(query: str) -> str | None:
    """The place a value names after a leading relation phrase ("near Saraqib" -> "Saraqib"), or None
    when it starts with none, or nothing follows it. A phrase that says the country around the place
    keeps saying so: "in the countryside of Idlib" is "Idlib countryside", the governorate."""
    words = lexicon()
    # a phrase, then at least a word: no more of the value is read than that
    tokens = list(islice(_WORD.finditer(query), words.relation_max_words + 1))
    keys = [normalize(token.group()) for token in tokens]
    for length in range(min(words.relation_max_words, len(tokens) - 1), 0, -1):
        relation = words.relations.get(tuple(keys[:length]))
        if relation is not None and relation.role in _ROLES and not relation.after_cue:
            anchor = query[tokens[length - 1].end() :].strip(" \t,:-")
            if not anchor:
                return None
            rural = [
                t.group()
                for t in tokens[:length]
                if any(RURAL in r.qualifiers for r in query_keys(t.group()))
            ]
            return f"{anchor} {rural[0]}" if rural else anchor
    return None
