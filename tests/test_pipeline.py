"""The pipeline as a whole: chunking for long documents, progress, one pipeline per process."""

from __future__ import annotations

from pathlib import Path

from bulletin_extract import extract, rules
from bulletin_extract.nlp import load_pipeline
from bulletin_extract.pipeline import CHUNK_CHARS


def test_long_document_reports_progress_chunk_by_chunk(sample_txt: Path, tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join([sample_txt.read_text("utf-8")] * 4), "utf-8")
    calls: list[tuple[str, int, int]] = []
    b = extract(path, use_ner=False, progress=lambda stage, done, total: calls.append((stage, done, total)))
    analyse = [c for c in calls if c[0] == "analyse"]
    total = analyse[0][2]
    assert total >= 4 * 26_000 // CHUNK_CHARS - 1
    assert [done for _, done, _ in analyse] == list(range(1, total + 1))
    assert calls[0] == ("read", 0, 1) and calls[-1] == ("assemble", 0, 1)
    # chunking does not lose or shift mentions: four copies, four times the money
    assert sum(1 for m in b.mentions if m.text == "1,952 млн. евро") == 4


def test_mentions_across_chunks_keep_exact_offsets(sample_txt: Path, tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join([sample_txt.read_text("utf-8")] * 3), "utf-8")
    b = extract(path, use_ner=False, include_text=True)
    assert b.text is not None
    assert all(b.text[m.start : m.end] == m.text for m in b.mentions)


def test_pipeline_is_loaded_once_however_it_is_asked_for() -> None:
    assert load_pipeline(False) is load_pipeline(use_ner=False) is load_pipeline(use_ner=False, model_path=None)


def test_rules_on_raw_text_find_what_the_rule_components_put_on_a_doc() -> None:
    text = (
        "На 12.05.2023 г. Сдружение „Зелена долина“ получи 45 хил. лв. по договор "
        "BG05M9OP001-1.003 от Програма „Развитие на човешките ресурси“ в гр. Габрово."
    )
    found = [(m.kind, m.text) for m in rules.find_all(text)]
    on_doc = [(m.kind, m.text) for m in load_pipeline(use_ner=False)(text)._.mentions]
    assert found == on_doc
    assert ("date", "12.05.2023 г.") in found
    assert ("money", "45 хил. лв.") in found
    assert ("programme_code", "BG05M9OP001-1.003") in found
    assert ("location", "Габрово") in found


def test_loading_the_pipeline_freezes_what_lives_as_long_as_the_process() -> None:
    """nlp._load_pipeline ends with gc.freeze(): the modules, spaCy and the model are never
    walked again by the cyclic collector (each full collection cost ~80 ms with them)."""
    import gc

    load_pipeline(use_ner=False)
    assert gc.get_freeze_count() > 20_000  # spaCy alone tracks tens of thousands of objects
