"""How each PDF of the matrix is made: one recipe per (producer, layout).

Every recipe takes a markdown bulletin and a scratch folder and returns the PDF it made
with real, installed producers (Debian packages; ReportLab from PyPI). The layouts are
the ones organisations use: one column, two columns with a boxed sidebar, a running
header and footer, a table, a numbered list. The sidebar is the source's first
level-3 section (``### ...``) when it has one; it is printed as a floating box.

Rewrites (qpdf, Ghostscript) take the PDF of another recipe and save it again.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
RUNNING_TITLE = "Бюлетин"


@dataclass(frozen=True)
class Recipe:
    name: str
    tools: tuple[str, ...]  # the producers it runs, for versions and "is it installed"
    make: Callable[[Path, Path], Path] = field(compare=False)
    base: str | None = None  # rewrites: the recipe whose PDF is saved again


# ---------------------------------------------------------------- the source, split


@dataclass(frozen=True)
class Parts:
    before: str
    sidebar: str  # markdown of the first level-3 section, "" when there is none
    after: str


def split_sidebar(markdown: str) -> Parts:
    """Cut the first ``### `` section (up to the next heading) out as the sidebar.

    >>> p = split_sidebar("# Т\\n\\nтекст\\n\\n### Кутия\\n\\n- а\\n\\n## Нататък\\n")
    >>> (p.sidebar, p.after)
    ('### Кутия\\n\\n- а\\n\\n', '## Нататък\\n')
    """
    m = re.search(r"^### .*$", markdown, re.M)
    if not m:
        return Parts(markdown, "", "")
    end = re.compile(r"^#{1,6} ", re.M).search(markdown, m.end())
    stop = end.start() if end else len(markdown)
    return Parts(markdown[: m.start()], markdown[m.start() : stop], markdown[stop:])


def sidebar_lines(sidebar_md: str) -> list[tuple[bool, str]]:
    """The sidebar as (is_heading, plain text) lines, markdown marks removed."""
    out: list[tuple[bool, str]] = []
    for raw in sidebar_md.splitlines():
        line = raw.strip()
        if not line:
            continue
        heading = line.startswith("#")
        line = re.sub(r"^(#+|[-*]|\d+\.)\s+", "", line)
        out.append((heading, plain_inline(line)))
    return out


def plain_inline(text: str) -> str:
    """Markdown inline marks removed: bold/italic stars, links kept as their text."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return text.replace("**", "").replace("__", "")


# ---------------------------------------------------------------- running tools


def run(cmd: list[str], cwd: Path, timeout: int = 300, env: dict[str, str] | None = None) -> None:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.strip()[-400:]}")


def pandoc(markdown: str, out: Path, *args: str) -> Path:
    src = out.with_suffix(".src.md")
    src.write_text(markdown, encoding="utf-8")
    run(["pandoc", "-f", "markdown", src.name, "-o", out.name, *args], out.parent)
    return out


def soffice_pdf(doc: Path) -> Path:
    """LibreOffice headless PDF export, with a private profile so runs never collide."""
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(doc.parent), doc.name], doc.parent)
    return doc.with_suffix(".pdf")


# ---------------------------------------------------------------- LibreOffice: DOCX


def _docx_sidebar(lines: list[tuple[bool, str]]) -> str:
    """The sidebar as a Word frame (paragraphs sharing one ``w:framePr``), boxed, floated right."""
    frame = ('<w:framePr w:w="3600" w:hSpace="284" w:vSpace="113" w:wrap="around" w:vAnchor="text" '
             'w:hAnchor="margin" w:xAlign="right" w:y="1"/>'
             '<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="000000"/>'
             '<w:left w:val="single" w:sz="4" w:space="4" w:color="000000"/>'
             '<w:bottom w:val="single" w:sz="4" w:space="4" w:color="000000"/>'
             '<w:right w:val="single" w:sz="4" w:space="4" w:color="000000"/></w:pBdr>'
             '<w:shd w:val="clear" w:color="auto" w:fill="EEEEEE"/>')
    paras = []
    for head, text in lines:
        chunks = text.split("\t")
        runs = "<w:tab/>".join(f'<w:t xml:space="preserve">{html.escape(c, quote=False)}</w:t>' for c in chunks)
        size = '<w:sz w:val="18"/>' if not head else '<w:b/><w:sz w:val="20"/>'
        paras.append(f"<w:p><w:pPr>{frame}</w:pPr><w:r><w:rPr>{size}</w:rPr>{runs}</w:r></w:p>")
    return "".join(paras)


