"""Build the sample bulletin in other formats (DOCX, ODT, HTML) for the format tests.

The sample's text is parsed by the text reader into blocks (headings with levels,
paragraphs, list items, contents rows); each writer then sets those blocks in its
format's own structure: Word heading styles, numbered and bulleted lists, a table for
the contents rows, a text box for the sidebar. So the inputs are real documents of
each kind, not text pasted into one paragraph.
"""

from __future__ import annotations

import html
import io
from collections import Counter
from pathlib import Path

from bulletin_extract.document import Block, Document
from bulletin_extract.ingest import read_document
from bulletin_extract.models import Bulletin

FACT_KINDS = ("money", "programme_code", "count", "date")


def sample_blocks(sample_txt: Path) -> list[tuple[Block, str]]:
    doc: Document = read_document(sample_txt)
    return [(b, doc.text[b.start : b.end]) for b in doc.blocks]


def facts(b: Bulletin, kind: str) -> Counter[str]:
    return Counter(m.value.model_dump_json() for m in b.mentions if m.kind == kind)


def recall(got: Bulletin, reference: Bulletin, kind: str) -> float:
    want = facts(reference, kind)
    if not want:
        return 1.0
    return sum((facts(got, kind) & want).values()) / sum(want.values())


# ---------------------------------------------------------------- DOCX


def _set_columns(section, n: int) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    cols = section._sectPr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        section._sectPr.append(cols)
    cols.set(qn("w:num"), str(n))
    cols.set(qn("w:space"), "708")


def _text_box(paragraph, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    """A VML text box anchored in the paragraph (what older Word versions write)."""
    from docx.oxml import parse_xml

    inner = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{html.escape(line)}</w:t></w:r></w:p>' for line in lines
    )
    run = parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="width:150pt;height:120pt">'
        f"<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    paragraph._p.append(run)


def sample_docx(sample_txt: Path, columns: int = 1, table: bool = False) -> bytes:
    """The sample as a Word file: heading styles, bulleted lists, a text box for the sidebar;
    with `table`, the dated history list set as a two-column table (date | what happened)."""
    import docx

    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "Клъстер София град на знанието - бюлетин"
    doc.sections[0].footer.paragraphs[0].text = "стр. 1"
    if columns > 1:
        _set_columns(doc.sections[0], columns)
    blocks = sample_blocks(sample_txt)
    table_rows: list[str] = []
    sidebar: list[str] = []
    last_paragraph = None

    def flush_table() -> None:
        if table_rows:
            table = doc.add_table(rows=0, cols=2)
            for row in table_rows:
                when, _, what = row.partition(" - ")
                cells = table.add_row().cells
                cells[0].text, cells[1].text = when, what
            table_rows.clear()

    for block, text in blocks:
        if not (block.kind == "list_item" and table and " - " in text):
            flush_table()
        if block.kind == "heading":
            doc.add_heading(text, level=min(block.level, 9))
        elif block.kind == "list_item" and table and " - " in text:
            table_rows.append(text)
        elif block.kind == "list_item":
            doc.add_paragraph(text, style="List Bullet")
        elif block.kind == "sidebar":
            sidebar.append(text)
        else:
            last_paragraph = doc.add_paragraph()
            for i, line in enumerate(text.split("\n")):
                if i:
                    last_paragraph.runs[-1].add_break()  # a soft line break inside the paragraph
                last_paragraph.add_run(line).bold = block.bold or None
    flush_table()
    if sidebar and last_paragraph is not None:
        _text_box(last_paragraph, sidebar)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- ODT


