"""A signal ends a real `toponym normalize` subprocess cleanly: no temporary file is left, an existing
output is left as it was, and the exit code is 128 + the signal (130 SIGINT, 143 SIGTERM, 129 SIGHUP)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tables import read_csv_places

from toponym.packs.pack import write_pack

OLD_OUTPUT = b"the previous run's output\n"
ROWS = 400_000


@pytest.fixture(scope="module")
def big_input(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A CSV long enough that normalising it takes seconds, and a small pack to normalise it with."""
    directory = tmp_path_factory.mktemp("signals")
    source = directory / "events.csv"
    names = ("Lattakia", "Aleppo", "Qwxzplk", "حلب", "")
    with source.open("w", encoding="utf-8", newline="") as handle:
        handle.write("id,location,note\n")
        for i in range(ROWS):
            handle.write(f'{i},{names[i % len(names)]},"line one\nline two, {i}"\n')
    pack = write_pack(read_csv_places(), directory / "small.db", provenance={})
    return source, pack


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize(
    ("signum", "code"),
    [(signal.SIGINT, 130), (signal.SIGTERM, 143), (getattr(signal, "SIGHUP", 1), 129)],
    ids=["SIGINT", "SIGTERM", "SIGHUP"],
)
def test_a_signal_leaves_no_debris(
    big_input: tuple[Path, Path], tmp_path: Path, signum: int, code: int
) -> None:
    source, pack = big_input
    output = tmp_path / "out.csv"
    output.write_bytes(OLD_OUTPUT)
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "toponym", "normalize", str(source), "-c", "location"),
            *("--gazetteer", str(pack), "-o", str(output), "--report", str(tmp_path / "report.csv")),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not any(p.name.endswith(".part") for p in tmp_path.iterdir()):  # it has started writing
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "no temporary output appeared"
            time.sleep(0.01)
        time.sleep(0.2)
        os.kill(process.pid, signum)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == code, err.decode()
    assert b"Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no .part, no report
    assert output.read_bytes() == OLD_OUTPUT
