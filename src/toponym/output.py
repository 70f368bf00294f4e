"""Writing an output file safely, whatever the target is: one rule for every file toponym writes
(CSV output, review reports, packs, downloaded sources).

What happens depends on what the target is when writing starts (``open_output``):

- **absent, or a regular file**: the data goes to a temporary file beside it
  (``.NAME.XXXXXXXX.part``), renamed over the target on ``commit``; ``discard`` (any error, Ctrl-C,
  SIGTERM) removes it. So the target is either the complete new file or left as it was, and a
  replaced file keeps its permissions.
- **a symbolic link**: followed; the file it points to is replaced by the rule above and the link
  stays a link (pointing to the new file).
- **a character device, FIFO or socket** (``/dev/null``, ``/dev/stdout``, a terminal, a named pipe):
  written directly, streaming. There is nothing to replace, and replacing ``/dev/null`` with a
  regular file would break it for the whole machine.
- **a directory, a block device, or a path in a directory that does not exist**: refused as a usage
  error (``InvalidOption``), naming the path or the directory; no directory is ever created.

A directory we may not write in, or a full disk, raises ``OutputError`` (an ``OSError``) naming the
file. ``replaced_file`` is the same rule for writers that need a real file of their own (SQLite): it
refuses devices and FIFOs.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from toponym.errors import InvalidOption, OutputError

_NAME_ATTEMPTS = 100


class PendingOutput:
    """An output being written: ``handle`` receives the bytes; ``commit`` puts them in place,
    ``discard`` drops them (a streamed target keeps what was already written to it)."""

    def __init__(self, target: Path, handle: BinaryIO, temporary: Path | None) -> None:
        self.target = target  # the file written in the end (a symbolic link's target, resolved)
        self.handle = handle
        self.temporary = temporary  # None when the target is written directly (a device, a FIFO)

    @property
    def streamed(self) -> bool:
        return self.temporary is None

    def commit(self) -> None:
        try:
            self.handle.close()
            if self.temporary is not None:
                _replace(self.temporary, self.target)
        except OSError as error:
            self.discard()
            raise _output_error(self.target, error) from error

    def discard(self) -> None:
        with contextlib.suppress(OSError):  # a full disk fails the close too; the file goes anyway
            self.handle.close()
        if self.temporary is not None:
            self.temporary.unlink(missing_ok=True)


def open_output(target: Path | str) -> PendingOutput:
    """Start writing ``target`` by the rule in the module docstring."""
    target = Path(target)
    if _is_stream(target):
        try:
            return PendingOutput(target, open(target, "wb"), None)
        except OSError as error:
            raise _output_error(target, error) from error
    destination = _file_destination(target)
    temporary, fd = _temporary_beside(destination)
    return PendingOutput(destination, os.fdopen(fd, "wb"), temporary)


@contextmanager
def atomic_output(target: Path | str) -> Iterator[BinaryIO]:
    """``open_output`` as a context: committed when the block ends, discarded if it raises."""
    pending = open_output(target)
    try:
        yield pending.handle
    except BaseException:
        pending.discard()
        raise
    pending.commit()


@contextmanager
def replaced_file(target: Path | str, *, what: str = "file") -> Iterator[Path]:
    """A fresh, empty temporary file beside ``target`` for a writer that needs a real file (SQLite),
    renamed over ``target`` when the block ends and removed if it raises. A device, FIFO or ``-``
    cannot take such a file: ``InvalidOption``, saying so (``what`` names the kind of file)."""
    destination = check_output_path(target, stream_ok=False, what=what)
    temporary, fd = _temporary_beside(destination)
    os.close(fd)
    try:
        yield temporary
        _replace(temporary, destination)
    except OSError as error:
        _remove_with_companions(temporary)
        raise _output_error(destination, error) from error
    except BaseException:
        _remove_with_companions(temporary)
        raise


def check_output_path(target: Path | str, *, stream_ok: bool = True, what: str = "file") -> Path:
    """Refuse early, as ``open_output`` (``stream_ok``) or ``replaced_file`` would, a target that is a
    directory or in a missing one; returns the file that will be written (a link's target)."""
    target = Path(target)
    streamed = str(target) == "-" or _is_stream(target)
    if streamed and not stream_ok:
        raise InvalidOption(f"cannot write a {what} to {target}: give the path of a regular file")
    return target if streamed else _file_destination(target)


def _is_stream(target: Path) -> bool:
    """Whether the target (links followed) is something to write to directly, not to replace."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _file_destination(target: Path) -> Path:
    """The regular file to replace (a link's target), or ``InvalidOption`` for what cannot be one."""
    destination = Path(os.path.realpath(target)) if target.is_symlink() else target
    try:
        mode = os.stat(destination).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise _output_error(target, error) from error
    if mode is not None and stat.S_ISDIR(mode):
        raise InvalidOption(f"cannot write {target}: it is a directory; give a file path")
    if mode is not None and not stat.S_ISREG(mode):
        raise InvalidOption(f"cannot write {target}: it is not a regular file, a device or a FIFO")
    parent = destination.parent
    if not parent.is_dir():
        raise InvalidOption(f"cannot write {target}: the directory {parent} does not exist")
    return destination


def _temporary_beside(destination: Path) -> tuple[Path, int]:
    """A new file beside ``destination`` (O_EXCL; mode 0o666 less the umask, as open() gives)."""
    for _ in range(_NAME_ATTEMPTS):
        temporary = destination.with_name(f".{destination.name}.{os.urandom(4).hex()}.part")
        try:
            return temporary, os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as error:
            raise _output_error(destination, error) from error
    raise OutputError(f"cannot write {destination}: no free temporary name beside it")


def _replace(temporary: Path, destination: Path) -> None:
    try:
        mode = destination.stat().st_mode & 0o7777  # replacing a file keeps its permissions
    except FileNotFoundError:
        mode = None
    if mode is not None:
        os.chmod(temporary, mode)
    os.replace(temporary, destination)


def _remove_with_companions(temporary: Path) -> None:
    """Remove a temporary file and what SQLite may have left beside it (a rolled-back journal)."""
    for path in (temporary, temporary.with_name(temporary.name + "-journal")):
        path.unlink(missing_ok=True)


def _output_error(target: Path, error: OSError) -> OutputError:
    return OutputError(f"cannot write {target}: {error.strerror or error}")
