"""Which data release a records folder makes: `db/release.toml` (pack id and version)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ijref.domain.errors import UserFacingError

__all__ = ["PACK_ID_PATTERN", "RELEASE_FILE", "Release", "read_release"]

RELEASE_FILE = "release.toml"
PACK_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True, slots=True)
class Release:
    """A data series (`ijref-data`) and the version of its data; 0 means unversioned."""

    pack: str = "ijref-data"
    version: int = 0


def read_release(path: Path) -> Release:
    """The release named in `path`; an unversioned release when the file is missing.

    Raises:
        UserFacingError: the file is not `pack = "…"`, `version = N`.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Release()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserFacingError(f"cannot read {path} ({exc}); fix the file") from None
    pack, version = data.get("pack"), data.get("version")
    if (
        set(data) - {"pack", "version"}
        or not isinstance(pack, str)
        or not PACK_ID_PATTERN.match(pack)
        or not isinstance(version, int)
        or isinstance(version, bool)
        or version < 0
    ):
        raise UserFacingError(
            f'{path} must hold pack = "ijref-data" (lower case, digits, -) and version = N '
            "(a whole number ≥ 0); fix it"
        )
    return Release(pack, version)
