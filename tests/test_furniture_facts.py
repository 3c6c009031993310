"""Facts printed in running headers/footers: kept out of the text, reported once per page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bulletin_extract.evaluate import GoldDocument, score_document
from bulletin_extract.furniture_facts import furniture_mentions
from bulletin_extract.models import Bulletin, FurnitureLine, LineBox
from bulletin_extract.pipeline import extract

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
HEADER = "Бюлетин на сдружение „Зелена долина“ · 15.04.2024"
BODY = [
    ["Проект „Чиста река“", "Сдружението изпълнява проекта с училищата в общината.",
     "Проектът приключва на 30.06.2025 г."],
    ["Обучения", "През пролетта учениците посетиха пречиствателната станция.",
     "Следващото обучение ще бъде на 12 май 2024 г."],
    ["Контакти", "Пишете ни, ако искате да се включите като доброволци."],
]
HEADER_DATE = dt.date(2024, 4, 15)


def running_header_pdf(path: Path) -> Path:
    """Three A4 pages, each with the same dated header and a numbered footer (ReportLab)."""
    pytest.importorskip("reportlab")
    if not FONT.is_file():
        pytest.skip(f"{FONT} not installed")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number, lines in enumerate(BODY, start=1):
        pdf.setFont("DejaVuSans", 9)
        pdf.drawString(72, height - 40, HEADER)
        pdf.drawCentredString(width / 2, 30, f"стр. {number}")
        y = height - 150
        for i, line in enumerate(lines):
            pdf.setFont("DejaVuSans", 16 if i == 0 else 11)
            pdf.drawString(72, y, line)
            y -= 30
        pdf.showPage()
    pdf.save()
    return path


@pytest.fixture(scope="module")
def bulletin(tmp_path_factory: pytest.TempPathFactory) -> Bulletin:
    pdf = running_header_pdf(tmp_path_factory.mktemp("furniture") / "header.pdf")
    return extract(pdf, use_ner=False, include_text=True)


def furniture_dates(b: Bulletin) -> list[tuple[int | None, dt.date]]:
    return [(m.page, m.value.start) for m in b.mentions if m.furniture is not None and m.value.type == "date"]


def test_header_date_is_one_mention_per_page(bulletin: Bulletin) -> None:
    assert furniture_dates(bulletin) == [(1, HEADER_DATE), (2, HEADER_DATE), (3, HEADER_DATE)]


def test_header_stays_out_of_the_text(bulletin: Bulletin) -> None:
    assert bulletin.text is not None
    assert "Зелена долина" not in bulletin.text
    assert "Проектът приключва на 30.06.2025 г." in bulletin.text


def test_every_furniture_line_is_in_the_output(bulletin: Bulletin) -> None:
    assert [(f.box.page, f.text) for f in bulletin.furniture if "стр." not in f.text] == [
        (1, HEADER), (2, HEADER), (3, HEADER)
    ]


def test_furniture_mention_is_anchored_in_its_line(bulletin: Bulletin) -> None:
    for m in bulletin.mentions:
        if m.furniture is not None:
            line = bulletin.furniture[m.furniture]
            assert (line.text[m.start : m.end], m.section) == (m.text, None)
            assert [b.page for b in m.boxes] == [line.box.page]
            assert line.box.x0 < m.boxes[0].x0 < m.boxes[0].x1 <= line.box.x1 + 0.01


def test_body_mentions_stay_anchored_in_the_text(bulletin: Bulletin) -> None:
    assert bulletin.text is not None
    body = [m for m in bulletin.mentions if m.furniture is None]
    assert [m.text for m in body if bulletin.text[m.start : m.end] == m.text] == [m.text for m in body]
    assert {m.value.start for m in body if m.value.type == "date"} == {dt.date(2025, 6, 30), dt.date(2024, 5, 12)}


def test_header_date_is_no_record_evidence(bulletin: Bulletin) -> None:
    furniture_ids = {m.id for m in bulletin.mentions if m.furniture is not None}
    evidence = {i for r in [*bulletin.projects, *bulletin.events, *bulletin.timeline] for ids in r.evidence.values()
                for i in ids}
    assert HEADER_DATE not in {t.date.start for t in bulletin.timeline}
    assert evidence & furniture_ids == set()


def test_eval_counts_a_header_date_on_each_page(bulletin: Bulletin) -> None:
    gold = GoldDocument.model_validate({
        "source": "header.pdf",
        "dates": [{"text": "15.04.2024", "start": "2024-04-15", "end": "2024-04-15", "precision": "day"}] * 3,
    })
    score = score_document("header", gold, bulletin).kinds["dates"]
    assert (score.tp, score.fn) == (3, 0)


def test_report_highlights_the_header_date_under_its_page() -> None:
    from bulletin_extract.report.report import render_report

    line = FurnitureLine(text="Бюлетин · 15.04.2024", box=LineBox(page=2, x0=72, top=30, x1=272, bottom=40))
    mentions = furniture_mentions([line])
    b = Bulletin.model_validate({"source": {"path": "b.pdf", "sha256": "", "format": "pdf", "pages": 2},
                                 "furniture": [line], "mentions": mentions, "text": "Текст."})
    html = render_report(b, resolution=0)
    assert 'id="furniture"' in html and f'id="m-{mentions[0].id}"' in html


def test_value_finders_read_a_footer_line() -> None:
    line = FurnitureLine(text="Проект BG05M2OP001-3.005-0004 · бюджет 250 000 лв.",
                         box=LineBox(page=4, x0=50, top=800, x1=550, bottom=810))
    found = furniture_mentions([line], first_id=7)
    assert [(m.id, m.kind, m.text, m.page, m.furniture) for m in found] == [
        (7, "programme_code", "BG05M2OP001-3.005-0004", 4, 0),
        (8, "money", "250 000 лв.", 4, 0),
    ]


def test_names_in_a_running_line_are_left_to_the_text() -> None:
    line = FurnitureLine(text="Община Русе · 15.04.2024", box=LineBox(page=1, x0=50, top=20, x1=250, bottom=30))
    assert [m.kind for m in furniture_mentions([line])] == ["date"]
