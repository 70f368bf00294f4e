"""The ``toponym`` command: a thin click layer that parses flags and calls the library.

Each command lives in its own module; this one only assembles them. Exit codes: 0 ok, 1 error
(including "no match" for lookup), 2 usage error (click's convention).
"""

from __future__ import annotations

import click

from toponym._version import __version__
from toponym.cli.data import data
from toponym.cli.extract import extract
from toponym.cli.lookup import lookup
from toponym.cli.normalize import normalize


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toponym")
def main() -> None:
    """Resolve Syrian place names, in any romanisation or Arabic script, to canonical places."""


main.add_command(lookup)
main.add_command(data)
main.add_command(normalize)
main.add_command(extract)
