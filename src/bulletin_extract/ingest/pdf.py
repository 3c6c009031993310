"""PDF bulletins: a character source (pdfium or pdfplumber) feeding `ingest.layout`.

pdfium is the default: it is fast because the page text comes in one call and pdfium
is asked about words (whitespace-free stretches of that text), not about every glyph
or text object, whichever way the producer drew them; pages are closed as soon as
they are read so memory does not grow with length.
pdfplumber is the slower second opinion (`--pdf-engine pdfplumber`); both must give
the same normalised text on the same file.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from functools import cache, partial
from pathlib import Path

from ..cyclic_gc import paused
from ..document import Document
from ..errors import EncryptedPdf, InputError, NoTextLayer, UsageError
from ..models import ProblemNote
from . import file_bytes
from .garbled import GlyphTally, check_glyph_maps, check_text_layer, guessed_text_reads
from .layout import (
    Box,
    Char,
    Line,
    PageChars,
    laid_out_document,
    segment_pages,
)
from .repair import repaired_pdf, repaired_warning

ENGINES = ("auto", "pdfium", "pdfplumber")
#: pdfium keeps what it parsed of every page read (about 0.2 MiB a page) until the document
#: is closed; reopening it every this many pages keeps a long PDF's memory flat, for the
#: cost of re-reading its cross-reference table (a millisecond or two).
REOPEN_PAGES = 32
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
    path: str | Path, data: bytes | None, sha: str, engine: str = "auto", password: str | None = None
) -> Document:
    """PDF -> Document (format "pdf"); raises EncryptedPdf, NoTextLayer, InputError.

    `data` is the file's bytes, or None to have the engine read the file at `path` itself
    (its bytes are then read only to repair a damaged file)."""
    if engine not in ENGINES:
        raise UsageError(f"{path}: unknown PDF engine '{engine}' (expected {', '.join(ENGINES)})")
    name = "pdfplumber" if engine == "pdfplumber" else "pdfium"
    source = _pdfplumber_pages if name == "pdfplumber" else _pdfium_pages
    # pdfium's pages make many objects and no reference cycles (`cyclic_gc`); pdfminer's do
    with paused() if name == "pdfium" else nullcontext():
        return _read_pdf(path, data, sha, name, source, password)


def _read_pdf(path: str | Path, data: bytes | None, sha: str, name: str, source, password: str | None) -> Document:  # type: ignore[no-untyped-def]
    warnings: list[ProblemNote] = []
    tally = GlyphTally()
    try:
        pages = _read_pages(source, path, data, password, warnings, tally)
    except EncryptedPdf:
        raise
    except InputError:
        fixed = repaired_pdf(data if data is not None else file_bytes(path), password)
        if fixed is None:
            raise
        warnings = [repaired_warning(path)]
        tally = GlyphTally()
        pages = _read_pages(source, path, fixed, password, warnings, tally)
    if not any(lines for _, lines in pages):
        cid_only = any(w.code == "cid_glyphs" for w in warnings)
        reason = "only glyphs without a unicode map" if cid_only else "no text layer (scanned?)"
        repaired = " (damaged PDF, after a Ghostscript repair)" if any(w.code == "repaired_pdf" for w in warnings) else ""
        raise NoTextLayer(f"{path}: {reason}, {len(pages)} pages{repaired}")
    check_glyph_maps(path, tally)  # mostly unmapped glyphs: junk however few words are left
    return laid_out_document(
        pages, warnings, check_text=partial(check_text_layer, path),  # raises GarbledTextLayer when junk
        format="pdf", path=path, sha256=sha, size_bytes=len(data) if data is not None else Path(path).stat().st_size,
        engine=name,
    )


def _read_pages(source, path: str | Path, data: bytes | None, password: str | None,  # type: ignore[no-untyped-def]
                warnings: list[ProblemNote], tally: GlyphTally) -> list[tuple[PageChars, Sequence[Line]]]:
    pages = segment_pages(source(path, data, password, warnings, tally))
    if not pages:  # pdfminer reads a well-formed xref with wrong offsets as an empty page tree
        raise InputError(f"{path}: not a readable PDF: no pages found (damaged xref or page tree)")
    return pages


def _cid_warning(path: str | Path, pages: list[int]) -> ProblemNote:
    shown = ", ".join(map(str, pages[:10])) + (" ..." if len(pages) > 10 else "")
    return ProblemNote(
        code="cid_glyphs",
        message=f"{path}: glyphs without a unicode map dropped on pages {shown}",
        stage="ingest",
        page=pages[0],
    )


# ---------------------------------------------------------------- pdfium


def _pdfium_open(path: str | Path, data: bytes | None, password: str | None):  # -> PdfDocument
    """The document from its bytes, or from the file at `path` when `data` is None."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data if data is not None else Path(path), password=password)
    except pdfium.PdfiumError as err:
        msg = str(err)
        if "password" in msg.lower():
            raise EncryptedPdf(f"{path}: encrypted PDF (use --password)") from err
        found = re.search(r"PDFium: ([^)]*)", msg)
        reason = found.group(1) if found else msg
        if reason.strip().lower() in ("success", ""):  # pdfium failed without setting an error code
            if b"/Encrypt" in (data if data is not None else file_bytes(path)):  # seen with encryption
                # pdfium cannot open without the password
                raise EncryptedPdf(f"{path}: encrypted PDF (use --password)") from err
            reason = "pdfium found no valid document structure (header, object table or trailer)"
        raise InputError(f"{path}: not a readable PDF: {reason}") from err


