"""The packages install, run read-only as a plain user, stay small and offline.

Builds the frozen app and the Linux packages once (about two minutes), from the
fixture catalog so the test does not depend on the real records, then checks
what an IT department and a user would see. Linux only: the Windows and macOS
payloads are built by the release workflow on their own runners.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from netguard import guarded_run

from ijref.catalog.store import Catalog

REPO = Path(__file__).resolve().parent.parent
MAX_PACKAGE_BYTES = 60 * 1_000_000
VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux packages"),
]


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory, fixture_build: Path) -> Path:
    """`packaging/build.py` into a temp folder: `dist/` (packages) and `work/` (bundle).

    The bundle carries the fixture catalog, so the test does not depend on db/records.
    """
    base = tmp_path_factory.mktemp("packaging")
    subprocess.run(
        [
            sys.executable,
            str(REPO / "packaging" / "build.py"),
            "--dist",
            str(base / "dist"),
            "--work",
            str(base / "work"),
            "--build-dir",
            str(fixture_build),
        ],
        check=True,
        cwd=REPO,
    )
    return base


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, f"expected one {pattern} in {folder}, found {found}"
    return found[0]


def _tree_state(folder: Path) -> dict[str, str]:
    """Every entry under `folder`: mode and content hash (or link target)."""
    state = {}
    for path in sorted(folder.rglob("*")):
        st = path.lstat()
        if path.is_symlink():
            what = "-> " + str(path.readlink())
        elif path.is_file():
            what = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            what = "dir"
        state[str(path.relative_to(folder))] = f"{st.st_mode:o} {what}"
    return state


@pytest.fixture
def install_root() -> Iterator[Path]:
    """A temp root a plain user can traverse (pytest's own temp dir is 0700)."""
    root = Path(tempfile.mkdtemp(prefix="ijref-install-"))
    root.chmod(0o755)
    yield root
    subprocess.run(["chmod", "-R", "u+w", str(root)], check=True)
    shutil.rmtree(root)


def test_packages_are_under_60_mb(packages: Path) -> None:
    deb = _one(packages / "dist", "ijref_*.deb")
    tgz = _one(packages / "dist", "ijref-*-linux-*.tar.gz")
    sizes = {p.name: p.stat().st_size for p in (deb, tgz)}
    print(", ".join(f"{n}: {s / 1e6:.1f} MB" for n, s in sizes.items()))
    assert all(0 < s <= MAX_PACKAGE_BYTES for s in sizes.values()), sizes
    assert f"_{VERSION}_" in deb.name
    assert f"-{VERSION}-" in tgz.name


def test_deb_runs_self_test_read_only_as_a_plain_user(
    packages: Path, install_root: Path, fixture_build: Path
) -> None:
    deb = _one(packages / "dist", "ijref_*.deb")
    fields = subprocess.run(
        ["dpkg-deb", "--field", str(deb), "Package", "Version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Package: ijref" in fields
    assert f"Version: {VERSION}" in fields

    subprocess.run(["dpkg-deb", "-x", str(deb), str(install_root)], check=True)
    app_dir = install_root / "opt" / "ijref"
    assert str((install_root / "usr" / "bin" / "ijref").readlink()) == "/opt/ijref/ijref"
    desktop = (install_root / "usr/share/applications/ijref.desktop").read_text(encoding="utf-8")
    assert "Exec=/usr/bin/ijref" in desktop
    assert "Icon=ijref" in desktop
    assert (install_root / "usr/share/icons/hicolor/256x256/apps/ijref.png").is_file()

    subprocess.run(["chmod", "-R", "a-w", str(app_dir)], check=True)
    before = _tree_state(app_dir)

    home = install_root / "home"
    home.mkdir()
    cmd = [str(app_dir / "ijref"), "--self-test"]
    user = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
    if os.geteuid() == 0:  # run as a plain user, like a diplomat's account
        os.chown(home, user.pw_uid, user.pw_gid)
        cmd = [
            "setpriv",
            f"--reuid={user.pw_uid}",
            f"--regid={user.pw_gid}",
            "--clear-groups",
            *cmd,
        ]
    env = {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }
    logs = install_root / "logs"
    logs.mkdir()
    run = guarded_run(cmd, logs, env=env, python_hook=False)

    assert run.returncode == 0, run.stdout + run.stderr
    line = run.stdout.strip()
    assert line.startswith("ijref self-test OK:"), line
    with Catalog.open(fixture_build) as catalog:
        assert f"catalog {len(catalog.ids())} records" in line
    assert run.attempts == [], "\n".join(run.attempts)
    assert _tree_state(app_dir) == before, "the app wrote into its install folder"
    data_dir = home / ".local" / "share" / "ijref"
    log = data_dir / "selftest.log"
    assert line in log.read_text(encoding="utf-8")
    assert log.stat().st_uid == user.pw_uid
    assert not list(data_dir.glob("selftest-*")), "the temporary profile was left behind"


def test_frozen_app_reports_the_project_version(packages: Path) -> None:
    exe = packages / "work" / "pyinstaller-dist" / "ijref" / "ijref"
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"ijref {VERSION}"


def test_the_frozen_app_installs_a_signed_pack_as_the_window_does(
    packages: Path, tmp_path: Path, fixture_build: Path
) -> None:
    """The window installs in a child process that runs the frozen app itself: the
    signature (PyNaCl), the validator and the indexer must all be in the bundle."""
    from ijref.packs.child import InstallProcess
    from tests.pack_support import (
        FIXTURE_RECORDS,
        NEW_EVENT,
        copy_records,
        make_pack,
        make_version_two,
        trusted,
    )

    exe = packages / "work" / "pyinstaller-dist" / "ijref" / "ijref"
    data = tmp_path / "user"
    pack = tmp_path / "v2.ijpack"
    make_pack(
        make_version_two(copy_records(FIXTURE_RECORDS, tmp_path / "v2")), pack, trusted(data), 2
    )
    shipped = _tree_state(fixture_build)
    steps: list[str] = []

    installed = InstallProcess(
        pack, shipped_root=fixture_build, data_dir=data, ijref=[str(exe)]
    ).run(lambda stage, _fraction: steps.append(stage))

    assert installed.version == 2
    assert installed.summary == "1 new, 1 changed, 0 removed, 1 renamed"
    assert {"Checking the signature", "Building the search index"} <= set(steps)
    assert _tree_state(fixture_build) == shipped
    where = ["--build-dir", str(fixture_build), "--data-dir", str(data)]
    found = subprocess.run(
        [str(exe), *where, "search", "Second Space Dialogue", "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert NEW_EVENT in found


def test_tarball_holds_the_same_folder_as_the_deb(packages: Path) -> None:
    deb = _one(packages / "dist", "ijref_*.deb")
    tgz = _one(packages / "dist", "ijref-*-linux-*.tar.gz")
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    in_deb = set()
    for row in listing.splitlines():
        name = row.split(maxsplit=5)[5].split(" -> ")[0].rstrip("/")
        if name.startswith("./opt/ijref/"):
            in_deb.add(name.removeprefix("./opt/"))
    with tarfile.open(tgz) as tar:
        in_tar = {m.name for m in tar.getmembers()} - {"ijref"}
        assert all(m.uid == 0 for m in tar.getmembers())
    assert in_tar == in_deb
    assert "ijref/ijref" in in_tar


def test_windows_installer_script_compiles(packages: Path, tmp_path: Path) -> None:
    makensis = shutil.which("makensis")
    if makensis is None:
        pytest.fail("makensis is missing; run `make sysdeps` (Debian package nsis)")
    out = tmp_path / "ijref-check-installer.exe"
    run = subprocess.run(
        [
            makensis,
            "-V2",
            "-WX",
            f"-DVERSION={VERSION}",
            f"-DPAYLOAD={packages / 'work' / 'pyinstaller-dist' / 'ijref'}",
            "-DAPP_EXE=ijref",
            "-DFAST",
            f"-DOUTFILE={out}",
            str(REPO / "packaging" / "windows" / "ijref.nsi"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert out.read_bytes()[:2] == b"MZ"
