"""Make the matrix's PDFs, cached, and keep the committed copies in step.

A PDF is cached under ``.cache/producers/`` (gitignored) by the hash of what made it: the
source's bytes, the recipe code (this folder's recipe modules), the version line of every
producer it ran and, for a rewrite, the key of the PDF it rewrote. A second run with
nothing changed makes nothing.

The test suite reads the committed copies in ``tests/fixtures/producers/`` (with
``manifest.json``: source, recipe, producer versions, key), so CI needs no producer.
A committed copy is replaced only when its key changes (PDFs embed dates and ids, so
rebuilding the same thing would otherwise churn the repository); a recipe whose
producer is not installed keeps its committed copy.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .recipes import RECIPES, Recipe, tool_version

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CACHE = ROOT / ".cache" / "producers"
FIXTURES = ROOT / "tests" / "fixtures" / "producers"
MANIFEST = FIXTURES / "manifest.json"


def sources() -> dict[str, Path]:
    """The bulletins printed: the shipped sample and the ones written for the matrix."""
    found = {"issue8": ROOT / "samples" / "issue8.txt"}
    if (ROOT / "samples" / "issue8.md").exists():
        found["issue8md"] = ROOT / "samples" / "issue8.md"
    for path in sorted((HERE / "sources").glob("*.md")):
        found[path.stem] = path
    return found


def fixture_name(source: str, recipe: str) -> str:
    return f"{source}__{recipe}.pdf"


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def recipe_code_digest() -> str:
    return _digest(*(p.read_bytes() for p in sorted(HERE.glob("*.py")) if p.name not in ("matrix.py", "build.py", "score.py")))


@dataclass
class Built:
    source: str
    recipe: str
    key: str
    pdf: Path | None  # None: a producer is missing (or failed, see error)
    versions: dict[str, str]
    error: str | None = None
    cached: bool = False


class Builder:
    def __init__(self) -> None:
        self._versions: dict[str, str | None] = {}
        self._code = recipe_code_digest()
        self._done: dict[tuple[str, str], Built] = {}

    def version(self, tool: str) -> str | None:
        if tool not in self._versions:
            self._versions[tool] = tool_version(tool)
        return self._versions[tool]

    def build(self, source: str, path: Path, recipe: Recipe) -> Built:
        if (source, recipe.name) in self._done:
            return self._done[(source, recipe.name)]
        base = self.build(source, path, RECIPES[recipe.base]) if recipe.base else None
        versions = {t: self.version(t) for t in recipe.tools}
        if base:
            versions = {**base.versions, **versions}
        missing = [t for t, v in versions.items() if v is None]
        key = _digest(path.read_bytes(), recipe.name, self._code, json.dumps(versions, sort_keys=True),
                      base.key if base else "")
        done = Built(source, recipe.name, key, None, {t: v or "" for t, v in versions.items()})
        if missing or (base and base.pdf is None):
            done.error = f"not installed: {', '.join(missing)}" if missing else base.error  # type: ignore[union-attr]
        else:
            cached = CACHE / f"{key[:32]}.pdf"
            done.cached = cached.exists()
            if not done.cached:
                try:
                    self._make(recipe, path, base.pdf if base else None, cached)  # type: ignore[union-attr]
                except (RuntimeError, OSError, ValueError) as err:
                    done.error = f"{recipe.name} failed: {err}"
            done.pdf = cached if cached.exists() else None
        self._done[(source, recipe.name)] = done
        return done

    @staticmethod
    def _make(recipe: Recipe, source: Path, base_pdf: Path | None, dest: Path) -> None:
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="matrix-") as tmp:
            work = Path(tmp)
            pdf = recipe.make(base_pdf if base_pdf else source, work)
            shutil.copyfile(pdf, dest)


def load_manifest() -> dict[str, dict]:
    return json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}


def refresh_fixtures(built: list[Built]) -> dict[str, dict]:
    """Copy every newly keyed PDF into the committed set; return the updated manifest."""
    manifest = load_manifest()
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for b in built:
        name = fixture_name(b.source, b.recipe)
        entry = manifest.get(name)
        if b.pdf is None or (entry and entry["key"] == b.key and (FIXTURES / name).exists()):
            continue
        shutil.copyfile(b.pdf, FIXTURES / name)
        data = b.pdf.read_bytes()
        manifest[name] = {
            "source": b.source, "recipe": b.recipe, "producers": b.versions, "key": b.key,
            "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
        }
    MANIFEST.write_text(json.dumps(dict(sorted(manifest.items())), ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
    return manifest


def build_all(only_sources: set[str] | None = None, only_recipes: set[str] | None = None) -> list[Built]:
    builder = Builder()
    out = []
    for source, path in sources().items():
        if only_sources and source not in only_sources:
            continue
        for recipe in RECIPES.values():
            if only_recipes and recipe.name not in only_recipes:
                continue
            b = builder.build(source, path, recipe)
            print(f"  {source:8} {recipe.name:16} {'cached' if b.cached else (b.error or 'made')}", flush=True)
            out.append(b)
    return out
