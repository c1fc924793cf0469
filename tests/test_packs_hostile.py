"""Hostile and broken packs: each gets one line naming the problem, and nothing changes.

Every test installs into a user data folder over a shipped build and then checks
that the data in use, the data folder's packs and the shipped build are exactly
as they were.
"""

from __future__ import annotations

import json
import os
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from ijref.app import build_catalog as build
from ijref.catalog.release import Release
from ijref.cli.main import main
from ijref.packs import minisign
from ijref.packs.errors import PackError
from ijref.packs.install import install_pack
from ijref.packs.location import SHIPPED, active_data, packs_root
from ijref.packs.packfile import MANIFEST_NAME, SIGNATURE_NAME, write_members
from tests.pack_support import (
    FIXTURE_RECORDS,
    copy_records,
    make_pack,
    new_key,
    tree_digest,
    trusted,
)

Members = dict[str, bytes]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shipped")
    build(FIXTURE_RECORDS, root, release=Release("ijref-data", 1))
    return root


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "user"


@pytest.fixture
def key(data_dir: Path) -> minisign.SecretKey:
    return trusted(data_dir)


@pytest.fixture
def good(tmp_path: Path, key: minisign.SecretKey) -> Path:
    """A valid version-2 pack of the fixture records, signed with a trusted key."""
    out = tmp_path / "good.ijpack"
    make_pack(FIXTURE_RECORDS, out, key, 2)
    return out


def members(pack: Path) -> Members:
    with zipfile.ZipFile(pack) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def write_zip(out: Path, files: Members) -> Path:
    """A ZIP laid out as packs are, so the checks behind the layout check are reached."""
    write_members(out, files)
    return out


def resign(files: Members, key: minisign.SecretKey, edit: Callable[[dict], None]) -> Members:
    """Change the manifest with `edit`, then sign it again with `key`."""
    manifest = json.loads(files[MANIFEST_NAME])
    edit(manifest)
    body = json.dumps(manifest, indent=2, sort_keys=True).encode() + b"\n"
    return {
        **files,
        MANIFEST_NAME: body,
        SIGNATURE_NAME: minisign.sign(key, body, "resigned").encode(),
    }


def refused(pack: Path, shipped: Path, data_dir: Path, *wanted: str) -> str:
    """Install `pack`, expect one refusal line with `wanted` in it, and that nothing changed."""
    before = tree_digest(shipped)
    packs_before = tree_digest(packs_root(data_dir)) if packs_root(data_dir).exists() else ""
    with pytest.raises(PackError) as err:
        install_pack(pack, shipped_root=shipped, data_dir=data_dir)
    message = str(err.value)
    assert "\n" not in message and len(message) < 400, message
    for w in wanted:
        assert w in message, message
    assert tree_digest(shipped) == before
    assert active_data(shipped, data_dir).origin == SHIPPED
    if packs_root(data_dir).exists():
        leftovers = [p.name for p in packs_root(data_dir).iterdir() if p.name != ".lock.sqlite"]
        assert packs_before or leftovers == []
    return message


def test_a_good_pack_installs(good: Path, shipped: Path, data_dir: Path) -> None:
    install_pack(good, shipped_root=shipped, data_dir=data_dir)  # the baseline the others break
    assert active_data(shipped, data_dir).version == 2


def test_any_flipped_byte_is_refused(
    tmp_path: Path, shipped: Path, data_dir: Path, key: minisign.SecretKey
) -> None:
    small_sources = tmp_path / "sources"
    small_sources.mkdir()
    (small_sources / "india-japan-st-cooperation-2020-12.txt").write_text("A short text.\n")
    from ijref.packs.packfile import build_pack

    pack = tmp_path / "p.ijpack"
    build_pack(
        records_dir=FIXTURE_RECORDS,
        out=pack,
        key=key,
        version=2,
        pack_id="ijref-data",
        sources_dir=small_sources,
    )
    data = pack.read_bytes()
    with zipfile.ZipFile(pack) as zf:
        infos = zf.infolist()
    # every byte of the ZIP's structure, and a sample of the compressed data between
    structure: set[int] = set(range(len(data) - 200, len(data)))
    cd_start = max(i.header_offset + 30 + len(i.filename) + i.compress_size for i in infos)
    structure |= set(range(cd_start, len(data)))
    for i in infos:
        structure |= set(range(i.header_offset, i.header_offset + 30 + len(i.filename)))
    sample = structure | set(range(0, len(data), 37))
    rng = random.Random(16)
    bad = tmp_path / "bad.ijpack"
    for pos in sorted(sample):
        flipped = bytearray(data)
        flipped[pos] ^= 1 << rng.randrange(8)
        bad.write_bytes(bytes(flipped))
        with pytest.raises(PackError):
            install_pack(bad, shipped_root=shipped, data_dir=data_dir)
    assert active_data(shipped, data_dir).origin == SHIPPED
    assert not (packs_root(data_dir) / "CURRENT").exists()


