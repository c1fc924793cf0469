"""The build folder's layout and manifest, readable without SQLAlchemy.

The app's first window reads the manifest (data version, as-of date) from here,
so this module imports nothing heavy.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ijref.domain.errors import UserFacingError

if TYPE_CHECKING:  # records pull in the EDTF parser, which the first window need not wait for
    from ijref.domain.records import Record, Source

__all__ = [
    "CURRENT_FILE",
    "MANIFEST_FILE",
    "SCHEMA_VERSION",
    "BuildInfo",
    "CatalogDamagedError",
    "CatalogMissingError",
    "SourceInfo",
    "current_build",
    "read_manifest",
]

SCHEMA_VERSION = 5
CURRENT_FILE = "CURRENT"
MANIFEST_FILE = "manifest.json"


class CatalogMissingError(UserFacingError):
    """No usable build; the message says where it looked and what to run."""


class CatalogDamagedError(UserFacingError):
    """The catalog file fails as it is read (bit flips, a value that no longer parses)."""


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A source as the About box lists it: title, publisher and dates (EDTF text).

    Attributes:
        date: the date the source gives itself, "" when it gives none.
        covers: the latest event it mentions, "" when not recorded.
        short_name: what a citation calls it ("" where the title is used).
    """

    id: str
    title: str
    publisher: str = ""
    date: str = ""
    covers: str = ""
    short_name: str = ""

    @property
    def label(self) -> str:
        """The short name, else the title."""
        return self.short_name or self.title


@dataclass(frozen=True, slots=True)
class BuildInfo:
    """What a build holds: its content hash, counts, the data's as-of date and release.

    Attributes:
        pack: the data series (`ijref-data`), from `db/release.toml` or a data pack.
        version: the data's release number (0: unversioned); a data pack is
            installed only over a lower one.
    """

    content_hash: str
    schema: int
    records: int
    as_of: str
    sources: tuple[SourceInfo, ...]
    counts: dict[str, int] = field(default_factory=dict)
    pack: str = "ijref-data"
    version: int = 0

    @property
    def data_version(self) -> str:
        """A short id of the data, shown in the status bar and About box."""
        return self.content_hash[:12]

    @classmethod
    def for_records(
        cls,
        records: Sequence[Record],
        sources: Sequence[Source],
        digest: str,
        *,
        pack: str = "ijref-data",
        version: int = 0,
    ) -> BuildInfo:
        counts = Counter(r.kind.value for r in records)
        return cls(
            content_hash=digest,
            schema=SCHEMA_VERSION,
            records=len(records),
            as_of=max((s.date or s.covers for s in sources), default=""),
            sources=tuple(
                SourceInfo(s.id, s.title, s.publisher, s.date, s.covers, s.short_name)
                for s in sources
            ),
            counts=dict(sorted(counts.items())),
            pack=pack,
            version=version,
        )

    def meta(self) -> dict[str, str]:
        """The same facts as text, for the catalog's `meta` table."""
        return {
            "content_hash": self.content_hash,
            "schema": str(self.schema),
            "records": str(self.records),
            "as_of": self.as_of,
            "pack": self.pack,
            "version": str(self.version),
        }

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> BuildInfo:
        data = json.loads(text)
        data["sources"] = tuple(
            SourceInfo(**x) if isinstance(x, dict) else SourceInfo("", str(x))
            for x in data.get("sources", ())
        )
        return cls(**data)


def current_build(root: Path) -> Path:
    """The folder `CURRENT` names under `root`.

    Raises:
        CatalogMissingError: when there is no build, or it is incomplete.
    """
    pointer = root / CURRENT_FILE
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise CatalogMissingError(
            f"no catalog build in {root}; run `ijref build` to make one"
        ) from None
    except OSError as exc:
        raise CatalogMissingError(f"cannot read {pointer}: {exc.strerror}") from None
    folder = root / name
    if not name or "/" in name or not (folder / "catalog.sqlite").is_file():
        raise CatalogMissingError(
            f"the catalog build in {root} is incomplete; run `ijref build` again"
        )
    return folder


def read_manifest(build_dir: Path) -> BuildInfo:
    """The manifest of a build folder.

    Raises:
        CatalogMissingError: when it is missing, unreadable, or of another schema.
    """
    try:
        info = BuildInfo.from_json((build_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError) as exc:
        raise CatalogMissingError(
            f"the build manifest in {build_dir} is unreadable ({exc}); run `ijref build` again"
        ) from None
    if info.schema != SCHEMA_VERSION:
        # an older or newer layout would open and then fail at its first query
        raise CatalogMissingError(
            f"the catalog in {build_dir} has schema {info.schema}, this ijref reads "
            f"{SCHEMA_VERSION}; run `ijref build` again"
        )
    return info