def _fit_tables(body: str, width: int) -> str:
    """Tables as wide as one column: pandoc sizes their grid for the full page."""
    def grid(m: re.Match[str]) -> str:
        n = len(re.findall(r"<w:gridCol\b", m.group(0)))
        return "<w:tblGrid>" + f'<w:gridCol w:w="{width // n}" />' * n + "</w:tblGrid>"

    body = re.sub(r"<w:tblGrid>.*?</w:tblGrid>", grid, body, flags=re.S)
    return body.replace('<w:tblW w:type="auto" w:w="0" />', f'<w:tblW w:type="dxa" w:w="{width}" />')


DOCX_HEADER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:{tag} xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:p><w:pPr><w:jc w:val="{align}"/></w:pPr>{runs}</w:p></w:{tag}>'
)
PAGE_FIELD = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
              '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def docx_two_columns(docx: Path, title: str) -> None:
    """Rewrite a DOCX in place: A4, two columns, a running header (title) and footer (page)."""
    with zipfile.ZipFile(docx) as z:
        files = {n: z.read(n) for n in z.namelist()}
    header = DOCX_HEADER.format(tag="hdr", align="center",
                                runs=f'<w:r><w:t xml:space="preserve">{html.escape(title)}</w:t></w:r>')
    footer = DOCX_HEADER.format(tag="ftr", align="right",
                                runs='<w:r><w:t xml:space="preserve">стр. </w:t></w:r>' + PAGE_FIELD)
    files["word/header9.xml"] = header.encode()
    files["word/footer9.xml"] = footer.encode()
    rels = files["word/_rels/document.xml.rels"].decode()
    rel_t = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdHdr9" Type="{rel_t}header" Target="header9.xml"/>'
        f'<Relationship Id="rIdFtr9" Type="{rel_t}footer" Target="footer9.xml"/></Relationships>',
    )
    files["word/_rels/document.xml.rels"] = rels.encode()
    types = files["[Content_Types].xml"].decode()
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    types = types.replace(
        "</Types>",
        f'<Override PartName="/word/header9.xml" ContentType="{ct}header+xml"/>'
        f'<Override PartName="/word/footer9.xml" ContentType="{ct}footer+xml"/></Types>',
    )
    files["[Content_Types].xml"] = types.encode()
    sect = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdHdr9"/>'
            '<w:footerReference w:type="default" r:id="rIdFtr9"/>'
            '<w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="1418" w:right="1134" w:bottom="1418" w:left="1134" w:header="567" '
            'w:footer="567" w:gutter="0"/><w:cols w:num="2" w:space="567"/></w:sectPr>')
    body = _fit_tables(files["word/document.xml"].decode(), 4400)
    body, n = re.subn(r"<w:sectPr\s*/>|<w:sectPr>.*?</w:sectPr>(?=</w:body>)", sect, body, flags=re.S)
    if n != 1:
        raise RuntimeError("docx: no final section properties to rewrite")
    files["word/document.xml"] = body.encode()
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)


def lo_docx(src: Path, work: Path) -> Path:
    docx = pandoc(src.read_text(encoding="utf-8"), work / "doc.docx")
    return soffice_pdf(docx)


def lo_docx_2col(src: Path, work: Path) -> Path:
    parts = split_sidebar(src.read_text(encoding="utf-8"))
    md = parts.before
    if parts.sidebar:
        md += "\n```{=openxml}\n" + _docx_sidebar(sidebar_lines(parts.sidebar)) + "\n```\n\n" + parts.after
    docx = pandoc(md, work / "doc.docx")
    docx_two_columns(docx, RUNNING_TITLE)
    return soffice_pdf(docx)


# ---------------------------------------------------------------- LibreOffice: ODT


def _odt_sidebar(lines: list[tuple[bool, str]]) -> str:
    def para(head: bool, text: str) -> str:
        body = "<text:tab/>".join(html.escape(c, quote=False) for c in text.split("\t"))
        return f'<text:p text:style-name="{"SidebarHead" if head else "SidebarText"}">{body}</text:p>'

    return (
        '<text:p text:style-name="Text_20_body"><draw:frame draw:style-name="Sidebar" draw:name="Sidebar1" '
        'text:anchor-type="paragraph" svg:width="6.5cm" draw:z-index="0"><draw:text-box fo:min-height="1cm">'
        + "".join(para(h, t) for h, t in lines)
        + "</draw:text-box></draw:frame></text:p>"
    )


ODT_STYLES = (
    '<style:style style:name="Sidebar" style:family="graphic"><style:graphic-properties '
    'style:wrap="parallel" style:number-wrapped-paragraphs="no-limit" style:vertical-pos="top" '
    'style:vertical-rel="paragraph" style:horizontal-pos="right" style:horizontal-rel="paragraph" '
    'fo:border="0.5pt solid #000000" fo:padding="0.2cm" fo:background-color="#eeeeee" '
    'fo:margin-left="0.3cm"/></style:style>'
    '<style:style style:name="SidebarText" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:text-properties fo:font-size="9pt"/></style:style>'
    '<style:style style:name="SidebarHead" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:text-properties fo:font-size="10pt" fo:font-weight="bold"/></style:style>'
)


