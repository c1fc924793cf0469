"""Briefings in the window: add from the record, the tree, search, bookmarks and tags;
reorder, sort, remove, choose notes; preview and export without blocking the window."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from ui_fixtures import build_root, outline, settings, window_with_notes  # noqa: F401

MOU = "agreement/isro-jaxa-mou-2016"
DGH = "agreement/dgh-jogmec-mou-2007"
LUPEX = "programme/lupex-feasibility"


@pytest.fixture()
def app(qtbot, outline, settings, build_root: Path, tmp_path: Path):  # type: ignore[no-untyped-def]  # noqa: F811
    from ijref.ui.briefing.hosting import BriefingUi

    window, starter, userdata, services = window_with_notes(
        qtbot, outline, settings, build_root, tmp_path / "data"
    )
    ui = BriefingUi(window, userdata)
    yield window, userdata, ui
    QApplication.processEvents  # noqa: B018 - nothing to wait for; the store closes below
    starter.close()
    services.close()


def _answer_next_dialog(fill) -> None:  # type: ignore[no-untyped-def]
    """Fill in and accept the next modal dialog (as a person would)."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog), "no dialog opened"
        fill(dialog)
        dialog.accept()

    QTimer.singleShot(0, act)


def test_the_panel_is_hidden_until_used_and_sits_behind_the_tree(app) -> None:  # type: ignore[no-untyped-def]
    window, _userdata, ui = app
    from PySide6.QtCore import Qt

    assert not ui.dock.isVisible()
    assert window.dockWidgetArea(ui.dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    toggle = next(a for a in window.panels_menu.actions() if a.text() == "Briefings")
    toggle.trigger()  # View ▸ Panels ▸ Briefings
    assert ui.dock.isVisible()
    assert ui.dock in window.tabifiedDockWidgets(window.sectors_dock)
    file_items = [a.text() for a in window.menus["file"].actions()]
    assert "Export briefing (PDF, ODT, Markdown)…" in file_items
    assert ui.add_action in window.record_menu.actions()


def test_add_the_record_shown_starts_a_briefing_by_asking_its_title(app, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, userdata, ui = app
    window.show_record(MOU)

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.title.setText("JAXA call")
        dialog.meeting.setText("ISRO–JAXA review")

    _answer_next_dialog(fill)
    ui.add_action.trigger()  # Ctrl+Shift+B
    assert ui.dock.isVisible()
    (b,) = userdata.store.briefings.briefings()
    assert (b.title, b.meeting, b.record_ids) == ("JAXA call", "ISRO–JAXA review", (MOU,))
    assert ui.panel.model.rowCount() == 1
    assert ui.panel.model.index(0).data().startswith("1. Memorandum")
    assert "added 1 record" in window.statusBar().currentMessage()
    ui.add_action.trigger()  # again: no second copy
    assert userdata.store.briefings.briefings()[0].record_ids == (MOU,)


def test_add_several_from_the_tree_results_bookmarks_and_a_tag(app, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, userdata, ui = app
    store = userdata.store
    store.briefings.create("JAXA call")
    ui.panel.refresh()
    # Two records selected in the tree.
    tree = window.sectors.tree
    model = window.sectors.model
    tree.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for rid in (DGH, LUPEX):
        index = model.index_of(rid)
        tree.selectionModel().select(index, flags)
    assert window.record_choice("tree").selected == (DGH, LUPEX)
    menu = window.choice_menu("tree")
    [action] = [a for a in menu.actions() if a.text() == "Add 2 records to briefing"]
    action.trigger()
    assert set(store.briefings.briefings()[0].record_ids) == {DGH, LUPEX}
    # All the results of a search: the ones the tree did not add join, after them.
    with qtbot.waitSignal(window.search.answered, timeout=10_000):
        window.search_field.setText("JAXA")
    listed = window.record_choice("results").listed
    assert MOU in listed and len(listed) > 2
    menu = window.choice_menu("results")
    [every] = [a for a in menu.actions() if a.text().startswith("Add all")]
    assert every.text() == f"Add all {len(listed)} results to briefing"
    every.trigger()
    held = store.briefings.briefings()[0].record_ids
    assert held[:2] == (DGH, LUPEX) and set(held) == {DGH, LUPEX, *listed}
    store.briefings.remove_records(store.briefings.briefings()[0].id, [MOU])
    # The bookmarks tagged "space".
    store.add_bookmark(MOU, ["space"])
    userdata.bookmarks.refresh()
    menu = ui.bookmarks_menu()
    assert "Add the bookmark to briefing" in [a.text() for a in menu.actions()]  # not "all 1"
    tagged = next(a for a in menu.actions() if a.text() == "Add bookmarks tagged")
    [space] = tagged.menu().actions()
    assert space.text() == "space (1)"
    space.trigger()
    assert store.briefings.briefings()[0].record_ids[-1] == MOU


def test_reorder_by_drag_sort_by_date_remove_and_choose_notes(app, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, userdata, ui = app
    store = userdata.store
    b = store.briefings.create("JAXA call")
    store.briefings.add_records(b.id, [LUPEX, MOU, DGH])
    note = store.add_note(MOU, "日本語のメモ")
    store.add_note(MOU, "an aside")
    ui.panel.refresh()
    panel = ui.panel
    # What a drag of the last row to the top does in the view.
    assert panel.model.moveRow(QModelIndex(), 2, QModelIndex(), 0)
    assert store.briefings.get(b.id).record_ids == (DGH, LUPEX, MOU)
    assert panel.model.index(0).data().startswith("1. DGH")
    panel.sort_by_date()
    assert store.briefings.get(b.id).record_ids == (DGH, MOU, LUPEX)
    # Ctrl+Down on the first row.
    panel.view.setCurrentIndex(panel.model.index(0))
    panel.move_selected(1)
    assert store.briefings.get(b.id).record_ids == (MOU, DGH, LUPEX)
    # Only the Japanese note goes in.
    panel.view.setCurrentIndex(panel.model.index(0))

    def tick(dialog) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import Qt

        dialog.chosen.setChecked(True)
        for n in range(dialog.list.count()):
            row = dialog.list.item(n)
            keep = row.data(Qt.ItemDataRole.UserRole) == note.uuid
            row.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)

    _answer_next_dialog(tick)
    panel.choose_notes()
    item = store.briefings.get(b.id).item(MOU)
    assert (item.notes, item.note_uuids) == ("chosen", (note.uuid,))
    # Remove the selected record.
    panel.view.setCurrentIndex(panel.model.index(2))
    panel.remove_selected()
    assert store.briefings.get(b.id).record_ids == (MOU, DGH)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_export_runs_in_the_background_and_preview_shows_the_pages(app, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    window, userdata, ui = app
    store = userdata.store
    import datetime as dt

    b = store.briefings.create("JAXA call", meeting_date=dt.date(2010, 6, 1))
    store.briefings.add_records(b.id, [MOU, DGH])
    store.add_note(MOU, "日本語のメモ")
    ui.panel.refresh()
    with qtbot.waitSignal(ui.output.exported, timeout=30_000) as done:
        token = ui.output.export_to(b.id, tmp_path / "brief.pdf")
        assert token is not None  # the window is free while it runs
    text = subprocess.run(
        ["pdftotext", done.args[0], "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Status on 1 June 2010: in force" in " ".join(text.split())
    assert "日本語のメモ" in text
    assert "Exported the briefing" in window.statusBar().currentMessage()
    dialog = ui.output.preview(b.id)
    assert dialog is not None
    qtbot.addWidget(dialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    preview.updatePreview()
    assert preview.pageCount() >= 4  # cover, contents, two records, sources
    dialog.close()


def test_a_missing_font_is_said_before_anything_is_written(app, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ijref.ui.briefing import fonts, output

    window, userdata, ui = app
    b = userdata.store.briefings.create("JAXA call")
    userdata.store.briefings.add_records(b.id, [MOU])
    userdata.store.add_note(MOU, "हिन्दी")
    said: list[str] = []
    monkeypatch.setattr(fonts, "_installed", lambda _system: [])
    monkeypatch.setattr(
        output.QMessageBox, "warning", lambda _parent, _title, text: said.append(text)
    )
    assert ui.output.export_to(b.id, tmp_path / "brief.pdf") is None
    assert not (tmp_path / "brief.pdf").exists()
    assert len(said) == 1 and "Devanagari" in said[0] and "\n" not in said[0]
    assert "Devanagari" in window.statusBar().currentMessage()


def test_an_import_with_a_briefing_shows_in_the_panel(app, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ijref.userdata.store import UserStore

    _window, userdata, ui = app
    with UserStore.open(tmp_path / "other", auto_backup=False) as other:
        b = other.briefings.create("METI visit")
        other.briefings.add_records(b.id, [DGH])
        other.export_json(tmp_path / "export.json")
    with qtbot.waitSignal(userdata.refreshed, timeout=10_000):
        userdata.import_from(tmp_path / "export.json")
    assert ui.panel.chooser.findText("METI visit") >= 0
    assert ui.panel.current() is not None and ui.panel.current().title == "METI visit"


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils missing")
def test_printing_lays_out_the_same_pages_for_the_printer(app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter

    _window, userdata, ui = app
    b = userdata.store.briefings.create("JAXA call")
    userdata.store.briefings.add_records(b.id, [MOU, DGH])
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # 1200 dpi, not the PDF's 300
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    ui.output.paint(ui.output.document(b.id), printer)
    pages = subprocess.run(
        ["pdfinfo", str(tmp_path / "printed.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "Pages:           5" in pages  # cover, contents, two records, sources


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
@pytest.mark.skipif(sys.platform != "linux", reason="Qt draws its own print dialog on Linux only")
def test_print_goes_through_the_platforms_print_dialog(app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QComboBox, QLineEdit

    window, userdata, ui = app
    import datetime as dt

    b = userdata.store.briefings.create("JAXA call", meeting_date=dt.date(2010, 6, 1))
    userdata.store.briefings.add_records(b.id, [MOU, DGH])
    target = tmp_path / "printed.pdf"
    seen: list[str] = []

    def to_file(dialog) -> None:  # type: ignore[no-untyped-def]
        # As a person would: pick "Print to File (PDF)" (never a real printer
        # this machine may have), then type the file's name.
        assert isinstance(dialog, QPrintDialog)
        seen.append(dialog.windowTitle())
        [printers] = [
            c for c in dialog.findChildren(QComboBox) if c.findText("Print to File (PDF)") >= 0
        ]
        printers.setCurrentIndex(printers.findText("Print to File (PDF)"))
        [name] = [e for e in dialog.findChildren(QLineEdit) if e.isVisibleTo(dialog)]
        name.setText(str(target))

    _answer_next_dialog(to_file)
    ui.output.print_(b.id)
    assert seen == ["Print “JAXA call”"]
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Status on 1 June 2010: in force" in " ".join(text.split())
    assert "Sent “JAXA call”" in window.statusBar().currentMessage()


def test_a_record_that_left_the_catalog_stays_listed_and_marked(app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    _window, userdata, ui = app
    gone = "event/left-the-catalog"  # in the user's data, not in this catalog
    b = userdata.store.briefings.create("JAXA call")
    userdata.store.briefings.add_records(b.id, [MOU, gone])
    ui.panel.refresh()
    row = ui.panel.model.index(1)
    assert row.data() == f"2. {gone} (no longer in the catalog)"
    assert row.data(Qt.ItemDataRole.FontRole).italic()
    assert not ui.panel.model.index(0).data(Qt.ItemDataRole.FontRole)
