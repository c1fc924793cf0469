"""Data updates in the window: File ▸ Install data update…, File ▸ Restore previous data…,
and the What's new view (what the last install changed, with the sources behind it)."""
