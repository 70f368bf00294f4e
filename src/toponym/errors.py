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


class FetchError(ToponymError, OSError):
    """Downloading the upstream sources failed."""
