"""Everything Qt: the main window, models and views."""
