"""The briefing as a PDF, read back with poppler: pages, contents, status, scripts, fonts.

Also the editable document (ODF), the refusals a person can meet (no font for a
script, a name that is not a file), and that nothing is fetched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from briefing_support import DGH, GONE, HINDI, JAPANESE, MOU, make_briefing

from ijref.briefing.document import BriefingDocument
from ijref.domain.errors import UserFacingError

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils missing; run `make sysdeps`"
)


def _run(*argv: str) -> str:
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def _text(pdf: Path, page: int | None = None, layout: bool = False) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    keep = ["-layout"] if layout else []
    return _run("pdftotext", "-enc", "UTF-8", *keep, *pages, str(pdf), "-")


@pytest.fixture(scope="module")
def doc(qapp, fixture_build: Path, tmp_path_factory: pytest.TempPathFactory) -> BriefingDocument:  # type: ignore[no-untyped-def]
    made, store = make_briefing(fixture_build, tmp_path_factory.mktemp("data"))
    store.close()
    return made


@pytest.fixture(scope="module")
def pdf(doc: BriefingDocument, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ijref.ui.briefing.export import export

    return export(doc, tmp_path_factory.mktemp("out") / "JAXA call.pdf")


def test_pages_contents_and_each_record_on_its_listed_page(
    pdf: Path, doc: BriefingDocument
) -> None:
    info = _run("pdfinfo", str(pdf))
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
    # cover, contents, one page or more per record, sources
    assert pages >= 2 + len(doc.entries) + 1
    assert "Title:           JAXA call" in info
    contents = _text(pdf, 2)
    assert "Contents" in contents
    for e in doc.entries:
        listed = re.search(rf"^{e.number}\.\s*$", contents, re.M) or e.title[:30] in contents
        assert listed, e.title
    # The contents' page numbers are right: each entry's title is on the page it names.
    numbers = [int(n) for n in re.findall(r"^(\d+)$", contents, re.M)]
    entry_pages = numbers[-(len(doc.entries) + 1) :]
    for e, page in zip(doc.entries, entry_pages, strict=False):
        assert e.title[:25] in " ".join(_text(pdf, page).split()), (e.title, page)
    assert "Sources" in _text(pdf, entry_pages[-1])
    # A running header with the handling line, and page numbers, on every page.
    for page in range(1, pages + 1):
        text = _text(pdf, page)
        assert "RESTRICTED — for internal use" in text and f"Page {page} of {pages}" in text


def test_status_on_the_meeting_date_and_what_each_record_holds(pdf: Path) -> None:
    text = " ".join(_text(pdf).split())
    assert "Status on 1 June 2010: in force" in text  # DGH–JOGMEC, expired today
    assert "expired" not in text.split("DGH–JOGMEC Memorandum")[-1].split("Sources")[0].lower()
    assert "Status on 1 June 2010: not yet signed" in text  # the 2016 MoU
    assert "Indian Space Research Organisation (ISRO)" in text
    assert re.search(r"working groups\s+3\s+groups", _text(pdf, layout=True))
    assert "no longer in the catalog" in text and GONE in text
    assert "Kept though the record left" in text
    assert "Not for the meeting" not in text  # a note that was not chosen
    assert "[1] India-Japan Cooperation in the field of Science & Technology" in text
    assert "https://global.jaxa.jp/" in text  # printed as text…


def test_links_are_text_and_nothing_is_fetched(pdf: Path, doc: BriefingDocument) -> None:
    raw = pdf.read_bytes()
    assert b"/URI" not in raw  # …and never a link a click would follow
    from ijref.ui.briefing.textdoc import build_text_document

    laid = build_text_document(doc)
    assert laid.doc.refused == []  # the remote image never even reached Qt
    assert "image not included: logo" in laid.doc.toPlainText()


def test_japanese_and_devanagari_survive_into_the_text_layer(pdf: Path) -> None:
    text = _text(pdf)
    assert JAPANESE in text
    assert "会議の前に" in text
    assert HINDI in text
    for conjunct in ("क्ष", "ज्ञ", "श्र"):
        assert conjunct in text


def test_every_font_is_embedded(pdf: Path) -> None:
    rows = _run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows, "no fonts"
    names = " ".join(r.split()[0] for r in rows)
    assert "CJK" in names and "Devanagari" in names
    for row in rows:
        # name type encoding emb sub uni
        assert re.search(r"\syes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row), row


def test_the_editable_document_opens_as_odf_with_everything(
    doc: BriefingDocument, tmp_path: Path
) -> None:
    from ijref.ui.briefing.export import export

    odt = export(doc, tmp_path / "brief.odt")
    with zipfile.ZipFile(odt) as z:
        first = z.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = ElementTree.fromstring(z.read("content.xml"))
    text = " ".join("".join(content.itertext()).split())
    for needle in ("JAXA call", "Status on 1 June 2010: in force", JAPANESE, HINDI, "Sources"):
        assert needle in text
    # Laid out as printed in LibreOffice and Word: tables span the text in
    # points (ODF has no percentages there), and no label is set as superscript.
    style = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
    widths = [
        e.get(f"{style}{name}")
        for e in content.iter()
        for name in ("width", "column-width")
        if e.get(f"{style}{name}")
    ]
    assert widths and all(re.fullmatch(r"[\d.]+pt", w) for w in widths), widths
    assert max(float(w[:-2]) for w in widths) > 400  # the full text width, not 100 pt
    assert not [e for e in content.iter() if e.get(f"{style}text-position")]
    if os.name == "posix":
        assert odt.stat().st_mode & 0o077 == 0  # owner-only, like the notes export


def test_markdown_export_and_refusals(doc: BriefingDocument, tmp_path: Path) -> None:
    from ijref.ui.briefing.export import export

    md = export(doc, tmp_path / "brief.md")
    assert JAPANESE in md.read_text(encoding="utf-8")
    with pytest.raises(UserFacingError, match=r"\.pdf, \.odt or \.md"):
        export(doc, tmp_path / "brief.docx")
    (tmp_path / "folder.pdf").mkdir()
    with pytest.raises(UserFacingError, match="not a regular file"):
        export(doc, tmp_path / "folder.pdf")
    with pytest.raises(UserFacingError, match="cannot write"):
        export(doc, tmp_path / "missing" / "brief.pdf")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.pdf")
        with pytest.raises(UserFacingError, match="not a regular file"):
            export(doc, tmp_path / "pipe.pdf")


def test_no_font_for_a_script_is_said_in_one_line_before_any_pdf(
    doc: BriefingDocument, tmp_path: Path
) -> None:
    from ijref.ui.briefing.fonts import missing_fonts, require_fonts

    assert missing_fonts(doc.texts()) == []  # this machine has Noto CJK and Devanagari
    with pytest.raises(UserFacingError) as err:
        require_fonts(doc, families=lambda _system: [])
    message = str(err.value)
    assert "\n" not in message
    assert "Devanagari, Japanese" in message and "Noto Sans CJK JP" in message


def test_a_local_image_loads_and_a_pipe_posing_as_one_does_not(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QImage

    from ijref.ui.briefing.textdoc import OfflineTextDocument, note_html

    picture = tmp_path / "map.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(picture))
    doc = OfflineTextDocument()
    doc.setHtml(note_html(f"![map]({picture})"))
    assert doc.size().width() >= 8  # laid out: the image was asked for, and loaded
    assert doc.refused == []
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.png")
        doc = OfflineTextDocument()
        doc.setHtml(note_html(f"![pipe]({tmp_path / 'pipe.png'})"))
        doc.size()  # returns at once: the pipe is never opened
        assert doc.refused and doc.refused[0].endswith("pipe.png")


def test_the_text_layer_fix_leaves_other_files_alone() -> None:
    from ijref.ui.briefing.pdftext import add_actual_text

    for junk in (b"", b"%PDF-1.4\nnot really\n%%EOF\n", b"\x00" * 64):
        patched = add_actual_text(junk, [[]])
        assert (patched.data, patched.wrapped) == (junk, 0)


def test_the_first_record_title_and_mou_on_the_pdf_pages(pdf: Path) -> None:
    text = _text(pdf)
    assert MOU in text and DGH in text


def test_a_notes_headings_read_as_headings_not_footnotes(doc: BriefingDocument) -> None:
    from ijref.ui.briefing.textdoc import build_text_document

    laid = build_text_document(doc).doc
    laid.size()  # laid out
    heights = {}
    block = laid.begin()
    while block.isValid():
        heights[block.text()] = block.layout().lineAt(0).height()
        block = block.next()
    # "## 会議の前に" lands five levels down, where Qt's own sizes are below body text.
    assert heights["会議の前に"] >= heights[JAPANESE]
