"""Checking the values callers hand to the library's front door (``Gazetteer`` methods).

What pandas and CSV readers hand over for a blank cell — ``None`` and NaN — is a blank, as ``""`` is:
no match, never an error. Any other value that is not a string is a mistake worth a ``TypeError``
naming the argument. Lone surrogates (undecodable bytes that Python's ``surrogateescape`` kept,
from a command line or a file read leniently) are replaced by U+FFFD, so no folding step ever sees
them (unidecode warns on them).
"""

from __future__ import annotations

import math
import re

_LONE_SURROGATES = re.compile("[\ud800-\udfff]")


def text_argument(value: object, name: str) -> str | None:
    """``value`` as text, or None when it is blank's stand-in (None, NaN). ``name`` is the argument's
    name, for the ``TypeError`` any other non-string raises."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string (or None), not {type(value).__name__}: {value!r:.80}")
    return _LONE_SURROGATES.sub("\ufffd", value)


def limit_argument(value: object, name: str = "limit") -> int:
    """A count of results: an int of at least 1 (``ValueError`` otherwise, naming the value)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a whole number of at least 1, not {value!r:.80}")
    return value


def point_argument(lat: object, lon: object) -> tuple[float, float]:
    """``lat``/``lon`` as floats in range, or ``TypeError``/``ValueError`` naming what is wrong."""
    if type(lat) is float and type(lon) is float and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0:
        return lat, lon  # the common case, checked at once (NaN fails every comparison)
    values = []
    for name, value, bound in (("lat", lat, 90.0), ("lon", lon, 180.0)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{name} must be a number of degrees, not {type(value).__name__}: {value!r:.80}")
        number = float(value)
        if math.isnan(number) or not -bound <= number <= bound:
            raise ValueError(f"{name} must be between -{bound:g} and {bound:g} degrees, not {value!r}")
        values.append(number)
    return values[0], values[1]
