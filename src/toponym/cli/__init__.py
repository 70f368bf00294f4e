"""The ``toponym`` command: a thin click layer that parses flags and calls the library.

Each command lives in its own module; this one only assembles them, importing a command's module
only when that command runs (click's lazy-group pattern), so `toponym lookup` does not pay for the
extraction code or geopy. Exit codes: 0 ok, 1 error (including "no match" for lookup), 2 usage
error (click's convention), 128 + the signal's number when a signal ends a command (130 Ctrl-C,
143 SIGTERM, 129 SIGHUP; see ``toponym.cli.signals``).
"""

from __future__ import annotations

import importlib

import click

from toponym._version import __version__
from toponym.cli.signals import ending_on_signals

# command name -> "module:attribute"
_COMMANDS = {
    "lookup": "toponym.cli.lookup:lookup",
    "normalize": "toponym.cli.normalize:normalize",
    "extract": "toponym.cli.extract:extract",
    "reverse": "toponym.cli.reverse:reverse",
    "data": "toponym.cli.data:data",
    "serve": "toponym.cli.serve:serve",
}


class _LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _COMMANDS and cmd_name not in self.commands:
            module, attribute = _COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> object:
        with ending_on_signals():
            return super().invoke(ctx)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toponym")
def main() -> None:
    """Resolve Syrian place names, in any romanisation or Arabic script, to canonical places."""
