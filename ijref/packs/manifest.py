"""A data pack's manifest: what the pack holds, signed as one JSON file.

The signature covers the manifest's exact bytes, and the manifest holds the
SHA-256 and size of every other file in the pack, so a checked manifest vouches
for the whole pack.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ijref.catalog.release import PACK_ID_PATTERN

__all__ = [
    "FORMAT",
    "FileEntry",
    "Manifest",
    "ManifestError",
    "SourceEntry",
]

# The container's format; a pack of a higher one needs a newer ijref.
FORMAT = 1
# Bounds a hostile manifest cannot get past (the pack reader enforces them too).
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_FILES = 2000

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=500)]
DateText = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class ManifestError(ValueError):
    """The manifest's JSON is malformed or lacks what a pack needs."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FileEntry(_Strict):
    """One file of the pack: its SHA-256 and size in bytes."""

    sha256: Sha256
    size: Annotated[int, Field(ge=0, le=MAX_MEMBER_BYTES)]


class SourceEntry(_Strict):
    """A source the pack's records cite."""

    id: Text
    title: Text
    publisher: str = ""
    date: str = ""


class Manifest(_Strict):
    """What a pack holds and which data release it is.

    Attributes:
        records_schema: the catalog schema of the ijref that made the pack; an
            older ijref whose schema is lower may not read the records.
        replaces: old id → new id, for records whose id was renamed.
    """

    format: Literal[1]
    pack: Annotated[str, StringConstraints(pattern=PACK_ID_PATTERN.pattern)]
    version: Annotated[int, Field(ge=1, le=10**9)]
    created: DateText
    as_of: str
    records: Annotated[int, Field(ge=0)]
    records_schema: Annotated[int, Field(ge=1)]
    files: Annotated[dict[str, FileEntry], Field(max_length=MAX_FILES)]
    sources: list[SourceEntry] = []
    replaces: dict[str, str] = {}

    def to_bytes(self) -> bytes:
        """The manifest as signed: sorted, indented JSON, UTF-8."""
        text = json.dumps(self.model_dump(), indent=2, sort_keys=True, ensure_ascii=False)
        return (text + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        """Parse a manifest.

        Raises:
            ManifestError: with the first problem, in a few words.
        """
        try:
            raw = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ManifestError(f"it is not JSON ({exc})") from None
        if isinstance(raw, dict) and isinstance(raw.get("format"), int) and raw["format"] > FORMAT:
            raise ManifestError(f"it is of pack format {raw['format']}")
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(manifest)"
            raise ManifestError(f"{where}: {first['msg']}") from None

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files.values())

    def trusted_comment(self) -> str:
        """The signature's trusted comment (shown by `minisign -V`)."""
        return (
            f"ijref data pack {self.pack} version {self.version}, "
            f"data as of {self.as_of or 'unknown'}, made {self.created}"
        )

    @property
    def created_date(self) -> dt.date:
        return dt.date.fromisoformat(self.created)
