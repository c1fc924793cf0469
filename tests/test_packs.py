"""Signed data packs: made, verified (also by the real `minisign`), installed, compared, undone."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest

from ijref.app import build_catalog as build
from ijref.catalog.recordfile import load_records
from ijref.catalog.release import Release
from ijref.catalog.store import Catalog
from ijref.cli.main import main
from ijref.packs import minisign
from ijref.packs.diff import paragraph
from ijref.packs.errors import PackError
from ijref.packs.install import install_pack, rollback
from ijref.packs.keys import trusted_keys
from ijref.packs.location import INSTALLED, SHIPPED, active_data, packs_root
from ijref.packs.packfile import MANIFEST_NAME, SIGNATURE_NAME, read_pack
from ijref.userdata.store import UserStore
from tests.pack_support import (
    CHANGED,
    FIXTURE_RECORDS,
    NEW_EVENT,
    NEW_ID,
    OLD_ID,
    SOURCES,
    copy_records,
    make_pack,
    make_version_two,
    tree_digest,
    trusted,
)


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """The installer's data: the fixture records as release 1, read-only like an install folder."""
    root = tmp_path / "shipped"
    build(FIXTURE_RECORDS, root, release=Release("ijref-data", 1))
    return root


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "user"


@pytest.fixture
def v2(tmp_path: Path) -> Path:
    return make_version_two(copy_records(FIXTURE_RECORDS, tmp_path / "records-v2"))


def read_only(root: Path) -> None:
    for p in [root, *root.rglob("*")]:
        p.chmod(0o555 if p.is_dir() else 0o444)


def test_a_pack_is_signed_in_minisign_format_and_verifies(tmp_path: Path, v2: Path) -> None:
    key = minisign.SecretKey.generate()
    manifest = make_pack(v2, tmp_path / "v2.ijpack", key, 2)
    with zipfile.ZipFile(tmp_path / "v2.ijpack") as zf:
        names = set(zf.namelist())
    assert {MANIFEST_NAME, SIGNATURE_NAME, "aliases.toml", "records/space.toml"} <= names
    assert "sources/india-japan-st-cooperation-2020-12.txt" in names
    assert not any("index" in n or n.endswith(".sqlite") for n in names)  # never a built index
    assert manifest.replaces == {OLD_ID: NEW_ID}
    assert manifest.version == 2
    assert manifest.records == len(load_records(v2).records)
    from ijref.packs.keys import TrustedKey

    pack = read_pack(tmp_path / "v2.ijpack", [TrustedKey(key.public, "test", tmp_path)])
    assert pack.manifest == manifest
    assert "records/space.toml" in pack.files


