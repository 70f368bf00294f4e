"""The embedded default is merged once and kept as a pack in the cache directory."""

from __future__ import annotations

from pathlib import Path

import pytest

import toponym
from toponym import loader


def test_embedded_default_is_cached_as_a_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOPONYM_CACHE_DIR", str(tmp_path))
    (tmp_path / "embedded-0000000000000000.db").write_bytes(b"stale")
    first = loader._load_embedded()
    [cached] = tmp_path.glob("embedded-*.db")  # the stale one is gone
    assert first.path == cached
    second = loader._load_embedded()
    assert second.path == cached
    assert len(second) == len(first)
    assert second.get("geonames:173576") == first.get("geonames:173576")


def test_damaged_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOPONYM_CACHE_DIR", str(tmp_path))
    loader._load_embedded()
    [cached] = tmp_path.glob("embedded-*.db")
    cached.write_bytes(b"not a pack")
    gazetteer = loader._load_embedded()
    assert gazetteer.get("geonames:173576") is not None


def test_unwritable_cache_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("TOPONYM_CACHE_DIR", str(blocker / "cache"))
    gazetteer = loader._load_embedded()
    assert gazetteer.path is None
    assert gazetteer.resolve("Lattakia") is not None
    assert toponym.load("embedded").get("geonames:173576") is not None
