"""`ijref pack …`: make, check, install and undo signed data packs; compare two sets of records."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ijref.catalog.paths import records_dir, source_root
from ijref.cli.context import build_dir
from ijref.domain.errors import UserFacingError
from ijref.userdata.paths import data_dir

if TYPE_CHECKING:
    from ijref.domain.records import Record, Source
    from ijref.packs.diff import Changes

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pack = sub.add_parser(
        "pack", help="signed data packs: make, verify, install, roll back, compare"
    )
    psub = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)

    p = psub.add_parser("keygen", help="make a signing key (maintainers; keep it offline)")
    p.add_argument("key", type=Path, help="the secret key file to write (its .pub goes beside it)")
    p.set_defaults(func=keygen)

    p = psub.add_parser("build", help="make and sign a pack of db/records (maintainers)")
    p.add_argument("--key", type=Path, required=True, help="the secret key file")
    p.add_argument("--version", type=int, required=True, help="the data version (only goes up)")
    p.add_argument("out", type=Path, help="the .ijpack file to write")
    p.add_argument("--records", type=Path, help="record files folder (default: db/records)")
    p.add_argument("--aliases", type=Path, help="alias table (default: db/aliases.toml)")
    p.add_argument(
        "--sources", type=Path, help="folder of the source texts (default: ../shared/sources)"
    )
    p.add_argument("--pack-id", help="the data series (default: from db/release.toml)")
    p.set_defaults(func=build)

    p = psub.add_parser("verify", help="check a pack's signature and every file in it")
    p.add_argument("file", type=Path)
    p.add_argument("--key", type=Path, help="check against this public key file only")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=verify)

    p = psub.add_parser("install", help="install a data update into your data folder")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print what changed as JSON")
    p.add_argument(
        "--progress",
        action="store_true",
        help="print each step, then the result, as JSON lines (for a program watching)",
    )
    p.add_argument(
        "--no-follow",
        action="store_true",
        help="leave notes on renamed records to the caller (the app moves them itself)",
    )
    p.set_defaults(func=install)

    p = psub.add_parser("rollback", help="return to the data before the last install")
    p.set_defaults(func=rollback)

    p = psub.add_parser("status", help="which data is in use, and what it replaced")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=status)

    p = psub.add_parser("trust", help="trust your organisation's signing key (shows it first)")
    p.add_argument("keyfile", type=Path, help="the organisation's minisign .pub file")
    p.add_argument(
        "--yes",
        action="store_true",
        help="trust it without asking (check the fingerprint first)",
    )
    p.set_defaults(func=trust)

    p = psub.add_parser("untrust", help="stop trusting a key you added")
    p.add_argument("key_id", help="the key id `ijref pack keys` shows")
    p.set_defaults(func=untrust)

    p = psub.add_parser("keys", help="the keys packs may be signed with")
    p.set_defaults(func=keys)

    p = psub.add_parser("diff", help="what changed between two packs or record folders")
    p.add_argument("old", type=Path, help="a .ijpack file, a records folder or a build folder")
    p.add_argument("new", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=diff)


def _data(args: argparse.Namespace) -> Path:
    return data_dir(getattr(args, "data_dir", None))


# ------------------------------------------------------------------ maintainers
def keygen(args: argparse.Namespace) -> int:
    from ijref.packs.keys import generate_key_files

    key, public = generate_key_files(args.key)
    print(f"secret key: {args.key} (keep it offline; it must never enter the repository)")
    print(f"public key: {public}")
    print(f"key id {key.public.id_hex}, fingerprint {key.public.fingerprint}")
    return 0


def _default_sources() -> Path | None:
    found = source_root().parent / "shared" / "sources"
    return found if found.is_dir() else None


def build(args: argparse.Namespace) -> int:
    from ijref.catalog.builder import BuildError
    from ijref.catalog.release import PACK_ID_PATTERN, RELEASE_FILE, read_release
    from ijref.packs.keys import read_secret_key_file
    from ijref.packs.packfile import build_pack

    if args.version < 1:
        raise UserFacingError("--version must be a whole number ≥ 1")
    records = args.records or records_dir()
    release = read_release(records.parent / RELEASE_FILE)
    pack_id = args.pack_id or release.pack
    if not PACK_ID_PATTERN.match(pack_id):
        raise UserFacingError("--pack-id takes lower-case letters, digits and -")
    key = read_secret_key_file(args.key)
    aliases = args.aliases or records.parent / "aliases.toml"
    try:
        manifest = build_pack(
            records_dir=records,
            out=args.out,
            key=key,
            version=args.version,
            pack_id=pack_id,
            aliases_file=aliases,
            sources_dir=args.sources or _default_sources(),
        )
    except BuildError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"ijref pack: {len(exc.problems)} problem(s); no pack was written", file=sys.stderr)
        return 1
    print(
        f"wrote {args.out}: {manifest.pack} version {manifest.version}, {manifest.records} "
        f"records, data as of {manifest.as_of}, signed with key {key.public.id_hex}"
    )
    if manifest.version <= release.version:
        print(
            f"note: {RELEASE_FILE} says version {release.version}; users who have it will "
            "refuse this pack as not newer",
            file=sys.stderr,
        )
    return 0


# ------------------------------------------------------------------ users
def verify(args: argparse.Namespace) -> int:
    from ijref.packs.keys import TrustedKey, read_public_key_file, trusted_keys
    from ijref.packs.packfile import read_pack

    if args.key:
        keyring = [TrustedKey(read_public_key_file(args.key), "given", args.key)]
    else:
        keyring = trusted_keys(_data(args))
    pack = read_pack(args.file, keyring)
    m = pack.manifest
    if args.json:
        print(
            json.dumps(
                {
                    "file": str(args.file),
                    "pack": m.pack,
                    "version": m.version,
                    "created": m.created,
                    "as_of": m.as_of,
                    "records": m.records,
                    "files": len(m.files),
                    "key_id": pack.key.key.id_hex,
                    "key": pack.key.origin,
                    "replaces": m.replaces,
                },
                indent=2,
            )
        )
        return 0
    print(
        f"{args.file.name}: good signature by key {pack.key.key.id_hex} ({pack.key.origin}); "
        f"{len(m.files)} files match the manifest"
    )
    print(
        f"{m.pack} version {m.version}, {m.records} records, data as of {m.as_of}, made {m.created}"
    )
    return 0


def _follow(data: Path, renames: dict[str, str]) -> str:
    """Carry the user's notes and bookmarks over renamed ids; a line saying what happened."""
    if not renames:
        return ""
    from ijref.userdata.store import UserStore

    try:
        with UserStore.open(data) as store:
            moved = store.follow_renames(renames)
    except (UserFacingError, OSError) as exc:
        return (
            f"your notes could not be opened to follow {len(renames)} renamed record(s) ({exc}); "
            "ijref carries them over when it next opens them"
        )
    return (
        f"{moved} of your notes, bookmarks and briefing items followed "
        f"{len(renames)} renamed record(s)"
    )


