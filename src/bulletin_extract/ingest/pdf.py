"""PDF bulletins: a character source (pdfium or pdfplumber) feeding `ingest.layout`.

pdfium is the default: it is fast because it is asked for text *objects* (one per
show-text operation: a word or a run on one baseline) rather than for every glyph,
and pages are closed as soon as they are read so memory does not grow with length.
pdfplumber is the slower second opinion (`--pdf-engine pdfplumber`); both must give
the same normalised text on the same file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from ..document import Document, DocumentBuilder
from ..errors import EncryptedPdf, InputError, NoTextLayer, UsageError
from ..models import ProblemNote
from .layout import Box, Char, PageChars, fill_builder, layout_pages

ENGINES = ("auto", "pdfium", "pdfplumber")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_CID = re.compile(r"\(cid:\d+\)")
# pdfium reports a hyphen it judges to be a line-end break as U+0002 / U+FFFE; the
# decision whether to join belongs to the layout code, so it becomes a plain hyphen.
_PDFIUM_HYPHEN = str.maketrans({"\x02": "-", "\ufffe": "-", "\u00ad": "-"})
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\ufffd]")


def is_bold_font(name: str, weight: int = -1) -> bool:
    """Bold from the font weight or, when a PDF does not say, from the font's name."""
    return weight >= 600 or bool(_BOLD_FONT.search(name))


def read_pdf(
    path: str | Path, data: bytes, sha: str, engine: str = "auto", password: str | None = None
) -> Document:
    """PDF bytes -> Document (format "pdf"); raises EncryptedPdf, NoTextLayer, InputError."""
    if engine not in ENGINES:
        raise UsageError(f"{path}: unknown PDF engine '{engine}' (expected {', '.join(ENGINES)})")
    name = "pdfplumber" if engine == "pdfplumber" else "pdfium"
    source = _pdfplumber_pages if name == "pdfplumber" else _pdfium_pages
    warnings: list[ProblemNote] = []
    pages = list(source(path, data, password, warnings))
    if not any(p.chars for p in pages):
        cid_only = any(w.code == "cid_glyphs" for w in warnings)
        reason = "only glyphs without a unicode map" if cid_only else "no text layer (scanned?)"
        raise NoTextLayer(f"{path}: {reason}, {len(pages)} pages")
    builder = DocumentBuilder()
    page_starts = fill_builder(layout_pages(pages), builder, len(pages))
    return Document(
        text=builder.text,
        blocks=builder.blocks,
        page_starts=page_starts,
        format="pdf",
        path=str(path),
        sha256=sha,
        size_bytes=len(data),
        engine=name,
        warnings=warnings,
    )


def _cid_warning(path: str | Path, pages: list[int]) -> ProblemNote:
    shown = ", ".join(map(str, pages[:10])) + (" ..." if len(pages) > 10 else "")
    return ProblemNote(
        code="cid_glyphs",
        message=f"{path}: glyphs without a unicode map dropped on pages {shown}",
        stage="ingest",
        page=pages[0],
    )


# ---------------------------------------------------------------- pdfium


def _pdfium_open(path: str | Path, data: bytes, password: str | None):  # -> PdfDocument
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as err:
        msg = str(err)
        if "password" in msg.lower():
            raise EncryptedPdf(f"{path}: encrypted PDF (use --password)") from err
        raise InputError(f"{path}: not a readable PDF: {msg.split(': ')[-1]}") from err


