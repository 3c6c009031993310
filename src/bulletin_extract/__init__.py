"""bulletin-extract: Bulgarian bulletins (PDF, text) -> validated, structured JSON.

    >>> from bulletin_extract import extract
    >>> bulletin = extract("samples/issue8.pdf")       # doctest: +SKIP
    >>> bulletin.projects[0].budget.amount_eur          # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from .models import Bulletin


def extract(path, **options):  # type: ignore[no-untyped-def]
    """Extract one bulletin; see `bulletin_extract.pipeline.extract` for the options."""
    from .pipeline import extract as _extract

    return _extract(path, **options)


__all__ = ["Bulletin", "__version__", "extract"]
