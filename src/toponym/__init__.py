"""toponym: resolve the place names people write about Syria to canonical places, offline.

>>> import toponym
>>> gaz = toponym.load()                 # embedded default, or toponym.load("syria.db")
>>> gaz.resolve("Lattakia").place.id
'geonames:173576'
"""

from __future__ import annotations

from toponym._version import __version__
from toponym.errors import (
    FetchError,
    InputError,
    InvalidOption,
    OutputError,
    PackError,
    PlaceNotFound,
    SourceError,
    ToponymError,
    UnknownContextWarning,
)
from toponym.gazetteer import Gazetteer
from toponym.loader import load
from toponym.models import Match, Mention, Name, Place
from toponym.text.normalize import normalize

__all__ = [
    "FetchError",
    "Gazetteer",
    "InputError",
    "InvalidOption",
    "Match",
    "Mention",
    "Name",
    "OutputError",
    "PackError",
    "Place",
    "PlaceNotFound",
    "SourceError",
    "ToponymError",
    "UnknownContextWarning",
    "__version__",
    "load",
    "normalize",
]