def _progress_line(stage: str, fraction: float) -> None:
    print(json.dumps({"stage": stage, "fraction": round(fraction, 4)}), flush=True)


def install(args: argparse.Namespace) -> int:
    from ijref.packs.install import install_pack

    data = _data(args)
    result = install_pack(
        args.file,
        shipped_root=build_dir(args),
        data_dir=data,
        progress=_progress_line if args.progress else None,
    )
    followed = "" if args.no_follow else _follow(data, result.renames)
    if args.progress:
        done = {
            "version": result.pack.version,
            "previous_version": result.pack.previous_version,
            "summary": result.changes.summary,
            "renames": result.renames,
        }
        print(json.dumps({"result": done}), flush=True)
        return 0
    if args.json:
        out = result.changes.to_dict()
        out["installed"] = {"pack": result.pack.pack, "version": result.pack.version}
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    print(
        f"installed {result.pack.pack} version {result.pack.version} (data as of "
        f"{result.pack.as_of}) over version {result.pack.previous_version}: "
        f"{result.changes.summary}"
    )
    if followed:
        print(followed)
    print("`ijref pack rollback` returns to the data before it")
    return 0


def rollback(args: argparse.Namespace) -> int:
    from ijref.packs.install import rollback as undo

    data = _data(args)
    result = undo(build_dir(args), data)
    followed = _follow(data, result.renames)
    now = result.active
    where = "as shipped with ijref" if now.origin == "shipped" else "an installed pack"
    print(
        f"returned from data version {result.left_version} to version {now.version} "
        f"({where}, as of {now.info.as_of if now.info else 'unknown'})"
    )
    if followed:
        print(followed)
    return 0


def status(args: argparse.Namespace) -> int:
    from ijref.packs.location import active_data, previous_data

    data = _data(args)
    active = active_data(build_dir(args), data)
    back = previous_data(build_dir(args), data)
    info = active.info
    out = {
        "origin": active.origin,
        "pack": info.pack if info else None,
        "version": active.version,
        "as_of": info.as_of if info else None,
        "records": info.records if info else 0,
        "shipped_version": active.shipped.version if active.shipped else None,
        "can_roll_back_to": back[1].previous_version if back else None,
    }
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    where = "installed from a data pack" if active.origin == "installed" else "shipped with ijref"
    print(
        f"data version {active.version} ({where}), {out['records']} records, as of {out['as_of']}"
    )
    if back:
        print(f"`ijref pack rollback` returns to version {back[1].previous_version}")
    return 0


