"""`toponym serve` from the command line: loopback unless told otherwise, and a real start."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest
from click.testing import CliRunner

import toponym
from toponym.cli import main


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "example.org", "::"])
def test_a_host_other_machines_can_reach_needs_allow_remote(host: str) -> None:
    result = CliRunner().invoke(main, ["serve", "--host", host])
    assert result.exit_code == 2
    assert f"--host {host} can be reached from other machines; add --allow-remote" in result.output


def test_serve_starts_on_loopback_and_answers_the_manifest(full_pack: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "toponym", "serve", "--port", str(port), "--gazetteer", str(full_pack)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        manifest = None
        deadline = time.monotonic() + 60
        while manifest is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urlopen(f"http://127.0.0.1:{port}/reconcile", timeout=2) as response:
                    manifest = json.load(response)
            except OSError:
                time.sleep(0.2)
        assert manifest is not None, "the server did not answer"
        assert manifest["view"]["url"] == f"http://127.0.0.1:{port}/place/{{{{id}}}}"
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]
    assert f"gazetteer: {full_pack} ({len(toponym.load(full_pack))} places)" in log
    assert f"reconciliation service: http://127.0.0.1:{port}/reconcile" in log
