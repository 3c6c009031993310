"""Facts printed in page furniture: read once per running line, kept once per occurrence.

A running header or footer is not prose: ingest keeps it out of the text, so it never
joins a paragraph, a section, a record or the NER model's input. But what it says is
part of the bulletin (the issue date in a header, a project code or a programme in a
footer) and must not be silently lost. So the value finders (dates, money, programme
codes, programmes, counts) read every furniture line; names are left to the NER model,
which reads sentences, not running titles. A fact is reported once per printed
occurrence, as the text's facts are: a date in the header of three pages is three
mentions, each with its own page and box. Its offsets index the furniture line's text
(`Mention.furniture` says which line), never the document text.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import rules
from .models import FurnitureLine, LineBox, Mention

#: The kinds read in furniture: values a rule finds in a few words, never names.
FURNITURE_KINDS = frozenset({"date", "money", "programme", "programme_code", "count"})


def furniture_mentions(lines: Sequence[FurnitureLine], first_id: int = 0) -> list[Mention]:
    """The value mentions of every furniture line, numbered from `first_id` in line order.

    Each distinct line text is read once (a running header repeats on every page).
    """
    found: dict[str, list[Mention]] = {}
    out: list[Mention] = []
    for index, line in enumerate(lines):
        if line.text not in found:
            found[line.text] = [m for m in rules.find_all(line.text) if m.kind in FURNITURE_KINDS]
        for m in found[line.text]:
            out.append(m.model_copy(update={
                "id": first_id + len(out),
                "page": line.box.page,
                "section": None,
                "boxes": [span_box(line, m.start, m.end)],
                "furniture": index,
                "explanation": f"{m.explanation}; read in a running header/footer (page furniture) "
                f"on page {line.box.page}",
            }, deep=True))
    return out


def span_box(line: FurnitureLine, start: int, end: int) -> LineBox:
    """The part of the line's box that holds characters [start, end), x interpolated by
    character count (a furniture line keeps its box, not its words' boxes).

    >>> line = FurnitureLine(text="Бюлетин 01.03.2024", box=LineBox(page=2, x0=100, top=20, x1=280, bottom=30))
    >>> span_box(line, 8, 18).x0, span_box(line, 8, 18).x1
    (180.0, 280.0)
    """
    box, n = line.box, len(line.text)
    per_char = (box.x1 - box.x0) / n if n else 0.0
    return box.model_copy(update={"x0": round(box.x0 + per_char * start, 2), "x1": round(box.x0 + per_char * end, 2)})
