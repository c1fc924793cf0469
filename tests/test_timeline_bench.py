"""`ijref bench timeline` prints the figures the issue asks for."""

from __future__ import annotations

import json

import pytest

from ijref.cli.main import main


def test_bench_timeline_json_has_every_figure(qapp, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["bench", "timeline", "--events", "300", "--frames", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["events"] == 300
    assert out["build_ms"] > 0
    for key in ("fit_ms", "zoom_ms", "pan_ms"):
        assert 0 < out[key]["median"] <= out[key]["max"]
    assert out["naive_fit_ms"]["median"] > 0


def test_bench_timeline_refuses_a_silly_size(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "timeline", "--events", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--events 10000" in err
