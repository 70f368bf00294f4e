"""Shared fixtures: where ../shared is, found from this file (never from the working directory)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("TOPONYM_SHARED", REPO_ROOT.parent / "shared")).resolve()
SHARED_DATA = SHARED_DIR / "data"
CASES_DIR = Path(__file__).resolve().parent / "cases"


def pytest_configure(config: pytest.Config) -> None:
    # Derived files (the embedded default kept as a pack) go to a fresh directory, not the user's cache.
    os.environ["TOPONYM_CACHE_DIR"] = tempfile.mkdtemp(prefix="toponym-cache-")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"../shared/data not found at {SHARED_DATA}; set TOPONYM_SHARED")
    return SHARED_DATA


@pytest.fixture(scope="session")
def full_pack(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full Syria pack, built once per test session by a real `toponym data build` run."""
    from click.testing import CliRunner

    from toponym.cli import main

    output = tmp_path_factory.mktemp("packs") / "syria.db"
    result = CliRunner().invoke(
        main,
        [
            "data",
            "build",
            "--wof",
            str(shared_data / "whosonfirst-data-admin-sy-master.tar.gz"),
            "--opensyria",
            str(shared_data / "opensyria-data-geography"),
            "--ocha",
            str(shared_data / "ocha-cod-syria-2015" / "syr_admin4_point.geojson"),
            "-o",
            str(output),
        ],
    )
    assert result.exit_code == 0, result.output
    return output


@pytest.fixture(scope="session")
def default_gazetteer():
    """The embedded default gazetteer (curated Syria + world layer)."""
    import toponym

    return toponym.load("embedded")


@pytest.fixture(scope="session")
def wof_sample(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real WOF records cut from ../shared, plus two hand-written ones (tests/samples.py)."""
    from samples import write_wof_sample

    return write_wof_sample(shared_data, tmp_path_factory.mktemp("wof-sample"))


@pytest.fixture(scope="session")
def ocha_sample(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """OCHA's points file holding six real communities, one with its damaged Arabic name."""
    from samples import write_ocha_sample

    return write_ocha_sample(shared_data, tmp_path_factory.mktemp("ocha-sample"))


@pytest.fixture(scope="session")
def live_server(full_pack: Path):
    """`toponym serve`'s application over the full pack, served by a real uvicorn on 127.0.0.1 (a free
    port, in a thread of this process) for the whole session; gives its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    import toponym
    from toponym.serve.app import create_app

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(toponym.load(full_pack)), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)
    listener.close()
