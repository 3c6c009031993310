"""Programme names from the registry (ОПИК, ERASMUS+, COSME...). (to be implemented)"""

from __future__ import annotations

from ..models import Mention


def find_programmes(text: str) -> list[Mention]:
    return []
