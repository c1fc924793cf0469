"""`ijref notes …`, `ijref bookmarks …`, `ijref backups …` as a person at a terminal uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ijref.app import build_catalog as build
from ijref.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures" / "records"
JAXA_MOU = "agreement/isro-jaxa-mou-2016"


@pytest.fixture(scope="module")
def build_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("build")
    build(FIXTURES, root)
    return root


@pytest.fixture
def run(build_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    def _run(*argv: str) -> tuple[int, str, str]:
        code = main(["--build-dir", str(build_root), "--data-dir", str(tmp_path / "d"), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def test_add_and_list_notes(run) -> None:  # type: ignore[no-untyped-def]
    assert run("notes", "add", JAXA_MOU, "Ask about LUPEX")[0] == 0
    assert run("notes", "add", "-", "free-standing thought")[0] == 0
    code, out, _ = run("notes", "list")
    assert code == 0 and "Ask about LUPEX" in out and "(free-standing)" in out
    code, out, _ = run("notes", "list", "--json")
    data = json.loads(out)
    assert {d["text"] for d in data} == {"Ask about LUPEX", "free-standing thought"}
    assert all(d["orphaned"] is False for d in data)


def test_unknown_record_is_one_line_with_a_fix(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("notes", "add", "agreement/no-such-thing", "x")
    assert code == 2 and err.count("\n") == 1 and "ijref search" in err
    code, _, err = run("bookmarks", "add", "not an id")
    assert code == 2 and "not a record id" in err
    assert json.loads(run("notes", "list", "--json")[1]) == []


def test_bookmarks_add_list_remove(run) -> None:  # type: ignore[no-untyped-def]
    assert run("bookmarks", "add", JAXA_MOU, "--tag", "space")[0] == 0
    code, out, _ = run("bookmarks", "list", "--json")
    (mark,) = json.loads(out)
    assert (mark["record_id"], mark["tags"], mark["orphaned"]) == (JAXA_MOU, ["space"], False)
    assert mark["title"]
    assert run("bookmarks", "remove", JAXA_MOU)[0] == 0
    code, _, err = run("bookmarks", "remove", JAXA_MOU)
    assert code == 2 and "not bookmarked" in err
    assert json.loads(run("bookmarks", "list", "--json")[1]) == []


def test_orphans_are_listed_as_such(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ijref.userdata.store import UserStore

    with UserStore.open(tmp_path / "d") as store:  # written under an older catalog
        store.add_note("event/gone-after-update", "keep this")
        store.add_bookmark("event/gone-after-update")
    code, out, _ = run("notes", "list")
    assert code == 0 and "orphaned" in out and "keep this" in out
    (mark,) = json.loads(run("bookmarks", "list", "--json")[1])
    assert mark["orphaned"] is True


def test_export_and_import_between_profiles(  # type: ignore[no-untyped-def]
    run, build_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("notes", "add", JAXA_MOU, "# Heading\n\nbody text")
    run("bookmarks", "add", JAXA_MOU)
    assert run("notes", "export", str(tmp_path / "n.json"))[0] == 0
    assert run("notes", "export", str(tmp_path / "n.md"), "--format", "markdown")[0] == 0
    assert "body text" in (tmp_path / "n.md").read_text(encoding="utf-8")
    other = ["--build-dir", str(build_root), "--data-dir", str(tmp_path / "other")]
    assert main([*other, "notes", "import", str(tmp_path / "n.json")]) == 0
    assert "added 2, updated 0, skipped 0" in capsys.readouterr().out
    assert main([*other, "notes", "import", str(tmp_path / "n.json")]) == 0
    assert "added 0, updated 0, skipped 2" in capsys.readouterr().out
    (tmp_path / "bad.json").write_text('{"format": "ijref-userdata", "version": 9}')
    assert main([*other, "notes", "import", str(tmp_path / "bad.json")]) == 2
    assert "version" in capsys.readouterr().err


def test_data_dir_from_environment(  # type: ignore[no-untyped-def]
    build_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("IJREF_DATA_DIR", str(tmp_path / "envdir"))
    assert main(["--build-dir", str(build_root), "notes", "add", "-", "hello"]) == 0
    assert (tmp_path / "envdir" / "user.sqlite").is_file()


def test_damaged_database_then_restore(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("notes", "add", JAXA_MOU, "precious")
    run("backups", "make")
    db = tmp_path / "d" / "user.sqlite"
    db.write_bytes(b"\x00" * 4096)
    code, _, err = run("notes", "list")
    assert code == 2 and "damaged" in err and "ijref backups restore" in err
    code, out, _ = run("backups", "restore")
    assert code == 0 and "kept as" in out
    assert "precious" in run("notes", "list")[1]
    assert any(p.name.startswith("user.sqlite.replaced-") for p in db.parent.iterdir())


def test_bench_prints_medians_with_a_baseline(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("bench", "notes", "-n", "10", "--json")
    figures = json.loads(out)
    assert code == 0 and figures[0]["name"].startswith("baseline")
    assert len(figures) == 5 and all(f["median_ms"] > 0 for f in figures)


def test_undecodable_bytes_from_the_terminal_are_one_line(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("notes", "add", JAXA_MOU, "caf\udce9")  # b"caf\xe9" under a UTF-8 locale
    assert code == 2 and "UTF-8" in err and err.count("\n") == 1
