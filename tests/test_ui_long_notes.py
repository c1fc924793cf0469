"""A note of one 500,000-character line: the editor, the preview and the note list stay usable.

Qt lays out a line with no break opportunity in time that grows with the
square of its length (87 s for 500,000 characters); the preview renders a
bounded part of such a note, and the editor wraps it anywhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextOption

from ijref.ui.userdata.models import NotesModel
from ijref.ui.userdata.note_editor import NoteEditor
from ijref.userdata.store import UserStore

JAXA_MOU = "agreement/isro-jaxa-mou-2016"
LINE = "x" * 500_000


@pytest.fixture
def store(tmp_path: Path):
    s = UserStore.open(tmp_path / "data")
    yield s
    s.close()


def test_a_huge_single_line_note_opens_with_a_bounded_preview(qtbot, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    note = store.add_note(JAXA_MOU, LINE)
    editor = NoteEditor(store, {})
    qtbot.addWidget(editor)
    editor.show()
    editor.open_note(note.id)
    assert editor.text.toPlainText() == LINE  # the note itself is whole
    assert editor.text.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
    shown = editor.preview.toPlainText()
    assert len(shown) < 20_000 and "part of this note" in shown
    model = NotesModel(store, {})
    assert len(model.data(model.index(0, 0))) <= 120


def test_pasting_a_huge_line_switches_to_wrapping_anywhere_first(qtbot, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData

    editor = NoteEditor(store, {}, debounce_ms=600_000)
    qtbot.addWidget(editor)
    editor.show()
    editor.new_note(JAXA_MOU)
    assert editor.text.wordWrapMode() != QTextOption.WrapMode.WrapAnywhere
    pasted = QMimeData()
    pasted.setText("prose first. " + "y" * 200_000)
    editor.text.insertFromMimeData(pasted)
    assert editor.text.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
    assert editor.save() and store.notes()[0].text.endswith("y" * 200_000)


def test_ordinary_prose_still_wraps_at_word_boundaries(qtbot, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    note = store.add_note(JAXA_MOU, "Ask JAXA about the LUPEX rover. " * 2000)
    editor = NoteEditor(store, {})
    qtbot.addWidget(editor)
    editor.open_note(note.id)
    assert editor.text.wordWrapMode() != QTextOption.WrapMode.WrapAnywhere
    assert "part of this note" not in editor.preview.toPlainText()
