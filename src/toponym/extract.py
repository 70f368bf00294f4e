"""Find and resolve the place mentions of a text: ``extract(gazetteer, text) -> list[Mention]``.

Detection (``toponym.extraction.spans``) finds the stretches of text that may name places: the
gazetteer's names in any romanisation (over capitalised runs, never over every word), and places
the gazetteer lacks when cue words say they are places ("the villages of A, B and C", "X village").
Resolution (``toponym.extraction.context``) then resolves each mention in the light of the others.

Every occurrence is a mention, in the order of the text; ``Mention.text == text[start:end]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toponym.extraction.context import resolve_candidates
from toponym.extraction.index import name_index
from toponym.extraction.spans import find_candidates
from toponym.models import Mention

if TYPE_CHECKING:
    from toponym.gazetteer import Gazetteer


def extract(gazetteer: Gazetteer, text: str) -> list[Mention]:
    """Every place mention in ``text``: known places with their ``Match``, cued unknown ones with None."""
    index = name_index(gazetteer)
    return resolve_candidates(gazetteer, index, find_candidates(text, index))
