"""Where the user's own data lives, and keeping it private on disk."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from ijref.domain.errors import UserFacingError

__all__ = [
    "DATA_ENV",
    "DB_FILE",
    "data_dir",
    "exposure",
    "private_dir",
    "private_file",
    "read_regular",
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
        # ijref leaves a folder it did not create as it is; the user decides.
        f"{path} can be read or changed by other users (mode {mode:o}); "
        "make it private (chmod 700) or choose another with --data-dir"
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


def read_regular(source: Path, limit: int) -> bytes:
    """The bytes of the regular file `source`, refusing pipes, devices, folders and big files.

    The file is opened without blocking (a FIFO would otherwise wait for a
    writer forever), checked on the open handle (no swap between check and
    read), and never read past `limit` bytes (a device such as /dev/zero has
    no end).

    Raises:
        UserFacingError: it is not a regular file, is bigger than `limit`, or
            cannot be read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(source, flags)
    except OSError as exc:
        raise UserFacingError(
            f"cannot read {source} ({exc.strerror or exc}); check the path"
        ) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise UserFacingError(
            f"{source} is not a regular file (a folder, pipe or device); choose an export file"
        )
    with os.fdopen(fd, "rb") as fh:
        too_big = UserFacingError(
            f"{source.name} is over {limit // 2**20} MB, more than an ijref export can be; "
            "check that it is the right file"
        )
        if info.st_size > limit:
            raise too_big
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise UserFacingError(
                f"cannot read {source} ({exc.strerror or exc}); check the file"
            ) from None
    if len(data) > limit:
        raise too_big
    return data


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
