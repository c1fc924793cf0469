"""Installing a verified pack into the user's data folder, and returning to the data before it.

    packs/
      CURRENT             names the installed data in use (absent: the shipped data)
      v2-3fa9c1d07e22/    catalog.sqlite, index/, manifest.json (as `ijref build` makes),
                          pack.json (what was installed, from what), changes.json (what
                          changed against the data before), pack/ (the verified files)
      v1-…/               the data before, kept until the next install

An install checks the pack (signature, every file), refuses a version not
newer than the data in use, validates every record with the validator `ijref
build` uses, builds catalog and index into a new folder and points `CURRENT`
at it with one atomic rename. Nothing is written anywhere else: the install
folder stays as it was. Two installs at once are kept apart by a lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ijref.catalog.builder import content_hash, prune, record_digests, swap_in, write_build
from ijref.catalog.layout import CURRENT_FILE, BuildInfo, CatalogMissingError, current_build
from ijref.catalog.recordfile import load_records
from ijref.domain.records import Record, Source
from ijref.packs.diff import CHANGES_FILE, Changes, compare, read_changes, source_texts
from ijref.packs.errors import PackError
from ijref.packs.keys import trusted_keys
from ijref.packs.location import (
    INSTALLED,
    PACK_INFO_FILE,
    ActiveData,
    PackInfo,
    active_data,
    packs_root,
    previous_data,
)
from ijref.packs.packfile import ALIASES_NAME, VerifiedPack, read_pack
from ijref.search.aliases import load_alias_file
from ijref.search.indexer import index_writer

__all__ = [
    "InstallResult",
    "Progress",
    "RollbackResult",
    "forward_renames",
    "install_pack",
    "installed_changes",
    "rollback",
]

# (what is happening, overall fraction done 0..1)
Progress = Callable[[str, float], None]
PACK_FILES_DIR = "pack"
LOCK_FILE = ".lock.sqlite"
# Where each stage of an install sits in the overall progress (start, end).
_STAGES = {
    "Checking the signature": (0.0, 0.08),
    "Checking the records": (0.08, 0.2),
    "Writing the catalog": (0.2, 0.45),
    "Building the search index": (0.45, 0.9),
    "Comparing with your data": (0.9, 0.97),
}


@dataclass(frozen=True, slots=True)
class InstallResult:
    """What an install did.

    Attributes:
        renames: old id → new id, for the caller to carry the user's notes,
            bookmarks and briefings over.
    """

    info: BuildInfo
    pack: PackInfo
    folder: Path
    changes: Changes
    renames: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RollbackResult:
    """The data in use after a rollback, and the renames to undo in the user's data."""

    active: ActiveData
    left_version: int
    renames: dict[str, str] = field(default_factory=dict)


def _stage_reporter(progress: Progress | None) -> Callable[[str, float], None]:
    def report(stage: str, fraction: float) -> None:
        if progress is None:
            return
        lo, hi = _STAGES.get(stage, (0.97, 1.0))
        progress(stage, lo + (hi - lo) * min(max(fraction, 0.0), 1.0))

    return report


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    """Hold the install lock (SQLite's, so it works on every OS and dies with the process)."""
    try:
        db = sqlite3.connect(root / LOCK_FILE, timeout=0, isolation_level=None)
    except sqlite3.Error as exc:
        raise PackError(f"cannot use {root} ({exc}); check the folder is yours") from None
    try:
        try:
            db.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError:
            raise PackError(
                "another data update is being installed; wait for it to finish and try again"
            ) from None
        try:
            yield
        finally:
            db.rollback()
    finally:
        db.close()


def _private(root: Path) -> Path:
    from ijref.userdata.paths import private_dir

    try:
        return private_dir(root)
    except OSError as exc:
        raise PackError(
            f"cannot write {root} ({exc.strerror or exc}); check the data folder is yours "
            "and the disk has room"
        ) from None


def _old_for_diff(
    active: ActiveData, digests: Mapping[str, str]
) -> tuple[list[Record], list[Source], frozenset[str]]:
    """What the data in use has that the new records may differ from.

    Returns the old records whose digest differs from the new one's (changed,
    removed or renamed), the old sources, and the ids whose records are the same.
    Only those that differ are read whole: an update of 10,000 records that
    changes three reads three.
    """
    from ijref.catalog.store import Catalog

    try:
        with Catalog.open(active.root) as catalog:
            old = catalog.digests()
            differ = [rid for rid, d in old.items() if digests.get(rid) != d]
            records = catalog.stored(differ)
            sources = catalog.sources()
    except CatalogMissingError:
        return [], [], frozenset()
    same = frozenset(rid for rid, d in digests.items() if old.get(rid) == d)
    return records, sources, same


def _check_version(pack: VerifiedPack, active: ActiveData) -> None:
    have, got = active.version, pack.manifest.version
    if got <= have:
        what = "the same data" if got == have else "older data"
        raise PackError(
            f"{pack.path.name} holds data version {got}; you have version {have} already, "
            f"so it would install {what} — nothing was changed"
        )


