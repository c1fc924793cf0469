"""Trusting an organisation's own key (fingerprint first); a removed record's notes stay."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from ijref.app import build_catalog as build
from ijref.catalog.release import Release
from ijref.cli.main import main
from ijref.userdata.store import UserStore
from tests.pack_support import (
    FIXTURE_RECORDS,
    copy_records,
    make_pack,
    make_version_two,
    new_key,
    trusted,
)

REMOVED = "event/hope-meeting-11"


class _Terminal(io.StringIO):
    """Typed answers, from what looks like a person at a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    root = tmp_path / "shipped"
    build(FIXTURE_RECORDS, root, release=Release("ijref-data", 1))
    return root


@pytest.fixture
def cli(tmp_path: Path, shipped: Path) -> list[str]:
    return ["--build-dir", str(shipped), "--data-dir", str(tmp_path / "user")]


def test_an_organisations_key_is_trusted_only_after_its_fingerprint_is_shown(
    tmp_path: Path,
    cli: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    acme = new_key()
    pub = tmp_path / "acme.pub"
    pub.write_text(acme.public.to_text(), encoding="utf-8")
    pack = tmp_path / "acme-2.ijpack"
    v2 = make_version_two(copy_records(FIXTURE_RECORDS, tmp_path / "records-v2"))
    make_pack(v2, pack, acme, 2)

    assert main([*cli, "pack", "install", str(pack)]) == 2
    err = capsys.readouterr().err
    assert "does not trust" in err and "ijref pack trust" in err

    # run from a script: the fingerprint is shown, nothing is trusted without --yes
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main([*cli, "pack", "trust", str(pub)]) == 2
    out, err = capsys.readouterr()
    assert acme.public.fingerprint in out and acme.public.id_hex in out
    assert "--yes" in err and len(err.strip().splitlines()) == 1

    # a person who does not answer "yes" changes nothing
    monkeypatch.setattr("sys.stdin", _Terminal("no\n"))
    assert main([*cli, "pack", "trust", str(pub)]) == 1
    assert "nothing was changed" in capsys.readouterr().out
    assert main([*cli, "pack", "keys"]) == 0
    assert acme.public.id_hex not in capsys.readouterr().out

    monkeypatch.setattr("sys.stdin", _Terminal("yes\n"))
    assert main([*cli, "pack", "trust", str(pub)]) == 0
    assert f"trusted key {acme.public.id_hex}" in capsys.readouterr().out
    assert main([*cli, "pack", "keys"]) == 0
    listed = capsys.readouterr().out
    assert re.search(
        rf"{acme.public.id_hex}\s+{re.escape(acme.public.fingerprint)}\s+\(trusted by you\)", listed
    )

    assert main([*cli, "pack", "install", str(pack)]) == 0
    assert "installed ijref-data version 2" in capsys.readouterr().out

    assert main([*cli, "pack", "untrust", acme.public.id_hex.lower()]) == 0
    capsys.readouterr()
    assert main([*cli, "pack", "verify", str(pack)]) == 2
    assert "does not trust" in capsys.readouterr().err


def test_a_removed_records_notes_are_kept_as_orphans_and_return_with_it(
    tmp_path: Path, cli: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "user"
    key = trusted(data)
    records = copy_records(FIXTURE_RECORDS, tmp_path / "records-v2")
    space = records / "space.toml"
    text = space.read_text(encoding="utf-8")
    start = text.index(f'[[event]]\nid = "{REMOVED}"')
    end = text.find("\n[[", start + 1)
    space.write_text(text[:start] + (text[end + 1 :] if end != -1 else ""), encoding="utf-8")
    make_pack(records, tmp_path / "v2.ijpack", key, 2)
    with UserStore.open(data) as store:
        store.add_note(REMOVED, "Invite the HOPE alumni to the reception.")
        store.add_bookmark(REMOVED, ["alumni"])

    def orphaned() -> list[tuple[str, bool]]:
        assert main([*cli, "notes", "list", "--json"]) == 0
        return [(n["record_id"], n["orphaned"]) for n in json.loads(capsys.readouterr().out)]

    assert orphaned() == [(REMOVED, False)]
    assert main([*cli, "pack", "install", str(tmp_path / "v2.ijpack")]) == 0
    assert "0 new, 0 changed, 1 removed" in capsys.readouterr().out
    assert orphaned() == [(REMOVED, True)]  # kept, and said to be orphaned
    with UserStore.open(data) as store:
        assert [n.text for n in store.notes(REMOVED)] == [
            "Invite the HOPE alumni to the reception."
        ]
        assert store.is_bookmarked(REMOVED)

    assert main([*cli, "pack", "rollback"]) == 0
    capsys.readouterr()
    assert orphaned() == [(REMOVED, False)]
