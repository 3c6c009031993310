"""A markdown bulletin laid out with ReportLab's platypus (as report generators do).

Only what the bulletins use: headings, paragraphs, bulleted and numbered lists, pipe
tables, bold and links. One or two columns; a running header and a page-numbered
footer on every page. ReportLab is imported here only, so the package stays optional.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from .recipes import FONT_DIR

Block = tuple[str, list[str]]  # (kind, lines): heading1-6, para, ul, ol, table


def blocks(markdown: str) -> list[Block]:
    """Blank-line separated blocks, each with its kind.

    >>> blocks("# Т\\n\\nедно\\nдве\\n\\n- а\\n- б\\n")
    [('heading1', ['Т']), ('para', ['едно', 'две']), ('ul', ['а', 'б'])]
    """
    out: list[Block] = []
    for chunk in re.split(r"\n\s*\n", markdown):
        lines = [ln.rstrip() for ln in chunk.strip("\n").splitlines() if ln.strip()]
        if not lines:
            continue
        first = lines[0].lstrip()
        if m := re.match(r"(#{1,6})\s+(.*)", first):
            out.append((f"heading{len(m.group(1))}", [m.group(2)]))
            if lines[1:]:
                out.append(("para", lines[1:]))
        elif first.startswith("|"):
            out.append(("table", lines))
        elif re.match(r"[-*]\s", first):
            out.append(("ul", _items(lines, r"[-*]\s+")))
        elif re.match(r"\d+\.\s", first):
            out.append(("ol", _items(lines, r"\d+\.\s+")))
        else:
            out.append(("para", [ln.strip() for ln in lines]))
    return out


def _items(lines: list[str], marker: str) -> list[str]:
    items: list[str] = []
    for ln in lines:
        if re.match(marker, ln.lstrip()):
            items.append(re.sub("^" + marker, "", ln.lstrip()))
        elif items:
            items[-1] += " " + ln.strip()
    return items


def inline(text: str) -> str:
    """Markdown inline -> ReportLab paragraph markup (escaped; bold kept; links as text)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = html.escape(text, quote=False).replace("\t", " ")
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)


def render(markdown: str, out: Path, columns: int, title: str) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        ListFlowable,
        ListItem,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT_DIR / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSerif-Bold", str(FONT_DIR / "DejaVuSerif-Bold.ttf")))
    pdfmetrics.registerFontFamily("DejaVuSerif", normal="DejaVuSerif", bold="DejaVuSerif-Bold",
                                  italic="DejaVuSerif", boldItalic="DejaVuSerif-Bold")
    body = ParagraphStyle("body", fontName="DejaVuSerif", fontSize=10, leading=13, spaceAfter=5)
    sizes = {1: 18, 2: 14, 3: 12, 4: 11, 5: 10, 6: 10}
    heads = {n: ParagraphStyle(f"h{n}", parent=body, fontName="DejaVuSerif-Bold", fontSize=s,
                               leading=s * 1.25, spaceBefore=6, spaceAfter=4) for n, s in sizes.items()}

    width, height = A4
    margin, gap = 2 * cm, 0.8 * cm
    col_w = (width - 2 * margin - (columns - 1) * gap) / columns
    frames = [Frame(margin + i * (col_w + gap), margin, col_w, height - 2 * margin, id=f"c{i}")
              for i in range(columns)]

    def furniture(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("DejaVuSerif", 8)
        canvas.drawCentredString(width / 2, height - 1.2 * cm, title)
        canvas.drawRightString(width - margin, 1.2 * cm, f"стр. {doc.page}")
        canvas.restoreState()

    doc = BaseDocTemplate(str(out), pagesize=A4, title=title)
    doc.addPageTemplates([PageTemplate(id="page", frames=frames, onPage=furniture)])
    story: list = []
    for kind, lines in blocks(markdown):
        if kind.startswith("heading"):
            story.append(Paragraph(inline(lines[0]), heads[int(kind[-1])]))
        elif kind == "para":
            story.append(Paragraph(inline(" ".join(lines)), body))
        elif kind in ("ul", "ol"):
            items = [ListItem(Paragraph(inline(t), body)) for t in lines]
            story.append(ListFlowable(items, bulletType="bullet" if kind == "ul" else "1",
                                      start="•" if kind == "ul" else None,
                                      bulletFontName="DejaVuSerif", bulletFontSize=9, leftIndent=14))
        elif kind == "table":
            rows = [[Paragraph(inline(c.strip()), body) for c in ln.strip().strip("|").split("|")]
                    for ln in lines if not re.fullmatch(r"\|?[\s:|-]+\|?", ln.strip())]
            table = Table(rows, colWidths=[col_w / len(rows[0])] * len(rows[0]))
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
            story.append(Spacer(1, 6))
    doc.build(story)
    return out
