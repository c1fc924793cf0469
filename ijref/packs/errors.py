"""The one error a data pack command raises: one line naming the problem and the fix."""

from __future__ import annotations

from ijref.domain.errors import UserFacingError

__all__ = ["PackError"]


class PackError(UserFacingError):
    """A pack that cannot be built, verified, installed or rolled back; nothing was changed."""
