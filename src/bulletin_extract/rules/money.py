"""Amounts in лв./евро with хил./млн. -> MoneyValue mentions. (to be implemented)"""

from __future__ import annotations

from ..models import Mention


def find_money(text: str) -> list[Mention]:
    return []
