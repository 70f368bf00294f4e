"""The embedded default ships compressed and is unpacked once into the cache directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from toponym import loader


def test_embedded_default_is_unpacked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOPONYM_CACHE_DIR", str(tmp_path))
    (tmp_path / "syria-0000000000000000.db").write_bytes(b"an older version's copy")
    (tmp_path / "embedded-0000000000000000.db").write_bytes(b"what toponym 0.x kept")
    first = loader._load_embedded()
    [unpacked] = tmp_path.glob("*.db")  # the stale copies are gone
    assert first.path == unpacked
    stamp = unpacked.stat().st_mtime_ns
    second = loader._load_embedded()
    assert second.path == unpacked
    assert unpacked.stat().st_mtime_ns == stamp  # opened, not unpacked again
    assert len(second) == len(first) > 15_000
    assert second.get("geonames:173576") == first.get("geonames:173576")
    assert not list(tmp_path.glob(".*.part"))


def test_damaged_copy_is_unpacked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOPONYM_CACHE_DIR", str(tmp_path))
    loader._load_embedded()
    [unpacked] = tmp_path.glob("syria-*.db")
    unpacked.write_bytes(b"not a pack")
    gazetteer = loader._load_embedded()
    assert gazetteer.get("geonames:173576") is not None


def test_unwritable_cache_falls_back_to_the_temporary_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("TOPONYM_CACHE_DIR", str(blocker / "cache"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    monkeypatch.setattr("tempfile.tempdir", None)  # re-read TMPDIR
    gazetteer = loader._load_embedded()
    assert gazetteer.path is not None and gazetteer.path.is_relative_to(tmp_path / "tmp")
    assert gazetteer.resolve("Lattakia") is not None