_WORD = re.compile(r"\S+")


def _unconverted(binding, restype):  # type: ignore[no-untyped-def]
    """The C function behind a pypdfium2 binding, called without ctypes' argument checks.

    A call through the binding converts each argument by its declared type and wraps a
    returned pointer in an object; pages call these functions tens of thousands of times,
    and unconverted calls cost half as much (`restype` c_void_p returns a plain int, or
    None for NULL). The price: ctypes converts a Python int to a C int, so every pointer
    passed in must be a ctypes object (`c_void_p(address)`, `byref(struct)`), never an int.

    They also keep the GIL (`PYFUNCTYPE`, as `ctypes.pythonapi` calls do): a CDLL call
    releases it and takes it back around every call, a mutex and a condition variable
    each time, for getters that return in well under a microsecond and never call back
    into Python. Ingest of the bench's LibreOffice PDF (80 pages, a process under
    callgrind, imports included): 8.92 -> 8.43 G instructions; alternated in one process,
    best of 5: 0.832 -> 0.781 s (the sample x80) and 0.623 -> 0.586 s (LibreOffice).
    """
    return _prototype(restype)(ctypes.cast(binding, ctypes.c_void_p).value)


@cache
def _prototype(restype):  # type: ignore[no-untyped-def]
    """PYFUNCTYPE(restype), made once: unlike CFUNCTYPE, ctypes makes a new class at each
    call, and a class is a reference cycle (ingest runs with the cyclic collector paused)."""
    return ctypes.PYFUNCTYPE(restype)


def _void_pointer(handle) -> ctypes.c_void_p:  # type: ignore[no-untyped-def]
    """A pdfium handle (a typed ctypes pointer) as a c_void_p, read from its memory:
    `ctypes.cast` of one pointer to another links the two in a reference cycle, which
    only the cyclic collector frees, and ingest runs with that collector paused."""
    return ctypes.c_void_p(ctypes.c_void_p.from_buffer(handle).value)


#: Char(...) without the named tuple's Python-level __new__ (a page has thousands of them)
_new_char = tuple.__new__


