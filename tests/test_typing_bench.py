"""`ijref bench typing`: the real window typed into; every keystroke's answer painted."""

from __future__ import annotations

from pathlib import Path

from ui_fixtures import build_root  # noqa: F401

from ijref.app import open_services
from ijref.ui.typing_bench import measure_typing


def test_each_keystroke_is_searched_and_painted(qtbot, build_root: Path) -> None:  # noqa: F811
    services = open_services(build_root)
    try:
        figures = measure_typing(build_root, services, ["JAXA", "stem cells"])
    finally:
        services.close()
    # every letter searched (the space only starts the next word)
    assert figures["keystrokes"] == len("JAXA") + len("stemcells")
    assert figures["p50_ms"] > 0 and figures["max_ms"] < 10_000  # nothing lost
    # the baseline: the same keystrokes' searches without the window
    assert figures["search_alone"]["p50_ms"] > 0
