"""Project records on real documents of the development corpus (read from ../shared, never copied).

A floor, not a target: the project fields of the text-layer documents with projects must
keep every hit measured when the records package was rebuilt, and no false hit. Skipped
when the shared corpus is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_extract import extract
from bulletin_extract.evaluate import Score, load_gold, resolve_source, score_projects

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "gold"
#: documents with a text layer and projects in their gold (the scans wait for OCR)
DOCUMENTS = (
    "01_dg4-dimitrovgrad_apspo-project-poster",
    "12_metalstroy_eu-programmes",
    "14_donkey-milk-og_project-news-2025",
    "15_majestic-club_eu-project-2025",
    "17_torin-company_eu-covid-project",
)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_project_fields_on_the_corpus_keep_their_hits_and_add_no_false_ones() -> None:
    total = Score()
    for stem in DOCUMENTS:
        gold_path = CORPUS / f"{stem}.json"
        gold = load_gold(gold_path)
        bulletin = extract(resolve_source(gold_path, gold), use_ner=False)
        total = total + sum(score_projects(gold.projects, bulletin.projects).values(), Score())
    assert total.fp == 0, total.false_hits
    assert total.tp >= 29, total.misses
