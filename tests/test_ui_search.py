"""Search as you type: results arrive through signals, stale answers are dropped."""

# pytest fixtures are imported from ui_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

from PySide6.QtCore import Qt
from search_fakes import FakeSearch
from ui_fixtures import build_root, outline, settings  # noqa: F401

from ijref.app import open_services
from ijref.search.results import Hit, Results
from ijref.ui.main_window import MainWindow
from ijref.ui.search_controller import SearchController
from ijref.ui.search_panel import HIT_ID_ROLE, SNIPPET_ROLE, SearchPanel

MOU = "agreement/isro-jaxa-mou-2016"


def test_typing_in_the_toolbar_finds_the_mou(qtbot, outline, settings, build_root) -> None:
    w = MainWindow(outline, settings)
    qtbot.addWidget(w)
    services = open_services(build_root)
    w.set_services(services)
    with qtbot.waitSignal(w.search.resultsReady, timeout=5000) as blocker:
        qtbot.keyClicks(w.search_field, "JAXA")
    _seq, request, results = blocker.args
    assert request.text == "JAXA"
    assert MOU in [h.id for h in results.hits]
    assert w.results_dock.isVisibleTo(w)
    ids = [w.results.model.index(r, 0).data(HIT_ID_ROLE) for r in range(w.results.model.rowCount())]
    assert MOU in ids
    w.results.list.activated.emit(w.results.model.index(ids.index(MOU), 0))
    assert w.detail.current_id == MOU
    assert w.results.summary.text().startswith(f"{results.total} record(s) match “JAXA”")
    w.show_record("organization/isro")
    qtbot.keyClick(w.search_field, Qt.Key.Key_Return)  # Enter opens the best hit
    assert w.detail.current_id == results.hits[0].id
    qtbot.keyClick(w.search_field, Qt.Key.Key_Down)  # Down walks into the results
    assert w.results.list.currentIndex().row() == 0
    with qtbot.waitSignal(w.search.cleared):
        qtbot.keyClick(w.search_field, Qt.Key.Key_Escape)  # Escape clears
    assert w.search_field.text() == ""
    assert w.results.model.rowCount() == 0
    services.close()


def test_keystrokes_are_debounced_into_one_query(qtbot) -> None:
    fake = FakeSearch()
    controller = SearchController(delay_ms=50)
    controller.set_service(fake)
    with qtbot.waitSignal(controller.resultsReady, timeout=5000) as blocker:
        for prefix in ("i", "is", "isr", "isro"):
            controller.request(prefix)
    assert fake.started == ["isro"]
    assert blocker.args[1].text == "isro"


def test_stale_results_are_dropped(qtbot) -> None:
    fake = FakeSearch(slow={"old"})
    controller = SearchController(delay_ms=0)
    controller.set_service(fake)
    shown: list[str] = []
    controller.resultsReady.connect(lambda _s, request, _r: shown.append(request.text))
    controller.request("old")
    qtbot.waitUntil(lambda: fake.started == ["old"])  # the slow query is running
    controller.request("new")
    fake.gate.set()
    with qtbot.waitSignal(controller.resultsReady, timeout=5000):
        pass
    assert shown == ["new"]
    assert controller.dropped == 1
    assert fake.started == ["old", "new"]


def test_facets_fill_the_filters_and_filter_the_next_query(qtbot) -> None:
    fake = FakeSearch()
    controller = SearchController(delay_ms=0)
    controller.set_service(fake)
    panel = SearchPanel()
    qtbot.addWidget(panel)
    controller.resultsReady.connect(lambda _s, req, res: panel.show_results(req.text, res))
    with qtbot.waitSignal(controller.resultsReady):
        controller.request("hope", panel.filters())
    kind = panel.facets["kind"]
    assert [kind.itemText(i) for i in range(kind.count())] == [
        "Any kind",
        "agreement (2)",
        "event (1)",
    ]
    year = panel.facets["year"]
    assert year.itemText(1) == "2019 (1)"
    kind.setCurrentIndex(2)
    year.setCurrentIndex(1)
    with qtbot.waitSignal(controller.resultsReady):
        controller.request("hope", panel.filters())
    last = fake.calls[-1]
    assert (last["text"], last["kind"], last["year"], last["sector"]) == (
        "hope", "event", "2019", None
    )  # fmt: skip


def test_snippets_keep_the_services_markup_and_escape_the_rest(qtbot) -> None:
    panel = SearchPanel()
    qtbot.addWidget(panel)
    hit = Hit("event/x", "event", "<i>Title</i>", (), 1.0, "", "&lt;img&gt; and <b>JAXA</b>")
    panel.show_results("JAXA", Results((hit,), 1))
    html = panel.model.index(0, 0).data(SNIPPET_ROLE)
    assert "<b>&lt;i&gt;Title&lt;/i&gt;</b>" in html
    assert "&lt;img&gt; and <b>JAXA</b>" in html
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.DisplayRole) == "<i>Title</i>"


def test_clearing_the_field_clears_the_results(qtbot) -> None:
    fake = FakeSearch()
    controller = SearchController(delay_ms=0)
    controller.set_service(fake)
    with qtbot.waitSignal(controller.cleared):
        controller.request("   ")
    assert fake.started == []


def test_a_failing_search_is_reported_not_lost(qtbot) -> None:
    controller = SearchController(delay_ms=0)
    controller.set_service(FakeSearch(fail=OSError("index file vanished")))
    with qtbot.waitSignal(controller.failed, timeout=5000) as blocker:
        controller.request("jaxa")
    (line,) = blocker.args
    assert "index file vanished" in line and "\n" not in line


def test_the_window_asks_as_typed_with_facets_and_its_filters(qtbot) -> None:
    fake = FakeSearch()
    controller = SearchController(delay_ms=0)
    controller.set_service(fake)
    with qtbot.waitSignal(controller.resultsReady):
        controller.request("lun", {"year": "2017", "country": "JP"})
    with qtbot.waitSignal(controller.resultsReady):
        controller.request("jaxsa", {}, correct=False)  # "search instead for jaxsa"
    first, second = fake.calls
    assert first["as_you_type"] and first["facets"] and first["correct"]
    assert (first["year"], first["country"], first["kind"]) == ("2017", "JP", None)
    assert second["text"] == "jaxsa" and not second["correct"]
