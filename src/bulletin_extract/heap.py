"""Giving the C heap's free memory back to the operating system between stages.

Python keeps small objects in its own arenas (mmap'd, 1 MiB each) and takes everything
larger (a page's text, an array, a list of 10,000 items, numpy's buffers under spaCy)
from the C library's `malloc`. When a stage ends, that larger memory is freed, but glibc
keeps the freed pages resident for later `malloc` calls, and only trims its heap from
the top. The later stages allocate mostly small objects (mentions, records), which go to
new Python arenas, not to those pages; so what ingest and the NER model freed stays in
the process's resident size until it exits, and the peak grows with the document.

`give_back()` asks glibc to release every whole free page (`malloc_trim(0)`): measured
on the bench's PDFs (bench RSS child, one core), called after ingest and after the
mentions are found, the peak went 157.5 -> 155.5 MiB for 80 pages and 193.8 -> 181.4 MiB
for 500 (500/80: 1.23 -> 1.17), for 3-7 ms a call. PDF layout (`ingest.layout.
laid_out_document`) calls it too, once the lines are let go and before the text's parts
are joined into one string (both alive for that moment): the 500-page ingest peak went
169.2 -> 164.2 MiB. Elsewhere (musl, macOS, Windows) there is no such call and it does
nothing.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from functools import lru_cache


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library has none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library this process already runs on
    except (OSError, AttributeError):  # musl and other libcs have no malloc_trim
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


def give_back() -> bool:
    """Release the C heap's free pages to the OS; True when some memory was released."""
    trim = _malloc_trim()
    return bool(trim is not None and trim(0))


__all__ = ["give_back"]