class _PdfiumObjects:
    """Reads one page's text and path objects; buffers and the font cache are reused."""

    def __init__(self) -> None:
        import ctypes

        import pypdfium2.raw as raw

        self.raw, self.ctypes = raw, ctypes
        self.left, self.bottom, self.right, self.top = (ctypes.c_float() for _ in range(4))
        self.bounds = tuple(ctypes.byref(v) for v in (self.left, self.bottom, self.right, self.top))
        self.size = ctypes.c_float()
        self.descent = ctypes.c_float()
        self.matrix = raw.FS_MATRIX()
        self.buf_len = 16384
        self.buf = ctypes.create_string_buffer(self.buf_len)
        self.wbuf = ctypes.cast(self.buf, ctypes.POINTER(raw.FPDF_WCHAR))
        self.name_buf = ctypes.create_string_buffer(256)
        self.fonts: dict[int | None, tuple[bool, float]] = {}

    def read(self, page, textpage, number: int, height: float) -> tuple[list[Char], list[Box], bool]:
        self.chars: list[Char] = []
        self.boxes: list[Box] = []
        self.unmapped = False
        self.textpage, self.number, self.height = textpage, number, height
        raw = self.raw
        self._visit(raw.FPDFPage_CountObjects(page), lambda i: raw.FPDFPage_GetObject(page, i))
        return self.chars, self.boxes, self.unmapped

    def _visit(self, count: int, get: Callable[[int], object]) -> None:
        raw, ctypes = self.raw, self.ctypes
        text_type, path_type, form_type = raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
        height, number = self.height, self.number
        for i in range(count):
            obj = get(i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == form_type:  # text inside a form XObject (stamps, templates)
                self._visit(raw.FPDFFormObj_CountObjects(obj), lambda j, o=obj: raw.FPDFFormObj_GetObject(o, j))
                continue
            if kind != text_type and kind != path_type:
                continue
            raw.FPDFPageObj_GetBounds(obj, *self.bounds)
            if kind == path_type:
                self.boxes.append(Box(self.left.value, height - self.top.value, self.right.value,
                                      height - self.bottom.value, number))
                continue
            n = raw.FPDFTextObj_GetText(obj, self.textpage, self.wbuf, self.buf_len)
            text = self.buf.raw[: max(0, n - 2)].decode("utf-16-le", "replace").translate(_PDFIUM_HYPHEN)
            if _NOT_TEXT.search(text):
                self.unmapped = True
                text = _NOT_TEXT.sub("", text)
            if not text.strip():
                continue
            raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(self.size))
            font = raw.FPDFTextObj_GetFont(obj)
            key = ctypes.cast(font, ctypes.c_void_p).value
            if key not in self.fonts:
                raw.FPDFFont_GetBaseFontName(font, self.name_buf, 256)
                bold = is_bold_font(self.name_buf.value.decode("latin-1"), raw.FPDFFont_GetWeight(font))
                raw.FPDFFont_GetDescent(font, 1000.0, ctypes.byref(self.descent))
                self.fonts[key] = (bold, self.descent.value / 1000.0)
            bold, font_descent = self.fonts[key]
            m = self.matrix
            raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
            # Tf size times the text matrix scale is the visible size; the em box hangs
            # from the baseline like pdfminer's, so both engines give the same geometry
            # (glyph bounds would jitter with descenders)
            visible = self.size.value * ((m.c * m.c + m.d * m.d) ** 0.5 or 1.0)
            line_bottom = height - m.f - font_descent * visible
            self.chars.append(Char(text, self.left.value, self.right.value, line_bottom - visible, line_bottom,
                                   round(visible, 1), bold, number))


def _pdfium_pages(
    path: str | Path, data: bytes, password: str | None, warnings: list[ProblemNote]
) -> Iterator[PageChars]:
    import pypdfium2.raw as raw

    doc = _pdfium_open(path, data, password)
    reader = _PdfiumObjects()
    cid_pages: list[int] = []
    try:
        for index in range(len(doc)):
            page = raw.FPDF_LoadPage(doc.raw, index)
            if not page:
                raise InputError(f"{path}: not a readable PDF: page {index + 1} cannot be loaded")
            textpage = raw.FPDFText_LoadPage(page)
            try:
                width, height = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
                chars, boxes, unmapped = reader.read(page, textpage, index + 1, height)
            finally:
                raw.FPDFText_ClosePage(textpage)
                raw.FPDF_ClosePage(page)
            if unmapped:
                cid_pages.append(index + 1)
            yield PageChars(index + 1, width, height, chars, boxes)
    finally:
        doc.close()
    if cid_pages:
        warnings.append(_cid_warning(path, cid_pages))


# ---------------------------------------------------------------- pdfplumber


def _pdfplumber_open(path: str | Path, data: bytes, password: str | None):  # -> pdfplumber.PDF
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    last: Exception | None = None
    for repair in (False, True):  # repair (via ghostscript-free pdfminer fallback) only on failure
        try:
            pdf = pdfplumber.open(io.BytesIO(data), password=password or "", repair=repair)
            len(pdf.pages)  # force the page tree to parse
            return pdf
        except PDFPasswordIncorrect as err:
            raise EncryptedPdf(f"{path}: encrypted PDF (use --password)") from err
        except Exception as err:  # pdfminer raises many unrelated types on damage
            if "password" in str(err).lower() or type(err).__name__ == "PDFEncryptionError":
                raise EncryptedPdf(f"{path}: encrypted PDF (use --password)") from err
            last = err
    reason = str(last) or type(last).__name__
    raise InputError(f"{path}: not a readable PDF: {reason}")


def _pdfplumber_pages(
    path: str | Path, data: bytes, password: str | None, warnings: list[ProblemNote]
) -> Iterator[PageChars]:
    pdf = _pdfplumber_open(path, data, password)
    cid_pages: list[int] = []
    try:
        for page in pdf.pages:
            try:
                raw_chars = page.chars
                rects = page.rects
            except Exception as err:
                raise InputError(f"{path}: not a readable PDF: page {page.page_number}: {err}") from err
            chars: list[Char] = []
            unmapped = False
            for c in raw_chars:
                text = c["text"]
                if _CID.fullmatch(text) or _NOT_TEXT.search(text):
                    unmapped = True
                    continue
                if not text.strip():
                    continue
                chars.append(
                    Char(text.translate(_PDFIUM_HYPHEN), c["x0"], c["x1"], c["top"], c["bottom"],
                         round(c["size"], 1), is_bold_font(c["fontname"]), page.page_number)
                )
            boxes = [Box(r["x0"], r["top"], r["x1"], r["bottom"], page.page_number) for r in rects]
            if unmapped:
                cid_pages.append(page.page_number)
            yield PageChars(page.page_number, float(page.width), float(page.height), chars, boxes)
            page.close()
    finally:
        pdf.close()
    if cid_pages:
        warnings.append(_cid_warning(path, cid_pages))
