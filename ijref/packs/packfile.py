"""The `.ijpack` file: a ZIP of records, aliases and source texts, with a signed manifest.

Layout inside the ZIP:

    manifest.json             what the pack is, and the SHA-256 of every file below
    manifest.json.minisig     minisign signature of manifest.json
    records/*.toml            the record files, as in `db/records/`
    aliases.toml              the curated alias table, as `db/aliases.toml`
    sources/…                 the text of each source the records cite

Never a built index: opening a Whoosh index unpickles its schema, so the app
builds its own from the records.

Reading treats the file as hostile until it is proven otherwise: its size is
checked before it is opened, every member name against a short list of allowed
forms, the signature against the trusted keys before any other member is read,
and each member is read only up to the size the signed manifest gives it (a
compression bomb stops there) and must match its SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import stat
import struct
import uuid
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ijref.catalog.layout import SCHEMA_VERSION
from ijref.catalog.recordfile import load_records
from ijref.packs import minisign
from ijref.packs.errors import PackError
from ijref.packs.keys import TrustedKey
from ijref.packs.manifest import (
    MAX_FILES,
    MAX_MEMBER_BYTES,
    FileEntry,
    Manifest,
    ManifestError,
    SourceEntry,
)

__all__ = [
    "ALIASES_NAME",
    "MANIFEST_NAME",
    "MAX_PACK_BYTES",
    "SIGNATURE_NAME",
    "SUFFIX",
    "VerifiedPack",
    "build_pack",
    "read_pack",
    "write_members",
]

SUFFIX = ".ijpack"
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.json.minisig"
ALIASES_NAME = "aliases.toml"
RECORDS_DIR = "records"
SOURCES_DIR = "sources"
# A pack of the shipped records is well under 1 MB and one of 10,000 synthetic
# records about 20 MB; anything far past that is not a data pack.
MAX_PACK_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MAX_SIGNATURE_BYTES = 16 * 1024
# Every member name must be one of these; `..`, absolute paths, backslashes,
# drive letters and hidden files cannot match.
_PART = r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}"
_ALLOWED = re.compile(
    rf"^(?:{re.escape(MANIFEST_NAME)}|{re.escape(SIGNATURE_NAME)}|{re.escape(ALIASES_NAME)}"
    rf"|{RECORDS_DIR}/{_PART}\.toml|{SOURCES_DIR}/(?:{_PART}/){{0,2}}{_PART})$"
)
# ZIP entries carry no meaningful time here; a fixed one makes equal input give equal files.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# What every entry of a pack says besides its name and data (checked when read).
_EXTERNAL_ATTR = 0o100644 << 16
_CREATE_SYSTEM = 3  # Unix, whatever system made the pack
_ZIP_VERSION = 20
_ZIP_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, with the DOS time 00:00:00
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s4B4H3L5H2L")
_EOCD = struct.Struct("<4s4H2LH")


@dataclass(frozen=True, slots=True)
class VerifiedPack:
    """A pack whose signature and every file checked out.

    Attributes:
        files: member name → content, every one listed in the manifest.
    """

    path: Path
    manifest: Manifest
    key: TrustedKey
    files: dict[str, bytes]

    def write_to(self, folder: Path) -> None:
        """Write the pack's files under `folder` (the names were checked when read)."""
        base = folder.resolve()
        for name, data in sorted(self.files.items()):
            dest = (folder / name).resolve()
            if not dest.is_relative_to(base):  # cannot happen after _check_names; cheap to be sure
                raise PackError(f"{self.path.name}: {name} would leave the pack's folder")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)


# ----------------------------------------------------------------- building
def _pack_files(
    records_dir: Path, aliases_file: Path | None, sources_dir: Path | None, wanted: Iterable[str]
) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for path in sorted(records_dir.glob("*.toml")):
        files[f"{RECORDS_DIR}/{path.name}"] = path.read_bytes()
    if aliases_file is not None and aliases_file.is_file():
        files[ALIASES_NAME] = aliases_file.read_bytes()
    for rel in sorted(set(wanted)):
        if sources_dir is None:
            raise PackError(
                f"the records cite the source text {rel}; give its folder with --sources DIR"
            )
        path = sources_dir / rel
        if not path.is_file():
            raise PackError(
                f"the source text {rel} is not in {sources_dir}; pass the folder with --sources DIR"
            )
        files[f"{SOURCES_DIR}/{Path(rel).as_posix()}"] = path.read_bytes()
    for name, data in files.items():
        if not _ALLOWED.match(name):
            raise PackError(f"{name} cannot go into a pack; name files with letters, digits, . - _")
        if len(data) > MAX_MEMBER_BYTES:
            raise PackError(f"{name} is larger than a pack allows ({MAX_MEMBER_BYTES} bytes)")
    return files


