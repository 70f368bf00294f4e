"""The web page in a real browser: headless Chromium (Debian's package; `.ci/run` installs it) driven
by Playwright, on the live server. A person's steps — type a name, pick a suggestion, paste a column,
download its CSV, paste an article — checked in the DOM, with screenshots kept in tests/artefacts/.
No alert may fire, whatever markup the inputs hold."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED_DIR

from toponym.cli import main

ARTEFACTS = Path(__file__).resolve().parent / "artefacts"
SEED = SHARED_DIR / "seeds" / "000_d7dc2087d39ebb42.txt"
SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(2)">'
# Chromium as the build machine runs it: no sandbox (root in a container), nothing fetched on its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    return next((path for name in ("chromium", "chromium-browser") if (path := shutil.which(name))), None)


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    if executable is None:
        pytest.skip("no Chromium binary on this machine (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives each launch a fresh temporary profile (its own --user-data-dir)
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def _shot(page, name: str) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / name), full_page=True)


def test_typing_a_name_suggests_places_and_picking_one_shows_results_on_the_map(
    page, live_server: str
) -> None:
    page.goto(live_server)
    page.locator("#search").press_sequentially("Lattak", delay=40)
    suggestion = page.locator("#suggestions li", has_text="Latakia").first
    suggestion.wait_for()
    assert "اللاذقية" in suggestion.inner_text()
    suggestion.click()
    first_row = page.locator("#search-results tbody tr").first
    first_row.wait_for()
    cells = first_row.locator("td").all_inner_texts()
    assert cells[:3] == ["Latakia", "اللاذقية", "geonames:173576"] and cells[5] == "100"
    assert page.locator("#search-map svg path.outline.district").count() == 61
    points = page.locator("#search-map svg circle.point")
    assert points.count() == page.locator("#search-results tbody tr").count() >= 1
    first_row.hover()  # the row and its point light up together
    assert "hi" in points.first.get_attribute("class")
    _shot(page, "serve-search.png")
    assert page.dialogs == []


def test_ambiguity_is_shown_with_the_runner_up(page, live_server: str) -> None:
    page.goto(live_server)
    page.fill("#search", "Sawda")
    page.fill("#search-governorate", "Lattakia")
    page.press("#search", "Enter")
    row = page.locator("#search-results tbody tr").first
    row.wait_for()
    assert re.fullmatch(r"\d+ \?", row.locator("td").nth(5).inner_text())  # the score, marked doubtful
    assert row.locator("td").nth(6).inner_text().startswith("ambiguous: also ")


def test_markup_typed_into_the_search_stays_text(page, live_server: str) -> None:
    page.goto(live_server)
    page.fill("#search", SCRIPT + IMAGE)
    page.press("#search", "Enter")
    # a locator wait, not wait_for_function: Playwright may evaluate a predicate string with eval(),
    # which the page's Content Security Policy rightly refuses (the test failed now and then so)
    page.locator("#search-status", has_text=SCRIPT).wait_for()
    assert SCRIPT in page.inner_text("#search-status")
    assert page.locator("#search-panel img").count() == 0 and page.dialogs == []


def test_a_pasted_column_becomes_a_table_a_map_and_a_csv(page, live_server: str, tmp_path: Path) -> None:
    page.goto(live_server)
    page.click("nav [data-panel=column-panel]")
    page.fill("#column-input", "\n".join(["Kafr Nabl", "Douma", "", SCRIPT, "Deir Ezzor", "Manbij"]))
    page.click("#column-go")
    rows = page.locator("#column-results tbody tr")
    rows.nth(5).wait_for()
    assert rows.locator("td:nth-child(2)").all_inner_texts() == [
        "matched",
        "matched",
        "empty",
        "unmatched",
        "matched",
        "matched",
    ]
    assert rows.nth(3).locator("td").first.inner_text() == SCRIPT
    assert page.locator("#column-map svg circle.point").count() == 4
    with page.expect_download() as download:
        page.click("#column-csv")
    saved = tmp_path / "places.csv"
    download.value.save_as(saved)
    lines = saved.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("query,status,id,name,name_ar")
    assert lines[1].startswith("Kafr Nabl,matched,geonames:168661,Kafr Nabl,كفر نبل,town,Idlib")
    assert len(lines) == 7
    _shot(page, "serve-column.png")
    assert page.dialogs == []


def test_a_pasted_article_is_highlighted_and_mapped_and_stays_inert(page, live_server: str) -> None:
    page.goto(live_server)
    page.click("nav [data-panel=article-panel]")
    page.fill("#article-input", SEED.read_text(encoding="utf-8") + f"\n{SCRIPT} {IMAGE}\n")
    page.click("#article-go")
    page.locator("#article-view mark.mention").first.wait_for()
    assert page.locator("#article-view mark.mention.resolved").count() >= 10
    assert page.locator("#article-view mark.mention.approximate").count() >= 3
    assert page.locator("#article-view svg circle.point.approximate").count() >= 1
    latakia = page.locator('#article-view mark[data-key="geonames:173578"]').first
    latakia.hover()
    assert "hi" in page.locator('#article-view circle[data-key="geonames:173578"]').get_attribute("class")
    assert SCRIPT in page.inner_text("#article-view .article-text")
    assert page.locator("#article-view img").count() == 0
    _shot(page, "serve-article.png")
    assert page.dialogs == []


def test_the_extract_html_file_works_on_its_own(page, full_pack: Path, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(SEED.read_text(encoding="utf-8") + f"\n{SCRIPT}\n", encoding="utf-8")
    output = tmp_path / "article.html"
    result = CliRunner().invoke(
        main, ["extract", str(article), "--html", str(output), "--gazetteer", str(full_pack)]
    )
    assert result.exit_code == 0, result.output
    page.goto(output.as_uri())
    assert page.locator("svg path.outline.governorate").count() == 14
    aleppo = page.locator("mark.mention.resolved", has_text="Aleppo").first
    aleppo.hover()
    key = aleppo.get_attribute("data-key")
    assert "hi" in page.locator(f'circle[data-key="{key}"]').get_attribute("class")
    _shot(page, "extract-html.png")
    assert page.dialogs == []
