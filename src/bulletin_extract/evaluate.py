"""Accuracy as a number: score extracted bulletins against hand-made gold files.

The gold format is documented in samples/gold/README.md. Each kind is matched on its
*value*, not its character offsets, so a gold file stays valid when ingest changes the
normalised text (a PDF and a .txt of the same bulletin share one gold file):

- money: amount (to the cent), currency and qualifier;
- dates: start, end and precision;
- programme codes: the normalised code; programmes: the registry id;
- counts: the (partners, countries, participants) triple;
- entities: the distinct (normalised surface text, label) pairs of a document, because
  the consumer of the output wants each organisation, person or place once;
- projects: field by field, after pairing gold and predicted records by number (or title).

Money, dates, codes, programmes and counts are multisets: each occurrence in the text is
one gold item, so finding "2018" once where the text says it five times scores 1 of 5.
Gold items marked ``optional`` are ambiguous: a prediction matching one is neither a hit
nor a false hit, and an unmatched one is not a miss.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .models import Bulletin, ProblemNote, Project, Source

MENTION_KINDS = ("money", "dates", "programme_codes", "programmes", "counts", "entities")
KINDS = (*MENTION_KINDS, "projects")
PROJECT_FIELDS = (
    "title", "acronym", "programme_id", "codes", "budget", "grant", "co_financing",
    "publisher_share", "partners", "countries", "end",
)  # fmt: skip
ENTITY_LABELS = {"org": "ORG", "person": "PER", "location": "LOC"}
ENTITY_LABEL_ORDER = ("ORG", "PER", "LOC")


# ----------------------------------------------------------------------- gold format


class _Gold(BaseModel):
    # a typo in a gold file must fail loudly, not silently score nothing
    model_config = ConfigDict(extra="forbid")


class GoldItem(_Gold):
    text: str = Field(default="", description="the words in the bulletin (for people; not matched)")
    optional: bool = False


class GoldMoney(GoldItem):
    amount: float
    currency: Literal["BGN", "EUR"]
    qualifier: Literal["exact", "over", "under", "about"] = "exact"


class GoldDate(GoldItem):
    start: dt.date
    end: dt.date
    precision: Literal["day", "month", "year"]


class GoldCode(GoldItem):
    code: str


class GoldProgramme(GoldItem):
    programme: str


class GoldCount(GoldItem):
    partners: int | None = None
    countries: int | None = None
    participants: int | None = None


class GoldEntity(GoldItem):
    label: Literal["ORG", "PER", "LOC"]


class GoldAmount(_Gold):
    amount: float
    currency: Literal["BGN", "EUR"]


class GoldInterval(_Gold):
    start: dt.date
    end: dt.date
    precision: Literal["day", "month", "year"]


class GoldProject(_Gold):
    number: int | None = None
    title: str
    acronym: str | None = None
    programme_id: str | None = None
    codes: list[str] = Field(default_factory=list)
    budget: GoldAmount | None = None
    grant: GoldAmount | None = None
    co_financing: GoldAmount | None = None
    publisher_share: GoldAmount | None = None
    partners: int | None = None
    countries: int | None = None
    end: GoldInterval | None = None


class GoldDocument(_Gold):
    source: str = Field(description="the bulletin file, relative to the gold file's folder or its parent")
    annotator_notes: list[str] = Field(default_factory=list)
    money: list[GoldMoney] = Field(default_factory=list)
    dates: list[GoldDate] = Field(default_factory=list)
    programme_codes: list[GoldCode] = Field(default_factory=list)
    programmes: list[GoldProgramme] = Field(default_factory=list)
    counts: list[GoldCount] = Field(default_factory=list)
    entities: list[GoldEntity] = Field(default_factory=list)
    projects: list[GoldProject] = Field(default_factory=list)


def load_gold(path: str | Path) -> GoldDocument:
    return GoldDocument.model_validate_json(Path(path).read_text("utf-8"))


def gold_files(gold_dir: str | Path) -> list[Path]:
    """Every *.json in the folder is a gold document (README.md and friends are skipped)."""
    return sorted(Path(gold_dir).glob("*.json"))


def resolve_source(gold_path: Path, gold: GoldDocument) -> Path:
    """The source sits beside the gold file or one folder up (samples/gold/ -> samples/)."""
    for folder in (gold_path.parent, gold_path.parent.parent):
        candidate = folder / gold.source
        if candidate.is_file():
            return candidate
    return gold_path.parent / gold.source


# --------------------------------------------------------------------------- scores


@dataclass
class Score:
    """Hits, false hits and misses of one kind (or one project field) in one document."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)

    # Nothing predicted means no false hit, so precision is 1; nothing expected means
    # nothing missed, so recall is 1; F1 is then 0 unless both sides are non-empty.
    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        if self.tp == 0 and (self.fp or self.fn):
            return 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.tp + other.tp, self.fp + other.fp, self.fn + other.fn,
            self.misses + other.misses, self.false_hits + other.false_hits,
        )  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }  # fmt: skip


