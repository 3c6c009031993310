"""Word bulletins (.docx) read structurally with python-docx, not through a PDF.

The file says what every paragraph is: its style gives heading levels (a "Heading N"
style, or an outline level anywhere on the style's chain), its numbering gives list
items (the number is rendered as text, as the reader saw it: "1.", "а)"), tables are
rows of cells, text boxes and frames are sidebars (placed after the paragraph that
anchors them, as the PDF layout places an interrupting sidebar), headers and footers
are page furniture and left out, footnotes come at the end. Pages are counted from
explicit page breaks: a .docx has no fixed pages until a word processor lays it out.
Legacy .doc is converted by LibreOffice when it is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import InputError
from .structured import Piece, build_document, format_number

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_NAME = re.compile(r"^(?:heading|заглавие)\s*(\d)$", re.I)
_TITLE_NAMES = {"title", "заглавие"}
#: Subtrees whose text is not the paragraph's own: text boxes (read as sidebars), the
#: legacy copy of a drawing, deleted text, field instructions, footnote marks.
_SKIP = {f"{W}txbxContent", MC_FALLBACK, f"{W}del", f"{W}instrText", f"{W}delText",
         f"{W}footnoteReference", f"{W}endnoteReference"}


def read_docx(path: str | Path, data: bytes, sha: str) -> Document:
    """DOCX bytes -> Document (format "docx"); raises InputError on a damaged file."""
    import io

    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises zip, XML and key errors on damage
        raise InputError(f"{path}: not a readable Word file: {err}") from err
    reader = _Reader(doc)
    return build_document(reader.pieces(), "docx", path, data, sha, engine="python-docx")


def read_doc(path: str | Path, data: bytes, sha: str) -> Document:
    """Legacy Word (.doc): converted to .docx by LibreOffice headless, then read as .docx."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise InputError(
            f"{path}: legacy Word .doc needs LibreOffice to convert it "
            "(apt-get install libreoffice-writer), or save it as .docx"
        )
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        try:
            subprocess.run(
                [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                 "--convert-to", "docx", "--outdir", tmp, str(src)],
                check=True, capture_output=True, timeout=120,
            )
            converted = (Path(tmp) / "in.docx").read_bytes()
        except (subprocess.SubprocessError, OSError) as err:
            raise InputError(f"{path}: LibreOffice could not convert this .doc: {err}") from err
    document = read_docx(path, converted, sha)
    document.engine = "soffice+python-docx"
    document.size_bytes = len(data)
    return document


class _Reader:
    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.styles = {s.style_id: s for s in doc.styles}
        self.numbering = _Numbering(doc)
        self.footnotes: list[str] = []
        self.page_break = False

    def pieces(self) -> Iterator[Piece]:
        yield from self._container(self.doc.element.body)
        for part in _note_parts(self.doc):
            for note in part.iter(f"{W}footnote", f"{W}endnote"):
                if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                number = len(self.footnotes) + 1
                text = " ".join(_text(p) for p in note.iter(f"{W}p")).strip()
                if text:
                    self.footnotes.append(text)
                    yield Piece("paragraph", f"[{number}] {text}")

    def _container(self, element: Any, sidebar: bool = False) -> Iterator[Piece]:
        for child in element:
            if child.tag == f"{W}p":
                yield from self._paragraph(child, sidebar)
            elif child.tag == f"{W}tbl":
                yield from self._table(child, sidebar)
            elif child.tag in (f"{W}sdt", f"{W}customXml"):
                content = child.find(f"{W}sdtContent")
                yield from self._container(content if content is not None else child, sidebar)

    def _paragraph(self, p: Any, sidebar: bool) -> Iterator[Piece]:
        ppr = p.find(f"{W}pPr")
        if ppr is not None and ppr.find(f"{W}pageBreakBefore") is not None:
            self.page_break = True
        text = _text(p)
        kind, level = "paragraph", 0
        style = self._style(ppr)
        heading = self._heading_level(ppr, style)
        framed = ppr is not None and ppr.find(f"{W}framePr") is not None
        if heading and not sidebar:
            kind, level = "heading", heading
        else:
            number = self.numbering.label(ppr, style)
            if number is not None:
                kind = "list_item"
                text = f"{number} {text}" if number else text
        if sidebar or framed:
            kind = "sidebar"
        if text.strip():
            yield Piece(kind, text, level, _all_bold(p, style), self.page_break)  # type: ignore[arg-type]
            self.page_break = False
        if any(br.get(f"{W}type") == "page" for br in p.iter(f"{W}br")):
            self.page_break = True
        for box in _text_boxes(p):
            yield from self._container(box, sidebar=True)

    def _table(self, tbl: Any, sidebar: bool) -> Iterator[Piece]:
        for tr in tbl.iter(f"{W}tr"):
            if tr.getparent() is not tbl:
                continue  # a nested table's rows are read as part of their cell
            cells = [" ".join(_text(p) for p in tc.iter(f"{W}p")).strip() for tc in tr.findall(f"{W}tc")]
            if any(cells):
                yield Piece("sidebar" if sidebar else "table_row", " | ".join(cells), new_page=self.page_break)
                self.page_break = False

    def _style(self, ppr: Any) -> Any:
        node = ppr.find(f"{W}pStyle") if ppr is not None else None
        return self.styles.get(node.get(f"{W}val")) if node is not None else None

    def _heading_level(self, ppr: Any, style: Any) -> int:
        """1-based heading level: the paragraph's outline level, else its style chain's."""
        own = ppr.find(f"{W}outlineLvl") if ppr is not None else None
        if own is not None:
            return _outline(own)
        while style is not None:
            name = (style.name or "").strip()
            match = _HEADING_NAME.match(name)
            if match:
                return int(match.group(1))
            if name.lower() in _TITLE_NAMES:
                return 1
            spr = style.element.find(f"{W}pPr")
            node = spr.find(f"{W}outlineLvl") if spr is not None else None
            if node is not None:
                return _outline(node)
            style = style.base_style
        return 0


