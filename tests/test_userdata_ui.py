"""The user-data widgets as a person uses them: typing saves, undo, safe preview, panels."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from ijref.domain.errors import UserFacingError
from ijref.ui.userdata.backup_dialogs import DamagedDatabaseDialog, RestoreBackupDialog
from ijref.ui.userdata.note_editor import NoteEditor
from ijref.ui.userdata.panels import BookmarksPanel, NotesPanel
from ijref.userdata.store import UserDataDamagedError, UserStore

JAXA_MOU = "agreement/isro-jaxa-mou-2016"
DGH_MOU = "agreement/dgh-jogmec-mou-2007"
TITLES = {
    JAXA_MOU: "ISRO–JAXA Memorandum of Understanding",
    DGH_MOU: "DGH–JOGMEC Memorandum of Understanding",
    "organization/jaxa": "Japan Aerospace Exploration Agency",
}
DATES = {JAXA_MOU: "2016-11-11", DGH_MOU: "2007-02-16", "organization/jaxa": "2003-10-01"}


@pytest.fixture
def store(tmp_path: Path):
    s = UserStore.open(tmp_path / "data")
    yield s
    s.close()


def _editor_with_neighbour(qtbot, store: UserStore, debounce_ms: int = 50):  # type: ignore[no-untyped-def]
    """An editor in a window beside another focusable widget, shown."""
    window = QWidget()
    editor = NoteEditor(store, TITLES, window, debounce_ms=debounce_ms)
    other = QLineEdit(window)
    layout = QVBoxLayout(window)
    layout.addWidget(editor)
    layout.addWidget(other)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, editor, other  # pytest-qt holds widgets weakly: the test keeps `window`


def test_typing_saves_after_a_pause(qtbot, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    _window, editor, _ = _editor_with_neighbour(qtbot, store)
    editor.new_note(JAXA_MOU)
    assert store.notes() == []  # an untouched new note leaves nothing
    with qtbot.waitSignal(editor.saved, timeout=3000) as saved:
        qtbot.keyClicks(editor.text, "Ask about LUPEX")
    note = store.note(saved.args[0])
    assert note is not None and (note.record_id, note.text) == (JAXA_MOU, "Ask about LUPEX")
    with qtbot.waitSignal(editor.saved, timeout=3000):
        qtbot.keyClicks(editor.text, " rover")
    assert [n.text for n in store.notes()] == ["Ask about LUPEX rover"]  # same note, updated
    assert "Note on ISRO–JAXA" in editor.heading.text()


def test_leaving_the_editor_saves_at_once(qtbot, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    _window, editor, other = _editor_with_neighbour(qtbot, store, debounce_ms=600_000)
    editor.new_note(None)
    editor.text.setFocus()
    qtbot.waitUntil(editor.text.hasFocus)
    qtbot.keyClicks(editor.text, "typed then clicked away")
    assert store.notes() == []  # the pause timer is far off
    with qtbot.waitSignal(editor.saved, timeout=3000):
        other.setFocus()
    assert [n.text for n in store.notes()] == ["typed then clicked away"]


def test_switching_notes_saves_the_one_being_left(qtbot, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    first = store.add_note(JAXA_MOU, "first")
    second = store.add_note(DGH_MOU, "second")
    _window, editor, _ = _editor_with_neighbour(qtbot, store, debounce_ms=600_000)
    editor.open_note(first.id)
    qtbot.keyClicks(editor.text, " edited")
    editor.open_note(second.id)
    assert store.note(first.id).text == "first edited"  # type: ignore[union-attr]
    assert editor.text.toPlainText() == "second"


def test_undo_survives_saves_and_is_saved_too(qtbot, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    note = store.add_note(JAXA_MOU, "kept")
    _window, editor, _ = _editor_with_neighbour(qtbot, store)
    editor.open_note(note.id)
    with qtbot.waitSignal(editor.saved, timeout=3000):
        qtbot.keyClicks(editor.text, " mistake")
    assert store.note(note.id).text == "kept mistake"  # type: ignore[union-attr]
    assert editor.undo_action.isEnabled()
    with qtbot.waitSignal(editor.saved, timeout=3000):
        editor.undo_action.trigger()
    assert editor.text.toPlainText() == "kept"
    assert store.note(note.id).text == "kept"  # type: ignore[union-attr]


def test_html_note_shows_as_text_and_loads_nothing(qtbot, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    html = (
        '<script>alert("x")</script><b>bold?</b>\n\n'
        '<img src="http://evil.example/pixel.png">\n\n'
        "![tracker](http://evil.example/tracker.png)\n\n"
        "<style>body { background: url(http://evil.example/bg.png) }</style>"
    )
    note = store.add_note(JAXA_MOU, html)
    _window, editor, _ = _editor_with_neighbour(qtbot, store)
    editor.open_note(note.id)
    shown = editor.preview.toPlainText()
    assert '<script>alert("x")</script><b>bold?</b>' in shown
    assert '<img src="http://evil.example/pixel.png">' in shown
    assert "<style>" in shown
    # The one real image reference is asked for when laid out, and refused.
    qtbot.waitUntil(lambda: bool(editor.preview.refused))
    assert editor.preview.refused == ["http://evil.example/tracker.png"]
    assert editor.text.toPlainText() == html  # the note itself is untouched


def test_record_links_in_the_preview_open_records_and_web_links_open_nothing(  # type: ignore[no-untyped-def]
    qtbot, store: UserStore
) -> None:
    note = store.add_note(None, f"see [the MoU](ijref:{JAXA_MOU}) and [DGH]({DGH_MOU})")
    _window, editor, _ = _editor_with_neighbour(qtbot, store)
    editor.open_note(note.id)
    with qtbot.waitSignal(editor.recordActivated) as opened:
        editor.preview.anchorClicked.emit(QUrl(f"ijref:{JAXA_MOU}"))
    assert opened.args == [JAXA_MOU]
    with qtbot.waitSignal(editor.recordActivated) as opened:
        editor.preview.anchorClicked.emit(QUrl(DGH_MOU))
    assert opened.args == [DGH_MOU]
    with (
        qtbot.assertNotEmitted(editor.recordActivated),
        qtbot.waitSignal(editor.preview.externalLinkClicked) as ext,
    ):
        editor.preview.anchorClicked.emit(QUrl("https://evil.example/"))
    assert ext.args == ["https://evil.example/"]


def test_bookmarks_panel_sorts_and_opens(qtbot, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    for record_id in (DGH_MOU, "organization/jaxa", JAXA_MOU, "event/gone-after-update"):
        store.add_bookmark(record_id)
    panel = BookmarksPanel(store, TITLES, DATES)
    qtbot.addWidget(panel)

    def column(col: int) -> list[str]:
        proxy = panel.proxy
        return [proxy.index(r, col).data() for r in range(proxy.rowCount())]

    assert column(0)[0] == "event/gone-after-update (no longer in the catalog)"  # newest first
    panel.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert column(1) == ["", "2003-10-01", "2007-02-16", "2016-11-11"]
    panel.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert column(0)[:3] == [
        "DGH–JOGMEC Memorandum of Understanding",
        "event/gone-after-update (no longer in the catalog)",
        "ISRO–JAXA Memorandum of Understanding",
    ]
    panel.show()
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.proxy.index(2, 0))
    with qtbot.waitSignal(panel.recordActivated) as opened:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert opened.args == [JAXA_MOU]
    panel.remove_button.click()
    assert not store.is_bookmarked(JAXA_MOU)
    assert panel.proxy.rowCount() == 3


def test_notes_panel_lists_newest_first_filters_and_opens(qtbot, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    old = store.add_note(DGH_MOU, "Gas hydrates: ask about Krishna-Godavari")
    new = store.add_note("event/gone-after-update", "Orphaned but kept")
    panel = NotesPanel(store, TITLES)
    qtbot.addWidget(panel)
    model = panel.model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "Orphaned but kept",
        "Gas hydrates: ask about Krishna-Godavari",
    ]
    assert "no longer in the catalog" in model.index(0, 1).data()
    panel.filter.setText("hydrates")
    assert model.rowCount() == 1 and model.note_id(0) == old.id
    panel.filter.clear()
    panel.show()
    panel.view.setFocus()
    panel.view.setCurrentIndex(model.index(0, 0))
    with qtbot.waitSignal(panel.noteActivated) as opened:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert opened.args == [new.id]


def test_restore_dialog_brings_back_a_backup(qtbot, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    note = store.add_note(JAXA_MOU, "as it was")
    store.backup_now()
    store.update_note(note.id, "overwritten by mistake")
    dialog = RestoreBackupDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    dialog.restore_selected()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [n.text for n in store.notes()] == ["as it was"]
    assert dialog.kept is not None and dialog.kept.exists()


def test_damaged_database_dialog_restores_newest_good_backup(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "d"
    with UserStore.open(folder) as s:
        s.add_note(JAXA_MOU, "survives")
    (folder / "user.sqlite").write_bytes(b"broken" * 1000)
    with pytest.raises(UserDataDamagedError) as err:
        UserStore.open(folder)
    dialog = DamagedDatabaseDialog(err.value)
    qtbot.addWidget(dialog)
    assert dialog.restore_button.isEnabled()
    dialog.restore_newest()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.kept is not None and dialog.kept.read_bytes() == b"broken" * 1000
    with UserStore.open(folder) as s:
        assert [n.text for n in s.notes()] == ["survives"]


def test_a_refused_save_keeps_the_text_and_says_why(  # type: ignore[no-untyped-def]
    qtbot, store: UserStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = store.add_note(JAXA_MOU, "saved part")
    _window, editor, _ = _editor_with_neighbour(qtbot, store, debounce_ms=600_000)
    editor.open_note(note.id)

    def refuse(note_id: int, text: str) -> None:
        raise UserFacingError("the disk is full; free some space and type again")

    monkeypatch.setattr(store, "update_note", refuse)
    editor.text.setPlainText("saved part and more")
    with qtbot.waitSignal(editor.saveFailed) as failed:
        editor.save()
    assert failed.args == ["the disk is full; free some space and type again"]
    assert editor.status.text() == "Not saved: " + failed.args[0]
    assert editor.dirty and editor.text.toPlainText() == "saved part and more"


def test_typing_into_a_note_deleted_elsewhere_keeps_the_words(qtbot, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    note = store.add_note(JAXA_MOU, "old")
    _window, editor, _ = _editor_with_neighbour(qtbot, store, debounce_ms=600_000)
    editor.open_note(note.id)
    store.delete_note(note.id)  # e.g. from the command line, meanwhile
    editor.text.setPlainText("old and new words")
    assert editor.save()
    assert [(n.record_id, n.text) for n in store.notes()] == [(JAXA_MOU, "old and new words")]


def test_tags_are_edited_from_the_bookmarks_panel(  # type: ignore[no-untyped-def]
    qtbot, store: UserStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    store.add_bookmark(JAXA_MOU, ["space"])
    panel = BookmarksPanel(store, TITLES, DATES)
    qtbot.addWidget(panel)
    panel.view.selectRow(0)
    asked: list[str] = []

    def answer(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(kwargs["text"])
        return "space, moon , briefing", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    panel.tags_button.click()
    assert asked == ["space"]
    assert store.bookmark(JAXA_MOU).tags == ("briefing", "moon", "space")  # type: ignore[union-attr]
    assert panel.proxy.index(0, 3).data() == "briefing, moon, space"


def test_a_note_is_deleted_only_when_the_user_confirms(  # type: ignore[no-untyped-def]
    qtbot, store: UserStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    note = store.add_note(JAXA_MOU, "maybe delete me")
    _window, editor, _ = _editor_with_neighbour(qtbot, store, debounce_ms=600_000)
    editor.open_note(note.id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    editor.delete_button.click()
    assert store.note(note.id) is not None and editor.text.toPlainText() == "maybe delete me"
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(editor.deleted) as deleted:
        editor.delete_button.click()
    assert deleted.args == [note.id]
    assert store.notes() == [] and editor.text.toPlainText() == ""
    assert store.search_notes("delete") == []