def test_a_zip_made_another_way_is_refused(
    tmp_path: Path, good: Path, shipped: Path, data_dir: Path
) -> None:
    # the same members, written by an ordinary ZIP writer (times, another order): not a pack
    with zipfile.ZipFile(tmp_path / "x.ijpack", "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(members(good).items(), reverse=True):
            zf.writestr(name, data)
    refused(tmp_path / "x.ijpack", shipped, data_dir, "not laid out as in a data pack")
    data = good.read_bytes()
    (tmp_path / "tail.ijpack").write_bytes(data + b"extra bytes after the end")
    refused(tmp_path / "tail.ijpack", shipped, data_dir, "damaged")


def test_a_changed_manifest_fails_the_signature(
    tmp_path: Path, good: Path, shipped: Path, data_dir: Path
) -> None:
    files = members(good)
    manifest = json.loads(files[MANIFEST_NAME])
    manifest["version"] = 99
    files[MANIFEST_NAME] = json.dumps(manifest, indent=2, sort_keys=True).encode() + b"\n"
    pack = write_zip(tmp_path / "x.ijpack", files)
    refused(pack, shipped, data_dir, "signature does not match")


def test_a_missing_signature(tmp_path: Path, good: Path, shipped: Path, data_dir: Path) -> None:
    files = members(good)
    del files[SIGNATURE_NAME]
    refused(write_zip(tmp_path / "x.ijpack", files), shipped, data_dir, "not signed")


def test_a_malformed_signature(tmp_path: Path, good: Path, shipped: Path, data_dir: Path) -> None:
    files = {**members(good), SIGNATURE_NAME: b"untrusted comment: x\nnot base64\n"}
    refused(write_zip(tmp_path / "x.ijpack", files), shipped, data_dir, "signature is malformed")


def test_an_unknown_key(tmp_path: Path, shipped: Path, data_dir: Path) -> None:
    stranger = new_key()
    make_pack(FIXTURE_RECORDS, tmp_path / "x.ijpack", stranger, 2)
    message = refused(tmp_path / "x.ijpack", shipped, data_dir, stranger.public.id_hex)
    assert "does not trust" in message and "ijref pack trust" in message


def test_a_downgrade_or_the_same_version(
    tmp_path: Path, shipped: Path, data_dir: Path, key: minisign.SecretKey
) -> None:
    make_pack(FIXTURE_RECORDS, tmp_path / "same.ijpack", key, 1)
    refused(tmp_path / "same.ijpack", shipped, data_dir, "version 1", "same data")
    make_pack(FIXTURE_RECORDS, tmp_path / "v3.ijpack", key, 3)
    make_pack(FIXTURE_RECORDS, tmp_path / "v2.ijpack", key, 2)
    install_pack(tmp_path / "v3.ijpack", shipped_root=shipped, data_dir=data_dir)
    before = tree_digest(packs_root(data_dir))
    with pytest.raises(PackError, match="you have version 3 already, so it would install older"):
        install_pack(tmp_path / "v2.ijpack", shipped_root=shipped, data_dir=data_dir)
    assert tree_digest(packs_root(data_dir)) == before
    assert active_data(shipped, data_dir).version == 3


@pytest.mark.parametrize("keep", [0.5, 0.99, 0.0])
def test_a_truncated_or_empty_file(
    tmp_path: Path, good: Path, shipped: Path, data_dir: Path, keep: float
) -> None:
    data = good.read_bytes()
    cut = tmp_path / "cut.ijpack"
    cut.write_bytes(data[: int(len(data) * keep)])
    refused(cut, shipped, data_dir, "cut.ijpack")


def test_a_member_path_that_escapes(
    tmp_path: Path, good: Path, shipped: Path, data_dir: Path, key: minisign.SecretKey
) -> None:
    for evil in ("../evil.toml", "records/../../evil.toml", "/etc/evil.toml", "records\\x.toml"):
        files = {**members(good), evil: b"x = 1\n"}
        files = resign(
            files, key, lambda m, e=evil: m["files"].update({e: m["files"]["records/space.toml"]})
        )
        message = refused(write_zip(tmp_path / "x.ijpack", files), shipped, data_dir, "outside")
        assert "do not use it" in message
    assert not (tmp_path / "evil.toml").exists() and not (tmp_path.parent / "evil.toml").exists()


def bomb(out: Path, files: Members, name: str, size: int) -> Path:
    """A ZIP whose member `name` deflates from `size` zero bytes to a few kilobytes."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for other, data in files.items():
            if other != name:
                zf.writestr(other, data)
        with zf.open(name, "w", force_zip64=True) as f:
            chunk = bytes(1 << 20)
            for _ in range(size >> 20):
                f.write(chunk)
    assert out.stat().st_size < size // 100
    return out


def test_a_compression_bomb_in_the_unsigned_manifest(
    tmp_path: Path, good: Path, shipped: Path, data_dir: Path
) -> None:
    pack = bomb(tmp_path / "bomb.ijpack", members(good), MANIFEST_NAME, 16 << 20)
    refused(pack, shipped, data_dir, "manifest.json would unpack to 16,777,216 bytes, more than")


def test_a_compression_bomb_among_the_records(
    tmp_path: Path, good: Path, shipped: Path, data_dir: Path
) -> None:
    pack = bomb(tmp_path / "bomb.ijpack", members(good), "records/space.toml", 80 << 20)
    refused(pack, shipped, data_dir, "records/space.toml would unpack to", "hostile")


def test_a_2_gb_file(tmp_path: Path, shipped: Path, data_dir: Path) -> None:
    huge = tmp_path / "huge.ijpack"
    with huge.open("wb") as f:
        f.truncate(2 * 1024**3)  # sparse: no disk used
    refused(huge, shipped, data_dir, "larger than any data pack")


def test_not_a_file(tmp_path: Path, shipped: Path, data_dir: Path) -> None:
    refused(tmp_path, shipped, data_dir, "is not a file")
    fifo = tmp_path / "fifo.ijpack"
    os.mkfifo(fifo)
    refused(fifo, shipped, data_dir, "is not a file")
    refused(tmp_path / "missing.ijpack", shipped, data_dir, "cannot read")


def _broken_records(tmp_path: Path, key: minisign.SecretKey, text: str) -> Path:
    records = copy_records(FIXTURE_RECORDS, tmp_path / "records")
    out = tmp_path / "broken.ijpack"
    make_pack(records, out, key, 2)
    files = members(out)
    files["records/space.toml"] = text.encode()
    data = files["records/space.toml"]

    def fix(m: dict) -> None:
        import hashlib

        m["files"]["records/space.toml"] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
        }

    return write_zip(out, resign(files, key, fix))


def test_malformed_records(
    tmp_path: Path, shipped: Path, data_dir: Path, key: minisign.SecretKey
) -> None:
    pack = _broken_records(tmp_path, key, "[[event]\nid = ")
    refused(pack, shipped, data_dir, "do not validate", "not valid TOML")


def test_invalid_records(
    tmp_path: Path, shipped: Path, data_dir: Path, key: minisign.SecretKey
) -> None:
    pack = _broken_records(
        tmp_path, key, '[[event]]\nid = "event/x"\ntitle = "X"\nsummary = "No source."\n'
    )
    refused(pack, shipped, data_dir, "do not validate", "citation")


def test_a_file_that_does_not_match_the_manifest(
    tmp_path: Path, good: Path, shipped: Path, data_dir: Path
) -> None:
    files = members(good)
    files["records/space.toml"] = files["records/space.toml"].replace(b"Delhi", b"Dhaka")
    pack = write_zip(tmp_path / "x.ijpack", files)
    refused(pack, shipped, data_dir, "records/space.toml does not match the signed manifest")


def test_a_file_the_manifest_does_not_list(
    tmp_path: Path, good: Path, shipped: Path, data_dir: Path
) -> None:
    files = {**members(good), "records/extra.toml": b""}
    refused(write_zip(tmp_path / "x.ijpack", files), shipped, data_dir, "does not list")


def test_a_missing_file(tmp_path: Path, good: Path, shipped: Path, data_dir: Path) -> None:
    files = members(good)
    del files["records/space.toml"]
    refused(write_zip(tmp_path / "x.ijpack", files), shipped, data_dir, "lacks", "truncated")


def test_a_pack_for_a_newer_ijref(
    tmp_path: Path, good: Path, shipped: Path, data_dir: Path, key: minisign.SecretKey
) -> None:
    files = resign(members(good), key, lambda m: m.update(records_schema=99))
    refused(write_zip(tmp_path / "x.ijpack", files), shipped, data_dir, "newer ijref")
    files = resign(members(good), key, lambda m: m.update(format=2))
    refused(write_zip(tmp_path / "y.ijpack", files), shipped, data_dir, "newer ijref")


def test_the_cli_says_one_line_and_exits_2(
    tmp_path: Path, good: Path, shipped: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad = tmp_path / "bad.ijpack"
    bad.write_bytes(bytes(data))
    args = ["--build-dir", str(shipped), "--data-dir", str(data_dir)]
    for command in (["pack", "install", str(bad)], ["pack", "verify", str(bad)]):
        assert main([*args, *command]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("ijref: bad.ijpack: "), err
        assert "Traceback" not in err
    assert active_data(shipped, data_dir).origin == SHIPPED
