"""Organisations, people and places: known names (gazetteer) and name shapes (rules).

Data files drive it, every entry with its source: ``data/gazetteer.json`` (organisations
with abbreviation and declined/long/English forms, foreign places, countries in their
Bulgarian forms), ``data/places_bg.json`` (Bulgaria's 28 provinces and 265 municipalities:
seats, "Община X", "Пловдивска област"), ``data/given_names.json`` (given names, partly
derived from the NER corpora by ``training/given_names.py``) and ``data/entity_shapes.json``
(legal forms, organisation head words, person titles). Names placed like non-names
(addresses, numbered or lettered headings) are dropped by ``name_evidence.not_a_name``.
The finders, each a small function:

* ``known_names``: every gazetteer form, one alternation regex. A hit counts when its case
  is the form's own or ALL CAPS (``СИНГАПУР``, ``СТОЛИЧНА ОБЩИНА``), so ``лом`` (scrap) is
  not the town Лом and ``Бан`` is not БАН. Latin abbreviations also match when typed with
  Cyrillic look-alikes (``ЕЕА`` is EEA). A place name that is also a common word or a
  given name (``Левски``, ``Елена``) counts only after a place word (``гр.``, ``община``).
  A known organisation takes the quoted name after it (``СУ „Св. Климент Охридски“``). Two-letter abbreviations (``ЕС``, ``СУ``) are
  skipped inside ALL-CAPS headlines, where they are ordinary words.
* ``defined_abbreviations``: ``Long Form (ABBR)`` pairs found by the Schwartz–Hearst
  letter match (``Индустриален клъстер Електромобили (ИКЕМ)``), kept when the long form
  contains an organisation word; every bare ``ИКЕМ`` in the same text is then that ORG.
* shape rules: company legal forms (``Легранд ЕООД``, ``Techman Robot Inc``), quoted or
  capitalised names after an organisation noun (``сдружение „X“``, ``фирма X``),
  capitalised organisation heads (``Асоциация за развитие на София``, ``ДЕТСКА ГРАДИНА № 4``),
  a capitalised adjective before an organisation noun (``Български център за нестопанско
  право``), English title-case names with an organisation word (``Taipei Computer
  Association``), people after a title (``проф. Богдан Угърчински``) or as given name +
  Bulgarian surname (``Илия Левков``, ``БОЯН КОЛЕВ``), places after a place word
  (``с. Горно Поле``).

Confidence comes from the evidence, strongest first:

====================================================  ==========
gazetteer, full name                                  0.95
gazetteer, abbreviation (two letters: 0.8)            0.9
long form defined with an abbreviation in the text    0.85
person after a title                                  0.8
bare abbreviation defined elsewhere in the text       0.8
legal form (ЕООД, Ltd, GmbH...)                       0.75
given name + surname ending (-ов, -ева, -ски...)      0.7
name after an organisation noun (сдружение „X“)       0.7
name after a place word (гр., с., град, село)         0.7
capitalised organisation head (Асоциация ...)         0.6
capitalised adjective + organisation noun             0.6
English title-case name with an organisation word     0.55
====================================================  ==========

Overlaps are settled by ``rules.overlap``: longest first (``Съвет по инвестиции към БТПП``
beats ``БТПП``), then by confidence. A capitalised word alone is never an organisation
(sentence starts are capitalised), hyphenated names stay whole (``Телелинк Инфра-сървис``
is never cut at the hyphen), and ``БТПП`` is an ORG, never a place.

>>> [(m.kind, m.value.name) for m in find_entities("Гости от БТПП и г-н Добри Митрев от КАНАДА.")]
[('org', 'Българска търговско-промишлена палата'), ('person', 'Добри Митрев'), ('location', 'Канада')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ..models import EntityValue, Mention, MentionKind
from .alternation import initials, longest_first
from .base import closing_quote_end, load_data, mention
from .codes import HOMOGLYPHS
from .name_evidence import first_names, not_a_name, place_cues
from .overlap import resolve_overlaps
from .programmes import QUOTES, alias_pattern, in_caps_run

Label = Literal["ORG", "PER", "LOC"]
KIND: dict[str, MentionKind] = {"ORG": "org", "PER": "person", "LOC": "location"}

_UP = "A-ZА-ЯЁІЇЄҐ"
_LO = "a-zа-яёіїєґ"
_WORD_BEFORE = r"(?<![\w\-])"
_WORD_AFTER = r"(?![\w]|-\w)"
# Latin capitals that have a Cyrillic twin, for abbreviations typed in the wrong script
_TWINS = {lat: cyr for cyr, lat in zip("АВСЕНКМОРТХІЅЈ", "ABCEHKMOPTXISJ", strict=True)}


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    label: Label
    name: str
    abbreviation: str | None
    confidence: float
    source: Literal["gazetteer", "rule"]
    why: str


@dataclass(frozen=True)
class Known:
    name: str
    label: Label
    abbreviation: str | None
    form: str
    is_abbreviation: bool
    needs_cue: bool = False  # "Левски", "Елена": a place only after "гр.", "с.", "община"


# ----------------------------------------------------------------------------- data


@lru_cache(maxsize=1)
def shapes() -> dict[str, list[str]]:
    return load_data("entity_shapes.json")


def _twin_pattern(abbr: str) -> str:
    """ECCP -> [EЕ][CС][CС][PР]: a Latin abbreviation with Cyrillic look-alikes allowed."""
    return "".join(f"[{c}{_TWINS[c]}]" if c in _TWINS else re.escape(c) for c in abbr)


_LOOSE_DASH = alias_pattern("a-b")[1:-1]


#: lower-case Cyrillic letters keyed as their Latin look-alikes, so "ЕССР" finds "ECCP"
_KEY_TWINS = str.maketrans("авсенкмортхі", "abcehkmoptxi")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1 << 16)  # every word of the text is looked up; most words recur
def _word_key(word: str) -> str:
    return word.casefold().translate(_KEY_TWINS)


class _Form:
    """One form's anchored pattern, compiled the first time a text word could start it.

    Compiling all ~5,000 forms took most of the start-up; a document meets only the few
    whose first word it contains.
    """

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def match(self, text: str, pos: int) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled.match(text, pos)


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, list[tuple[_Form, Known]]]:
    """First word of a form (case- and script-folded) -> anchored patterns of the forms, longest first.

    One big alternation of ~1,000 forms scans at ~250k chars/s in Python's re; looking up
    each text word and trying only the forms that start with it is several times faster.
    """
    data = load_data("gazetteer.json")
    seen: set[str] = set()
    index: dict[str, list[tuple[int, _Form, Known]]] = {}

    def add(form: str, known: Known) -> None:
        if known.is_abbreviation and form.isascii():
            pattern = _twin_pattern(form)
        elif known.is_abbreviation:
            pattern = alias_pattern(form)
        elif "-" in form and " - " not in form:  # "София-град" is not "София - град на знанието"
            pattern = f"(?i:{alias_pattern(form).replace(_LOOSE_DASH, '[-–‐]')})"
        else:
            pattern = f"(?i:{alias_pattern(form)})"
        if pattern in seen:
            return
        seen.add(pattern)
        first = _WORD.match(form)
        key = _word_key(first.group() if first else form)
        index.setdefault(key, []).append((len(form), _Form(pattern + _WORD_AFTER), known))

    for org in data["orgs"]:
        abbr = org.get("abbreviation")
        written = (org["name"], *org["aliases"])
        for form in (*written, *(d for w in written for d in definite_forms(w))):
            add(form, Known(org["name"], "ORG", abbr, form, form.isupper() and len(form) <= 12))
        if abbr:
            add(abbr, Known(org["name"], "ORG", abbr, abbr, True))
    for place in data["places"]:
        for form in (place["name"], *place["aliases"]):
            add(form, Known(place["name"], "LOC", None, form, form.isupper() and len(form) <= 4))
    for label, name, forms, needs_cue in bulgarian_divisions():
        for form in forms:
            add(form, Known(name, label, None, form, False, needs_cue))
    return {
        key: [(rx, known) for _, rx, known in sorted(entries, key=lambda e: -e[0])]
        for key, entries in index.items()
    }


def definite_forms(name: str) -> list[str]:
    """The name with its first word under the Bulgarian postfixed article, as a sentence writes it.

    "на Министерството на финансите", "от Агенцията по заетостта", "на Българския
    червен кръст", "Националният осигурителен институт": the article sits on the first
    word only. Names in capitals, Latin names and short first words are left alone.

    >>> definite_forms("Министерство на финансите"), definite_forms("Агенция по заетостта")
    (['Министерството на финансите'], ['Агенцията по заетостта'])
    >>> definite_forms("Български червен кръст"), definite_forms("Национален осигурителен институт")
    (['Българския червен кръст', 'Българският червен кръст'], ['Националния осигурителен институт', 'Националният осигурителен институт'])
    >>> definite_forms("Съвет на Европа"), definite_forms("Сметна палата"), definite_forms("БАН")
    (['Съвета на Европа', 'Съветът на Европа'], ['Сметната палата'], [])
    """
    first, _, rest = name.partition(" ")
    if not rest or first.isupper() or not re.fullmatch(r"[А-Я][а-я]{3,}", first):
        return []
    if first.endswith(("о", "е")):
        forms = [first + "то"]
    elif first.endswith(("а", "я")):
        forms = [first + "та"]
    elif first.endswith("и"):  # adjective: Български -> Българския / Българският
        forms = [first + "я", first + "ят"]
    elif first.endswith("ен") and not first.endswith(("мен", "ден")):  # Национален -> Националния
        forms = [first[:-2] + "ния", first[:-2] + "ният"]
    elif first[-1] in "бвгджзклмнпрстфхцчшщ":  # a noun: Съвет -> Съвета / Съветът
        forms = [first + "а", first + "ът"]
    else:
        return []
    return [f"{form} {rest}" for form in forms]


def bulgarian_divisions() -> list[tuple[Label, str, list[str], bool]]:
    """(label, canonical name, written forms, needs a place word) of Bulgaria's provinces and municipalities.

    From data/places_bg.json: a municipality's seat is a place and "Община X" an
    organisation; a province is a place ("Пловдивска област", "област Пловдив") and its
    "Областна администрация" an organisation.

    >>> rows = [(label, name, forms[:2]) for label, name, forms, _ in bulgarian_divisions()]
    >>> [row for row in rows if row[1] in ("Община Габрово", "Смолянска област")]  # doctest: +NORMALIZE_WHITESPACE
    [('ORG', 'Община Габрово', ['Община Габрово', 'Общината на Габрово']),
     ('ORG', 'Община Габрово', ['Габровска община', 'Габровската община']),
     ('LOC', 'Смолянска област', ['Смолянска област', 'Смолянската област'])]
    """
    data = load_data("places_bg.json")
    rows: list[tuple[Label, str, list[str], bool]] = []
    for muni in data["municipalities"]:
        name = muni["name"]
        if name != "Столична":  # "Столична община" is in gazetteer.json
            rows.append(("ORG", f"Община {name}", [f"Община {name}", f"Общината на {name}", f"община {name}"], False))
        rows.append(("LOC", muni["seat"], [muni["seat"], *muni.get("aliases", [])], muni.get("ambiguous", False)))
    for prov in data["provinces"]:
        centre, adjective = prov["centre"], prov["adjective"]
        if adjective is None:  # the capital: "София-град", "Област София-град"
            rows.append(("LOC", "София-град", ["София-град", "Област София-град", "област София-град", "Столична област"], False))
            continue
        forms = [f"{adjective} област", f"{adjective}та област"]
        if centre != "София":
            forms += [f"Област {centre}", f"област {centre}"]
        rows.append(("LOC", f"{adjective} област", forms, False))
        if centre != "София":  # "Пловдивска община" is the municipality of the province's centre
            rows.append(("ORG", f"Община {centre}", [f"{adjective} община", f"{adjective}та община"], False))
        admin = [f"Областна администрация {centre}", f"Областна администрация - {centre}", f"Областна администрация на област {centre}"]
        rows.append(("ORG", f"Областна администрация {centre}" if adjective != "Софийска" else "Областна администрация София", admin if adjective != "Софийска" else ["Областна администрация на Софийска област"], False))
    return rows


def _case_signature(text: str) -> tuple[bool, ...]:
    return tuple(w[0].isupper() for w in re.findall(rf"[{_UP}{_LO}]+", text))


def _word_before(text: str, start: int) -> str:
    m = re.search(r"(\S+)\s*$", text[max(0, start - 30) : start])
    return m.group(1).casefold() if m else ""


def _case_fits(matched: str, form: str, is_abbreviation: bool) -> bool:
    """The form's own capitals (more are allowed: title case), or all capitals (headlines, covers)."""
    if is_abbreviation:
        return matched.translate(HOMOGLYPHS) == form.translate(HOMOGLYPHS)
    if matched.isupper():
        return True
    got, want = _case_signature(matched), _case_signature(form)
    # the form's capitals must be there; a heading may capitalise more ("Програма Достъп До Информация")
    return len(got) == len(want) and all(g or not w for g, w in zip(got, want, strict=True))


