"""OpenDocument text bulletins (.odt) read from the ODF XML directly (zipfile + ElementTree).

The ODF tree names every block: `text:h` with its outline level (or a paragraph whose
style chain has a default outline level), `text:p`, `text:list` items numbered by their
list style (the number rendered as text), `table:table` rows of cells, `draw:frame` text
boxes (sidebars, placed after the paragraph anchoring them), `text:note` footnotes (at
the end). Headers and footers live in styles.xml's master pages: furniture, not read.
Pages come from the page breaks a word processor recorded (`text:soft-page-break`,
`fo:break-before="page"`). No library is needed beyond the standard one.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from ..document import Document
from ..errors import InputError
from .structured import Piece, build_document, format_number

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


T_P, T_H, T_LIST, T_ITEM, T_HEADER = _q("text:p"), _q("text:h"), _q("text:list"), _q("text:list-item"), _q("text:list-header")
T_S, T_TAB, T_BR, T_NOTE, T_NOTE_BODY = _q("text:s"), _q("text:tab"), _q("text:line-break"), _q("text:note"), _q("text:note-body")
T_SOFT_BREAK, T_SECTION = _q("text:soft-page-break"), _q("text:section")
TABLE, ROW, CELL = _q("table:table"), _q("table:table-row"), _q("table:table-cell")
FRAME, TEXT_BOX = _q("draw:frame"), _q("draw:text-box")
#: elements whose content is not the paragraph's text where they stand
_NOT_INLINE = {T_NOTE, FRAME, _q("text:tracked-changes"), _q("office:annotation"), _q("text:note-citation")}
#: index bodies (tables of contents and the like) are navigation, read as sidebars
_INDEXES = {_q("text:table-of-content"), _q("text:alphabetical-index"), _q("text:illustration-index"),
            _q("text:table-index"), _q("text:user-index"), _q("text:bibliography")}


@dataclass
class _Style:
    parent: str | None = None
    outline: int = 0
    bold: bool | None = None
    page_break: bool = False


@dataclass
class _ListLevel:
    numbered: bool
    fmt: str = "1"
    prefix: str = ""
    suffix: str = ""
    start: int = 1
    display: int = 1


@dataclass
class _State:
    styles: dict[str, _Style]
    lists: dict[str, dict[int, _ListLevel]]
    notes: list[str] = field(default_factory=list)
    page_break: bool = False


def read_odt(path: str | Path, data: bytes, sha: str) -> Document:
    """ODT bytes -> Document (format "odt"); raises InputError on a damaged file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = ET.fromstring(archive.read("content.xml"))
            styles_xml = archive.read("styles.xml") if "styles.xml" in archive.namelist() else None
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError) as err:
        raise InputError(f"{path}: not a readable OpenDocument file: {err}") from err
    roots = [content] + ([ET.fromstring(styles_xml)] if styles_xml else [])
    state = _State(_styles(roots), _list_styles(roots))
    body = content.find("office:body/office:text", NS)
    if body is None:
        raise InputError(f"{path}: not an OpenDocument text (no office:text body)")
    return build_document(_pieces(body, state), "odt", path, data, sha, engine="odf-xml")


def _pieces(body: ET.Element, state: _State) -> Iterator[Piece]:
    yield from _container(body, state, sidebar=False)
    for i, note in enumerate(state.notes, 1):
        yield Piece("paragraph", f"[{i}] {note}")


def _container(element: ET.Element, state: _State, sidebar: bool) -> Iterator[Piece]:
    for child in element:
        tag = child.tag
        if tag in (T_P, T_H):
            yield from _paragraph(child, state, sidebar)
        elif tag == T_LIST:
            yield from _list(child, state, sidebar, depth=0, style=None, counters=[0] * 10)
        elif tag == TABLE:
            yield from _table(child, state, sidebar)
        elif tag == T_SOFT_BREAK:
            state.page_break = True
        elif tag in _INDEXES:
            inner = child.find("text:index-body", NS)
            yield from _container(inner if inner is not None else child, state, sidebar=True)
        elif tag == T_SECTION or tag == _q("table:table-header-rows"):
            yield from _container(child, state, sidebar)


def _paragraph(p: ET.Element, state: _State, sidebar: bool, prefix: str = "") -> Iterator[Piece]:
    style = _chain(state.styles, p.get(_q("text:style-name")))
    if any(s.page_break for s in style):
        state.page_break = True
    level = 0
    if p.tag == T_H:
        level = int(p.get(_q("text:outline-level"), "1") or 1)
    else:
        level = next((s.outline for s in style if s.outline), 0)
    text, frames = _inline(p, state)
    kind = "sidebar" if sidebar else ("heading" if level else "paragraph")
    if prefix:
        text = f"{prefix} {text}"
    bold = next((s.bold for s in style if s.bold is not None), False) or _spans_bold(p, state)
    if text.strip():
        yield Piece(kind, text, min(level, 6), bool(bold), state.page_break)  # type: ignore[arg-type]
        state.page_break = False
    for frame in frames:
        for box in frame.iter(TEXT_BOX):
            yield from _container(box, state, sidebar=True)