def install_pack(
    pack_path: Path,
    *,
    shipped_root: Path,
    data_dir: Path,
    progress: Progress | None = None,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> InstallResult:
    """Verify `pack_path` and make its data the data in use.

    Raises:
        PackError: the pack is refused or cannot be installed; nothing was changed.
    """
    report = _stage_reporter(progress)
    report("Checking the signature", 0.0)
    pack = read_pack(pack_path, trusted_keys(data_dir))
    active = active_data(shipped_root, data_dir)
    _check_version(pack, active)
    root = _private(packs_root(data_dir))
    with _locked(root):
        active = active_data(shipped_root, data_dir)  # another install may have finished
        _check_version(pack, active)
        staging = root / f".tmp-{uuid.uuid4().hex}"
        try:
            result = _build(pack, active, staging, root, report, now)
        except PackError:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise PackError(
                f"the data could not be written to {root} ({exc.strerror or exc}); free some "
                "disk space and install again — your data is as it was"
            ) from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        keep = [result.folder.name]
        if result.pack.previous:
            keep.append(result.pack.previous)
        prune(root, keep)
    report("Done", 1.0)
    return result


def _build(
    pack: VerifiedPack,
    active: ActiveData,
    staging: Path,
    root: Path,
    report: Callable[[str, float], None],
    now: Callable[[], dt.datetime],
) -> InstallResult:
    files = staging / PACK_FILES_DIR
    files.mkdir(parents=True)
    pack.write_to(files)
    report("Checking the records", 0.0)
    loaded = load_records(files / "records")
    if loaded.problems:
        first = loaded.problems[0]
        raise PackError(
            f"{pack.path.name} holds records that do not validate ({len(loaded.problems)} "
            f"problem(s); the first: {first}); ask the maintainers for a corrected pack — "
            "nothing was changed"
        )
    m = pack.manifest
    digests = record_digests(loaded.records)
    digest = content_hash(loaded.records, loaded.sources, digests)
    info = BuildInfo.for_records(
        loaded.records, loaded.sources, digest, pack=m.pack, version=m.version
    )
    writer = index_writer(load_alias_file(files / ALIASES_NAME), progress=report)
    write_build(staging, loaded, info, index_writer=writer, progress=report, digests=digests)
    report("Comparing with your data", 0.0)
    old_records, old_sources, same = _old_for_diff(active, digests)
    changes = compare(
        old_records,
        [r for r in loaded.records if r.id not in same],
        old_version=active.version,
        new_version=m.version,
        sources=loaded.sources,
        old_sources=old_sources,
        texts=source_texts(loaded.sources, files / "sources"),
    )
    (staging / CHANGES_FILE).write_text(changes.to_json(), encoding="utf-8")
    previous = current_build(active.root).name if active.origin == INSTALLED else ""
    pack_info = PackInfo(
        pack=m.pack,
        version=m.version,
        as_of=m.as_of,
        created=m.created,
        key_id=pack.key.key.id_hex,
        key_origin=pack.key.origin,
        installed_at=now().isoformat(timespec="seconds"),
        file=pack.path.name,
        previous=previous,
        previous_version=active.version,
    )
    (staging / PACK_INFO_FILE).write_text(pack_info.to_json(), encoding="utf-8")
    name = f"v{m.version}-{digest[:12]}"
    folder = swap_in(root, staging, name)
    return InstallResult(info, pack_info, folder, changes, _renames(loaded.records))


def _renames(records: Sequence[Record]) -> dict[str, str]:
    return {old: r.id for r in records for old in r.replaces}


def _renames_of(root: Path) -> dict[str, str]:
    from ijref.catalog.store import Catalog

    try:
        with Catalog.open(root) as catalog:
            return catalog.renames()
    except CatalogMissingError:
        return {}


def rollback(shipped_root: Path, data_dir: Path) -> RollbackResult:
    """Return to the data in use before the last install.

    Raises:
        PackError: there is no earlier data (nothing was changed).
    """
    root = packs_root(data_dir)
    found = previous_data(shipped_root, data_dir)
    if found is None:
        active = active_data(shipped_root, data_dir)
        raise PackError(
            f"there is no earlier data to return to; you are using data version "
            f"{active.version}{' as shipped with ijref' if active.origin != INSTALLED else ''}"
        )
    leaving, info = found
    with _locked(root):
        renamed = _renames_of(leaving.root)
        if info.previous:
            pointer = root / f".{CURRENT_FILE}.{uuid.uuid4().hex}"
            pointer.write_text(info.previous + "\n", encoding="utf-8")
            pointer.replace(root / CURRENT_FILE)
        else:
            (root / CURRENT_FILE).unlink()
        now_active = active_data(shipped_root, data_dir)
    ids = _ids_of(now_active.root)
    back = {new: old for old, new in renamed.items() if old in ids and new not in ids}
    return RollbackResult(now_active, leaving.version, back)


def _ids_of(root: Path) -> frozenset[str]:
    from ijref.catalog.store import Catalog

    try:
        with Catalog.open(root) as catalog:
            return catalog.ids()
    except CatalogMissingError:
        return frozenset()


def installed_changes(active: ActiveData) -> Changes | None:
    """What the install of the data in use changed, when it is an installed pack."""
    if active.origin != INSTALLED:
        return None
    return read_changes(current_build(active.root))


def forward_renames(renames: Mapping[str, str], ids: frozenset[str]) -> dict[str, str]:
    """The renames that apply to data holding `ids`: the old id gone, the new one there."""
    return {old: new for old, new in renames.items() if old not in ids and new in ids}
