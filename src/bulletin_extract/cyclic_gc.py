"""Pausing Python's cyclic garbage collector around a stage that makes many objects and no cycles.

Reading a PDF makes hundreds of thousands of short-lived objects (glyph runs, words,
lines); every 700 allocations the collector walks the young ones looking for cycles
and finds none: on the 80-page bench PDF its 115 runs took 65 ms of a 1.04 s ingest.
Reference counting frees all of it anyway, so the collector is paused while the pages
are read and laid out, and its thresholds restored after, whatever happens. A stage run
this way must not make reference cycles (tests/test_cyclic_gc.py checks ingest), or they
would wait, unfreed, for the next collection.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector off inside the block (as it was before, after it); nests."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
