"""Timing a data-pack install (no Qt): `ijref bench pack` prints what this returns.

One run builds the records as the installer's data (version 1) — the baseline,
the same work `ijref build` does — signs them as pack version 2 with a
throwaway key, installs the pack over that data into a fresh data folder, and
opens the installed index the way the app does (`ijref.search.opening.open_search`,
which checks every file against the index's manifest first) and answers a query:
install + that = "usable search".
Each stage of the install is timed from its progress reports.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ijref.catalog.builder import build
from ijref.catalog.layout import current_build
from ijref.catalog.paths import alias_file
from ijref.catalog.release import Release
from ijref.packs import minisign
from ijref.packs.install import Progress, install_pack
from ijref.packs.keys import trust_key
from ijref.packs.location import packs_root
from ijref.packs.packfile import build_pack
from ijref.search.aliases import load_alias_file
from ijref.search.indexer import index_writer

__all__ = ["InstallTiming", "PreparedPack", "install_and_search", "prepare"]


@dataclass(frozen=True, slots=True)
class PreparedPack:
    """A shipped build (version 1), a pack of the same records (version 2), a key to trust."""

    shipped: Path
    pack: Path
    key: minisign.PublicKey
    records: int
    build_s: float


@dataclass(frozen=True, slots=True)
class InstallTiming:
    """Seconds of one install.

    Attributes:
        install_s: `install_pack`: verify, validate, catalog, index, compare, swap.
        search_s: check and open the installed index, and answer one query.
        stages: seconds spent in each stage the install reported.
    """

    install_s: float
    search_s: float
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def usable_s(self) -> float:
        return self.install_s + self.search_s


def prepare(
    records_dir: Path,
    work: Path,
    *,
    aliases: Path | None = None,
    sources: Path | None = None,
) -> PreparedPack:
    """Build the shipped data (timed: the baseline) and a signed pack of the same records."""
    shipped = work / "shipped"
    t0 = time.perf_counter()
    curated = load_alias_file(aliases or alias_file())
    info = build(records_dir, shipped, index_writer(curated), release=Release("ijref-data", 1))
    build_s = time.perf_counter() - t0
    key = minisign.SecretKey.generate()
    pack = work / "data.ijpack"
    build_pack(
        records_dir=records_dir,
        out=pack,
        key=key,
        version=2,
        pack_id="ijref-data",
        aliases_file=aliases,
        sources_dir=sources,
    )
    return PreparedPack(shipped, pack, key.public, info.records, build_s)


class _Stages:
    """Times each stage from the progress reports (a stage ends when the next begins)."""

    def __init__(self, then: Progress | None = None) -> None:
        self.seconds: dict[str, float] = {}
        self._stage = ""
        self._since = time.perf_counter()
        self._then = then

    def __call__(self, stage: str, fraction: float) -> None:
        now = time.perf_counter()
        if stage != self._stage:
            if self._stage:
                self.seconds[self._stage] = self.seconds.get(self._stage, 0.0) + now - self._since
            self._stage, self._since = stage, now
        if self._then is not None:
            self._then(stage, fraction)


def install_and_search(
    prepared: PreparedPack, data_dir: Path, progress: Progress | None = None
) -> InstallTiming:
    """Install the prepared pack into `data_dir` (fresh), then search the result once."""
    from ijref.search.opening import open_search

    trust_key(data_dir, prepared.key)
    stages = _Stages(progress)
    t0 = time.perf_counter()
    install_pack(prepared.pack, shipped_root=prepared.shipped, data_dir=data_dir, progress=stages)
    install_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    service = open_search(current_build(packs_root(data_dir)) / "index")
    try:
        service.search("the cooperation", limit=10)
    finally:
        service.close()
    return InstallTiming(install_s, time.perf_counter() - t1, stages.seconds)
