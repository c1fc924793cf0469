"""The window on a laptop: it fits its screen, panes by keyboard, siblings told apart."""

# pytest fixtures are imported from ui_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QMargins, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication
from ui_fixtures import build_root, outline, settings, window_with_notes  # noqa: F401

from ijref.app import open_services
from ijref.ui.main_window import MainWindow
from ijref.ui.screen_fit import first_geometry, fit_inside
from ijref.ui.tree_labels import fitted_label, shared_prefixes
from ijref.ui.userdata.startup import UserDataStarter

MOU = "agreement/isro-jaxa-mou-2016"
LAPTOP = QRect(0, 0, 1366, 768)


def _window(qtbot, outline, settings) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(outline, settings, today=lambda: dt.date(2021, 1, 1))
    qtbot.addWidget(w)
    with qtbot.waitExposed(w):
        w.show()
    return w


def test_a_window_saved_on_a_big_monitor_comes_back_inside_the_laptop_screen() -> None:
    big = QRect(1900, 40, 1700, 1000)  # on the monitor right of the laptop, now unplugged
    fitted = fit_inside(big, LAPTOP)
    assert LAPTOP.contains(fitted)
    assert (fitted.width(), fitted.height()) == (1366, 768)
    kept = fit_inside(QRect(100, 50, 900, 600), LAPTOP)
    assert kept == QRect(100, 50, 900, 600)  # one that fits is left where the user put it


def test_a_first_window_leaves_room_for_its_frame() -> None:
    frame = QMargins(4, 30, 4, 4)
    rect = first_geometry(LAPTOP, frame)
    assert LAPTOP.contains(rect.marginsAdded(frame))
    assert rect.width() >= 1350 and rect.height() >= 730  # and takes the rest
    roomy = first_geometry(QRect(0, 0, 2560, 1440), frame)
    assert roomy.size() == QSize(1440, 900) and roomy.center().x() in range(1270, 1291)


def test_saved_geometry_too_big_for_the_screen_is_made_to_fit(qtbot, outline, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "s.ini")
    first = _window(qtbot, outline, QSettings(path, QSettings.Format.IniFormat))
    screen = first.screen().availableGeometry()
    first.setGeometry(screen.adjusted(200, 100, 900, 700))  # as on a bigger screen
    first.close()
    second = _window(qtbot, outline, QSettings(path, QSettings.Format.IniFormat))
    assert screen.contains(second.frameGeometry())


def test_siblings_that_share_a_start_stay_apart_when_cut(qtbot) -> None:  # type: ignore[no-untyped-def]
    labels = [
        "ISRO–JAXA Arrangement 2005",
        "ISRO–JAXA cooperative documents",
        "ISRO–JAXA MoU 2016",
        "ISRO–JAXA IA on Akatsuki radio occultation",
        "ISRO–JAXA IA on lunar polar exploration",
        "ISRO–JAXA IA on rainfall products",
        "ISRO–JAXA IA on SAFE Agromet",
    ]
    shared = shared_prefixes(labels)
    assert shared[0] == len("ISRO–JAXA ") and shared[4] == len("ISRO–JAXA IA on ")
    metrics = QFontMetrics(QFont(QApplication.font()))
    for width in (90, 130, 180):
        shown = [fitted_label(t, s, metrics, width) for t, s in zip(labels, shared, strict=True)]
        assert len(set(shown)) == len(labels), shown
        assert all(metrics.horizontalAdvance(s) <= width for s in shown)
    assert fitted_label(labels[2], shared[2], metrics, 400) == labels[2]  # room: all of it


def test_f6_goes_round_the_panes_and_tab_leaves_each(qtbot, outline, settings) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, outline, settings)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.results_dock.show()
    w.search_field.setFocus()
    seen = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        seen.append(QApplication.focusWidget())
    assert seen[:4] == [w.sectors.tree, w.detail.browser, w.results.list, w.search_field]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is w.search_field  # from the tree back to the search
    # Tab from the search field walks into the tree and on to the record, never stuck.
    w.search_field.setFocus()
    reached = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert w.sectors.tree in reached and w.detail.browser in reached
    assert reached.index(w.sectors.tree) < reached.index(w.detail.browser)


