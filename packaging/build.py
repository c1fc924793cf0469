"""Build the frozen app and the Linux packages: `python packaging/build.py --dist dist`.

One command on every OS (the release workflow runs it on each runner):
1. freeze: PyInstaller one-folder build from `packaging/ijref.spec`
   (the catalog build comes from `--build-dir`, default `db/build`);
2. then, for the OS at hand:
   - Linux: a `.deb` installing to `/opt/ijref` (with a `.desktop` file, icon
     and the `/usr/bin/ijref` link) and a `.tar.gz` of the same folder;
   - Windows: the NSIS installer from `packaging/windows/ijref.nsi`;
   - macOS: `ijref.app` in a `.dmg`, by `packaging/macos/build_dmg.sh`.

`make package` runs this on Linux; tests/test_packaging.py runs it into a temp folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "ijref.spec"
LINUX = ROOT / "packaging" / "linux"
NSIS_SCRIPT = ROOT / "packaging" / "windows" / "ijref.nsi"
DMG_SCRIPT = ROOT / "packaging" / "macos" / "build_dmg.sh"
ICONS = ROOT / "resources" / "icons"
INSTALL_DIR = "opt/ijref"

# What the bundle does not carry and a Debian/Ubuntu desktop provides: the
# xcb helpers Qt's X11 plugin needs, GL/EGL (never bundled: they belong to
# the graphics driver), CUPS for printing a briefing, and fonts for the
# Japanese and Devanagari (and other Indian scripts') text a briefing prints.
DEB_DEPENDS = (
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxkbcommon-x11-0",
    "libgl1",
    "libegl1",
    "libfontconfig1",
    "libcups2",
    "fonts-noto-core",
    "fonts-noto-cjk",
)


def project_version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


def freeze(build_root: Path, dist: Path, work: Path) -> Path:
    """Run PyInstaller; returns the one-folder bundle (`<dist>/ijref`)."""
    env = dict(os.environ, IJREF_BUILD_DIR=str(build_root.resolve()))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        check=True,
        env=env,
        cwd=ROOT,
    )
    return dist / "ijref"


def check_bundle(bundle: Path) -> str:
    """Run the frozen app's --self-test; a bundle that fails it is not packaged."""
    exe = bundle / ("ijref.exe" if sys.platform == "win32" else "ijref")
    with tempfile.TemporaryDirectory() as data_home:
        # XDG_DATA_HOME keeps the check's log out of the builder's own data dir on Linux.
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=data_home)
        env.pop("IJREF_BUILD_DIR", None)  # the bundle must find its own catalog
        run = subprocess.run(
            [str(exe), "--self-test"], capture_output=True, text=True, env=env, check=False
        )
    line = run.stdout.strip() or run.stderr.strip()
    if run.returncode != 0:
        raise SystemExit(f"the frozen app failed its self-test: {line}")
    return line


def _deb_arch() -> str:
    out = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def _libc_depends() -> str:
    # The bundle's own libraries were linked against the build machine's glibc.
    name, _, ver = (os.confstr("CS_GNU_LIBC_VERSION") or "glibc 2.31").partition(" ")
    return f"libc6 (>= {ver})" if name == "glibc" and ver else "libc6"


def _tree_kib(folder: Path) -> int:
    total = sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_symlink())
    return total // 1024 + 1


