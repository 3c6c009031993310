"""Derive the list of common given names from the NER corpora's person annotations.

Run once, by hand, when the corpora change (the result is committed as
data/given_names.json; the corpora themselves never enter the repository):

    python -m bulletin_extract.training.given_names ../shared/data/ner > names.json

A given name is the first word of a two- or three-word person lemma in SlavicNER (or a
person span of WikiANN train) whose
last word has a Bulgarian surname ending ("Десислава Терзиева"), seen with at least
MIN_SURNAMES different surnames: a first word met with many surnames is a given name,
not a one-off (a title, a nickname, a foreign double name).
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

MIN_SURNAMES = 3
SURNAME_ENDINGS = ("ов", "ова", "ев", "ева", "ски", "ска", "цки", "цка", "ин", "ина")
_NAME_WORD = re.compile(r"^[А-Я][а-я]{2,}$")


def person_lemmas(slavicner: Path) -> list[str]:
    """Lemmas of PER rows of every SlavicNER annotation file (start end mention lemma label id)."""
    lemmas = []
    for tsv in sorted(slavicner.glob("ner/*/bg/*.tsv")):
        for row in tsv.read_text("utf-8").splitlines():
            cols = row.split("\t")
            if len(cols) >= 5 and cols[4] == "PER":
                lemmas.append(cols[3])
    return lemmas


def wikiann_persons(path: Path) -> list[str]:
    """PER spans of a WikiANN file (``bg:token<TAB>IOB`` lines, blank line between sentences)."""
    persons: list[str] = []
    current: list[str] = []
    for line in [*path.read_text("utf-8").splitlines(), ""]:
        token, _, tag = line.partition("\t")
        token = token.split(":", 1)[-1]
        if tag == "I-PER" and current:
            current.append(token)
            continue
        if current:
            persons.append(" ".join(current))
        current = [token] if tag == "B-PER" else []
    return persons


def given_names(lemmas: list[str], min_surnames: int = MIN_SURNAMES) -> dict[str, int]:
    """Given name -> number of distinct surnames it was seen with.

    >>> given_names(["Иван Петров", "Иван Колев", "Иван Бонев", "Мая Колева", "Мая Ненова"], 2)
    {'Иван': 3, 'Мая': 2}
    """
    surnames: dict[str, set[str]] = defaultdict(set)
    for lemma in lemmas:
        words = lemma.split()
        if 2 <= len(words) <= 3 and all(_NAME_WORD.match(w) for w in words):
            if words[-1].endswith(SURNAME_ENDINGS) and not words[0].endswith(SURNAME_ENDINGS[:4]):
                surnames[words[0]].add(words[-1])
    return {name: len(s) for name, s in sorted(surnames.items()) if len(s) >= min_surnames}


def main(argv: list[str]) -> int:
    data = Path(argv[1]) if len(argv) > 1 else Path("../shared/data/ner")
    names = given_names(person_lemmas(data / "slavicner_bg") + wikiann_persons(data / "wikiann_bg" / "train"))
    out = [{"name": n, "source": f"SlavicNER + WikiANN train persons ({k} surnames)"} for n, k in names.items()]
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