@dataclass
class Item:
    """One value to match: ``key`` decides equality, ``label`` is what a human reads."""

    key: Hashable
    label: str
    optional: bool = False
    text: str = ""


def score_items(gold: Iterable[Item], predicted: Iterable[Item]) -> Score:
    """Multiset matching on keys; optional gold items excuse equal predictions.

    >>> s = score_items([Item(1, "a"), Item(1, "a"), Item(2, "b")], [Item(1, "a"), Item(3, "c")])
    >>> (s.tp, s.fp, s.fn)
    (1, 1, 2)
    """
    excused = {g.key for g in gold if g.optional}
    wanted: dict[Hashable, list[Item]] = defaultdict(list)
    for g in gold:
        if not g.optional:
            wanted[g.key].append(g)
    score = Score()
    for p in predicted:
        candidates = wanted.get(p.key)
        if candidates:
            # among equal values, consume the one with the same words, so the misses
            # listed are the occurrences really not found
            same = [g for g in candidates if g.text and normalise_name(g.text) == normalise_name(p.text)]
            candidates.remove(same[0] if same else candidates[0])
            score.tp += 1
        elif p.key in excused:
            continue
        else:
            score.fp += 1
            score.false_hits.append(p.label)
    for left in wanted.values():
        score.fn += len(left)
        score.misses.extend(g.label for g in left)
    return score


def score_entities(gold: Iterable[Item], predicted: Iterable[Item]) -> Score:
    """Entities are scored as distinct (text, label) pairs: duplicates collapse first."""
    return score_items(_distinct(gold), _distinct(predicted))


def _distinct(items: Iterable[Item]) -> list[Item]:
    seen: dict[Hashable, Item] = {}
    for item in items:
        if item.key not in seen or (seen[item.key].optional and not item.optional):
            seen[item.key] = item
    return list(seen.values())


# ------------------------------------------------------------------- normalisation

_QUOTES = re.compile(r"[„“”\"«»‘’'`]")
_DASHES = re.compile(r"\s*[-‐‑–—]\s*")


