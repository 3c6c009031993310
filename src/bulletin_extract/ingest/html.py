"""Web pages (.html): the article only, with its headings, lists and tables as structure.

A saved web page or a CMS export wraps the bulletin in a menu, a cookie banner, a
sidebar of links and a footer; none of that is the bulletin. trafilatura (a maintained
main-content extractor) finds the article and returns it as a small XML tree (head,
p, list/item, table/row/cell, lb), which is turned into blocks here. When it finds
nothing (a page that is all "boilerplate" to it, e.g. one bare table), the page's body
is read without its nav/header/footer/aside/script/style elements instead.

The page's declared encoding (BOM, <meta charset>, http-equiv, XML declaration) is
honoured; without one, UTF-8 is tried, then detection among Cyrillic code pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import InputError
from .structured import Piece, build_document
from .text import DecodeError, decode

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.I,
)
_HEADING_TAGS = {f"h{i}": i for i in range(1, 7)}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "li", "tr", "td", "th", "blockquote", "pre",
               "dd", "dt", "figcaption", "address", *_HEADING_TAGS}
_BOILERPLATE = ("nav", "header", "footer", "aside", "script", "style", "noscript", "form", "button",
                "template", "svg", "iframe")


def decode_html(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding): a BOM, else the declared charset, else UTF-8, else detection.

    >>> decode_html('<meta charset="windows-1251"><p>Бюджет</p>'.encode("cp1251"))[0][-13:]
    '<p>Бюджет</p>'
    """
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = _DECLARED.search(data[:4096])
        if declared:
            name = (declared.group(1) or declared.group(2)).decode("ascii").lower()
            try:
                return data.decode(name), name
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong or unknown declaration: fall back to detection
    return decode(data)


def read_html(path: str | Path, data: bytes, sha: str) -> Document:
    """HTML bytes -> Document (format "html"), main content only; InputError if unreadable."""
    try:
        text, encoding = decode_html(data)
    except DecodeError as err:
        raise InputError(f"{path}: {err}") from err
    pieces, engine = main_content(text)
    return build_document(pieces, "html", path, data, sha, encoding=encoding, engine=engine)


def main_content(page: str) -> tuple[list[Piece], str]:
    """The page's article as blocks, and which extractor found it."""
    import trafilatura
    from lxml import etree

    xml = None
    if page.strip():
        xml = trafilatura.extract(page, output_format="xml", include_tables=True, include_formatting=True,
                                  include_comments=False, include_links=False, include_images=False,
                                  favor_recall=True, deduplicate=False)
    if xml:
        root = etree.fromstring(xml.encode("utf-8"))
        main = root.find("main")
        pieces = list(_trafilatura_pieces(main if main is not None else root))
        if pieces:
            return pieces, "trafilatura"
    return list(_body_pieces(page)), "html-body"


def _text(node: Any) -> str:
    """Inline text with <lb/> as a line break."""
    out = [node.text or ""]
    for child in node:
        out.append("\n" if child.tag == "lb" else _text(child))
        out.append(child.tail or "")
    return "".join(out)


def _bold(node: Any) -> bool:
    """The whole paragraph is one bold run (<hi rend="#b">), as a lead-in title often is."""
    children = [c for c in node if c.tag != "lb"]
    return (not (node.text or "").strip() and len(children) == 1 and children[0].tag == "hi"
            and "#b" in (children[0].get("rend") or "") and not (children[0].tail or "").strip())


def _trafilatura_pieces(main: Any) -> Iterator[Piece]:
    for node in main:
        tag = node.tag
        if tag == "head":
            level = _HEADING_TAGS.get((node.get("rend") or "h2").lower(), 2)
            yield Piece("heading", _text(node), level)
        elif tag == "list":
            yield from _list_items(node)
        elif tag == "table":
            for row in node.iter("row"):
                cells = [" ".join(_text(c).split()) for c in row.findall("cell")]
                if any(cells):
                    yield Piece("table_row", " | ".join(cells))
        elif tag in ("p", "quote", "code"):
            yield Piece("paragraph", _text(node), bold=_bold(node))
        elif tag == "comments":
            continue
        else:
            yield Piece("paragraph", _text(node))


def _list_items(lst: Any) -> Iterator[Piece]:
    numbered = (lst.get("rend") or "") == "ol"
    for n, item in enumerate(lst.findall("item"), 1):
        nested = item.findall("list")
        for sub in nested:
            item.remove(sub)
        text = _text(item).strip()
        if text:
            yield Piece("list_item", f"{n}. {text}" if numbered else text)
        for sub in nested:
            yield from _list_items(sub)


def _body_pieces(page: str) -> Iterator[Piece]:
    """Fallback: the body without navigation and scripts, one block per block element."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(page)
    except Exception:  # lxml refuses empty or binary input
        return
    for bad in root.xpath("|".join(f"//{t}" for t in _BOILERPLATE)):
        bad.drop_tree()
    body = root.find("body")
    yield from _walk(body if body is not None else root)


def _walk(node: Any) -> Iterator[Piece]:
    """Blocks in document order: a row is one block of cells, a block element without block
    children one block, anything else is descended into."""
    for child in node:
        if not isinstance(child.tag, str):
            continue  # comments, processing instructions
        if child.tag == "tr":
            cells = [" ".join(_html_text(c).split()) for c in child if c.tag in ("td", "th")]
            if any(cells):
                yield Piece("table_row", " | ".join(cells))
        elif child.tag in _BLOCK_TAGS and not any(d.tag in _BLOCK_TAGS for d in child.iterdescendants()):
            text = _html_text(child)
            if child.tag in _HEADING_TAGS:
                yield Piece("heading", text, _HEADING_TAGS[child.tag])
            else:
                yield Piece("list_item" if child.tag == "li" else "paragraph", text)
        else:
            yield from _walk(child)


def _html_text(node: Any) -> str:
    out = [node.text or ""]
    for child in node:
        out.append("\n" if child.tag == "br" else _html_text(child))
        out.append(child.tail or "")
    return "".join(out)
