"""The errors of bulk normalisation: bad options (unknown column, output = input…), undecodable input,
and a missing optional library."""

from __future__ import annotations

from toponym.errors import InputError, InvalidOption, ToponymError

__all__ = ["ColumnNotFound", "InvalidOption", "MissingExtra", "UndecodableInput"]


class ColumnNotFound(InvalidOption, LookupError):
    """No column has this name or 1-based number; the message lists the columns there are."""


class UndecodableInput(InputError, UnicodeError):
    """The input is not in the encoding we read it with; the message suggests the likely one."""


class MissingExtra(ToponymError, ImportError):
    """A format needs an optional library that is not installed; the message names the extra
    (``pip install 'toponym[excel]'``)."""
