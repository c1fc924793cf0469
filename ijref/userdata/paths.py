"""Where the user's own data lives, and keeping it private on disk."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

__all__ = [
    "DATA_ENV",
    "DB_FILE",
    "data_dir",
    "exposure",
    "private_dir",
    "private_file",
]

DATA_ENV = "IJREF_DATA_DIR"
DB_FILE = "user.sqlite"
BACKUP_DIR = "backups"
INDEX_DIR = "notes-index"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user data folder: `override` (from `--data-dir`), `$IJREF_DATA_DIR`, or platformdirs'.

    Nothing is created here; `UserStore.open` creates the folder, private.
    """
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("ijref", appauthor=False, roaming=True))


def private_dir(path: Path) -> Path:
    """Create `path` and any missing parents, each readable by its owner only (0700).

    Only folders made here are given that mode, whatever the umask: a folder that
    already exists (the user's own, a shared one, the target of a symlink) is
    left as it is; `exposure` says whether others can look into it.
    """
    missing: list[Path] = []
    at = path
    while not at.exists() and not at.is_symlink() and at != at.parent:
        missing.append(at)
        at = at.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # made meanwhile by another ijref: not ours to change
            continue
        if os.name == "posix":
            folder.chmod(0o700)  # mkdir's mode is narrowed by the umask, never widened
    if not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
    return path


def exposure(path: Path) -> str | None:
    """One line when other users may read or change the folder `path`, else None."""
    if os.name != "posix":
        return None
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None
    if not mode & 0o077:
        return None
    return (
        f"{path} can be read or changed by other users (mode {mode:o}); ijref leaves a "
        "folder it did not create as it is: make it private (chmod 700) or choose another "
        "with --data-dir"
    )


def private_file(path: Path) -> Path:
    """Create `path` empty if missing, and make it owner-only (0600) before anything is written.

    SQLite gives its `-wal` and `-shm` files the permissions of the database file,
    so creating the database this way keeps those private too.
    """
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    if os.name == "posix":
        with contextlib.suppress(OSError):
            path.chmod(0o600)
    return path
