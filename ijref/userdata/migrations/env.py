"""Alembic environment: run on the connection `ijref.userdata.schema` hands over.

There is no alembic.ini and no URL here; the app passes its own open connection
in `config.attributes["connection"]`. Batch mode lets SQLite alter tables.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