def sample_odt(sample_txt: Path) -> bytes:
    """The sample as an OpenDocument text (odfpy): outline headings, a numbered list style,
    the history list as a table, the sidebar in a frame's text box, a footer."""
    from odf.draw import Frame, TextBox
    from odf.opendocument import OpenDocumentText
    from odf.style import (
        Footer,
        ListLevelProperties,
        MasterPage,
        PageLayout,
        Style,
        TextProperties,
    )
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, ListLevelStyleNumber, ListStyle, P, Span

    doc = OpenDocumentText()
    bold = Style(name="Bold", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    numbered = ListStyle(name="Numbered")
    level = ListLevelStyleNumber(level=1, numformat="1", numsuffix=".")
    level.addElement(ListLevelProperties())
    numbered.addElement(level)
    doc.automaticstyles.addElement(numbered)
    layout = PageLayout(name="Layout")
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    footer = Footer()
    footer.addElement(P(text="Бюлетин брой 8, стр. 1"))
    master.addElement(footer)
    doc.masterstyles.addElement(master)

    def paragraph(text: str, is_bold: bool = False) -> P:
        p = P()
        for i, line in enumerate(text.split("\n")):
            if i:
                from odf.text import LineBreak

                p.addElement(LineBreak())
            if is_bold:
                p.addElement(Span(stylename=bold, text=line))
            else:
                p.addText(line)
        return p

    blocks = sample_blocks(sample_txt)
    rows: list[str] = []
    sidebar: list[str] = []
    current_list: List | None = None
    last = None
    for block, text in blocks:
        dated = block.kind == "list_item" and " - " in text
        if not dated and rows:
            table = Table(name=f"T{len(doc.text.childNodes)}")
            table.addElement(TableColumn(numbercolumnsrepeated=2))
            for row in rows:
                tr = TableRow()
                for cell_text in row.partition(" - ")[::2]:
                    cell = TableCell()
                    cell.addElement(P(text=cell_text))
                    tr.addElement(cell)
                table.addElement(tr)
            doc.text.addElement(table)
            rows = []
        if block.kind != "list_item":
            current_list = None
        if block.kind == "heading":
            doc.text.addElement(H(outlinelevel=block.level, text=text))
        elif dated:
            rows.append(text)
        elif block.kind == "list_item":
            if current_list is None:
                current_list = List(stylename=numbered)
                doc.text.addElement(current_list)
            item = ListItem()
            item.addElement(P(text=text))
            current_list.addElement(item)
        elif block.kind == "sidebar":
            sidebar.append(text)
        else:
            last = paragraph(text, block.bold)
            doc.text.addElement(last)
    if sidebar and last is not None:
        frame = Frame(width="6cm", height="5cm", anchortype="paragraph")
        box = TextBox()
        for line in sidebar:
            box.addElement(P(text=line))
        frame.addElement(box)
        last.addElement(frame)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


# ---------------------------------------------------------------- HTML


def sample_html(sample_txt: Path, charset: str = "utf-8") -> bytes:
    """The sample as a saved web page: a menu, a cookie banner and a footer around the article,
    the history list as a table, line breaks as <br>."""
    parts = []
    rows: list[str] = []
    in_list = False
    for block, text in sample_blocks(sample_txt):
        dated = block.kind == "list_item" and " - " in text
        if rows and not dated:
            parts.append("<table>" + "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r.partition(" - ")[::2]) + "</tr>"
                for r in rows) + "</table>")
            rows = []
        if in_list and block.kind != "list_item":
            parts.append("</ul>")
            in_list = False
        body = "<br>".join(html.escape(line) for line in text.split("\n"))
        if block.kind == "heading":
            parts.append(f"<h{block.level}>{body}</h{block.level}>")
        elif dated:
            rows.append(text)
        elif block.kind == "list_item":
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{body}</li>")
        elif block.kind == "sidebar":
            continue
        else:
            parts.append(f"<p>{'<strong>' + body + '</strong>' if block.bold else body}</p>")
    if in_list:
        parts.append("</ul>")
    menu = "".join(f'<li><a href="/{i}">{name}</a></li>' for i, name in enumerate(
        ["Начало", "За нас", "Членове", "Проекти", "Новини", "Контакти"]))
    page = (
        f'<!DOCTYPE html><html lang="bg"><head><meta charset="{charset}"><title>Юбилеен бюлетин</title></head>'
        f'<body><header><nav><ul class="menu">{menu}</ul></nav></header>'
        '<div class="cookies">Този сайт използва бисквитки. <button>Приемам</button></div>'
        f'<main><article>{"".join(parts)}</article></main>'
        '<footer><p>© 2022 Клъстер София град на знанието. Всички права запазени.</p>'
        '<p>Тел.: 02 123 45 67, 1000 София</p></footer></body></html>'
    )
    return page.encode(charset, errors="xmlcharrefreplace")


# ---------------------------------------------------------------- scans


def sample_scan(sample_pdf: Path, dpi: int = 150, angle: float = 0.8, blur: float = 0.6) -> bytes:
    """The sample PDF as a scanner would give it: pages rendered at `dpi`, turned slightly,
    blurred, grey, JPEG-compressed and saved as an image-only PDF (no text layer)."""
    import pypdfium2 as pdfium
    from PIL import ImageFilter

    pdf = pdfium.PdfDocument(str(sample_pdf))
    images = []
    for i, page in enumerate(pdf):
        image = page.render(scale=dpi / 72).to_pil().convert("L")
        turned = image.rotate(angle if i % 2 == 0 else -angle, resample=3, expand=True, fillcolor=255)
        images.append(turned.filter(ImageFilter.GaussianBlur(blur)))
    pdf.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:], quality=75)
    return out.getvalue()
