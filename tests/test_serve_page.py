"""The web page's JSON endpoints on the live server, and the article view they share with
`toponym extract --html`: what each shows, that it is escaped, and that the file stands alone."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from conftest import SHARED_DIR

from toponym.cli import main
from toponym.models import Place
from toponym.packs.pack import write_pack

SEED = SHARED_DIR / "seeds" / "000_d7dc2087d39ebb42.txt"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def http(live_server: str):
    with httpx.Client(base_url=live_server, timeout=60) as client:
        yield client


def test_the_page_and_its_files_are_served_with_a_policy_that_forbids_inline_scripts(
    http: httpx.Client,
) -> None:
    page = http.get("/")
    assert page.status_code == 200 and 'id="search"' in page.text
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'self': no inline
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for name in ("app.js", "article.js", "style.css"):
        assert http.get(f"/static/{name}").status_code == 200
    assert http.get("/static/../app.py").status_code == 404  # no way out of the static folder


def test_search_gives_ranked_rows_with_arabic_names_and_their_map(http: httpx.Client) -> None:
    found = http.get("/api/search", params={"q": "Lattakia"}).json()
    first = found["rows"][0]
    assert (first["id"], first["name_ar"], first["governorate"], first["score"]) == (
        "geonames:173576",
        "اللاذقية",
        "Latakia",
        100.0,
    )
    svg = found["map"]
    assert svg.count('class="outline governorate"') == 14 and svg.count('class="outline district"') == 61
    assert int(re.search(r'data-points="(\d+)"', svg).group(1)) == len(found["rows"]) == svg.count("<circle")
    sawda = http.get("/api/search", params={"q": "Sawda", "governorate": "Lattakia"}).json()["rows"][0]
    assert sawda["ambiguous"] and sawda["runner_up"] and sawda["status"] == "ambiguous"


def test_a_pasted_column_gives_one_row_per_line_in_order(http: httpx.Client) -> None:
    lines = ["Kafr Nabl", "", "Qwxzzy Jjqv", "Douma", "Sawda"]
    rows = http.post("/api/resolve", json={"lines": lines, "governorate": "Idleb"}).json()["rows"]
    assert [row["query"] for row in rows] == lines
    assert [row["status"] for row in rows][:3] == ["matched", "empty", "unmatched"]
    assert rows[0]["id"] == "geonames:168661" and rows[0]["district"] == "Maarrat al-Nu'man"
    too_many = http.post("/api/resolve", json={"lines": ["Homs"] * 2001})
    assert too_many.status_code == 400 and "at most 2000 lines" in too_many.json()["error"]
    assert http.post("/api/resolve", json={"lines": "Homs"}).status_code == 400


def test_an_article_comes_back_highlighted_mapped_and_as_geojson(http: httpx.Client) -> None:
    text = SEED.read_text(encoding="utf-8")
    data = http.post("/api/extract", json={"text": text}).json()
    html = data["html"]
    marks = re.findall(r'<mark class="mention (\w+)', html)
    assert len(marks) == len(data["mentions"]) and {"resolved", "approximate"} <= set(marks)
    assert 'data-key="geonames:173578"' in html  # "province of Latakia": the governorate, linked to its point
    assert len(data["geojson"]["features"]) >= len(marks) - marks.count("unknown")
    assert re.sub(r"<[^>]+>", "", html.split('<div class="article-text">')[1].split("</div>")[0]) == (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )  # the text, every character of it, and only markup around it


def test_an_article_with_markup_in_it_comes_back_inert(http: httpx.Client) -> None:
    html = http.post("/api/extract", json={"text": f"Shelling hit Douma. {SCRIPT} Then Harasta."}).json()[
        "html"
    ]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    found = http.get("/api/search", params={"q": SCRIPT}).json()
    assert SCRIPT not in found["map"]


def test_extract_html_writes_one_self_contained_file(full_pack: Path, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(SEED.read_text(encoding="utf-8") + f"\n{SCRIPT}\n", encoding="utf-8")
    output = tmp_path / "article.html"
    result = CliRunner().invoke(
        main, ["extract", str(article), "--html", str(output), "--gazetteer", str(full_pack)]
    )
    assert result.exit_code == 0, result.output
    assert "Ayn Qantarah" in result.stdout  # the table still goes to stdout
    html = output.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "function toponymLink" in html
    assert html.count('class="outline district"') == 61 and "<mark" in html
    assert not re.search(
        r'(src|href)="', html
    )  # nothing to fetch: no scripts, styles or tiles from elsewhere
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and SCRIPT not in html


def test_extract_html_without_outlines_still_maps_the_points(tmp_path: Path) -> None:
    aleppo = Place(id="geonames:170063", name="Aleppo", kind="city", lat=36.20124, lon=37.16117, country="SY")
    pack = write_pack([aleppo], tmp_path / "no-outlines.db", provenance={})
    output = tmp_path / "article.html"
    result = CliRunner().invoke(
        main,
        ["extract", "-", "--json", "--html", str(output), "--gazetteer", str(pack)],
        input="Fighting near Aleppo.",
    )
    assert result.exit_code == 0, result.output
    html = output.read_text(encoding="utf-8")
    assert "no outlines in this gazetteer" in html and 'class="point resolved"' in html
    assert "<title>stdin</title>" in html
