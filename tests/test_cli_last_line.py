"""The command line never shows a traceback: bad bytes, damaged catalogs and bugs are one line.

Invalid UTF-8 from a terminal reaches Python as lone surrogates; a catalog with
bit flips fails as it is read; anything unexpected is named in one line, with
the details in the log file in the user's log folder.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from ijref.cli.main import main

JAXA_MOU = "agreement/isro-jaxa-mou-2016"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "agreement/isro-jaxa-mou-2016\udcff"],
        ["list", "--sector", "sp\udce9ce"],
        ["search", "jaxa", "--country", "J\udcffP"],
        ["notes", "list", "--record", "agreement/\udcff"],
        ["bookmarks", "add", JAXA_MOU, "--tag", "t\udcffg"],
    ],
)
def test_undecodable_bytes_in_any_argument_are_one_line(
    argv: list[str], fixture_build: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys, "--build-dir", str(fixture_build), "--data-dir", str(tmp_path / "d"), *argv
    )
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "UTF-8" in err and "Traceback" not in err


def test_an_unexpected_error_is_one_line_and_its_details_are_logged(
    fixture_build: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ijref.cli import main as cli_main
    from ijref.failures import log_path

    def broken(_args: object) -> int:
        raise RuntimeError("a bug deep inside")

    monkeypatch.setattr(cli_main, "_run", broken)
    code, out, err = _run(capsys, "--build-dir", str(fixture_build), "stats")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "RuntimeError" in err and str(log_path()) in err
    logged = log_path().read_text(encoding="utf-8")
    assert "Traceback" not in err and "in broken" in logged and "a bug deep inside" in logged


def _damaged_copy(fixture_build: Path, tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "build"
    shutil.copytree(fixture_build, root)
    return root, next(root.glob("*/catalog.sqlite"))


def _flip(db: Path, needle: bytes, at: int, bit: int) -> None:
    """Flip one bit at the same place in every copy of `needle` in the file."""
    raw = bytearray(db.read_bytes())
    start = raw.find(needle)
    assert start >= 0
    while start >= 0:
        raw[start + at] ^= bit
        start = raw.find(needle, start + 1)
    db.write_bytes(bytes(raw))


@pytest.mark.parametrize(
    ("needle", "at", "bit"),
    [
        (b"2016-11-11", 5, 0x40),  # a date: "2016-q1-11"
        (b"agreement", 0, 0x80),  # a kind and the ids of its records, no longer text
    ],
)
def test_bit_flips_in_the_catalog_are_one_line_in_show_and_list(
    needle: bytes,
    at: int,
    bit: int,
    fixture_build: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root, db = _damaged_copy(fixture_build, tmp_path)
    _flip(db, needle, at, bit)
    said = []
    for argv in (["show", JAXA_MOU], ["list"], ["timeline"]):
        code, _out, err = _run(capsys, "--build-dir", str(root), *argv)
        assert code in (0, 2) and "Traceback" not in err, err
        if code == 2:
            assert err.count("\n") == 1
            said.append(err)
    assert any("damaged" in line for line in said)


def test_a_title_changed_in_the_catalog_fails_the_self_test(
    fixture_build: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, db = _damaged_copy(fixture_build, tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE record SET title = replace(title, 'JAXA', 'NASA')")
    conn.close()
    from ijref.selftest import run_checks

    (catalog_step, *_rest) = run_checks(root, tmp_path / "profile", window=False)
    assert not catalog_step.ok and "content hash differs" in catalog_step.describe()
    (catalog_step, *_rest) = run_checks(fixture_build, tmp_path / "profile", window=False)
    assert catalog_step.ok, catalog_step.describe()