def normalise_name(text: str) -> str:
    """Casefold, NFKC, no quotes, one space, dashes without spaces, no edge punctuation.

    "ХИРОН - Иновационен мениджмънт" and "ХИРОН – иновационен  мениджмънт" are one name;
    "ХИРОН Иновационен мениджмънт" (no dash) stays different: the words differ.

    >>> normalise_name('  „Сиела  Норма“ ')
    'сиела норма'
    >>> normalise_name("ХИРОН – Иновационен мениджмънт")
    'хирон-иновационен мениджмънт'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _QUOTES.sub("", text)
    text = _DASHES.sub("-", text)
    text = " ".join(text.split())
    return text.strip(" .,;:()").casefold()


def _amount_key(amount: float) -> int:
    return round(amount * 100)  # to the cent: 294,5 хил. = 294500.00


def _money_label(amount: float, currency: str, qualifier: str = "exact") -> str:
    q = "" if qualifier == "exact" else f"{qualifier} "
    return f"{q}{amount:,.2f} {currency}".replace(",", " ")


def _date_label(start: dt.date, end: dt.date, precision: str) -> str:
    return f"{start}" + (f"..{end}" if end != start else "") + f" ({precision})"


def _count_label(partners: int | None, countries: int | None, participants: int | None) -> str:
    parts = [f"{n} {k}" for n, k in ((partners, "partners"), (countries, "countries"), (participants, "participants")) if n is not None]
    return ", ".join(parts)


def _quoted(text: str) -> str:
    return f"  «{' '.join(text.split())}»" if text else ""


def _money_item(amount: float, currency: str, qualifier: str, text: str, optional: bool = False) -> Item:
    key = (_amount_key(amount), currency, qualifier)
    return Item(key, _money_label(amount, currency, qualifier) + _quoted(text), optional, text)


def _date_item(start: dt.date, end: dt.date, precision: str, text: str, optional: bool = False) -> Item:
    return Item((start, end, precision), _date_label(start, end, precision) + _quoted(text), optional, text)


def _count_item(
    partners: int | None, countries: int | None, participants: int | None, text: str, optional: bool = False
) -> Item:
    label = _count_label(partners, countries, participants) + _quoted(text)
    return Item((partners, countries, participants), label, optional, text)


def _entity_item(text: str, label: str, optional: bool = False) -> Item:
    return Item((normalise_name(text), label), f"{label} {text}", optional, text)


def gold_items(gold: GoldDocument) -> dict[str, list[Item]]:
    """The gold document's mention-level items, keyed like ``predicted_items``."""
    return {
        "money": [_money_item(g.amount, g.currency, g.qualifier, g.text, g.optional) for g in gold.money],
        "dates": [_date_item(g.start, g.end, g.precision, g.text, g.optional) for g in gold.dates],
        "programme_codes": [Item(g.code, g.code, g.optional, g.text) for g in gold.programme_codes],
        "programmes": [Item(g.programme, g.programme + _quoted(g.text), g.optional, g.text) for g in gold.programmes],
        "counts": [_count_item(g.partners, g.countries, g.participants, g.text, g.optional) for g in gold.counts],
        "entities": [_entity_item(g.text, g.label, g.optional) for g in gold.entities],
    }


def predicted_items(bulletin: Bulletin) -> dict[str, list[Item]]:
    """Items of an extracted bulletin, from its mentions (one per occurrence)."""
    items: dict[str, list[Item]] = {kind: [] for kind in MENTION_KINDS}
    for m in bulletin.mentions:
        v = m.value
        if v.type == "money":
            items["money"].append(_money_item(v.amount, v.currency, v.qualifier, m.text))
        elif v.type == "date":
            items["dates"].append(_date_item(v.start, v.end, v.precision, m.text))
        elif v.type == "programme_code":
            items["programme_codes"].append(Item(v.code, v.code, False, m.text))
        elif v.type == "programme":
            items["programmes"].append(Item(v.programme, v.programme + _quoted(m.text), False, m.text))
        elif v.type == "count":
            items["counts"].append(_count_item(v.partners, v.countries, v.participants, m.text))
        elif v.type == "entity" and m.kind in ENTITY_LABELS:
            items["entities"].append(_entity_item(m.text, ENTITY_LABELS[m.kind]))
    return items


# ------------------------------------------------------------------------- projects


def _project_values(p: GoldProject | Project) -> dict[str, set[Hashable]]:
    """Each field as a set of comparable values (codes: one value per code; empty: absent)."""

    def amount(v: Any) -> set[Hashable]:
        return {(round(float(v.amount), 2), v.currency)} if v is not None else set()

    def scalar(v: Any) -> set[Hashable]:
        return {v} if v not in (None, "") else set()

    return {
        "title": scalar(normalise_name(p.title) if p.title else None),
        "acronym": scalar(normalise_name(p.acronym) if p.acronym else None),
        "programme_id": scalar(p.programme_id),
        "codes": {c.upper() for c in p.codes},
        "budget": amount(p.budget),
        "grant": amount(p.grant),
        "co_financing": amount(p.co_financing),
        "publisher_share": amount(p.publisher_share),
        "partners": scalar(p.partners),
        "countries": scalar(p.countries),
        "end": {(p.end.start, p.end.end, p.end.precision)} if p.end is not None else set(),
    }


def _show(value: Hashable) -> str:
    """(datetime.date(2019, 1, 1), ...) -> '2019-01-01 2019-12-31 year' for the -v listing."""
    if isinstance(value, tuple):
        return " ".join(str(v) for v in value)
    return str(value)