class _PdfiumObjects:
    """Reads one page: words with their boxes from the text page, frames from path objects.

    Speed matters (the target is 80 pages/s on one core): the page text comes in one
    call, and the units are its whitespace-free stretches, not glyphs or text objects,
    so the cost does not depend on how a producer draws text (one object per glyph,
    word or line). Per stretch pdfium is asked which text object drew its first and
    last glyph (an object's glyphs are consecutive, so equal ends mean one object;
    otherwise the stretch is cut where the object changes, e.g. a bold word before a
    plain comma), for the loose boxes of both ends (left and right) and for the first
    glyph's baseline origin. The vertical geometry never comes from the glyph boxes:
    the size is the object's Tf size times its matrix scale, and the em box hangs from
    the baseline by the font's descent like pdfminer's, so both engines agree. Glyph
    boxes depend on the producer's font descriptor: LibreOffice 7.4 writes /Ascent 0
    /Descent 0, pdfium then returns tight ink boxes and a size measured from them
    changes word by word ("Юи" taller than "ан"). Fonts are looked up once per page,
    sizes once per text object. The hot calls skip ctypes' argument conversion
    (`_unconverted`) and return plain ints, not pointer objects.
    """

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        vp, c_int = ctypes.c_void_p, ctypes.c_int
        self.get_object = _unconverted(raw.FPDFText_GetTextObject, vp)
        self.loose_box = _unconverted(raw.FPDFText_GetLooseCharBox, c_int)
        self.char_origin = _unconverted(raw.FPDFText_GetCharOrigin, c_int)
        self.unmapped_char = _unconverted(raw.FPDFText_HasUnicodeMapError, c_int)
        self.get_font = _unconverted(raw.FPDFTextObj_GetFont, vp)
        self.font_size = _unconverted(raw.FPDFTextObj_GetFontSize, c_int)
        self.object_matrix = _unconverted(raw.FPDFPageObj_GetMatrix, c_int)
        self.page_object = _unconverted(raw.FPDFPage_GetObject, vp)
        self.object_type = _unconverted(raw.FPDFPageObj_GetType, c_int)
        self.object_bounds = _unconverted(raw.FPDFPageObj_GetBounds, c_int)
        self.origin_x, self.origin_y = ctypes.c_double(), ctypes.c_double()
        self.origin_refs = (ctypes.byref(self.origin_x), ctypes.byref(self.origin_y))
        self.left, self.bottom, self.right, self.top = (ctypes.c_float() for _ in range(4))
        self.bounds = tuple(ctypes.byref(v) for v in (self.left, self.bottom, self.right, self.top))
        self.first, self.last = raw.FS_RECTF(), raw.FS_RECTF()
        self.first_ref, self.last_ref = ctypes.byref(self.first), ctypes.byref(self.last)
        self.size = ctypes.c_float()
        self.matrix = raw.FS_MATRIX()
        self.size_ref, self.matrix_ref = ctypes.byref(self.size), ctypes.byref(self.matrix)
        self.name_buf = ctypes.create_string_buffer(256)
        self.text_buf: ctypes.Array[ctypes.c_ushort] | None = None
        # font address -> (bold, descent per point of size, unicode map missing); per page,
        # as a closed page may free its fonts and a new font reuse the address
        self.fonts: dict[int, tuple[bool, float, bool | None]] = {}

    def read(self, page, textpage, number: int, height: float) -> tuple[list[Char], list[Box], bool, int]:
        """The page's Chars and frames, whether glyphs without a unicode map were dropped and,
        if so, how many glyphs the page shows (not whitespace; pdfium's code 0 is no glyph)."""
        raw = self.raw
        tp = _void_pointer(textpage)  # a ctypes object, as the unconverted calls need
        n = raw.FPDFText_CountChars(textpage)
        buf = self._text_buffer(n + 1)
        written = raw.FPDFText_GetText(textpage, 0, n, buf)
        units = ctypes.string_at(buf, n * 2) if n > 0 else b""  # a negative size reads up to a NUL
        text = units.decode("utf-16-le", "replace")
        wide = len(text) != n  # a surrogate pair is two pdfium chars: index by UTF-16 unit
        if wide:
            text = "".join(map(chr, memoryview(units).cast("H")))
        for mark in "\x02\ufffe\u00ad":  # as _PDFIUM_HYPHEN; replace is far faster than translate here
            if mark in text:
                text = text.replace(mark, "-")
        unmapped = bool(_NOT_TEXT.search(text))
        self.fonts.clear()
        get_object = self.get_object
        pieces: list[tuple[int, int, int]] = []  # (start, end, text object) of each glyph run
        for m in _WORD.finditer(text):
            start, end = m.span()
            obj = get_object(tp, start)
            if end - start == 1 or get_object(tp, end - 1) == obj:
                pieces.append((start, end, obj))
                continue
            for i in range(start + 1, end):  # several objects: cut where the object changes
                nxt = get_object(tp, i)
                if nxt != obj and nxt:
                    pieces.append((start, i, obj))
                    start, obj = i, nxt
            pieces.append((start, end, obj))
        chars, guessed = self._measure(tp, text, pieces, number, height, unmapped, wide)
        texts = {obj for _, _, obj in pieces}
        dropped = unmapped or guessed
        visible = _visible_glyphs(text, n, written) if dropped else 0
        return chars, self._frames(page, height, number, texts), dropped, visible

    def _text_buffer(self, units: int) -> ctypes.Array[ctypes.c_ushort]:
        """A buffer for at least `units` UTF-16 units, reused from page to page. Its length is a
        power of two: ctypes keeps every array type it makes (one per length) for good."""
        buf = self.text_buf
        if buf is None or len(buf) < units:
            buf = self.text_buf = (ctypes.c_ushort * (1 << max(units - 1, 1).bit_length()))()
        return buf

    def _measure(self, tp: ctypes.c_void_p, text: str, pieces: list[tuple[int, int, int]], number: int, height: float,
                 dirty: bool, wide: bool) -> tuple[list[Char], bool]:
        """Glyph runs -> Chars with boxes; True as well if a run's font has no unicode map."""
        get_font, fonts, loose_box, pointer = self.get_font, self.fonts, self.loose_box, ctypes.c_void_p
        first, last, first_ref, last_ref = self.first, self.last, self.first_ref, self.last_ref
        char_origin, (x_ref, y_ref), origin_y = self.char_origin, self.origin_refs, self.origin_y
        bottoms, sizes = _Rounded(3), _Rounded(1)  # per page: its words share baselines and sizes
        chars: list[Char] = []
        guessed = False
        prev_obj = None
        size = descent = 0.0
        for start, end, obj in pieces:
            piece = text[start:end]
            if dirty:
                piece = _NOT_TEXT.sub("", piece)
                if not piece:
                    continue
            if wide:
                piece = piece.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
            if not obj:
                continue  # not drawn by a text object: nothing to measure it by
            if obj != prev_obj:
                prev_obj = obj
                handle = pointer(obj)
                font = get_font(handle)
                bold, descent, unmapped = fonts.get(font) or self._font(font)
                if unmapped is None:
                    # a font without a usable unicode map: pdfium guesses, from the font's own
                    # cmap or glyph names (often right) or glyph ids as code points (noise to
                    # every later stage); a guess is kept only when its words read as words
                    unmapped = self.unmapped_char(tp, start) == 1 and not self._guess_reads(text, pieces, font)
                    fonts[font] = (bold, descent, unmapped)
                size = sizes[self._object_scaled_size(handle)]
            if unmapped:
                guessed = True
                continue
            loose_box(tp, start, first_ref)
            if end - start > 1:
                loose_box(tp, end - 1, last_ref)
                x1 = last.right
            else:
                x1 = first.right
            char_origin(tp, start, x_ref, y_ref)
            # float32 geometry: snap the noise at 3 decimals like pdfplumber's rounding
            bottom = bottoms[height - (origin_y.value + descent * size)]
            chars.append(_new_char(Char, (piece, first.left, x1, bottom - size, bottom, size, bold, number)))
        return chars, guessed

    def _guess_reads(self, text: str, pieces: list[tuple[int, int, int]], font: int) -> bool:
        """Whether pdfium's guessed text for all of `font`'s glyph runs on the page reads as words."""
        get_font, pointer = self.get_font, ctypes.c_void_p
        return guessed_text_reads(text[s:e] for s, e, obj in pieces if obj and get_font(pointer(obj)) == font)

    def _font(self, font: int) -> tuple[bool, float, bool | None]:
        raw = self.raw
        handle = ctypes.cast(font, raw.FPDF_FONT)
        raw.FPDFFont_GetBaseFontName(handle, self.name_buf, 256)
        bold = is_bold_font(self.name_buf.value.decode("latin-1"), raw.FPDFFont_GetWeight(handle))
        descent = ctypes.c_float()
        raw.FPDFFont_GetDescent(handle, 1000.0, ctypes.byref(descent))
        # a descent below the baseline is negative; a producer's positive value is a sign slip
        info = (bold, -abs(descent.value) / 1000.0, None)
        self.fonts[font] = info
        return info

    def _object_scaled_size(self, obj: ctypes.c_void_p) -> float:
        """A text object's visible size (unrounded): its Tf size times the vertical scale of its matrix."""
        self.font_size(obj, self.size_ref)
        self.object_matrix(obj, self.matrix_ref)
        m = self.matrix
        return self.size.value * ((m.c * m.c + m.d * m.d) ** 0.5 or 1.0)

    def _frames(self, page, height: float, number: int, texts: set[int]) -> list[Box]:
        """Bounds of the page's path objects; `texts` are objects known to be text (not asked again)."""
        raw = self.raw
        path_type = raw.FPDF_PAGEOBJ_PATH
        page_object, object_type, object_bounds, pointer = (self.page_object, self.object_type,
                                                            self.object_bounds, ctypes.c_void_p)
        pg = _void_pointer(page)
        boxes = []
        for i in range(raw.FPDFPage_CountObjects(page)):
            obj = page_object(pg, i)
            if obj not in texts and object_type(handle := pointer(obj)) == path_type:
                object_bounds(handle, *self.bounds)
                boxes.append(Box(self.left.value, height - self.top.value, self.right.value,
                                 height - self.bottom.value, number))
        return boxes


