"""Alembic environment: runs the migrations on the connection ``upgrade`` hands over."""

from __future__ import annotations

import importlib

from alembic import context

from dataward.store.base import Base

# Modules that define dataward's tables. Autogenerate compares the database against the
# models these register on Base.metadata; add yours when you add a table. They are imported
# only to draft a migration: upgrading runs the migration files alone, so the store never
# depends on the parts above it, and a broken part cannot stop the database from migrating.
MODEL_MODULES = (
    "dataward.audit.models",
    "dataward.holds.models",
    "dataward.retention.models",
    "dataward.consent.models",
    "dataward.requests.models",
    "dataward.staff.models",
    "dataward.web.models",
)

if context.config.attributes.get("with_models"):
    for module in MODEL_MODULES:
        importlib.import_module(module)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "dataward's migrations run in code: use dataward.store.upgrade(engine) or "
        "`dataward db upgrade`, not the alembic command"
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
