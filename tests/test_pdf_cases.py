"""Real producers' PDFs from ../shared/pdf-cases (issue 10): reading order, hyphens, lists.

The files are read where they are (never copied); the tests skip when they are absent.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bulletin_extract import extract
from bulletin_extract.ingest import read_document
from bulletin_extract.models import Bulletin

CASES = Path(__file__).resolve().parent.parent.parent / "shared" / "pdf-cases"

pytestmark = pytest.mark.skipif(not CASES.is_dir(), reason="../shared/pdf-cases not present")


def _blocks(path: Path, kind: str) -> list[str]:
    doc = read_document(path)
    return [doc.text[b.start : b.end] for b in doc.blocks if b.kind == kind]


def _facts(b: Bulletin, kind: str) -> Counter[str]:
    return Counter(m.value.model_dump_json() for m in b.mentions if m.kind == kind)


@pytest.fixture(scope="module")
def text_run(sample_txt: Path) -> Bulletin:
    return extract(sample_txt, use_ner=False)


@pytest.mark.parametrize("name", ["ex3b_issue8_weasyprint_hyphens.pdf", "part1/chromium_issue8.pdf"])
@pytest.mark.parametrize("kind", ["money", "count", "programme_code"])
def test_producer_pdf_gives_the_text_runs_facts(text_run, name, kind):
    pdf = extract(CASES / name, use_ner=False)
    assert _facts(pdf, kind) == _facts(text_run, kind)


def test_weasyprint_u2010_line_end_hyphens_are_joined_like_the_ascii_control():
    broken = re.compile(r"\w\u2010 \w")
    hyphens = read_document(CASES / "ex3b_issue8_weasyprint_hyphens.pdf").text
    control = read_document(CASES / "ex3b_issue8_weasyprint_ascii_control.pdf").text
    assert not broken.search(hyphens)
    assert hyphens.replace("\u2010", "-") == control


def test_chromium_table_rows_keep_their_cells_together_in_column_order():
    rows = _blocks(CASES / "ex5_table_cells.pdf", "table_row")
    assert len(rows) == 4
    assert all(row.count(" | ") == 1 for row in rows)
    doc = extract(CASES / "ex5_table_cells.pdf", use_ner=False)
    dates = sorted((m.value.start.isoformat(), m.value.end.isoformat(), m.value.precision)
                   for m in doc.mentions if m.kind == "date")
    assert dates == [("2015-09-01", "2015-10-31", "month"), ("2015-12-01", "2015-12-31", "month"),
                     ("2022-10-17", "2022-10-21", "day")]


def test_wkhtmltopdf_float_sidebar_is_kept_apart_like_chromiums():
    wk, control = CASES / "ex7_wkhtmltopdf_float_sidebar.pdf", CASES / "ex7_control_chromium_float_sidebar.pdf"
    assert _blocks(wk, "paragraph") == _blocks(control, "paragraph")
    assert _blocks(wk, "sidebar") == _blocks(control, "sidebar")


@pytest.mark.parametrize("name", ["ex8_numbered_list.pdf", "ex8_numbered_list_lo_gs.pdf", "ex8_numbered_list_xelatex.pdf"])
def test_numbered_list_items_are_one_entry_each(name):
    entries = [p for p in _blocks(CASES / name, "paragraph") if re.match(r"\d\. ", p)]
    assert [e[:2] for e in entries] == ["1.", "2.", "3.", "4."]
    assert all(e.rstrip().endswith("г.") or e.rstrip().endswith("лв.") for e in entries)
