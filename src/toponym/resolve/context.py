"""What a caller knows about where a place is (``Context``), checked once for the library and every
command (``validated_context``).

- ``country``: an ISO 3166-1 alpha-2 code ("SY"), alpha-3 code ("SYR", as HDX tables write it), numeric
  code or English name ("Syria", "Syrian Arab Republic"), any case; stored as alpha-2, as places carry
  it. The mapping is pycountry's registry, not a table of ours.
- ``kind``: one of ``toponym.models.PLACE_KINDS``, any case.
- ``admin1``/``admin2``: any spelling of a governorate/district; the matcher reads them against the
  gazetteer's own areas (one that names none is ignored: ``Gazetteer`` warns about it).

An unknown country or kind raises ``InvalidOption`` (a ``ValueError``) naming the value; a value that
is not a string raises ``TypeError``; None, NaN and blank strings mean "not given".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from toponym.arguments import text_argument
from toponym.errors import InvalidOption
from toponym.models import PLACE_KINDS


@dataclass(frozen=True, slots=True)
class Context:
    """What the caller knows about where the place is; any field may be None."""

    admin1: str | None = None  # the governorate, in any spelling
    admin2: str | None = None  # the district, in any spelling
    country: str | None = None  # ISO 3166-1 alpha-2
    kind: str | None = None  # one of ``toponym.models.PLACE_KINDS``


def validated_context(
    *, admin1: object = None, admin2: object = None, country: object = None, kind: object = None
) -> Context:
    """A ``Context`` from the caller's values, each checked and put in its one form (see above)."""
    return Context(
        admin1=_blank_to_none(text_argument(admin1, "admin1")),
        admin2=_blank_to_none(text_argument(admin2, "admin2")),
        country=_optional(country, "country", country_code),
        kind=_optional(kind, "kind", place_kind),
    )


@lru_cache(maxsize=1024)
def country_code(value: str) -> str:
    """The ISO 3166-1 alpha-2 code of a country given by alpha-2, alpha-3 or numeric code or by name."""
    import pycountry  # imported here: its registry loads in a few tens of milliseconds, when needed

    try:
        return pycountry.countries.lookup(value.strip()).alpha_2
    except LookupError:
        raise InvalidOption(
            f"unknown country {value!r}: give an ISO 3166-1 code (SY, SYR) or a country name (Syria)"
        ) from None


def place_kind(value: str) -> str:
    """``value`` as one of ``PLACE_KINDS`` (any case); ``InvalidOption`` listing them otherwise."""
    kind = value.strip().lower()
    if kind not in PLACE_KINDS:
        raise InvalidOption(f"unknown kind {value!r}; kinds are: {', '.join(PLACE_KINDS)}")
    return kind


def _blank_to_none(text: str | None) -> str | None:
    return text.strip() or None if text else None


def _optional(value: object, name: str, check: Callable[[str], str]) -> str | None:
    text = _blank_to_none(text_argument(value, name))
    return None if text is None else check(text)