def _normalise_modes(folder: Path) -> None:
    """Directories 755, files 644 (755 if executable): the same for every builder's umask."""
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir() or os.access(path, os.X_OK):
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def stage_deb(bundle: Path, stage: Path, version: str) -> None:
    """Lay out the package tree: /opt/ijref, the launcher link, desktop file, icons."""
    if stage.exists():
        shutil.rmtree(stage)
    app = stage / INSTALL_DIR
    shutil.copytree(bundle, app, symlinks=True)
    (stage / "usr/bin").mkdir(parents=True)
    (stage / "usr/bin/ijref").symlink_to(f"/{INSTALL_DIR}/ijref")
    apps = stage / "usr/share/applications"
    apps.mkdir(parents=True)
    shutil.copy2(LINUX / "ijref.desktop", apps / "ijref.desktop")
    for size_dir, icon in (("256x256", "ijref.png"), ("scalable", "ijref.svg")):
        dest = stage / "usr/share/icons/hicolor" / size_dir / "apps"
        dest.mkdir(parents=True)
        shutil.copy2(ICONS / icon, dest / icon)
    doc = stage / "usr/share/doc/ijref"
    doc.mkdir(parents=True)
    shutil.copy2(LINUX / "copyright", doc / "copyright")
    _normalise_modes(stage)
    control = (LINUX / "control.in").read_text(encoding="utf-8")
    control = control.format(
        version=version,
        arch=_deb_arch(),
        installed_size=_tree_kib(stage),
        depends=", ".join([_libc_depends(), *DEB_DEPENDS]),
    )
    (stage / "DEBIAN").mkdir(mode=0o755)
    (stage / "DEBIAN/control").write_text(control, encoding="utf-8")


def build_deb(stage: Path, out: Path) -> Path:
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(stage), str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out


def build_tarball(app_dir: Path, out: Path) -> Path:
    """A `.tar.gz` of the install folder, unpacking to `ijref/`, owned by root."""

    def as_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(out, "w:gz", compresslevel=9) as tar:
        tar.add(app_dir, arcname="ijref", filter=as_root)
    return out


def linux_packages(bundle: Path, dist: Path, work: Path, version: str) -> list[Path]:
    stage = work / "deb-root"
    stage_deb(bundle, stage, version)
    machine = platform.machine().lower()
    deb = build_deb(stage, dist / f"ijref_{version}_{_deb_arch()}.deb")
    tgz = build_tarball(stage / INSTALL_DIR, dist / f"ijref-{version}-linux-{machine}.tar.gz")
    return [deb, tgz]


def windows_installer(bundle: Path, dist: Path, version: str) -> Path:
    """Compile the NSIS script around the bundle (NSIS 3 on PATH or in its default place)."""
    makensis = shutil.which("makensis") or r"C:\Program Files (x86)\NSIS\makensis.exe"
    out = dist / f"ijref-{version}-windows-x64-setup.exe"
    subprocess.run(
        [
            makensis,
            "-V2",
            f"-DVERSION={version}",
            f"-DPAYLOAD={bundle.resolve()}",
            f"-DOUTFILE={out.resolve()}",
            str(NSIS_SCRIPT),
        ],
        check=True,
    )
    return out


def macos_dmg(app: Path, dist: Path, version: str) -> Path:
    out = dist / f"ijref-{version}-macos-{platform.machine()}.dmg"
    subprocess.run(["bash", str(DMG_SCRIPT), str(app), str(out), version], check=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where packages go")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "packaging" / "build", help="scratch folder"
    )
    parser.add_argument(
        "--build-dir", type=Path, default=ROOT / "db" / "build", help="catalog build root"
    )
    args = parser.parse_args(argv)
    version = project_version()
    args.dist.mkdir(parents=True, exist_ok=True)
    bundle = freeze(args.build_dir, args.work / "pyinstaller-dist", args.work / "pyinstaller")
    print(f"bundle: {bundle} ({_tree_kib(bundle) / 1024:.1f} MiB unpacked)")
    print(check_bundle(bundle))
    if sys.platform.startswith("linux"):
        packages = linux_packages(bundle, args.dist, args.work, version)
    elif sys.platform == "win32":
        packages = [windows_installer(bundle, args.dist, version)]
    elif sys.platform == "darwin":
        packages = [macos_dmg(bundle.with_name("ijref.app"), args.dist, version)]
    else:
        packages = []
    for path in packages:
        print(f"{path.name}: {path.stat().st_size / 1_000_000:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
