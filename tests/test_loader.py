"""The embedded default ships compressed and is unpacked once into the cache directory."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from toponym import loader


def test_embedded_default_is_unpacked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOPONYM_CACHE_DIR", str(tmp_path))
    long_ago = time.time() - loader.STALE_AFTER_SECONDS - 60
    for stale in ("syria-0000000000000000.db", "embedded-0000000000000000.db"):  # other versions' copies
        (tmp_path / stale).write_bytes(b"an older version's copy")
        os.utime(tmp_path / stale, (long_ago, long_ago))
    first = loader._load_embedded()
    [unpacked] = tmp_path.glob("*.db")  # the stale copies are gone
    assert first.path == unpacked
    inode = unpacked.stat().st_ino
    second = loader._load_embedded()
    assert second.path == unpacked
    assert unpacked.stat().st_ino == inode  # opened, not unpacked again
    assert len(second) == len(first) > 15_000
    assert second.get("geonames:173576") == first.get("geonames:173576")
    assert not list(tmp_path.glob(".*.part"))


def test_another_versions_copy_in_use_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two installed versions share the cache: each keeps the other's copy while it is being opened (a
    process of the other version reads it part by part, long after it loaded)."""
    monkeypatch.setenv("TOPONYM_CACHE_DIR", str(tmp_path))
    in_use = tmp_path / "syria-1111111111111111.db"
    in_use.write_bytes(b"a newer version's copy, opened an hour ago")
    an_hour_ago = time.time() - 3600
    os.utime(in_use, (an_hour_ago, an_hour_ago))
    gazetteer = loader._load_embedded()
    assert in_use.is_file()
    assert gazetteer.resolve("Lattakia") is not None
    assert len(list(tmp_path.glob("syria-*.db"))) == 2


def test_opening_a_copy_marks_it_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOPONYM_CACHE_DIR", str(tmp_path))
    unpacked = loader.embedded_pack()
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(unpacked, (two_days_ago, two_days_ago))
    assert loader.embedded_pack() == unpacked
    assert time.time() - unpacked.stat().st_mtime < 60


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