def build_pack(
    *,
    records_dir: Path,
    out: Path,
    key: minisign.SecretKey,
    version: int,
    pack_id: str,
    aliases_file: Path | None = None,
    sources_dir: Path | None = None,
    created: dt.date | None = None,
) -> Manifest:
    """Validate the records as `ijref build` does, then write and sign the pack `out`.

    Raises:
        BuildError: the records have problems (nothing is written).
        PackError: a source text is missing, or a file cannot go into a pack.
    """
    from ijref.catalog.builder import BuildError

    loaded = load_records(records_dir)
    if loaded.problems:
        raise BuildError(loaded.problems)
    files = _pack_files(
        records_dir, aliases_file, sources_dir, (s.file for s in loaded.sources if s.file)
    )
    replaces = {old: r.id for r in loaded.records for old in r.replaces}
    manifest = Manifest(
        format=1,
        pack=pack_id,
        version=version,
        created=(created or dt.date.today()).isoformat(),
        as_of=max((s.date or s.covers for s in loaded.sources), default=""),
        records=len(loaded.records),
        records_schema=SCHEMA_VERSION,
        files={
            name: FileEntry(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
            for name, data in sorted(files.items())
        },
        sources=[
            SourceEntry(id=s.id, title=s.title, publisher=s.publisher, date=s.date)
            for s in loaded.sources
        ],
        replaces=dict(sorted(replaces.items())),
    )
    body = manifest.to_bytes()
    signature = minisign.sign(key, body, manifest.trusted_comment())
    write_members(out, {MANIFEST_NAME: body, SIGNATURE_NAME: signature.encode("ascii"), **files})
    return manifest


def write_members(out: Path, members: Mapping[str, bytes]) -> None:
    """Write a pack's ZIP: manifest and signature first, then the rest by name, laid out
    as `read_pack` expects (stored, fixed time, no extras), through a temporary file.

    Members are stored, not compressed: then every byte of the file is structure
    that `read_pack` checks, or data under a CRC-32 and a SHA-256 or the signature,
    so any changed byte is found; and nothing can unpack to more than its size.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex}.tmp")
    first = [n for n in (MANIFEST_NAME, SIGNATURE_NAME) if n in members]
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
            for name in (*first, *sorted(set(members) - set(first))):
                info = zipfile.ZipInfo(name, _ZIP_TIME)
                info.compress_type = zipfile.ZIP_STORED
                info.external_attr = _EXTERNAL_ATTR
                info.create_system = _CREATE_SYSTEM
                zf.writestr(info, members[name])
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# ----------------------------------------------------------------- reading
class _Reader:
    """Reads one pack file, raising `PackError` with the pack's name for every problem."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name

    def fail(self, problem: str) -> PackError:
        return PackError(f"{self.name}: {problem}")

    def damaged(self, detail: str = "") -> PackError:
        why = f" ({detail})" if detail else ""
        return self.fail(
            f"the file is damaged or not an ijref data pack{why}; copy it again from its source"
        )

    def check_file(self) -> None:
        try:
            st = self.path.stat()
        except OSError as exc:
            raise PackError(
                f"cannot read {self.path} ({exc.strerror or exc}); check the path"
            ) from None
        if not stat.S_ISREG(st.st_mode):
            raise self.fail("is not a file; choose the .ijpack file itself")
        if st.st_size == 0:
            raise self.fail("the file is empty; copy the pack again from its source")
        if st.st_size > MAX_PACK_BYTES:
            raise self.fail(
                f"the file is {st.st_size / 2**20:,.0f} MB, larger than any data pack "
                f"({MAX_PACK_BYTES // 2**20} MB at most); it is not a data pack"
            )

    def check_names(self, infos: Sequence[zipfile.ZipInfo]) -> None:
        if len(infos) > MAX_FILES + 2:
            raise self.fail(f"it holds {len(infos)} files, more than a pack may; do not use it")
        seen: set[str] = set()
        for info in infos:
            name = info.filename
            if not _ALLOWED.match(name):
                shown = name.encode("unicode_escape").decode("ascii")[:120]
                raise self.fail(
                    f"it holds a file outside the pack's folders ({shown}); "
                    "it was not made by `ijref pack build` — do not use it"
                )
            folded = name.casefold()
            if folded in seen:  # two names one case-insensitive disk would merge
                raise self.fail(f"it holds {name} twice; do not use it")
            seen.add(folded)
            if info.flag_bits & 0x1:
                raise self.fail(f"{name} is encrypted; a data pack never is — do not use it")

    def check_sizes(self, infos: Sequence[zipfile.ZipInfo]) -> None:
        """No member may claim to unpack to more than a pack's file of its kind holds."""
        limits = {MANIFEST_NAME: MAX_MANIFEST_BYTES, SIGNATURE_NAME: MAX_SIGNATURE_BYTES}
        for info in infos:
            self.within(info, limits.get(info.filename, MAX_MEMBER_BYTES))
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise self.fail("it would unpack to more than a pack may hold; do not use it")

    def within(self, info: zipfile.ZipInfo, limit: int) -> None:
        if info.file_size > limit:
            raise self.fail(
                f"{info.filename} would unpack to {info.file_size:,} bytes, more than the "
                f"{limit:,} allowed; the pack is damaged or hostile — do not use it"
            )

    def check_layout(self, data: bytes, infos: Sequence[zipfile.ZipInfo]) -> None:
        """The ZIP must be laid out byte for byte as `write_members` writes it.

        Walking the raw bytes: stored members back to back from the first byte,
        each local header and each directory entry holding exactly the fields a
        pack's entries hold, then the directory, then its end record, then
        nothing. So no byte of the file escapes a check: a changed byte is found
        here, by a CRC-32, by a SHA-256 or by the signature.
        """
        offset = 0
        for info in infos:
            name = info.filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
            size = info.file_size
            fixed = (info.flag_bits & 0x800, 0, 0, _ZIP_DOS_DATE, info.CRC, size, size)
            want_local = (b"PK\x03\x04", _ZIP_VERSION, *fixed, len(name), 0)
            got_local = _LOCAL_HEADER.unpack_from(data, offset) if len(data) > offset + 30 else ()
            start = offset + _LOCAL_HEADER.size
            if got_local != want_local or data[start : start + len(name)] != name:
                raise self.damaged(f"{info.filename[:80]} is not laid out as in a data pack")
            offset = start + len(name) + size
        cd_start = offset
        for info in infos:
            name = info.filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
            size = info.file_size
            fixed = (info.flag_bits & 0x800, 0, 0, _ZIP_DOS_DATE, info.CRC, size, size)
            want = (
                b"PK\x01\x02",
                _ZIP_VERSION,
                _CREATE_SYSTEM,
                _ZIP_VERSION,
                0,
                *fixed,
                len(name),
                0,
                0,
                0,
                0,
                _EXTERNAL_ATTR,
                info.header_offset,
            )
            got = _CENTRAL.unpack_from(data, offset) if len(data) > offset + 46 else ()
            start = offset + _CENTRAL.size
            if got != want or data[start : start + len(name)] != name:
                raise self.damaged(
                    f"the table of contents entry of {info.filename[:80]} is changed"
                )
            offset = start + len(name)
        end = (b"PK\x05\x06", 0, 0, len(infos), len(infos), offset - cd_start, cd_start, 0)
        if len(data) != offset + _EOCD.size or _EOCD.unpack_from(data, offset) != end:
            raise self.damaged("the end of its table of contents is changed")

    def read_member(self, zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
        """A member's bytes, never more than `limit` of them decompressed."""
        try:
            info = zf.getinfo(name)
        except KeyError:
            raise self.damaged(f"{name} is missing") from None
        self.within(info, limit)
        try:
            with zf.open(info) as f:
                data = f.read(limit + 1)
        except Exception:  # a bad CRC, a broken stream, odd compression, a password
            raise self.damaged(f"{name} does not read back whole") from None
        if len(data) > limit:
            raise self.fail(
                f"{name} unpacks to more than the {limit:,} bytes it may hold; "
                "the pack is damaged or hostile — do not use it"
            )
        return data

    def key_for(self, signature: minisign.Signature, keys: Sequence[TrustedKey]) -> TrustedKey:
        for trusted in keys:
            if trusted.key.key_id == signature.key_id:
                return trusted
        raise self.fail(
            f"it is signed with key {signature.key_id_hex}, which this ijref does not trust; "
            "if your organisation made it, check the key's fingerprint and run "
            "`ijref pack trust KEYFILE`"
        )


def read_pack(path: Path, keys: Sequence[TrustedKey]) -> VerifiedPack:
    """Open `path` and check everything in it against its signed manifest.

    Raises:
        PackError: one line naming what is wrong and what to do; nothing was written.
    """
    reader = _Reader(path)
    reader.check_file()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackError(f"cannot read {path} ({exc.strerror or exc}); check the path") from None
    if len(data) > MAX_PACK_BYTES:  # it grew between the check and the read
        raise reader.fail("the file is larger than any data pack; it is not a data pack")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # hostile bytes make zipfile raise many kinds of error
        raise reader.damaged(str(exc)[:120]) from None
    with zf:
        infos = zf.infolist()
        reader.check_names(infos)
        reader.check_sizes(infos)
        reader.check_layout(data, infos)
        names = {i.filename for i in infos}
        if SIGNATURE_NAME not in names:
            raise reader.fail("it is not signed; use only signed packs from the maintainers")
        if MANIFEST_NAME not in names:
            raise reader.damaged("its manifest is missing")
        sig_bytes = reader.read_member(zf, SIGNATURE_NAME, MAX_SIGNATURE_BYTES)
        body = reader.read_member(zf, MANIFEST_NAME, MAX_MANIFEST_BYTES)
        try:
            signature = minisign.parse_signature(sig_bytes.decode("utf-8"))
        except (UnicodeDecodeError, minisign.KeyFormatError) as exc:
            raise reader.fail(
                f"its signature is malformed ({exc}); copy the pack again from its source"
            ) from None
        trusted = reader.key_for(signature, keys)
        try:
            minisign.verify(trusted.key, body, signature)
        except minisign.SignatureError:
            raise reader.fail(
                "its signature does not match its contents, so it was changed after it "
                "was signed; copy it again from its source"
            ) from None
        try:
            manifest = Manifest.from_bytes(body)
        except ManifestError as exc:
            if "pack format" in str(exc):
                raise reader.fail(f"{exc}, which needs a newer ijref; install it first") from None
            raise reader.fail(
                f"its signed manifest is not valid ({exc}); ask the maintainers for a new pack"
            ) from None
        if manifest.records_schema > SCHEMA_VERSION:
            raise reader.fail(
                f"its records are of schema {manifest.records_schema}, this ijref reads "
                f"{SCHEMA_VERSION}; install a newer ijref, then the pack"
            )
        return VerifiedPack(path, manifest, trusted, _checked_files(reader, zf, names, manifest))


def _checked_files(
    reader: _Reader, zf: zipfile.ZipFile, names: set[str], manifest: Manifest
) -> dict[str, bytes]:
    listed = set(manifest.files)
    present = names - {MANIFEST_NAME, SIGNATURE_NAME}
    if bad := sorted(n for n in listed if not _ALLOWED.match(n) or n.startswith("manifest.")):
        raise reader.fail(
            f"its manifest lists a file outside the pack's folders ({bad[0][:120]}); do not use it"
        )
    if extra := sorted(present - listed):
        raise reader.fail(
            f"it holds {extra[0]}, which its signed manifest does not list; it was changed "
            "after it was signed — copy it again from its source"
        )
    if missing := sorted(listed - present):
        raise reader.fail(
            f"it lacks {missing[0]}, which its manifest lists; the pack is truncated — "
            "copy it again from its source"
        )
    if manifest.total_bytes > MAX_TOTAL_BYTES:
        raise reader.fail(
            f"it would unpack to {manifest.total_bytes:,} bytes, more than a pack may; "
            "do not use it"
        )
    files: dict[str, bytes] = {}
    for name in sorted(listed):
        entry = manifest.files[name]
        data = reader.read_member(zf, name, entry.size)
        if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
            raise reader.fail(
                f"{name} does not match the signed manifest, so it was changed after the "
                "pack was signed; copy the pack again from its source"
            )
        files[name] = data
    if not any(n.startswith(f"{RECORDS_DIR}/") for n in files):
        raise reader.fail("it holds no record files; ask the maintainers for a complete pack")
    return files
