"""Table rows as records: each cell under its column header.

A run of table rows is one table; its first row names the columns ("Проект | Бюджет |
Край"), so a date in the "Край" column is the project's end.
"""

from __future__ import annotations

from ..document import Document
from .context import cues

Columns = list[tuple[str, int, int]]
"""A table row's cells: (header, start, end) for each, offsets into the text."""

_CELL_SEP = " | "


def table_columns(document: Document) -> dict[int, Columns]:
    """Each table row (by its start) with its cells under their column headers."""
    text = document.text
    out: dict[int, Columns] = {}
    header: list[str] = []
    previous_end = -10
    for block in document.blocks:
        if block.kind != "table_row":
            previous_end = -10
            continue
        row = text[block.start : block.end]
        if block.start - previous_end > 1:  # rows of one table are one newline apart
            header = [c.strip().lower() for c in row.split(_CELL_SEP)]
        else:
            cells: Columns = []
            start = block.start
            for i, cell in enumerate(row.split(_CELL_SEP)):
                cells.append((header[i] if i < len(header) else "", start, start + len(cell)))
                start += len(cell) + len(_CELL_SEP)
            out[block.start] = cells
        previous_end = block.end
    return out


def column_role(columns: Columns | None, offset: int) -> str | None:
    """The role ("end", "period") of the column holding `offset`, from its header words."""
    for header, start, end in columns or []:
        if start <= offset < end:
            for role, words in cues()["column_roles"].items():
                if any(w in header for w in words):
                    return str(role)
    return None
