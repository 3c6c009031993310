"""bulletin-extract: Bulgarian bulletins (PDF, text) -> validated, structured JSON.

    >>> from bulletin_extract import extract
    >>> bulletin = extract("samples/issue8.pdf")       # doctest: +SKIP
    >>> bulletin.projects[0].budget.amount_eur          # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .models import Bulletin


def __getattr__(name: str) -> Any:
    """``Bulletin`` on first use (PEP 562): the models import pydantic, which
    ``bulletin-extract --version`` and ``schema``-less commands need not pay for."""
    if name == "Bulletin":
        from .models import Bulletin

        return Bulletin
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def extract(path, **options):  # type: ignore[no-untyped-def]
    """Extract one bulletin; see `bulletin_extract.pipeline.extract` for the options."""
    from .pipeline import extract as _extract

    return _extract(path, **options)


__all__ = ["Bulletin", "__version__", "extract"]
