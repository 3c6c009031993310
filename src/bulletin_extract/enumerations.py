"""Lists of names: one kind per list.

Bulletins enumerate members, partners and guests as comma-separated lists
("Сиела Норма, Информинвест, ХИРОН, Контракс, УНИБИТ, Давид Холдинг и др."). The NER
model labels each item on its own and gets unfamiliar company names wrong (read as
places or people), and misses some altogether. The items of one list are of one
kind, so the kind most of the list carries (sure gazetteer and rule items count
double) is given to the model's items that disagree, and unlabelled items of a list
of organisations or places become mentions of that kind, with a low confidence and an
explanation saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .mention_draft import MentionDraft
from .mention_index import MentionIndex
from .models import EntityValue

ENTITY_KINDS = {"org": "ORG", "person": "PER", "location": "LOC"}
KIND_OF_LABEL = {label: kind for kind, label in ENTITY_KINDS.items()}

# An item: a capitalised word and up to three more (any case: "Прайс интернешънъл"),
# words joined by spaces, hyphens or " - " ("ХИРОН - Иновационен мениджмънт").
_WORD = r"[A-ZА-Я][\w.&'’+-]*"
# "и", "или", "др." end an item: "..., Давид Холдинг и др.", "..., Румен Николов и Димитър"
_JOINER = r"(?:и|или|др\.|както)(?![\w.])"
_MORE = rf"(?:(?: | - | – )(?!{_JOINER})[\w.&'’+-]+){{0,4}}"
_ITEM = rf"{_WORD}{_MORE}"
# after the final "и" only capitalised words: "... и Димитър Христов със сърцатата подкрепа"
_LAST_ITEM = rf"{_WORD}(?: [A-ZА-Я][\w.&'’+-]*){{0,3}}"
# a semicolon ending a line closes a bullet point, not a list item ("теми:\\n...;\\nКонцепция ...;")
_SEP = r"(?:,\s+|;[ \t]+)"
_SEP_AT = re.compile(_SEP)
LIST = re.compile(rf"(?<![\w,])({_ITEM}(?:{_SEP}{_ITEM}){{2,}})(?:,?\s+и\s+({_LAST_ITEM}|др\.))?")
_ITEM_RE = re.compile(_ITEM)

#: sure items weigh more than the model's
SURE_SOURCES = {"gazetteer", "rule"}
#: the share of the list's weight a kind needs (at least half, and more than any other kind)
MAJORITY = 0.5
#: confidence of an item labelled only because of its list
LIST_CONFIDENCE = 0.5
MIN_ITEMS = 3


#: a lower-case word after the last item, other than "и"/"или": the item was cut short
_RUNS_ON = re.compile(r" (?!(?:и|или)(?!\w))[a-zа-я]")
_LOWER_WORD = re.compile(r"(?<!\S)[a-zа-я]")


@dataclass(frozen=True)
class Item:
    start: int
    end: int
    loose: bool = False  # may carry words before the name ("Членове са Алфа Софт"): vote only


def list_items(text: str) -> list[list[Item]]:
    """Comma-separated runs of at least three capitalised items, as character ranges."""
    runs: list[list[Item]] = []
    for m in LIST.finditer(text):
        items: list[Item] = []
        start = m.start(1)
        for n, piece in enumerate(re.split(_SEP, m.group(1))):
            loose = n == 0 and bool(_LOWER_WORD.search(piece))
            items.append(Item(start, start + len(_without_full_stop(piece)), loose))
            start += len(piece)
            sep = _SEP_AT.match(text, start)  # from the offset: no copy of the rest of the text
            start = sep.end() if sep else start
        last = m.group(2)
        if last and last != "др." and not _RUNS_ON.match(text, m.end(2)):
            # a last item running on in lower case ("и Department of ...") was cut short: leave it
            items.append(Item(m.start(2), m.end(2)))
        if len(items) >= MIN_ITEMS:
            runs.append(items)
    return runs


def _without_full_stop(piece: str) -> str:
    """'Romania.' ends a sentence; 'Co.' and 'Inc.' keep their stop."""
    last = piece.rsplit(" ", 1)[-1]
    return piece[:-1] if piece.endswith(".") and len(last) > 4 else piece


def harmonise_lists(text: str, mentions: list[MentionDraft]) -> list[MentionDraft]:
    """Relabel disagreeing NER items of a list and add its unlabelled items."""
    index = MentionIndex(mentions)
    entity_kinds = tuple(ENTITY_KINDS)
    other_kinds = ("date", "money", "programme", "programme_code", "count")
    added: list[MentionDraft] = []
    for items in list_items(text):
        if any(index.overlapping(it.start, it.end, *other_kinds) for it in items):
            continue  # dates, amounts or codes in it: not a list of names
        inside = [index.within(it.start, it.end, *entity_kinds) for it in items]
        label = _list_label(inside)
        if label is None:
            continue
        for it, found in zip(items, inside, strict=True):
            for m in found:
                if m.source == "ner" and isinstance(m.value, EntityValue) and m.value.label != label:
                    _relabel(m, label)
            touched = index.overlapping(it.start, it.end, *entity_kinds)
            if not touched and not it.loose and label in ("ORG", "LOC"):
                added.append(_list_mention(text, it, label))
    return sorted([*mentions, *added], key=lambda m: (m.start, -m.end))


def _list_label(inside: list[list[MentionDraft]]) -> str | None:
    weights: dict[str, float] = {}
    for found in inside:
        for m in found[:1]:
            label = ENTITY_KINDS[m.kind]
            weights[label] = weights.get(label, 0.0) + (2.0 if m.source in SURE_SOURCES else 1.0)
    total = sum(weights.values())
    if not total or sum(1 for f in inside if f) < 2:
        return None
    ranked = sorted(weights.items(), key=lambda kv: kv[1], reverse=True)
    label, weight = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return label if weight / total >= MAJORITY and weight > runner_up else None


def _relabel(m: MentionDraft, label: str) -> None:
    assert isinstance(m.value, EntityValue)
    was = m.value.label
    m.kind = KIND_OF_LABEL[label]  # type: ignore[assignment]
    m.value = m.value.model_copy(update={"label": label})
    m.confidence = round(min(m.confidence, LIST_CONFIDENCE + 0.1), 3)
    m.explanation = f"{m.explanation}; relabelled {was}->{label}: an item of a list of {label}".lstrip("; ")


def _list_mention(text: str, item: Item, label: str) -> MentionDraft:
    name = " ".join(text[item.start : item.end].split())
    return MentionDraft(
        kind=KIND_OF_LABEL[label],  # type: ignore[arg-type]
        text=text[item.start : item.end],
        start=item.start,
        end=item.end,
        source="rule",
        confidence=LIST_CONFIDENCE,
        value=EntityValue(name=name, label=label),  # type: ignore[arg-type]
        explanation=f"an unlabelled item of a list of {label}",
    )
