"""Which signing keys a pack may be signed with: those shipped with the app, and the user's own.

The project's public key ships in `resources/keys/` (its private key never
enters the repository). An organisation that makes its own packs hands out its
public key; a user adds it with `ijref pack trust KEYFILE`, which shows its
fingerprint first. Trusted keys of the user's own live in the data folder,
under `trusted-keys/`, one minisign `.pub` file each.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ijref.catalog.paths import resources_dir, source_root
from ijref.packs import minisign
from ijref.packs.errors import PackError

__all__ = [
    "SHIPPED",
    "USER_KEYS_DIR",
    "YOURS",
    "TrustedKey",
    "generate_key_files",
    "read_public_key_file",
    "read_secret_key_file",
    "shipped_keys_dir",
    "trust_key",
    "trusted_keys",
    "untrust_key",
]

USER_KEYS_DIR = "trusted-keys"
SHIPPED = "shipped with ijref"
YOURS = "trusted by you"
MAX_KEY_FILE_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class TrustedKey:
    """A public key and why it is trusted (`SHIPPED` or `YOURS`)."""

    key: minisign.PublicKey
    origin: str
    path: Path


def shipped_keys_dir() -> Path:
    return resources_dir() / "keys"


def _read_small(path: Path, what: str) -> str:
    try:
        if path.stat().st_size > MAX_KEY_FILE_BYTES or not path.is_file():
            raise PackError(f"{path} is not a {what} file; choose the key file itself")
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PackError(f"{path} is not a {what} file (not text)") from None
    except OSError as exc:
        raise PackError(f"cannot read {path} ({exc.strerror or exc}); check the path") from None


def read_public_key_file(path: Path) -> minisign.PublicKey:
    """A minisign public key file.

    Raises:
        PackError: it cannot be read or is not one.
    """
    try:
        return minisign.parse_public_key(_read_small(path, "public key"))
    except minisign.KeyFormatError as exc:
        raise PackError(
            f"{path} is not a minisign public key ({exc}); use the .pub file you were given"
        ) from None


def read_secret_key_file(path: Path) -> minisign.SecretKey:
    """A minisign secret key file (unencrypted).

    Raises:
        PackError: it cannot be read or is not one.
    """
    try:
        return minisign.parse_secret_key(_read_small(path, "secret key"))
    except minisign.KeyFormatError as exc:
        raise PackError(f"{path}: {exc}") from None


def _keys_in(folder: Path, origin: str) -> list[TrustedKey]:
    out = []
    try:
        files = sorted(folder.glob("*.pub"))
    except OSError:
        return []
    for path in files:
        try:
            out.append(TrustedKey(read_public_key_file(path), origin, path))
        except PackError:
            continue  # a damaged key file trusts nothing; the others still count
    return out


def trusted_keys(data_dir: Path) -> list[TrustedKey]:
    """The shipped keys, then the user's own."""
    return _keys_in(shipped_keys_dir(), SHIPPED) + _keys_in(data_dir / USER_KEYS_DIR, YOURS)


def trust_key(data_dir: Path, key: minisign.PublicKey) -> Path:
    """Add `key` to the user's trusted keys; returns its file."""
    from ijref.userdata.paths import private_dir

    folder = private_dir(data_dir / USER_KEYS_DIR)
    dest = folder / f"{key.id_hex}.pub"
    tmp = folder / f".{key.id_hex}.pub.tmp"
    tmp.write_text(key.to_text(), encoding="utf-8")
    tmp.replace(dest)
    return dest


def untrust_key(data_dir: Path, key_id: str) -> Path:
    """Remove one of the user's own trusted keys by its id.

    Raises:
        PackError: no such key of the user's (shipped keys cannot be removed).
    """
    wanted = key_id.strip().upper()
    for trusted in _keys_in(data_dir / USER_KEYS_DIR, YOURS):
        if trusted.key.id_hex == wanted:
            trusted.path.unlink()
            return trusted.path
    raise PackError(f"you trust no key {wanted}; list the keys with `ijref pack keys`")


def _exclusive_write(path: Path, text: str, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    if os.name == "posix":
        path.chmod(mode)


def generate_key_files(secret_path: Path) -> tuple[minisign.SecretKey, Path]:
    """Make a new signing key: `secret_path` (owner-only) and its `.pub` beside it.

    Raises:
        PackError: either file exists, or the secret key would land in the source tree.
    """
    public_path = secret_path.with_suffix(".pub")
    tree = source_root().resolve()
    if secret_path.resolve().is_relative_to(tree):
        raise PackError(
            f"a secret key must never enter the repository ({tree}); write it elsewhere, "
            "e.g. on a removable disk kept offline"
        )
    for path in (secret_path, public_path):
        if path.exists():
            raise PackError(f"{path} exists; choose another name (a key is never overwritten)")
    key = minisign.SecretKey.generate()
    secret_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        _exclusive_write(secret_path, key.to_text(), 0o600)
        _exclusive_write(public_path, key.public.to_text(), 0o644)
    except FileExistsError as exc:
        raise PackError(f"{exc.filename} exists; choose another name") from None
    return key, public_path
