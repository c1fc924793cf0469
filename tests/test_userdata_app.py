"""Bookmarks and notes in the real main window: docks, Ctrl+D and the star, the note editor."""

# pytest fixtures are imported from ui_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from ui_fixtures import build_root, outline, settings, window_with_notes  # noqa: F401

from ijref.ui.userdata.integration import STAR_OFF, STAR_ON
from ijref.userdata.store import UserStore

MOU = "agreement/isro-jaxa-mou-2016"


def test_notes_and_bookmarks_live_in_the_main_window(  # type: ignore[no-untyped-def]
    qtbot, outline, settings, build_root, tmp_path: Path
) -> None:
    window, starter, ui, services = window_with_notes(
        qtbot, outline, settings, build_root, tmp_path / "data"
    )
    try:
        docks = [a.text() for a in window.panels_menu.actions()]
        assert {"Bookmarks", "Notes", "Note"} <= set(docks)
        file_items = [a.text() for a in window.menus["file"].actions()]
        assert "Make a backup of your notes…" in file_items
        assert "Restore a backup…" in file_items

        window.show_record(MOU)
        assert ui.star.isEnabled() and ui.star.text() == STAR_OFF
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        assert ui.store.is_bookmarked(MOU) and ui.star.text() == STAR_ON
        assert ui.bookmarks.proxy.index(0, 0).data() == outline.titles()[MOU]

        window.show_record("organization/jaxa")
        assert ui.star.text() == STAR_OFF
        ui.bookmarks.recordActivated.emit(MOU)  # as a double click in the panel does
        assert window.detail.current_id == MOU and ui.star.text() == STAR_ON

        ui.new_note_action.trigger()
        with qtbot.waitSignal(ui.editor.saved, timeout=3000):
            qtbot.keyClicks(ui.editor.text, "Ask JAXA about LUPEX")
        assert "ISRO" in ui.editor.heading.text()
        assert [h.record_id for h in ui.store.search_notes("LUPEX")] == [MOU]
    finally:
        starter.close()
        services.close()
    with UserStore.open(tmp_path / "data") as store:  # all there after closing
        assert [n.text for n in store.notes()] == ["Ask JAXA about LUPEX"]
        assert store.is_bookmarked(MOU)
