"""Rules of the house about layers, checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

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


def _lint(config: Path) -> tuple[int, str]:
    import contextlib
    import io

    from importlinter.cli import lint_imports

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = lint_imports(config_filename=str(config), no_cache=True, no_logo=True)
    return code, out.getvalue()


def test_the_import_contracts_hold() -> None:
    """Layers, independent services, no cycles: [tool.importlinter] in pyproject.toml."""
    code, report = _lint(PACKAGE.parent / "pyproject.toml")
    assert code == 0, report
    assert "2 kept, 0 broken" in report


def test_the_contracts_would_catch_a_cycle_and_a_service_importing_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "pkg"
    files = {
        "__init__.py": "",
        "domain/__init__.py": "",
        "search/__init__.py": "",
        "search/a.py": "from pkg.search import b\n",
        "search/b.py": "from pkg.search import a\nfrom pkg.catalog import c\n",
        "catalog/__init__.py": "",
        "catalog/c.py": "",
        "userdata/__init__.py": "",
        "ui/__init__.py": "",
        "briefing/__init__.py": "",
        "packs/__init__.py": "",
        "cli/__init__.py": "",
        "app.py": "",
        "selftest.py": "",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    config = (PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8")
    section = config[config.index("\n[tool.importlinter]\n") :].replace("ijref", "pkg")
    (tmp_path / "pyproject.toml").write_text(section)
    monkeypatch.syspath_prepend(str(tmp_path))
    code, report = _lint(tmp_path / "pyproject.toml")
    assert code == 1
    assert "pkg.search.b -> pkg.catalog.c" in report
    assert ".a -> .b" in report or ".b -> .a" in report
