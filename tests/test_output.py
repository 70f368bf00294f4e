"""Every output toponym writes (CSV output, report, pack) follows one rule per kind of target
(tests/cases/output_targets.tsv), checked through the real commands on real files, devices and FIFOs."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from tables import read_csv_places, read_table

from toponym.cli import main
from toponym.packs.pack import read_meta, write_pack
from toponym.tabular import REPORT_HEADER

CASES = read_table("output_targets.tsv")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
OLD_CONTENT = b"old content\n"


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pack(read_csv_places(), tmp_path_factory.mktemp("pack") / "small.db", provenance={})


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "events.csv"
    path.parent.mkdir()
    path.write_text("id,location\n1,Lattakia\n2,Aleppo\n", encoding="utf-8")
    return path


def unwritable_directory(tmp_path: Path) -> Path:
    """A directory no new file can be created in, even by root (who ignores permission bits)."""
    if os.geteuid() != 0:
        directory = tmp_path / "read-only"
        directory.mkdir()
        directory.chmod(0o555)
        return directory
    candidate = Path("/sys/kernel")  # sysfs refuses new files to everyone
    try:
        os.close(os.open(candidate / ".toponym-probe", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        return candidate
    (candidate / ".toponym-probe").unlink()
    pytest.skip("no directory here refuses new files to root")


def make_target(kind: str, tmp_path: Path) -> Path:
    """A target path of the given kind, in a directory of its own."""
    home = tmp_path / "out"
    home.mkdir()
    if kind == "absent":
        return home / "result"
    if kind == "regular":
        target = home / "result"
        target.write_bytes(OLD_CONTENT)
        target.chmod(0o640)
        return target
    if kind in ("symlink", "dangling_symlink"):
        real = home / "real-result"
        if kind == "symlink":
            real.write_bytes(OLD_CONTENT)
            real.chmod(0o640)
        link = home / "result"
        link.symlink_to(real.name)
        return link
    if kind == "chardev":
        target = home / "null"
        try:  # our own /dev/null (char device 1,3): a mistake here never breaks the machine's
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except (PermissionError, AttributeError):
            pytest.skip("cannot create a character device here")
        return target
    if kind == "fifo":
        target = home / "pipe"
        os.mkfifo(target)
        return target
    if kind == "directory":
        return home
    if kind == "missing_directory":
        return home / "no-such-dir" / "result"
    if kind == "readonly_directory":
        return unwritable_directory(tmp_path) / "result"
    raise AssertionError(kind)


@pytest.fixture
def fifo_reader() -> Iterator[callable]:
    threads: list[threading.Thread] = []
    received: dict[Path, bytes] = {}

    def start(path: Path) -> dict[Path, bytes]:
        def read() -> None:
            with open(path, "rb") as handle:
                received[path] = handle.read()

        thread = threading.Thread(target=read, daemon=True)
        thread.start()
        threads.append(thread)
        return received

    yield start
    for thread in threads:
        thread.join(timeout=10)


def run_writer(writer: str, target: Path, events: Path, pack: Path) -> tuple[int, str]:
    if writer == "output":
        args = ["normalize", str(events), "-c", "location", "-q", "--gazetteer", str(pack), "-o", str(target)]
    elif writer == "report":
        args = ["normalize", str(events), "-c", "location", "-q", "--gazetteer", str(pack)]
        args += ["-o", str(events.parent / "out.csv"), "--report", str(target)]
    else:
        args = ["data", "build", "--opensyria", str(FIXTURES / "opensyria"), "--no-curated", "--no-world"]
        args += ["-o", str(target)]
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


def check_content(writer: str, path: Path) -> None:
    if writer == "output":
        assert path.read_bytes().startswith(b"id,location,location_id")
    elif writer == "report":
        assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(REPORT_HEADER)
    else:
        assert read_meta(path)["places"] > 0


def leftovers(*directories: Path) -> list[Path]:
    return [
        p for d in directories if d.is_dir() for p in d.iterdir() if p.name.endswith((".part", "-journal"))
    ]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['writer']}-{c['target']}-{c['outcome']}" for c in CASES])
def test_output_targets(case: dict[str, str], tmp_path: Path, events: Path, pack: Path, fifo_reader) -> None:
    kind, writer, outcome = case["target"], case["writer"], case["outcome"]
    target = make_target(kind, tmp_path)
    received = fifo_reader(target) if kind == "fifo" and outcome == "streamed" else None
    code, output = run_writer(writer, target, events, pack)
    assert "Traceback" not in output
    if outcome == "replaced":
        assert code == 0, output
        written = target.resolve()
        assert written.is_file() and not written.is_symlink()
        check_content(writer, written)
        if kind in ("symlink", "dangling_symlink"):
            assert target.is_symlink() and written.name == "real-result"  # the link stays a link
        if kind in ("regular", "symlink"):
            assert stat.S_IMODE(written.stat().st_mode) == 0o640  # a replaced file keeps its mode
    elif outcome == "streamed":
        assert code == 0, output
        mode = os.stat(target).st_mode
        assert stat.S_ISCHR(mode) if kind == "chardev" else stat.S_ISFIFO(mode)
        if received is not None:
            for _ in range(100):
                if target in received:
                    break
                threading.Event().wait(0.05)
            assert received[target].startswith(b"id,location" if writer == "output" else b"column,value")
    elif outcome == "usage":
        assert code == 2, output
        assert str(target if kind != "missing_directory" else target.parent) in output
        if kind == "directory":
            assert "is a directory" in output
    else:
        assert code == 1, output
        assert "cannot write" in output
    assert leftovers(target.parent, tmp_path / "out") == []
    if outcome in ("usage", "error") and kind == "regular":
        assert target.read_bytes() == OLD_CONTENT


def test_atomic_output_leaves_an_existing_file_alone_on_error(tmp_path: Path) -> None:
    from toponym.output import atomic_output

    target = tmp_path / "out.csv"
    target.write_bytes(OLD_CONTENT)
    with pytest.raises(RuntimeError), atomic_output(target) as out:
        out.write(b"half")
        raise RuntimeError("boom")
    assert target.read_bytes() == OLD_CONTENT
    assert leftovers(tmp_path) == []
