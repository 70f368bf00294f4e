"""One root exception; each subclass also inherits the builtin it resembles (as geopy does)."""

from __future__ import annotations


class ToponymError(Exception):
    """Root of every error toponym raises on purpose."""


class PlaceNotFound(ToponymError, LookupError):
    """No place has this id (or no place is good enough for this name)."""


class PackError(ToponymError, ValueError):
    """A gazetteer pack is missing, unreadable, or of a schema version we do not know."""


class SourceError(ToponymError, ValueError):
    """An upstream source file is missing or not in the format its publisher distributes."""


class InputError(ToponymError, ValueError):
    """User input (a CSV, a text, a column name) cannot be used; the message says what to do."""


class InvalidOption(InputError):
    """An option's or argument's value cannot be used (an unknown column, kind or country, an output
    that is the input or a directory): a usage error."""


class OutputError(ToponymError, OSError):
    """An output file cannot be written (a read-only directory, a full disk); the message names it."""


class FetchError(ToponymError, OSError):
    """Downloading the upstream sources failed."""


class MissingExtra(ToponymError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


class UnknownContextWarning(UserWarning):
    """An ``admin1``/``admin2`` value names no governorate or district of the gazetteer, so it is
    ignored. A warning, not an error: the rest of the query still resolves."""
