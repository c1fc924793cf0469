"""`make run`'s first step: the window's system libraries, installed or named in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ijref.qtdeps import check, display_problem, missing_libraries, packages_for, xcb_plugin

PLUGIN = Path("/opt/venv/PySide6/Qt/plugins/platforms/libqxcb.so")
LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /opt/venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-cursor.so.0 => not found
\tlibEGL.so.1 => /lib/x86_64-linux-gnu/libEGL.so.1 (0x00007f)
\tlibxkbcommon-x11.so.0 => not found
"""
LDD_ALL_THERE = LDD_MISSING.replace("=> not found", "=> /lib/x86_64-linux-gnu/x.so (0x1)")


def test_missing_libraries_are_named_by_their_debian_packages() -> None:
    missing = missing_libraries(PLUGIN, lambda _p: LDD_MISSING)
    assert missing == ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxkbcommon-x11.so.0"]
    assert packages_for([*missing, "libodd.so.3"]) == [
        "libodd.so.3",  # not in the table: named as the linker names it
        "libxcb-cursor0",
        "libxcb-icccm4",
        "libxkbcommon-x11-0",
    ]


def test_without_root_it_is_one_line_naming_the_packages_and_exit_2() -> None:
    ran: list[list[str]] = []
    code, line = check(
        install=True,
        plugin=PLUGIN,
        ldd=lambda _p: LDD_MISSING,
        is_root=False,
        has_apt=True,
        run=lambda argv: ran.append(list(argv)) or 0,
    )
    assert code == 2 and ran == []
    assert "\n" not in line
    named = "libxcb-cursor0 libxcb-icccm4 libxkbcommon-x11-0"
    assert line.startswith(f"ijref: the window needs {named}")
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxkbcommon-x11-0" in line


def test_as_root_with_apt_it_installs_them_and_checks_again() -> None:
    answers = iter([LDD_MISSING, LDD_ALL_THERE])
    ran: list[list[str]] = []
    code, line = check(
        install=True,
        plugin=PLUGIN,
        ldd=lambda _p: next(answers),
        is_root=True,
        has_apt=True,
        run=lambda argv: ran.append(list(argv)) or 0,
    )
    assert (code, line) == (0, "")
    assert ran[0] == ["apt-get", "update", "-qq"]
    assert ran[1][-3:] == ["libxcb-cursor0", "libxcb-icccm4", "libxkbcommon-x11-0"]
    assert "--no-install-recommends" in ran[1]


def test_a_failed_install_still_ends_in_the_one_line() -> None:
    code, line = check(
        install=True,
        plugin=PLUGIN,
        ldd=lambda _p: LDD_MISSING,
        is_root=True,
        has_apt=True,
        run=lambda _argv: 100,  # apt-get failed (no network, no mirror)
    )
    assert code == 2 and "libxcb-cursor0" in line


def test_nothing_missing_is_silent() -> None:
    assert check(install=True, plugin=PLUGIN, ldd=lambda _p: LDD_ALL_THERE) == (0, "")


def test_no_display_is_one_line_before_qt() -> None:
    if not sys.platform.startswith("linux"):
        return
    assert "DISPLAY is not set" in display_problem({})
    assert display_problem({"DISPLAY": ":0"}) == ""
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}) == ""
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) == ""


def test_the_step_make_run_calls_passes_on_this_machine() -> None:
    """The real plugin, the real linker: what `make run` runs before the window."""
    done = subprocess.run(
        [sys.executable, "-m", "ijref.qtdeps"], capture_output=True, text=True, check=False
    )
    if not sys.platform.startswith("linux"):
        assert done.returncode == 0
        return
    assert xcb_plugin() is not None
    assert (done.returncode, done.stderr) == (0, "")