# -------------------------------------------------------------------------- finders


_QUOTED_AFTER = re.compile(r"[ \t]+[„\"“«][^„\"“”«»\n]{2,60}[“”\"»]")


def known_names(text: str) -> list[Candidate]:
    """Gazetteer hits: organisations and places a Bulgarian reader knows by name."""
    index = _gazetteer()
    found = []
    last_end = 0
    for word in _WORD.finditer(text):
        pos = word.start()
        if pos < last_end or (pos and text[pos - 1] == "-"):
            continue
        entries = index.get(_word_key(word.group()))
        if not entries:
            continue
        hit = None
        for rx, entry in entries:  # longest form first; the first that fits in case wins
            m = rx.match(text, pos)
            if m is not None and _case_fits(m.group(), entry.form, entry.is_abbreviation):
                hit = (m, entry)
                break
        if hit is None:
            continue
        m, known = hit
        if known.needs_cue and _word_before(text, m.start()) not in place_cues():
            continue
        matched = m.group()
        end = m.end()
        if known.label == "ORG":  # "СУ „Св. Климент Охридски“", "НЧ „Просвета“": the quoted name is part of it
            quoted = _QUOTED_AFTER.match(text, end)
            end = quoted.end() if quoted else closing_quote_end(text, m.start(), end)
        last_end = end
        short = known.is_abbreviation and len(matched) <= 2
        if short and in_caps_run(text, m.start(), m.end()):
            continue
        confidence = 0.8 if short else 0.9 if known.is_abbreviation else 0.95
        what = "abbreviation" if known.is_abbreviation else "name"
        found.append(
            Candidate(
                m.start(),
                end,
                known.label,
                known.name,
                known.abbreviation,
                confidence,
                "gazetteer",
                f"known {what} {known.form!r}",
            )
        )
    return found


