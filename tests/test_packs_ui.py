"""Data updates in the window: install with progress, What's new, refusals, restore, reopen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from ijref.app import build_catalog as build
from ijref.catalog.outline import read_outline
from ijref.catalog.release import Release
from ijref.packs.diff import CHANGED, NEW, RENAMED, Changes, FieldChange, RecordChange, SourceText
from ijref.packs.location import INSTALLED, SHIPPED, active_data
from ijref.ui.main_window import MainWindow
from ijref.ui.packs.updates import WHATS_NEW_TITLE, DataUpdates
from ijref.ui.packs.whats_new import WhatsNewView
from ijref.userdata.store import UserStore
from tests.pack_support import (
    CHANGED as CHANGED_ID,
)
from tests.pack_support import (
    FIXTURE_RECORDS,
    NEW_EVENT,
    NEW_ID,
    OLD_ID,
    copy_records,
    make_pack,
    make_version_two,
    trusted,
)


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    root = tmp_path / "shipped"
    build(FIXTURE_RECORDS, root, release=Release("ijref-data", 1))
    return root


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "user"


@pytest.fixture
def v2_pack(tmp_path: Path, data_dir: Path) -> Path:
    records = make_version_two(copy_records(FIXTURE_RECORDS, tmp_path / "records-v2"))
    out = tmp_path / "v2.ijpack"
    make_pack(records, out, trusted(data_dir), 2)
    return out


@pytest.fixture
def window(qtbot, shipped: Path, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(read_outline(shipped), settings, today=lambda: dt.date(2021, 1, 1))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_whats_new_shows_old_and_new_side_by_side_with_the_source_escaped(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = WhatsNewView()
    qtbot.addWidget(view)
    changes = Changes(
        1,
        2,
        (
            RecordChange(NEW_EVENT, NEW, "event", "Second <b>Space</b> Dialogue"),
            RecordChange(
                CHANGED_ID,
                CHANGED,
                "agreement",
                "ISRO–JAXA MoU 2016",
                fields=(
                    FieldChange(
                        "place",
                        "Place",
                        ("Delhi",),
                        ("Tokyo <img src='http://example.org/x.png'>",),
                        (SourceText("DST brief, para. 59", "An MoU was signed in Tokyo."),),
                    ),
                ),
            ),
            RecordChange(NEW_ID, RENAMED, "programme", "Lunar study", old_id=OLD_ID),
        ),
    )
    view.show_changes(changes, "Data version 2.")
    text = view.browser.toPlainText()
    assert "1 new, 1 changed, 0 removed, 1 renamed" in text
    assert "Second <b>Space</b> Dialogue" in text  # shown as text, not markup
    assert "Before" in text and "Now" in text and "Delhi" in text
    assert "<img src='http://example.org/x.png'>" in text
    assert "Source\nDST brief, para. 59:\n“An MoU was signed in Tokyo.”" in text
    assert f"(was {OLD_ID})" in text
    assert view.browser.refused == []  # nothing was loaded
    assert f'href="record:{NEW_EVENT}"' in view.browser.toHtml()
    with qtbot.waitSignal(view.recordActivated) as opened:
        view.browser.anchorClicked.emit(QUrl(f"record:{NEW_EVENT}"))
    assert opened.args == [NEW_EVENT]


def test_install_through_the_window(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    shipped: Path,
    data_dir: Path,
    v2_pack: Path,
) -> None:
    moved: list[dict[str, str]] = []
    updates = DataUpdates(
        window,
        shipped_root=shipped,
        data_dir=data_dir,
        follow=lambda m: moved.append(dict(m)) or 1,
    )
    assert not updates.restore_action.isEnabled()
    assert updates.install_action in window.menus["file"].actions()
    steps: list[float] = []
    updates.progress.connect(lambda _s, f: steps.append(f))
    with qtbot.waitSignal(updates.dataChanged, timeout=30_000) as changed:
        updates.install(v2_pack)
        assert updates.dialog is not None and updates.dialog.isVisible()
    message, whats_new = changed.args
    assert whats_new is True
    assert message.startswith("Installed data version 2: 1 new, 1 changed, 0 removed, 1 renamed")
    assert steps and steps == sorted(steps)
    assert updates.dialog is None
    assert active_data(shipped, data_dir).origin == INSTALLED
    assert moved == [{OLD_ID: NEW_ID}]

    updates.show_whats_new()
    assert window.views.tabText(window.views.currentIndex()) == WHATS_NEW_TITLE
    assert updates.view is not None
    text = updates.view.browser.toPlainText()
    assert "Data version 2" in text and "over version 1" in text
    assert "Tokyo" in text and "Second Japan-India Space Dialogue" in text


def test_a_flipped_byte_is_refused_in_one_line_and_nothing_changes(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    shipped: Path,
    data_dir: Path,
    v2_pack: Path,
    tmp_path: Path,
) -> None:
    data = bytearray(v2_pack.read_bytes())
    data[len(data) // 3] ^= 0x20
    bad = tmp_path / "flipped.ijpack"
    bad.write_bytes(bytes(data))
    updates = DataUpdates(window, shipped_root=shipped, data_dir=data_dir)
    fired: list[str] = []
    updates.dataChanged.connect(lambda message, _new: fired.append(message))
    updates.install(bad)
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "PackRefused") is not None, timeout=30_000
    )
    box = window.findChild(QMessageBox, "PackRefused")
    assert box.text().startswith("flipped.ijpack: ")
    assert box.text().endswith("Your data is as it was.")
    assert fired == []
    assert active_data(shipped, data_dir).origin == SHIPPED
    box.close()


def test_restore_previous_data(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    shipped: Path,
    data_dir: Path,
    v2_pack: Path,
) -> None:
    updates = DataUpdates(window, shipped_root=shipped, data_dir=data_dir)
    with qtbot.waitSignal(updates.dataChanged, timeout=30_000):
        updates.install(v2_pack)
    after = DataUpdates(window, shipped_root=shipped, data_dir=data_dir)
    assert after.restore_action.isEnabled()
    with qtbot.waitSignal(after.dataChanged, timeout=30_000) as restored:
        after.restore()
    assert restored.args == ["Returned from data version 2 to version 1", False]
    assert after.renamed == {NEW_ID: OLD_ID}
    assert active_data(shipped, data_dir).origin == SHIPPED


def test_the_app_reopens_on_the_new_data_with_the_note_on_the_renamed_record(
    qtbot,  # type: ignore[no-untyped-def]
    shipped: Path,
    data_dir: Path,
    v2_pack: Path,
) -> None:
    from ijref.app import _Session

    with UserStore.open(data_dir) as store:
        note = store.add_note(OLD_ID, "Ask about the rover.")
    app = QApplication.instance()
    session = _Session(app, shipped, data_dir)  # type: ignore[arg-type]
    session.open(shipped, read_outline(shipped), OLD_ID)
    first = session.window
    assert first is not None
    qtbot.waitUntil(lambda: first.services is not None, timeout=20_000)
    qtbot.waitUntil(lambda: session.starter is not None and session.starter.ui is not None)
    assert session.updates is not None
    with qtbot.waitSignal(session.updates.dataChanged, timeout=30_000):
        session.updates.install(v2_pack)
    second = session.window
    assert second is not None and second is not first
    qtbot.addWidget(second)
    assert second.outline.record(NEW_ID) is not None
    assert second.views.tabText(second.views.currentIndex()) == WHATS_NEW_TITLE
    assert second.statusBar().currentMessage().startswith("Installed data version 2")
    assert second.detail.current_id in (None, NEW_ID)
    qtbot.waitUntil(lambda: second.services is not None, timeout=20_000)
    qtbot.waitUntil(lambda: session.starter is not None and session.starter.ui is not None)
    store = session.starter.ui.store  # type: ignore[union-attr]
    assert [n.id for n in store.notes(NEW_ID)] == [note.id]
    session.starter.close()  # type: ignore[union-attr]
    session.close()
    second.close()


def test_changed_records_are_marked_until_opened(
    qtbot,  # type: ignore[no-untyped-def]
    shipped: Path,
    data_dir: Path,
    v2_pack: Path,
) -> None:
    from PySide6.QtCore import Qt

    from ijref.app import _Session
    from ijref.packs.install import install_pack
    from ijref.ui.tree_model import CHANGED_ROLE

    install_pack(v2_pack, shipped_root=shipped, data_dir=data_dir)
    root = active_data(shipped, data_dir).root

    def opened() -> tuple[_Session, MainWindow]:
        session = _Session(QApplication.instance(), shipped, data_dir)  # type: ignore[arg-type]
        session.open(root, read_outline(root), None)
        window = session.window
        assert window is not None and session.updates is not None
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: session.starter is not None and session.starter.ui is not None)
        return session, window

    session, window = opened()
    updates = session.updates
    assert updates is not None
    assert updates.marks == {NEW_EVENT: NEW, CHANGED_ID: CHANGED, NEW_ID: RENAMED}
    model = window.sectors.model
    space = next(
        model.index(r, 0)
        for r in range(model.rowCount())
        if str(model.index(r, 0).data()).startswith("Space")
    )
    assert str(space.data()).endswith("· 3 updated")
    row = model.index_of(CHANGED_ID)
    assert row.data(CHANGED_ROLE) == "changed"
    assert row.data(Qt.ItemDataRole.FontRole).bold()
    assert "changed by the data update" in row.data(Qt.ItemDataRole.AccessibleTextRole)

    window.show_record(CHANGED_ID)
    qtbot.waitUntil(lambda: CHANGED_ID not in updates.marks, timeout=20_000)
    assert model.index_of(CHANGED_ID).data(CHANGED_ROLE) == ""
    assert str(space.data()).endswith("· 2 updated")
    session.starter.close()  # type: ignore[union-attr]
    session.close()
    window.close()

    session, window = opened()  # the next start remembers what was opened
    assert session.updates is not None
    assert set(session.updates.marks) == {NEW_EVENT, NEW_ID}
    session.starter.close()  # type: ignore[union-attr]
    session.close()
    window.close()


def test_a_search_hit_says_its_record_is_new(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from ijref.search.results import Hit, Results
    from ijref.ui.search_panel import CHANGED_ROLE, SearchPanel

    panel = SearchPanel()
    qtbot.addWidget(panel)
    panel.show_results(
        "dialogue", Results((Hit(NEW_EVENT, "event", "Second dialogue", (), 1.0),), 1)
    )
    panel.model.set_changed({NEW_EVENT: NEW})
    index = panel.model.index(0, 0)
    assert index.data(CHANGED_ROLE) == NEW
    assert "new in the data update" in index.data(Qt.ItemDataRole.AccessibleTextRole)


def test_cancel_stops_the_install_and_nothing_changes(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    shipped: Path,
    data_dir: Path,
    v2_pack: Path,
) -> None:
    updates = DataUpdates(window, shipped_root=shipped, data_dir=data_dir)
    fired: list[str] = []
    updates.dataChanged.connect(lambda message, _new: fired.append(message))
    updates.install(v2_pack)
    assert updates.dialog is not None
    (button,) = updates.dialog.findChildren(QPushButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # at once: the child has not got far
    qtbot.waitUntil(lambda: not updates.busy, timeout=30_000)
    assert fired == []
    assert window.statusBar().currentMessage() == "Data update cancelled; your data is as it was"
    assert active_data(shipped, data_dir).origin == SHIPPED
