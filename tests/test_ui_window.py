"""The main window: history, quick-open, tree following, settings, services arriving late."""

# pytest fixtures are imported from ui_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel
from ui_fixtures import build_root, outline, settings  # noqa: F401

from ijref.app import open_services
from ijref.catalog.outline import Outline
from ijref.ui.host import DockPlace, RecordLinks
from ijref.ui.main_window import MainWindow
from ijref.ui.tree_model import RECORD_ID_ROLE

MOU = "agreement/isro-jaxa-mou-2016"


def _press(widget, button: Qt.MouseButton) -> None:
    press = QMouseEvent(
        QMouseEvent.Type.MouseButtonPress,
        QPointF(5, 5),
        widget.mapToGlobal(QPointF(5, 5)),
        button,
        button,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, press)


def _window(qtbot, outline: Outline, settings: QSettings) -> MainWindow:
    w = MainWindow(outline, settings, today=lambda: dt.date(2021, 1, 1))
    qtbot.addWidget(w)
    return w


def _loaded(qtbot, outline, settings, build_root: Path) -> MainWindow:
    w = _window(qtbot, outline, settings)
    services = open_services(build_root)
    w.set_services(services)
    return w


def test_tree_is_filled_and_record_shows_before_services_open(qtbot, outline, settings) -> None:
    w = _window(qtbot, outline, settings)
    assert w.sectors.model.rowCount() == 3
    w.show_record(MOU)
    assert w.detail.record_title.startswith("Memorandum of Understanding between ISRO")
    assert "Opening the catalog" in w.detail.browser.toPlainText()
    assert w.statusBar().currentMessage() == "Opening the catalog…"
    labels = [label.text() for label in w.statusBar().findChildren(QLabel)]
    assert any(f"Data {outline.data_version} · as of 2020-12" in t for t in labels)


def test_services_from_a_worker_fill_the_pending_record(
    qtbot, outline, settings, build_root
) -> None:
    from PySide6.QtCore import QThreadPool

    from ijref.ui.workers import TaskRunner

    w = _window(qtbot, outline, settings)
    w.show_record(MOU)
    answers: list[object] = []
    runner = TaskRunner(QThreadPool.globalInstance(), w)
    runner.run(lambda: open_services(build_root), answers.append, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=10000)
    assert not isinstance(answers[0], str), answers[0]
    w.set_services(answers[0])
    assert "Parties" in w.detail.browser.toPlainText()
    w.services.close()


