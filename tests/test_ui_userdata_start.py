"""Starting with the user's data: a folder that cannot be used, a damaged file, screenshots."""

# pytest fixtures are imported from ui_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDockWidget, QLabel, QToolButton
from ui_fixtures import build_root, outline, settings  # noqa: F401

from ijref.app import _screenshot, open_services
from ijref.ui.main_window import NOTICE_NAME, MainWindow
from ijref.ui.userdata.integration import STAR_ON
from ijref.ui.userdata.note_editor import NoteEditor
from ijref.ui.userdata.startup import UserDataStarter
from ijref.userdata.store import UserStore

MOU = "agreement/isro-jaxa-mou-2016"


def _start(qtbot, outline, settings, data: Path):  # type: ignore[no-untyped-def]
    window = MainWindow(outline, settings, today=lambda: dt.date(2021, 1, 1))
    qtbot.addWidget(window)
    starter = UserDataStarter(window, data)
    window.show()
    qtbot.waitExposed(window)
    return window, starter


def _still_works(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The records, the search and navigation work without the notes."""
    window.show_record(MOU)
    assert window.detail.current_id == MOU
    assert "ISRO" in window.detail.browser.toPlainText()
    with qtbot.waitSignal(window.search.answered, timeout=10_000) as answer:
        qtbot.keyClicks(window.search_field, "jaxa")
    assert answer.args[2].hits and answer.args[3] == ()


def test_a_data_folder_that_cannot_be_used_is_one_line_and_the_app_works(  # type: ignore[no-untyped-def]
    qtbot, outline, settings, build_root, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    window, starter = _start(qtbot, outline, settings, blocker / "ijref")
    services = open_services(build_root)
    try:
        with qtbot.waitSignal(starter.failed, timeout=10_000) as failed:
            window.set_services(services)
        (line,) = failed.args
        assert "\n" not in line and "--data-dir" in line and str(blocker) in line
        notice = window.findChild(QLabel, NOTICE_NAME)
        assert notice is not None and notice.isVisible() and notice.text() == "Notes unavailable"
        assert notice.toolTip() == line
        assert "Notes unavailable: " in window.statusBar().currentMessage()
        assert starter.ui is None
        assert not [d for d in window.findChildren(QDockWidget) if d.windowTitle() == "Notes"]
        _still_works(qtbot, window)
    finally:
        starter.close()
        services.close()
    assert blocker.read_text() == "a file where the folder should be"


def test_a_damaged_database_asks_and_the_app_works_without_notes(  # type: ignore[no-untyped-def]
    qtbot, outline, settings, build_root, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    UserStore.open(data, auto_backup=False).close()
    damaged = b"not a database" * 500
    (data / "user.sqlite").write_bytes(damaged)
    window, starter = _start(qtbot, outline, settings, data)
    services = open_services(build_root)
    try:
        window.set_services(services)
        qtbot.waitUntil(lambda: starter.dialog is not None and starter.dialog.isVisible())
        dialog = starter.dialog
        assert "cannot be read" in dialog.message.text()
        assert not dialog.restore_button.isEnabled()  # there is no good backup to offer
        with qtbot.waitSignal(starter.failed) as failed:
            dialog.later_button.click()  # "Continue without notes"
        assert "damaged" in failed.args[0]
        assert window.findChild(QLabel, NOTICE_NAME).isVisible()
        _still_works(qtbot, window)
    finally:
        starter.close()
        services.close()
    assert (data / "user.sqlite").read_bytes() == damaged  # never overwritten


def test_a_screenshot_shows_the_users_bookmark_and_note(  # type: ignore[no-untyped-def]
    qtbot, outline, settings, build_root, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with UserStore.open(data) as store:
        store.add_note(MOU, "Older note")
        store.add_note(MOU, "Ask JAXA about the LUPEX rover")
        store.add_bookmark(MOU)
    window = MainWindow(outline, settings)
    qtbot.addWidget(window)
    out = tmp_path / "shot.png"
    assert _screenshot(window, build_root, MOU, str(out), data) == 0
    image = QImage(str(out))
    screen = window.screen().availableGeometry()
    assert not image.isNull() and 600 <= image.width() <= screen.width()  # a first start's size
    stars = [b.text() for b in window.findChildren(QToolButton)]
    assert STAR_ON in stars  # the bookmark star is set
    (editor,) = window.findChildren(NoteEditor)
    assert editor.text.toPlainText() == "Ask JAXA about the LUPEX rover"  # the newest note
    docks = {d.windowTitle(): d for d in window.findChildren(QDockWidget)}
    assert {"Notes", "Note", "Bookmarks"} <= set(docks)
    assert not docks["Note"].isHidden()  # the note is shown with its record
    with UserStore.open(data) as store:  # the screenshot changed nothing
        assert len(store.notes()) == 2 and store.is_bookmarked(MOU)


def test_restoring_the_offered_backup_brings_the_notes_back(  # type: ignore[no-untyped-def]
    qtbot, outline, settings, build_root, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with UserStore.open(data) as store:
        store.add_note(MOU, "survives the damage")
        store.backup_now()
    (data / "user.sqlite").write_bytes(b"broken" * 1000)
    window, starter = _start(qtbot, outline, settings, data)
    services = open_services(build_root)
    try:
        window.set_services(services)
        qtbot.waitUntil(lambda: starter.dialog is not None and starter.dialog.isVisible())
        with qtbot.waitSignal(starter.installed, timeout=10_000) as installed:
            starter.dialog.restore_button.click()
        ui = installed.args[0]
        assert [n.text for n in ui.store.notes()] == ["survives the damage"]
        assert ui.notes.model.rowCount() == 1
        assert window.findChild(QLabel, NOTICE_NAME) is None  # nothing to warn about
    finally:
        starter.close()
        services.close()


def test_a_database_sqlite_refuses_is_one_line_without_its_sql(  # type: ignore[no-untyped-def]
    tmp_path: Path, monkeypatch
) -> None:
    import pytest
    from sqlalchemy.exc import OperationalError

    from ijref.domain.errors import UserFacingError
    from ijref.ui.userdata import startup

    def refuse(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError(
            "INSERT INTO notes (text) VALUES (?)",
            ("my confidential words",),
            Exception("attempt to write a readonly database"),
        )

    monkeypatch.setattr(UserStore, "open", refuse)
    with pytest.raises(UserFacingError) as said:
        startup._open(tmp_path, frozenset())
    line = str(said.value)
    assert "\n" not in line and "readonly database" in line and "--data-dir" in line
    assert "confidential" not in line and "INSERT" not in line


def test_bit_flips_in_a_note_offer_the_backup_and_never_show_its_text(  # type: ignore[no-untyped-def]
    qtbot, outline, settings, build_root, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    secret = "SECRET-position-on-the-rover"
    with UserStore.open(data) as store:
        store.add_note(MOU, secret + " and what follows it")
    db = data / "user.sqlite"
    raw = bytearray(db.read_bytes())
    raw[raw.index(secret.encode()) + len(secret) + 2] |= 0x80  # no longer valid UTF-8
    db.write_bytes(bytes(raw))
    backups_before = sorted((data / "backups").iterdir())
    window, starter = _start(qtbot, outline, settings, data)
    services = open_services(build_root)
    try:
        window.set_services(services)
        qtbot.waitUntil(lambda: starter.dialog is not None and starter.dialog.isVisible())
        assert starter.dialog.restore_button.isEnabled()  # the backup from before is offered
        assert secret not in starter.dialog.message.text()
        with qtbot.waitSignal(starter.failed) as failed:
            starter.dialog.later_button.click()
        assert "damaged" in failed.args[0] and "\n" not in failed.args[0]
        notice = window.findChild(QLabel, NOTICE_NAME)
        shown = [window.statusBar().currentMessage(), notice.text(), notice.toolTip()]
        assert not [line for line in shown if secret in line or "SECRET" in line]
    finally:
        starter.close()
        services.close()
    assert sorted((data / "backups").iterdir()) == backups_before  # no backup of the damage
