"""The sample's text and its PDF give the same facts (issue 2, item 7).

The PDF goes through a different ingest (layout, columns, de-hyphenation); what comes
out of the rule stage and assembly must not depend on it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bulletin_extract import extract
from bulletin_extract.models import Bulletin

FACT_KINDS = ("money", "programme_code", "count", "date")


@pytest.fixture(scope="module")
def both(sample_txt: Path, sample_pdf: Path) -> tuple[Bulletin, Bulletin]:
    return extract(sample_txt, use_ner=False), extract(sample_pdf, use_ner=False)


def _facts(b: Bulletin, kind: str) -> Counter[str]:
    return Counter(m.value.model_dump_json() for m in b.mentions if m.kind == kind)


@pytest.mark.parametrize("kind", FACT_KINDS)
def test_same_mention_values(both: tuple[Bulletin, Bulletin], kind: str) -> None:
    txt, pdf = both
    assert _facts(pdf, kind) == _facts(txt, kind)


def test_same_projects(both: tuple[Bulletin, Bulletin]) -> None:
    txt, pdf = both
    fields = {"number", "title", "acronym", "programme_id", "codes", "budget", "grant", "co_financing",
              "publisher_share", "partners", "countries", "end", "period", "status"}
    assert [p.model_dump(include=fields) for p in pdf.projects] == [
        p.model_dump(include=fields) for p in txt.projects
    ]


def test_same_events_missions_timeline(both: tuple[Bulletin, Bulletin]) -> None:
    txt, pdf = both
    assert [(e.kind, e.date) for e in pdf.events] == [(e.kind, e.date) for e in txt.events]
    assert [(m.dates, m.participants) for m in pdf.missions] == [(m.dates, m.participants) for m in txt.missions]
    assert [t.date for t in pdf.timeline] == [t.date for t in txt.timeline]


def test_pdf_mentions_carry_their_page(both: tuple[Bulletin, Bulletin]) -> None:
    _, pdf = both
    pages = {m.page for m in pdf.mentions}
    assert pages == set(range(1, pdf.source.pages + 1))
    budget = next(m for m in pdf.mentions if m.text == "1,952 млн. евро")
    assert budget.page == 2


@pytest.mark.parametrize("pdf", sorted((Path(__file__).parent.parent / "samples").glob("*.pdf")), ids=lambda p: p.name)
def test_both_pdf_engines_give_the_same_records(pdf: Path) -> None:
    pdfium = extract(pdf, use_ner=False, pdf_engine="pdfium")
    plumber = extract(pdf, use_ner=False, pdf_engine="pdfplumber")
    assert (pdfium.source.engine, plumber.source.engine) == ("pdfium", "pdfplumber")
    skip = {"source": True, "mentions": {"__all__": {"boxes"}}}
    assert plumber.model_dump(exclude=skip) == pdfium.model_dump(exclude=skip)
    # boxes are each engine's own geometry (glyph boxes, run interpolation): the same within half a point
    for a, b in zip(pdfium.mentions, plumber.mentions, strict=True):
        assert [bx.page for bx in a.boxes] == [bx.page for bx in b.boxes]
        assert all(
            abs(getattr(x, k) - getattr(y, k)) < 0.5 for x, y in zip(a.boxes, b.boxes, strict=True)
            for k in ("x0", "top", "x1", "bottom")
        )