def pair_projects(gold: list[GoldProject], predicted: list[Project]) -> list[tuple[GoldProject | None, Project | None]]:
    """Pair by entry number when both have one, else by normalised title; leftovers alone."""
    left = list(predicted)
    pairs: list[tuple[GoldProject | None, Project | None]] = []
    for g in gold:
        match = next((p for p in left if g.number is not None and p.number == g.number), None)
        if match is None:
            match = next((p for p in left if normalise_name(p.title) == normalise_name(g.title)), None)
        if match is not None:
            left.remove(match)
        pairs.append((g, match))
    pairs.extend((None, p) for p in left)
    return pairs


def score_projects(gold: list[GoldProject], predicted: list[Project]) -> dict[str, Score]:
    """Per-field scores: a right value is a hit, a wrong one a miss and a false hit."""
    scores = {name: Score() for name in PROJECT_FIELDS}
    for g, p in pair_projects(gold, predicted):
        g_values = _project_values(g) if g else {}
        p_values = _project_values(p) if p else {}
        tag = f"#{(g or p).number}" if (g or p) and (g or p).number is not None else (g or p).title[:30]  # type: ignore[union-attr]
        for name in PROJECT_FIELDS:
            want, got = g_values.get(name, set()), p_values.get(name, set())
            s = scores[name]
            s.tp += len(want & got)
            for v in sorted(want - got, key=str):
                s.fn += 1
                s.misses.append(f"project {tag} {name} = {_show(v)}")
            for v in sorted(got - want, key=str):
                s.fp += 1
                s.false_hits.append(f"project {tag} {name} = {_show(v)}")
    return scores


# ------------------------------------------------------------------------ documents


@dataclass
class DocumentScore:
    name: str
    kinds: dict[str, Score]
    project_fields: dict[str, Score]
    #: entities split by label (ORG, PER, LOC): a good total can hide a weak label
    entity_labels: dict[str, Score] = field(default_factory=dict)

    @property
    def total(self) -> Score:
        return sum(self.kinds.values(), Score())


def score_document(name: str, gold: GoldDocument, bulletin: Bulletin) -> DocumentScore:
    g_items, p_items = gold_items(gold), predicted_items(bulletin)
    kinds = {
        kind: (score_entities if kind == "entities" else score_items)(g_items[kind], p_items[kind])
        for kind in MENTION_KINDS
    }
    project_fields = score_projects(gold.projects, bulletin.projects)
    kinds["projects"] = sum(project_fields.values(), Score())
    labels = score_entity_labels(g_items["entities"], p_items["entities"])
    return DocumentScore(name, kinds, project_fields, labels)


def score_entity_labels(gold: list[Item], predicted: list[Item]) -> dict[str, Score]:
    """Entities scored per label; the three add up to the entities score.

    >>> g = [_entity_item("Община Русе", "ORG"), _entity_item("Русе", "LOC")]
    >>> s = score_entity_labels(g, [_entity_item("Русе", "LOC"), _entity_item("Русе", "ORG")])
    >>> [(label, s[label].tp, s[label].fp, s[label].fn) for label in ("ORG", "LOC")]
    [('ORG', 0, 1, 1), ('LOC', 1, 0, 0)]
    """
    def only(items: list[Item], label: str) -> list[Item]:
        return [i for i in items if isinstance(i.key, tuple) and i.key[1] == label]

    return {label: score_entities(only(gold, label), only(predicted, label)) for label in ENTITY_LABEL_ORDER}


def total_scores(documents: list[DocumentScore]) -> dict[str, Score]:
    """Micro-averaged over documents: hits, false hits and misses are summed first."""
    return {kind: sum((d.kinds[kind] for d in documents), Score()) for kind in KINDS}


def total_entity_labels(documents: list[DocumentScore]) -> dict[str, Score]:
    """Per-label entity scores, micro-averaged over documents."""
    return {
        label: sum((d.entity_labels.get(label, Score()) for d in documents), Score())
        for label in ENTITY_LABEL_ORDER
    }


def load_prediction(pred_dir: Path, gold_path: Path, gold: GoldDocument) -> Bulletin:
    """PRED_DIR/<gold file name>, else PRED_DIR/<source stem>.json."""
    for candidate in (pred_dir / gold_path.name, pred_dir / f"{Path(gold.source).stem}.json"):
        if candidate.is_file():
            return Bulletin.model_validate_json(candidate.read_text("utf-8"))
    raise FileNotFoundError(f"no prediction for {gold_path.name} in {pred_dir}")


