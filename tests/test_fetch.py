"""`toponym data fetch syria` against a local HTTP mirror of ../shared/data (never the internet)."""

from __future__ import annotations

import functools
import http.server
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from toponym.cli import main
from toponym.packs.fetch import MIRROR_ENV, UPSTREAM_FILES, upstream_urls
from toponym.packs.pack import read_meta


@pytest.fixture()
def mirror(shared_data: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(shared_data))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_mirror_overrides_every_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MIRROR_ENV, "http://mirror.example/syria/")
    urls = upstream_urls()
    assert set(urls) == set(UPSTREAM_FILES)
    assert all(url == f"http://mirror.example/syria/{path}" for path, url in urls.items())


def test_every_shared_ocha_file_is_fetched(shared_data: Path) -> None:
    ocha = {p.name for p in (shared_data / "ocha-cod-syria-2015").glob("*.geojson")}
    assert {f"ocha-cod-syria-2015/{name}" for name in ocha} <= set(UPSTREAM_FILES)


def place_ids(pack: Path) -> list[str]:
    with closing(sqlite3.connect(f"file:{pack}?mode=ro", uri=True)) as connection:
        return [row[0] for row in connection.execute("SELECT id FROM places ORDER BY id")]


def test_fetch_downloads_and_builds_the_default_pack(
    mirror: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full_pack: Path
) -> None:
    monkeypatch.setenv(MIRROR_ENV, mirror)
    monkeypatch.setenv("TOPONYM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TOPONYM_GAZETTEER", raising=False)
    result = CliRunner().invoke(main, ["data", "fetch", "syria"])
    assert result.exit_code == 0, result.output
    pack = tmp_path / "syria.db"
    assert read_meta(pack)["places"] >= 10_000
    # the same places as `data build` from the same files (the Damascus neighbourhoods included)
    built = json.loads(CliRunner().invoke(main, ["data", "info", str(full_pack), "--json"]).output)
    fetched = json.loads(CliRunner().invoke(main, ["data", "info", str(pack), "--json"]).output)
    assert (fetched["places"], fetched["names"]) == (built["places"], built["names"])
    assert place_ids(pack) == place_ids(full_pack)
    # The fetched pack is now the default gazetteer.
    info = CliRunner().invoke(main, ["data", "info", "--json"])
    assert info.exit_code == 0, info.output
    assert str(pack) in info.output


def test_fetch_failure_is_a_clean_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MIRROR_ENV, "http://127.0.0.1:9")  # discard port: nothing listens there
    monkeypatch.setenv("TOPONYM_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["data", "fetch", "syria"])
    assert result.exit_code == 1
    assert "could not download" in result.output
    assert not (tmp_path / "syria.db").exists()
    assert not [p for p in tmp_path.rglob("*.part")]
