"""The sector tree model: structure, counts, lazy loading, filter, keyboard use."""

# pytest fixtures are imported from ui_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTreeView
from ui_fixtures import build_root, outline  # noqa: F401

from ijref.catalog.outline import Outline
from ijref.ui.tree_model import RECORD_ID_ROLE, SectorTreeModel


def _child(model: SectorTreeModel, parent: QModelIndex, prefix: str) -> QModelIndex:
    for row in range(model.rowCount(parent)):
        idx = model.index(row, 0, parent)
        if str(idx.data()).startswith(prefix):
            return idx
    raise AssertionError(f"no row starting {prefix!r}")


def test_passes_the_model_tester(qtmodeltester, outline: Outline) -> None:
    model = SectorTreeModel(outline)
    qtmodeltester.check(model, force_py=True)
    filtered = SectorTreeModel(outline)
    filtered.set_filter("jaxa")
    qtmodeltester.check(filtered, force_py=True)


def test_groups_show_counts(outline: Outline) -> None:
    model = SectorTreeModel(outline)
    space = _child(model, QModelIndex(), "Space")
    assert space.data() == "Space (6)"
    assert _child(model, space, "Events").data() == "Events (2)"
    assert model.count("sector/space", "agreement") == 1


def test_records_load_only_when_a_group_is_fetched(outline: Outline) -> None:
    model = SectorTreeModel(outline)
    space = _child(model, QModelIndex(), "Space")
    events = _child(model, space, "Events")
    assert model.hasChildren(events)
    assert model.rowCount(events) == 0
    assert model.canFetchMore(events)
    model.fetchMore(events)
    assert model.rowCount(events) == 2
    assert not model.canFetchMore(events)
    first = model.index(0, 0, events)
    assert first.data() == "First Japan-India Space Dialogue"
    assert model.index(0, 1, events).data() == "2019"
    assert first.data(RECORD_ID_ROLE) == "event/space-dialogue-1"


def test_filter_keeps_matching_records_only(outline: Outline) -> None:
    model = SectorTreeModel(outline)
    model.set_filter("JOGMEC")
    assert model.rowCount() == 1
    earth = model.index(0, 0)
    assert earth.data() == "Earth and Marine Sciences (2)"
    model.set_filter("")
    assert model.rowCount() == 3


def test_index_of_finds_a_record_in_an_unfetched_group(outline: Outline) -> None:
    model = SectorTreeModel(outline)
    idx = model.index_of("agreement/isro-jaxa-mou-2016")
    assert idx.isValid()
    assert idx.data() == "ISRO–JAXA MoU 2016"
    assert not model.index_of("agreement/nothing").isValid()


def test_keyboard_walks_into_the_tree(qtbot, outline: Outline) -> None:
    model = SectorTreeModel(outline)
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    view.setFocus()
    view.setCurrentIndex(model.index(1, 0))  # Space
    qtbot.keyClick(view, Qt.Key.Key_Right)  # expand
    qtbot.keyClick(view, Qt.Key.Key_Down)  # Agreements
    qtbot.keyClick(view, Qt.Key.Key_Right)  # expand (fetches)
    qtbot.keyClick(view, Qt.Key.Key_Down)  # the MoU
    assert view.currentIndex().data(RECORD_ID_ROLE) == "agreement/isro-jaxa-mou-2016"


def test_enter_opens_a_group_and_the_filter_box_filters_the_view(qtbot, outline: Outline) -> None:
    from ijref.ui.sector_panel import SectorPanel

    panel = SectorPanel(outline)
    qtbot.addWidget(panel)
    with qtbot.waitExposed(panel):
        panel.show()
    tree, model = panel.tree, panel.model
    space = model.index(1, 0)
    tree.setFocus()
    tree.setCurrentIndex(space)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert tree.isExpanded(space)
    with qtbot.waitSignal(panel.recordActivated) as blocker:
        qtbot.keyClicks(panel.filter, "dialogue")
        assert model.rowCount() == 1
        assert tree.isExpanded(model.index(0, 0))  # matches are shown, not hidden in groups
        events = model.index(0, 0, model.index(0, 0))
        tree.setCurrentIndex(model.index(0, 0, events))
    assert blocker.args == ["event/space-dialogue-1"]
