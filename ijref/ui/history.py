"""Back/forward history of the records a person has looked at (plain Python)."""

from __future__ import annotations

__all__ = ["History"]


class History:
    """A browser-style history: visiting a record drops everything forward of it."""

    def __init__(self, limit: int = 500) -> None:
        self._items: list[str] = []
        self._pos = -1
        self._limit = limit

    @property
    def current(self) -> str | None:
        return self._items[self._pos] if self._pos >= 0 else None

    @property
    def can_back(self) -> bool:
        return self._pos > 0

    @property
    def can_forward(self) -> bool:
        return 0 <= self._pos < len(self._items) - 1

    def visit(self, record_id: str) -> None:
        """Record a visit; visiting the current record again changes nothing."""
        if record_id == self.current:
            return
        del self._items[self._pos + 1 :]
        self._items.append(record_id)
        if len(self._items) > self._limit:
            del self._items[0]
        self._pos = len(self._items) - 1

    def back(self) -> str | None:
        """Step back; the record to show, or None at the start."""
        if not self.can_back:
            return None
        self._pos -= 1
        return self.current

    def forward(self) -> str | None:
        """Step forward; the record to show, or None at the end."""
        if not self.can_forward:
            return None
        self._pos += 1
        return self.current