_DEFINITION = re.compile(rf"\((?P<abbr>[{_UP}][{_UP}{_LO}0-9&\-]{{1,11}})\)")


def _schwartz_hearst(short: str, candidate: str) -> int | None:
    """Start index in `candidate` of the long form of `short`, or None (Schwartz & Hearst 2003).

    Letters of the abbreviation are matched right to left inside the candidate; the first
    one must open a word. ``ИКЕМ`` in "... с Индустриален клъстер Електромобили" -> the index
    of "Индустриален".
    """
    s, lf = short.casefold(), candidate.casefold()
    si, li = len(s) - 1, len(lf) - 1
    while si >= 0:
        ch = s[si]
        if not ch.isalnum():
            si -= 1
            continue
        while li >= 0 and (lf[li] != ch or (si == 0 and li > 0 and lf[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        si -= 1
        li -= 1
    return li + 1


@lru_cache(maxsize=1)
def _org_keyword_prefixes() -> tuple[str, ...]:
    """The organisation keywords as one tuple: ``str.startswith`` tries them all in one call."""
    return tuple(shapes()["org_keywords"])


def _is_org_phrase(phrase: str) -> bool:
    prefixes = _org_keyword_prefixes()
    return any(w.casefold().startswith(prefixes) for w in re.findall(rf"[{_UP}{_LO}]+", phrase))


def defined_abbreviations(text: str) -> list[Candidate]:
    """``Long Form (ABBR)`` organisations, and every later bare use of ABBR in the same text."""
    found: list[Candidate] = []
    defined: dict[str, str] = {}
    for m in _DEFINITION.finditer(text):
        abbr = m.group("abbr")
        if sum(c.isupper() for c in abbr) < 2:
            continue
        line_start = max(text.rfind("\n", 0, m.start()), text.rfind(". ", 0, m.start()) + 1) + 1
        words = list(re.finditer(r"\S+", text[line_start : m.start()]))
        window = words[-min(len(abbr) + 5, 2 * len(abbr)) :]
        if not window:
            continue
        offset = line_start + window[0].start()
        candidate = text[offset : m.start()].rstrip()
        cut = max(candidate.rfind(c) for c in ",;:(" + QUOTES)
        if cut >= 0:  # a long form never spans a comma or an opening bracket/quote
            offset, candidate = offset + cut + 1, candidate[cut + 1 :]
        index = _schwartz_hearst(abbr, candidate)
        if index is None:
            continue
        start = offset + index
        long_form = " ".join(text[start : m.start()].split())
        if not long_form[:1].isupper() or not _is_org_phrase(long_form):
            continue
        defined.setdefault(abbr, long_form)
        end = start + len(text[start : m.start()].rstrip())
        found.append(
            Candidate(
                start,
                end,
                "ORG",
                long_form,
                abbr,
                0.85,
                "rule",
                f"long form defined with abbreviation ({abbr})",
            )
        )
    for abbr, long_form in defined.items():
        bare = _twin_pattern(abbr) if abbr.isascii() else re.escape(abbr)
        for m in re.finditer(_WORD_BEFORE + bare + _WORD_AFTER, text):
            found.append(
                Candidate(
                    m.start(),
                    m.end(),
                    "ORG",
                    long_form,
                    abbr,
                    0.8,
                    "rule",
                    f"abbreviation defined in the text as {long_form!r}",
                )
            )
    return found


def _alternation(words: list[str]) -> str:
    return longest_first(words)  # the shape patterns are case-sensitive


def _gate(words: list[str], more: str = "") -> str:
    """A look at the first letter before the look-behind: most places start no listed word."""
    return f"(?=[{initials(words)}{more}])"


_CAP_WORD = rf"[{_UP}0-9][\w&'’.\-]*"
#: Bulgarian adjective endings, with the article: "Български", "Националният", "Българската"
_ADJECTIVE = r"(?:ки|ка|ко|кия|кият|ката|кото|ен|на|но|ния|ният|ната|ното|ия|ият)"  # -ски, -цки, -шки...


@lru_cache(maxsize=1)
def _shape_regexes() -> dict[str, re.Pattern[str]]:
    s = shapes()
    forms = _alternation(s["legal_forms"])
    all_heads = s["org_heads"] + [h.upper() for h in s["org_heads"]]
    heads = _alternation(all_heads)  # "ДЕТСКА ГРАДИНА № 4"
    plain = [h for h in s["org_heads"] if not h.isupper()]
    lower_heads = _alternation([h.lower() for h in plain] + [h.upper() for h in plain])
    quoted = r"[„\"“«][^„\"“”«»\n]{1,60}[“”\"»]"
    return {
        "legal": re.compile(
            rf"(?=[„\"“«{_UP}]){_WORD_BEFORE}(?P<name>{quoted}|[{_UP}][\w&'’.\-]*(?:[ \t]+(?:{_CAP_WORD}|&|[-–](?=[ \t])))"
            rf"{{0,4}})[ \t]*,?[ \t]+(?P<form>{forms})(?![\w])"
        ),
        "noun_quoted": re.compile(
            rf"{_gate(s['org_nouns'])}{_WORD_BEFORE}(?:{_alternation(s['org_nouns'])})\s+[„\"“«](?P<name>[{_UP}0-9][^„\"“”«»\n]{{1,80}})[“”\"»]"
        ),
        "head_quoted": re.compile(
            rf"{_gate(all_heads)}{_WORD_BEFORE}(?:{heads})\s+[„\"“«][{_UP}0-9][^„\"“”«»\n]{{1,80}}[“”\"»]"
        ),
        "noun_plain": re.compile(
            rf"{_WORD_BEFORE}(?:фирма|фирмата|компания|компанията|дружество|дружеството)\s+"
            rf"(?P<name>[{_UP}][{_LO}][\w\-]*(?:[ \t]+[{_UP}][\w\-]*){{0,3}})"
        ),
        "head": re.compile(
            rf"{_gate(all_heads)}{_WORD_BEFORE}(?P<head>{heads})(?=(?P<rest> +[^\n\t]*(?:\n+[^\n\t]*)?))"
        ),
        "adjective_head": re.compile(
            rf"{_WORD_BEFORE}(?P<adj>[{_UP}][{_LO}]+{_ADJECTIVE}(?:[ \t]+[{_LO}]+{_ADJECTIVE})?"
            rf"|[{_UP}]+{_ADJECTIVE.upper()}(?:[ \t]+[{_UP}]+{_ADJECTIVE.upper()})?)"
            rf"[ \t]+(?P<head>{lower_heads})(?=(?P<rest>[ \t]*[^\n\t]*))" + _WORD_AFTER
        ),
        "place": re.compile(
            rf"(?<![\w\-])(?:гр\.|с\.|град|село)[ \t]?(?P<name>[{_UP}][{_LO}]+(?:(?:[ \t]+|-)[{_UP}][{_LO}]+)?)"
            + _WORD_AFTER
        ),
        "named_caps": re.compile(
            rf"{_gate([n.upper() for n in first_names()])}{_WORD_BEFORE}"
            rf"(?:{_alternation(sorted(n.upper() for n in first_names()))})"
            rf"(?:[ \t]+[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?){{1,2}}" + _WORD_AFTER
        ),
        "english": re.compile(
            rf"{_WORD_BEFORE}(?P<name>[A-Z][\w&\-]*(?:[ \t]+(?:(?:of|for|on|and|the|di|de|&)[ \t]+)?[A-Z][\w&\-]*)+)"
        ),
        "titled": re.compile(
            rf"{_gate(s['person_titles'])}(?<![\w\-])(?:{_alternation(s['person_titles'])})[ \t]*"
            rf"(?P<name>(?:[{_UP}]\.[ \t]?){{1,2}}[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?"
            rf"|[{_UP}][{_LO}]+(?:[ \t]+[{_UP}]\.)?(?:[ \t]+[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?){{0,2}})"
        ),
        "named": re.compile(
            rf"{_gate(sorted(first_names()))}{_WORD_BEFORE}(?:{_alternation(sorted(first_names()))})(?:[ \t]+[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?){{1,2}}"
            + _WORD_AFTER
        ),
    }


def _surname_like(word: str) -> bool:
    return word.endswith(tuple(shapes()["surname_endings"]))


_STOP = {
    "и",
    "или",
    "както",
    "като",
    "е",
    "са",
    "бе",
    "беше",
    "ще",
    "се",
    "от",
    "през",
    "чрез",
    "които",
    "който",
    "която",
    "което",
    "with",
    "and",
    "is",
    "was",
    "by",
    "in",
}
_STOP_PAIRS = {
    ("в", "рамките"),
    ("на", "територията"),
    ("по", "време"),
    ("с", "участието"),
    ("с", "участие"),
    ("с", "подкрепата"),
    ("под", "патронажа"),
    ("в", "т.ч."),
}
_TRAILING = {"на", "за", "в", "към", "по", "с", "със", "of", "for", "on", "the", "и", "and", "no"}  # "Хотел Китчън No 59"


#: Punctuation that closes a name: a comma, a bracket, a quote, the sentence end.
_CLEAN_END = frozenset(",;:.()[]„“”\"«»!?–—")  # a spaced dash opens an apposition: "Съвет – орган за ..."


_PREPOSITIONS = frozenset({"на", "за", "по"})
_NUMBER_DESIGNATION = re.compile(r"[ \t]*№[ \t]*\d+")
_PREPOSITION_FIRST = re.compile(r"[ \t]+(?:на|за|по|към|при)[ \t]", re.IGNORECASE)


def _head_name(head: str, rest: str, mid_sentence: bool = False) -> int | None:
    """Length of the name after an organisation head word (in `rest`), or None.

    The name runs to the first punctuation within 7 words ("Асоциация за развитие на
    София,"); with no punctuation it is cut after its last capitalised word, so verbs and
    the rest of the sentence stay out ("Клъстер София навърши" -> "Клъстер София"),
    keeping an organisation noun that closes a nested name ("Съвета за развитие при
    Министерския съвет да ..."). A number designation belongs to the name ("Детска
    градина № 4"). A head in capitals takes only the capitalised words after it
    ("ИНСТИТУТ ПО ЛОЗАРСТВО Лозята" -> "ИНСТИТУТ ПО ЛОЗАРСТВО"). Mid-sentence, a
    lowercase name after "на/за/по" that ends cleanly is a name too ("с Асоциацията на
    пчелните ферми и ...").
    """
    if not (head.isupper() and head not in shapes()["org_heads"]):
        rest = rest.split("\n", 1)[0]  # only a heading in capitals wraps onto the next line
    number = _NUMBER_DESIGNATION.match(rest) if head.casefold().startswith(_NUMBERED_ORGS) else None
    if head.isupper() and head not in shapes()["org_heads"]:  # a head word set in capitals, not "НПО"
        return _caps_head_name(rest, number)
    tokens = list(re.finditer(r"[^\s,;:.()\[\]„“”\"«»!?]+|[,;:.()\[\]„“”\"«»!?]", rest))
    taken: list[re.Match[str]] = []
    ended_cleanly = False
    closed_mid_sentence = False  # by a comma, a bracket or a joining word, not a sentence end
    for i, tok in enumerate(tokens):
        word = tok.group()
        nxt = tokens[i + 1].group() if i + 1 < len(tokens) else ""
        if number and tok.end() <= number.end():
            taken.append(tok)
            if tok.end() == number.end():
                ended_cleanly = True  # "Детска градина № 7 Ловеч": the number closes the name
                break
            continue
        if not word[0].isalnum() and word not in _CLEAN_END:
            break  # "Община Габрово подписа договор № ...": a sign, not the end of a name
        if word == "и" and _joins_name(tokens[i + 1 :]):
            taken.append(tok)  # "Института по лозарство и винарство,"
            continue
        if (
            not word[0].isalnum()
            or word.casefold() in _STOP
            or (word.casefold(), nxt.casefold()) in _STOP_PAIRS
        ):
            ended_cleanly = True
            closed_mid_sentence = word not in ".!?"
            break
        if word.isdigit() or len(taken) == 7:
            break
        if _sentence_goes_on(taken, word, tokens[i + 1 :]):
            ended_cleanly = closed_mid_sentence = True
            break
        taken.append(tok)
    else:
        ended_cleanly = closed_mid_sentence = True  # a line end closes a heading or a signature
    named = [i for i, t in enumerate(taken) if t.group()[0].isupper() or (number and t.end() <= number.end())]
    if not ended_cleanly:
        cut = named[-1] + 1 if named else 0
        if named and cut < len(taken) and _is_org_phrase(taken[cut].group()):
            cut += 1  # "... при Министерския съвет"
        taken = taken[:cut]
        named = [i for i in named if i < cut]
    while taken and taken[-1].group().casefold() in _TRAILING:
        taken.pop()
    if not taken:
        return None
    lowercase_name = (
        closed_mid_sentence  # "Първият център за деца отвори врати." is a sentence
        and mid_sentence
        and taken[0].group() in _PREPOSITIONS
        and 2 <= len(taken) <= 5
        and not any(t.group() in _PREPOSITIONS for t in taken[1:])  # "на финансите информация за ..."
    )
    if not named and not lowercase_name:  # "Клъстерът разполага с ..." is no name
        return None
    return taken[-1].end()


#: Prepositions that chain a name's parts ("Асоциация за развитие на София"); "в"/"във"
#: only before a capitalised word ("Асоциация на общините в Република България").
_NAME_PREPOSITIONS = frozenset({"на", "за", "по", "към", "при"})
_LOCATIVE = frozenset({"в", "във"})
#: Endings of Bulgarian adjectives (indefinite and definite forms of -ски, -ен/-на, -ов/-ев,
#: -ен participles): an adjective after a preposition takes its noun with it ("на селското
#: стопанство"); any other second lowercase word is the sentence going on.
_ADJECTIVE_ENDINGS = (
    "ски", "ска", "ско", "ските", "ския", "ският", "ската", "ското",
    "цки", "цка", "цко", "цките", "цкия", "цкият", "цката", "цкото",
    "шки", "шка", "шко", "шките", "шкия", "шкият", "шката", "шкото",
    "ен", "на", "но", "ни", "ния", "ният", "ната", "ното", "ните",
    "ов", "ова", "ово", "ови", "овия", "овата", "овото", "овите",
    "ев", "ева", "ево", "еви", "евия", "евата", "евото", "евите",
    "ия", "ият", "еш", "ша", "шо", "ши",
)  # fmt: skip


_UNMISTAKABLE_ADJECTIVE = ("ски", "ска", "ско", "цки", "цка", "цко", "шки", "шка", "шко")


def _sentence_goes_on(taken: list[re.Match[str]], word: str, after: list[re.Match[str]]) -> bool:
    """True when `word` cannot continue an organisation name: the sentence has gone on.

    A name after its head word is capitalised words ("Община Стара Загора"), a chain of
    prepositional phrases whose nouns may be lowercase ("Министерство на земеделието",
    "Асоциация за развитие на София"), or a proper name whose later words are lowercase
    and which ends right there ("Сдружение Зелено бъдеще,"). Anything else lowercase is the
    verb or object of the sentence: "Община Хасково откри форума" -> "Община Хасково",
    "Министерството на земеделието обяви ..." -> "Министерството на земеделието". A given
    name followed by a capitalised word after a proper name is a person, not more of the
    name ("Община Хасково Станислав Дечев").
    """
    if not taken:
        return False
    previous = [t.group() for t in taken]
    if word[0].isupper():
        nxt = after[0].group() if after else ""
        return (
            any(w[0].isupper() for w in previous)
            and word in first_names()
            and nxt[:1].isupper()
            and nxt[:1].isalpha()
        )
    if word[0].isdigit() or not word[0].isalpha():
        return False
    folded = word.casefold()
    if folded in _NAME_PREPOSITIONS or folded == "и":
        return False
    if folded in _LOCATIVE:
        nxt = after[0].group() if after else ""
        return not nxt[:1].isupper()
    # words since the last preposition (or "и") of the name: its noun comes first, or
    # adjectives and then their noun ("при Министерския съвет", "и хранителни технологии",
    # "към Българска търговско-промишлена палата"); "в България" closes a name
    chain = [i for i, w in enumerate(previous) if w.casefold() in _NAME_PREPOSITIONS | _LOCATIVE | {"и"}]
    if chain:
        phrase = previous[chain[-1] + 1 :]
        if not phrase:
            return False
        if previous[chain[-1]].casefold() in _LOCATIVE:
            return True
        adjectives = all(w.casefold().endswith(_ADJECTIVE_ENDINGS) for w in phrase)
        if len(phrase) == 1:
            return not adjectives
        # a second adjective must be unmistakable (-ски/-ска, a hyphenated compound):
        # "-ни"/"-на" also end plural and feminine nouns ("на горските стопани проведе")
        last = phrase[-1].casefold()
        return not (adjectives and ("-" in last or last.endswith(_UNMISTAKABLE_ADJECTIVE)))
    capitals = [w for w in previous if w[0].isupper()]
    if len(capitals) != 1 or not previous[0][0].isupper():
        return True
    # "Сдружение Зелено бъдеще": lowercase words finish a one-capital name only when the
    # name ends within two words
    rest = [word] + [t.group() for t in after[:2]]
    for w in rest:
        if not w[0].isalnum():
            return False  # punctuation closes the name right after its lowercase words
        if not w.islower() or w in _STOP:
            return True
    return True


def _joins_name(tokens: list[re.Match[str]]) -> bool:
    """After "и": at most three lowercase words, then punctuation: the rest of one name."""
    for n, tok in enumerate(tokens[:4]):
        word = tok.group()
        if word in _CLEAN_END:
            return n > 0 and word not in ".!?"  # a sentence end is no proof of one name
        if not word.islower() or word in _STOP:
            return False
    return False


def _caps_head_name(rest: str, number: re.Match[str] | None) -> int | None:
    """End of the capitalised words after a head in capitals, at most 14.

    Only a prepositional name runs on ("ИНСТИТУТ ПО ЛОЗАРСТВО И ..."); after any other
    word the name is that one word ("ФОНДАЦИЯ ЛИНКС"), longer known names come from the
    gazetteer ("ОБЩИНА СТАРА ЗАГОРА").

    A heading in capitals wraps onto the next line when a joining word ends the line or
    opens the next one ("ЦЕНТЪР ЗА ... НА ДЕЦАТА" / "И УЧЕНИЦИТЕ ОТ ЕТНИЧЕСКИ МАЛЦИНСТВА").
    """
    start = number.end() if number else 0
    ends: list[tuple[int, str]] = []
    previous_end = start
    for tok in re.finditer(r"[^\s,;:.!?()„“”\"«»…]+|[,;:.!?()„“”\"«»…]", rest[start:]):
        word = tok.group()
        letters = [c for c in word if c.isalpha()]
        if not letters or not all(c.isupper() for c in letters) or len(ends) == 14:
            break  # punctuation, a number or a word in lower case closes the name
        if "\n" in rest[previous_end : start + tok.start()]:
            joined = (ends and ends[-1][1].casefold() in _TRAILING) or word.casefold() in _TRAILING
            if not joined:
                break
        ends.append((start + tok.end(), word))
        previous_end = start + tok.end()
        if len(ends) == 1 and word.casefold() not in _TRAILING:
            break  # "ОБЩИНА ГАБРОВО ИНФОРМАЦИОНЕН БЮЛЕТИН": a proper name, then the heading goes on
    while ends and ends[-1][1].casefold() in _TRAILING:
        ends.pop()
    if ends:
        return ends[-1][0]
    return start or None


_NUMBERED_ORGS = tuple(load_data("ner_cues.json")["numbered_organisations"])
_NOT_NAME_ADJECTIVES = tuple(load_data("ner_cues.json")["not_name_adjectives"])


def _after_caps_run(name: str) -> int:
    """Where a company name starts after a run of words in capitals that ends a heading line.

    "ИНСТИТУТ ПО ГОРСКИ НАУКИ Гората 2019" (two lines joined) -> the offset of
    "Гората"; "ALTA Systems" and "АЛТА СИСТЕМС" stay whole.
    """
    words = list(re.finditer(r"\S+", name))
    caps = 0
    for w in words:
        if not w.group().isupper():
            break
        caps += 1
    if caps >= 2 and caps < len(words) and words[caps].group()[:1].isupper():
        return words[caps].start()
    return 0


def _mid_sentence(text: str, pos: int) -> bool:
    """Whether the last character before ``pos`` on its line, spaces and tabs skipped, leaves a
    sentence open (no ".!?:" and no line break): read backwards, not a copy of the text before.

    >>> _mid_sentence("Работи с   Център", 10), _mid_sentence("край.  Център", 7), _mid_sentence("Център", 0)
    (True, False, False)
    """
    while pos and text[pos - 1] in " \t":
        pos -= 1
    return pos > 0 and text[pos - 1] not in ".!?:\n"


def shaped_names(text: str) -> list[Candidate]:
    """Organisations and people recognised by the shape of their names."""
    rx = _shape_regexes()
    found: list[Candidate] = []

    def add(start: int, end: int, label: Label, conf: float, why: str, name: str | None = None) -> None:
        shown = " ".join((name if name is not None else text[start:end]).split())
        found.append(Candidate(start, end, label, shown, None, conf, "rule", why))

    for m in rx["legal"].finditer(text):
        start = m.start("name") + _after_caps_run(m.group("name"))
        name = re.sub(f"[{QUOTES}]", "", text[start : m.end("form")])
        add(start, m.end("form"), "ORG", 0.75, f"legal form {m.group('form')!r}", name)
    for m in rx["noun_quoted"].finditer(text):
        add(m.start("name"), m.end("name"), "ORG", 0.7, "quoted name after an organisation noun")
    for m in rx["head_quoted"].finditer(text):
        add(m.start(), m.end(), "ORG", 0.75, "organisation head with a quoted name")
    for m in rx["noun_plain"].finditer(text):
        add(m.start("name"), m.end("name"), "ORG", 0.7, "capitalised name after an organisation noun")
    for m in rx["head"].finditer(text):
        mid_sentence = _mid_sentence(text, m.start())
        length = _head_name(m.group("head"), m.group("rest"), mid_sentence)
        if length is not None:
            add(m.start(), m.start("rest") + length, "ORG", 0.6, f"organisation head {m.group('head')!r}")
    keywords = {k for k in shapes()["org_keywords"] if k.isascii()}
    for m in rx["english"].finditer(text):
        words = m.group("name").split()
        if any(w.casefold() in keywords for w in words):
            add(
                m.start("name"),
                m.end("name"),
                "ORG",
                0.55,
                "English title-case name with an organisation word",
            )
    for m in rx["titled"].finditer(text):
        name, end = m.group("name"), m.end("name")
        words = name.split()
        if len(words) == 3 and not _surname_like(words[2]):  # "д-р Иван Петров Директор"
            end = m.start("name") + len(name[: name.rfind(words[2])].rstrip())
        add(m.start("name"), end, "PER", 0.8, "name after a person title")
    for m in rx["adjective_head"].finditer(text):
        if m.group("adj").isupper() != m.group("head").isupper():
            continue  # "БЪЛГАРСКИ ЦЕНТЪР" or "Български център", never mixed
        if m.group("adj").casefold().startswith(_NOT_NAME_ADJECTIVES):
            continue  # "Първият център", "Новият съвет": a description, not a name
        if text[max(0, m.start() - 1) : m.start()] in QUOTES:
            continue  # "проект с наименование „Междуклъстерен център ...“": a title in quotes
        rest = m.group("rest")
        # only a prepositional name follows: "Национален съвет за тристранно сътрудничество";
        # "Министерският съвет одобри ..." is the name and a verb
        length = _head_name(m.group("head"), rest, True) if _PREPOSITION_FIRST.match(rest) else None
        end = m.start("rest") + length if length is not None else m.end("head")
        add(m.start(), end, "ORG", 0.6, f"capitalised adjective + organisation noun {m.group('head')!r}")
    for m in rx["place"].finditer(text):
        add(m.start("name"), m.end("name"), "LOC", 0.7, "name after a place word (гр., с., град, село)")
    for m in rx["named_caps"].finditer(text):
        tokens = list(re.finditer(r"\S+", m.group()))
        while len(tokens) > 1 and not _surname_like(tokens[-1].group().lower()):
            tokens.pop()
        if len(tokens) >= 2:
            add(m.start(), m.start() + tokens[-1].end(), "PER", 0.7, "given name + Bulgarian surname, in capitals")
    for m in rx["named"].finditer(text):
        tokens = list(re.finditer(r"\S+", m.group()))
        while len(tokens) > 1 and not _surname_like(tokens[-1].group()):
            tokens.pop()
        if len(tokens) >= 2:
            add(m.start(), m.start() + tokens[-1].end(), "PER", 0.7, "given name + Bulgarian surname")
    return found


# ---------------------------------------------------------------------------- public


def find_entities(text: str) -> list[Mention]:
    """Every organisation, person and place the gazetteer or a name shape recognises."""
    candidates = known_names(text) + defined_abbreviations(text) + shaped_names(text)
    candidates = [c for c in candidates if not_a_name(text, c.start, c.end, field_labels=False) is None]
    return [
        mention(
            text,
            c.start,
            c.end,
            KIND[c.label],
            EntityValue(name=c.name, label=c.label, abbreviation=c.abbreviation),
            c.confidence,
            f"entities/{c.source}: {c.why}",
            source=c.source,
        )
        for c in resolve_overlaps(candidates)
    ]
