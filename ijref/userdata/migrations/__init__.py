"""Alembic migration scripts of the user database, run by `ijref.userdata.schema`."""
