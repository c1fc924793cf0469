"""`ijref brief …` as a person at a terminal uses it: create, add, list, export; one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ijref.cli.main import main

MOU = "agreement/isro-jaxa-mou-2016"
DGH = "agreement/dgh-jogmec-mou-2007"
LUPEX = "programme/lupex-feasibility"


@pytest.fixture
def run(fixture_build: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def _run(*argv: str) -> tuple[int, str, str]:
        code = main(["--build-dir", str(fixture_build), "--data-dir", str(tmp_path / "d"), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def test_create_add_list(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        "brief",
        "create",
        "JAXA call",
        "--meeting",
        "Review",
        "--date",
        "2010-06-01",
        "--handling",
        "RESTRICTED",
    )
    assert code == 0 and "for 1 June 2010" in out
    code, out, _ = run("brief", "add", "jaxa call", MOU, DGH)
    assert code == 0 and "added 2 records" in out
    code, out, _ = run("brief", "add", "JAXA call", DGH, LUPEX, "--notes", "none")
    assert code == 0 and "added 1 record to" in out and "1 already in it" in out
    code, out, _ = run("brief", "list")
    assert code == 0 and "2010-06-01" in out and "3 records" in out and "JAXA call" in out
    (b,) = json.loads(run("brief", "list", "--json")[1])
    assert (b["title"], b["meeting_date"], b["handling"]) == (
        "JAXA call",
        "2010-06-01",
        "RESTRICTED",
    )
    assert [(r["id"], r["notes"]) for r in b["records"]] == [
        (MOU, "all"),
        (DGH, "all"),
        (LUPEX, "none"),
    ]
    assert all(r["title"] and not r["orphaned"] for r in b["records"])


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("brief", "create", "X", "--date", "1 June"), "YYYY-MM-DD"),
        (("brief", "create", "   "), "needs a title"),
        (("brief", "add", "nope", MOU), "no briefing “nope”"),
        (("brief", "add", "JAXA call", "agreement/nope"), "ijref search"),
        (("brief", "add", "JAXA call", "../../etc"), "ijref search"),
        (("brief", "create", "jaxa CALL"), "already a briefing"),
        (("brief", "export", "JAXA call", "out.docx"), ".pdf, .odt or .md"),
        (("brief", "export", "nope", "out.md"), "no briefing"),
    ],
)
def test_mistakes_are_one_line_exit_2(run, argv: tuple[str, ...], words: str) -> None:  # type: ignore[no-untyped-def]
    assert run("brief", "create", "JAXA call")[0] == 0
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and words in err, err


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_export_pdf_from_the_command_line(run, qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("brief", "create", "JAXA call", "--date", "2010-06-01", "--handling", "RESTRICTED")
    run("notes", "add", MOU, "# メモ\n\n日本語のメモ、क्षेत्र")
    run("brief", "add", "JAXA call", MOU, DGH, LUPEX)
    for name in ("brief.pdf", "brief.odt", "brief.md"):
        code, out, err = run("brief", "export", "JAXA call", str(tmp_path / name))
        assert code == 0 and err == "" and "3 records" in out
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "brief.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Status on 1 June 2010: in force" in " ".join(text.split())
    assert "日本語のメモ、क्षेत्र" in text and "Contents" in text
    assert "日本語のメモ" in (tmp_path / "brief.md").read_text(encoding="utf-8")