def odt_two_columns(odt: Path, title: str) -> None:
    """Rewrite an ODT in place: A4, two columns, a running header (title), sidebar styles."""
    with zipfile.ZipFile(odt) as z:
        infos = z.infolist()
        files = {i.filename: z.read(i.filename) for i in infos}
    styles = files["styles.xml"].decode()
    styles = re.sub(r'fo:page-width="[^"]*"', 'fo:page-width="21cm"', styles, count=1)
    styles = re.sub(r'fo:page-height="[^"]*"', 'fo:page-height="29.7cm"', styles, count=1)
    styles = styles.replace(
        "</style:page-layout-properties>",
        '<style:columns fo:column-count="2" fo:column-gap="0.8cm"/></style:page-layout-properties>', 1)
    styles = styles.replace(
        "<style:header-style />",
        '<style:header-style><style:header-footer-properties fo:min-height="0.4in" '
        'fo:margin-bottom="0.2in" style:dynamic-spacing="false"/></style:header-style>', 1)
    styles = styles.replace(
        "<style:footer>",
        f'<style:header><text:p text:style-name="Header">{html.escape(title)}</text:p></style:header><style:footer>',
        1)
    styles = styles.replace("</office:styles>", ODT_STYLES + "</office:styles>", 1)
    files["styles.xml"] = styles.encode()
    with zipfile.ZipFile(odt, "w") as z:
        for info in infos:  # mimetype first and stored, as ODF requires
            z.writestr(info, files[info.filename],
                       compress_type=zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED)


def lo_odt(src: Path, work: Path) -> Path:
    return soffice_pdf(pandoc(src.read_text(encoding="utf-8"), work / "doc.odt"))


def lo_odt_2col(src: Path, work: Path) -> Path:
    parts = split_sidebar(src.read_text(encoding="utf-8"))
    md = parts.before
    if parts.sidebar:
        md += "\n```{=opendocument}\n" + _odt_sidebar(sidebar_lines(parts.sidebar)) + "\n```\n\n" + parts.after
    odt = pandoc(md, work / "doc.odt")
    odt_two_columns(odt, RUNNING_TITLE)
    return soffice_pdf(odt)


# ---------------------------------------------------------------- HTML printers

CSS_BASE = """
@page { size: A4; margin: 2cm; }
body { font-family: "DejaVu Serif", serif; font-size: 11pt; line-height: 1.35; }
h1 { font-size: 20pt; } h2 { font-size: 15pt; } h3 { font-size: 12.5pt; }
table { border-collapse: collapse; } td, th { border: 1px solid #444; padding: 2pt 5pt; }
aside.sidebar { float: right; width: 38%; margin: 0 0 8pt 12pt; padding: 6pt; font-size: 9pt;
                border: 1px solid #000; background: #eee; }
aside.sidebar ul { padding-left: 12pt; }
"""
CSS_TWO_COLUMNS = """
body { column-count: 2; column-gap: 1cm; text-align: justify; }
h1 { column-span: all; }
aside.sidebar { width: 80%; }
"""
CSS_HYPHENS = (
    "body { hyphens: auto; }\n"
    f'@page {{ @top-center {{ content: "{RUNNING_TITLE}"; font-size: 9pt; }}\n'
    '        @bottom-right { content: "стр. " counter(page); font-size: 9pt; } }\n'
)


def html_page(src: Path, work: Path, css: str, sidebar: bool) -> Path:
    markdown = src.read_text(encoding="utf-8")
    parts = split_sidebar(markdown)
    if sidebar and parts.sidebar:
        markdown = f'{parts.before}\n<aside class="sidebar">\n\n{parts.sidebar}\n\n</aside>\n\n{parts.after}'
    head = work / "style.html"
    head.write_text(f"<style>{css}</style>\n", encoding="utf-8")
    return pandoc(markdown, work / "page.html", "-s", "-H", head.name, "--metadata", "lang=bg",
                  "--metadata", f"pagetitle={RUNNING_TITLE}")


def chromium_print(page: Path) -> Path:
    pdf = page.with_suffix(".pdf")
    run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.resolve().as_uri()], page.parent, timeout=180)
    return pdf


def chromium(src: Path, work: Path) -> Path:
    return chromium_print(html_page(src, work, CSS_BASE, sidebar=False))


