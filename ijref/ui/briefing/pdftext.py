"""Giving the text objects of a PDF written by Qt their real text, as `/ActualText`.

Each `BT … ET` object on a page is wrapped in `/Span <</ActualText <…>>> BDC …
EMC` with the text of the run it draws (from `recorder.TextRecorder`), matched
in painting order and checked by position. The changed page contents are added
as an incremental update (PDF 1.4, section 3.4.5): new versions of those
objects, a cross-reference section for them and a trailer pointing back at
the original one; the rest of the file is left as Qt wrote it.

This reads the files Qt's PDF engine writes (one classic cross-reference
table, a flat page tree, page contents as single streams); on anything else
it leaves the file unchanged and says so.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from ijref.ui.briefing.recorder import TextRun

__all__ = ["Patched", "add_actual_text"]

_NUM = rb"-?\d+(?:\.\d+)?"
_BLOCK = re.compile(rb"(?ms)^BT\n.*?^ET\n")
_TM = re.compile(rb"(" + _NUM + rb") 0 (\.3|0) -1 0 0 Tm")
_TD = re.compile(rb"(" + _NUM + rb") (" + _NUM + rb") Td")
LOOKAHEAD = 12
TOLERANCE = 1.5


class PdfShapeError(ValueError):
    """The file is not laid out as Qt writes it."""


@dataclass(frozen=True, slots=True)
class Patched:
    """The new file, and how many text objects got their text (and how many could not)."""

    data: bytes
    wrapped: int
    unmatched: int


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        found = re.findall(rb"startxref\s+(\d+)\s+%%EOF", data)
        if not found:
            raise PdfShapeError("no startxref")
        self.xref_at = int(found[-1])
        self.offsets: dict[int, int] = {}
        pos = self.xref_at
        head = re.compile(rb"xref\s+").match(data, pos)
        if head is None:
            raise PdfShapeError("not a classic cross-reference table")
        pos = head.end()
        while sub := re.compile(rb"(\d+) (\d+)\s*\n").match(data, pos):
            first, count = int(sub[1]), int(sub[2])
            pos = sub.end()
            for n in range(count):
                entry = data[pos : pos + 20]
                if entry[17:18] == b"n":
                    self.offsets[first + n] = int(entry[:10])
                pos += 20
        trailer = data[pos : pos + 1024]
        size = re.search(rb"/Size (\d+)", trailer)
        root = re.search(rb"/Root (\d+) 0 R", trailer)
        if size is None or root is None:
            raise PdfShapeError("no trailer")
        self.size = int(size[1])
        self.root = int(root[1])
        info = re.search(rb"/Info (\d+) 0 R", trailer)
        self.info = int(info[1]) if info else None

    def obj(self, number: int) -> bytes:
        start = self.offsets.get(number)
        if start is None:
            raise PdfShapeError(f"no object {number}")
        end = self.data.find(b"endobj", start)
        return self.data[start:end]

    def ref(self, body: bytes, key: bytes) -> int:
        found = re.search(key + rb"\s+(\d+) 0 R", body)
        if found is None:
            raise PdfShapeError(f"no {key.decode()} reference")
        return int(found[1])

    def pages(self) -> list[int]:
        tree = self.obj(self.ref(self.obj(self.root), rb"/Pages"))
        kids = re.search(rb"/Kids\s*\[(.*?)\]", tree, re.S)
        if kids is None or b"/Type /Pages" not in tree:
            raise PdfShapeError("no page tree")
        pages = [int(k) for k in re.findall(rb"(\d+) 0 R", kids[1])]
        if any(
            b"/Type /Page\n" not in self.obj(p) and b"/Type /Page " not in self.obj(p)
            for p in pages
        ):
            raise PdfShapeError("a nested page tree")
        return pages

    def stream(self, number: int) -> tuple[bytes, bool]:
        body = self.obj(number)
        length = re.search(rb"/Length (\d+)( 0 R)?", body)
        start = body.find(b"stream\n")
        if length is None or start < 0:
            raise PdfShapeError(f"object {number} is not a stream")
        size = int(length[1])
        if length[2]:
            size = int(re.search(rb"obj\s+(\d+)", self.obj(size))[1])  # type: ignore[index]
        raw = body[start + 7 : start + 7 + size]
        if b"/FlateDecode" in body[:start]:
            return zlib.decompress(raw), True
        return raw, False


def _utf16_hex(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _matches(run: TextRun, block: bytes) -> bool:
    td = _TD.search(block)
    if td is None:
        return False
    x, y = float(td[1]), -float(td[2])
    if abs(y - run.y) > TOLERANCE:
        return False
    tm = _TM.search(block)
    plain = tm is not None and float(tm[1]) == 1.0 and tm[2] == b"0"
    return not plain or abs(x - run.x) <= TOLERANCE


def _wrap_page(content: bytes, runs: Sequence[TextRun]) -> tuple[bytes, int, int]:
    out = bytearray()
    last = 0
    at = 0
    wrapped = unmatched = 0
    for block in _BLOCK.finditer(content):
        out += content[last : block.start()]
        last = block.end()
        found = next(
            (j for j in range(at, min(len(runs), at + LOOKAHEAD)) if _matches(runs[j], block[0])),
            None,
        )
        if found is None or not runs[found].text:
            unmatched += found is None
            out += block[0]
            continue
        at = found + 1
        wrapped += 1
        out += b"/Span <</ActualText " + _utf16_hex(runs[found].text) + b">> BDC\n"
        out += block[0] + b"EMC\n"
    out += content[last:]
    return bytes(out), wrapped, unmatched


def add_actual_text(data: bytes, pages: Sequence[Sequence[TextRun]]) -> Patched:
    """`data` (a PDF from QPdfWriter) with each text object's real text, as an update.

    Returns the file unchanged (wrapped = 0) when it is not shaped as Qt writes.
    """
    try:
        reader = _Reader(data)
        page_objects = reader.pages()
    except (PdfShapeError, ValueError, TypeError, zlib.error):
        return Patched(data, 0, 0)
    if len(page_objects) != len(pages):
        return Patched(data, 0, 0)
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    written: dict[int, int] = {}
    wrapped = unmatched = 0
    try:
        for page, runs in zip(page_objects, pages, strict=True):
            number = reader.ref(reader.obj(page), rb"/Contents")
            content, compressed = reader.stream(number)
            new, w, u = _wrap_page(content, runs)
            wrapped += w
            unmatched += u
            body = zlib.compress(new) if compressed else new
            written[number] = len(out)
            out += b"%d 0 obj\n<<\n/Length %d\n" % (number, len(body))
            out += b"/Filter /FlateDecode\n" if compressed else b""
            out += b">>\nstream\n" + body + b"\nendstream\nendobj\n"
    except (PdfShapeError, ValueError, TypeError, zlib.error):
        return Patched(data, 0, 0)
    xref = len(out)
    out += b"xref\n"
    for number, offset in sorted(written.items()):
        out += b"%d 1\n%010d 00000 n \n" % (number, offset)
    info = b"/Info %d 0 R\n" % reader.info if reader.info is not None else b""
    out += b"trailer\n<<\n/Size %d\n/Root %d 0 R\n%s/Prev %d\n>>\n" % (
        reader.size,
        reader.root,
        info,
        reader.xref_at,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return Patched(bytes(out), wrapped, unmatched)