def _outline(node: Any) -> int:
    """w:outlineLvl 0..8 are levels 1..9; 9 means body text."""
    value = int(node.get(f"{W}val", "9"))
    return 0 if value >= 9 else min(value + 1, 6)


def _text(p: Any) -> str:
    """A paragraph's own text: runs, tabs and breaks, without its text boxes or deletions."""
    out: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == f"{W}t":
                out.append(child.text or "")
            elif tag == f"{W}tab":
                out.append(" ")
            elif tag in (f"{W}br", f"{W}cr"):
                out.append("\n" if child.get(f"{W}type") in (None, "textWrapping") else " ")
            elif tag == f"{W}noBreakHyphen":
                out.append("-")
            elif tag == f"{W}pPr":
                continue
            else:
                walk(child)

    walk(p)
    return "".join(out)


def _text_boxes(p: Any) -> list[Any]:
    """The paragraph's text boxes (w:txbxContent), not the legacy duplicates under mc:Fallback."""
    boxes = []
    for box in p.iter(f"{W}txbxContent"):
        node, hidden = box.getparent(), False
        while node is not None and node is not p:
            if node.tag in (MC_FALLBACK, f"{W}txbxContent"):
                hidden = True
                break
            node = node.getparent()
        if not hidden:
            boxes.append(box)
    return boxes


def _all_bold(p: Any, style: Any) -> bool:
    """Every run with text is bold (directly, or through the paragraph's style)."""
    style_bold = bool(style is not None and style.font is not None and style.font.bold)
    seen = False
    for run in p.iter(f"{W}r"):
        if not "".join(t.text or "" for t in run.iter(f"{W}t")).strip():
            continue
        seen = True
        rpr = run.find(f"{W}rPr")
        b = rpr.find(f"{W}b") if rpr is not None else None
        if b is None:
            if not style_bold:
                return False
        elif b.get(f"{W}val") in ("0", "false", "off"):
            return False
    return seen


def _note_parts(doc: Any) -> list[Any]:
    """Footnote and endnote parts as XML trees (python-docx does not expose them)."""
    from lxml import etree

    parts = []
    for rel in doc.part.rels.values():
        if rel.reltype.endswith(("/footnotes", "/endnotes")) and not rel.is_external:
            parts.append(etree.fromstring(rel.target_part.blob))
    return parts


class _Numbering:
    """List labels from numbering.xml: counters per list and level, the level's text pattern."""

    def __init__(self, doc: Any) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId -> ilvl -> (start, fmt, text)
        self.counters: dict[str, list[int]] = {}
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for node in root.iter(f"{W}abstractNum"):
            abstract[node.get(f"{W}abstractNumId")] = {
                int(lvl.get(f"{W}ilvl", "0")): _level(lvl) for lvl in node.iter(f"{W}lvl")
            }
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            levels = dict(abstract.get(ref.get(f"{W}val"), {})) if ref is not None else {}
            for override in num.iter(f"{W}lvlOverride"):
                ilvl = int(override.get(f"{W}ilvl", "0"))
                start = override.find(f"{W}startOverride")
                if start is not None and ilvl in levels:
                    _, fmt, text = levels[ilvl]
                    levels[ilvl] = (int(start.get(f"{W}val", "1")), fmt, text)
            self.levels[num.get(f"{W}numId")] = levels

    def label(self, ppr: Any, style: Any) -> str | None:
        """The item's label ("3.", "б)", "" for a bullet), or None if not a list item."""
        num_id, ilvl = _num_pr(ppr)
        while num_id is None and style is not None:
            spr = style.element.find(f"{W}pPr")
            num_id, style_lvl = _num_pr(spr)
            ilvl = ilvl if num_id is None else (style_lvl or ilvl)
            style = style.base_style
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return None
        levels = self.levels[num_id]
        counters = self.counters.setdefault(num_id, [0] * 9)
        ilvl = min(max(ilvl, 0), 8)
        start = levels.get(ilvl, (1, "decimal", ""))[0]
        counters[ilvl] = start if counters[ilvl] == 0 else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        _, fmt, pattern = levels.get(ilvl, (1, "decimal", f"%{ilvl + 1}."))
        if fmt in ("bullet", "none"):
            return ""

        def fill(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            value = counters[k] or levels.get(k, (1, "decimal", ""))[0]
            return format_number(value, levels.get(k, (1, "decimal", ""))[1])

        return re.sub(r"%(\d)", fill, pattern).strip()


def _level(lvl: Any) -> tuple[int, str, str]:
    def val(tag: str, default: str) -> str:
        node = lvl.find(f"{W}{tag}")
        return node.get(f"{W}val", default) if node is not None else default

    return int(val("start", "1")), val("numFmt", "decimal"), val("lvlText", "")


def _num_pr(ppr: Any) -> tuple[str | None, int]:
    node = ppr.find(f"{W}numPr") if ppr is not None else None
    if node is None:
        return None, 0
    num = node.find(f"{W}numId")
    lvl = node.find(f"{W}ilvl")
    return (num.get(f"{W}val") if num is not None else None,
            int(lvl.get(f"{W}val", "0")) if lvl is not None else 0)