def test_back_and_forward_by_keys_and_mouse_buttons(qtbot, outline, settings, build_root) -> None:
    w = _loaded(qtbot, outline, settings, build_root)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    w.show_record(MOU)
    w.detail.browser.anchorClicked.emit(QUrl("record:organization/jaxa"))
    assert w.detail.current_id == "organization/jaxa"
    assert w.back_action.isEnabled() and not w.forward_action.isEnabled()
    qtbot.keyClick(w.detail.browser, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert w.detail.current_id == MOU
    qtbot.keyClick(w.detail.browser, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert w.detail.current_id == "organization/jaxa"
    _press(w.detail.browser.viewport(), Qt.MouseButton.BackButton)
    assert w.detail.current_id == MOU
    w.services.close()


def test_tree_follows_and_drives_the_selection(qtbot, outline, settings, build_root) -> None:
    w = _loaded(qtbot, outline, settings, build_root)
    w.show_record("event/space-dialogue-1")
    assert w.sectors.tree.currentIndex().data(RECORD_ID_ROLE) == "event/space-dialogue-1"
    index = w.sectors.model.index_of("agreement/dgh-jogmec-mou-2007")
    with qtbot.waitSignal(w.recordSelected) as blocker:
        w.sectors.tree.setCurrentIndex(index)
    assert blocker.args == ["agreement/dgh-jogmec-mou-2007"]
    assert w.detail.record_title.startswith("DGH–JOGMEC")
    w.services.close()


def test_quick_open_finds_by_acronym_and_opens(qtbot, outline, settings, build_root) -> None:
    w = _loaded(qtbot, outline, settings, build_root)
    with qtbot.waitExposed(w):
        w.show()
    w.quick_action.trigger()
    dialog = w.quick_open
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.field, "isro jaxa")
    shown = [dialog.proxy.index(r, 0).data() for r in range(dialog.proxy.rowCount())]
    assert shown[0].startswith("ISRO–JAXA MoU 2016")
    assert all("ISRO" in s or "isro" in s.casefold() for s in shown)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert w.detail.current_id == MOU
    w.quick_action.trigger()
    qtbot.keyClicks(dialog.field, "jaxa")
    assert dialog.proxy.index(0, 0).data().startswith("JAXA — Japan Aerospace")  # acronym first
    qtbot.keyClick(dialog.field, Qt.Key.Key_Down)
    assert dialog.list.currentIndex().row() == 1
    qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert w.detail.current_id == MOU  # Escape opens nothing
    w.services.close()


def test_settings_restored(qtbot, outline, tmp_path) -> None:
    path = str(tmp_path / "restore.ini")
    first = MainWindow(outline, QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.resize(780, 520)
    with qtbot.waitExposed(first):
        first.show()
    first.results_dock.show()
    first.results_dock.setFloating(True)
    first.resizeDocks([first.sectors_dock], [230], Qt.Orientation.Horizontal)
    # A dock added once the window is up (as bookmarks and notes are), moved by the user.
    first.add_dock(QLabel("notes"), "Notes", DockPlace(Qt.DockWidgetArea.LeftDockWidgetArea))
    (notes,) = [d for d in first.layout_.docks() if d.windowTitle() == "Notes"]
    first.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, notes)
    first.show_record(MOU)
    qtbot.waitUntil(lambda: first.sectors_dock.width() == 230)
    first.close()

    second = MainWindow(outline, QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    with qtbot.waitExposed(second):
        second.show()
    notes = second.add_dock(
        QLabel("notes"), "Notes", DockPlace(Qt.DockWidgetArea.LeftDockWidgetArea)
    )
    assert (second.size().width(), second.size().height()) == (780, 520)
    assert second.sectors_dock.width() == 230
    assert second.results_dock.isFloating()  # docks as the user left them
    assert second.dockWidgetArea(notes) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert second.detail.current_id == MOU
    assert second.sectors.tree.currentIndex().data(RECORD_ID_ROLE) == MOU


def test_every_control_has_an_accessible_name(qtbot, outline, settings) -> None:
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QComboBox,
        QHeaderView,
        QLineEdit,
        QTextBrowser,
    )

    w = _window(qtbot, outline, settings)
    controls = [
        c
        for kind in (QLineEdit, QComboBox, QAbstractItemView, QTextBrowser)
        for c in w.findChildren(kind)
    ]
    assert len(controls) >= 8
    # Qt's own parts (a tree's header, a combo box's popup list, a date box's text field)
    # are named by their owners.
    missing = [
        type(c).__name__
        for c in controls
        if not c.accessibleName()
        and not isinstance(c, QHeaderView)
        and not c.objectName().startswith("qt_")  # e.g. a date box's own line edit
        and not isinstance(c.parentWidget().parentWidget(), QComboBox)
    ]
    assert missing == []


def test_hosting_points_wire_views_and_docks(qtbot, outline, settings) -> None:
    from PySide6.QtCore import Signal, Slot
    from PySide6.QtWidgets import QWidget

    class View(QWidget):
        recordActivated = Signal(str)

        def __init__(self) -> None:
            super().__init__()
            self.followed: list[str] = []

        @Slot(str)
        def selectRecord(self, record_id: str) -> None:
            self.followed.append(record_id)

    w = _window(qtbot, outline, settings)
    view, dock_widget = View(), View()
    links = [
        RecordLinks(opens=v.recordActivated, follows=v.selectRecord) for v in (view, dock_widget)
    ]
    assert w.add_view(view, "Timeline", links[0]) == 1
    dock = w.add_dock(
        dock_widget, "Bookmarks", DockPlace(Qt.DockWidgetArea.LeftDockWidgetArea), links[1]
    )
    assert dock.windowTitle() == "Bookmarks"
    view.recordActivated.emit(MOU)
    assert w.detail.current_id == MOU
    assert view.followed == [MOU] and dock_widget.followed == [MOU]
    dock_widget.recordActivated.emit("organization/isro")
    assert view.followed[-1] == "organization/isro"
    _press(dock_widget, Qt.MouseButton.BackButton)  # side buttons work over hosted views
    assert w.detail.current_id == MOU
    _press(view, Qt.MouseButton.ForwardButton)
    assert w.detail.current_id == "organization/isro"
