"""Options and helpers shared by the commands."""

from __future__ import annotations

import json
import signal
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from toponym.errors import InvalidOption, ToponymError, UnknownContextWarning
from toponym.gazetteer import AdminLevel, Gazetteer
from toponym.loader import load
from toponym.models import PLACE_KINDS
from toponym.resolve.context import country_code, place_kind

F = TypeVar("F", bound=Callable[..., Any])

gazetteer_option = click.option(
    "--gazetteer",
    "gazetteer_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="TOPONYM_GAZETTEER",
    default=None,
    help="Gazetteer pack to use (default: $TOPONYM_GAZETTEER, a fetched pack, or the embedded one).",
)


def _checked_by(
    check: Callable[[str], str],
) -> Callable[[click.Context, click.Parameter, str | None], str | None]:
    """A click callback running the library's own check of a value: the CLI and the library agree."""

    def callback(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            return check(value)
        except InvalidOption as error:
            raise click.BadParameter(str(error)) from error

    return callback


def country_option(help: str) -> Callable[[F], F]:
    """``--country``: an ISO 3166-1 alpha-2 or alpha-3 code or a country name, checked and made alpha-2."""
    return click.option("--country", metavar="COUNTRY", callback=_checked_by(country_code), help=help)


kind_option = click.option(
    "--kind",
    metavar="KIND",
    callback=_checked_by(place_kind),
    help=f"Kind of place: {', '.join(PLACE_KINDS)}.",
)


def warn_unknown_context(gazetteer: Gazetteer, **values: str | None) -> None:
    """A warning on stderr for each ``--admin1``/``--admin2`` that names no area of the gazetteer."""
    for level, value in values.items():
        if value and gazetteer.area(value, _level(level)) is None:
            area = "governorate" if level == "admin1" else "district"
            click.echo(
                f"warning: --{level} {shorten(value)!r} names no {area} in the gazetteer; it is ignored",
                err=True,
            )


def _level(name: str) -> AdminLevel:
    return "admin1" if name == "admin1" else "admin2"


@contextmanager
def context_warnings_reported() -> Iterator[None]:
    """Silence the library's ``UnknownContextWarning``: the command reports unknown context itself."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownContextWarning)
        yield


def input_file_argument(name: str, metavar: str) -> Callable[[F], F]:
    """The optional input file of a command: an existing file, or `-` or nothing for stdin."""
    return click.argument(
        name,
        metavar=metavar,
        required=False,
        type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path),
    )


def open_gazetteer(path: Path | None) -> Gazetteer:
    """Load the chosen gazetteer, turning our errors into a clean message and exit code 1."""
    with library_errors():
        return load(path)


@contextmanager
def library_errors() -> Iterator[None]:
    """The library's errors as clean messages: a bad option or argument (``InvalidOption``) is a
    usage error (exit 2), any other of our errors or an OS error an error (exit 1)."""
    try:
        yield
    except InvalidOption as error:
        raise click.UsageError(str(error)) from error
    except ToponymError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        where = f": {error.filename}" if error.filename else ""
        raise click.ClickException(f"{error.strerror or error}{where}") from error


MESSAGE_VALUE_CHARS = 80  # a value quoted in a message is cut to this length


def shorten(value: str, limit: int = MESSAGE_VALUE_CHARS) -> str:
    """A value as a message quotes it: on one line, cut (saying how long it was) past ``limit``."""
    head = " ".join(value[: 4 * limit].split())
    if len(value) <= 4 * limit and len(head) <= limit:
        return head
    return f"{head[: limit - 1]}… ({len(value):,} characters)"


def quiet_broken_pipe() -> None:
    """Let `toponym ... | head` end quietly instead of with a traceback."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def fail(message: str, code: int = 1) -> None:
    """Print an error on stderr and exit with ``code`` (1 error, 2 usage)."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)
