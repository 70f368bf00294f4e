"""``toponym serve``: the reconciliation service and the web page, on this machine by default."""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path

import click

from toponym.cli.options import gazetteer_option, open_gazetteer

_log = logging.getLogger("toponym.serve")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow a --host other machines can reach (the service has no authentication).",
)
@click.option(
    "--cache-size",
    default=20_000,
    show_default=True,
    type=click.IntRange(0),
    help="Distinct reconciliation answers kept in memory (0: none).",
)
@click.option("--access-log", is_flag=True, help="Log every request.")
@gazetteer_option
def serve(
    host: str, port: int, allow_remote: bool, cache_size: int, access_log: bool, gazetteer_path: Path | None
) -> None:
    """Serve the OpenRefine reconciliation service at /reconcile and the web page at /.

    Needs the `serve` extra: pip install 'toponym[serve]'."""
    if not _is_loopback(host) and not allow_remote:
        raise click.UsageError(
            f"--host {host} can be reached from other machines; add --allow-remote if that is what you want"
        )
    try:
        import uvicorn

        from toponym.serve.app import create_app
    except ImportError as error:
        raise click.ClickException(f"{error.name} is missing: pip install 'toponym[serve]'") from error
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    if not _is_loopback(host):
        _log.warning("listening on %s: anyone who can reach this machine can use the service", host)
    gazetteer = open_gazetteer(gazetteer_path)
    _log.info("gazetteer: %s (%d places)", gazetteer.path or "embedded default", len(gazetteer))
    app = create_app(gazetteer, cache_size=cache_size)
    _log.info("reconciliation service: http://%s:%d/reconcile", _url_host(host), port)
    uvicorn.run(app, host=host, port=port, access_log=access_log, log_level="info")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