def test_the_timeline_gets_the_width_and_reset_brings_the_default(qtbot, outline, settings) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from ijref.ui.host import RecordLinks

    w = _window(qtbot, outline, settings)
    wide = QLabel("timeline")
    w.add_view(wide, "Timeline", RecordLinks(), wide=True)
    w.results_dock.show()
    (to_timeline,) = [a for a in w.menus["view"].actions() if a.text() == "Timeline"]
    assert to_timeline.shortcut().toString() == "Ctrl+2"  # every tab one key away
    to_timeline.trigger()
    assert w.views.currentWidget() is wide
    assert not w.sectors_dock.isVisible() and not w.results_dock.isVisible()
    qtbot.waitUntil(lambda: wide.width() >= w.width() - 20)  # once the layout has run
    w.show_record(MOU)  # a record opens in the Record tab, with the panels back
    assert w.sectors_dock.isVisible() and w.results_dock.isVisible()
    w.removeDockWidget(w.sectors_dock)
    w.reset_layout_action.trigger()
    assert w.sectors_dock.isVisible()
    assert w.dockWidgetArea(w.sectors_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert w.results_dock.isVisible()  # it has results to show: it stays


def test_reading_text_zooms_and_the_zoom_is_remembered(qtbot, outline, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "z.ini")
    w = _window(qtbot, outline, QSettings(path, QSettings.Format.IniFormat))
    normal = w.detail.browser.font().pointSizeF()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    qtbot.keyClick(w.detail.browser, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(w.detail.browser, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    larger = w.detail.browser.font().pointSizeF()
    assert larger >= normal * 1.2
    w.close()
    again = _window(qtbot, outline, QSettings(path, QSettings.Format.IniFormat))
    assert again.detail.browser.font().pointSizeF() == larger
    again.zoom_reset_action.trigger()
    assert again.detail.browser.font().pointSizeF() == normal


def test_help_lists_the_shortcuts_and_getting_started_opens(qtbot, outline, settings) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog, QTextBrowser

    w = _window(qtbot, outline, settings)
    w.shortcuts_action.trigger()
    (dialog,) = [d for d in w.findChildren(QDialog) if d.windowTitle() == "Keyboard shortcuts"]
    text = dialog.findChild(QTextBrowser).toPlainText()
    for keys in ("Ctrl+K", "F6", "Ctrl+0", "Alt+Left"):
        assert keys in text
    help_items = [a.text() for a in w.menus["help"].actions() if not a.isSeparator()]
    assert help_items == ["Getting started", "Keyboard shortcuts", "About ijref"]
    w.getting_started_action.trigger()
    (guide,) = [d for d in w.findChildren(QDialog) if d.windowTitle() == "Getting started"]
    assert "Ctrl+Shift+N" in guide.findChild(QTextBrowser).toPlainText()


def test_a_note_is_shown_on_its_record_after_a_restart(  # type: ignore[no-untyped-def]
    qtbot, outline, build_root, tmp_path: Path
) -> None:
    path = str(tmp_path / "s.ini")
    data = tmp_path / "data"
    window, starter, ui, services = window_with_notes(
        qtbot, outline, QSettings(path, QSettings.Format.IniFormat), build_root, data
    )
    window.show_record(MOU)
    assert not ui.editor_dock.isVisible()  # no note yet: the record has the room
    ui.new_note_action.trigger()
    with qtbot.waitSignal(ui.editor.saved, timeout=3000):
        qtbot.keyClicks(ui.editor.text, "Ask about LUPEX")
    window.close()
    starter.close()
    services.close()

    again = MainWindow(outline, QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    starter = UserDataStarter(again, data)
    again.show()
    services = open_services(build_root)
    with qtbot.waitSignal(starter.installed, timeout=10_000) as installed:
        again.set_services(services)
    ui = installed.args[0]
    try:
        assert again.detail.current_id == MOU
        assert ui.editor_dock.isVisible() and ui.editor.text.toPlainText() == "Ask about LUPEX"
        assert ui.notes_button.text() == "✎ 1 note"
        row = again.sectors.model.index_of(MOU)
        assert row.data(Qt.ItemDataRole.AccessibleTextRole).endswith("with your notes")
    finally:
        starter.close()
        services.close()


def test_ctrl_d_works_right_after_quick_open(qtbot, outline, settings, build_root) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    w = _window(qtbot, outline, settings)
    toggled: list[bool] = []
    bookmark = QAction("Bookmark this record", w)
    bookmark.setShortcut("Ctrl+D")
    bookmark.triggered.connect(lambda: toggled.append(True))
    w.add_record_action(bookmark)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.quick_action.trigger()
    qtbot.waitUntil(w.quick_open.isActiveWindow)
    qtbot.keyClicks(w.quick_open.field, "isro jaxa mou")
    qtbot.keyClick(w.quick_open.field, Qt.Key.Key_Return)
    assert w.detail.current_id == MOU
    qtbot.waitUntil(w.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert toggled == [True]
