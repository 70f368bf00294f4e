"""Keeping Python's cyclic garbage collector out of the way of data that is built once and kept.

Loading a gazetteer makes hundreds of thousands of small objects that live as long as the process;
the collector would rescan them again and again while they are made (loading doubles in time) and
once more at exit. ``paused_gc`` pauses it while they are made.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of the block."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