class _Rounded(dict[float, float]):
    """round(x, digits), remembered: `round` with digits converts through a decimal string
    (about a microsecond), and a page asks for the same baselines and sizes word after word.
    Zero is not remembered: 0.0 and -0.0 are one key, and each keeps its sign."""

    def __init__(self, digits: int) -> None:
        super().__init__()
        self.digits = digits

    def __missing__(self, x: float) -> float:
        value = round(x, self.digits)
        if x:
            self[x] = value
        return value


def _pdfium_pages(
    path: str | Path, data: bytes | None, password: str | None, warnings: list[ProblemNote],
    tally: GlyphTally | None = None,
) -> Iterator[PageChars]:
    import pypdfium2.raw as raw

    tally = GlyphTally() if tally is None else tally
    doc = _pdfium_open(path, data, password)
    reader = _PdfiumObjects()
    cid_pages: list[int] = []
    try:
        for index in range(len(doc)):
            if index and index % REOPEN_PAGES == 0:  # let pdfium free what it keeps of the pages read
                doc.close()
                doc = _pdfium_open(path, data, password)
            page = raw.FPDF_LoadPage(doc.raw, index)
            if not page:
                raise InputError(f"{path}: not a readable PDF: page {index + 1} cannot be loaded")
            textpage = raw.FPDFText_LoadPage(page)
            try:
                width, height = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
                chars, boxes, unmapped, visible = reader.read(page, textpage, index + 1, height)
                kept = sum(len(c.text) for c in chars)  # a Char here is a whitespace-free stretch
                tally.kept += kept
                if unmapped:  # what pdfium holds beyond the kept characters had no unicode map
                    tally.unmapped += max(0, visible - kept)
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


