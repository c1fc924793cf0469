"""The window's search covers the user's notes: hits marked as notes, opening the note."""

# pytest fixtures are imported from ui_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from search_fakes import FakeSearch
from ui_fixtures import build_root, outline, settings, window_with_notes  # noqa: F401

from ijref.search.results import Results
from ijref.ui.main_window import MainWindow
from ijref.ui.search_controller import SearchController
from ijref.ui.search_panel import HIT_ID_ROLE, NOTE_ID_ROLE, SNIPPET_ROLE
from ijref.userdata.entities import NoteHit
from ijref.userdata.store import UserStore

MOU = "agreement/isro-jaxa-mou-2016"


def _type(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.search.answered, timeout=10_000):
        qtbot.keyClicks(window.search_field, text)


def test_a_saved_notes_word_finds_the_note_which_opens_in_the_editor(  # type: ignore[no-untyped-def]
    qtbot, outline, settings, build_root, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with UserStore.open(data) as store:
        note = store.add_note(MOU, "Ask JAXA about the LUPEX rover")
        store.add_note(None, "Fisheries talks")
    window, starter, ui, services = window_with_notes(qtbot, outline, settings, build_root, data)
    try:
        _type(qtbot, window, "lupex")
        model = window.results.model
        first = model.index(0, 0)
        assert first.data(Qt.ItemDataRole.DisplayRole) == f"Note on {outline.titles()[MOU]}"
        assert first.data(NOTE_ID_ROLE) == note.id
        assert not first.data(Qt.ItemDataRole.DecorationRole).isNull()  # the note icon
        assert ">LUPEX</b>" in first.data(SNIPPET_ROLE)  # the match stands out
        assert "1 note(s)" in window.results.summary.text()
        kinds = window.results.facets["kind"]
        assert "note (1)" in [kinds.itemText(i) for i in range(kinds.count())]

        window.show_record("organization/jaxa")
        with qtbot.waitSignal(window.results.noteActivated) as opened:
            window.results.list.activated.emit(first)
        assert opened.args == [note.id]
        assert ui.editor.note_id == note.id
        assert ui.editor.text.toPlainText() == "Ask JAXA about the LUPEX rover"
        assert ui.editor_dock.isVisible()
        assert window.detail.current_id == MOU  # and its record in the detail pane
    finally:
        starter.close()
        services.close()


def test_a_free_standing_note_is_found_and_enter_opens_it(  # type: ignore[no-untyped-def]
    qtbot, outline, settings, build_root, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with UserStore.open(data) as store:
        note = store.add_note(None, "Briefing: zygote research exchange")
    window, starter, ui, services = window_with_notes(qtbot, outline, settings, build_root, data)
    try:
        window.show_record(MOU)
        _type(qtbot, window, "zygote")
        first = window.results.model.index(0, 0)
        assert first.data(Qt.ItemDataRole.DisplayRole) == "Note"
        assert first.data(HIT_ID_ROLE) is None
        qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
        assert ui.editor.note_id == note.id
        assert window.detail.current_id == MOU  # a note on no record leaves the pane be
    finally:
        starter.close()
        services.close()


def test_a_notes_html_shows_as_text_in_the_results(  # type: ignore[no-untyped-def]
    qtbot, outline, settings, build_root, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    with UserStore.open(data) as store:
        store.add_note(MOU, '<img src="http://example.invalid/x.png"> <script>rover</script>')
    window, starter, _ui, services = window_with_notes(qtbot, outline, settings, build_root, data)
    try:
        _type(qtbot, window, "rover")
        first = window.results.model.index(0, 0)
        html = first.data(SNIPPET_ROLE)
        assert first.data(NOTE_ID_ROLE) is not None
        assert "&lt;img" in html and "<img" not in html
        assert "&lt;script&gt;" in html and "<script" not in html
        assert ">rover</b>" in html  # the match still stands out
    finally:
        starter.close()
        services.close()


def test_stale_note_answers_are_dropped_with_the_records(qtbot) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    asked: list[str] = []

    def notes(text: str, limit: int) -> list[NoteHit]:
        asked.append(text)
        if text == "old":
            gate.wait(10)
        return [NoteHit(1, MOU, f"note about {text}", 1.0, text)]

    controller = SearchController(delay_ms=0)
    controller.set_service(FakeSearch())
    controller.set_notes(notes)
    shown: list[tuple[str, str]] = []
    controller.answered.connect(
        lambda _s, request, _r, found: shown.append((request.text, found[0].title))
    )
    controller.request("old")
    qtbot.waitUntil(lambda: asked == ["old"])
    controller.request("new")
    gate.set()
    with qtbot.waitSignal(controller.answered, timeout=5000):
        pass
    assert shown == [("new", "note about new")]
    assert controller.dropped == 1


def test_the_note_kind_filter_lists_notes_only_and_other_filters_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    records = FakeSearch()
    controller = SearchController(delay_ms=0)
    controller.set_service(records)
    controller.set_notes(lambda text, limit: [NoteHit(7, None, "mine", 1.0, "")] * min(limit, 2))
    answers: list[tuple[int, int]] = []
    controller.answered.connect(
        lambda _s, _q, results, found: answers.append((len(results.hits), len(found)))
    )
    with qtbot.waitSignal(controller.answered):
        controller.request("x", {"kind": "note"})
    with qtbot.waitSignal(controller.answered):
        controller.request("x", {"kind": "event"})
    assert answers == [(0, 2), (1, 0)]
    assert records.started == ["x"]  # the notes-only query never reached the catalog


def test_a_failing_notes_index_leaves_the_records(qtbot) -> None:  # type: ignore[no-untyped-def]
    def broken(text: str, limit: int) -> list[NoteHit]:
        raise OSError("index segment vanished")

    controller = SearchController(delay_ms=0)
    controller.set_service(FakeSearch())
    controller.set_notes(broken)
    with qtbot.waitSignal(controller.answered) as answer:
        controller.request("x")
    _seq, _request, results, found = answer.args
    assert [h.id for h in results.hits] == ["event/x"] and found == ()


def test_a_note_written_while_its_words_are_searched_joins_the_results(  # type: ignore[no-untyped-def]
    qtbot, outline, settings, build_root, tmp_path: Path
) -> None:
    window, starter, ui, services = window_with_notes(
        qtbot, outline, settings, build_root, tmp_path / "d"
    )
    try:
        _type(qtbot, window, "quokka")
        assert window.results.model.rowCount() == 0
        window.show_record(MOU)
        ui.new_note_action.trigger()
        with qtbot.waitSignal(window.search.answered, timeout=10_000) as answer:
            qtbot.keyClicks(ui.editor.text, "A quokka for the delegation")
        assert [n.title for n in answer.args[3]] == ["A quokka for the delegation"]
        assert window.results.model.index(0, 0).data(NOTE_ID_ROLE) == ui.editor.note_id
        with qtbot.waitSignal(window.search.answered, timeout=10_000) as answer:
            ui.store.delete_note(ui.editor.note_id)
            ui.editor.deleted.emit(ui.editor.note_id)  # as the editor's Delete button does
        assert window.results.model.rowCount() == 0
    finally:
        starter.close()
        services.close()


def test_a_note_hit_names_its_note_unless_the_snippet_shows_that_line(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ijref.ui.search_panel import SearchPanel

    panel = SearchPanel()
    qtbot.addWidget(panel)
    panel.titles = {MOU: "ISRO–JAXA MoU"}
    far = NoteHit(1, MOU, "Trip <plan>", 2.0, "the <b>rover</b> schedule")
    near = NoteHit(2, None, "Rover talks.", 1.0, "<b>Rover</b> talks")
    panel.show_results("rover", Results((), 0), (far, near))
    first, second = (panel.model.index(r, 0).data(SNIPPET_ROLE) for r in (0, 1))
    assert first.startswith("<b>Note on ISRO–JAXA MoU</b>") and "Trip &lt;plan&gt;" in first
    assert second.startswith("<b>Note</b>") and "Rover talks." not in second
    assert panel.summary.text() == "0 record(s) and 2 note(s) match “rover”"
