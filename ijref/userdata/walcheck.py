"""Checking a SQLite write-ahead log before SQLite reads it, so damage to it is not silent.

When SQLite opens a database whose `-wal` file has a frame that fails its
checksum, it stops reading the log there and drops every transaction after
it, committed or not, without a word; the next checkpoint then removes the
evidence. A log left by a crash or a kill is whole up to its last complete
frame, so the one sign of damage is a commit frame of the same log (same
salts) that is whole yet lies beyond what SQLite accepts.

SQLite itself says how much of the log it accepts: a copy of the database
and its log, in a private folder beside them, is checkpointed and the frame
count read back (if no copy can be made, say on a full disk, the checksums
are recomputed here instead). Only the few frames beyond that are checked
here. The format is SQLite's documented WAL format
(https://www.sqlite.org/fileformat2.html#walformat).
"""

from __future__ import annotations

import shutil
import sqlite3
import struct
import tempfile
from array import array
from pathlib import Path

__all__ = ["damage"]

_MAGIC_LE = 0x377F0682  # checksums over little-endian words
_MAGIC_BE = 0x377F0683  # checksums over big-endian words
_HEADER = 32
_FRAME_HEADER = 24
_MASK = 0xFFFFFFFF


def _words(data: bytes, big_endian: bool) -> array[int]:
    words = array("I", data)
    if big_endian != (struct.pack("=I", 1) == struct.pack(">I", 1)):
        words.byteswap()
    return words


def _checksum(data: bytes, big_endian: bool, s0: int, s1: int) -> tuple[int, int]:
    """SQLite's WAL checksum of `data` (a multiple of 8 bytes), carried on from (s0, s1)."""
    words = _words(data, big_endian)
    bulk = len(words) - len(words) % 8
    run = iter(words[:bulk])
    # Four steps between reductions: the sums stay small, and the loop runs a quarter as often.
    for a, b, c, d, e, f, g, h in zip(run, run, run, run, run, run, run, run, strict=True):
        s0 += a + s1
        s1 += b + s0
        s0 += c + s1
        s1 += d + s0
        s0 += e + s1
        s1 += f + s0
        s0 += g + s1
        s1 += h + s0
        s0 &= _MASK
        s1 &= _MASK
    rest = iter(words[bulk:])
    for a, b in zip(rest, rest, strict=True):
        s0 = (s0 + a + s1) & _MASK
        s1 = (s1 + b + s0) & _MASK
    return s0, s1


def _page_size(db: bytes) -> int:
    if len(db) < 18:
        return 0
    (size,) = struct.unpack(">H", db[16:18])
    return 65536 if size == 1 else size


def _accepted_by_sqlite(db_path: Path, wal: bytes) -> int | None:
    """How many frames of `wal` SQLite accepts (its last commit), from a checkpointed copy."""
    try:
        with tempfile.TemporaryDirectory(prefix=".walcheck-", dir=db_path.parent) as tmp:
            copy = Path(tmp) / "copy.sqlite"
            shutil.copyfile(db_path, copy)
            copy.with_name(copy.name + "-wal").write_bytes(wal)
            conn = sqlite3.connect(copy)
            try:
                row = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            finally:
                conn.close()
    except (OSError, sqlite3.Error):
        return None
    return int(row[1]) if row and row[1] >= 0 else None


def _accepted_by_checksums(wal: bytes, page_size: int, big_endian: bool) -> int:
    """How many frames SQLite would accept, found as SQLite finds them (slower)."""
    _m, _v, _p, _s, salt1, salt2, c0, c1 = struct.unpack(">8I", wal[:_HEADER])
    frame = _FRAME_HEADER + page_size
    running, accepted = (c0, c1), 0
    for index, offset in enumerate(range(_HEADER, len(wal) - frame + 1, frame), start=1):
        head = wal[offset : offset + _FRAME_HEADER]
        _page, commit, f_salt1, f_salt2, f_c0, f_c1 = struct.unpack(">6I", head)
        if (f_salt1, f_salt2) != (salt1, salt2):
            break
        body = head[:8] + wal[offset + _FRAME_HEADER : offset + frame]
        running = _checksum(body, big_endian, *running)
        if running != (f_c0, f_c1):
            break
        if commit:
            accepted = index
    return accepted


def damage(db_path: Path, wal: bytes) -> str | None:
    """Why the log `wal` of `db_path` has lost committed transactions, or None when it is sound."""
    if len(wal) < _HEADER:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", wal[:_HEADER])
    big_endian = magic == _MAGIC_BE
    header_ok = magic in (_MAGIC_LE, _MAGIC_BE) and _checksum(wal[:24], big_endian, 0, 0) == (
        c0,
        c1,
    )
    if not header_ok:
        with db_path.open("rb") as fh:
            page_size = _page_size(fh.read(100))
        if page_size and len(wal) >= _HEADER + _FRAME_HEADER + page_size:
            return "its write-ahead log has a damaged header"
        return None
    frame = _FRAME_HEADER + page_size
    heads = [
        struct.unpack(">6I", wal[offset : offset + _FRAME_HEADER])
        for offset in range(_HEADER, len(wal) - frame + 1, frame)
    ]
    # 1-based numbers of the commit frames of this log (stale frames of an older log
    # beyond its end carry other salts).
    commits = [i + 1 for i, h in enumerate(heads) if h[1] and (h[2], h[3]) == (salt1, salt2)]
    if not commits:
        return None
    accepted = _accepted_by_sqlite(db_path, wal)
    if accepted is None:
        accepted = _accepted_by_checksums(wal, page_size, big_endian)
    for number in (n for n in commits if n > accepted):
        # Whole, checked against the checksum stored before it: written in full, so
        # committed, yet SQLite would drop it. (A torn last frame is never whole.)
        offset = _HEADER + (number - 1) * frame
        seed = (c0, c1) if number == 1 else heads[number - 2][4:6]
        body = wal[offset : offset + 8] + wal[offset + _FRAME_HEADER : offset + frame]
        if _checksum(body, big_endian, *seed) == heads[number - 1][4:6]:
            return "its write-ahead log fails its checksums, so recent changes cannot be read"
    return None
