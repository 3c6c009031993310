#!/usr/bin/env python3
"""Typeset a markdown-ish text bulletin as a two-column A4 PDF, the way bulletins look.

    python samples/make_sample_pdf.py samples/issue8.txt samples/issue8.pdf

The text sample is a conversion of a PDF and carries its scars (a paragraph cut by a
column break, a table of contents dropped mid-paragraph, "вери-"/"гата"). We undo them
here and lay the bulletin out again with everything that makes PDF ingest hard:
running header and footer with page numbers, two columns, headings in a larger bold
face, a boxed "В този брой" sidebar interrupting a paragraph, and Bulgarian syllable
hyphenation at line and column ends next to real hyphens ("Инфра-сървис") and codes
("H2020-ICT-2018-20") that must survive. Output is deterministic (fixed dates, no ID).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    ("serif", ""): "DejaVuSerif.ttf",
    ("serif", "B"): "DejaVuSerif-Bold.ttf",
    ("sans", ""): "DejaVuSans.ttf",
    ("sans", "B"): "DejaVuSans-Bold.ttf",
}
CREATION_DATE = dt.datetime(2022, 12, 22, 12, 0, tzinfo=dt.timezone.utc)

# Geometry in mm (fpdf's default unit); font sizes in pt.
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_X = 16.0
GUTTER = 8.0
COL_W = (PAGE_W - 2 * MARGIN_X - GUTTER) / 2
BODY_TOP, BODY_BOTTOM = 22.0, 278.0
BODY_SIZE, BODY_LEAD = 9.5, 4.3
HEADING_SIZE = {1: 20.0, 2: 13.0, 3: 11.0}
PARA_INDENT, PARA_SPACE = 4.0, 1.4
BULLET_INDENT = 4.0

# ---------------------------------------------------------------- hyphenation

VOWELS = set("аъоуеиюяѝэыaeiouyAEIOUYАЪОУЕИЮЯЭ")
_NO_BREAK_HEADS = {"по", "най", "г", "гр"}  # would read as "по-добре", "г-н"


def hyphenation_points(word: str) -> list[int]:
    """Indices where `word` may break with an added hyphen (simple Bulgarian syllables).

    V-CV and VC-CV(C): a single consonant goes to the next syllable, of a cluster the
    first consonant stays. At least two letters stay on the line and three move on; no
    break in words with digits, acronyms, or words that already carry a hyphen.

    >>> [ "веригата"[:i] for i in hyphenation_points("веригата") ]
    ['ве', 'вери', 'верига']
    """
    if any(c.isdigit() for c in word) or "-" in word or word.isupper() or len(word) < 5:
        return []
    if not all(c.isalpha() for c in word):
        return []
    vowels = [i for i, c in enumerate(word) if c in VOWELS]
    points = []
    for a, b in itertools.pairwise(vowels):
        consonants = b - a - 1
        cut = a + 1 if consonants <= 1 else a + 2
        if 2 <= cut <= len(word) - 3 and word[:cut].lower() not in _NO_BREAK_HEADS:
            if word[cut - 1] in "ьЬ" or word[cut] in "ьЬй":
                continue
            points.append(cut)
    return points


_WORD_CORE = re.compile(r"^(\W*)(\w+)(\W*)$")


def break_options(token: str) -> list[tuple[str, str]]:
    """(head, tail) pairs for breaking token at a line end, longest head first.

    A real hyphen is a free break ("Инфра-" / "сървис", nothing added); inside a plain
    word a hyphen is added. Codes and number ranges never break.
    """
    if any(c.isdigit() for c in token):
        return []
    options = []
    if "-" in token.strip("-"):
        for m in re.finditer(r"(?<=\w)-(?=\w)", token):
            options.append((token[: m.end()], token[m.end() :]))
        return sorted(options, key=lambda o: -len(o[0]))
    m = _WORD_CORE.match(token)
    if not m:
        return []
    lead, core, trail = m.groups()
    for cut in hyphenation_points(core):
        options.append((lead + core[:cut] + "-", core[cut:] + trail))
    return sorted(options, key=lambda o: -len(o[0]))


# ---------------------------------------------------------------- markdown-ish input


@dataclass
class Run:
    text: str
    bold: bool = False
    link: bool = False


@dataclass
class Block:
    kind: str  # heading | para | item | toc_title | toc_row | break_para
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    page_ref: str = ""
    sidebar: list[Block] | None = None
    sidebar_after: int = -1  # token index after which the sidebar interrupts the paragraph
    hard_lines: bool = False


_INLINE = re.compile(r"\*\*(.+?)\*\*|\[([^\]]*)\]\([^)]*\)")


def parse_inline(text: str, bold: bool = False) -> list[Run]:
    runs, pos = [], 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos : m.start()], bold))
        if m.group(1) is not None:
            runs.append(Run(m.group(1), True))
        else:
            runs.append(Run(m.group(2), bold, link=True))
        pos = m.end()
    if pos < len(text):
        runs.append(Run(text[pos:], bold))
    return runs


def parse_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [ln.rstrip() for ln in chunk.splitlines() if ln.strip()]
        if not lines:
            continue
        m = re.match(r"^(#{1,6})\s+(.*)$", lines[0])
        if m and len(lines) == 1:
            blocks.append(Block("heading", parse_inline(m.group(2)), level=len(m.group(1))))
            continue
        if all("\t" in ln for ln in lines):
            for ln in lines:
                title, _, ref = ln.rpartition("\t")
                blocks.append(Block("toc_row", [Run(title.strip())], page_ref=ref.strip()))
            continue
        if all(re.match(r"^\s*[-*]\s+", ln) for ln in lines):
            for ln in lines:
                blocks.append(Block("item", parse_inline(re.sub(r"^\s*[-*]\s+", "", ln))))
            continue
        hard = any(ln.endswith("  ") for ln in chunk.splitlines())
        joined = "\n".join(ln.strip() for ln in lines) if hard else " ".join(ln.strip() for ln in lines)
        blocks.append(Block("para", parse_inline(joined), hard_lines=hard))
    return repair(blocks)


def _plain(block: Block) -> str:
    return "".join(r.text for r in block.runs)


def repair(blocks: list[Block]) -> list[Block]:
    """Undo the conversion scars: rejoin cut paragraphs, lift the sidebar out."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        # a heading followed by >= 2 toc rows is the boxed table of contents
        if b.kind == "heading" and i + 2 < len(blocks) and blocks[i + 1].kind == "toc_row":
            j = i + 1
            while j < len(blocks) and blocks[j].kind == "toc_row":
                j += 1
            sidebar = [Block("toc_title", b.runs), *blocks[i + 1 : j]]
            nxt = blocks[j] if j < len(blocks) else None
            prev = out[-1] if out else None
            if prev and prev.kind == "para" and nxt and nxt.kind == "para" and _plain(nxt)[:1].islower():
                prev.sidebar = sidebar
                prev.sidebar_after = len(_plain(prev).split())
                prev.runs = [*prev.runs, Run(" "), *nxt.runs]
                i = j + 1
            else:
                out.append(Block("sidebar_only", sidebar=sidebar))
                i = j
            continue
        prev = out[-1] if out else None
        if b.kind == "para" and prev is not None and prev.kind in ("para", "item"):
            text = _plain(b)
            if text[:1].islower():
                tail_text = _plain(prev).rstrip()
                if re.search(r"\w-$", tail_text):  # "вери-" / "гата": rejoin, we re-hyphenate later
                    last = prev.runs[-1]
                    last.text = last.text.rstrip()[:-1]
                    prev.runs = [*prev.runs, *b.runs]
                else:
                    prev.runs = [*prev.runs, Run(" "), *b.runs]
                i += 1
                continue
        out.append(b)
        i += 1
    return out


