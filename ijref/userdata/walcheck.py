"""Checking a SQLite write-ahead log before SQLite reads it, so damage to it is not silent.

When SQLite opens a database whose `-wal` file has a frame that fails its
checksum, it stops reading the log there and drops every transaction after
it, committed or not, without a word; the next checkpoint then removes the
evidence. A log left by a crash or a kill is intact up to its last complete
frame, so the one sign of damage is a frame that fails while a later frame of
the same log (same salts) is whole. The format is SQLite's documented WAL
format (https://www.sqlite.org/fileformat2.html#walformat).
"""

from __future__ import annotations

import struct
from array import array

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
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & _MASK
        s1 = (s1 + words[i + 1] + s0) & _MASK
    return s0, s1


def _page_size(db: bytes) -> int:
    if len(db) < 18:
        return 0
    (size,) = struct.unpack(">H", db[16:18])
    return 65536 if size == 1 else size


def damage(wal: bytes, db_header: bytes) -> str | None:
    """Why the log `wal` has lost committed transactions, or None when it is sound.

    Args:
        wal: the whole `-wal` file.
        db_header: the first 100 bytes of the database file (for the page size,
            in case the log's own header is the damaged part).
    """
    frames_start = _HEADER
    if len(wal) < _HEADER:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", wal[:_HEADER])
    big_endian = magic == _MAGIC_BE
    header_ok = magic in (_MAGIC_LE, _MAGIC_BE) and _checksum(wal[:24], big_endian, 0, 0) == (
        c0,
        c1,
    )
    if not header_ok:
        page_size = _page_size(db_header)
        if page_size and len(wal) >= frames_start + _FRAME_HEADER + page_size:
            return "its write-ahead log has a damaged header"
        return None
    frame = _FRAME_HEADER + page_size
    prev = (c0, c1)
    broken = False
    offset = frames_start
    while offset + frame <= len(wal):
        head = wal[offset : offset + _FRAME_HEADER]
        _page, commit, f_salt1, f_salt2, f_c0, f_c1 = struct.unpack(">6I", head)
        ours = (f_salt1, f_salt2) == (salt1, salt2)
        whole = ours and _checksum(
            head[:8] + wal[offset + _FRAME_HEADER : offset + frame], big_endian, *prev
        ) == (f_c0, f_c1)
        if not whole:
            broken = True
        elif broken and commit:
            return "its write-ahead log fails its checksums, so recent changes cannot be read"
        prev = (f_c0, f_c1)
        offset += frame
    return None
