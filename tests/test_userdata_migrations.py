"""Schema migrations: an old, populated user database comes up to date with nothing lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from ijref.domain.errors import UserFacingError
from ijref.userdata import backups, schema
from ijref.userdata.models import Base
from ijref.userdata.revisions import known_revisions
from ijref.userdata.store import UserStore

UUID = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"


def _make_first_schema(db: Path) -> None:
    """A user database as the first release (schema 0001) left it, with data."""
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        schema.run_alembic(conn, "0001")
    engine.dispose()
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO notes (uuid, record_id, text, created_at, updated_at) VALUES (?,?,?,?,?)",
            (
                UUID,
                "agreement/dst-jst-mou-2006",
                "Written with version one.",
                "2024-01-02T03:04:05.000006+00:00",
                "2024-01-02T03:04:05.000006+00:00",
            ),
        )
        conn.execute(
            "INSERT INTO bookmarks (record_id, created_at) VALUES (?, ?)",
            ("organization/jaxa", "2024-01-02T03:04:05.000006+00:00"),
        )


def test_head_constant_matches_the_shipped_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    assert script.get_current_head() == schema.HEAD
    # Every script is a known revision (a backup of any of them can be restored).
    files = list((schema.MIGRATIONS_DIR / "versions").glob("0*.py"))
    assert len(known_revisions()) == len(files) and schema.HEAD in known_revisions()


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    with UserStore.open(tmp_path / "d"):
        pass
    engine = create_engine(f"sqlite:///{tmp_path / 'd' / 'user.sqlite'}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_first_schema_with_data_migrates_to_current(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    _make_first_schema(folder / "user.sqlite")
    with UserStore.open(folder) as store:
        (note,) = store.notes()
        assert (note.uuid, note.text) == (UUID, "Written with version one.")
        assert note.created_at.microsecond == 6
        assert [b.record_id for b in store.bookmarks()] == ["organization/jaxa"]
        # The new schema's feature works on the old data.
        assert store.set_tags("organization/jaxa", ["space"]).tags == ("space",)
        assert len(store.search_notes("version")) == 1
        taken = store.migration_backup
    # A numbered backup of the old file was taken first, and it still holds schema 0001.
    assert taken is not None and taken.name.startswith("pre-migration-")
    assert "-001-from-0001" in taken.name
    assert backups.integrity_ok(taken)
    with sqlite3.connect(taken) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT text FROM notes").fetchone() == ("Written with version one.",)
    # Opening again migrates nothing and takes no second pre-migration backup.
    with UserStore.open(folder) as store:
        assert store.migration_backup is None
    assert sum(b.kind == "pre-migration" for b in backups.list_backups(folder / "backups")) == 1


def test_database_from_a_newer_ijref_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    with UserStore.open(folder) as store:
        store.add_note(None, "keep me")
    with sqlite3.connect(folder / "user.sqlite") as conn:
        conn.execute("UPDATE alembic_version SET version_num='0099'")
    with pytest.raises(UserFacingError, match="newer ijref"):
        UserStore.open(folder)
    with sqlite3.connect(folder / "user.sqlite") as conn:
        assert conn.execute("SELECT text FROM notes").fetchall() == [("keep me",)]


def test_a_migration_that_fails_midway_leaves_the_old_schema_and_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    _make_first_schema(folder / "user.sqlite")
    real = schema.run_alembic

    def crash_after_migrating(conn, target):  # type: ignore[no-untyped-def]
        real(conn, target)
        raise OSError("power cut")

    monkeypatch.setattr(schema, "run_alembic", crash_after_migrating)
    with pytest.raises(OSError):
        UserStore.open(folder)
    with sqlite3.connect(folder / "user.sqlite") as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        tables = {t for (t,) in conn.execute("SELECT name FROM sqlite_master")}
        assert "bookmark_tags" not in tables
    monkeypatch.setattr(schema, "run_alembic", real)
    with UserStore.open(folder) as store:
        assert [n.text for n in store.notes()] == ["Written with version one."]
