"""The one module that reads Whoosh's private structures: what, why, and a fence.

Ranking needs, for each term of a query, its postings (document numbers and
weights) and, for each document, its field lengths. Whoosh's public API hands
them out one posting or one document per Python call (`Matcher.next()`,
`IndexReader.doc_field_length`), which at 100,000 records costs tens of
milliseconds a query. Whoosh-reloaded 2.7's W3 codec keeps both in compact
forms that can be read whole:

- postings in blocks of up to 128: a leaf matcher decodes a block's document
  numbers (stored as gaps) and weights at once (`_read_data`, `_data`,
  `_read_weights`, `_weights`, `_next_block`, `_byteids`);
- a block's stored values (a word's positions) likewise (`_maxid`, `_read_ids`,
  `_ids`, `_read_values`, `_values`), so a phrase's candidates are looked up by
  bisection in a block rather than stepped to one posting at a time;
- field lengths as a column of one byte per document
  (`reader._perdoc._cached_reader(...)`, the column's `_dbfile`, `_basepos`,
  `_count`, `_typecode`, `_fixedlen`).

Writing, Whoosh's segment writer asks for the field length of every posting
(to keep each block's shortest and longest) through a per-document reader
that looks the length up on disk — and, for a field that keeps no lengths,
asks the file system each time whether it does: about a third of the time it
spends writing postings. `WriteCodec` is the W3 codec (passed to
`ix.writer(codec=...)`, a public parameter) whose per-document reader loads each
field's lengths once, whole, through the public column API; it leans on the W3
name of a length column (`_<field>_len`).

Nothing here writes to Whoosh: it calls the matcher's own decoding methods and
copies bytes out. Each reader checks the Whoosh version (`SUPPORTED`) and the
shape it expects, and otherwise reads the same values through the public API
(slower, never wrong). `tests/test_whoosh_internals.py` fails on a Whoosh release
not in `SUPPORTED`, so that these reads are looked at again before it is used.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

import whoosh
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader
from whoosh.util.numeric import byte_to_length, length_to_byte

__all__ = [
    "SUPPORTED",
    "WriteCodec",
    "fast_lengths",
    "fast_postings",
    "length_column",
    "posting_arrays",
    "posting_values",
]

# Whoosh releases whose private structures were checked against this module.
SUPPORTED = frozenset({(2, 7, 5)})
_BLOCK_ATTRS = ("_read_data", "_read_weights", "_next_block", "_byteids", "_data", "_weights")
_VALUE_ATTRS = ("_maxid", "_read_ids", "_ids", "_read_values", "_values", "_next_block")


def _version_ok() -> bool:
    return tuple(whoosh.__version__) in SUPPORTED


def fast_postings(m: Any) -> bool:
    """Whether the term matcher `m` can be read a block at a time."""
    return _version_ok() and all(hasattr(m, a) for a in _BLOCK_ATTRS) and not m._byteids


def posting_arrays(reader: Any, fieldname: str, btext: bytes) -> tuple[array[int], array[float]]:
    """Every document number (ascending) and weight of a term's postings.

    Compact (8 bytes a posting), for keeping a term's postings across queries.
    """
    ids, weights = array("I"), array("f")
    m = reader.postings(fieldname, btext)
    if not fast_postings(m):
        for docnum, weight in m.items_as("weight"):
            ids.append(docnum)
            weights.append(weight)
        return ids, weights
    while m.is_active():
        if m._data is None:
            m._read_data()
        ids.extend(accumulate(m._data[0]))  # stored as gaps from the previous number
        m._read_weights()
        weights.extend(m._weights)
        m._next_block()
    return ids, weights


def posting_values(reader: Any, fieldname: str, btext: bytes, docs: Sequence[int]) -> list[Any]:
    """The stored value of a term's posting in each of `docs` (ascending), None where
    the term has none (a position field: the encoded positions)."""
    out: list[Any] = [None] * len(docs)
    m = reader.postings(fieldname, btext)
    i, n = 0, len(docs)
    if not (_version_ok() and all(hasattr(m, a) for a in _VALUE_ATTRS)):
        while i < n and m.is_active():
            m.skip_to(docs[i])
            if m.is_active() and m.id() == docs[i]:
                out[i] = m.value()
            i += 1
        return out
    while i < n and m.is_active():
        if m._maxid < docs[i]:
            m._next_block()  # no candidate in this block: not even decoded
            continue
        if m._ids is None:
            m._read_ids()
        if m._values is None:
            m._read_values()
        ids, values, maxid = m._ids, m._values, m._maxid
        lo = 0
        while i < n and docs[i] <= maxid:
            lo = bisect_left(ids, docs[i], lo)
            if lo < len(ids) and ids[lo] == docs[i]:
                out[i] = values[lo]
            i += 1
        m._next_block()
    return out


def _column(reader: Any, fieldname: str) -> Any:
    perdoc = getattr(reader, "_perdoc", None)
    cached_reader = getattr(perdoc, "_cached_reader", None)
    if cached_reader is None:
        return None
    return cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)


def fast_lengths(reader: Any, fieldname: str) -> bool:
    """Whether a field's length column can be copied out whole."""
    if not _version_ok():
        return False
    col = _column(reader, fieldname)
    return col is not None and (
        getattr(col, "_typecode", None) == "B"
        and getattr(col, "_fixedlen", None) == 1
        and all(hasattr(col, a) for a in ("_dbfile", "_basepos", "_count"))
    )


def length_column(reader: Any, fieldname: str) -> bytes:
    """Each document's length in `fieldname` as Whoosh stores it: one byte per document.

    `whoosh.util.numeric.byte_to_length` turns a byte back into the length
    Whoosh scores with; 0 is no length.
    """
    count = reader.doc_count_all()
    if fast_lengths(reader, fieldname):
        col = _column(reader, fieldname)
        # the column stops at the last document with a length; the rest are 0
        stored = bytes(col._dbfile.get(col._basepos, min(count, col._count)))
        return stored + bytes(count - len(stored))
    return bytes(length_to_byte(reader.doc_field_length(d, fieldname, 0)) for d in range(count))


def _length_name(fieldname: str) -> str:
    return f"_{fieldname}_len"  # the W3 codec's name of a field's length column


class _LoadedLengths(W3PerDocReader):  # type: ignore[misc]
    """W3's per-document reader, each field's lengths loaded once (see module doc)."""

    def __init__(self, storage: Any, segment: Any) -> None:
        super().__init__(storage, segment)
        self.loaded: dict[str, Any] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: Any = 0) -> Any:
        column = self.loaded.get(fieldname)
        if column is None:
            name = _length_name(fieldname)
            column = self.loaded[fieldname] = (
                self.column_reader(name, LENGTHS_COLUMN).load() if self.has_column(name) else ()
            )
        if not column:
            return default
        # as W3PerDocReader: a stored byte of 0 reads as None
        byte = column[docnum] if docnum < len(column) else 0
        return byte_to_length(byte) if byte else None


class WriteCodec(W3Codec):  # type: ignore[misc]
    """The W3 codec, uncompressed, whose per-document reader loads lengths whole."""

    def __init__(self) -> None:
        # Postings blocks are small and mostly numbers: zlib costs more time than
        # the bytes it saves.
        super().__init__(compression=0)

    def per_document_reader(self, storage: Any, segment: Any) -> Any:
        if not _version_ok():
            return super().per_document_reader(storage, segment)
        return _LoadedLengths(storage, segment)
