"""Bulgarian dates and date ranges -> DateValue mentions. (to be implemented)"""

from __future__ import annotations

from ..models import Mention


def find_dates(text: str) -> list[Mention]:
    return []
