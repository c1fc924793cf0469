"""The one error type whose message is meant for a person."""

from __future__ import annotations

__all__ = ["UserFacingError"]


class UserFacingError(Exception):
    """A problem the user can fix: its message is one line naming the problem and the fix.

    The CLI prints it on stderr and exits 2; the app shows it in a dialog or the
    status bar. Never a traceback.
    """
