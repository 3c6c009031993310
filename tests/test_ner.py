"""NER stage: the shipped model on the sample, boundary repair, confidence, model errors.

The in-domain check scores the whole pipeline (rules + gazetteer + model) against the
hand annotation tests/fixtures/issue8_entities.json and prints P/R/F1 (pytest -s).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from spacy.tokens import Span

from bulletin_extract import extract
from bulletin_extract.errors import ModelError
from bulletin_extract.models import Bulletin
from bulletin_extract.ner import add_ner, locate_model, ner_mentions
from bulletin_extract.nlp import make_tokenizer_nlp

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "issue8.txt"
FIXTURE = ROOT / "tests" / "fixtures" / "issue8_entities.json"
LABEL = {"org": "ORG", "person": "PER", "location": "LOC"}
PRECISION = {"ORG": 0.8, "PER": 0.9, "LOC": 0.9}


@pytest.fixture(scope="module")
def bulletin() -> Bulletin:
    return extract(SAMPLE, include_text=True)


def repaired(text: str, surface: str, label: str) -> list[tuple[str, str, str | None]]:
    """Tag `surface` in `text` as the model would, run the mention converter."""
    nlp = make_tokenizer_nlp()
    doc = nlp(text)
    start = text.index(surface)
    span = doc.char_span(start, start + len(surface), label=label)
    assert span is not None
    doc.ents = [span]
    return [(m.text, m.value.label, m.value.abbreviation) for m in ner_mentions(doc, PRECISION)]  # type: ignore[union-attr]


# ------------------------------------------------------------------ model errors


def test_missing_model_directory_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found") as err:
        add_ner(make_tokenizer_nlp(), str(tmp_path / "nowhere"))
    assert "\n" not in str(err.value)
    assert err.value.exit_code == 3


def test_broken_model_directory_is_a_model_error(tmp_path: Path) -> None:
    (tmp_path / "ner").mkdir()
    (tmp_path / "meta.json").write_text("{not json", "utf-8")
    with pytest.raises(ModelError, match="broken") as err:
        add_ner(make_tokenizer_nlp(), str(tmp_path))
    assert "\n" not in str(err.value)


def test_shipped_model_is_found_next_to_the_checkout() -> None:
    assert locate_model() == ROOT / "models" / "ner-bg"


# --------------------------------------------------------------- boundary repair


def test_bracketed_abbreviation_completes_and_links_the_long_name() -> None:
    text = "сътрудничеството с Тайванския изследователски институт за индустриални технологии (ITRI) с участие"
    assert repaired(text, "Тайванския изследователски институт", "ORG") == [
        ("Тайванския изследователски институт за индустриални технологии", "ORG", "ITRI"),
        ("ITRI", "ORG", "ITRI"),
    ]


def test_hyphenated_brand_is_an_organisation_not_a_person() -> None:
    text = "с участие на Телелинк Инфра-сървис и АДД от България"
    assert repaired(text, "Телелинк Инфра-сървис", "PER") == [("Телелинк Инфра-сървис", "ORG", None)]


def test_double_surname_stays_a_person() -> None:
    text = "Доклад изнесе Мария Иванова-Петрова от института."
    assert repaired(text, "Мария Иванова-Петрова", "PER") == [("Мария Иванова-Петрова", "PER", None)]


def test_title_is_not_part_of_a_name() -> None:
    text = "Прочетено беше писмо от г-н Добри Митрев, Председател на БСК."
    assert repaired(text, "г-н Добри Митрев", "PER") == [("Добри Митрев", "PER", None)]


def test_trailing_dash_is_not_part_of_a_name() -> None:
    assert repaired("Марионела Симова от ХИРОН - Иновационен мениджмънт", "ХИРОН -", "ORG") == [
        ("ХИРОН", "ORG", None)
    ]


def test_quoted_name_is_taken_whole() -> None:
    text = "договор с „Сиела Норма“ АД за издаване"
    assert repaired(text, "Сиела", "ORG") == [("Сиела Норма", "ORG", None)]


def test_lowercase_hit_is_dropped() -> None:
    assert repaired("Проектът има за цел обучение на мениджъри.", "обучение", "ORG") == []


def test_confidence_follows_the_evidence() -> None:
    nlp = make_tokenizer_nlp()
    doc = nlp("Илия Левков и Левков говориха.")
    doc.ents = [Span(doc, 0, 2, label="PER"), Span(doc, 3, 4, label="PER")]
    full, surname = ner_mentions(doc, PRECISION)
    assert full.confidence == 0.9
    assert surname.confidence < full.confidence


# ------------------------------------------------------ the shipped model, sample


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Илия Левков", "person"),
        ("Добри Митрев", "person"),
        ("БАН", "org"),
        ("Сингапур", "location"),
        ("Телелинк Инфра-сървис", "org"),
        ("Торонто", "location"),
    ],
)
def test_sample_entities_are_found(bulletin: Bulletin, text: str, kind: str) -> None:
    assert any(m.text == text and m.kind == kind for m in bulletin.mentions)


def test_hyphenated_company_is_never_a_person(bulletin: Bulletin) -> None:
    assert not [m for m in bulletin.mentions if "Инфра-сървис" in m.text and m.kind == "person"]


def test_model_hits_never_overlap_rule_spans(bulletin: Bulletin) -> None:
    sure = [m for m in bulletin.mentions if m.source != "ner"]
    for m in bulletin.mentions:
        if m.source == "ner":
            assert not any(m.start < s.end and s.start < m.end for s in sure), m


def test_ner_confidence_is_not_one_fixed_number(bulletin: Bulletin) -> None:
    confidences = {m.confidence for m in bulletin.mentions if m.source == "ner"}
    assert len(confidences) >= 3


def test_model_is_named_in_the_output(bulletin: Bulletin) -> None:
    assert bulletin.ner.enabled
    assert bulletin.ner.model and bulletin.ner.model.startswith("bg_bulletin_ner")


def test_abbreviation_and_long_form_are_one_organisation(bulletin: Bulletin) -> None:
    ksgz = [o for o in bulletin.organisations if "КСГЗ" in [o.name, *o.aliases]]
    assert len(ksgz) == 1
    assert ksgz[0].name == "Клъстер София град на знанието"


# ------------------------------------------------------------ in-domain P/R/F1


def gold_spans(text: str) -> tuple[set[tuple[int, int, str]], list[tuple[int, int]]]:
    """Expand the hand annotation to occurrences: longest surface first, no double counting."""
    fixture = json.loads(FIXTURE.read_text("utf-8"))
    items = [(e["text"], e["label"], e["count"]) for e in fixture["entities"]]
    items += [(a, "IGNORE", None) for a in fixture["ambiguous"]]
    taken: list[tuple[int, int, str]] = []
    for surface, label, count in sorted(items, key=lambda x: -len(x[0])):
        found = 0
        for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text):
            if not any(m.start() < e and s < m.end() for s, e, _ in taken):
                taken.append((m.start(), m.end(), label))
                found += 1
        assert count is None or found == count, f"annotation of {surface!r} no longer matches the text"
    gold = {t for t in taken if t[2] != "IGNORE"}
    return gold, [(s, e) for s, e, label in taken if label == "IGNORE"]


def prf(predicted: set[tuple[int, int, str]], gold: set[tuple[int, int, str]]) -> tuple[float, float, float]:
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def test_in_domain_entities_of_the_sample(bulletin: Bulletin) -> None:
    assert bulletin.text is not None
    gold, ignored = gold_spans(bulletin.text)
    predicted = {
        (m.start, m.end, LABEL[m.kind])
        for m in bulletin.mentions
        if m.kind in LABEL and not any(m.start < e and s < m.end for s, e in ignored)
    }
    print("\nin-domain (samples/issue8.txt, exact span + label):")
    for label in ("ORG", "PER", "LOC"):
        p, r, f = prf({x for x in predicted if x[2] == label}, {x for x in gold if x[2] == label})
        print(f"  {label}: P {p:.1%} R {r:.1%} F1 {f:.1%}")
    p, r, f = prf(predicted, gold)
    print(f"  all: P {p:.1%} R {r:.1%} F1 {f:.1%}  ({len(gold)} gold, {len(predicted)} predicted)")
    assert f >= 0.80


def test_organisation_word_makes_a_place_hit_a_company() -> None:
    text = "3 компании от Тайван - Wistron Technologies, Quanta Cloud Technology и други"
    assert repaired(text, "Quanta Cloud Technology", "LOC") == [("Quanta Cloud Technology", "ORG", None)]


def test_attached_body_keeps_its_parent_abbreviation() -> None:
    text = "съвместно със Съвет по инвестиции към БТПП в рамките"
    assert repaired(text, "Съвет по инвестиции", "ORG") == [("Съвет по инвестиции към БТПП", "ORG", None)]


def test_heading_word_in_capitals_is_not_an_organisation() -> None:
    assert repaired("## ЮБИЛЕЕН БЮЛЕТИН БРОЙ 8\n\nтекст", "ЮБИЛЕЕН", "ORG") == []


def test_span_never_runs_past_a_sentence_end() -> None:
    text = "Изборите за Камарата на представителите са тази година. Най-важният въпрос е друг."
    assert repaired(text, "Камарата на представителите са тази година. Най-важният", "ORG") == [
        ("Камарата на представителите са тази година", "ORG", None)
    ]


def test_list_of_names_is_split_at_commas() -> None:
    text = "Според ABC News, FOX News и други медии"
    assert repaired(text, "ABC News, FOX News", "ORG") == [("ABC News", "ORG", None), ("FOX News", "ORG", None)]


# ------------------------------------------------------------ corpus conversion


def test_slavicner_offsets_become_entities_and_events_are_dropped() -> None:
    from bulletin_extract.training.corpus import ConversionStats, slavicner_doc

    text = "Паркър предрече Брекзит и излизането на Великобритания от Европейския съюз."
    spans = [(0, 6, "PER"), (16, 23, "EVT"), (40, 54, "LOC"), (58, 74, "ORG")]
    stats = ConversionStats()
    doc = slavicner_doc(make_tokenizer_nlp(), text, spans, stats)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Паркър", "PER"), ("Великобритания", "LOC"), ("Европейския съюз", "ORG")
    ]
    assert stats.dropped_label == 1


def test_wikiann_iob_sentences_are_retokenized(tmp_path: Path) -> None:
    from bulletin_extract.training.corpus import ConversionStats, read_wikiann

    iob = tmp_path / "dev"
    iob.write_text("bg:Йохан\tB-PER\nbg:Гьоте\tI-PER\nbg:в\tO\nbg:Германия\tB-LOC\n\nbg:БАН\tB-ORG\n", "utf-8")
    docs = read_wikiann(iob, make_tokenizer_nlp(), ConversionStats())
    assert [[(e.text, e.label_) for e in d.ents] for d in docs] == [
        [("Йохан Гьоте", "PER"), ("Германия", "LOC")], [("БАН", "ORG")]
    ]
