"""A checksum manifest for an index folder, to tell a whole index from a damaged one.

Whoosh reads segment files lazily, so a flipped byte would surface as an odd
exception in the middle of a search. Checking every file against the sizes and
CRCs written at build time finds damage up front, before Whoosh is asked to
open anything.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from ijref.search.schema import SCHEMA_VERSION

__all__ = ["MANIFEST", "check", "write_manifest"]

MANIFEST = "ijref-index.json"
_CHUNK = 1 << 20


def _crc(path: Path) -> int:
    crc = 0
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def write_manifest(index_dir: Path, records: int) -> None:
    """Record every file of a freshly committed index (call last, after commit)."""
    files = {
        p.name: [p.stat().st_size, _crc(p)]
        for p in sorted(index_dir.iterdir())
        if p.is_file() and p.name != MANIFEST and not p.name.endswith(".lock")
    }
    data = {"schema": SCHEMA_VERSION, "records": records, "files": files}
    tmp = index_dir / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(index_dir / MANIFEST)


def check(index_dir: Path) -> str | None:
    """None when the index is whole, else what is wrong (a few words)."""
    if not index_dir.is_dir():
        return "it is missing"
    try:
        data = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
        files = data["files"]
        if data.get("schema") != SCHEMA_VERSION:
            return "it was made by another version"
        for name, (size, crc) in files.items():
            path = index_dir / name
            if not path.is_file():
                return f"{name} is missing"
            if path.stat().st_size != size or _crc(path) != crc:
                return f"{name} is damaged"
    except FileNotFoundError:
        return "its manifest is missing"
    except (OSError, ValueError, KeyError, TypeError):
        return "its manifest is damaged"
    return None
