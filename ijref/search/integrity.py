"""A manifest of an index folder's files, to tell a whole index from a damaged or changed one.

Whoosh reads segment files lazily (and unpickles its table of contents and its
posting blocks), so a flipped byte would surface as an odd exception in the
middle of a search, and a replaced file could run code. Checking every file
against the sizes and SHA-256 digests written at build time finds both before
Whoosh is asked to open anything. The manifest itself sits in the folder; a
copy kept elsewhere can vouch for it (`manifest_digest`, see `opening`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ijref.search.schema import SCHEMA_VERSION

__all__ = ["MANIFEST", "check", "manifest_digest", "write_manifest"]

MANIFEST = "ijref-index.json"
_CHUNK = 1 << 20


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(index_dir: Path, records: int) -> None:
    """Record every file of a freshly committed index (call last, after commit)."""
    files = {
        p.name: [p.stat().st_size, _sha256(p)]
        for p in sorted(index_dir.iterdir())
        if p.is_file() and p.name != MANIFEST
    }
    data = {"schema": SCHEMA_VERSION, "records": records, "files": files}
    tmp = index_dir / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(index_dir / MANIFEST)


def manifest_digest(index_dir: Path) -> str:
    """The SHA-256 of the folder's manifest ("" when it cannot be read)."""
    try:
        return _sha256(index_dir / MANIFEST)
    except OSError:
        return ""


def check(index_dir: Path) -> str | None:
    """None when the index is whole, else what is wrong (a few words).

    The folder must hold the files the manifest names and no others: Whoosh
    opens the newest table of contents it finds, listed or not.
    """
    if not index_dir.is_dir():
        return "it is missing"
    try:
        data = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
        files = data["files"]
        if data.get("schema") != SCHEMA_VERSION:
            return "it was made by another version"
        present = {p.name for p in index_dir.iterdir()} - {MANIFEST}
        extra = sorted(present - set(files))
        if extra:
            return f"it holds a file it was not built with ({extra[0]})"
        for name, (size, digest) in files.items():
            path = index_dir / name
            if "/" in name or "\\" in name or not path.is_file():
                return f"{name} is missing"
            if path.stat().st_size != size or _sha256(path) != digest:
                return f"{name} is damaged"
    except FileNotFoundError:
        return "its manifest is missing"
    except (OSError, ValueError, KeyError, TypeError):
        return "its manifest is damaged"
    return None
