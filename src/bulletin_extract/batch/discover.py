"""Which files of an archive are bulletins, and where each one's JSON goes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from ..ingest import SUPPORTED

#: Suffix added to the input's own name, so "issue8.pdf" and "issue8.txt" side by side
#: do not both become "issue8.json".
JSON_SUFFIX = ".json"


def discover(archive: Path, globs: Iterable[str] = (), exclude: Path | None = None) -> list[str]:
    """Relative POSIX paths of the supported files under archive, sorted.

    Sorted so every run (and every executor) sees the same order: the aggregate
    files come out byte-identical. `globs` match the relative path (e.g. "2018/**",
    "*.pdf" matches in any folder, as in a shell with globstar). `exclude` keeps an
    output folder that lives inside the archive out of it.
    """
    patterns = list(globs)
    exclude = exclude.resolve() if exclude else None
    found: list[str] = []
    for path in archive.rglob("*"):
        if path.suffix.lower() not in SUPPORTED or not path.is_file():
            continue
        if exclude and (path.resolve() == exclude or exclude in path.resolve().parents):
            continue
        rel = PurePosixPath(path.relative_to(archive).as_posix())
        if any(part.startswith(".") for part in rel.parts):
            continue  # editor swap files, .git, our own temp files
        if patterns and not any(_matches(rel, p) for p in patterns):
            continue
        found.append(str(rel))
    return sorted(found)


def _matches(rel: PurePosixPath, pattern: str) -> bool:
    if "/" not in pattern:
        return rel.match(pattern)  # a bare pattern matches the file name in any folder
    return glob_regex(pattern).fullmatch(str(rel)) is not None


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A path glob as a regex: "*" and "?" stay inside a folder, "**/" spans any number.

    >>> bool(glob_regex("2018/**/*.pdf").fullmatch("2018/q1/бюлетин-3.pdf"))
    True
    >>> bool(glob_regex("2018/*.pdf").fullmatch("2018/q1/бюлетин-3.pdf"))
    False
    """
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 1 :]:
            close = pattern.index("]", i + 1)
            out.append("[" + pattern[i + 1 : close].replace("!", "^", 1) + "]")
            i = close + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def output_path(out_dir: Path, rel: str) -> Path:
    """The per-file JSON mirrors the archive: 2018/бюлетин-3.pdf -> OUT/2018/бюлетин-3.pdf.json."""
    return out_dir / (rel + JSON_SUFFIX)
