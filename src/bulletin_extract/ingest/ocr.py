"""Scanned bulletins: pages read by Tesseract 5 (`bul+eng`) and fed to the PDF layout code.

A page without a text layer (an image-only PDF, a photo) is rendered with pypdfium2 at
`RENDER_DPI`, turned straight (`deskew`), and read by the `tesseract` command line in
hOCR mode, which gives every word its box and confidence and every line its baseline;
a line's font size is measured on its lowercase words (`line_x_height`) and set to the
page's body size when near it (`snap_sizes`). The words become the same `Char`s a PDF text layer gives,
in points, so columns, running heads, sidebars, paragraphs and hyphenation are undone
by `ingest.layout` exactly as for a born-digital PDF; a scan is just another
character source. A PDF page rendered from its drawing (a junk text layer read by OCR)
is level and not turned, and brings its drawn rules along, so its tables are read by row.
Words that look like codes but are none are read again by the English model alone
(`reread_codes`), and repaired against the programme registry and the code schemes
(`ocr_codes`).

Tesseract runs as one process per page (`OMP_THREAD_LIMIT=1`, its own threads only
compete with the other pages), up to `ocr_workers()` pages at once, each with a
timeout; pages are rendered one at a time and only `workers` images exist at once, so
memory does not grow with the page count. Both English and Bulgarian models are
needed: programme codes and names are Latin.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from html import unescape
from pathlib import Path
from typing import Any, NamedTuple

from ..document import Document
from ..errors import InputError, NoTextLayer
from ..mention_draft import MentionDraft
from ..models import ProblemNote
from .layout import (
    Box,
    Char,
    PageChars,
    laid_out_document,
    segment_pages,
)
from .ocr_codes import code_strength, looks_like_code, repair_numero, repaired
from .ocr_months import repair_month
from .scripts import fix_line

LANGUAGES = "bul+eng"
#: Render resolution of a page that holds no scanned image (vector outlines, `--ocr always`),
#: and the least resolution a photo is scaled up to. A page that is a scanned image is
#: rendered at the image's own resolution, within SCAN_DPI_RANGE: rendering a 150 dpi scan at
#: 300 invents no detail and doubles the OCR time. Measured in docs/formats.md.
RENDER_DPI = int(os.environ.get("BULLETIN_EXTRACT_OCR_DPI", "300"))
SCAN_DPI_RANGE = (150, 300)
#: Least gap between two OCR words, as a share of the line's size: above the layout code's
#: SPACE_RATIO, so words Tesseract separated stay separate.
MIN_GAP = 0.25
#: What Tesseract reads a small round bullet as, when it stands alone before a line's text: no
#: typeset line starts with a lone full stop, plus or guillemet, so it is put back as "•" and
#: the layout code sees a list item.
MISREAD_BULLETS = frozenset({".", "·", "+", "«", "»", "°", "©", "®", "@"})
#: The model a code-shaped word is read with a second time (`reread_codes`): the Bulgarian
#: model has no G, R, F and reads them as the nearest Cyrillic capitals ("BG16RFOP002" as
#: "ВС16КЕОР002"), and in `bul+eng` it is asked first.
CODE_MODEL = "eng"
#: White margins put around a word cut out for its second reading, as shares of its height:
#: one reading per margin. Tesseract's reading of a code shifts with the margin (a "P00" read
#: as "PO00" with one, as "P00" with another), so the readings vote (`reread_codes`).
CODE_MARGINS = (0.25, 0.5, 1.0)
#: What Tesseract reads a table's vertical rule as: dropped where a drawn rule stands.
RULE_READINGS = frozenset({"|", "||", "I", "l", "[", "]", "!"})
#: Seconds one page may take before it is given up (a warning, the page stays empty).
PAGE_TIMEOUT = float(os.environ.get("BULLETIN_EXTRACT_OCR_TIMEOUT", "120"))
INSTALL_HINT = ("install Tesseract with the Bulgarian and English models: "
                "apt-get install tesseract-ocr tesseract-ocr-bul tesseract-ocr-eng "
                "(macOS: brew install tesseract tesseract-lang)")


class OcrUnavailable(NoTextLayer):
    """A scan, and no Tesseract (or no Bulgarian model) to read it."""


@cache
def tesseract_missing() -> str | None:
    """Why OCR cannot run here (None if it can): no binary, or a language model missing."""
    binary = shutil.which("tesseract")
    if not binary:
        return "Tesseract is not installed"
    try:
        listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as err:
        return f"Tesseract does not run: {err}"
    missing = [lang for lang in LANGUAGES.split("+") if lang not in listed.split()]
    return f"Tesseract has no model for {', '.join(missing)}" if missing else None


def ocr_workers() -> int:
    """Pages read at once: all cores for a single file; one inside a batch worker process,
    where the batch already runs one file per core (override: BULLETIN_EXTRACT_OCR_WORKERS)."""
    configured = os.environ.get("BULLETIN_EXTRACT_OCR_WORKERS")
    if configured and configured.isdigit():
        return max(1, int(configured))
    if multiprocessing.parent_process() is not None:
        return 1
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


# ---------------------------------------------------------------- image preparation


def image_dpi(page: Any) -> float:
    """The resolution of the largest image on a PDF page (its pixels over its width on the
    page), 0 if the page holds no image over an inch wide (logos and rules are not scans)."""
    best = 0.0
    try:
        for obj in page.get_objects(max_depth=2):
            if obj.type != 3:  # FPDF_PAGEOBJ_IMAGE
                continue
            left, _, right, _ = obj.get_bounds()
            px_w, _ = obj.get_px_size()
            if right - left > 72:
                best = max(best, px_w / ((right - left) / 72))
    except Exception:  # an odd image object: as if there were none
        return 0.0
    return best


def scan_dpi(page: Any) -> int:
    """The page's scan resolution within SCAN_DPI_RANGE; RENDER_DPI if the page holds no
    scanned image or BULLETIN_EXTRACT_OCR_DPI is set."""
    found = image_dpi(page)
    if "BULLETIN_EXTRACT_OCR_DPI" in os.environ or not found:
        return RENDER_DPI
    low, high = SCAN_DPI_RANGE
    return int(min(max(found, low), high))


def deskew_angle(image: Any, max_angle: float = 5.0) -> float:
    """Degrees to turn the page (counter-clockwise) so its text lines are level.

    Projection profile: on a small binarised copy, the angle whose row sums vary most
    is the one where text lines and the gaps between them line up with pixel rows.
    Coarse steps of 0.5 degrees, then 0.1 around the best.
    """
    import numpy as np
    from PIL import Image

    small = image.convert("L")
    scale = 1000 / max(small.size)
    if scale < 1:
        small = small.resize((max(1, int(small.width * scale)), max(1, int(small.height * scale))), Image.Resampling.BILINEAR)
    ink = Image.fromarray(((np.asarray(small) < 160) * 255).astype("uint8"))
    if not np.asarray(ink).any():
        return 0.0

    def score(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(rows)).sum())

    # candidates nearest level first: where two turns score alike (a level page's rows barely change
    # over a tenth of a degree), the smaller turn wins and a level page is left alone
    coarse = max(sorted((a / 2 for a in range(int(-2 * max_angle), int(2 * max_angle) + 1)), key=abs), key=score)
    best = max(sorted((coarse + a / 10 for a in range(-5, 6)), key=abs), key=score)
    return round(best, 2)


def deskew(image: Any) -> Any:
    """The page turned level (white fill); unchanged if the skew is below 0.1 degree."""
    from PIL import Image

    angle = deskew_angle(image)
    if abs(angle) < 0.1:
        return image
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)


# ---------------------------------------------------------------- hOCR -> Chars

_TITLE = re.compile(r"title=['\"]([^'\"]*)['\"]")
_CLASS = re.compile(r"class=['\"](ocr_line|ocr_caption|ocr_header|ocr_textfloat|ocrx_word)['\"]")
_TAG = re.compile(r"<[^>]+>")


class PageImage(NamedTuple):
    """One page to read: its image, its size in points, the image's resolution; `level` if
    it was rendered from a PDF's drawing (no scan: already level, not deskewed), and the
    rules and frames the PDF draws on it (`rules`, for the layout code's tables and sidebars)."""

    number: int
    image: Any
    width: float
    height: float
    dpi: int
    level: bool = False
    rules: tuple[Box, ...] = ()


@dataclass
class OcrPage:
    number: int
    width: float  # points
    height: float
    chars: list[Char] = field(default_factory=list)
    words: list[tuple[str, float]] = field(default_factory=list)  # (text, confidence 0..1)
    error: str | None = None
    rules: tuple[Box, ...] = ()


def _title_fields(title: str) -> dict[str, list[float]]:
    fields: dict[str, list[float]] = {}
    for part in title.split(";"):
        bits = part.split()
        if bits:
            try:
                fields[bits[0]] = [float(b) for b in bits[1:]]
            except ValueError:
                continue
    return fields


#: Lowercase letters that stand between baseline and x-height (no ascender, descender or accent):
#: a word of two or more of them alone (a full stop or line-end hyphen may close it: "на", "ал.")
#: is as tall as the font's x-height. (A one-letter word may be a bullet or a logo read
#: as "о" or "е".)
X_HEIGHT_LETTERS = frozenset("авгежзиклмнопстхчшъьюяacemnorsuvwxz")
#: ... and those that drop below the baseline, not rising above the x-height ("ф" does): a word
#: of these and the above ("през", "група") reaches from its line's baseline up to the x-height.
DESCENDER_LETTERS = frozenset("друцщgpqy")
#: Least words on a line for its baseline to be trusted: Tesseract sets the baseline of a lone
#: "др." near the foot of its descender.
BASELINE_WORDS = 2
#: A font's size (em) as a multiple of its x-height as measured on a scan: Tesseract's own row
#: height (x_size, ascender to descender) is 1.8 x-heights on its well-fitted rows (median; text
#: faces have x-heights of 0.45-0.55 em, and a scan's edge blur adds to the measured x-height).
EM_PER_X_HEIGHT = 1.8
#: Line sizes within these shares (below, above) of the page's body size are the body size:
#: one font measured on blurred pixels comes out a few percent apart from line to line (from
#: its x-height words). Tesseract's row fit, all a line without such words has, errs low: one
#: 150 dpi body font's rows fit x-heights of 10 to 12.5 pixels, and a failed fit is smaller
#: still; a larger size is a heading, whatever measured it.
SIZE_SNAP = (0.1, 0.1)
SIZE_SNAP_ROW_FIT = (0.2, 0.1)


@dataclass
class _HocrLine:
    left_px: float
    bottom_px: float  # the baseline at the line's left edge
    slope: float  # of the baseline (y grows down the page)
    x_height_px: float  # Tesseract's own row fit: x_size less ascenders and descenders
    words: list[tuple[str, list[float], float]] = field(default_factory=list)  # (text, bbox px, confidence)

    def baseline_at(self, x: float) -> float:
        return self.bottom_px + self.slope * (x - self.left_px)


def _made_of(text: str, letters: frozenset[str], closing: str) -> bool:
    core = text[:-1] if text[-1:] and text[-1] in closing else text
    return len(core) >= 2 and set(core) <= letters


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def line_x_height(line: _HocrLine) -> tuple[float, bool]:
    """The line's x-height in pixels, and whether its words measured it: the median height of
    its words made only of x-height letters, else the median rise above the baseline of its
    words of x-height and descender letters (on a line of BASELINE_WORDS or more), else
    Tesseract's row fit.

    Tesseract's x_size is the row's full height from ascender to descender, which varies by
    a quarter between lines of one font, and its row fit fails on some lines of a blurred scan
    (a default far from the truth, the same on several lines of one paragraph); the boxes of
    the line's own lowercase words measure the font directly. (Capitals and digits do not:
    on a poor scan their boxes swell with stamps and specks.)
    """
    small = [box[3] - box[1] for text, box, _ in line.words if _made_of(text, X_HEIGHT_LETTERS, ".-")]
    if small:
        return _median(small), True
    if len(line.words) >= BASELINE_WORDS:
        lowered = [line.baseline_at((box[0] + box[2]) / 2) - box[1] for text, box, _ in line.words
                   if _made_of(text, X_HEIGHT_LETTERS | DESCENDER_LETTERS, ".,;:-")]
        if lowered:
            return _median(lowered), True
    return line.x_height_px, False


def _half_points(size: float) -> float:
    return round(size * 2) / 2 or 1.0


def snap_sizes(sizes: list[float], letters: list[int], shares: list[tuple[float, float]]) -> list[float]:
    """Line sizes (points, as measured) in half points, those near the page's body size (the
    letter-weighted median) set to it, each within its own shares below and above it: a
    text-layer PDF gives every line of a paragraph the same size, and the layout code reads a
    size change as a new block. (At 150 dpi an x-height of 11 or 12 pixels is all one font's
    lines can measure.)"""
    if not sizes:
        return []
    ranked = sorted(zip(sizes, letters, strict=True))
    half, seen = sum(letters) / 2, 0
    body = ranked[-1][0]
    for size, n in ranked:
        seen += n
        if seen >= half:
            body = size
            break
    return [_half_points(body) if -below * body <= size - body <= above * body else _half_points(size)
            for size, (below, above) in zip(sizes, shares, strict=True)]


def _hocr_lines(hocr: str) -> list[_HocrLine]:
    lines: list[_HocrLine] = []
    for m in _CLASS.finditer(hocr):
        opening = hocr.rfind("<", 0, m.start())
        tag_end = hocr.find(">", m.end())
        title = _TITLE.search(hocr[opening:tag_end + 1])
        if not title:
            continue
        f = _title_fields(title.group(1))
        box = f.get("bbox", [0, 0, 0, 0])
        if m.group(1) != "ocrx_word":
            size_px = (f.get("x_size") or [box[3] - box[1]])[0]
            x_height = size_px - (f.get("x_descenders") or [0.0])[0] - (f.get("x_ascenders") or [0.0])[0]
            baseline = (f.get("baseline") or []) + [0.0, 0.0]  # slope, offset from the box's bottom
            lines.append(_HocrLine(box[0], box[3] + baseline[1], baseline[0],
                                   x_height if x_height > 0 else size_px / EM_PER_X_HEIGHT))
            continue
        close = hocr.find("</span>", tag_end)
        text = unescape(_TAG.sub("", hocr[tag_end + 1:close])).strip()
        if text and lines:
            lines[-1].words.append((text, box, (f.get("x_wconf") or [0.0])[0] / 100.0))
    return [ln for ln in lines if ln.words]


def parse_hocr(hocr: str, page: int, dpi: float) -> tuple[list[Char], list[tuple[str, float]]]:
    """hOCR -> (Chars in points, words with confidence).

    A word's vertical extent comes from its line, not its own box: "у" and "Б" on one
    line must share a baseline and a size for the layout code, as glyphs of one font do.
    The line's size is EM_PER_X_HEIGHT times its x-height (`line_x_height`), and lines near the page's body
    size get that size (`snap_sizes`), so a paragraph's lines read as one font, as from a
    text layer: a size change between two lines would part them into two blocks and leave
    the word hyphenated at the line end in two halves.
    """
    return _line_chars(_hocr_lines(hocr), page, dpi)


def _line_chars(lines: list[_HocrLine], page: int, dpi: float) -> tuple[list[Char], list[tuple[str, float]]]:
    k = 72.0 / dpi
    measured = [line_x_height(ln) for ln in lines]
    sizes = snap_sizes([x_height * EM_PER_X_HEIGHT * k for x_height, _ in measured],
                       [sum(len(text) for text, _, _ in ln.words) for ln in lines],
                       [SIZE_SNAP if by_words else SIZE_SNAP_ROW_FIT for _, by_words in measured])
    out_chars: list[Char] = []
    out_words: list[tuple[str, float]] = []
    for ln, size in zip(lines, sizes, strict=True):
        bottom = ln.bottom_px * k  # one baseline for the line's words (its slope is under a pixel a word)
        chars = [Char(text, box[0] * k, box[2] * k, bottom - size, bottom, size, False, page) for text, box, _ in ln.words]
        # each line's words put back into one script and codes and "№" repaired, in the light of the line
        line_chars, line_words = _repair_line(chars, [(text, conf) for text, _, conf in ln.words])
        out_chars.extend(line_chars)
        out_words.extend(line_words)
    return out_chars, out_words


def _repair_line(chars: list[Char], words: list[tuple[str, float]]) -> tuple[list[Char], list[tuple[str, float]]]:
    texts = repair_month([repaired(t) for t in fix_line([c.text for c in chars])])
    out_chars: list[Char] = []
    out_words: list[tuple[str, float]] = []
    for c, (_, conf), text in zip(chars, words, texts, strict=True):
        parts = repair_numero([text]) if not text.startswith("№") else [text]
        # a glued "ГРАДИНАNe4" becomes three words sharing the box in proportion to their length
        # (with a space's gap between them, so the layout code keeps them apart)
        gap = MIN_GAP * c.size if len(parts) > 1 else 0.0
        share = (c.x1 - c.x0 - gap * (len(parts) - 1)) / (sum(len(p) for p in parts) or 1)
        x0 = c.x0
        for part in parts:
            x1 = x0 + share * len(part)
            out_chars.append(c._replace(text=part, x0=x0, x1=x1))
            out_words.append((part, conf))
            x0 = x1 + gap
    # Tesseract's word boundaries stand: the layout code joins words closer than a fraction of
    # the font size, and a line's size can be inflated by a logo on it; so a tight gap is widened
    # by trimming the left word's box (by a point or two)
    for i in range(1, len(out_chars)):
        prev, cur = out_chars[i - 1], out_chars[i]
        least = MIN_GAP * cur.size
        if 0 <= cur.x0 - prev.x1 < least and cur.x0 - least > prev.x0:
            out_chars[i - 1] = prev._replace(x1=cur.x0 - least)
    if len(out_chars) > 1 and out_chars[0].text in MISREAD_BULLETS:
        out_chars[0] = out_chars[0]._replace(text="•")
        out_words[0] = ("•", out_words[0][1])
    # "Ne 4": the sign as a word of its own, before a number
    fixed = repair_numero([c.text for c in out_chars])
    for i, text in enumerate(fixed):
        if text != out_chars[i].text:
            out_chars[i] = out_chars[i]._replace(text=text)
            out_words[i] = (text, out_words[i][1])
    return out_chars, out_words


# ---------------------------------------------------------------- running Tesseract


def _tesseract(image_path: str, dpi: int, timeout: float, languages: str = LANGUAGES, psm: int = 3,
               output: str = "hocr") -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(
        ["tesseract", image_path, "stdout", "-l", languages, "--dpi", str(dpi), "--psm", str(psm), output],
        capture_output=True, timeout=timeout, env=env, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or "failed")
    return done.stdout.decode("utf-8", "replace")


def _on_rule(c: Char, rules: tuple[Box, ...]) -> bool:
    """Whether a word stands on the left or right edge of a drawn box (a table's vertical rule)."""
    mid_x, mid_y, reach = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2, max(c.x1 - c.x0, 2.0)
    return any(b.top <= mid_y <= b.bottom and min(abs(mid_x - b.x0), abs(mid_x - b.x1)) <= reach for b in rules)


def drop_rule_readings(chars: list[Char], words: list[tuple[str, float]],
                       rules: tuple[Box, ...]) -> tuple[list[Char], list[tuple[str, float]]]:
    """A table's vertical rule read as "|" or "I" (RULE_READINGS) where the PDF draws one: not text."""
    keep = [i for i, c in enumerate(chars) if not (c.text in RULE_READINGS and _on_rule(c, rules))]
    if len(keep) == len(chars):
        return chars, words
    return [chars[i] for i in keep], [words[i] for i in keep]


def reread_codes(lines: list[_HocrLine], image_path: str, dpi: int, timeout: float) -> int:
    """Words that look like codes (`ocr_codes.looks_like_code`) but are no code of a known
    programme even after the code repairs (`ocr_codes.code_strength` below 2), cut out of
    the page image and read again by CODE_MODEL, each alone as one line on white margins
    (CODE_MARGINS: one reading each; one Tesseract run for all of a page's words).

    Of the first reading and the second ones, after the code repairs, the word becomes the
    one that is most surely a code (`code_strength`), read most often, the first reading
    first: a second reading replaces the first only when it is at least as sure a code, is
    read more often, and is one word of about the first one's length. Returns how many words
    were replaced.

    The Bulgarian model, asked first in `bul+eng`, reads a Latin code's G, R and F as the
    nearest Cyrillic capitals and is sure of it; alone, the English model reads the code.
    """
    todo = [(ln, i) for ln in lines for i, (text, _, _) in enumerate(ln.words)
            if looks_like_code(text) and code_strength(repaired(text)) < 2]
    if not todo:
        return 0
    from PIL import Image

    listed = f"{image_path}.codes.txt"
    crops = [f"{image_path}.code{n}.png" for n in range(len(todo) * len(CODE_MARGINS))]
    try:
        with Image.open(image_path) as page:
            for n, (ln, i) in enumerate(todo):
                x0, y0, x1, y1 = (int(v) for v in ln.words[i][1])
                word = page.crop((max(0, x0 - 2), max(0, y0 - 2), min(page.width, x1 + 3), min(page.height, y1 + 3)))
                for k, share in enumerate(CODE_MARGINS):
                    margin = int(share * (y1 - y0)) + 1
                    canvas = Image.new("L", (word.width + 2 * margin, word.height + 2 * margin), 255)
                    canvas.paste(word.convert("L"), (margin, margin))
                    canvas.save(crops[n * len(CODE_MARGINS) + k])
        Path(listed).write_text("\n".join(crops) + "\n", encoding="utf-8")
        tsv = _tesseract(listed, dpi, timeout, languages=CODE_MODEL, psm=7, output="tsv")
    except (OSError, RuntimeError, subprocess.SubprocessError):
        return 0  # the first readings stand
    finally:
        for path in (listed, *crops):
            Path(path).unlink(missing_ok=True)
    readings: dict[int, list[tuple[str, float]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) == 12 and cells[0] == "5" and cells[11].strip():
            readings.setdefault(int(cells[1]) - 1, []).append((cells[11].strip(), float(cells[10]) / 100.0))
    replaced = 0
    for n, (ln, i) in enumerate(todo):
        text, box, conf = ln.words[i]
        votes = [(text, conf)] + [got[0] for k in range(len(CODE_MARGINS))
                                  if len(got := readings.get(n * len(CODE_MARGINS) + k, [])) == 1
                                  and abs(len(got[0][0]) - len(text)) <= 2]
        best = best_reading(votes)
        if best[0] != text:
            ln.words[i] = (best[0], box, best[1])
            replaced += 1
    return replaced


def best_reading(votes: list[tuple[str, float]]) -> tuple[str, float]:
    """Of a word's readings (the first one first, with their confidences), the one most surely
    a code after the code repairs, then read most often, then read first; the first reading
    when none is a code (a Cyrillic "ИСУН2020" stays, however often the English model reads
    "MCYH2020").

    >>> best_reading([("ВС16КЕОР002-3.002", 0.8), ("BG16RFOPO002-3.002", 0.9), ("BG16RFOP002-3.002", 0.9)])
    ('BG16RFOP002-3.002', 0.9)
    >>> best_reading([("KA220-VET", 0.8), ("KA22O-VET", 0.9)])
    ('KA220-VET', 0.8)
    """
    fixed = [repaired(text) for text, _ in votes]
    strength = {f: code_strength(f) for f in set(fixed)}

    def rank(k: int) -> tuple[int, int, int]:
        return strength[fixed[k]], fixed.count(fixed[k]), -k

    best = max(range(len(votes)), key=rank)
    return votes[best] if strength[fixed[best]] else votes[0]


def _read_page(image_path: str, number: int, width: float, height: float, dpi: int, timeout: float,
               rules: tuple[Box, ...] = ()) -> OcrPage:
    page = OcrPage(number, width, height, rules=rules)
    try:
        hocr = _tesseract(image_path, dpi, timeout)
        lines = _hocr_lines(hocr)
        reread_codes(lines, image_path, dpi, timeout)
    except subprocess.TimeoutExpired:
        page.error = f"OCR gave up after {timeout:g} s"
        return page
    except (OSError, RuntimeError) as err:
        page.error = f"OCR failed: {err}"
        return page
    finally:
        Path(image_path).unlink(missing_ok=True)
    page.chars, page.words = _line_chars(lines, number, dpi)
    if rules:
        page.chars, page.words = drop_rule_readings(page.chars, page.words, rules)
    return page


def ocr_images(images: Iterator[PageImage], workers: int | None = None, timeout: float = PAGE_TIMEOUT) -> list[OcrPage]:
    """Page images -> OCR'd pages, `workers` at a time.

    Images are deskewed (unless `level`) and written to a temporary PNG in the calling
    thread (renderers are not thread-safe); only Tesseract runs in parallel. At most
    `workers` pages wait, so a 100-page scan holds a handful of images, not a hundred.
    """
    workers = workers or ocr_workers()
    results: list[OcrPage] = []
    with tempfile.TemporaryDirectory(prefix="bulletin-ocr-") as tmp, ThreadPoolExecutor(workers) as pool:
        pending: list[Future[OcrPage]] = []
        for item in images:
            path = os.path.join(tmp, f"p{item.number}.png")
            (item.image if item.level else deskew(item.image)).save(path)
            pending.append(pool.submit(_read_page, path, item.number, item.width, item.height, item.dpi, timeout,
                                       item.rules))
            del item  # the image: only `workers` of them exist at once
            while sum(not f.done() for f in pending) >= workers:
                next(f for f in pending if not f.done()).result()
        results = [f.result() for f in pending]
    return results


# ---------------------------------------------------------------- documents


#: OCR words (with their boxes) of the last few documents read in this process, by sha256, so
#: the review report can draw a scanned page's mention boxes without reading it again.
_WORDS: dict[str, dict[int, list[Char]]] = {}
_WORDS_KEPT = 4


def _remember(sha: str, pages: list[OcrPage]) -> None:
    while len(_WORDS) >= _WORDS_KEPT:
        del _WORDS[next(iter(_WORDS))]
    _WORDS[sha] = {p.number: p.chars for p in pages}


def page_words(pdf_path: str | Path, number: int, password: str | None = None) -> list[Char]:
    """A scanned PDF page's OCR words with their boxes (points, top-down): remembered from
    this process's extraction of the same file, else read again (e.g. after `--timeout` ran the
    extraction in a child process). [] without Tesseract."""
    import hashlib

    data = Path(pdf_path).read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    known = _WORDS.get(sha, {})
    if number in known:
        return known[number]
    if tesseract_missing():
        return []
    pages = _ocr_pdf_pages(pdf_path, data, password, {number})
    return pages[0].chars if pages else []


def _document(pages: list[OcrPage], path: str | Path, data: bytes, sha: str, fmt: str,
              warnings: list[ProblemNote]) -> Document:
    _remember(sha, pages)
    for page in pages:
        if page.error:
            warnings.append(ProblemNote(code="ocr_failed", message=f"{path}: page {page.number}: {page.error}",
                                        stage="ingest", page=page.number))
    laid = segment_pages(iter([PageChars(p.number, p.width, p.height, p.chars, list(p.rules)) for p in pages]))
    return laid_out_document(
        laid, warnings, format=fmt, path=path, sha256=sha, size_bytes=len(data),
        engine=f"tesseract ({LANGUAGES})",
        ocr_pages=[p.number for p in pages], ocr_words={p.number: p.words for p in pages},
    )


def _require_tesseract(path: str | Path, reason: str) -> None:
    missing = tesseract_missing()
    if missing:
        raise OcrUnavailable(f"{path}: {reason}; {missing}: {INSTALL_HINT}")


def read_scanned_pdf(path: str | Path, data: bytes, sha: str, password: str | None = None,
                     reason: str = "no text layer (scanned?)", dpi: int | None = None) -> Document:
    """Every page of the PDF rendered and read by OCR (format "pdf", `ocr_pages` all pages);
    at `dpi`, or by default at the page's own scan resolution (`scan_dpi`)."""
    reason = reason.split(": ", 1)[-1] if reason.startswith(str(path)) else reason
    _require_tesseract(path, reason)
    pages = _ocr_pdf_pages(path, data, password, None, dpi)
    return _document(pages, path, data, sha, "pdf", [])


def renders(data: bytes, password: str | None) -> bool:
    """Whether pdfium can open the PDF's own bytes to render its pages for OCR."""
    import pypdfium2 as pdfium

    try:
        pdfium.PdfDocument(data, password=password).close()
    except pdfium.PdfiumError:
        return False
    return True


def _ocr_pdf_pages(path: str | Path, data: bytes, password: str | None, numbers: set[int] | None,
                   dpi: int | None = None) -> list[OcrPage]:
    """OCR of the PDF's pages (all, or the 1-based `numbers`)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as err:
        raise InputError(f"{path}: not a readable PDF: {err}") from err

    def rendered() -> Iterator[PageImage]:
        for index in range(len(pdf)):
            if numbers is not None and index + 1 not in numbers:
                continue
            page = pdf[index]
            width, height = page.get_size()
            page_dpi = dpi or scan_dpi(page)
            image = page.render(scale=page_dpi / 72, grayscale=True).to_pil()
            level, rules = image_dpi(page) == 0, drawn_rules(page, index + 1, height)
            page.close()
            yield PageImage(index + 1, image, width, height, page_dpi, level, rules)

    try:
        return ocr_images(rendered())
    finally:
        pdf.close()


def drawn_rules(page: Any, number: int, height: float) -> tuple[Box, ...]:
    """The bounds of the page's path objects (rules, frames, table cells) in points, top-down,
    as the text-layer reader gives them (`ingest.pdf`): a page read by OCR because its text
    layer is junk still draws its tables' rules, and the layout code reads cells by them."""
    boxes = []
    try:
        for obj in page.get_objects(filter=[2], max_depth=1):  # FPDF_PAGEOBJ_PATH, top level
            left, bottom, right, top = obj.get_bounds()
            boxes.append(Box(left, height - top, right, height - bottom, number))
    except Exception:  # an odd path object: as if the page drew none
        return ()
    return tuple(boxes)


def scanned_pages(document: Document, pdf: bytes | Path, password: str | None) -> list[int]:
    """Pages of a text-layer PDF that came out empty and are a scanned image (an annex
    scanned into a born-digital bulletin): the pages `--ocr auto` reads by OCR. `pdf` is
    its bytes or its path (pdfium opens either)."""
    import pypdfium2 as pdfium

    starts = [*document.page_starts, len(document.text)]
    empty = [i + 1 for i in range(document.pages) if not document.text[starts[i]:starts[i + 1]].strip()]
    if not empty:
        return []
    doc = pdfium.PdfDocument(pdf, password=password)
    try:
        return [n for n in empty if image_dpi(doc[n - 1]) > 0]
    finally:
        doc.close()


def read_partly_scanned_pdf(path: str | Path, data: bytes, sha: str, numbers: list[int], engine: str = "auto",
                            password: str | None = None) -> Document:
    """A text-layer PDF whose `numbers` pages are scans: those pages' characters come from OCR,
    the others from the text layer, and the layout code reads them all as one document."""
    from . import pdf as pdf_module
    from .garbled import GlyphTally

    _require_tesseract(path, f"pages {', '.join(map(str, numbers))} have no text layer")
    ocr = {p.number: p for p in _ocr_pdf_pages(path, data, password, set(numbers))}
    _remember(sha, list(ocr.values()))
    source = pdf_module._pdfplumber_pages if engine == "pdfplumber" else pdf_module._pdfium_pages
    warnings: list[ProblemNote] = []

    def merged() -> Iterator[PageChars]:
        for page in source(path, data, password, warnings, GlyphTally()):
            got = ocr.get(page.number)
            yield PageChars(page.number, page.width, page.height, got.chars, page.boxes) if got else page

    laid = segment_pages(merged())
    for page in ocr.values():
        if page.error:
            warnings.append(ProblemNote(code="ocr_failed", message=f"{path}: page {page.number}: {page.error}",
                                        stage="ingest", page=page.number))
    return laid_out_document(
        laid, warnings, format="pdf", path=path, sha256=sha, size_bytes=len(data),
        engine=f"{'pdfplumber' if engine == 'pdfplumber' else 'pdfium'} + tesseract ({LANGUAGES})",
        ocr_pages=sorted(ocr), ocr_words={n: p.words for n, p in ocr.items()},
    )


def read_image(path: str | Path, data: bytes, sha: str) -> Document:
    """A photo or scan of one page (.png, .jpg, .tif: every frame of a multi-page TIFF is a page)."""
    import io

    from PIL import Image, ImageOps, UnidentifiedImageError

    _require_tesseract(path, "an image has no text layer")
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as err:
        raise InputError(f"{path}: not a readable image: {err}") from err
    dpi = round(float((image.info.get("dpi") or (0, 0))[0] or 0)) or 300

    def frames() -> Iterator[PageImage]:
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            frame = ImageOps.exif_transpose(image.convert("L"))
            if dpi < 250:  # Tesseract reads small type badly: scale up to RENDER_DPI
                factor = RENDER_DPI / dpi
                frame = frame.resize((int(frame.width * factor), int(frame.height * factor)), Image.Resampling.BICUBIC)
            yield PageImage(index + 1, frame, frame.width * 72 / max(dpi, RENDER_DPI),
                            frame.height * 72 / max(dpi, RENDER_DPI), max(dpi, RENDER_DPI))

    pages = ocr_images(frames())
    return _document(pages, path, data, sha, "image", [])


def ocr_confidence(document: Document, mentions: list[MentionDraft]) -> None:
    """A mention on an OCR'd page is only as sure as its least certain word: its confidence
    is multiplied by the lowest OCR confidence among the words it is made of."""
    if not document.ocr_pages:
        return
    by_page: dict[int, dict[str, float]] = {}
    for number, words in document.ocr_words.items():
        table: dict[str, float] = {}
        for text, conf in words:
            table[text] = min(conf, table.get(text, 1.0))
        by_page[number] = table
    for m in mentions:
        table = by_page.get(m.page or document.page_at(m.start), {})
        confs = [table[w] for w in m.text.split() if w in table]
        if confs:
            m.confidence = round(m.confidence * max(0.0, min(1.0, min(confs))), 3)