def _inline(p: ET.Element, state: _State) -> tuple[str, list[ET.Element]]:
    """The paragraph's own text (spaces, tabs, line breaks as ODF encodes them) and its frames."""
    out: list[str] = []
    frames: list[ET.Element] = []

    def walk(node: ET.Element) -> None:
        if node.text:
            out.append(node.text)
        for child in node:
            tag = child.tag
            if tag == T_S:
                out.append(" " * int(child.get(_q("text:c"), "1") or 1))
            elif tag == T_TAB:
                out.append(" ")
            elif tag == T_BR:
                out.append("\n")
            elif tag == T_SOFT_BREAK:
                state.page_break = True
            elif tag == T_NOTE:
                body = child.find("text:note-body", NS)
                if body is not None:
                    state.notes.append(" ".join(_inline(q, state)[0] for q in body.iter(T_P)))
            elif tag == FRAME:
                frames.append(child)
            elif tag not in _NOT_INLINE:
                walk(child)
            if child.tail:
                out.append(child.tail)

    walk(p)
    return "".join(out), frames


def _spans_bold(p: ET.Element, state: _State) -> bool:
    """All of the paragraph's text sits in bold spans."""
    if (p.text or "").strip():
        return False
    seen = False
    for span in p:
        text = "".join(span.itertext()).strip()
        if span.tail and span.tail.strip():
            return False
        if not text:
            continue
        if span.tag != _q("text:span") or not any(s.bold for s in _chain(state.styles, span.get(_q("text:style-name")))):
            return False
        seen = True
    return seen


def _list(lst: ET.Element, state: _State, sidebar: bool, depth: int, style: str | None,
          counters: list[int]) -> Iterator[Piece]:
    style = lst.get(_q("text:style-name")) or style
    levels = state.lists.get(style or "", {})
    level = levels.get(depth + 1, _ListLevel(numbered=False))
    continues = lst.get(_q("text:continue-numbering")) == "true"
    if not continues:
        counters[depth] = 0
    for item in lst:
        if item.tag not in (T_ITEM, T_HEADER):
            continue
        label = ""
        if item.tag == T_ITEM:
            start = item.get(_q("text:start-value"))
            counters[depth] = int(start) if start else (counters[depth] + 1 if counters[depth] else level.start)
            for deeper in range(depth + 1, len(counters)):
                counters[deeper] = 0
            if level.numbered:
                shown = range(max(0, depth + 1 - level.display), depth + 1)
                numbers = ".".join(format_number(counters[k] or 1, _fmt(levels, k)) for k in shown)
                label = f"{level.prefix}{numbers}{level.suffix}"
        first = True
        for child in item:
            if child.tag in (T_P, T_H):
                prefix = label if first else ""
                for piece in _paragraph(child, state, sidebar, prefix):
                    kind = piece.kind if piece.kind in ("heading", "sidebar") else "list_item"
                    yield Piece(kind, piece.text, piece.level, piece.bold, piece.new_page)
                first = False
            elif child.tag == T_LIST:
                yield from _list(child, state, sidebar, depth + 1, style, counters)
            elif child.tag == TABLE:
                yield from _table(child, state, sidebar)


def _fmt(levels: dict[int, _ListLevel], depth: int) -> str:
    level = levels.get(depth + 1)
    return level.fmt if level else "1"


def _table(table: ET.Element, state: _State, sidebar: bool) -> Iterator[Piece]:
    for row in table.iter(ROW):
        cells = []
        for cell in row.findall(CELL):
            cells.append(" ".join(_inline(p, state)[0].strip() for p in cell.iter(T_P) if p is not None).strip())
        if any(cells):
            yield Piece("sidebar" if sidebar else "table_row", " | ".join(cells), new_page=state.page_break)
            state.page_break = False


def _chain(styles: dict[str, _Style], name: str | None) -> list[_Style]:
    """The style and its ancestors, nearest first (cycles cut)."""
    out: list[_Style] = []
    seen: set[str] = set()
    while name and name in styles and name not in seen:
        seen.add(name)
        out.append(styles[name])
        name = styles[name].parent
    return out


def _styles(roots: list[ET.Element]) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    for root in roots:
        for node in root.iter(_q("style:style")):
            name = node.get(_q("style:name"))
            if not name:
                continue
            outline = node.get(_q("style:default-outline-level"))
            display = (node.get(_q("style:display-name")) or name).lower()
            level = int(outline) if outline and outline.isdigit() else (1 if display == "title" else 0)
            text_props = node.find("style:text-properties", NS)
            weight = text_props.get(_q("fo:font-weight")) if text_props is not None else None
            para_props = node.find("style:paragraph-properties", NS)
            brk = para_props is not None and para_props.get(_q("fo:break-before")) == "page"
            styles[name] = _Style(
                parent=node.get(_q("style:parent-style-name")),
                outline=level,
                bold=None if weight is None else weight in ("bold", "600", "700", "800", "900"),
                page_break=brk,
            )
    return styles


def _list_styles(roots: list[ET.Element]) -> dict[str, dict[int, _ListLevel]]:
    lists: dict[str, dict[int, _ListLevel]] = {}
    for root in roots:
        for node in root.iter(_q("text:list-style")):
            levels: dict[int, _ListLevel] = {}
            for lvl in node:
                depth = int(lvl.get(_q("text:level"), "1") or 1)
                if lvl.tag == _q("text:list-level-style-number"):
                    levels[depth] = _ListLevel(
                        numbered=bool(lvl.get(_q("style:num-format"))),
                        fmt=lvl.get(_q("style:num-format"), "1") or "",
                        prefix=lvl.get(_q("style:num-prefix"), ""),
                        suffix=lvl.get(_q("style:num-suffix"), ""),
                        start=int(lvl.get(_q("text:start-value"), "1") or 1),
                        display=int(lvl.get(_q("text:display-levels"), "1") or 1),
                    )
                else:
                    levels[depth] = _ListLevel(numbered=False)
            lists[node.get(_q("style:name"), "")] = levels
    return lists
