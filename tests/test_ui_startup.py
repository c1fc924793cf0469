"""Startup: the app paints a filled tree and says when; the bench reports both windows."""

# pytest fixtures are imported from ui_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ui_fixtures import build_root  # noqa: F401

from ijref.cli.main import _app_args, main


def _env() -> dict[str, str]:
    root = Path(__file__).resolve().parents[1]
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))


def test_probe_prints_first_paint_with_the_tree_filled(build_root: Path) -> None:
    env = dict(_env(), IJREF_STARTUP_PROBE="1")
    done = subprocess.run(
        [sys.executable, "-m", "ijref", "--build-dir", str(build_root)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    tag, _when, rows = done.stdout.split()
    assert tag == "IJREF_FIRST_PAINT"
    assert int(rows) == 3


def test_starting_the_app_does_not_load_the_heavy_parts(build_root: Path) -> None:
    # Everything the app imports before its first paint, minus what a bare window needs.
    code = (
        "import os, sys; os.environ['IJREF_STARTUP_PROBE'] = '1';"
        "from ijref.cli.main import main; main(['--build-dir', sys.argv[1]]);"
        "print(sorted(m for m in ('sqlalchemy', 'whoosh', 'edtf') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(build_root)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_app_arguments_skip_the_command_modules() -> None:
    assert _app_args(["--record", "agreement/x"]).record == "agreement/x"  # type: ignore[union-attr]
    assert _app_args(["list"]) is None
    assert _app_args(["--help"]) is None
    assert _app_args(["--record"]) is None  # a mistake goes to the full parser's message


def test_bench_startup_json(build_root: Path, capsys) -> None:
    assert main(["--build-dir", str(build_root), "bench", "startup", "--runs", "1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["runs"] == 1
    assert set(result["ijref_ms"]) == {"median", "min", "max"}
    assert result["bare_ms"]["median"] > 0
    expected = result["ijref_ms"]["median"] / result["bare_ms"]["median"]
    assert abs(result["ratio"] - expected) < 0.05
