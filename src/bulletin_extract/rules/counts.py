"""Partner, country and participant counts -> CountValue mentions. (to be implemented)"""

from __future__ import annotations

from ..models import Mention


def find_counts(text: str) -> list[Mention]:
    return []
