"""toponym: resolve the place names people write about Syria to canonical places, offline."""

from __future__ import annotations

__version__ = "0.1.0"
