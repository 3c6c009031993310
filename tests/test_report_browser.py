"""The review report driven in headless Chromium (Debian's package, via Playwright).

Runs in CI (.ci/run installs chromium); skips only where /usr/bin/chromium is absent.
The screenshot lands in test-artifacts/report.png (docs/report.png is a copy of it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bulletin_extract.models import Bulletin
from bulletin_extract.report import write_report
from test_report import sample_bulletin

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
SAMPLE_PDF = ROOT / "samples" / "issue8.pdf"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


class Opened:
    """A report open in a page, with the console errors and dialogs it produced."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def active_id(self) -> str:
        return str(self.page.evaluate("document.activeElement.id"))

    def in_viewport(self, selector: str) -> bool:
        box = self.page.locator(selector).bounding_box()
        height = self.page.evaluate("window.innerHeight")
        return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= height


def open_report(browser: Any, bulletin: Bulletin, path: Path) -> Opened:
    write_report(bulletin, path, resolution=80)
    return Opened(browser, path)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Bulletin:
    from bulletin_extract.pipeline import extract

    source = SAMPLE_PDF if SAMPLE_PDF.exists() else SAMPLE_PDF.with_suffix(".txt")
    return extract(source, use_ner=False, include_text=True)


# ------------------------------------------------------------------ the user's sample


def test_sample_report_highlights_every_mention_without_console_errors(
    browser: Any, sample: Bulletin, tmp_path: Path
) -> None:
    opened = open_report(browser, sample, tmp_path / "report.html")
    in_json = len(json.loads(sample.model_dump_json())["mentions"])
    assert opened.page.locator("mark.m").count() == in_json
    budgets = [n for n, p in enumerate(sample.projects) if p.evidence.get("budget")]
    if budgets:  # the README picture: a project's budget, its tooltip and its box on the page
        opened.page.click(f"#projects-{budgets[0]}-budget a.ev")
    else:
        opened.page.locator("mark.m").first.focus()
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / "report.png"))
    assert opened.errors == []


def test_sample_budget_cell_focuses_its_mention(browser: Any, sample: Bulletin, tmp_path: Path) -> None:
    with_budget = [(n, p) for n, p in enumerate(sample.projects) if p.evidence.get("budget")]
    if not with_budget:
        pytest.skip("the sample yields no project with budget evidence (yet)")
    n, project = with_budget[0]
    opened = open_report(browser, sample, tmp_path / "report.html")
    opened.page.click(f"#projects-{n}-budget a.ev")
    assert opened.active_id() == f"m-{project.evidence['budget'][0]}"
    assert opened.in_viewport(f"#m-{project.evidence['budget'][0]}")


# ------------------------------------------------------------ a bulletin built here


def test_toggling_a_kind_hides_its_highlights(browser: Any, tmp_path: Path) -> None:
    opened = open_report(browser, sample_bulletin(), tmp_path / "report.html")
    background = "el => getComputedStyle(el).backgroundColor"
    date = opened.page.locator("mark.m.k-date").first
    money = opened.page.locator("mark.m.k-money").first
    assert date.evaluate(background) != "rgba(0, 0, 0, 0)"
    opened.page.get_by_label("Дата").uncheck()
    assert date.evaluate(background) == "rgba(0, 0, 0, 0)"
    assert money.evaluate(background) != "rgba(0, 0, 0, 0)"
    opened.page.get_by_label("Дата").check()
    assert date.evaluate(background) != "rgba(0, 0, 0, 0)"
    assert opened.errors == []


def test_clicking_a_project_budget_scrolls_to_and_focuses_its_mention(browser: Any, tmp_path: Path) -> None:
    opened = open_report(browser, sample_bulletin(), tmp_path / "report.html")
    opened.page.click("#projects-0-budget a.ev")
    assert opened.active_id() == "m-1"
    assert opened.in_viewport("#m-1")
    opened.page.keyboard.press("Enter")  # and back to the cell
    assert opened.page.evaluate("document.activeElement.closest('td').id") == "projects-0-budget"
    assert opened.errors == []


def test_keyboard_focus_on_a_mention_shows_its_value(browser: Any, tmp_path: Path) -> None:
    opened = open_report(browser, sample_bulletin(), tmp_path / "report.html")
    opened.page.focus("#m-1")
    tip = opened.page.locator("#tip")
    assert tip.is_visible()
    assert "250 000 EUR" in tip.inner_text() and "увереност 90%" in tip.inner_text()
    opened.page.keyboard.press("Escape")
    assert not tip.is_visible()


def test_script_in_the_document_never_runs(browser: Any, tmp_path: Path) -> None:
    bulletin = sample_bulletin()
    bulletin.metadata.title = "<img src=x onerror=alert(2)>"
    opened = open_report(browser, bulletin, tmp_path / "report.html")
    opened.page.hover("#m-8")  # the tooltip of a mention next to the script text
    assert "<script>alert(1)</script>" in opened.page.inner_text("#text")
    assert opened.page.inner_text("h1") == "<img src=x onerror=alert(2)>"
    assert opened.dialogs == []
    assert opened.page.locator("#text script, h1 img").count() == 0
