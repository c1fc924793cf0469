"""The user-data docks in a main window: Ctrl+D and the star, panels, export and import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from ijref.ui.userdata.integration import STAR_OFF, STAR_ON, UserDataUi
from ijref.userdata.store import UserStore

JAXA_MOU = "agreement/isro-jaxa-mou-2016"
TITLES = {JAXA_MOU: "ISRO–JAXA Memorandum of Understanding"}


@pytest.fixture
def store(tmp_path: Path):
    s = UserStore.open(tmp_path / "data")
    yield s
    s.close()


@pytest.fixture
def shown(qtbot, store: UserStore):  # type: ignore[no-untyped-def]
    window = QMainWindow()
    ui = UserDataUi(window, store, TITLES, {JAXA_MOU: "2016-11-11"})
    ui.add_to_file_menu(window.menuBar().addMenu("&File"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window, ui


def test_ctrl_d_and_the_star_toggle_the_bookmark(qtbot, shown, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    window, ui = shown
    ui.set_current_record(JAXA_MOU)
    assert ui.star.text() == STAR_OFF
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert store.is_bookmarked(JAXA_MOU) and ui.star.text() == STAR_ON
    assert ui.bookmarks.proxy.rowCount() == 1
    qtbot.mouseClick(ui.star, Qt.MouseButton.LeftButton)
    assert not store.is_bookmarked(JAXA_MOU) and ui.star.text() == STAR_OFF
    assert ui.bookmarks.proxy.rowCount() == 0
    ui.set_current_record(None)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert store.bookmarks() == []


def test_file_menu_has_backup_export_and_import(shown) -> None:  # type: ignore[no-untyped-def]
    window, _ = shown
    (file_menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts == [
        "Export notes and bookmarks…",
        "Import notes and bookmarks…",
        "Make a backup of your notes…",
        "Restore a backup…",
    ]


def test_new_note_is_listed_once_typed_and_opens_again(qtbot, shown, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    _, ui = shown
    ui.set_current_record(JAXA_MOU)
    ui.new_note_action.trigger()
    with qtbot.waitSignal(ui.editor.saved, timeout=3000) as saved:
        qtbot.keyClicks(ui.editor.text, "Meeting prep")
    assert ui.notes.model.rowCount() == 1
    ui.new_note(None)
    ui.notes.noteActivated.emit(saved.args[0])
    assert ui.editor.text.toPlainText() == "Meeting prep"


def test_export_and_import_run_in_the_background(
    qtbot, shown, store: UserStore, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _, ui = shown
    store.add_note(JAXA_MOU, "to carry over")
    with qtbot.waitSignal(ui.message, timeout=5000) as said:
        ui.export_to(tmp_path / "out.json")
    assert "Exported" in said.args[0]
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    data["notes"][0]["uuid"] = "00000000-0000-4000-8000-000000000001"
    (tmp_path / "other.json").write_text(json.dumps(data), encoding="utf-8")
    with qtbot.waitSignal(ui.message, timeout=5000) as said:
        ui.import_from(tmp_path / "other.json")
    assert said.args[0] == "Imported: added 1, updated 0, skipped 0"
    assert ui.notes.model.rowCount() == 2
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with qtbot.waitSignal(ui.message, timeout=5000) as said:
        ui.import_from(tmp_path / "bad.json")
    assert "truncated" in said.args[0]
    assert ui.notes.model.rowCount() == 2


def test_install_uses_a_windows_hosting_points(qtbot, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QWidget

    from ijref.ui.userdata.integration import install

    class Detail(QWidget):
        recordShown = Signal(str)

        def __init__(self) -> None:
            super().__init__()
            self.tools = QHBoxLayout(self)

        def add_tool(self, widget: QWidget) -> None:
            self.tools.addWidget(widget)

    class HostWindow(QMainWindow):
        def __init__(self) -> None:
            super().__init__()
            self.detail = Detail()
            self.setCentralWidget(self.detail)
            self.file_menu = self.menuBar().addMenu("&File")
            self.docks: list[str] = []
            self.shown: list[str] = []

        def add_dock(self, widget: QWidget, title: str, area: Qt.DockWidgetArea) -> QDockWidget:
            dock = QDockWidget(title, self)
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            self.docks.append(title)
            if hasattr(widget, "recordActivated"):  # as the app's main window wires them
                widget.recordActivated.connect(self.show_record)
            return dock

        def show_record(self, record_id: str) -> None:
            self.shown.append(record_id)

    window = HostWindow()
    qtbot.addWidget(window)
    ui = install(window, store, TITLES)
    assert window.docks == ["Bookmarks", "Notes", "Note"]
    assert ui.star.parent() is window.detail
    assert "Restore a backup…" in [a.text() for a in window.file_menu.actions()]
    window.detail.recordShown.emit(JAXA_MOU)
    ui.star.click()
    assert store.is_bookmarked(JAXA_MOU)
    ui.bookmarks.recordActivated.emit(JAXA_MOU)
    assert window.shown == [JAXA_MOU]  # opened once, by the host's own wiring


def test_the_windows_search_lists_matching_notes(qtbot, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit

    window = QMainWindow()
    window.search_field = QLineEdit(window)  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    lupex = store.add_note(JAXA_MOU, "Rovers for the lunar polar mission")
    store.add_note(None, "Fisheries")
    ui = UserDataUi(window, store, TITLES)
    model = ui.notes.model
    assert model.rowCount() == 2
    window.search_field.setText("rover")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.note_id(0) == lupex.id and ui.notes_dock.windowTitle().startswith("Notes — 1")
    with qtbot.waitSignal(ui.notes.noteActivated) as opened:
        ui.notes.view.activated.emit(model.index(0, 0))
    assert opened.args == [lupex.id]
    window.search_field.clear()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert ui.notes_dock.windowTitle() == "Notes"
