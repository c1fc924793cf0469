"""What the window needs from the system on Linux, checked before Qt is loaded.

Qt's xcb plugin needs X and GL libraries the PySide6 wheel does not carry
(`libxcb-cursor0`, `libxcb-icccm4`, `libxcb-keysyms1`, `libxkbcommon-x11-0`,
EGL/GL, …). Without one of them Qt aborts with "Could not load the Qt platform
plugin xcb". `make run` calls `python -m ijref.qtdeps --install` first: it asks
the dynamic linker (`ldd`) what the plugin cannot find, installs the Debian
packages that provide it when run as root with apt, and otherwise prints one
line naming them and exits 2. Nothing here imports Qt.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = [
    "PACKAGES",
    "display_problem",
    "main",
    "missing_libraries",
    "packages_for",
    "xcb_plugin",
]

EXIT_MISSING = 2
# The Debian (and Ubuntu) package of each library the xcb plugin and Qt Gui link.
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libGLdispatch.so.0": "libglvnd0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)

Ldd = Callable[[Path], str]
Runner = Callable[[Sequence[str]], int]


def xcb_plugin() -> Path | None:
    """The Qt xcb platform plugin of the installed PySide6, if there is one."""
    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def _ldd(library: Path) -> str:
    done = subprocess.run(
        ["ldd", str(library)], capture_output=True, text=True, check=False, timeout=60
    )
    return done.stdout


def missing_libraries(plugin: Path, ldd: Ldd = _ldd) -> list[str]:
    """The shared libraries `plugin` needs (directly or not) that the linker cannot find."""
    return sorted(set(_NOT_FOUND.findall(ldd(plugin))))


def packages_for(libraries: Sequence[str]) -> list[str]:
    """The packages that provide `libraries` (a library not in the table names itself)."""
    return sorted({PACKAGES.get(lib, lib) for lib in libraries})


def display_problem(env: dict[str, str] | None = None) -> str:
    """Why no window can open here ("" when one can): no X or Wayland display on Linux."""
    env = dict(os.environ) if env is None else env
    platform = env.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or (platform and not platform.startswith("xcb")):
        return ""
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return ""
    return (
        "there is no display to open the window on (DISPLAY is not set); start ijref "
        "in a desktop session, or check the install without one with `ijref --self-test`"
    )


def _apt_install(packages: Sequence[str], run: Runner) -> bool:
    print(f"installing what the window needs: {' '.join(packages)}", flush=True)
    env = ["env", "DEBIAN_FRONTEND=noninteractive"]
    if run(["apt-get", "update", "-qq"]) != 0:
        return False
    return run([*env, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages]) == 0


def check(
    *,
    install: bool,
    plugin: Path | None,
    ldd: Ldd = _ldd,
    is_root: bool = False,
    has_apt: bool = False,
    run: Runner = lambda argv: subprocess.run(list(argv), check=False).returncode,
) -> tuple[int, str]:
    """(exit code, the one line to print, or "") for the window's system libraries."""
    if plugin is None or not sys.platform.startswith("linux"):
        return 0, ""
    missing = missing_libraries(plugin, ldd)
    if not missing:
        return 0, ""
    packages = packages_for(missing)
    if install and is_root and has_apt and _apt_install(packages, run):
        missing = missing_libraries(plugin, ldd)
        if not missing:
            return 0, ""
        packages = packages_for(missing)
    names = " ".join(packages)
    return EXIT_MISSING, (
        f"ijref: the window needs {names}, which are not installed; "
        f"install them with `sudo apt-get install {names}` (or `sudo make run`)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m ijref.qtdeps [--install]`: 0 when the window can open, else one line and 2."""
    parser = argparse.ArgumentParser(prog="python -m ijref.qtdeps", description=__doc__)
    parser.add_argument(
        "--install", action="store_true", help="install what is missing (root, with apt)"
    )
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        return 0  # no xcb plugin, or no glibc linker to ask: Qt says what it lacks
    code, line = check(
        install=args.install,
        plugin=xcb_plugin(),
        is_root=os.geteuid() == 0,
        has_apt=shutil.which("apt-get") is not None,
    )
    if line:
        print(line, file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