def chromium_2col(src: Path, work: Path) -> Path:
    return chromium_print(html_page(src, work, CSS_BASE + CSS_TWO_COLUMNS, sidebar=True))


def weasyprint_2col(src: Path, work: Path) -> Path:
    page = html_page(src, work, CSS_BASE + CSS_TWO_COLUMNS + CSS_HYPHENS, sidebar=True)
    pdf = work / "page.pdf"
    run(["weasyprint", page.name, pdf.name], work)
    return pdf


def wkhtmltopdf(src: Path, work: Path) -> Path:
    page = html_page(src, work, CSS_BASE, sidebar=True)
    pdf = work / "page.pdf"
    run(["wkhtmltopdf", "-q", "--enable-local-file-access", "-s", "A4",
         "--header-center", RUNNING_TITLE, "--header-font-size", "8",
         "--footer-right", "стр. [page]", "--footer-font-size", "8", page.name, pdf.name],
        work, env={"QT_QPA_PLATFORM": "offscreen"})
    return pdf


# ---------------------------------------------------------------- LaTeX, ReportLab


def xelatex(src: Path, work: Path) -> Path:
    return pandoc(src.read_text(encoding="utf-8"), work / "doc.pdf", "--pdf-engine=xelatex",
                  "-V", "mainfont=DejaVu Serif", "-V", "lang=bg", "-V", "geometry:margin=2cm")


def reportlab(src: Path, work: Path) -> Path:
    from .reportlab_render import render

    return render(src.read_text(encoding="utf-8"), work / "doc.pdf", columns=1, title=RUNNING_TITLE)


def reportlab_2col(src: Path, work: Path) -> Path:
    from .reportlab_render import render

    return render(src.read_text(encoding="utf-8"), work / "doc.pdf", columns=2, title=RUNNING_TITLE)


# ---------------------------------------------------------------- rewrites


def qpdf_rewrite(pdf: Path, work: Path) -> Path:
    out = work / "qpdf.pdf"
    run(["qpdf", "--object-streams=generate", "--linearize", str(pdf), out.name], work)
    return out


def gs_rewrite(pdf: Path, work: Path) -> Path:
    out = work / "gs.pdf"
    run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite",
         f"-sOutputFile={out.name}", str(pdf)], work)
    return out


BASES = (
    Recipe("lo-docx", ("pandoc", "soffice"), lo_docx),
    Recipe("lo-docx-2col", ("pandoc", "soffice"), lo_docx_2col),
    Recipe("lo-odt", ("pandoc", "soffice"), lo_odt),
    Recipe("lo-odt-2col", ("pandoc", "soffice"), lo_odt_2col),
    Recipe("chromium", ("pandoc", "chromium"), chromium),
    Recipe("chromium-2col", ("pandoc", "chromium"), chromium_2col),
    Recipe("weasyprint-2col", ("pandoc", "weasyprint"), weasyprint_2col),
    Recipe("wkhtmltopdf", ("pandoc", "wkhtmltopdf"), wkhtmltopdf),
    Recipe("xelatex", ("pandoc", "xelatex"), xelatex),
    Recipe("reportlab", ("reportlab",), reportlab),
    Recipe("reportlab-2col", ("reportlab",), reportlab_2col),
)
REWRITES = (
    Recipe("qpdf+chromium", ("qpdf",), qpdf_rewrite, base="chromium"),
    Recipe("qpdf+lo-odt", ("qpdf",), qpdf_rewrite, base="lo-odt"),
    Recipe("gs+chromium", ("gs",), gs_rewrite, base="chromium"),
    Recipe("gs+lo-docx", ("gs",), gs_rewrite, base="lo-docx"),
    Recipe("gs+reportlab", ("gs",), gs_rewrite, base="reportlab"),
)
RECIPES = {r.name: r for r in (*BASES, *REWRITES)}

VERSION_COMMANDS = {
    "pandoc": ["pandoc", "--version"],
    "soffice": ["soffice", "--version"],
    "chromium": ["chromium", "--version"],
    "weasyprint": ["weasyprint", "--version"],
    "wkhtmltopdf": ["wkhtmltopdf", "--version"],
    "xelatex": ["xelatex", "--version"],
    "qpdf": ["qpdf", "--version"],
    "gs": ["gs", "--version"],
}


def tool_version(tool: str) -> str | None:
    """The installed version line of a producer, or None when it is not installed."""
    if tool == "reportlab":
        try:
            import reportlab as rl
        except ImportError:
            return None
        return f"ReportLab {rl.Version}"
    cmd = VERSION_COMMANDS[tool]
    if shutil.which(cmd[0]) is None:
        return None
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    lines = [ln.strip() for ln in proc.stdout.splitlines() if ln.strip()]
    return lines[0] if lines else None
