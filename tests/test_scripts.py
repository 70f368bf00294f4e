"""The evaluation and benchmark scripts run end to end, in a tiny mode, on the embedded default.

They are run as users run them (a subprocess, ``--json``); their figures are only checked for shape and
range, never for speed: benchmarks belong in the scripts, not in timed assertions.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from conftest import REPO_ROOT, SHARED_DIR

SCRIPTS = REPO_ROOT / "scripts"


def _run(script: str, *flags: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / script), "--shared", str(SHARED_DIR), *flags, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def test_evaluate_reports_each_set_with_its_bands() -> None:
    report = _run(
        "evaluate.py",
        "--packs",
        "embedded",
        "--sets",
        "ucdp,ucdp_written,journalistic,non_places",
        "--limit",
        "12",
    )
    assert set(report["sets"]) == {"ucdp", "ucdp_written", "journalistic", "non_places"}
    written = report["sets"]["ucdp_written"]["configs"]
    assert [(c["pack"], c["hint"], c["all"]["n"]) for c in written] == [
        ("embedded", "none", 12),
        ("embedded", "admin1", 12),
    ]
    ucdp = report["sets"]["ucdp"]
    assert sum(ucdp["split"].values()) == 12
    assert [(c["pack"], c["hint"]) for c in ucdp["configs"]] == [("embedded", "none"), ("embedded", "admin1")]
    for config in ucdp["configs"]:
        summary = config["all"]
        assert summary["n"] == 12
        assert abs(summary["right"] + summary["wrong"] + summary["abstain"] - 1) < 1e-9
        assert 0 <= summary["silent_wrong"] <= summary["wrong"]
        assert [b["band"] for b in summary["bands"]] == [
            "100",
            "[95,100)",
            "[90,95)",
            "[85,90)",
            "[80,85)",
            "<80",
        ]
        assert config["geonames"]["n"] + config["other"]["n"] == 12
    assert 0 <= report["sets"]["non_places"]["configs"][0]["false_match_rate"] <= 1


def test_an_unknown_set_is_a_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "evaluate.py"), "--sets", "nonsense"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "choose from" in done.stderr


def test_bench_resolve_times_every_probe_in_a_fresh_process() -> None:
    report = _run(
        "bench_resolve.py",
        "--gazetteer",
        "embedded",
        "--limit",
        "20",
        "--baseline-queries",
        "2",
        "--repeat",
        "1",
    )
    (only,) = report["rounds"]
    assert set(only) == {"load", "none", "admin1", "floor", "baseline"}
    assert only["none"]["first"]["n"] == only["none"]["warm"]["n"] == only["admin1"]["first"]["n"] == 20
    assert only["baseline"]["first"]["n"] == 2
    assert only["load"]["peak_mb"] > 0
    assert all(spread["median"] > 0 for spread in report["summary"]["ratios"].values())
