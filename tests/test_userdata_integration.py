"""Bookmarks and notes put into the main window through its typed host."""

# pytest fixtures are imported from ui_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from ui_fixtures import build_root, outline, settings  # noqa: F401

from ijref.ui.main_window import MainWindow
from ijref.ui.userdata.integration import STAR_OFF, STAR_ON, install
from ijref.userdata.store import UserStore

JAXA_MOU = "agreement/isro-jaxa-mou-2016"
TITLES = {JAXA_MOU: "ISRO–JAXA Memorandum of Understanding"}


@pytest.fixture
def store(tmp_path: Path):
    s = UserStore.open(tmp_path / "data")
    yield s
    s.close()


@pytest.fixture
def shown(qtbot, outline, settings, store: UserStore):  # type: ignore[no-untyped-def]
    window = MainWindow(outline, settings, today=lambda: dt.date(2021, 1, 1))
    qtbot.addWidget(window)
    ui = install(window, store, TITLES, {JAXA_MOU: "2016-11-11"})
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window, ui
    ui.detach()


def test_ctrl_d_and_the_star_toggle_the_bookmark(qtbot, shown, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    window, ui = shown
    window.show_record(JAXA_MOU)
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


def test_file_menu_has_backup_export_and_import_and_quit_last(shown) -> None:  # type: ignore[no-untyped-def]
    window, _ = shown
    (file_menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts == [
        "Export notes and bookmarks…",
        "Import notes and bookmarks…",
        "Make a backup of your notes…",
        "Restore a backup…",
        "Quit",
    ]


def test_the_panels_sit_beside_the_tree_and_the_editor_waits_for_a_note(shown) -> None:  # type: ignore[no-untyped-def]
    window, ui = shown
    left = Qt.DockWidgetArea.LeftDockWidgetArea
    for dock in (ui.bookmarks_dock, ui.notes_dock):
        assert window.dockWidgetArea(dock) == left
        assert window.sectors_dock in window.tabifiedDockWidgets(dock)
    assert window.sectors.tree.isVisible()  # the tree stays in front of its tabs
    assert not ui.editor_dock.isVisible()  # no note yet: the record has the room
    header = [b for b in window.detail.findChildren(QToolButton) if b in (ui.star, ui.notes_button)]
    assert len(header) == 2


def test_new_note_is_listed_once_typed_and_opens_again(qtbot, shown, store: UserStore) -> None:  # type: ignore[no-untyped-def]
    window, ui = shown
    window.show_record(JAXA_MOU)
    ui.set_current_record(JAXA_MOU)
    ui.new_note_action.trigger()
    assert ui.editor_dock.isVisible()
    with qtbot.waitSignal(ui.editor.saved, timeout=3000) as saved:
        qtbot.keyClicks(ui.editor.text, "Meeting prep")
    assert ui.notes.model.rowCount() == 1
    assert ui.notes_button.text() == "✎ 1 note"
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


def test_a_panels_record_opens_once_in_the_window(qtbot, shown) -> None:  # type: ignore[no-untyped-def]
    window, ui = shown
    visits: list[str] = []
    window.recordSelected.connect(visits.append)
    ui.bookmarks.recordActivated.emit(JAXA_MOU)
    assert window.detail.current_id == JAXA_MOU
    assert visits == [JAXA_MOU]


def test_one_click_on_a_note_in_the_notes_list_opens_it_with_its_record(
    qtbot, shown, store: UserStore
) -> None:  # type: ignore[no-untyped-def]
    window, ui = shown
    note = store.add_note(JAXA_MOU, "Rovers for the lunar polar mission")
    ui.refresh()
    ui.notes_dock.raise_()
    qtbot.waitUntil(ui.notes.view.isVisible)
    rect = ui.notes.view.visualRect(ui.notes.model.index(0, 0))
    qtbot.mouseClick(ui.notes.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert ui.editor.note_id == note.id and ui.editor_dock.isVisible()
    assert window.detail.current_id == JAXA_MOU


def test_typed_host_is_all_a_feature_needs(qtbot, shown) -> None:  # type: ignore[no-untyped-def]
    """A second feature joins the same window through the host alone (no name lookups)."""
    window, _ = shown
    from PySide6.QtGui import QAction

    from ijref.ui.host import WindowHost

    def add_briefing_items(host: WindowHost) -> QAction:
        action = QAction("Add to briefing", window)
        action.setShortcut("Ctrl+B")
        host.add_record_action(action)
        host.add_menu_actions("file", [QAction("Export briefing…", window)])
        return action

    action = add_briefing_items(window)
    assert not action.isEnabled()  # no record shown yet
    window.show_record(JAXA_MOU)
    assert action.isEnabled()
    file_items = [a.text() for a in window.menus["file"].actions() if not a.isSeparator()]
    assert file_items[-2:] == ["Export briefing…", "Quit"]
    assert action in window.record_menu.actions()
