"""Text and Markdown bulletins: decoding, markdown structure, paragraph repair.

Text bulletins are usually conversions of a PDF, so they carry its layout scars:
paragraphs cut by a column break (the next block starts in lower case), a sidebar
("В този брой" with page numbers) dropped in the middle of a paragraph, hyphenated
words split over the cut. We repair those here so that later stages see prose.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from ..document import BlockKind, DocumentBuilder
from .hyphenation import Vocabulary, join_lines, should_join


class DecodeError(ValueError):
    pass


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding). BOMs first, then strict UTF-8, then detection.

    Legacy Bulgarian archives are mostly Windows-1251, sometimes KOI8-R; detection
    is restricted to encodings that can carry Cyrillic so a short cp1251 file is not
    read as Latin-1 mojibake.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as err:  # a BOM, then damage (e.g. a cut UTF-16 file)
                raise DecodeError(f"invalid {name} text after its byte-order mark (byte {err.start})") from err
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["cp1251", "koi8_r", "iso8859_5", "mac_cyrillic"]).best()
    if best is None:
        raise DecodeError("cannot determine the text encoding")
    return str(best), best.encoding


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+\))\s+(.*)$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_RULE_CELL = re.compile(r"^:?-{2,}:?$|^$")
_TABLE_ROW = re.compile(r"^(.+?)(?:\t+|\s*\.{3,}\s*)(\d{1,3})\s*$")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^)\s]*)\)")
_MD_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>]+)>")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass
class _RawBlock:
    kind: BlockKind
    lines: list[str]
    level: int = 0
    bold: bool = False
    toc: bool = False  # a contents line: "Проекти<TAB>2", "Събития ..... 3"


def _clean_inline(line: str, markdown: bool) -> str:
    line = _CONTROL.sub(" ", line)
    if markdown:
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_AUTOLINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
    return line.replace("\u00a0", " ").rstrip()


def _raw_blocks(text: str, markdown: bool) -> list[_RawBlock]:
    blocks: list[_RawBlock] = []
    para: list[str] = []
    para_bold = False

    def flush() -> None:
        nonlocal para, para_bold
        if para:
            blocks.append(_RawBlock("paragraph", para, bold=para_bold))
        para, para_bold = [], False

    for raw in text.splitlines():
        if not raw.strip():
            flush()
            continue
        heading = _HEADING.match(raw) if markdown else None
        if heading:
            flush()
            blocks.append(_RawBlock("heading", [_clean_inline(heading.group(2), markdown)], len(heading.group(1))))
            continue
        if markdown and _PIPE_ROW.match(raw):
            # a markdown table: one block per row, cells apart; the |---| rule is layout only
            flush()
            cells = [_clean_inline(c, markdown).strip() for c in raw.strip().strip("|").split("|")]
            if not all(_RULE_CELL.match(c) for c in cells):
                blocks.append(_RawBlock("table_row", [" | ".join(cells)]))
            continue
        row = _TABLE_ROW.match(raw)
        if (row and "\t" in raw) or (row and "..." in raw):
            flush()
            blocks.append(_RawBlock("table_row", [_clean_inline(raw, markdown).replace("\t", " ")], toc=True))
            continue
        item = _LIST_ITEM.match(raw)
        if item:
            flush()
            blocks.append(_RawBlock("list_item", [_clean_inline(item.group(1), markdown)]))
            continue
        if not para and markdown and raw.lstrip().startswith("**"):
            para_bold = True
        para.append(_clean_inline(raw, markdown))
    flush()
    return blocks


def _is_sidebar(blocks: list[_RawBlock], i: int) -> int:
    """Length of a sidebar (a heading over contents lines: "В този брой") at i, or 0."""
    if blocks[i].kind != "heading":
        return 0
    j = i + 1
    while j < len(blocks) and blocks[j].toc:
        j += 1
    return j - i if j - i >= 3 else 0


def _repair(blocks: list[_RawBlock], compounds: frozenset[str], words: frozenset[str]) -> list[_RawBlock]:
    """Glue paragraphs cut by a column break, moving an interrupting sidebar after them."""
    out: list[_RawBlock] = []
    sidebars: list[_RawBlock] = []
    i = 0
    while i < len(blocks):
        n = _is_sidebar(blocks, i)
        if n:
            for b in blocks[i : i + n]:
                sidebars.append(_RawBlock("sidebar", b.lines, b.level, b.bold))
            i += n
            continue
        block = blocks[i]
        prev = out[-1] if out else None
        if (
            block.kind == "paragraph"
            and prev is not None
            and prev.kind in ("paragraph", "list_item")
            and _continues(prev.lines[-1], block.lines[0])
        ):
            prev.lines.extend(block.lines)
        else:
            out.extend(sidebars)
            sidebars = []
            out.append(block)
        i += 1
    out.extend(sidebars)
    return out


def _continues(last_line: str, next_line: str) -> bool:
    """Does next_line carry on the sentence that last_line left open?"""
    last, nxt = last_line.rstrip(), next_line.lstrip()
    if not last or not nxt:
        return False
    if last[-1] in ".!?:;)»“\"":
        return False
    if nxt[0].isdigit():
        # "приключи през април" / "2022 г. Успешно ...": a long line cut before a number
        return len(last) > 60 and last[-1].isalpha()
    return nxt[0].islower() or (last.endswith("-") and should_join(last, nxt))


def parse_text(text: str, markdown: bool, builder: DocumentBuilder) -> None:
    """Fill builder with the blocks of a text or markdown bulletin (one page)."""
    vocabulary = Vocabulary()
    vocabulary.add(text.splitlines())
    compounds, words = vocabulary.compounds, vocabulary.words
    builder.new_page()
    for block in _repair(_raw_blocks(text, markdown), compounds, words):
        runs = _line_runs(block.lines)
        joined = "\n".join(join_lines(run, compounds, words) for run in runs)
        builder.add(block.kind, joined, block.level, block.bold)


#: Masthead, address and signature lines are short; prose wrapped by an editor runs longer.
SHORT_LINE = 40


def _line_runs(lines: list[str]) -> list[list[str]]:
    """Split a paragraph's lines where a short line ends a line of its own.

    "ОБЩИНА ГАБРОВО" / "ИНФОРМАЦИОНЕН БЮЛЕТИН № 12" are two lines, not one sentence;
    a hard-wrapped prose paragraph stays one line.
    """
    runs: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        runs[-1].append(line)
        nxt = lines[i + 1].lstrip() if i + 1 < len(lines) else ""
        here = line.strip()
        if (
            nxt
            and len(here) < SHORT_LINE
            and not here.endswith(("-", ","))
            and (nxt[:1].isupper() or nxt[:1].isdigit())
        ):
            runs.append([])
    return [run for run in runs if run]
