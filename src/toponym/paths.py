"""Where toponym keeps user data (fetched sources, the built Syria pack) and how packs are chosen."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

GAZETTEER_ENV = "TOPONYM_GAZETTEER"  # a pack path that replaces the default gazetteer
CACHE_DIR_ENV = "TOPONYM_CACHE_DIR"  # where derived files (the embedded default as a pack) are kept
DATA_DIR_ENV = "TOPONYM_DATA_DIR"  # where `toponym data fetch` stores files (default: user data dir)
FETCHED_PACK_NAME = "syria.db"
EMBEDDED_PACK = "embedded/syria.db.xz"  # the embedded default, inside the package (scripts/build_default.py)


def user_data_dir() -> Path:
    """The directory for fetched sources and packs: $TOPONYM_DATA_DIR or the platform's user data dir."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else platformdirs.user_data_path("toponym", appauthor=False)


def user_cache_dir() -> Path:
    """The directory for derived files we can always rebuild: $TOPONYM_CACHE_DIR or the user cache dir."""
    override = os.environ.get(CACHE_DIR_ENV)
    return Path(override) if override else platformdirs.user_cache_path("toponym", appauthor=False)


def fetched_pack_path() -> Path:
    """Where `toponym data fetch syria` writes its pack; the default gazetteer once it exists."""
    return user_data_dir() / FETCHED_PACK_NAME


def default_pack_path() -> Path | None:
    """The pack ``toponym.load()`` opens: $TOPONYM_GAZETTEER, else a fetched pack, else None (embedded)."""
    chosen = os.environ.get(GAZETTEER_ENV)
    if chosen:
        return Path(chosen)
    fetched = fetched_pack_path()
    return fetched if fetched.is_file() else None
