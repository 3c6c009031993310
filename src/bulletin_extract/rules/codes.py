"""Programme codes -> ProgrammeCodeValue mentions (code normalised to Latin, scheme, programme).

Schemes (``scheme`` value, then examples):

``bg_eu_funds``
    Bulgarian EU-funds procedure/contract codes: ``BG`` + 2-digit fund + programme letters +
    3-digit programme number, ``-`` priority axis ``.`` 3-digit procedure, then an optional
    4-digit project number and contract suffix: ``BG16RFOP002-2.009`` (ОПИК),
    ``BG16RFOP002-2.009-0123-C01``, ``BG05M9OP001-1.003`` (ОПРЧР), ``BG05SFPR001-1.001`` (ПРЧР),
    ``BG16FFPR003-2.001`` (ПРР), ``BG06RDNP001-4.001`` (ПРСР). The programme comes from the
    longest registered prefix (``BG16RFOP002`` -> OPIC); the letters alone are ambiguous
    (RFOP001 is ОПРР, RFOP002 is ОПИК).
``bg_recovery_plan``
    Recovery and resilience plan procedures: ``BG-RRP-2.004-0001`` -> NRRP (ПВУ).
``eea_norway_grants``
    EEA/Norway Grants Bulgaria: ``BGINNOVATION-1.001-0001``, ``BGENVIRONMENT-4.003``.
``horizon_call``
    Horizon calls: ``H2020-ICT-2018-20`` (H2020), ``HORIZON-CL4-2021-DIGITAL-EMERGING-01``
    (Horizon Europe). Two calls joined by ``/`` are two mentions.
``eu_call``
    Other EU call identifiers, recognised by their programme head and a year:
    ``DIGITAL-2021-EDIH-01``, ``LIFE-2022-SAP-ENV``, ``SMP-COSME-2021-CLUSTER``,
    ``COS-CLUSINT-2019-3-01``, ``CREA-CULT-2023-COOP``, ``ERASMUS-EDU-2021-PI-ALL-INNO``.
``erasmus_project``
    Erasmus+ project numbers: ``2022-1-DE02-KA220-VET-000089396``, ``2020-1-BG01-KA202-079155``.
``interreg_project``
    Interreg project codes: ``ROBG-416`` (Romania-Bulgaria), ``DTP3-555-2.1`` (Danube).
``grant_agreement``
    Numbers that are codes only because a label says so (6-9 digits):
    ``grant agreement No 101017045``, ``Договор за безвъзмездна помощ № 101074245``.
``contract_number``
    Any token with a digit after ``Договор №`` / ``contract No`` that is not a date:
    ``Договор № РД-16-123``. A labelled ``Договор № BG16RFOP002-2.009-0123-C01`` stays a
    ``bg_eu_funds`` code (the specific scheme wins).

Typed codes often mix scripts: a Cyrillic ``В``, ``С``, ``О``... typed for the Latin letter
(``ВG16RFOP002-2.009-С05``). Matching runs on a same-length Latin transliteration of the
text, so offsets hold, the value carries the Latin code and the mention keeps the original
characters. A match must still contain a real Latin letter, so a Cyrillic word never
becomes a code. The sentence full stop after a code is never part of it, and shapes that
only look code-like (``Индустрия 4.0``, ``22.12.2022``, ``ул. Цар Калоян 8``, phone numbers,
years) match no scheme.

>>> [(m.text, m.value.code, m.value.programme) for m in find_codes("ОПИК, ВG16RFOP002-2.009-С05.")]
[('ВG16RFOP002-2.009-С05', 'BG16RFOP002-2.009-C05', 'OPIC')]
>>> [m.value.code for m in find_codes("H2020-ICT-2018-20/H2020-ICT-2019-2")]
['H2020-ICT-2018-20', 'H2020-ICT-2019-2']
"""

from __future__ import annotations

import re

from ..models import Mention, ProgrammeCodeValue
from .base import mention
from .programmes import programme_for_code

#: Cyrillic capitals that look like Latin ones (and Ukrainian І), typed into codes by mistake.
HOMOGLYPHS = str.maketrans("АВСЕНКМОРТХІЅЈ", "ABCEHKMOPTXISJ")

_END = r"(?![\w])"  # codes end on a word boundary; a trailing "." stays outside
_START = r"(?<![\w\-.])"

