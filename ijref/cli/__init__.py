"""The headless command line: the same services as the app, with `--json` for scripts."""
