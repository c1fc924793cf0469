"""Qt widgets over the user store: Bookmarks and Notes panels, the note editor, backup dialogs.

Each widget is constructed with a `UserStore` and the record titles it needs,
and says what the user picked through signals (`recordActivated(str)`,
`noteActivated(int)`), so the main window only docks and connects them.
"""
