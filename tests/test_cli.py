"""The command line: JSON shapes for scripts, one-line errors for people."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ijref.cli.main import main

FIXTURE_RECORDS = Path(__file__).parent / "fixtures" / "records"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_build_then_search_then_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(tmp_path / "build")
    code, out, _ = run(capsys, "--build-dir", root, "build", "--records", str(FIXTURE_RECORDS))
    assert code == 0 and "built 11 records" in out

    code, out, _ = run(capsys, "--build-dir", root, "search", "JAXA", "--json")
    hits = json.loads(out)
    assert code == 0 and hits
    assert {"id", "kind", "title", "sector", "score", "highlights"} <= set(hits[0])
    assert isinstance(hits[0]["sector"], list) and isinstance(hits[0]["score"], float)

    code, out, _ = run(capsys, "--build-dir", root, "show", hits[0]["id"], "--json")
    record = json.loads(out)
    assert code == 0
    for key in (
        "id",
        "kind",
        "title",
        "summary",
        "sectors",
        "dates",
        "parties",
        "figures",
        "related",
        "links",
        "citations",
        "notes",
    ):
        assert key in record, key


def test_show_json_shapes(fixture_build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "--build-dir",
        str(fixture_build),
        "show",
        "agreement/dgh-jogmec-mou-2007",
        "--json",
        "--as-of",
        "2022-01-01",
    )
    r = json.loads(out)
    assert code == 0
    assert r["dates"][0] == {"role": "signed", "date": "2007-02-16"}
    assert r["parties"][0] == {
        "id": "organization/dgh",
        "name": "Directorate General of Hydrocarbons",
        "short_name": "DGH",
        "country": "IN",
        "side": "India",
        "role": "",
    }
    assert r["status"]["status"] == "in force" and r["status"]["as_of"] == "2022-01-01"
    assert r["citations"] == [
        {
            "source": "source/dst-brief-2020-12",
            "section": "Cooperation in Earth and Marine Sciences & Technology",
            "paragraph": 56,
        }
    ]

    code, out, _ = run(
        capsys, "--build-dir", str(fixture_build), "show", "programme/lupex-feasibility", "--json"
    )
    p = json.loads(out)
    assert p["figures"] == [
        {"label": "working groups", "value": 3.0, "unit": "groups", "as_of": None}
    ]
    assert p["related"][0]["id"] == "agreement/isro-jaxa-mou-2016"

    code, out, _ = run(
        capsys, "--build-dir", str(fixture_build), "show", "organization/jaxa", "--json"
    )
    org = json.loads(out)
    assert (org["country"], org["short_name"]) == ("JP", "JAXA")


def test_list_timeline_stats(fixture_build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    b = str(fixture_build)
    _, out, _ = run(capsys, "--build-dir", b, "list", "--kind", "agreement", "--json")
    assert [r["id"] for r in json.loads(out)] == [
        "agreement/dgh-jogmec-mou-2007",
        "agreement/isro-jaxa-mou-2016",
    ]
    _, out, _ = run(capsys, "--build-dir", b, "list", "--sector", "space", "--json")
    assert {r["id"] for r in json.loads(out)} == {
        "agreement/isro-jaxa-mou-2016",
        "programme/lupex-feasibility",
        "event/space-dialogue-1",
        "organization/isro",
        "organization/jaxa",
    }
    _, out, _ = run(
        capsys, "--build-dir", b, "timeline", "--from", "2019", "--to", "2019", "--json"
    )
    assert [(e["date"], e["id"]) for e in json.loads(out)] == [
        ("2019-03-04/2019-03-08", "event/hope-meeting-11"),
        ("2019-03-08", "event/space-dialogue-1"),
    ]
    _, out, _ = run(capsys, "--build-dir", b, "timeline", "--json")
    dates = [e["date"] for e in json.loads(out)]
    assert dates == [
        "196X",
        "2007-02-16",
        "2012-02-15",
        "2016-11-11",
        "2017-12",
        "2019-03-04/2019-03-08",
        "2019-03-08",
    ]
    _, out, _ = run(capsys, "--build-dir", b, "stats", "--json")
    stats = json.loads(out)
    assert stats["kinds"]["organization"] == 4 and stats["total"] == 11
    assert stats["sectors"][0]["id"] == "sector/earth"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "agreement/nope"], "no record 'agreement/nope'; find ids with"),
        (["list", "--sector", "nope"], "no sector 'sector/nope'"),
        (["timeline", "--from", "last year"], "--from 'last year' is not an EDTF date"),
        (["timeline", "--from", "2020", "--to", "2010"], "--from 2020 is after --to 2010; swap"),
        (
            ["show", "agreement/isro-jaxa-mou-2016", "--as-of", "soon"],
            "--as-of 'soon' is not a date",
        ),
    ],
)
def test_user_errors_are_one_line_exit_2(
    fixture_build: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "--build-dir", str(fixture_build), *argv)
    assert code == 2 and out == ""
    assert err.startswith(f"ijref: {message}") and err.count("\n") == 1


def test_missing_build_is_one_line_in_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "IJREF_BUILD_DIR": str(tmp_path / "none")}
    proc = subprocess.run(
        [sys.executable, "-m", "ijref", "search", "JAXA", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"ijref: no catalog build in {tmp_path / 'none'}; run `ijref build` to make one"
    ]
    assert "Traceback" not in proc.stderr


def test_build_problems_exit_1_and_list_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "records"
    records.mkdir()
    (records / "sources.toml").write_text((FIXTURE_RECORDS / "sources.toml").read_text())
    (records / "x.toml").write_text(
        '[[event]]\nid = "event/x"\ntitle = "X"\nsummary = "s"\ncolour = "red"\n'
    )
    code, _out, err = run(
        capsys, "--build-dir", str(tmp_path / "b"), "build", "--records", str(records)
    )
    assert code == 1
    assert err.splitlines() == [
        "x.toml: event/x: citations: missing field",
        "x.toml: event/x: colour: unknown field",
        "ijref build: 2 problem(s); nothing was written",
    ]
    assert not (tmp_path / "b").exists() or not any((tmp_path / "b").iterdir())


def test_unwritable_export_is_one_line(
    fixture_build: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no such folder" / "notes.json"
    code, out, err = run(capsys, "--build-dir", str(fixture_build), "notes", "export", str(target))
    assert code == 2 and out == ""
    assert err.startswith(f"ijref: cannot write {target}") and err.count("\n") == 1


def test_os_errors_become_one_line(
    fixture_build: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ijref.cli import main as cli_main

    def broken(args: object) -> int:
        raise PermissionError(13, "Permission denied", "/some/file")

    monkeypatch.setattr(cli_main, "_run", broken)
    code, _, err = run(capsys, "--build-dir", str(fixture_build), "stats")
    assert code == 2
    assert err == (
        "ijref: cannot use /some/file (Permission denied); check the path and its permissions\n"
    )
