"""Reading a term's postings a block at a time rather than a posting at a time.

Whoosh's matchers step through postings one Python call at a time. Its W3 codec
stores them in blocks (128 postings, with the block's last document number in
the block header), so whole blocks can be decoded at once, and blocks holding
none of the documents asked about need not be decoded at all. This leans on the
block attributes of whoosh-reloaded 2.7's W3 leaf matcher (pinned `<2.8`); any
other matcher is read through its public methods.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

__all__ = ["arrays", "doc_ids", "weights"]

_BLOCK_ATTRS = ("_read_data", "_read_weights", "_next_block", "_maxid", "_byteids", "_data")


def _blockwise(m: Any) -> bool:
    return all(hasattr(m, a) for a in _BLOCK_ATTRS) and not m._byteids


def _block_ids(m: Any) -> list[int]:
    if m._data is None:
        m._read_data()
    # document numbers are stored as gaps from the previous one
    return list(accumulate(m._data[0]))


def doc_ids(m: Any) -> list[int]:
    """Every document number of the matcher `m` (a fresh term matcher), in order."""
    if not _blockwise(m):
        return list(m.all_ids())
    out: list[int] = []
    while m.is_active():
        out.extend(_block_ids(m))
        m._next_block()
    return out


def weights(m: Any, wanted: Sequence[int] | None = None) -> dict[int, float]:
    """Posting weights by document number, of every posting or of `wanted` ones.

    Args:
        m: a fresh term matcher.
        wanted: sorted document numbers; blocks holding none of them are skipped
            unread (the result may still hold other documents of read blocks).
    """
    out: dict[int, float] = {}
    if wanted is not None and not wanted:
        return out
    if not _blockwise(m):
        while m.is_active():
            out[m.id()] = m.weight()
            m.next()
        return out
    i, n = 0, len(wanted) if wanted is not None else 0
    while m.is_active():
        if wanted is not None:
            last = m._maxid
            if wanted[i] > last:
                m._next_block()
                continue
            ids = _block_ids(m)
            while i < n and wanted[i] <= last:
                i += 1
        else:
            ids = _block_ids(m)
        m._read_weights()
        out.update(zip(ids, m._weights, strict=True))
        if wanted is not None and i == n:
            break
        m._next_block()
    return out


def arrays(m: Any) -> tuple[array[int], array[float]]:
    """Every document number and weight of the matcher `m` (a fresh term matcher).

    Compact (8 bytes a posting), for keeping a term's postings across queries.
    """
    ids, out = array("I"), array("f")
    if not _blockwise(m):
        while m.is_active():
            ids.append(m.id())
            out.append(m.weight())
            m.next()
        return ids, out
    while m.is_active():
        ids.extend(_block_ids(m))
        m._read_weights()
        out.extend(m._weights)
        m._next_block()
    return ids, out
