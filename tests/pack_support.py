"""Helpers for the data-pack tests: throwaway keys, a second version of the records, packs.

Keys are made per test run and never written into the repository.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from ijref.packs import minisign
from ijref.packs.keys import trust_key
from ijref.packs.manifest import Manifest
from ijref.packs.packfile import build_pack

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURE_RECORDS = Path(__file__).parent / "fixtures" / "records"
SOURCES = REPO_ROOT.parent / "shared" / "sources"

CHANGED = "agreement/isro-jaxa-mou-2016"
NEW_EVENT = "event/space-dialogue-2"
OLD_ID = "programme/lupex-feasibility"
NEW_ID = "programme/lupex-joint-study"

SPACE = "Co-operation in Space Science and Technology"
NEW_EVENT_TOML = f"""
[[event]]
id = "{NEW_EVENT}"
title = "Second Japan-India Space Dialogue"
category = "meeting"
summary = "The second round of the bilateral space dialogue."
sectors = ["sector/space"]
dates = [{{ role = "held", date = "2019-10-03" }}]
related = [{{ type = "under", id = "{CHANGED}" }}]
citations = [{{ source = "source/dst-brief-2020-12", section = "{SPACE}", paragraph = 61 }}]
"""


def copy_records(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def make_version_two(records: Path) -> Path:
    """Edit a copy of records: one changed agreement, one new event, one renamed id.

    Works on the fixture records and on `db/records` alike (both hold these ids
    in `space.toml`).
    """
    for path in records.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        if OLD_ID in text:
            text = text.replace(f'"{OLD_ID}"', f'"{NEW_ID}"')
            text = text.replace(
                f'id = "{NEW_ID}"\n', f'id = "{NEW_ID}"\nreplaces = ["{OLD_ID}"]\n', 1
            )
        if f'id = "{CHANGED}"\n' in text:
            text = text.replace(f'id = "{CHANGED}"\n', f'id = "{CHANGED}"\nplace = "Tokyo"\n', 1)
            text += NEW_EVENT_TOML
        path.write_text(text, encoding="utf-8")
    return records


def new_key() -> minisign.SecretKey:
    return minisign.SecretKey.generate()


def trusted(data_dir: Path) -> minisign.SecretKey:
    """A new key, trusted in `data_dir` as an organisation's key would be."""
    key = new_key()
    trust_key(data_dir, key.public)
    return key


def make_pack(
    records: Path, out: Path, key: minisign.SecretKey, version: int, *, aliases: Path | None = None
) -> Manifest:
    return build_pack(
        records_dir=records,
        out=out,
        key=key,
        version=version,
        pack_id="ijref-data",
        aliases_file=aliases if aliases is not None else REPO_ROOT / "db" / "aliases.toml",
        sources_dir=SOURCES,
    )


def tree_digest(root: Path) -> str:
    """One hash of every file's path, mode and bytes under `root` (to prove nothing changed)."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        h.update(str(path.relative_to(root)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()
