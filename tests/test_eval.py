"""Scoring against gold files: exact P/R/F1 on tiny handmade cases, and the eval command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin_extract.cli import main
from bulletin_extract.evaluate import (
    GoldDocument,
    GoldProject,
    Item,
    Score,
    gold_items,
    load_gold,
    normalise_name,
    score_entities,
    score_entity_labels,
    score_items,
    score_projects,
)
from bulletin_extract.models import DateValue, MoneyValue, Project

GOLD_DIR = Path(__file__).resolve().parent.parent / "samples" / "gold"


def year(y: int) -> tuple[dt.date, dt.date, str]:
    return (dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def items(*keys: object, optional: bool = False) -> list[Item]:
    return [Item(k, str(k), optional) for k in keys]  # type: ignore[arg-type]


def test_each_occurrence_is_one_item() -> None:
    # "(2018)" twice and "(2019)" once in the text; the tool found 2018 once and an invented 2020
    s = score_items(items(year(2018), year(2018), year(2019)), items(year(2018), year(2020)))
    assert (s.tp, s.fp, s.fn) == (1, 1, 2)
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(1 / 3)
    assert s.f1 == pytest.approx(0.4)


def test_money_qualifier_is_part_of_the_value() -> None:
    gold = GoldDocument.model_validate(
        {"source": "x.txt", "money": [{"text": "над 8,2 млн. лв.", "amount": 8200000, "currency": "BGN", "qualifier": "over"}]}
    )
    exact = items((820000000, "BGN", "exact"))
    over = items((820000000, "BGN", "over"))
    assert score_items(gold_items(gold)["money"], exact).as_dict()["f1"] == 0.0
    assert score_items(gold_items(gold)["money"], over).as_dict()["f1"] == 1.0


def test_optional_gold_item_is_neither_hit_nor_miss() -> None:
    gold = items(("хотел китчън no 59", "LOC"), optional=True) + items(("бан", "ORG"))
    found = score_items(gold, items(("хотел китчън no 59", "LOC"), ("бан", "ORG")))
    not_found = score_items(gold, items(("бан", "ORG")))
    assert (found.tp, found.fp, found.fn) == (1, 0, 0)
    assert (not_found.tp, not_found.fp, not_found.fn) == (1, 0, 0)


def test_entities_count_once_per_distinct_name() -> None:
    gold = items(("софия", "LOC"), ("бан", "ORG"))
    predicted = items(("софия", "LOC"), ("софия", "LOC"), ("софия", "ORG"))
    s = score_entities(gold, predicted)
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert s.false_hits == ["('софия', 'ORG')"]


def test_entities_are_scored_per_label() -> None:
    gold = items(("софия", "LOC"), ("бан", "ORG"), ("боян колев", "PER"))
    predicted = items(("софия", "LOC"), ("софия", "ORG"), ("бан", "ORG"))
    s = score_entity_labels(gold, predicted)
    assert {label: (sc.tp, sc.fp, sc.fn) for label, sc in s.items()} == {
        "ORG": (1, 1, 0), "PER": (0, 0, 1), "LOC": (1, 0, 0),
    }


def test_misses_name_the_occurrence_not_found() -> None:
    gold = [Item(25, "25 «двадесет и пет юридически лица»", text="двадесет и пет юридически лица"),
            Item(25, "25 «25 юридически лица»", text="25 юридически лица")]
    s = score_items(gold, [Item(25, "25", text="25 юридически лица")])
    assert s.misses == ["25 «двадесет и пет юридически лица»"]


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("  „Сиела  Норма“ ", "сиела норма"),
        ("ХИРОН – Иновационен мениджмънт", "хирон-иновационен мениджмънт"),
        ("ХИРОН - Иновационен мениджмънт", "хирон-иновационен мениджмънт"),
        ("СИНГАПУР", "сингапур"),
        ("Chenlong Technology Co., Ltd", "chenlong technology co., ltd"),
    ],
)
def test_entity_names_are_compared_normalised(written: str, normalised: str) -> None:
    assert normalise_name(written) == normalised


def test_nothing_expected_and_nothing_found_is_perfect() -> None:
    assert Score().as_dict() | {} == {"tp": 0, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_nothing_found_is_zero_f1() -> None:
    s = Score(tp=0, fp=0, fn=3)
    assert (s.precision, s.recall, s.f1) == (1.0, 0.0, 0.0)


def _project(**kw: object) -> Project:
    return Project(start=0, end_offset=1, **kw)  # type: ignore[arg-type]


def test_project_fields_wrong_value_is_a_miss_and_a_false_hit() -> None:
    gold = [GoldProject.model_validate({
        "number": 1, "title": "MediaMotorEurope", "programme_id": "H2020",
        "budget": {"amount": 1952000, "currency": "EUR"}, "partners": 7, "countries": 6,
    })]  # fmt: skip
    predicted = [_project(
        number=1, title="MediaMotorEurope", programme_id="H2020",
        budget=MoneyValue(amount=1952.0, currency="EUR", amount_eur=1952.0), partners=7,
        end=DateValue(start=dt.date(2022, 4, 1), end=dt.date(2022, 4, 30), precision="month"),
    )]  # fmt: skip
    scores = score_projects(gold, predicted)
    assert (scores["title"].tp, scores["programme_id"].tp, scores["partners"].tp) == (1, 1, 1)
    assert (scores["budget"].tp, scores["budget"].fp, scores["budget"].fn) == (0, 1, 1)
    assert (scores["countries"].fn, scores["countries"].fp) == (1, 0)
    assert (scores["end"].fp, scores["end"].fn) == (1, 0)
    assert scores["end"].false_hits == ["project #1 end = 2022-04-01 2022-04-30 month"]


def test_projects_without_numbers_pair_by_title() -> None:
    gold = [GoldProject(title="Smart Skills for Smarter Cities", partners=6)]
    predicted = [_project(title="Digiskill-Retail", partners=4), _project(title="smart skills for  smarter cities", partners=6)]
    scores = score_projects(gold, predicted)
    assert (scores["partners"].tp, scores["partners"].fp, scores["partners"].fn) == (1, 1, 0)
    assert (scores["title"].tp, scores["title"].fp) == (1, 1)


def test_sample_gold_file_is_valid_and_complete() -> None:
    gold = load_gold(GOLD_DIR / "issue8.json")
    assert (len(gold.money), len(gold.dates), len(gold.programme_codes), len(gold.projects)) == (17, 46, 4, 8)
    assert [p.number for p in gold.projects] == list(range(1, 9))


def test_every_gold_text_is_in_the_sample() -> None:
    from bulletin_extract.ingest import read_document

    gold = load_gold(GOLD_DIR / "issue8.json")
    text = " ".join(read_document(GOLD_DIR.parent / gold.source).text.split())
    listed = [*gold.money, *gold.dates, *gold.programme_codes, *gold.programmes, *gold.counts, *gold.entities]
    absent = [g.text for g in listed if " ".join(g.text.split()) not in text]
    assert absent == []


@pytest.fixture(scope="module")
def sample_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    out = tmp_path_factory.mktemp("eval") / "scores.json"
    result = CliRunner().invoke(main, ["eval", str(GOLD_DIR), "--no-ner", "-v", "--json", str(out)])
    assert result.exit_code == 0, result.output
    return {"output": result.output, "json": json.loads(out.read_text("utf-8"))}


def test_eval_command_prints_every_kind_per_document_and_total(sample_scores: dict[str, object]) -> None:
    output = str(sample_scores["output"])
    assert output.startswith("issue8\n")
    assert "all documents (1), micro-averaged" in output
    for kind in ("money", "dates", "programme_codes", "programmes", "counts", "entities", "projects"):
        rows = [line for line in output.splitlines() if line.startswith(f"  {kind:<18} ")]
        assert len(rows) == 2


def test_eval_report_and_json_give_each_entity_label(sample_scores: dict[str, object]) -> None:
    output = str(sample_scores["output"])
    for label in ("ORG", "PER", "LOC"):
        assert len([line for line in output.splitlines() if line.startswith(f"    {label:<16} ")]) == 2
    labels = sample_scores["json"]["total"]["entity_labels"]  # type: ignore[index]
    total = sample_scores["json"]["total"]["entities"]  # type: ignore[index]
    assert sum(labels[label]["tp"] for label in ("ORG", "PER", "LOC")) == total["tp"]


def test_eval_command_lists_misses_under_verbose(sample_scores: dict[str, object]) -> None:
    # the gold holds names the rules cannot know yet; -v must show them
    assert "MISS  entities" in str(sample_scores["output"])


def test_eval_command_scores_sample_money_and_dates(sample_scores: dict[str, object]) -> None:
    total = sample_scores["json"]["total"]  # type: ignore[index]
    assert total["money"]["tp"] + total["money"]["fn"] == 17
    assert total["dates"]["tp"] + total["dates"]["fn"] == 46


def test_eval_reads_saved_predictions(tmp_path: Path, sample_txt: Path) -> None:
    runner = CliRunner()
    pred = tmp_path / "pred"
    pred.mkdir()
    extracted = runner.invoke(main, ["extract", str(sample_txt), "--no-ner", "-o", str(pred / "issue8.json")])
    assert extracted.exit_code == 0, extracted.output
    direct = runner.invoke(main, ["eval", str(GOLD_DIR), "--no-ner"])
    saved = runner.invoke(main, ["eval", str(GOLD_DIR), "--pred", str(pred)])
    assert saved.exit_code == 0, saved.output
    assert saved.output == direct.output


def test_eval_of_a_folder_without_gold_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code == 2