# ---------------------------------------------------------------- typesetting


@dataclass
class Token:
    text: str
    bold: bool
    link: bool
    newline: bool = False  # hard line break before this token
    continued: bool = False  # the tail of a word broken on the previous line


def tokens_of(block: Block) -> list[Token]:
    toks: list[Token] = []
    spaced = True  # was there whitespace before the next piece?
    newline = False
    for run in block.runs:
        for part in re.split(r"( +|\n)", run.text):
            if part == "\n":
                newline, spaced = True, True
            elif not part or part.isspace():
                spaced = spaced or bool(part)
            elif toks and not spaced:  # no space between runs: "**1. Title**" + ", ..."
                prev = toks[-1]
                toks[-1] = Token(prev.text + part, prev.bold and run.bold, prev.link)
            else:
                toks.append(Token(part, run.bold, run.link, newline))
                spaced, newline = False, False
    return toks


class Bulletin:
    def __init__(self, header: str, footer: str, body_family: str = "serif") -> None:
        from fpdf import FPDF

        missing = [name for name in FONTS.values() if not (FONT_DIR / name).exists()]
        if missing:
            sys.exit(
                f"make_sample_pdf: DejaVu fonts missing in {FONT_DIR}: {', '.join(missing)} "
                "(apt-get install fonts-dejavu-core fonts-dejavu-extra)"
            )
        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_creation_date(CREATION_DATE)
        self.pdf.set_auto_page_break(False)
        self.pdf.set_title(header)
        for (family, style), name in FONTS.items():
            self.pdf.add_font(family, style, str(FONT_DIR / name))
        self.header, self.footer, self.body_family = header, footer, body_family
        self.col, self.y = 0, BODY_TOP
        self.top = BODY_TOP
        self.widths: dict[tuple[str, bool, float], float] = {}
        self.stats = {"hyphenated_line_ends": [], "column_end_breaks": [], "real_hyphen_line_ends": []}
        self.new_page()

    # page furniture -----------------------------------------------------
    def new_page(self) -> None:
        pdf = self.pdf
        pdf.add_page()
        n = pdf.page_no()
        pdf.set_draw_color(90, 90, 90)
        pdf.set_line_width(0.3)
        pdf.set_font("sans", "", 7.5)
        pdf.set_text_color(80, 80, 80)
        pdf.text(MARGIN_X, 12.5, self.header)
        pdf.line(MARGIN_X, 14.5, PAGE_W - MARGIN_X, 14.5)
        pdf.line(MARGIN_X, 284.0, PAGE_W - MARGIN_X, 284.0)
        pdf.text(MARGIN_X, 288.5, self.footer)
        num = str(n)
        pdf.text(PAGE_W - MARGIN_X - pdf.get_string_width(num), 288.5, num)
        pdf.set_text_color(0, 0, 0)
        self.col, self.y, self.top = 0, BODY_TOP, BODY_TOP

    def col_x(self) -> float:
        return MARGIN_X + self.col * (COL_W + GUTTER)

    def next_column(self) -> None:
        if self.col == 0:
            self.col, self.y = 1, self.top
        else:
            self.new_page()

    def width(self, text: str, bold: bool, size: float, family: str | None = None) -> float:
        family = family or self.body_family
        key = (text, bold, size, family)
        if key not in self.widths:
            self.pdf.set_font(family, "B" if bold else "", size)
            self.widths[key] = self.pdf.get_string_width(text)
        return self.widths[key]

    # masthead -----------------------------------------------------------
    def masthead(self, blocks: list[Block]) -> None:
        pdf, y = self.pdf, 24.0
        for b in blocks:
            text = _plain(b)
            if b.kind == "heading":
                pdf.set_font("sans", "B", HEADING_SIZE[1])
                pdf.set_text_color(20, 60, 120)
                pdf.text((PAGE_W - pdf.get_string_width(text)) / 2, y + 6, text)
                pdf.set_text_color(0, 0, 0)
                y += 11
                continue
            for line in text.split("\n"):
                pdf.set_font("sans", "", 8.5)
                pdf.text((PAGE_W - pdf.get_string_width(line)) / 2, y + 3, line.strip())
                y += 4.4
        pdf.set_line_width(0.6)
        pdf.line(MARGIN_X, y + 1, PAGE_W - MARGIN_X, y + 1)
        self.top = self.y = y + 5

    # flowing blocks -----------------------------------------------------
    def ensure(self, height: float) -> None:
        if self.y + height > BODY_BOTTOM:
            self.next_column()

    def heading(self, block: Block) -> None:
        size = HEADING_SIZE.get(block.level, 10.0)
        lead = size * 0.45
        lines = self.break_lines(tokens_of(block), COL_W, size, first_indent=0.0, family="sans", bold=True)
        if self.y > self.top + 0.1:
            self.y += 3.0
        self.ensure(lead * len(lines) + 3 * BODY_LEAD)  # keep with the next lines
        for line in lines:
            self.draw_line(line, self.col_x(), self.y + lead * 0.8, size, justify=False, family="sans")
            self.y += lead
        self.y += 1.5

    def paragraph(self, block: Block, indent: float = PARA_INDENT, bullet: bool = False) -> None:
        toks = tokens_of(block)
        hang = BULLET_INDENT if bullet else 0.0
        lines = self.break_lines(toks, COL_W - hang, BODY_SIZE, first_indent=0.0 if bullet else indent)
        if bullet:
            self.ensure(BODY_LEAD)
            self.pdf.set_font(self.body_family, "", BODY_SIZE)
            self.pdf.text(self.col_x() + 0.8, self.y + BODY_LEAD * 0.78, "•")
        consumed = 0
        for k, line in enumerate(lines):
            if self.y + BODY_LEAD > BODY_BOTTOM:
                prev = lines[k - 1]
                if prev.words and prev.words[-1].text.endswith("-") and prev.broken:
                    self.stats["column_end_breaks"].append(prev.words[-1].text)
                self.next_column()
            x = self.col_x() + hang + (indent if k == 0 and not bullet else 0.0)
            last = k == len(lines) - 1 or lines[k + 1].hard
            self.draw_line(line, x, self.y + BODY_LEAD * 0.78, BODY_SIZE, justify=not last,
                           width=COL_W - hang - (indent if k == 0 and not bullet else 0.0))
            self.y += BODY_LEAD
            consumed += line.token_count
            if block.sidebar and consumed >= block.sidebar_after > 0 and k < len(lines) - 1:
                self.sidebar(block.sidebar)
                block.sidebar_after = -1
            if line.words and re.search(r"\w-$", line.words[-1].text):
                key = "hyphenated_line_ends" if line.broken else "real_hyphen_line_ends"
                self.stats[key].append(line.words[-1].text)
        self.y += PARA_SPACE
        if block.sidebar and block.sidebar_after > 0:
            self.sidebar(block.sidebar)

    def sidebar(self, rows: list[Block]) -> None:
        pdf = self.pdf
        pad, lead = 2.5, 4.6
        height = 2 * pad + lead * len(rows) + 1.0
        self.y += 1.5
        self.ensure(height)
        x, y0 = self.col_x(), self.y
        pdf.set_fill_color(235, 241, 248)
        pdf.set_draw_color(20, 60, 120)
        pdf.set_line_width(0.5)
        pdf.rect(x, y0, COL_W, height, style="DF")
        y = y0 + pad
        for row in rows:
            text = _plain(row)
            if row.kind == "toc_title":
                pdf.set_font("sans", "B", 10.5)
                pdf.text(x + pad, y + lead * 0.8, text)
                y += lead + 1.0
                continue
            pdf.set_font("sans", "", 8.5)
            pdf.text(x + pad, y + lead * 0.8, text)
            pdf.text(x + COL_W - pad - pdf.get_string_width(row.page_ref), y + lead * 0.8, row.page_ref)
            y += lead
        self.y = y0 + height + 2.0

    # line breaking ------------------------------------------------------
    def break_lines(self, toks: list[Token], width: float, size: float, first_indent: float,
                    family: str | None = None, bold: bool = False) -> list[Line]:
        lines: list[Line] = []
        cur = Line([], 0, hard=False)
        queue = list(toks)
        space = self.width(" ", False, size, family)
        avail = width - first_indent
        while queue:
            tok = queue.pop(0)
            tbold = tok.bold or bold
            if tok.newline and cur.words:
                lines.append(cur)
                cur, avail = Line([], 0, hard=True), width
            need = self.width(tok.text, tbold, size, family) + (space if cur.words else 0.0)
            if cur.used + need <= avail or (not cur.words and not break_options(tok.text)):
                cur.words.append(Token(tok.text, tbold, tok.link))
                cur.used += need
                cur.token_count += 0 if tok.continued else 1
                continue
            for head, tail in break_options(tok.text):
                w = self.width(head, tbold, size, family) + (space if cur.words else 0.0)
                if cur.used + w <= avail:
                    cur.words.append(Token(head, tbold, tok.link))
                    cur.used += w
                    cur.broken = not tok.text.startswith(head[:-1] + "-")
                    cur.token_count += 1
                    queue.insert(0, Token(tail, tok.bold, tok.link, continued=True))
                    break
            else:
                queue.insert(0, tok)
            lines.append(cur)
            cur, avail = Line([], 0, hard=False), width
        if cur.words:
            lines.append(cur)
        return lines

    def draw_line(self, line: Line, x: float, baseline: float, size: float, justify: bool,
                  width: float = COL_W, family: str | None = None) -> None:
        family = family or self.body_family
        space = self.width(" ", False, size, family)
        natural = sum(self.width(t.text, t.bold, size, family) for t in line.words)
        gaps = len(line.words) - 1
        extra = (width - natural - space * gaps) / gaps if justify and gaps else 0.0
        extra = max(0.0, min(extra, 2.5 * space))
        for t in line.words:
            self.pdf.set_font(family, "B" if t.bold else "", size)
            self.pdf.set_text_color(20, 60, 160) if t.link else self.pdf.set_text_color(0, 0, 0)
            self.pdf.text(x, baseline, t.text)
            x += self.width(t.text, t.bold, size, family) + space + extra
        self.pdf.set_text_color(0, 0, 0)


