"""The errors of bulk normalisation: bad options (unknown column, output = input…) and undecodable input."""

from __future__ import annotations

from toponym.errors import InputError, InvalidOption

__all__ = ["ColumnNotFound", "InvalidOption", "UndecodableInput"]


class ColumnNotFound(InvalidOption, LookupError):
    """No column has this name or 1-based number; the message lists the columns there are."""


class UndecodableInput(InputError, UnicodeError):
    """The input is not in the encoding we read it with; the message suggests the likely one."""
