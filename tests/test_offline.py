"""The app never opens a network socket: self-test and a UI session, guarded.

Each run happens in its own process under two guards (tests/netguard.py): an
audit hook that makes Python-level network use fail and records it, and
`strace -f` of socket calls (when strace works here) for Qt's C++ side.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from netguard import guarded_run, strace_works

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def build_root(fixture_build: Path) -> Path:
    return fixture_build


def _env(home: Path) -> dict[str, str]:
    """A fresh user: own HOME, default data dir, offscreen Qt, this checkout first."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("XDG_") and k != "IJREF_DATA_DIR"
    }
    env.update(
        HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
    )
    return env


def test_self_test_passes_without_touching_the_network(build_root: Path, tmp_path: Path) -> None:
    run = guarded_run(
        [sys.executable, "-m", "ijref", "--self-test", "--build-dir", str(build_root)],
        tmp_path,
        env=_env(tmp_path / "home"),
    )
    assert run.attempts == [], "\n".join(run.attempts)
    assert run.returncode == 0, run.stdout + run.stderr
    line = run.stdout.strip()
    assert line.startswith("ijref self-test OK:"), line
    assert len(line.splitlines()) == 1
    assert "does not support" not in run.stderr  # no stray line from the offscreen platform
    for step in ("catalog", "search", "profile", "packs", "window"):
        assert f"; {step} " in f"; {line.split(': ', 1)[1]}", f"{step} missing from {line}"
    log = tmp_path / "home" / ".local" / "share" / "ijref" / "selftest.log"
    assert line in log.read_text(encoding="utf-8")


def test_ui_session_stays_offline(build_root: Path, tmp_path: Path) -> None:
    run = guarded_run(
        [sys.executable, str(REPO / "tests" / "ui_session.py"), str(build_root)],
        tmp_path,
        env=_env(tmp_path / "home"),
    )
    assert run.attempts == [], "\n".join(run.attempts)
    assert run.returncode == 0, run.stdout + run.stderr
    for done in ("navigated: ", "searched: JAXA", "opened: agreement/isro-jaxa-mou-2016"):
        assert done in run.stdout, run.stdout
    assert "rendered: " in run.stdout


def test_app_opening_a_record_stays_offline(build_root: Path, tmp_path: Path) -> None:
    shot = tmp_path / "window.png"
    run = guarded_run(
        [
            sys.executable,
            "-m",
            "ijref",
            "--build-dir",
            str(build_root),
            "--record",
            "agreement/isro-jaxa-mou-2016",
            "--screenshot",
            str(shot),
        ],
        tmp_path,
        env=_env(tmp_path / "home"),
    )
    assert run.attempts == [], "\n".join(run.attempts)
    assert run.returncode == 0, run.stdout + run.stderr
    assert shot.stat().st_size > 0


def test_briefing_export_stays_offline(build_root: Path, tmp_path: Path) -> None:
    """A briefing whose note links to the web and shows a remote image, made and
    written to PDF, ODT and Markdown from the command line: no socket opened."""
    out = tmp_path / "out"
    out.mkdir()
    script = f"""
from ijref.cli.main import main
base = ["--build-dir", {str(build_root)!r}, "--data-dir", {str(tmp_path / "data")!r}]
mou = "agreement/isro-jaxa-mou-2016"
note = "See [JAXA](https://global.jaxa.jp/) and ![logo](https://example.com/logo.png)"
assert main([*base, "brief", "create", "JAXA call", "--date", "2018-06-01"]) == 0
assert main([*base, "notes", "add", mou, note]) == 0
assert main([*base, "brief", "add", "JAXA call", mou]) == 0
for name in ("brief.pdf", "brief.odt", "brief.md"):
    assert main([*base, "brief", "export", "JAXA call", {str(out)!r} + "/" + name]) == 0
"""
    run = guarded_run([sys.executable, "-c", script], tmp_path, env=_env(tmp_path / "home"))
    assert run.attempts == [], "\n".join(run.attempts)
    assert run.returncode == 0, run.stdout + run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["brief.md", "brief.odt", "brief.pdf"]
    assert "image not included: logo" in (out / "brief.md").read_text(encoding="utf-8")


def test_guard_catches_a_python_connection(tmp_path: Path) -> None:
    """The guard itself: a connection attempt is blocked and reported."""
    code = "import socket; socket.create_connection(('192.0.2.1', 9), timeout=1)"
    run = guarded_run([sys.executable, "-c", code], tmp_path, env=_env(tmp_path))
    assert run.returncode != 0
    assert "network use blocked" in run.stderr
    assert any("socket." in a for a in run.attempts)


@pytest.mark.skipif(not strace_works(), reason="strace is not usable here")
def test_guard_catches_a_socket_outside_python_hooks(tmp_path: Path) -> None:
    """strace sees sockets the audit hook cannot (here: a run without the hook)."""
    code = "import socket; socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).close()"
    run = guarded_run([sys.executable, "-c", code], tmp_path, env=_env(tmp_path), python_hook=False)
    assert run.returncode == 0
    assert run.traced
    assert any("AF_INET6" in a for a in run.attempts)


def test_self_test_names_a_broken_install_in_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "no-build"
    empty.mkdir()
    run = guarded_run(
        [sys.executable, "-m", "ijref", "--self-test", "--build-dir", str(empty)],
        tmp_path,
        env=_env(tmp_path / "home"),
    )
    assert run.returncode == 1
    assert run.attempts == [], "\n".join(run.attempts)
    line = run.stdout.strip()
    assert len(line.splitlines()) == 1
    assert line.startswith("ijref self-test FAILED:")
    assert "catalog FAILED: no catalog build in" in line
    assert "Traceback" not in run.stdout + run.stderr
