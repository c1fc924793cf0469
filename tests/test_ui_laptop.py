"""A new user's hour on a laptop screen, as the real app shows it (slow: three app starts).

The app runs in its own process on an offscreen screen of the laptop's size —
1366×768, and 1920×1080 at 150 % (1280×720 to Qt) — with the real catalog
(`make test` builds it first), driven from the keyboard by tests/window_probe.py,
which reports what it measured.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ijref.catalog.paths import build_root

PROBE = Path(__file__).parent / "window_probe.py"
MOU = "agreement/isro-jaxa-mou-2016"
PANES = {"search", "sectors", "record", "search results"}


def _screen(tmp: Path, width: int, height: int) -> str:
    config = tmp / f"screen-{width}x{height}.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    return f"offscreen:configfile={config}"


def _probe(build: Path, home: Path, platform: str, phase: str, scale: str = "1") -> dict:
    out = home / f"{phase}.json"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": platform,
        "QT_SCALE_FACTOR": scale,
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "IJREF_DATA_DIR": str(home / "ijref-data"),
    }
    done = subprocess.run(
        [sys.executable, str(PROBE), str(build), str(out), phase],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0 and out.is_file(), done.stdout + done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert "timeouts" not in report, report
    return report


def _first_hour(report: dict) -> None:
    """What a person needs on the first start: it fits, finds, reads, writes."""
    for moment in ("outside_at_start", "outside_with_results", "outside_with_note"):
        assert report[moment] == [], (moment, report[moment])
    assert report["results_whole_rows"] >= 6
    assert report["record_shown"] == MOU and report["record_has_parties"]
    assert report["focus_after_open"] == "record"  # Enter on a hit: on to read it
    assert report["record_pane_width"] >= 600
    assert report["record_pane_width_with_note"] >= 600
    assert report["record_text_height_with_note"] >= 200  # the record still reads with a note
    labels = report["tree_labels"]
    assert len(labels) == 7 and len(set(labels)) == 7, labels
    assert all(label.strip("…") for label in labels)
    assert set(report["f6_panes"]) >= PANES, report["f6_panes"]
    assert PANES | {"note"} <= set(report["f6_panes_with_note"])
    tabbed = report["tab_panes"]
    assert "sectors" in tabbed and "record" in tabbed, tabbed
    assert report["note_saved"].startswith("Saved")
    width, whole = report["timeline_width"]
    assert width >= whole * 0.9  # the timeline takes the window's width
    assert report["timeline_cut_controls"] == []
    assert report["in_force_fully_visible"]
    assert report["outside_timeline"] == []


@pytest.mark.slow
def test_a_1366x768_laptop_first_start_and_the_note_after_a_restart(tmp_path: Path) -> None:
    platform = _screen(tmp_path, 1366, 768)
    first = _probe(build_root(), tmp_path, platform, "first")
    assert first["screen"] == [1366, 768]
    _first_hour(first)
    again = _probe(build_root(), tmp_path, platform, "restart")
    assert again["outside_at_start"] == []
    assert again["record_shown"] == MOU
    assert again["note_visible"] and "LUPEX" in again["note_text"]
    assert again["notes_button"] == "✎ 1 note"
    assert again["tree_says"].endswith("with your notes")
    assert again["record_pane_width"] >= 600


@pytest.mark.slow
def test_a_1920x1080_screen_at_150_percent(tmp_path: Path) -> None:
    report = _probe(build_root(), tmp_path, _screen(tmp_path, 1920, 1080), "first", scale="1.5")
    assert report["screen"] == [1280, 720]
    _first_hour(report)
