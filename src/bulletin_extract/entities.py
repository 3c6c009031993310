"""Linking org/person/location mentions within a document into entities.

Bulgarian inflects names with a postfixed article ("Съюз" / "Съюза", "Клъстерът"),
writes organisations once in full with a bracketed abbreviation and then by the
abbreviation alone ("Клъстер София град на знанието (КСГЗ)" ... "КСГЗ"), and people
in full once and then as "проф. Б. Угърчински". Each of these becomes one entity.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .mention_draft import MentionDraft
from .models import Entity, EntityValue

TITLES = re.compile(
    r"^(?:(?:г-н|г-жа|г-ца|проф\.|доц\.|д-р|акад\.|академик|инж\.|арх\.)\s*)+", re.IGNORECASE
)
#: Bulgarian inflection and postfixed articles only add these letters at the end of a name
#: word ("Съвет"/"Съвета", "Платформа"/"Платформата", "Клъстер"/"Клъстерът"): stripping
#: them greedily brings every form of a word to one key.
INFLECTION_LETTERS = set("аяеиоуъюьт")
SMALL_WORDS = {"на", "за", "и", "по", "към", "в", "с", "от", "the", "of", "and", "for"}


def stem(word: str) -> str:
    """A crude, consistent key for a word's inflected forms: 'Съюза' -> 'съюз', 'СИНГАПУР' -> 'сингапур'.

    >>> stem("Съюза"), stem("Съюз"), stem("БАН"), stem("Европейската")
    ('съюз', 'съюз', 'бан', 'европейск')
    >>> stem("Съвета") == stem("Съвет") and stem("Сената") == stem("Сенат")
    True
    >>> stem("Тайванския") == stem("Тайвански")
    True
    """
    w = word.lower()
    if word.isupper() and len(word) <= 5:
        return w  # acronyms do not inflect ("на БАН")
    while len(w) > 3 and w[-1] in INFLECTION_LETTERS:
        w = w[:-1]
    return w


def name_key(text: str) -> str:
    """Key under which inflection and case variants of one name meet."""
    words = re.findall(r"[\w&]+(?:[-.][\w]+)*", TITLES.sub("", text.strip()))
    return " ".join(stem(w) for w in words)


def initials(text: str) -> str:
    """'Клъстер София град на знанието' -> 'КСГЗ' (connectors skipped)."""
    return "".join(w[0].upper() for w in re.findall(r"\w+", text) if w.lower() not in SMALL_WORDS)


class _Groups:
    """Union-find over mention ids."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _link_by_key(ms: list[MentionDraft], groups: _Groups) -> dict[str, int]:
    first: dict[str, int] = {}
    for m in ms:
        key = name_key(m.text)
        if key in first:
            groups.union(first[key], m.id)
        else:
            first[key] = m.id
        groups.find(m.id)
    return first


def _link_organisations(ms: list[MentionDraft], groups: _Groups) -> None:
    by_key = _link_by_key(ms, groups)
    # initials -> the first long form having them: one lookup per abbreviation, not a
    # scan of all long forms (that was quadratic in the mentions of a long document)
    by_initials: dict[str, list[int]] = {}
    for m in ms:
        if not m.text.isupper():
            by_initials.setdefault(initials(m.text), []).append(m.id)
    joined: set[str] = set()
    for m in ms:
        abbr = m.value.abbreviation if isinstance(m.value, EntityValue) else None
        if abbr and name_key(abbr) in by_key:
            groups.union(by_key[name_key(abbr)], m.id)
        long_ids = by_initials.get(m.text) if m.text.isupper() and len(m.text) >= 2 else None
        if long_ids:
            # an abbreviation whose letters are the long forms' initials names the same body
            if m.text not in joined:
                joined.add(m.text)
                for other in long_ids[1:]:
                    groups.union(long_ids[0], other)
            groups.union(long_ids[0], m.id)


def _link_people(ms: list[MentionDraft], groups: _Groups) -> None:
    _link_by_key(ms, groups)
    full: dict[tuple[str, str], int] = {}  # (surname key, first initial) -> a full-name mention
    for m in ms:
        words = TITLES.sub("", m.text).split()
        if len(words) >= 2 and not words[0].endswith("."):
            full.setdefault((stem(words[-1]), words[0][0].upper()), m.id)
    for m in ms:
        words = TITLES.sub("", m.text).split()
        if len(words) >= 2 and words[0].endswith(".") and len(words[0]) <= 3:
            target = full.get((stem(words[-1]), words[0][0].upper()))
            if target is not None:
                groups.union(target, m.id)
        elif len(words) == 1:
            # a lone surname joins a full name only when exactly one person carries it
            owners = {mid for (sur, _), mid in full.items() if sur == stem(words[0])}
            if len(owners) == 1:
                groups.union(owners.pop(), m.id)


def _entities(ms: list[MentionDraft], groups: _Groups) -> list[Entity]:
    members: dict[int, list[MentionDraft]] = defaultdict(list)
    for m in ms:
        members[groups.find(m.id)].append(m)
    entities = []
    for group in sorted(members.values(), key=lambda g: min(m.start for m in g)):
        forms = [" ".join(TITLES.sub("", m.text).split()) for m in group]
        name = _display_name(forms)
        aliases = sorted({f for f in forms if f and f != name}, key=forms.index)
        entities.append(Entity(name=name, aliases=aliases, mentions=sorted(m.id for m in group)))
    return entities


def _display_name(forms: list[str]) -> str:
    """The fullest written form: a long name over its abbreviation, then the most frequent."""
    full = [f for f in forms if not f.isupper()] or forms
    return max(full, key=lambda f: (len(f.split()), full.count(f), -full.index(f)))


def link_entities(mentions: list[MentionDraft]) -> tuple[list[Entity], list[Entity], list[Entity]]:
    """Group a document's org/person/location mentions: (organisations, people, places)."""
    by_kind: dict[str, list[MentionDraft]] = defaultdict(list)
    for m in mentions:
        by_kind[m.kind].append(m)
    result = []
    for kind in ("org", "person", "location"):
        ms = by_kind.get(kind, [])
        groups = _Groups()
        if kind == "org":
            _link_organisations(ms, groups)
        elif kind == "person":
            _link_people(ms, groups)
        else:
            _link_by_key(ms, groups)
        result.append(_entities(ms, groups))
    return result[0], result[1], result[2]