def _visible_glyphs(text: str, count: int, written: int) -> int:
    """Glyphs of a pdfium text page that are not whitespace (mapped or not), from its text.

    `text` is what FPDFText_GetText wrote for `count` characters (`written` units with the
    terminator, zero-padded). pdfium leaves its control characters (codes 2, 3, 0x93...,
    what an unmapped font often yields) out of the text: they are counted as glyphs; a code
    0 in the text is not a glyph. Measured against asking pdfium character by character
    on 1,338 pages of the PDF corpora: equal on all but 3 pages, by 1 to 18 glyphs of
    thousands (there pdfium also left out code-0 characters).
    """
    left_out = count - (written - 1) if count else 0
    return sum(map(len, _WORD.findall(text))) - text.count("\x00") + left_out


# ---------------------------------------------------------------- pdfplumber


def _pdfplumber_open(path: str | Path, data: bytes | None, password: str | None):  # -> pdfplumber.PDF
    import io
    import logging

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    # pdfminer logs what it skips in a damaged file ("Refusing to execute circular reference")
    # to stderr through logging's last-resort handler; the CLI's stderr is for its own lines
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    try:
        pdf = pdfplumber.open(io.BytesIO(data if data is not None else file_bytes(path)), password=password or "")
        len(pdf.pages)  # force the page tree to parse
        return pdf
    except Exception as err:  # pdfminer raises many unrelated types on damage
        inner = err.args[0] if err.args and isinstance(err.args[0], Exception) else err  # PdfminerException wraps
        if isinstance(inner, PDFPasswordIncorrect) or "password" in str(inner).lower():
            raise EncryptedPdf(f"{path}: encrypted PDF (use --password)") from err
        lines = str(inner).strip().splitlines()
        reason = lines[0] if lines else type(inner).__name__
        raise InputError(f"{path}: not a readable PDF: {reason}") from err


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
    path: str | Path, data: bytes | None, password: str | None, warnings: list[ProblemNote],
    tally: GlyphTally | None = None,
) -> Iterator[PageChars]:
    tally = GlyphTally() if tally is None else tally
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
                    tally.unmapped += 1
                    continue
                if not text.strip():
                    continue
                chars.append(
                    Char(text.translate(_PDFIUM_HYPHEN), c["x0"], c["x1"], c["top"], c["bottom"],
                         round(c["size"], 1), is_bold_font(c["fontname"]), page.page_number)
                )
            tally.kept += sum(len(c.text) for c in chars)
            # pdfium reports every path object's bounds; pdfminer splits rectangles and lines
            boxes = [Box(r["x0"], r["top"], r["x1"], r["bottom"], page.page_number) for r in (*rects, *page.lines)]
            if unmapped:
                cid_pages.append(page.page_number)
            yield PageChars(page.page_number, float(page.width), float(page.height), chars, boxes)
            page.close()
    finally:
        pdf.close()
    if cid_pages:
        warnings.append(_cid_warning(path, cid_pages))