def evaluate_dir(
    gold_dir: str | Path,
    *,
    pred_dir: str | Path | None = None,
    use_ner: bool = False,
    pdf_engine: str = "auto",
    model_path: str | None = None,
) -> list[DocumentScore]:
    """Score every gold file: extract its source now, or read the saved prediction."""
    results = []
    for path in gold_files(gold_dir):
        gold = load_gold(path)
        if pred_dir is not None:
            bulletin = load_prediction(Path(pred_dir), path, gold)
        else:
            bulletin = _extract_or_empty(resolve_source(path, gold), use_ner, pdf_engine, model_path)
        results.append(score_document(path.stem, gold, bulletin))
    return results


def _extract_or_empty(source: Path, use_ner: bool, pdf_engine: str, model_path: str | None) -> Bulletin:
    """Extract one gold document's source; one the tool cannot read scores as all misses.

    An archive evaluation must not stop at the first unreadable file (a scan, before the
    tool reads scans): that document's gold items all count as misses and the run goes on.
    """
    from .errors import BulletinError
    from .pipeline import extract

    try:
        return extract(source, use_ner=use_ner, pdf_engine=pdf_engine, model_path=model_path)
    except BulletinError as err:
        suffix = source.suffix.lstrip(".").lower()
        fmt = {"htm": "html", "xhtml": "html", "doc": "docx", "png": "image", "jpg": "image", "jpeg": "image",
               "tif": "image", "tiff": "image"}.get(suffix, suffix)
        fmt = fmt if fmt in ("pdf", "txt", "md", "docx", "odt", "html", "image") else "txt"
        note = ProblemNote(code="unreadable", message=str(err), stage=getattr(err, "stage", "ingest"))
        return Bulletin(source=Source(path=str(source), sha256="", format=fmt, pages=0),  # type: ignore[arg-type]
                        warnings=[note])


# -------------------------------------------------------------------------- report


def _row(name: str, s: Score) -> str:
    return f"  {name:<18} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}   {s.tp:4d} {s.fp:4d} {s.fn:4d}"


def _kind_rows(kinds: dict[str, Score], labels: dict[str, Score]) -> list[str]:
    """One row per kind; the entities row is followed by its ORG/PER/LOC rows."""
    rows = []
    for kind in KINDS:
        rows.append(_row(kind, kinds[kind]))
        if kind == "entities":
            rows += [_row(f"  {label}", s) for label, s in labels.items()]
    return rows


def format_report(documents: list[DocumentScore], verbose: bool = False) -> str:
    header = f"  {'kind':<18} {'P':>6} {'R':>6} {'F1':>6}   {'hit':>4} {'fals':>4} {'miss':>4}"
    lines: list[str] = []
    for d in documents:
        lines += [f"{d.name}", header]
        lines += _kind_rows(d.kinds, d.entity_labels)
        lines.append(_row("all", d.total))
        if verbose:
            lines.append("  project fields:")
            lines += ["  " + _row(name, s) for name, s in d.project_fields.items()]
            for kind in KINDS:
                s = d.kinds[kind]
                lines += [f"  MISS  {kind:<16} {m}" for m in s.misses]
                lines += [f"  FALSE {kind:<16} {m}" for m in s.false_hits]
        lines.append("")
    totals = total_scores(documents)
    lines += [f"all documents ({len(documents)}), micro-averaged", header]
    lines += _kind_rows(totals, total_entity_labels(documents))
    lines.append(_row("all", sum(totals.values(), Score())))
    return "\n".join(lines)


def report_json(documents: list[DocumentScore]) -> dict[str, Any]:
    totals = total_scores(documents)
    return {
        "documents": {
            d.name: {kind: s.as_dict() for kind, s in d.kinds.items()}
            | {"all": d.total.as_dict(), "entity_labels": {lb: s.as_dict() for lb, s in d.entity_labels.items()}}
            for d in documents
        },
        "total": {kind: s.as_dict() for kind, s in totals.items()}
        | {
            "all": sum(totals.values(), Score()).as_dict(),
            "entity_labels": {lb: s.as_dict() for lb, s in total_entity_labels(documents).items()},
        },
    }


def dump_report_json(documents: list[DocumentScore], path: str | Path) -> None:
    Path(path).write_text(json.dumps(report_json(documents), ensure_ascii=False, indent=2) + "\n", "utf-8")
