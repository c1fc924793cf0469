"""Speed-ups for writing one Whoosh segment, kept apart from what they speed up.

Whoosh's segment writer, when it writes the postings at commit, asks for the
length of the field of every single posting through a column reader — and for
fields that keep no lengths it asks the file system each time whether a length
column exists. That is about a fifth of indexing time. Here the lengths are
recorded as documents are added (the same byte-quantised values Whoosh
stores) and handed to the commit from memory.

This leans on `SegmentWriter.perdocwriter` and `per_document_reader` of
whoosh-reloaded 2.7 (pinned `<2.8` in pyproject); where they are missing the
writer is left as it is.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

from whoosh.util.numeric import byte_to_length, length_to_byte

__all__ = ["speed_up"]


class _Lengths:
    """Field lengths by document, as `doc_field_length` of a per-document reader."""

    def __init__(self) -> None:
        self.by_field: dict[str, bytearray] = {}

    def record(self, fieldname: str, docnum: int, length: int) -> None:
        column = self.by_field.get(fieldname)
        if column is None:
            column = self.by_field[fieldname] = bytearray()
        if len(column) <= docnum:
            column.extend(bytes(docnum + 1 - len(column)))
        column[docnum] = length_to_byte(length)

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        column = self.by_field.get(fieldname)
        if column is None or docnum >= len(column) or not column[docnum]:
            return default
        length: int = byte_to_length(column[docnum])
        return length

    def close(self) -> None:
        self.by_field.clear()


_Postings = tuple[list[int], list[float], list[bytes]]


class _TermPool:
    """Postings grouped by term as documents are added, for a corpus that fits in memory.

    Stands in for Whoosh's `PostingPool`, which keeps one tuple per posting, sorts
    them all at commit and spills runs to disk: here only the terms are sorted,
    each term's postings being in document order already.
    """

    def __init__(self) -> None:
        self.fieldnames: set[str] = set()
        # field → term → (document numbers, weights, encoded values)
        self.terms: dict[str, dict[bytes, _Postings]] = {}

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, btext, docnum, weight, vbytes = item
        field = self.terms.get(fieldname)
        if field is None:
            self.fieldnames.add(fieldname)
            field = self.terms[fieldname] = {}
        found = field.get(btext)
        if found is None:
            found = field[btext] = ([], [], [])
        found[0].append(docnum)
        found[1].append(weight)
        found[2].append(vbytes or b"")

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        for fieldname in sorted(self.terms):
            field = self.terms[fieldname]
            for btext in sorted(field):
                ids, weights, values = field[btext]
                for posting in zip(ids, weights, values, strict=True):
                    yield (fieldname, btext, *posting)

    def cleanup(self) -> None:
        self.terms.clear()


def _write_terms(fieldwriter: Any, schema: Any, pool: _TermPool, lengths: _Lengths) -> None:
    """Write every term's postings a block at a time.

    The blocks are exactly those `FieldWriter.add_postings` would make posting by
    posting (same size limit, statistics and inlining); this fills each block's
    arrays at once instead.
    """
    for fieldname in sorted(pool.terms):
        field = pool.terms[fieldname]
        if not field:
            continue
        fieldwriter.start_field(fieldname, schema[fieldname])
        column = lengths.by_field.get(fieldname)
        for btext in sorted(field):
            _write_term(fieldwriter, btext, field[btext], column)
        fieldwriter.finish_field()


def _write_term(
    fieldwriter: Any, btext: bytes, postings: _Postings, column: bytearray | None
) -> None:
    ids, weights, values = postings
    fieldwriter.start_term(btext)
    pw = fieldwriter._postwriter
    limit = pw._blocklimit
    for start in range(0, len(ids), limit):
        if start:
            pw._write_block()  # and starts the next block
        block_ids = ids[start : start + limit]
        block_weights = weights[start : start + limit]
        pw._ids = array("I", block_ids)
        pw._weights = array("f", block_weights)
        pw._values = [v for v in values[start : start + limit] if v]
        pw._maxweight = max([0.0, *block_weights])
        if column is not None:
            found = [column[d] for d in block_ids if d < len(column) and column[d]]
            if found:
                pw._minlength = byte_to_length(min(found))
                pw._maxlength = byte_to_length(max(found))
    fieldwriter.finish_term()


def speed_up(writer: Any, *, in_memory: bool = False) -> None:
    """Give a fresh `SegmentWriter` the in-memory field lengths (see module doc).

    Args:
        writer: a `SegmentWriter` nothing has been added to yet.
        in_memory: also group postings by term in memory and write them a block
            at a time (memory grows with the corpus: for corpora that fit).
    """
    perdoc = getattr(writer, "perdocwriter", None)
    if perdoc is None or not hasattr(writer, "per_document_reader"):
        return
    lengths = _Lengths()
    add_field = perdoc.add_field

    def recording_add_field(fieldname: str, fieldobj: Any, value: Any, length: int) -> None:
        add_field(fieldname, fieldobj, value, length)
        if length:
            lengths.record(fieldname, writer.docnum, length)

    perdoc.add_field = recording_add_field
    writer.per_document_reader = lambda: lengths
    if not in_memory or not all(
        hasattr(writer, a) for a in ("pool", "fieldwriter", "_flush_segment", "schema")
    ):
        return
    pool = _TermPool()
    writer.pool = pool

    def flush_segment() -> None:
        writer.perdocwriter.close()
        _write_terms(writer.fieldwriter, writer.schema, pool, lengths)
        writer.fieldwriter.close()
        lengths.close()

    writer._flush_segment = flush_segment
    if _plain_schema(writer.schema) and hasattr(writer, "_check_state"):
        writer.add_document = _lean_add_document(writer, pool)


def _plain_schema(schema: Any) -> bool:
    """Whether no field needs what `_lean_add_document` leaves out."""
    return all(
        not f.vector and not f.separate_spelling() and not f.column_type
        for f in (schema[name] for name in schema.names())
    )


def _lean_add_document(writer: Any, pool: _TermPool) -> Any:
    """`SegmentWriter.add_document` for a schema without vectors, spelling or columns.

    Whoosh's own makes a tuple per posting and hands it to its pool one call at
    a time; this appends each posting to its term's lists directly. Documents
    with boosts (`_boost`, `_<field>_boost`) or stored-value overrides go
    through Whoosh's own.
    """
    whooshs = writer.add_document
    schema = writer.schema
    perdoc = writer.perdocwriter
    terms = pool.terms

    def add_document(**fields: Any) -> None:
        if any(name.startswith("_") for name in fields):
            whooshs(**fields)
            return
        writer._check_state()
        docnum = writer.docnum
        perdoc.start_doc(docnum)
        for fieldname in sorted(fields):
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                scorable = field.scorable
                field_terms = terms.get(fieldname)
                if field_terms is None:
                    pool.fieldnames.add(fieldname)
                    field_terms = terms[fieldname] = {}
                fast = getattr(field.format, "index_postings", None)
                items = fast(value, field.analyzer) if fast is not None else None
                if items is None:
                    items = field.index(value)
                for tbytes, freq, weight, vbytes in items:
                    if scorable:
                        length += freq
                    found = field_terms.get(tbytes)
                    if found is None:
                        found = field_terms[tbytes] = ([], [], [])
                    found[0].append(docnum)
                    found[1].append(weight * 1.0)  # as Whoosh's `weight *= fieldboost`
                    found[2].append(vbytes or b"")
            perdoc.add_field(fieldname, field, value if field.stored else None, length)
        perdoc.finish_doc()
        writer._added = True
        writer.docnum += 1

    return add_document
