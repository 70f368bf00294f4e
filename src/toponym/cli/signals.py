"""Ending a command on a signal the way Ctrl-C ends it.

SIGTERM (``timeout``, ``docker stop``, a cancelled CI job) and SIGHUP (a closed terminal) raise
``Terminated`` in the main thread, so every cleanup path runs as for Ctrl-C (``except BaseException``:
temporary files are removed, an existing output is left as it was). The command then exits with
128 + the signal's number, the code a shell reports for a process the signal killed: 130 for SIGINT,
143 for SIGTERM, 129 for SIGHUP.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import click

_HANDLED = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Terminated(BaseException):
    """A termination signal arrived. A ``BaseException``, like ``KeyboardInterrupt``, so that no
    ``except Exception`` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"terminated by {signal.Signals(signum).name}")
        self.signum = signum


def exit_code(signum: int) -> int:
    """The shell's exit code for a process ended by this signal."""
    return 128 + signum


@contextmanager
def ending_on_signals() -> Iterator[None]:
    """Run a command so that Ctrl-C, SIGTERM and SIGHUP clean up and exit with 128 + the signal."""
    previous = _install()
    try:
        yield
    except KeyboardInterrupt:
        click.echo(err=True)  # end the line the ^C was echoed on
        sys.exit(exit_code(signal.SIGINT))
    except Terminated as terminated:
        sys.exit(exit_code(terminated.signum))
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _install() -> dict[int, object]:
    if threading.current_thread() is not threading.main_thread():
        return {}  # only the main thread may set handlers (a command run inside a server thread)
    return {signum: signal.signal(signum, _terminate) for signum in _HANDLED}


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise Terminated(signum)
