"""PDF bulletins: a character source (pdfium or pdfplumber) feeding `ingest.layout`.

pdfium is the default: it is fast because it is asked for text *objects* (one per
show-text operation: a word or a run on one baseline) rather than for every glyph,
and pages are closed as soon as they are read so memory does not grow with length.
pdfplumber is the slower second opinion (`--pdf-engine pdfplumber`); both must give
the same normalised text on the same file.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from ..document import Document, DocumentBuilder
from ..errors import EncryptedPdf, InputError, NoTextLayer, UsageError
from ..models import ProblemNote
from .layout import Box, Char, PageChars, fill_builder, layout_segments, segment_pages

ENGINES = ("auto", "pdfium", "pdfplumber")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_CID = re.compile(r"\(cid:\d+\)")
# pdfium reports a hyphen it judges to be a line-end break as U+0002 / U+FFFE; the
# decision whether to join belongs to the layout code, so it becomes a plain hyphen.
_PDFIUM_HYPHEN = str.maketrans({"\x02": "-", "\ufffe": "-", "\u00ad": "-"})
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")


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
    pages = segment_pages(source(path, data, password, warnings))
    if not pages:  # pdfminer reads a well-formed xref with wrong offsets as an empty page tree
        raise InputError(f"{path}: not a readable PDF: no pages found (damaged xref or page tree)")
    if not any(lines for _, lines in pages):
        cid_only = any(w.code == "cid_glyphs" for w in warnings)
        reason = "only glyphs without a unicode map" if cid_only else "no text layer (scanned?)"
        raise NoTextLayer(f"{path}: {reason}, {len(pages)} pages")
    builder = DocumentBuilder()
    page_starts = fill_builder(layout_segments(pages), builder, len(pages))
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
        reason = re.search(r"PDFium: ([^)]*)", msg)
        raise InputError(f"{path}: not a readable PDF: {reason.group(1) if reason else msg}") from err


class _PdfiumObjects:
    """Reads one page: glyph runs from the text page, frames from path objects.

    Speed matters (tens of pages per second): the text comes in one call, each glyph
    costs one call (which text object drew it; generated spaces have none), and font,
    size and baseline are asked once per text object. FPDFTextObj_GetText would be
    simpler but scans the whole page for every object.
    """

    def __init__(self) -> None:
        import ctypes

        import pypdfium2.raw as raw

        self.raw, self.ctypes = raw, ctypes
        self.left, self.bottom, self.right, self.top = (ctypes.c_float() for _ in range(4))
        self.bounds = tuple(ctypes.byref(v) for v in (self.left, self.bottom, self.right, self.top))
        self.rect = raw.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.size = ctypes.c_float()
        self.descent = ctypes.c_float()
        self.matrix = raw.FS_MATRIX()
        self.size_ref = ctypes.byref(self.size)
        self.matrix_ref = ctypes.byref(self.matrix)
        self.name_buf = ctypes.create_string_buffer(256)
        self.fonts: dict[int, tuple[bool, float]] = {}

    def read(self, page, textpage, number: int, height: float) -> tuple[list[Char], list[Box], bool]:
        raw, ctypes = self.raw, self.ctypes
        n = raw.FPDFText_CountChars(textpage)
        buf = ctypes.create_string_buffer((n + 1) * 2)
        raw.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
        text = buf.raw[: n * 2].decode("utf-16-le", "replace").translate(_PDFIUM_HYPHEN)
        unmapped = bool(_NOT_TEXT.search(text))
        get_object, addressof = raw.FPDFText_GetTextObject, ctypes.addressof
        chars: list[Char] = []
        objects: dict[int, tuple[float, float, float, bool]] = {}
        run_start, run_key, run_obj = -1, 0, None
        for i in range(n + 1):
            obj = get_object(textpage, i) if i < n else None
            key = addressof(obj.contents) if obj else 0
            if key == run_key:
                continue
            if run_key:
                if run_key not in objects:
                    objects[run_key] = self._object_geometry(run_obj, height)
                piece = _NOT_TEXT.sub("", text[run_start:i])
                # a font without a unicode map: pdfium guesses (glyph ids as code points);
                # guessed text is noise to every later stage, so it is dropped and reported
                if piece.strip() and raw.FPDFText_HasUnicodeMapError(textpage, run_start) == 1:
                    unmapped, piece = True, ""
                if piece.strip():
                    top, bottom, size, bold = objects[run_key]
                    x0, x1 = self._x_extent(textpage, run_start, i - 1)
                    chars.append(Char(piece, x0, x1, top, bottom, size, bold, number))
            run_start, run_key, run_obj = i, key, obj
        return chars, self._frames(page, height, number), unmapped

    def _x_extent(self, textpage, first: int, last: int) -> tuple[float, float]:
        raw, r = self.raw, self.rect
        raw.FPDFText_GetLooseCharBox(textpage, first, self.rect_ref)
        x0 = r.left
        if last != first:
            raw.FPDFText_GetLooseCharBox(textpage, last, self.rect_ref)
        return x0, r.right

    def _object_geometry(self, obj, height: float) -> tuple[float, float, float, bool]:
        raw, ctypes = self.raw, self.ctypes
        raw.FPDFTextObj_GetFontSize(obj, self.size_ref)
        font = raw.FPDFTextObj_GetFont(obj)
        key = ctypes.addressof(font.contents)
        if key not in self.fonts:
            raw.FPDFFont_GetBaseFontName(font, self.name_buf, 256)
            bold = is_bold_font(self.name_buf.value.decode("latin-1"), raw.FPDFFont_GetWeight(font))
            raw.FPDFFont_GetDescent(font, 1000.0, ctypes.byref(self.descent))
            self.fonts[key] = (bold, self.descent.value / 1000.0)
        bold, font_descent = self.fonts[key]
        m = self.matrix
        raw.FPDFPageObj_GetMatrix(obj, self.matrix_ref)
        # Tf size times the text matrix scale is the visible size; the em box hangs from
        # the baseline like pdfminer's, so both engines give the same geometry (glyph
        # bounds would jitter with descenders)
        size = round(self.size.value * ((m.c * m.c + m.d * m.d) ** 0.5 or 1.0), 1)
        bottom = height - m.f - font_descent * size
        return bottom - size, bottom, size, bold

    def _frames(self, page, height: float, number: int) -> list[Box]:
        raw = self.raw
        path_type = raw.FPDF_PAGEOBJ_PATH
        boxes = []
        for i in range(raw.FPDFPage_CountObjects(page)):
            obj = raw.FPDFPage_GetObject(page, i)
            if raw.FPDFPageObj_GetType(obj) == path_type:
                raw.FPDFPageObj_GetBounds(obj, *self.bounds)
                boxes.append(Box(self.left.value, height - self.top.value, self.right.value,
                                 height - self.bottom.value, number))
        return boxes


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

    first: Exception | None = None
    # repair rewrites the file with Ghostscript; only worth trying when it is installed
    for repair in (False, True) if shutil.which("gs") else (False,):
        try:
            pdf = pdfplumber.open(io.BytesIO(data), password=password or "", repair=repair)
            len(pdf.pages)  # force the page tree to parse
            return pdf
        except Exception as err:  # pdfminer raises many unrelated types on damage
            inner = err.args[0] if err.args and isinstance(err.args[0], Exception) else err  # PdfminerException wraps
            if isinstance(inner, PDFPasswordIncorrect) or "password" in str(inner).lower():
                raise EncryptedPdf(f"{path}: encrypted PDF (use --password)") from err
            first = first or inner
    lines = str(first).strip().splitlines() if first else []
    reason = lines[0] if lines else type(first).__name__
    raise InputError(f"{path}: not a readable PDF: {reason}") from first


def _fonts_without_unicode_map(page) -> frozenset[str]:  # page: pdfplumber.Page
    """Names of the page's CID fonts that lack a ToUnicode map.

    For those pdfminer guesses characters from the embedded font's cmap and ignores the
    CIDToGIDMap, which gives plausible-looking garbage (".0 02 50 СаСС"), not "(cid:N)";
    pdfium flags the same fonts as unmapped, so both engines drop them.
    """
    from pdfminer.pdftypes import resolve1

    names = set()
    try:
        fonts = resolve1((page.page_obj.resources or {}).get("Font")) or {}
        for ref in fonts.values():
            spec = resolve1(ref)
            if isinstance(spec, dict) and getattr(spec.get("Subtype"), "name", None) == "Type0" \
                    and "ToUnicode" not in spec:
                base = resolve1(spec.get("BaseFont"))
                names.add(getattr(base, "name", str(base)))
    except Exception:  # a damaged resource dict: keep pdfminer's own judgement
        return frozenset()
    return frozenset(names)


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
            guessed = _fonts_without_unicode_map(page)
            for c in raw_chars:
                text = c["text"]
                if _CID.fullmatch(text) or _NOT_TEXT.search(text) or c["fontname"] in guessed:
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
