"""The schema revisions this ijref knows: every script in `migrations/versions`, read by Alembic.

Read from the scripts themselves, so a new migration is known as soon as it is
added; Alembic is imported only when the list is asked for.
"""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["MIGRATIONS_DIR", "known_revisions"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@functools.cache
def known_revisions() -> frozenset[str]:
    """Every revision id in the shipped Alembic history."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return frozenset(r.revision for r in script.walk_revisions())
