"""Issue 5's "done when", on the real records: the ISRO–JAXA MoU of 2016 found three
ways (tree, search, quick-open), who signed it and what came of it, and back again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from ijref.app import build_catalog as build
from ijref.app import open_services
from ijref.catalog.outline import read_outline
from ijref.catalog.paths import records_dir
from ijref.ui.main_window import MainWindow
from ijref.ui.tree_model import RECORD_ID_ROLE

MOU = "agreement/isro-jaxa-mou-2016"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def real_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("real-build")
    build(records_dir(), root)
    return root


@pytest.fixture()
def window(qtbot, real_root: Path, tmp_path: Path) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(read_outline(real_root), settings)
    qtbot.addWidget(w)
    services = open_services(real_root)
    w.set_services(services)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    yield w
    services.close()


def _reads_the_mou(w: MainWindow) -> None:
    assert w.detail.current_id == MOU
    text = w.detail.browser.toPlainText()
    assert "India\nIndian Space Research Organisation (ISRO)" in text
    assert "Japan\nJapan Aerospace Exploration Agency (JAXA)" in text
    came_of_it = text.split("Related records", 1)[1]
    assert "Implementation Arrangement" in came_of_it


def test_found_in_the_tree_by_keyboard(qtbot, window: MainWindow) -> None:
    tree = window.sectors.tree
    model = window.sectors.model
    space = next(
        model.index(r, 0)
        for r in range(model.rowCount())
        if model.index(r, 0).data(RECORD_ID_ROLE) == "sector/space"
    )
    tree.setFocus()
    tree.setCurrentIndex(space)
    qtbot.keyClick(tree, Qt.Key.Key_Right)  # open Space
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # Agreements
    qtbot.keyClick(tree, Qt.Key.Key_Right)  # open Agreements
    for _ in range(10):
        if tree.currentIndex().data(RECORD_ID_ROLE) == MOU:
            break
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    _reads_the_mou(window)
    qtbot.keyClick(tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.detail.current_id != MOU  # back to the record before


def test_found_by_search(qtbot, window: MainWindow) -> None:
    window.show_record("organization/jaxa")
    with qtbot.waitSignal(window.search.resultsReady, timeout=10000) as blocker:
        qtbot.keyClicks(window.search_field, "ISRO JAXA Memorandum 2016")
    assert MOU in [h.id for h in blocker.args[2].hits[:5]]
    row = [h.id for h in blocker.args[2].hits].index(MOU)
    window.results.list.activated.emit(window.results.model.index(row, 0))
    _reads_the_mou(window)
    window.back_action.trigger()
    assert window.detail.current_id == "organization/jaxa"


def test_found_by_quick_open(qtbot, window: MainWindow) -> None:
    window.show_record("organization/isro")
    qtbot.keyClick(window.search_field, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.quick_open.isVisible()
    qtbot.keyClicks(window.quick_open.field, "isro jaxa mou 2016")
    qtbot.keyClick(window.quick_open.field, Qt.Key.Key_Return)
    _reads_the_mou(window)
    qtbot.keyClick(window.detail.browser, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.detail.current_id == "organization/isro"
