"""Rules of the house about layers, checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ijref"
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "pytestqt")


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules_outside_ui() -> list[Path]:
    return [
        p
        for p in PACKAGE.rglob("*.py")
        if "ui" not in p.relative_to(PACKAGE).parts and p.name != "app.py"
    ]


def test_nothing_below_ui_imports_qt() -> None:
    offenders = {
        str(p.relative_to(PACKAGE)): sorted(m for m in imports(p) if m.split(".")[0] in QT)
        for p in modules_outside_ui()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_check_would_catch_a_qt_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6.QtCore import QObject\n")
    assert "PySide6.QtCore" in imports(bad)


def test_ui_never_imports_sqlalchemy() -> None:
    ui = list((PACKAGE / "ui").rglob("*.py"))
    offenders = {
        str(p.relative_to(PACKAGE))
        for p in ui
        if any(m.split(".")[0] in ("sqlalchemy", "sqlite3") for m in imports(p))
    }
    assert offenders == set()


def test_domain_imports_neither_sql_nor_qt() -> None:
    for p in (PACKAGE / "domain").rglob("*.py"):
        roots = {m.split(".")[0] for m in imports(p)}
        assert not roots & {"sqlalchemy", "sqlite3", "whoosh", *QT}, p
