"""Programme codes (BG EU funds, Horizon calls, Erasmus+ numbers). (to be implemented)"""

from __future__ import annotations

from ..models import Mention


def find_codes(text: str) -> list[Mention]:
    return []
