"""The Bulletin's JSON written field by field and record by record, never built whole.

`model_dump_json` of a 500-page bulletin is one string of ~30 MB (and as much again
while pydantic builds it), on top of every record held to build it. Here each field's
value is serialised by pydantic on its own and the pieces are laid out the way pydantic
lays out the whole (keys in the model's order, `indent` spaces a level, `[]` for an
empty list, one line and no spaces when `indent` is 0 or None), so the text is the same
byte for byte as `files.bulletin_json` of the same Bulletin; the tests hold it to that.

A list may be any iterable (a generator that validates its items one at a time): an
item is serialised, written and dropped before the next is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

import pydantic_core
from pydantic import BaseModel


def write_json(fields: Iterable[tuple[str, Any]], out: IO[str], indent: int | None = 2) -> None:
    """Write the object of `fields` ((name, value) in order) to `out`, ending in a newline."""
    step = indent or 0
    if not step:
        out.write("{")
        for i, (name, value) in enumerate(fields):
            out.write(("," if i else "") + _dumps(name, None) + ":")
            _write_value(value, out, None, "")
        out.write("}\n")
        return
    pad = " " * step
    out.write("{")
    for i, (name, value) in enumerate(fields):
        out.write(("," if i else "") + "\n" + pad + _dumps(name, None) + ": ")
        _write_value(value, out, step, pad)
    out.write("\n}\n")


def _write_value(value: Any, out: IO[str], indent: int | None, pad: str) -> None:
    """One field's value at nesting `pad` (the indentation of the line it starts on)."""
    if isinstance(value, BaseModel | str | int | float | dict) or value is None:
        out.write(_nested(_dumps(value, indent), pad))
        return
    inner = pad + " " * (indent or 0)
    empty = True
    for item in value:
        if indent:
            out.write(("[\n" if empty else ",\n") + inner)
        else:
            out.write("[" if empty else ",")
        out.write(_nested(_dumps(item, indent), inner))
        empty = False
    if empty:
        out.write("[]")
    else:
        out.write(("\n" + pad if indent else "") + "]")


def _dumps(value: Any, indent: int | None) -> str:
    """One value as pydantic serialises it (the same escapes and number forms as the whole)."""
    if isinstance(value, BaseModel):
        return value.model_dump_json(indent=indent)
    return pydantic_core.to_json(value, indent=indent).decode("utf-8")


def _nested(text: str, pad: str) -> str:
    """A value's JSON moved right to start at `pad`: newlines occur only between its
    tokens (a newline inside a string is written as \\n), so each one gets the pad."""
    return text.replace("\n", "\n" + pad) if pad and "\n" in text else text
