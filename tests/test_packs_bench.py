"""`ijref bench pack`: it installs real packs and reports every figure it promises."""

from __future__ import annotations

import json

import pytest

from ijref.cli.main import main


def test_bench_pack_reports_install_and_search_against_a_baseline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["bench", "pack", "--records", "60", "--runs", "1", "--no-window", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["goals"] == {
        "shipped_usable_s": 5.0,
        "synthetic_usable_s": 30.0,
        "window_gap_ms": 50.0,
    }
    for name, records in (("shipped", None), ("synthetic", 60)):
        r = report[name]
        if records is not None:
            assert r["records"] == records
        assert r["baseline_build_s"] > 0 and r["install_s"] > 0 and r["search_s"] > 0
        assert r["usable_s"] == pytest.approx(r["install_s"] + r["search_s"], abs=0.01)
        assert {"Checking the signature", "Building the search index"} <= set(r["stages_s"])