# scheme -> (regex on the transliterated text, confidence, fixed programme or None)
SCHEMES: list[tuple[str, re.Pattern[str], float, str | None]] = [
    (
        "bg_eu_funds",
        re.compile(
            _START + r"BG\d{2}[A-Z][A-Z0-9]{1,5}?\d{3}-\d{1,2}\.\d{3}"
            r"(?:-\d{4})?(?:-[A-Z]\d{2,3})?" + _END
        ),
        0.95,
        None,
    ),
    (
        "bg_recovery_plan",
        re.compile(_START + r"BG-RRP-\d{1,2}\.\d{3}(?:-\d{4})?(?:-[A-Z]\d{2,3})?" + _END),
        0.95,
        "NRRP",
    ),
    (
        "eea_norway_grants",
        re.compile(
            _START + r"BG(?:INNOVATION|ENVIRONMENT|ENERGY|LD|JUSTICE|CULTURE|RESEARCH|HOME|SOCIAL|BLUE)"
            r"-\d{1,2}\.\d{3}(?:-\d{4})?" + _END
        ),
        0.9,
        "EEA_NORWAY_GRANTS",
    ),
    ("horizon_call", re.compile(_START + r"H2020(?:-[A-Z0-9]+){2,6}" + _END), 0.95, "H2020"),
    ("horizon_call", re.compile(_START + r"HORIZON(?:-[A-Z0-9]+){2,7}" + _END), 0.95, "HORIZON_EUROPE"),
    (
        "eu_call",
        re.compile(
            _START + r"(?:DIGITAL|LIFE|SMP|COS|CREA|ERASMUS|CEF|EU4H|I3|EMFAF|AMIF|CERV)"
            r"(?:-[A-Z0-9]+){0,3}-20\d\d(?:-[A-Z0-9]+){1,5}" + _END
        ),
        0.85,
        None,
    ),
    (
        "erasmus_project",
        re.compile(_START + r"20\d\d-[1-3]-[A-Z]{2}\d{2}-KA\d{3}(?:-[A-Z]{2,5})?-\d{5,9}" + _END),
        0.95,
        "ERASMUS_PLUS",
    ),
    ("interreg_project", re.compile(_START + r"ROBG-\d{1,4}" + _END), 0.85, "INTERREG_RO_BG"),
    ("interreg_project", re.compile(_START + r"DTP\d-\d{1,4}-\d\.\d" + _END), 0.85, "INTERREG_DANUBE"),
]

# Labelled numbers (matched on the original text, case-insensitive labels).
_GRANT_LABEL = re.compile(
    r"(?<!\w)(?i:grant\s+agreement|GA|project|проект|договор(?:а)?\s+за\s+безвъзмездна\s+(?:финансова\s+)?помощ"
    r"|споразумение\s+за\s+(?:отпускане\s+на\s+)?безвъзмездн\w+\s+(?:средства|помощ))"
    r"\s*(?:No\.?|Nr\.?|n°|nº|№|number|номер)?\s*:?\s*(?P<code>\d{6,9})(?![\w])"
)
_CONTRACT_LABEL = re.compile(
    r"(?<!\w)(?i:договор\w{0,3}|contract)\s*(?:No\.?|№|N)\s*(?P<code>[A-Za-zА-Яа-я0-9][A-Za-zА-Яа-я0-9\-./]*[A-Za-zА-Яа-я0-9])"
)
_DATE_LIKE = re.compile(r"\d{1,2}[./]\d{1,2}[./](?:\d{2}|\d{4})")


def _has_latin(s: str) -> bool:
    return any("A" <= c <= "Z" or "a" <= c <= "z" for c in s)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def find_codes(text: str) -> list[Mention]:
    """Every programme code in the text, in order of appearance."""
    latin = text.translate(HOMOGLYPHS)
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def add(
        start: int, end: int, code: str, scheme: str, programme: str | None, conf: float, why: str
    ) -> None:
        if _overlaps(start, end, taken):
            return
        taken.append((start, end))
        if not text[start:end].isascii():
            why += "; Cyrillic look-alike letters normalised to Latin"
        found.append(
            mention(
                text,
                start,
                end,
                "programme_code",
                ProgrammeCodeValue(code=code, scheme=scheme, programme=programme),
                conf,
                f"codes: {why}",
            )
        )

    for scheme, regex, conf, fixed in SCHEMES:
        for m in regex.finditer(latin):
            if not _has_latin(text[m.start() : m.end()]):
                continue
            code = m.group()
            programme = programme_for_code(code) or fixed
            add(m.start(), m.end(), code, scheme, programme, conf, f"{scheme} pattern")

    for m in _GRANT_LABEL.finditer(text):
        add(
            m.start("code"),
            m.end("code"),
            m.group("code"),
            "grant_agreement",
            None,
            0.8,
            "number after a grant-agreement label",
        )
    for m in _CONTRACT_LABEL.finditer(text):
        raw = m.group("code")
        if not any(c.isdigit() for c in raw) or len(raw) < 4 or _DATE_LIKE.search(raw):
            continue
        code = raw.translate(HOMOGLYPHS) if _has_latin(raw) else raw
        add(
            m.start("code"),
            m.end("code"),
            code,
            "contract_number",
            programme_for_code(code),
            0.7,
            "number after a contract label",
        )
    return sorted(found, key=lambda x: x.start)
