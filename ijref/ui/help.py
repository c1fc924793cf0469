"""Help ▸ Keyboard shortcuts and Help ▸ Getting started: short pages that need no network."""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QVBoxLayout, QWidget

from ijref.ui.detail.browser import SafeBrowser

__all__ = ["KEYS_OUTSIDE_MENUS", "shortcut_rows", "show_getting_started", "show_shortcuts"]

# Keys that belong to no menu item, as a person would look them up.
KEYS_OUTSIDE_MENUS = (
    ("F6 / Shift+F6", "Next / previous pane: search, sectors, record, results, note"),
    ("Tab / Shift+Tab", "Next / previous control"),
    ("Down (in the search field)", "Into the search results"),
    ("Enter (in the search field)", "Open the first result"),
    ("Escape (in the search field)", "Clear the search"),
    ("Enter (in the tree)", "Open or close a sector or group"),
    ("+ / − / arrows / Home / T (timeline)", "Zoom, pan, everything, today"),
)

GETTING_STARTED = """
<h2>Getting started with ijref</h2>
<p>ijref is a reference on India–Japan cooperation in science and technology:
what the two countries have signed, run and met about, every fact cited to its
source. It works without a network and never goes online.</p>
<h3>Find a record</h3>
<ul>
<li><b>Search</b> (Ctrl+F): type a name, an acronym or words — <i>JAXA</i>,
<i>space NOT JAXA</i>, <i>kind:agreement year:2018</i>. Press Enter for the best
hit, or Down to move through the results.</li>
<li><b>Go to record</b> (Ctrl+K): type part of a title or acronym and press Enter.</li>
<li><b>Browse</b>: the sector tree on the left groups each sector's agreements,
programmes, events and organizations.</li>
<li><b>Timeline</b>: the tab beside Record shows everything by date; drag the blue
line to see what was in force on any day.</li>
</ul>
<h3>Read it</h3>
<p>A record shows its parties, dates, status (worked out for today, or any day
you pick), figures, related records and sources. Links open the records they
name; Alt+Left goes back. Ctrl+= and Ctrl+− make the text larger or smaller.</p>
<h3>Keep your own</h3>
<ul>
<li><b>Bookmark</b> a record with Ctrl+D or the star in its header.</li>
<li><b>Write a note</b> on it with Ctrl+Shift+N: it is saved as you type, shown
with the record every time you open it, and marked in the tree and the search
results. The Notes tab beside the sectors lists them all.</li>
<li><b>Prepare a briefing</b> for a meeting: Add to briefing (Ctrl+Shift+B) puts
the record in one; the Briefings panel (View ▸ Panels) orders them and makes the
PDF, the printout or a document to edit.</li>
<li><b>Move them</b> to another laptop with File ▸ Export and Import.</li>
</ul>
<h3>Room on a small screen</h3>
<p>Ctrl+1 shows the record, Ctrl+2 the timeline across the whole window;
Ctrl+Shift+M hides the side panels and brings them back. Panels can be closed
from their title bars or the View menu; View ▸ Reset layout brings back the
default. F6 moves between the panes.</p>
"""


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(keys, what they do) for every action with a shortcut, each once, in menu order."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for action in actions:
        keys = ", ".join(
            s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
        )
        label = action.text().replace("&", "").rstrip("…")
        if keys and (keys, label) not in rows and label not in seen:
            seen.add(label)
            rows.append((keys, label))
    return rows


def _page(parent: QWidget, title: str, body: str) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    text = SafeBrowser(dialog)
    text.setAccessibleName(title)
    text.setHtml(body)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text, 1)
    layout.addWidget(buttons)
    dialog.resize(560, 520)
    dialog.open()
    return dialog


def show_shortcuts(parent: QWidget, menus: Iterable[QMenu]) -> QDialog:
    """A table of every shortcut: the menus' and the keys that belong to no menu."""
    actions = [a for m in menus for a in _menu_actions(m)]
    rows = [*shortcut_rows(actions), *KEYS_OUTSIDE_MENUS]
    body = "".join(
        f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>"
        for keys, what in rows
    )
    return _page(
        parent,
        "Keyboard shortcuts",
        f"<h2>Keyboard shortcuts</h2><table cellspacing='6'>{body}</table>",
    )


def show_getting_started(parent: QWidget) -> QDialog:
    """A short guide for a first session, shipped with the app."""
    return _page(parent, "Getting started", GETTING_STARTED)


def _menu_actions(menu: QMenu) -> list[QAction]:
    found: list[QAction] = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            found.extend(_menu_actions(sub))
        elif not action.isSeparator():
            found.append(action)
    return found