def _show_key(path: Path) -> None:
    from ijref.packs.keys import read_public_key_file

    key = read_public_key_file(path)
    print(f"key id       {key.id_hex}")
    print(f"fingerprint  {key.fingerprint}")
    if key.comment:
        print(f"comment      {key.comment}")


def trust(args: argparse.Namespace) -> int:
    from ijref.packs.keys import read_public_key_file, trust_key

    key = read_public_key_file(args.keyfile)
    _show_key(args.keyfile)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserFacingError(
                "compare the fingerprint above with the one your organisation gave you, "
                "then run again with --yes"
            )
        answer = input("Trust data packs signed with this key? Type yes: ").strip().lower()
        if answer != "yes":
            print("not trusted; nothing was changed")
            return 1
    path = trust_key(_data(args), key)
    print(f"trusted key {key.id_hex} ({path})")
    return 0


def untrust(args: argparse.Namespace) -> int:
    from ijref.packs.keys import untrust_key

    path = untrust_key(_data(args), args.key_id)
    print(f"no longer trusted: {path.stem}")
    return 0


def keys(args: argparse.Namespace) -> int:
    from ijref.packs.keys import trusted_keys

    found = trusted_keys(_data(args))
    if not found:
        print("no trusted keys: this ijref installs no data packs")
    for k in found:
        print(f"{k.key.id_hex}  {k.key.fingerprint}  ({k.origin})")
    return 0


# ------------------------------------------------------------------ diff
Side = tuple[list["Record"], list["Source"], int, Path | None]


def _side(path: Path, args: argparse.Namespace) -> Side:
    """Records, sources, version and the source-text folder of a pack, records or build folder."""
    from ijref.catalog.layout import CURRENT_FILE, read_manifest
    from ijref.catalog.recordfile import load_records
    from ijref.catalog.release import RELEASE_FILE, read_release
    from ijref.catalog.store import Catalog

    if path.is_file():
        return _pack_side(path, args)
    if (path / CURRENT_FILE).is_file() or (path / "catalog.sqlite").is_file():
        opened = (
            Catalog.open(path)
            if (path / CURRENT_FILE).is_file()
            else Catalog(path / "catalog.sqlite", read_manifest(path))
        )
        with opened as catalog:
            version: int = catalog.info.version
            return catalog.records(), catalog.sources(), version, None
    if path.is_dir():
        loaded = load_records(path)
        if loaded.problems:
            raise UserFacingError(
                f"{path} has {len(loaded.problems)} problem(s) (the first: {loaded.problems[0]}); "
                "run `ijref build --records` on it to see them all"
            )
        version = read_release(path.parent / RELEASE_FILE).version
        return list(loaded.records), list(loaded.sources), version, _default_sources()
    raise UserFacingError(f"{path} is neither a pack, a records folder nor a build folder")


def _pack_side(path: Path, args: argparse.Namespace) -> Side:
    import tempfile

    from ijref.catalog.recordfile import load_records
    from ijref.packs.keys import trusted_keys
    from ijref.packs.packfile import read_pack

    pack = read_pack(path, trusted_keys(_data(args)))
    tmp = Path(tempfile.mkdtemp(prefix="ijref-diff-"))
    args._cleanup.append(tmp)
    pack.write_to(tmp)
    loaded = load_records(tmp / "records")
    if loaded.problems:
        raise UserFacingError(
            f"{path.name} holds records that do not validate (the first: {loaded.problems[0]})"
        )
    return list(loaded.records), list(loaded.sources), pack.manifest.version, tmp / "sources"


def _print_changes(changes: Changes) -> None:
    print(f"version {changes.old_version} → {changes.new_version}: {changes.summary}")
    for c in changes.records:
        head = f"{c.change:8} {c.id}"
        if c.old_id:
            head += f" (was {c.old_id})"
        print(f"{head}  {c.title}")
        for f in c.fields:
            print(f"    {f.label}:")
            for line in f.old:
                if line not in f.new:
                    print(f"      - {line}")
            for line in f.new:
                if line not in f.old:
                    print(f"      + {line}")


def diff(args: argparse.Namespace) -> int:
    import shutil

    from ijref.packs.diff import compare, source_texts

    args._cleanup = []
    try:
        old, old_sources, old_version, _ = _side(args.old, args)
        new, new_sources, new_version, texts_dir = _side(args.new, args)
        texts = source_texts(new_sources, texts_dir) if texts_dir else {}
        changes = compare(
            old,
            new,
            old_version=old_version,
            new_version=new_version,
            sources=new_sources,
            old_sources=old_sources,
            texts=texts,
            with_new_fields=args.json,
        )
    finally:
        for tmp in args._cleanup:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(changes.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_changes(changes)
    return 0