@pytest.mark.skipif(shutil.which("minisign") is None, reason="the minisign tool is not installed")
def test_the_minisign_tool_verifies_a_pack_and_signs_with_our_keys(
    tmp_path: Path, v2: Path
) -> None:
    key = minisign.SecretKey.generate()
    make_pack(v2, tmp_path / "v2.ijpack", key, 2)
    with zipfile.ZipFile(tmp_path / "v2.ijpack") as zf:
        zf.extract(MANIFEST_NAME, tmp_path)
        zf.extract(SIGNATURE_NAME, tmp_path)
    (tmp_path / "k.pub").write_text(key.public.to_text())
    ok = subprocess.run(
        ["minisign", "-Vm", str(tmp_path / MANIFEST_NAME), "-p", str(tmp_path / "k.pub")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "ijref data pack ijref-data version 2" in ok.stdout
    # and the other way: minisign signs with a key file ijref wrote; ijref checks it
    (tmp_path / "k.key").write_text(key.to_text())
    (tmp_path / "msg").write_bytes(b"any message")
    subprocess.run(
        ["minisign", "-S", "-s", str(tmp_path / "k.key"), "-m", str(tmp_path / "msg")],
        check=True,
        capture_output=True,
    )
    sig = minisign.parse_signature((tmp_path / "msg.minisig").read_text())
    minisign.verify(key.public, b"any message", sig)
    with pytest.raises(minisign.SignatureError):
        minisign.verify(key.public, b"another message", sig)


def test_keygen_never_writes_into_the_repository_and_never_overwrites(tmp_path: Path) -> None:
    from tests.pack_support import REPO_ROOT

    assert main(["pack", "keygen", str(REPO_ROOT / "leaked.key")]) == 2
    assert not (REPO_ROOT / "leaked.key").exists()
    assert main(["pack", "keygen", str(tmp_path / "k.key")]) == 0
    assert (tmp_path / "k.key").stat().st_mode & 0o077 == 0
    key = minisign.parse_secret_key((tmp_path / "k.key").read_text())
    assert minisign.parse_public_key((tmp_path / "k.pub").read_text()).raw == key.public.raw
    before = (tmp_path / "k.key").read_bytes()
    assert main(["pack", "keygen", str(tmp_path / "k.key")]) == 2
    assert (tmp_path / "k.key").read_bytes() == before


def test_the_project_key_ships_with_the_app_and_its_secret_half_does_not() -> None:
    from tests.pack_support import REPO_ROOT

    shipped_keys = [k for k in trusted_keys(Path("/nonexistent")) if k.origin.startswith("shipped")]
    assert len(shipped_keys) == 1
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in tracked:
        path = REPO_ROOT / name
        if path.is_file() and path.stat().st_size < 100_000:
            text = path.read_bytes()
            assert b"minisign secret key" not in text or name.endswith((".py", ".md")), name


def test_install_makes_the_pack_the_data_in_use_and_rollback_returns(
    tmp_path: Path, shipped: Path, data_dir: Path, v2: Path
) -> None:
    key = trusted(data_dir)
    make_pack(v2, tmp_path / "v2.ijpack", key, 2)
    read_only(shipped)
    before = tree_digest(shipped)
    seen: list[tuple[str, float]] = []

    result = install_pack(
        tmp_path / "v2.ijpack",
        shipped_root=shipped,
        data_dir=data_dir,
        progress=lambda s, f: seen.append((s, f)),
    )

    assert tree_digest(shipped) == before  # the install folder is never written
    active = active_data(shipped, data_dir)
    assert active.origin == INSTALLED and active.version == 2
    with Catalog.open(active.root) as catalog:
        assert catalog.get(NEW_EVENT) is not None
        assert catalog.get(OLD_ID) is None and catalog.get(NEW_ID) is not None
        assert catalog.renames() == {OLD_ID: NEW_ID}
    assert result.changes.summary == "1 new, 1 changed, 0 removed, 1 renamed"
    changed = result.changes.by_id()[CHANGED]
    assert [(f.label, f.old, f.new) for f in changed.fields] == [("Place", (), ("Tokyo",))]
    brief = (SOURCES / "india-japan-st-cooperation-2020-12.txt").read_text(encoding="utf-8")
    behind = changed.fields[0].sources[0]
    assert behind.text == paragraph(brief, 59) != ""  # the paragraph the record cites
    assert behind.citation.endswith("para. 59")
    assert result.renames == {OLD_ID: NEW_ID}
    fractions = [f for _s, f in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {s for s, _f in seen} >= {"Checking the signature", "Building the search index"}

    back = rollback(shipped, data_dir)
    assert back.active.origin == SHIPPED and back.active.version == 1
    assert back.renames == {NEW_ID: OLD_ID}
    assert tree_digest(shipped) == before


def test_notes_follow_a_renamed_record_and_come_back_on_rollback(
    tmp_path: Path, shipped: Path, data_dir: Path, v2: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = trusted(data_dir)
    make_pack(v2, tmp_path / "v2.ijpack", key, 2)
    with UserStore.open(data_dir) as store:
        note = store.add_note(OLD_ID, "Ask about the rover's payload mass.")
        other = store.add_note(OLD_ID, "Not for the briefing.")
        store.add_bookmark(OLD_ID, ["moon"])
        brief = store.briefings.create("JAXA call")
        store.briefings.add_records(brief.id, [CHANGED, OLD_ID])
        store.briefings.set_notes(brief.id, OLD_ID, "chosen", [note.uuid])
    args = ["--build-dir", str(shipped), "--data-dir", str(data_dir)]

    assert main([*args, "pack", "install", str(tmp_path / "v2.ijpack")]) == 0
    out = capsys.readouterr().out
    assert "1 new, 1 changed, 0 removed, 1 renamed" in out
    assert "4 of your notes, bookmarks and briefing items followed 1 renamed record(s)" in out
    with UserStore.open(data_dir) as store:
        assert sorted(n.id for n in store.notes(NEW_ID)) == sorted([note.id, other.id])
        assert store.notes(OLD_ID) == []
        assert store.bookmark(NEW_ID) is not None and store.bookmark(NEW_ID).tags == ("moon",)  # type: ignore[union-attr]
        assert store.search_notes("rover")[0].record_id == NEW_ID
        items = store.briefings.named("JAXA call").items
        assert [i.record_id for i in items] == [CHANGED, NEW_ID]  # the same place
        assert items[1].notes == "chosen" and items[1].note_uuids == (note.uuid,)

    assert main([*args, "pack", "rollback"]) == 0
    assert "returned from data version 2 to version 1" in capsys.readouterr().out
    with UserStore.open(data_dir) as store:
        assert sorted(n.id for n in store.notes(OLD_ID)) == sorted([note.id, other.id])
        assert store.is_bookmarked(OLD_ID) and not store.is_bookmarked(NEW_ID)
        items = store.briefings.named("JAXA call").items
        assert [i.record_id for i in items] == [CHANGED, OLD_ID]


def test_the_previous_data_stays_until_the_next_install(
    tmp_path: Path, shipped: Path, data_dir: Path, v2: Path
) -> None:
    key = trusted(data_dir)
    make_pack(v2, tmp_path / "v2.ijpack", key, 2)
    make_pack(v2, tmp_path / "v3.ijpack", key, 3)
    make_pack(v2, tmp_path / "v4.ijpack", key, 4)
    for name in ("v2", "v3", "v4"):
        install_pack(tmp_path / f"{name}.ijpack", shipped_root=shipped, data_dir=data_dir)
    kept = sorted(p.name.split("-")[0] for p in packs_root(data_dir).iterdir() if p.is_dir())
    assert kept == ["v3", "v4"]
    assert rollback(shipped, data_dir).active.version == 3
    with pytest.raises(PackError, match="no earlier data"):
        rollback(shipped, data_dir)  # v3's own previous (v2) is gone
    assert active_data(shipped, data_dir).version == 3


def test_a_newer_installer_wins_over_an_older_installed_pack(
    tmp_path: Path, shipped: Path, data_dir: Path, v2: Path
) -> None:
    key = trusted(data_dir)
    make_pack(v2, tmp_path / "v2.ijpack", key, 2)
    install_pack(tmp_path / "v2.ijpack", shipped_root=shipped, data_dir=data_dir)
    upgraded = tmp_path / "upgraded"
    build(v2, upgraded, release=Release("ijref-data", 3))
    assert active_data(upgraded, data_dir).origin == SHIPPED
    assert active_data(shipped, data_dir).origin == INSTALLED  # the old installer: the pack


def test_two_installs_at_once_are_kept_apart(
    tmp_path: Path, shipped: Path, data_dir: Path, v2: Path
) -> None:
    key = trusted(data_dir)
    make_pack(v2, tmp_path / "v2.ijpack", key, 2)
    root = packs_root(data_dir)
    root.mkdir(parents=True)
    other = sqlite3.connect(root / ".lock.sqlite", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process installing
    try:
        with pytest.raises(PackError, match="another data update is being installed"):
            install_pack(tmp_path / "v2.ijpack", shipped_root=shipped, data_dir=data_dir)
    finally:
        other.rollback()
        other.close()
    assert active_data(shipped, data_dir).origin == SHIPPED


def test_cli_reads_the_installed_data(
    tmp_path: Path, shipped: Path, data_dir: Path, v2: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = trusted(data_dir)
    make_pack(v2, tmp_path / "v2.ijpack", key, 2)
    args = ["--build-dir", str(shipped), "--data-dir", str(data_dir)]
    assert main([*args, "show", NEW_EVENT]) == 2
    capsys.readouterr()
    assert main([*args, "pack", "install", str(tmp_path / "v2.ijpack")]) == 0
    assert main([*args, "pack", "status", "--json"]) == 0
    capsys.readouterr()
    assert main([*args, "show", NEW_EVENT, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == NEW_EVENT
    assert main([*args, "search", "Second Space Dialogue", "--json"]) == 0
    assert NEW_EVENT in capsys.readouterr().out


def test_pack_diff_for_scripts(
    tmp_path: Path, data_dir: Path, v2: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = trusted(data_dir)
    make_pack(FIXTURE_RECORDS, tmp_path / "v1.ijpack", key, 1)
    make_pack(v2, tmp_path / "v2.ijpack", key, 2)
    argv = ["--data-dir", str(data_dir), "pack", "diff"]
    assert main([*argv, str(tmp_path / "v1.ijpack"), str(tmp_path / "v2.ijpack"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["summary"] == {"new": 1, "changed": 1, "renamed": 1, "removed": 0}
    by_id = {r["id"]: r for r in out["records"]}
    assert by_id[NEW_ID]["old_id"] == OLD_ID
    assert by_id[CHANGED]["fields"][0]["new"] == ["Tokyo"]
    assert {f["field"] for f in by_id[NEW_EVENT]["fields"]} >= {"title", "dates"}
    # records folders work too, and the text form says what changed
    assert main([*argv, str(FIXTURE_RECORDS), str(v2)]) == 0
    text = capsys.readouterr().out
    assert "1 new, 1 changed, 0 removed, 1 renamed" in text
    assert f"renamed  {NEW_ID} (was {OLD_ID})" in text
    assert "+ Tokyo" in text


def test_sources_folder_is_found(tmp_path: Path) -> None:
    assert (SOURCES / "india-japan-st-cooperation-2020-12.txt").is_file()


def test_a_rename_is_validated_like_any_other_reference(tmp_path: Path, v2: Path) -> None:
    space = v2 / "space.toml"
    text = space.read_text(encoding="utf-8")
    # the old id is still a record
    still = copy_records(v2, tmp_path / "still")
    (still / "space.toml").write_text(
        text.replace(f'replaces = ["{OLD_ID}"]', 'replaces = ["event/hope-meeting-11"]')
    )
    problems = [str(p) for p in load_records(still).problems]
    assert any("event/hope-meeting-11 is still a record" in p for p in problems), problems
    # two records claim the same old id
    twice = copy_records(v2, tmp_path / "twice")
    (twice / "space.toml").write_text(
        text.replace(f'id = "{NEW_EVENT}"\n', f'id = "{NEW_EVENT}"\nreplaces = ["{OLD_ID}"]\n')
    )
    problems = [str(p) for p in load_records(twice).problems]
    assert any(f"{OLD_ID} is also replaced by" in p for p in problems), problems


def test_what_changed_in_a_sourced_date_shows_each_value_and_the_fact_behind_it(
    tmp_path: Path,
) -> None:
    from ijref.packs.diff import CHANGED as CHANGED_KIND
    from ijref.packs.diff import compare, source_texts

    sourced = Path(__file__).parent / "fixtures" / "sourced_records"
    old_dir = copy_records(sourced, tmp_path / "old")
    sources = old_dir / "sources.toml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace(
            'numbering = "item"', 'numbering = "item"\nfile = "factsheets/embassy-tokyo-st-page.md"'
        ),
        encoding="utf-8",
    )
    new_dir = copy_records(old_dir, tmp_path / "new")
    framework = new_dir / "framework.toml"
    # a source's value drops out: only the brief's August and its plain 1985 remain
    framework.write_text(
        framework.read_text(encoding="utf-8").replace(
            '  { value = "1985-11", cite = [{ source = "source/embassy-tokyo-st-page", '
            "item = 8 }] },\n",
            "",
        ),
        encoding="utf-8",
    )
    old, new = load_records(old_dir), load_records(new_dir)
    assert not old.problems and not new.problems, (old.problems, new.problems)
    changes = compare(
        old.records,
        new.records,
        sources=new.sources,
        texts=source_texts(new.sources, SOURCES),
    )
    (change,) = changes.records
    assert (change.id, change.change) == ("agreement/iga-1985", CHANGED_KIND)
    (dates,) = change.fields
    assert dates.old[0] == "Signed: Aug 1985 or Nov 1985 (sources differ)"
    assert any("Nov 1985 — Embassy of India, Tokyo, item 8" in line for line in dates.old)
    assert dates.new[0].startswith("Signed: Aug 1985")
    assert "sources differ" not in dates.new[0]
    embassy = (SOURCES / "factsheets" / "embassy-tokyo-st-page.md").read_text(encoding="utf-8")
    said = {s.citation: s.text for s in dates.sources}
    assert any(text and text in embassy for text in said.values())


def test_a_reference_to_a_renamed_record_is_not_a_change(v2: Path) -> None:
    from dataclasses import replace

    from ijref.domain.records import Relation
    from ijref.packs.diff import compare

    def pointing(records: tuple, target: str) -> list:  # type: ignore[type-arg]
        return [
            replace(r, related=(*r.related, Relation("related", target)))
            if r.id == "event/space-dialogue-1"
            else r
            for r in records
        ]

    old = pointing(load_records(FIXTURE_RECORDS).records, OLD_ID)
    new = pointing(load_records(v2).records, NEW_ID)
    changes = compare(old, new)
    assert changes.summary == "1 new, 1 changed, 0 removed, 1 renamed"
    assert "event/space-dialogue-1" not in changes.by_id()
