"""Where the user's own data lives, and keeping it private on disk."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from ijref.domain.errors import UserFacingError

__all__ = [
    "DATA_ENV",
    "DB_FILE",
    "data_dir",
    "private_dir",
    "private_file",
    "write_private",
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
    """Create `path` (and parents) if needed and make it readable by its owner only (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        path.chmod(0o700)
    return path


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


def write_private(dest: Path, data: bytes) -> Path:
    """Write `data` to `dest` whole or not at all, owner-only: exports hold confidential notes.

    The bytes go to `dest.partial`, are fsynced, then replace `dest` in one step,
    so a full disk or a crash never leaves half a file under the chosen name.

    Raises:
        UserFacingError: `dest` is a folder, pipe or device, or cannot be written.
    """
    try:
        mode = dest.stat().st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        raise UserFacingError(
            f"{dest} is not a regular file (a folder, pipe or device); choose another name"
        )
    tmp = dest.with_name(dest.name + ".partial")
    try:
        tmp.unlink(missing_ok=True)
        private_file(tmp)
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(dest)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise UserFacingError(
            f"cannot write {dest} ({exc.strerror or exc}); choose another place"
        ) from None
    return dest
