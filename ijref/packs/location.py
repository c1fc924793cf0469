"""Which catalog the app opens: the one the installer shipped, or an installed data pack.

An installed pack lives in the user's data folder, under `packs/`, in the same
layout as a build folder (a `CURRENT` pointer and the build it names). The
pack's data is used when its version is higher than the shipped data's, so an
upgraded installer carrying newer data wins over an older pack.

Read on the way to the first window: only JSON and paths here, nothing heavy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ijref.catalog.layout import BuildInfo, CatalogMissingError, current_build, read_manifest

__all__ = [
    "INSTALLED",
    "PACKS_DIR",
    "PACK_INFO_FILE",
    "SHIPPED",
    "ActiveData",
    "PackInfo",
    "active_data",
    "packs_root",
    "previous_data",
    "read_pack_info",
]

PACKS_DIR = "packs"
PACK_INFO_FILE = "pack.json"
SHIPPED: Literal["shipped"] = "shipped"
INSTALLED: Literal["installed"] = "installed"


@dataclass(frozen=True, slots=True)
class PackInfo:
    """How an installed pack came to be: what it was, who signed it, what it replaced.

    Attributes:
        previous: the folder (under `packs/`) of the data it replaced, or "" for
            the data the installer shipped.
        previous_version: that data's version.
    """

    pack: str
    version: int
    as_of: str
    created: str
    key_id: str
    key_origin: str
    installed_at: str
    file: str
    previous: str = ""
    previous_version: int = 0

    def to_json(self) -> str:
        from dataclasses import asdict

        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"


def read_pack_info(build_dir: Path) -> PackInfo | None:
    """The `pack.json` of an installed build folder, or None when it has none or it is damaged."""
    try:
        data = json.loads((build_dir / PACK_INFO_FILE).read_text(encoding="utf-8"))
        return PackInfo(**data)
    except (OSError, ValueError, TypeError):
        return None


@dataclass(frozen=True, slots=True)
class ActiveData:
    """The data the app opens.

    Attributes:
        root: the build root to open (it holds `CURRENT`).
        origin: `INSTALLED` (a data pack) or `SHIPPED` (the installer's data).
        info: the active build's manifest; None when there is no usable build.
        shipped_root: the installer's build root.
        shipped: the installer's build's manifest, if it has one.
    """

    root: Path
    origin: Literal["shipped", "installed"]
    info: BuildInfo | None
    shipped_root: Path
    shipped: BuildInfo | None

    @property
    def version(self) -> int:
        return self.info.version if self.info is not None else 0


def packs_root(data_dir: Path) -> Path:
    """Where installed data packs live in the user's data folder."""
    return data_dir / PACKS_DIR


def _info(root: Path) -> BuildInfo | None:
    try:
        return read_manifest(current_build(root))
    except CatalogMissingError:
        return None


def active_data(shipped_root: Path, data_dir: Path) -> ActiveData:
    """The installed pack if there is one newer than the shipped data, else the shipped data."""
    shipped = _info(shipped_root)
    installed_root = packs_root(data_dir)
    installed = _info(installed_root) if (installed_root / "CURRENT").is_file() else None
    if installed is not None and (shipped is None or installed.version > shipped.version):
        return ActiveData(installed_root, INSTALLED, installed, shipped_root, shipped)
    return ActiveData(shipped_root, SHIPPED, shipped, shipped_root, shipped)


def previous_data(shipped_root: Path, data_dir: Path) -> tuple[ActiveData, PackInfo] | None:
    """The data in use and how it was installed, when there is earlier data to return to."""
    active = active_data(shipped_root, data_dir)
    if active.origin != INSTALLED:
        return None
    info = read_pack_info(current_build(active.root))
    if info is None:
        return None
    if info.previous and not (active.root / info.previous / "catalog.sqlite").is_file():
        return None
    return active, info
