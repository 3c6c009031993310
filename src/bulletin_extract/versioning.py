"""What an output depends on besides the input file: the rules/model version.

A batch re-run skips a file only when its bytes, the tool version and this
`rules_version` are unchanged. Editing a data file (month names, a gazetteer, the
programme registry) or swapping the NER model changes the extraction without a
release, so the fingerprint is a hash of those, not a hand-maintained number.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

#: Where the trained NER model is looked for when no --model is given (first hit wins).
DEFAULT_MODEL_DIRS = (
    Path(__file__).resolve().parent / "models" / "ner-bg",
    Path(__file__).resolve().parents[2] / "models" / "ner-bg",
)


def _data_files(root: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for entry in root.iterdir():
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                found.extend(_data_files(entry, f"{name}/"))
        elif not entry.name.endswith((".py", ".pyc")):
            found.append((name, entry))
    return found


def model_meta_path(model_path: str | None = None) -> Path | None:
    """The meta.json of the NER model that would be loaded, or None when there is none."""
    candidates = [Path(model_path)] if model_path else list(DEFAULT_MODEL_DIRS)
    for folder in candidates:
        meta = folder / "meta.json"
        if meta.is_file():
            return meta
    return None


def rules_version(use_ner: bool = True, model_path: str | None = None) -> str:
    """sha256 (first 16 hex digits) of the package data files and, with NER, the model meta.

    The model's meta.json (name, version, training date, scores) stands for the model:
    hashing the weights would cost seconds on every run for no extra safety. Not
    cached: the data files are few and small, and a long-lived process (a notebook,
    a test session) must see an edited gazetteer.
    """
    digest = hashlib.sha256()
    for name, entry in sorted(_data_files(resources.files("bulletin_extract.data")), key=lambda e: e[0]):
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(entry.read_bytes())
        digest.update(b"\0")
    digest.update(b"ner:" + (b"on" if use_ner else b"off") + b"\0")
    if use_ner:
        meta = model_meta_path(model_path)
        digest.update(meta.read_bytes() if meta else b"no-model")
    return digest.hexdigest()[:16]
