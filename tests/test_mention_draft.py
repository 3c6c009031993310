"""Mentions are held as drafts (MentionDraft) between the finders and the writer, and made
output Mentions again, field for field, when written."""

from __future__ import annotations

import datetime as dt
import sys

from bulletin_extract.mention_draft import MentionDraft, ValuePool
from bulletin_extract.models import DateValue, EntityValue, LineBox, Mention, MoneyValue

TEXT = "Проектът на Община Димитровград е с бюджет 484 хил. лв. до 22.12.2022 г."


def found(start: int, end: int, value, kind: str = "org", explanation: str = "gazetteer: municipality") -> Mention:
    return Mention(kind=kind, text=TEXT[start:end], start=start, end=end, source="rule", confidence=0.9,
                   value=value, explanation=explanation)


def test_a_draft_keeps_every_field_of_the_finders_mention():
    m = found(12, 31, EntityValue(name="Община Димитровград", label="ORG"))
    draft = MentionDraft.of(m)
    assert (draft.kind, draft.text, draft.start, draft.end, draft.source, draft.confidence) == (
        "org", "Община Димитровград", 12, 31, "rule", 0.9)
    assert draft.value is m.value
    assert (draft.id, draft.page, draft.section, draft.boxes, draft.furniture) == (-1, None, None, (), None)


def test_a_draft_written_is_the_mention_it_came_from():
    m = found(43, 55, MoneyValue(amount=484000.0, currency="BGN", amount_eur=247465.27), kind="money",
              explanation="rule: amount in thousands")
    draft = MentionDraft.of(m)
    draft.id, draft.page, draft.section = 3, 2, 1
    box = LineBox(page=2, x0=50.0, top=90.0, x1=110.0, bottom=100.0)
    written = draft.as_mention(boxes=[box])
    expected = m.model_copy(update={"id": 3, "page": 2, "section": 1, "boxes": [box]})
    assert written.model_dump_json() == expected.model_dump_json()
    assert Mention.model_validate(written.model_dump()) == expected


def test_a_draft_that_does_not_validate_is_dropped_by_the_final_validation_with_its_field():
    import pytest
    from pydantic import ValidationError

    from bulletin_extract.validate import valid_items

    good = MentionDraft.of(found(12, 31, EntityValue(name="Община Димитровград", label="ORG")))
    bad = MentionDraft.of(found(12, 31, EntityValue(name="Община Димитровград", label="ORG")))
    bad.start = -5  # a stage's slip after the finder: drafts are plain dataclasses, unchecked
    with pytest.raises(ValidationError):
        bad.as_mention()
    warnings: list = []
    kept = list(valid_items([good, bad, good], "mentions", warnings, MentionDraft.as_mention))
    assert [m.start for m in kept] == [12, 12]  # the one after the bad draft is still written
    assert [w.message for w in warnings] == ["mentions[1] dropped: field 'start': Input should be greater than or equal to 0"]


def test_a_furniture_draft_keeps_the_box_of_its_running_line():
    box = LineBox(page=4, x0=20.0, top=800.0, x1=80.0, bottom=810.0)
    m = found(59, 72, DateValue(start=dt.date(2022, 12, 22), end=dt.date(2022, 12, 22), precision="day"),
              kind="date").model_copy(update={"boxes": [box], "furniture": 0, "page": 4})
    written = MentionDraft.of(m).as_mention()
    assert (written.boxes, written.furniture, written.page) == ([box], 0, 4)


def test_explanations_and_texts_are_shared_not_copied():
    explanation = "".join(["gazetteer: ", "municipality"])  # built at run time, as finders do
    a = MentionDraft.of(found(12, 31, EntityValue(name="Община Димитровград", label="ORG"), explanation=explanation))
    b = MentionDraft.of(found(12, 31, EntityValue(name="Община Димитровград", label="ORG"),
                              explanation="".join(["gazetteer: ", "municipality"])))
    assert a.explanation is b.explanation is sys.intern("gazetteer: municipality")
    assert a.text is b.text


def test_equal_values_are_one_object_in_a_pool():
    pool = ValuePool()
    a = MentionDraft.of(found(12, 31, EntityValue(name="Община Димитровград", label="ORG")), pool)
    b = MentionDraft.of(found(12, 31, EntityValue(name="Община Димитровград", label="ORG")), pool)
    c = MentionDraft.of(found(12, 31, EntityValue(name="Община Димитровград", label="LOC")), pool)
    assert a.value is b.value
    assert c.value is not a.value and c.value.label == "LOC"
    assert len(pool) == 2


def test_amounts_that_print_differently_are_not_shared():
    pool = ValuePool()
    zero = pool.shared(MoneyValue(amount=0.0, currency="EUR", amount_eur=0.0))
    negative_zero = pool.shared(MoneyValue(amount=-0.0, currency="EUR", amount_eur=0.0))
    assert zero is not negative_zero
    assert (zero.model_dump_json(), negative_zero.model_dump_json()) == (
        '{"type":"money","amount":0.0,"currency":"EUR","qualifier":"exact","amount_eur":0.0}',
        '{"type":"money","amount":-0.0,"currency":"EUR","qualifier":"exact","amount_eur":0.0}',
    )


def test_a_draft_takes_far_less_memory_than_the_output_mention():
    m = found(12, 31, EntityValue(name="Община Димитровград", label="ORG"))
    m.id, m.page, m.section = 1, 1, 0  # as the pipeline anchors it: each field set adds to pydantic's set
    own = sys.getsizeof(m) + sys.getsizeof(m.__dict__) + sys.getsizeof(m.__pydantic_fields_set__)
    assert sys.getsizeof(MentionDraft.of(m)) * 5 < own


def test_equal_numbers_are_one_object_in_a_pool():
    pool = ValuePool()
    page = pool.number(int("300"))  # made at run time: CPython shares only -5..256
    assert pool.number(int("300")) is page and page == 300
    confidence = pool.number(float("0.875"))
    assert pool.number(0.875 + 0.0) is confidence
    assert pool.number(-0.0) is not pool.number(0.0)  # they print differently
    assert pool.number(1) is not pool.number(1.0) and type(pool.number(1.0)) is float
    a = MentionDraft.of(found(12, 31, EntityValue(name="Община Димитровград", label="ORG")), pool)
    b = MentionDraft.of(found(43, 55, MoneyValue(amount=484000.0, currency="BGN", amount_eur=247465.27),
                              kind="money"), pool)
    assert a.confidence is b.confidence == 0.9


def test_the_pipeline_anchors_mentions_to_shared_section_numbers(tmp_path):
    from pathlib import Path

    from bulletin_extract.ingest import read_document
    from bulletin_extract.pipeline import analyse

    sample = Path(__file__).resolve().parent.parent / "samples" / "issue8.txt"
    long = tmp_path / "issues.txt"  # enough sections for numbers above the 256 CPython shares
    long.write_text("\n\n".join([sample.read_text("utf-8")] * 13), "utf-8")
    mentions = analyse(read_document(long), use_ner=False).mentions
    sections = [m.section for m in mentions if m.section is not None]
    assert max(sections) > 256
    assert len({id(s) for s in sections}) == len(set(sections))
    confidences = [m.confidence for m in mentions]
    # the finders' confidences come from the pool (a later stage may make a few of its own)
    assert len(confidences) > 2000
    assert len({id(c) for c in confidences}) < 2 * len({c.hex() for c in confidences})