@dataclass
class Line:
    words: list[Token]
    used: float
    hard: bool = False
    broken: bool = False  # ends in a hyphen we added
    token_count: int = 0


def typeset(blocks: list[Block], header: str, footer: str) -> Bulletin:
    doc = Bulletin(header, footer)
    first_h2 = next((i for i, b in enumerate(blocks) if b.kind == "heading" and b.level >= 2), 0)
    doc.masthead(blocks[:first_h2])
    for b in blocks[first_h2:]:
        if b.kind == "heading":
            doc.heading(b)
        elif b.kind == "item":
            doc.paragraph(b, bullet=True)
        elif b.kind == "sidebar_only" and b.sidebar:
            doc.sidebar(b.sidebar)
        elif b.kind == "toc_row":
            doc.paragraph(Block("para", [Run(f"{_plain(b)} {b.page_ref}")]), indent=0.0)
        else:
            doc.paragraph(b)
    return doc


def furniture(blocks: list[Block]) -> tuple[str, str]:
    """Running header (title + issue) and footer (organisation) from the masthead."""
    title = next((_plain(b) for b in blocks if b.kind == "heading"), "Бюлетин")
    paras = [_plain(b) for b in blocks[:6] if b.kind == "para"]
    issue = paras[0] if paras else ""
    org = next((p.split(",")[0] for p in paras if "," in p), title)
    return f"{title.capitalize()} · {issue}".strip(" ·"), org.strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input", type=Path)
    ap.add_argument("output", type=Path)
    args = ap.parse_args(argv)
    blocks = parse_blocks(args.input.read_text(encoding="utf-8"))
    header, footer = furniture(blocks)
    doc = typeset(blocks, header, footer)
    doc.pdf.output(str(args.output))
    s = doc.stats
    print(
        f"{args.output}: {doc.pdf.page_no()} pages; hyphenated line ends {len(s['hyphenated_line_ends'])}, "
        f"at column ends {s['column_end_breaks']}, real hyphens at line ends {s['real_hyphen_line_ends']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
