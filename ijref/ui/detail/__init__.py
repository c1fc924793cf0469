"""The detail pane: one record of any kind, as escaped rich text with links."""

from ijref.ui.detail.pane import DetailPane

__all__ = ["DetailPane"]
