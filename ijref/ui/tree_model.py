"""The sector tree: sector → kind groups (with counts) → records, loaded lazily.

The model reads an `Outline` (plain data from `ijref.catalog.outline`), so it is
filled before the full catalog opens. Records under a group are inserted only
when a view asks (`canFetchMore`/`fetchMore`), i.e. when the group is expanded.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ijref.catalog.outline import Outline, OutlineGroup, OutlineRecord, OutlineSector
from ijref.ui.icons import icon
from ijref.ui.tree_labels import NOTED_ROLE, SHARED_ROLE, shared_prefixes

__all__ = ["CHANGED_ROLE", "CHANGE_WORDS", "KIND_ROLE", "RECORD_ID_ROLE", "SectorTreeModel"]

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
# What a data update did to the row's record, until it is opened: new, changed, renamed ("").
CHANGED_ROLE = Qt.ItemDataRole.UserRole + 3
CHANGE_WORDS = {
    "new": "new in the data update",
    "changed": "changed by the data update",
    "renamed": "renamed by the data update",
}
_FETCH_BATCH = 200
_Index = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class _Node:
    """One tree row; `payload` is an OutlineSector, OutlineGroup or OutlineRecord."""

    payload: OutlineSector | OutlineGroup | OutlineRecord
    parent: _Node | None
    row: int
    children: list[_Node] = field(default_factory=list)
    shared: list[int] | None = None  # a group's: each record label's start shared with a sibling


def _matches(record: OutlineRecord, needle: str) -> bool:
    return any(
        needle in text.casefold()
        for text in (record.title, record.short_name, record.id, *record.aliases)
    )


class SectorTreeModel(QAbstractItemModel):
    """Two columns (name, year); every row knows its record id (`RECORD_ID_ROLE`)."""

    COLUMNS = ("Name", "Year")

    def __init__(self, outline: Outline, parent: Any = None) -> None:
        super().__init__(parent)
        self._outline = outline
        self._filter = ""
        self._roots: list[_Node] = []
        self._marked: frozenset[str] = frozenset()
        self._changed: dict[str, str] = {}
        self._changed_in: dict[str, int] = {}  # sector id, or sector id + kind → how many
        self._build()

    # ------------------------------------------------------------ structure
    def _build(self) -> None:
        self._roots = []
        needle = self._filter.casefold()
        for full in self._outline.sectors:
            sector = full
            if needle and needle not in full.title.casefold():
                groups = []
                for g in full.groups:
                    kept = tuple(r for r in g.records if _matches(r, needle))
                    if kept:
                        groups.append(OutlineGroup(g.kind, g.label, kept))
                if not groups:
                    continue
                sector = OutlineSector(full.id, full.title, tuple(groups))
            node = _Node(sector, None, len(self._roots))
            node.children = [_Node(g, node, i) for i, g in enumerate(sector.groups)]
            self._roots.append(node)

    def set_filter(self, text: str) -> None:
        """Keep only records whose title, short name, alias or id contains `text`."""
        text = text.strip()
        if text == self._filter:
            return
        self.beginResetModel()
        self._filter = text
        self._build()
        self.endResetModel()

    @property
    def filter_text(self) -> str:
        return self._filter

    def set_marked(self, record_ids: Collection[str]) -> None:
        """Mark the rows of these records (those the user has notes on)."""
        marked = frozenset(record_ids)
        changed = marked ^ self._marked
        self._marked = marked
        if not changed:
            return
        for sector in self._roots:
            for group in sector.children:
                for node in group.children:
                    if isinstance(node.payload, OutlineRecord) and node.payload.id in changed:
                        index = self.createIndex(node.row, 0, node)
                        self.dataChanged.emit(index, index, [NOTED_ROLE])

    def set_changed(self, changes: Mapping[str, str]) -> None:
        """Mark the records a data update changed (id → `new`, `changed`, `renamed`)
        until they are opened; sectors and groups say how many they hold."""
        self._changed = dict(changes)
        counts: dict[str, int] = {}
        for full in self._outline.sectors:
            for kind_group in full.groups:
                n = sum(1 for r in kind_group.records if r.id in self._changed)
                if n:
                    counts[f"{full.id}|{kind_group.kind}"] = n
                    counts[full.id] = counts.get(full.id, 0) + n
        self._changed_in = counts
        for root in self._roots:
            self._touch(root)
            for group in root.children:
                self._touch(group)
                for node in group.children:
                    self._touch(node)

    def _touch(self, node: _Node) -> None:
        first = self.createIndex(node.row, 0, node)
        self.dataChanged.emit(first, first)

    def _change_count(self, node: _Node) -> int:
        p = node.payload
        if isinstance(p, OutlineSector):
            return self._changed_in.get(p.id, 0)
        if isinstance(p, OutlineGroup) and node.parent is not None:
            parent = node.parent.payload
            assert isinstance(parent, OutlineSector)
            return self._changed_in.get(f"{parent.id}|{p.kind}", 0)
        return 0

    def _shared(self, node: _Node) -> int:
        group = node.parent
        if group is None or not isinstance(group.payload, OutlineGroup):
            return 0
        if group.shared is None:
            group.shared = shared_prefixes([r.display_name for r in group.payload.records])
        return group.shared[node.row]

    def _node(self, index: _Index) -> _Node | None:
        if not index.isValid():
            return None
        node = index.internalPointer()
        assert isinstance(node, _Node)
        return node

    def _children(self, node: _Node | None) -> list[_Node]:
        return self._roots if node is None else node.children

    # ------------------------------------------------------------ QAbstractItemModel
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(self.COLUMNS) or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self._children(self._node(parent))
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self._node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(self._node(parent)))

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent)
        if node is None:
            return bool(self._roots)
        if isinstance(node.payload, OutlineGroup):
            return bool(node.payload.records)
        return bool(node.children)

    def canFetchMore(self, parent: _Index) -> bool:
        node = self._node(parent)
        if node is None or parent.column() != 0 or not isinstance(node.payload, OutlineGroup):
            return False
        return len(node.children) < len(node.payload.records)

    def fetchMore(self, parent: _Index) -> None:
        node = self._node(parent)
        if node is None or not isinstance(node.payload, OutlineGroup):
            return
        start = len(node.children)
        batch = node.payload.records[start : start + _FETCH_BATCH]
        if not batch:
            return
        self.beginInsertRows(parent, start, start + len(batch) - 1)
        node.children.extend(_Node(r, node, start + i) for i, r in enumerate(batch))
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.COLUMNS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index)
        if node is None:
            return None
        p, col = node.payload, index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 1:
                return p.year if isinstance(p, OutlineRecord) else ""
            if isinstance(p, OutlineSector | OutlineGroup):
                name = p.title if isinstance(p, OutlineSector) else p.label
                total = p.total if isinstance(p, OutlineSector) else len(p.records)
                updated = self._change_count(node)
                return f"{name} ({total})" + (f" · {updated} updated" if updated else "")
            if role == Qt.ItemDataRole.AccessibleTextRole:
                extra = [CHANGE_WORDS[self._changed[p.id]]] if p.id in self._changed else []
                extra += ["with your notes"] if p.id in self._marked else []
                return ", ".join([p.display_name, *extra])
            return p.display_name
        if role == Qt.ItemDataRole.ToolTipRole:
            if isinstance(p, OutlineRecord):
                noted = "\nYou have notes on this record" if p.id in self._marked else ""
                change = self._changed.get(p.id)
                news = f"\n{CHANGE_WORDS[change].capitalize()}, not opened yet" if change else ""
                return f"{p.title}\n{p.id}" + (f"\n{p.date}" if p.date else "") + noted + news
            if self._change_count(node):
                return "Holds records the data update changed that you have not opened yet"
            return None
        if role == Qt.ItemDataRole.FontRole and col == 0:
            if (isinstance(p, OutlineRecord) and p.id in self._changed) or (
                not isinstance(p, OutlineRecord) and self._change_count(node)
            ):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == CHANGED_ROLE:
            return self._changed.get(p.id, "") if isinstance(p, OutlineRecord) else ""
        if role == SHARED_ROLE:
            return self._shared(node) if isinstance(p, OutlineRecord) and col == 0 else 0
        if role == NOTED_ROLE:
            return isinstance(p, OutlineRecord) and col == 0 and p.id in self._marked
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            if isinstance(p, OutlineSector):
                return icon("sector")
            return icon(p.kind)
        if role == RECORD_ID_ROLE:
            if isinstance(p, OutlineRecord | OutlineSector):
                return p.id or None
            return None
        if role == KIND_ROLE:
            return "sector" if isinstance(p, OutlineSector) else p.kind
        return None

    # ------------------------------------------------------------ lookups
    def count(self, sector_id: str, kind: str) -> int:
        """How many records of `kind` the tree lists under a sector (after the filter)."""
        for node in self._roots:
            assert isinstance(node.payload, OutlineSector)
            if node.payload.id == sector_id:
                return node.payload.count(kind)
        return 0

    def index_of(self, record_id: str) -> QModelIndex:
        """The first row showing `record_id`, fetching its group if needed; invalid if none."""
        for sector in self._roots:
            if isinstance(sector.payload, OutlineSector) and sector.payload.id == record_id:
                return self.createIndex(sector.row, 0, sector)
        for sector in self._roots:
            for group in sector.children:
                assert isinstance(group.payload, OutlineGroup)
                ids = [r.id for r in group.payload.records]
                if record_id not in ids:
                    continue
                row = ids.index(record_id)
                group_index = self.createIndex(group.row, 0, group)
                while len(group.children) <= row:
                    self.fetchMore(group_index)
                return self.createIndex(row, 0, group.children[row])
        return QModelIndex()
