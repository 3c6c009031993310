"""Web pages (.html): the article without menu and footer, with its structure (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_extract import extract
from bulletin_extract.ingest import read_document
from bulletin_extract.ingest.html import main_content
from bulletin_extract.models import Bulletin
from format_inputs import FACT_KINDS, recall, sample_html

pytest.importorskip("trafilatura")


@pytest.fixture(scope="module")
def html_run(sample_txt: Path, tmp_path_factory: pytest.TempPathFactory) -> Bulletin:
    path = tmp_path_factory.mktemp("html") / "issue8.html"
    path.write_bytes(sample_html(sample_txt))
    return extract(path, use_ner=False, include_text=True)


@pytest.mark.parametrize("kind", FACT_KINDS)
def test_sample_as_html_gives_the_text_facts(html_run: Bulletin, sample_txt: Path, kind: str) -> None:
    assert html_run.source.format == "html"
    assert recall(html_run, extract(sample_txt, use_ner=False), kind) >= 0.95


def test_menu_cookie_banner_and_footer_are_left_out(html_run: Bulletin) -> None:
    text = html_run.text or ""
    assert "Юбилей на сдружението" in text
    assert not any(word in text for word in ("Контакти", "бисквитки", "Всички права запазени"))


def test_declared_windows_1251_is_honoured(tmp_path: Path, sample_txt: Path) -> None:
    path = tmp_path / "issue8.htm"
    path.write_bytes(sample_html(sample_txt, charset="windows-1251"))
    doc = read_document(path)
    assert doc.encoding == "windows-1251"
    assert "Юбилей на сдружението" in doc.text


def _blocks(page: str) -> list[tuple[str, int, str]]:
    pieces, _ = main_content(page)
    return [(p.kind, p.level, p.text.strip()) for p in pieces]


ARTICLE = (
    "<html><body><nav><a href='/'>Начало</a> <a href='/news'>Новини</a></nav><article>"
    "<h2>Проекти на общината</h2>"
    "<p>През 2024 г. общината изпълни четири проекта с общ бюджет 1 200 000 лв. "
    "Финансирането е от Програма „Развитие на регионите“ и от общинския бюджет.</p>"
    "<p>Адрес: бул. „България“ 1<br>Телефон: 0391 6 21 00</p>"
    "<ol><li>Ремонт на детска градина „Радост“ в кв. Марица</li><li>Обновяване на улично осветление</li></ol>"
    "<table><tr><th>Проект</th><th>Бюджет</th></tr><tr><td>Зелен град</td><td>450 000 лв.</td></tr></table>"
    "</article><footer>© Община</footer></body></html>"
)


def test_headings_keep_their_level() -> None:
    assert ("heading", 2, "Проекти на общината") in _blocks(ARTICLE)


def test_br_is_a_line_break() -> None:
    assert ("paragraph", 0, "Адрес: бул. „България“ 1\nТелефон: 0391 6 21 00") in _blocks(ARTICLE)


def test_ordered_list_keeps_its_numbers() -> None:
    assert ("list_item", 0, "2. Обновяване на улично осветление") in _blocks(ARTICLE)


def test_table_rows_keep_their_cells_apart() -> None:
    assert ("table_row", 0, "Зелен град | 450 000 лв.") in _blocks(ARTICLE)


def test_without_an_article_the_body_is_read_without_navigation() -> None:
    from bulletin_extract.ingest.html import _body_pieces

    page = ("<html><body><nav><a href='/'>Начало</a></nav><h1>Бюлетин</h1>"
            "<div><p>Срещата е на 5 май 2024 г.</p></div><table><tr><td>Бюджет</td><td>120 000 лв.</td></tr></table>"
            "<footer>© Община</footer><script>var x = 1;</script></body></html>")
    assert [(p.kind, p.text) for p in _body_pieces(page)] == [
        ("heading", "Бюлетин"), ("paragraph", "Срещата е на 5 май 2024 г."), ("table_row", "Бюджет | 120 000 лв.")]
