"""Opening the search index: the one way the app, the command line and the self-test do it.

The build's index (in the install or the checkout) is checked against its
manifest and opened read-only. A missing or damaged one is rebuilt from the
catalog's records into one folder of the user's cache, `<cache>/index`, which
only this module writes:

- every folder it makes is 0700 and every file 0600, whatever the umask;
- before a cached index is opened, its folder and every file in it must belong
  to this user, be reachable by no one else, and not be symbolic links;
- the SHA-256 of the index's manifest (which holds the SHA-256 of every file)
  must be the one recorded at rebuild time in `<cache>/index.trust.json`,
  outside the folder the index lives in, for the index it stands in for.

Whoosh unpickles what it reads, so an index that fails any check is never
opened: it is rebuilt. A cache folder that belongs to someone else, or is a
symbolic link, is not written at all: the index is then rebuilt into a private
temporary folder for this session, and the notice says how to fix the cache.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from ijref.domain.records import Kind, Record
from ijref.search import integrity
from ijref.search.aliases import AliasTable, load_alias_file
from ijref.search.indexer import build_index
from ijref.search.service import SearchIndexError, SearchService
from ijref.search.tuning import TUNING, Tuning

__all__ = ["RecordsLoader", "default_cache_dir", "open_search", "rebuild"]

RecordsLoader = Callable[[], Sequence[Record]]
INDEX_FOLDER = "index"
TRUST_FILE = "index.trust.json"
_POSIX = hasattr(os, "getuid")


def default_cache_dir() -> Path:
    """The user's cache folder for ijref (platformdirs': `~/.cache/ijref` on Linux)."""
    from platformdirs import user_cache_path

    return user_cache_path("ijref", appauthor=False)


def open_search(
    index_dir: Path,
    *,
    records: RecordsLoader | None = None,
    cache_dir: Path | None = None,
    alias_file: Path | None = None,
    tuning: Tuning = TUNING,
) -> SearchService:
    """Open the build's index, or the checked rebuild of it in `cache_dir`, or rebuild it.

    Call off the GUI thread: checking reads every file once, and a rebuild
    indexes every record.

    Args:
        index_dir: the build's index; only read.
        records: gives the catalog's records for a rebuild (None: no rebuild).
        cache_dir: ijref's folder in the user cache (`default_cache_dir()`).
        alias_file: the curated alias table for a rebuild (`db/aliases.toml`).

    Returns:
        The service; `service.notice` holds a one-line message when it rebuilt.

    Raises:
        SearchIndexError: when the index is unusable and cannot be rebuilt.
    """
    problem = integrity.check(index_dir)
    if problem is None:
        try:
            return SearchService(index_dir, tuning=tuning)
        except SearchIndexError:
            problem = "Whoosh cannot open it"
    if records is None or cache_dir is None:
        raise SearchIndexError(
            f"the search index in {index_dir} is unusable ({problem}); run `ijref build` again"
        )
    origin = str(index_dir.resolve())
    cache = cache_dir.resolve()
    unsafe = _unsafe_cache(cache_dir)
    if unsafe is None and _trusted(cache, origin):
        try:
            return SearchService(cache / INDEX_FOLDER, tuning=tuning)
        except SearchIndexError:
            pass
    curated = load_alias_file(alias_file) if alias_file is not None else []
    if unsafe is not None:
        # nothing of it can be trusted: this session gets a private folder of its own
        session = Path(tempfile.mkdtemp(prefix="ijref-index-"))
        count = rebuild(records(), session, curated, origin=origin)
        return SearchService(
            session / INDEX_FOLDER,
            notice=f"The search index was unusable ({problem}); rebuilt it for this session "
            f"only, as the cache folder {cache_dir} {unsafe}.",
            tuning=tuning,
        )
    count = rebuild(records(), cache, curated, origin=origin)
    return SearchService(
        cache / INDEX_FOLDER,
        notice=f"The search index was unusable ({problem}); "
        f"rebuilt it from the catalog ({count} records).",
        tuning=tuning,
    )


# ------------------------------------------------------------------ checks
def _owned_private(path: Path, *, folder: bool) -> bool:
    """A real folder/file (no link) of this user's that no one else can reach."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    kind_ok = stat.S_ISDIR(st.st_mode) if folder else stat.S_ISREG(st.st_mode)
    if not kind_ok:
        return False
    return not _POSIX or (st.st_uid == os.getuid() and st.st_mode & 0o077 == 0)


def _unsafe_cache(cache_dir: Path) -> str | None:
    """Why ijref must not write `cache_dir`, or None (a missing folder is fine)."""
    try:
        st = os.lstat(cache_dir)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read ({exc.strerror}; remove it)"
    if stat.S_ISLNK(st.st_mode):
        return "is a symbolic link (remove it, or point XDG_CACHE_HOME elsewhere)"
    if not stat.S_ISDIR(st.st_mode):
        return "is not a folder (remove it)"
    if _POSIX and st.st_uid != os.getuid():
        return "belongs to another user (remove it)"
    return None


def _trusted(cache: Path, origin: str) -> bool:
    """Whether `cache`'s index is the untouched rebuild of the index at `origin`."""
    index = cache / INDEX_FOLDER
    trust = cache / TRUST_FILE
    if not (
        _owned_private(cache, folder=True)
        and _owned_private(index, folder=True)
        and _owned_private(trust, folder=False)
    ):
        return False
    try:
        record = json.loads(trust.read_text(encoding="utf-8"))
        if record["origin"] != origin or not all(
            _owned_private(p, folder=False) for p in index.iterdir()
        ):
            return False
        manifest = str(record["manifest"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return integrity.check(index) is None and integrity.manifest_digest(index) == manifest


# ----------------------------------------------------------------- rebuild
def _private_folder(path: Path) -> None:
    """Make `path` (and missing parents) as 0700 folders; an existing folder of ours
    becomes 0700 too (it is ijref's own cache folder)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for p in reversed(missing):
        p.mkdir(mode=0o700)
        p.chmod(0o700)  # mkdir's mode is narrowed by the umask, never widened: be explicit
    path.chmod(0o700)


def _write_private(path: Path, text: str) -> None:
    """Write `path` whole as a 0600 file (through a new file renamed over it)."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        if _POSIX:
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def rebuild(
    records: Sequence[Record], cache: Path, curated: Sequence[Sequence[str]], *, origin: str
) -> int:
    """Index `records` into `cache`/index, replacing it whole, and vouch for it; the count.

    Only ever called with ijref's own cache folder (or a fresh private one): it
    deletes the index that was there.
    """
    _private_folder(cache)
    (cache / TRUST_FILE).unlink(missing_ok=True)
    tmp = cache / f".{INDEX_FOLDER}.tmp-{uuid.uuid4().hex}"
    tmp.mkdir(mode=0o700)
    tmp.chmod(0o700)
    try:
        count = build_index(
            records,
            tmp,
            aliases=AliasTable.for_records(curated, records),
            sector_titles={r.id: r.title for r in records if r.kind is Kind.SECTOR},
        )
        for p in tmp.iterdir():
            p.chmod(0o600)
        _remove(cache / INDEX_FOLDER)
        tmp.rename(cache / INDEX_FOLDER)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    digest = integrity.manifest_digest(cache / INDEX_FOLDER)
    _write_private(cache / TRUST_FILE, json.dumps({"origin": origin, "manifest": digest}))
    return count
