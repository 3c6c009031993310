"""The HTML review report: every mention highlighted once, records linked both ways,
flags visible, document strings escaped, PDF pages with boxes, the batch index."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from bulletin_extract.models import (
    Bulletin,
    CountValue,
    DateValue,
    EntityValue,
    Event,
    Mention,
    MentionValue,
    MoneyValue,
    ProblemNote,
    ProgrammeValue,
    Project,
    Section,
    Source,
)
from bulletin_extract.report import IndexEntry, render_index, render_report, write_index, write_report
from bulletin_extract.report.layout import Span, layout_range, section_views
from bulletin_extract.report.pages import locate, page_images

SAMPLE_TEXT = (
    "Проекти\n\n"
    "1. Зелени умения (DEGREE) по ERASMUS+\n\n"
    "Проектът с бюджет 250 000 евро стартира на 01.09.2022 г. с 5 партньора от 4 държави. "
    "Координатор е Клъстер София град на знанието.\n\n"
    "Събития\n\n"
    "На 12.12.2022 г. в София се проведе конференция <script>alert(1)</script> с Иван Петров."
)


def day(text: str) -> DateValue:
    d = dt.datetime.strptime(text, "%d.%m.%Y").date()
    return DateValue(start=d, end=d, precision="day")


def at(text: str, words: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(words, pos + 1)
    return pos


def mention(
    text: str,
    words: str,
    kind: str,
    value: MentionValue,
    confidence: float = 0.9,
    source: str = "rule",
    nth: int = 0,
) -> Mention:
    start = at(text, words, nth)
    return Mention(
        kind=kind,
        text=words,
        start=start,
        end=start + len(words),
        page=1,
        source=source,
        confidence=confidence,
        value=value,
        explanation=f"test: {kind}",
    )


def sample_mentions(text: str = SAMPLE_TEXT) -> list[Mention]:
    mentions = [
        mention(text, "ERASMUS+", "programme", ProgrammeValue(programme="ERASMUS", name="Еразъм+")),
        mention(text, "250 000 евро", "money", MoneyValue(amount=250000, currency="EUR", amount_eur=250000)),
        mention(text, "01.09.2022 г.", "date", day("01.09.2022")),
        mention(text, "5 партньора от 4 държави", "count", CountValue(partners=5, countries=4)),
        mention(
            text,
            "Клъстер София град на знанието",
            "org",
            EntityValue(name="Клъстер София град на знанието", label="ORG"),
            source="gazetteer",
        ),
        # A place inside the organisation's name: nested highlights.
        mention(text, "София", "location", EntityValue(name="София", label="LOC"), 0.5, "ner"),
        mention(text, "12.12.2022 г.", "date", day("12.12.2022")),
        mention(text, "София", "location", EntityValue(name="София", label="LOC"), nth=1),
        mention(text, "Иван Петров", "person", EntityValue(name="Иван Петров", label="PER"), 0.45, "ner"),
    ]
    for i, m in enumerate(mentions):
        m.id = i
    return mentions


def sample_bulletin(text: str = SAMPLE_TEXT, **changes: object) -> Bulletin:
    mentions = sample_mentions(text)
    entry = at(text, "1. Зелени")
    events = at(text, "Събития")
    fields: dict[str, object] = dict(
        source=Source(path="бюлетин.txt", sha256="0" * 64, format="txt", pages=1),
        sections=[
            Section(title="Проекти", level=2, page=1, start=0, end=events),
            Section(title="1", level=3, page=1, start=entry, end=events, kind="numbered_entry"),
            Section(title="Събития", level=2, page=1, start=events, end=len(text)),
        ],
        mentions=mentions,
        projects=[
            Project(
                number=1,
                title="Зелени умения",
                acronym="DEGREE",
                programme="ERASMUS",
                budget=mentions[1].value,
                partners=5,
                countries=4,
                period=mentions[2].value,
                start=entry,
                end_offset=events,
                evidence={"programme": [0], "budget": [1], "period": [2], "partners": [3], "countries": [3]},
            )
        ],
        events=[
            Event(
                title="конференция",
                kind="conference",
                date=mentions[6].value,
                place="София",
                start=events,
                end_offset=len(text),
                evidence={"date": [6], "place": [7]},
            )
        ],
        text=text,
    )
    fields.update(changes)
    return Bulletin(**fields)  # type: ignore[arg-type]


def highlights(html: str) -> list[str]:
    """The ids of the primary highlights (one per mention)."""
    return re.findall(r'<mark class="m [^"]*" data-m="(\d+)" id="m-\1"', html)


# --------------------------------------------------------------------------- layout


def test_nested_mention_renders_inside_its_container() -> None:
    text = "Клъстер София град"
    outer = mention(text, "Клъстер София град", "org", EntityValue(name="Клъстер София град", label="ORG"))
    inner = mention(text, "София", "location", EntityValue(name="София", label="LOC"))
    [span] = layout_range(text, [inner, outer], 0, len(text))
    assert isinstance(span, Span) and span.mention is outer
    assert span.children[0] == "Клъстер "
    assert isinstance(span.children[1], Span) and span.children[1].mention is inner
    assert span.children[2] == " град"


def test_crossing_mentions_split_into_one_primary_and_a_continuation() -> None:
    text = "ОП ИК 2014-2020 г."
    programme = mention(text, "ОП ИК 2014-2020", "programme", ProgrammeValue(programme="OPIC", name="ОПИК"))
    period = mention(
        text,
        "2014-2020 г.",
        "date",
        DateValue(start=dt.date(2014, 1, 1), end=dt.date(2020, 12, 31), precision="year"),
    )
    nodes = layout_range(text, [programme, period], 0, len(text))
    pieces = [(n.mention.kind, n.primary, text[n.start : n.end]) for n in _walk(nodes)]
    assert pieces == [
        ("programme", True, "ОП ИК 2014-2020"),
        ("date", True, "2014-2020"),
        ("date", False, " г."),
    ]


def test_mention_across_a_paragraph_break_is_primary_once() -> None:
    text = "Клъстер\n\nСофия"
    org = mention(text, "Клъстер\n\nСофия", "org", EntityValue(name="Клъстер София", label="ORG"))
    [view] = section_views(text, [], [org])
    flags = [n.primary for p in view.paragraphs for n in _walk(p.nodes)]
    assert flags == [True, False]


def _walk(nodes: list) -> list[Span]:
    out: list[Span] = []
    for n in nodes:
        if isinstance(n, Span):
            out.append(n)
            out.extend(_walk(n.children))
    return out


def test_section_heading_paragraph_becomes_the_heading() -> None:
    bulletin = sample_bulletin()
    views = section_views(SAMPLE_TEXT, bulletin.sections, bulletin.mentions)
    assert [v.title for v in views] == ["Проекти", "1", "Събития"]
    assert views[0].heading is not None and views[0].heading.nodes == ["Проекти"]
    assert views[1].heading is not None and views[1].heading.nodes[0] == "1. Зелени умения (DEGREE) по "


def test_long_first_paragraph_of_an_entry_stays_text() -> None:
    text = "1. " + "Дълъг абзац на проекта. " * 10
    views = section_views(text, [Section(title="1", level=3, start=0, end=len(text))], [])
    assert views[0].heading is None and len(views[0].paragraphs) == 1


# --------------------------------------------------------------------------- report


def test_every_mention_is_highlighted_exactly_once() -> None:
    bulletin = sample_bulletin()
    html = render_report(bulletin)
    assert sorted(map(int, highlights(html))) == [m.id for m in bulletin.mentions]


def test_page_is_bulgarian_and_self_contained() -> None:
    html = render_report(sample_bulletin())
    assert '<html lang="bg">' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<link" not in html


def test_script_in_the_document_shows_as_text() -> None:
    hostile = "<script>alert(1)</script>"
    bulletin = sample_bulletin()
    bulletin.metadata.title = hostile
    bulletin.mentions[8].explanation = f"</script>{hostile}"
    html = render_report(bulletin)
    assert hostile not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # Only the report's own two script elements exist.
    assert html.count("<script") == 2 and html.count("</script>") == 2


def test_mention_data_for_the_script_is_valid_json() -> None:
    html = render_report(sample_bulletin())
    raw = re.search(r'<script type="application/json" id="mention-data">(.*?)</script>', html, re.S)
    assert raw is not None
    data = json.loads(raw.group(1))
    assert data[1]["value"] == "250 000 EUR"
    assert data[1]["used_in"] == [{"label": "Проекти 1 · Бюджет", "href": "#projects-0-budget"}]


def test_budget_cell_links_to_its_mention_and_back() -> None:
    html = render_report(sample_bulletin())
    cell = re.search(r'<td id="projects-0-budget"[^>]*>(.*?)</td>', html, re.S)
    assert cell is not None
    assert '<a class="ev" href="#m-1" data-m="1">250 000 EUR</a>' in cell.group(1)
    assert '<a href="#projects-0-budget">Проекти 1 · Бюджет</a>' in html


@pytest.mark.parametrize(
    ("mention_id", "flag"), [(5, "low"), (8, "low")], ids=["ner София 0.5", "ner Иван Петров 0.45"]
)
def test_low_confidence_mention_is_flagged(mention_id: int, flag: str) -> None:
    html = render_report(sample_bulletin())
    assert re.search(rf'<mark class="m k-\w+ {flag}" data-m="{mention_id}"', html)


def test_confident_mention_is_not_flagged() -> None:
    html = render_report(sample_bulletin())
    assert '<mark class="m k-money" data-m="1" id="m-1"' in html


def test_two_readings_of_the_same_words_are_flagged_as_conflict() -> None:
    bulletin = sample_bulletin()
    money = bulletin.mentions[1]
    other = money.model_copy(
        update={"id": 9, "value": MoneyValue(amount=250, currency="EUR", amount_eur=250)}
    )
    bulletin.mentions.append(other)
    html = render_report(bulletin)
    assert '<mark class="m k-money conflict" data-m="1"' in html
    assert '<mark class="m k-money conflict" data-m="9"' in html


def test_record_field_with_disagreeing_evidence_is_flagged() -> None:
    text = SAMPLE_TEXT + " Бюджет 300 000 евро."
    bulletin = sample_bulletin(text)
    second = mention(
        text, "300 000 евро", "money", MoneyValue(amount=300000, currency="EUR", amount_eur=300000)
    )
    second.id = len(bulletin.mentions)
    bulletin.mentions.append(second)
    bulletin.projects[0].evidence["budget"] = [1, second.id]
    html = render_report(bulletin)
    assert re.search(r'<td id="projects-0-budget" class="conflict">', html)
    assert "противоречиви стойности" in html


def test_report_needs_the_text() -> None:
    with pytest.raises(ValueError, match="include_text=True"):
        render_report(sample_bulletin().model_copy(update={"text": None}))


def test_warnings_are_listed() -> None:
    note = ProblemNote(code="pdf.ocr_needed", message="стр. 3 <няма текст>", stage="ingest", page=3)
    html = render_report(sample_bulletin(warnings=[note]))
    assert "стр. 3 &lt;няма текст&gt;" in html


def test_write_report_writes_the_file(tmp_path: Path) -> None:
    out = write_report(sample_bulletin(), tmp_path / "r.html")
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


# ------------------------------------------------------------------------------ PDF


def make_pdf(path: Path, lines: list[str]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def test_pdf_pages_are_embedded_with_a_box_per_mention(tmp_path: Path) -> None:
    pdf = tmp_path / "b.pdf"
    make_pdf(pdf, ["Budget 250 000 EUR in 2022.", "Again 250 000 EUR, end."])
    text = "Budget 250 000 EUR in 2022.\nAgain 250 000 EUR, end."
    money = MoneyValue(amount=250000, currency="EUR", amount_eur=250000)
    mentions = [mention(text, "250 000 EUR", "money", money, nth=n) for n in (0, 1)]
    for i, m in enumerate(mentions):
        m.id = i
    [page] = page_images(pdf, mentions, text, resolution=40)
    assert page.data_uri.startswith("data:image/png;base64,")
    assert (page.mentions, page.located) == (2, 2)
    first, second = page.boxes
    assert first.top < second.top  # the second mention is boxed on the second line
    bulletin = Bulletin(
        source=Source(path=str(pdf), sha256="0" * 64, format="pdf", pages=1), mentions=mentions, text=text
    )
    html = render_report(bulletin, resolution=40)
    assert html.count('<a class="box k-money"') == 2
    assert "открити 2 от 2 споменавания" in html


def test_mention_text_missing_from_the_page_gets_no_box(tmp_path: Path) -> None:
    import pdfplumber

    pdf = tmp_path / "b.pdf"
    make_pdf(pdf, ["Budget 250 000 EUR."])
    text = "Budget 250000 EUR."  # the normaliser joined the digits: not on the page
    m = mention(text, "250000 EUR", "money", MoneyValue(amount=250000, currency="EUR", amount_eur=250000))
    with pdfplumber.open(pdf) as doc:
        assert locate(doc.pages[0], m, text) == []


def test_missing_pdf_leaves_a_note_instead_of_pages(tmp_path: Path) -> None:
    bulletin = sample_bulletin(
        source=Source(path=str(tmp_path / "gone.pdf"), sha256="0" * 64, format="pdf", pages=1)
    )
    html = render_report(bulletin)
    assert "Страниците не са показани" in html and '<aside id="pages"' not in html


# ---------------------------------------------------------------------------- index


def test_index_links_each_report_with_status_and_counts(tmp_path: Path) -> None:
    entries = [
        IndexEntry.from_bulletin("бюлетин.txt", sample_bulletin(), "бюлетин.html"),
        IndexEntry.failed("<счупен>.pdf", "не е PDF"),
    ]
    path = write_index(entries, tmp_path / "index.html")
    html = path.read_text("utf-8")
    assert '<a href="бюлетин.html">бюлетин.txt</a>' in html
    assert "&lt;счупен&gt;.pdf" in html and "не е PDF" in html
    assert entries[0].counts == {
        "mentions": 9,
        "projects": 1,
        "events": 1,
        "missions": 0,
        "timeline": 0,
        "warnings": 0,
    }
    assert entries[0].flagged == 2


def test_index_without_entries_renders() -> None:
    assert "Няма обработени бюлетини" in render_index([])


# ------------------------------------------------------------------------------ CLI


def test_extract_command_writes_the_report_beside_the_json(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bulletin_extract.cli import main

    source = tmp_path / "бюлетин.txt"
    source.write_text("Бюлетин\n\nНа 12.12.2022 г. в София <b>се проведе</b> конференция.\n", "utf-8")
    out, page = tmp_path / "out.json", tmp_path / "out.html"
    result = CliRunner().invoke(main, [str(source), "--no-ner", "-o", str(out), "--html", str(page)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert data["text"] is None  # the report needed the text; the JSON did not ask for it
    html = page.read_text("utf-8")
    assert len(highlights(html)) == len(data["mentions"])
    assert "&lt;b&gt;се проведе&lt;/b&gt;" in html


def test_batch_pages_reread_the_text_and_link_the_index(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from bulletin_extract.pipeline import extract
    from bulletin_extract.report.batch_pages import write_batch_reports

    archive, out = tmp_path / "archive", tmp_path / "out"
    (archive / "2022").mkdir(parents=True)
    (out / "2022").mkdir(parents=True)
    source = archive / "2022" / "бр1.txt"
    source.write_text("Бюлетин\n\nНа 12.12.2022 г. в София се проведе конференция.\n", "utf-8")
    bulletin = extract(source, use_ner=False)  # as a batch worker writes it: no text
    (out / "2022" / "бр1.txt.json").write_text(bulletin.model_dump_json(), "utf-8")
    entries = [
        SimpleNamespace(
            path="2022/бр1.txt", status="ok", stage=None, reason=None, output="2022/бр1.txt.json"
        ),
        SimpleNamespace(path="лош.pdf", status="failed", stage="ingest", reason="не е PDF", output=None),
    ]
    index = write_batch_reports(archive, out, entries).read_text("utf-8")
    assert '<a href="2022/бр1.txt.html">2022/бр1.txt</a>' in index
    assert "ingest: не е PDF" in index
    page = (out / "2022" / "бр1.txt.html").read_text("utf-8")
    assert len(highlights(page)) == len(bulletin.mentions) > 0
    assert '<a href="../index.html">' in page
